"""The README's catalogue of coding tasks is the one the banks define."""

from __future__ import annotations

import re
from pathlib import Path

README = Path(__file__).resolve().parent.parent / "README.md"
SECTION = re.compile(r"(<!-- tasks:begin -->\n)(.*?)(<!-- tasks:end -->)", re.S)


def test_the_readme_lists_every_task_of_the_banks(request):
    from grader.banks import bank_paths, load_bank_files
    from grader.render.catalogue import catalogue_markdown

    table = catalogue_markdown(load_bank_files(bank_paths()))
    text = README.read_text(encoding="utf-8")
    match = SECTION.search(text)
    assert match, "README.md lost its <!-- tasks:begin --> ... <!-- tasks:end --> markers"
    if request.config.getoption("--update-goldens"):
        README.write_text(SECTION.sub(lambda m: m.group(1) + table + m.group(3), text), encoding="utf-8")
        return
    assert match.group(2) == table, ("README.md's task table is stale: run "
                                     "`pytest tests/test_readme.py --update-goldens`")


def test_the_readme_points_only_at_files_in_the_repository():
    """It once pointed at a shared/TASKS.md that ships with no copy of the project."""
    text = README.read_text(encoding="utf-8")
    root = README.parent
    for target in re.findall(r"`((?:[\w.-]+/)+[\w.-]+\.(?:md|py|yaml|json|j2|toml))`", text):
        assert (root / target).exists() or any(root.glob(target)), f"README names {target}, which is not here"
    assert "every CUDA device" not in text
