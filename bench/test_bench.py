"""Quick checks of the benchmark's own parts (no grading, no otter): `pytest bench -q`."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from make_submissions import FIRST_TRANCHE, make_submissions, source_files  # noqa: E402
from report import Row, Verdict, render  # noqa: E402


def test_submissions_are_seeded_distinct_and_cycle(tmp_path: Path) -> None:
    a = make_submissions(30, tmp_path / "a", seed=7)
    b = make_submissions(30, tmp_path / "b", seed=7)
    assert [m.path.name for m in a] == [f"student_{i:03d}.py" for i in range(30)]
    assert [m.path.read_bytes() for m in a] == [m.path.read_bytes() for m in b]
    assert len({m.path.read_bytes() for m in a}) == 30
    assert [m.task for m in a] == [FIRST_TRANCHE[i % len(FIRST_TRANCHE)] for i in range(30)]
    assert sum(m.correct for m in a) == 18
    other = make_submissions(30, tmp_path / "c", seed=8)
    assert [m.path.read_bytes() for m in other] != [m.path.read_bytes() for m in a]


def test_each_file_is_its_origin_plus_one_comment_line(tmp_path: Path) -> None:
    root = Path(__file__).resolve().parent.parent
    for m in make_submissions(24, tmp_path, seed=0):
        origin = (root / m.origin).read_text(encoding="utf-8")
        text = m.path.read_text(encoding="utf-8")
        assert text.startswith(origin)
        added = text[len(origin):].strip().splitlines()
        assert len(added) == 1 and added[0].startswith("# benchmark submission")
        assert m.correct == m.origin.startswith("solutions/")
        assert m.framework == ("torch" if Path(m.origin).stem.endswith("_torch") else "numpy")


def test_advice_only_wrong_files_are_left_out() -> None:
    names = {s.path.name for s in source_files("sigmoid")}
    assert "sigmoid__naive_overflow.py" not in names
    assert "sigmoid__backward_sigma.py" in names
    numpy_only = source_files("sigmoid", frameworks=("numpy",))
    assert all(not s.path.stem.endswith("_torch") for s in numpy_only)


def test_bad_requests_are_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="n must be at least 1"):
        make_submissions(0, tmp_path)
    with pytest.raises(ValueError, match="dropout"):
        make_submissions(2, tmp_path, tasks=("dropout",), frameworks=("torch",))


def test_report_escapes_cells_and_shows_ratios() -> None:
    rows = [Row("batch", 10, 2.0, 0.2), Row("alone", 10, 10.0, 1.0, "a | b", vs_otter=True)]
    text = render(rows, facts=[("nproc", "2")], batch_per_s=0.2, otter_per_s=4.0,
                  verdicts=[Verdict("x|y.py", "solutions/sigmoid.py", True, "pass", "pass", 1.0)],
                  notes=["note"], command="bench/run.py")
    assert "| 5.00× | 4.00× |" in text
    assert "a \\| b" in text and "x\\|y.py" in text
    assert "1/1 agree" in text
