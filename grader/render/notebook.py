"""Practice notebooks (nbformat): prompts as Markdown, a starter cell per task, a grading cell.

The grading cell writes the notebook's own code cells to a file and runs `quiz grade` on it;
`quiz grade` also accepts the finished notebook itself.
"""

from __future__ import annotations

from pathlib import Path

import nbformat

from ..banks import Bank
from ..errors import UsageError
from ..practice.starter import starter_source

__all__ = ["build_notebook", "write_notebook"]

_GRADE_CELL = '''# Grade this notebook's code (runs in a sandbox, not in this kernel; the grader itself
# skips this cell: there `__name__` is not "__main__").
import subprocess, sys
if __name__ == "__main__":
    subprocess.run([sys.executable, "-m", "grader", "grade", {path!r}] + {task_args!r})'''


def build_notebook(bank: Bank, path: Path, *, topics=(), task_ids=(), framework: str = "numpy",
                   lang: str = "en") -> nbformat.NotebookNode:
    tasks = bank.require_tasks(task_ids)
    if topics:
        chosen = bank.require_topics(topics)
        tasks += [t for t in bank.tasks.values() if t.topic in chosen and t.id not in task_ids]
    if not tasks:
        raise UsageError("choose coding tasks with --task ID or --topic T (see `quiz tasks`)")
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    title = {"en": "Deep-learning coding practice", "zh": "深度学习编程练习"}[lang]
    nb.cells.append(nbformat.v4.new_markdown_cell(f"# {title}\n\n" + "\n".join(
        f"- `{t.id}`: {getattr(t.title, lang)}" for t in tasks)))
    header = 'FRAMEWORK = "torch"\nimport torch' if framework == "torch" else "import numpy as np"
    nb.cells.append(nbformat.v4.new_code_cell(header))
    for t in tasks:
        fw = t.framework or framework
        nb.cells.append(nbformat.v4.new_markdown_cell(f"## {getattr(t.title, lang)} (`{t.id}`)\n\n"
                                                      + getattr(t.prompt, lang).strip()))
        code = starter_source(t, framework=fw, lang=lang)
        body = code[code.index('"""', 4) + 3:].strip()  # drop the docstring: the prompt is above
        body = "\n".join(l for l in body.splitlines()
                         if l.strip() not in ('FRAMEWORK = "torch"', "import torch", "import numpy as np"))
        nb.cells.append(nbformat.v4.new_code_cell(body.strip()))
    args = [a for t in tasks for a in ("--task", t.id)]
    nb.cells.append(nbformat.v4.new_markdown_cell({"en": "## Grade", "zh": "## 评分"}[lang]))
    nb.cells.append(nbformat.v4.new_code_cell(_GRADE_CELL.format(path=str(path.name), task_args=args)))
    return nb


def write_notebook(bank: Bank, output: Path, *, force: bool = False, **kw) -> Path:
    output = Path(output)
    if output.exists() and not force:
        raise UsageError(f"{output} exists; use --force to overwrite it")
    from ..atomic import write_atomic

    text = nbformat.writes(build_notebook(bank, output, **kw))
    return write_atomic(output, text if text.endswith("\n") else text + "\n")
