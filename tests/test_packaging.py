"""The wheel carries the banks, templates and solutions, so an installed copy works anywhere."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.slow
def test_wheel_ships_data_and_reference(tmp_path):
    r = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(ROOT)],
                       capture_output=True, text=True, timeout=600)
    if r.returncode != 0:
        pytest.skip(f"cannot build a wheel here: {r.stderr.strip().splitlines()[-1:]}")
    (wheel,) = tmp_path.glob("*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for bank in (ROOT / "questions").glob("*.yaml"):
        assert f"grader/_data/questions/{bank.name}" in names
    assert "grader/_data/questions/_schema.json" in names
    assert "grader/_data/templates/sheet.html.j2" in names and "grader/_data/templates/style.css" in names
    assert "grader/_data/solutions/conv2d.py" in names
    assert "reference_impl/formulas/cnn.py" in names and "grader/sandbox/_worker.py" in names
    assert not any(n.startswith("tests/") for n in names)
