"""Wall times of the `quiz` command, measured side by side in one run.

Measures: `quiz --help`; grading a one-task file; grading every solution file one by one;
and the warm child against cold children: all twelve NumPy tasks in one file (one sandboxed
child, NumPy imported once) against the same tasks graded file by file (one child each).
Prints medians over --repeat runs and the ratios.

    python benchmarks/grade_times.py --repeat 3
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
QUIZ = [sys.executable, "-m", "grader"]


def timed(args: list[str]) -> float:
    t0 = time.perf_counter()
    subprocess.run(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT)
    return time.perf_counter() - t0


def median(args: list[str], repeat: int) -> float:
    return statistics.median(timed(args) for _ in range(repeat))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3)
    n = ap.parse_args().repeat
    sols = sorted((ROOT / "solutions").glob("*.py"))
    numpy_sols = [p for p in sols if not p.stem.endswith("_torch") and p.stem != "gan_step"]
    help_s = median(QUIZ + ["--help"], n)
    one_s = median(QUIZ + ["grade", "solutions/sigmoid.py", "--seed", "1"], n)
    all_s = statistics.median(sum(timed(QUIZ + ["grade", str(p), "--seed", "1"]) for p in sols)
                              for _ in range(n))
    with tempfile.TemporaryDirectory() as tmp:
        combined = Path(tmp) / "all_numpy.py"
        combined.write_text("\n\n".join(p.read_text() for p in numpy_sols))
        warm = median(QUIZ + ["grade", str(combined), "--seed", "1"], n)
    cold = statistics.median(sum(timed(QUIZ + ["grade", str(p), "--seed", "1"]) for p in numpy_sols)
                             for _ in range(n))
    print(f"quiz --help                              {help_s:7.2f} s")
    print(f"quiz grade, one task (sigmoid)           {one_s:7.2f} s")
    print(f"quiz grade, all {len(sols)} solution files    {all_s:7.2f} s")
    print(f"{len(numpy_sols)} NumPy tasks, one file (warm child)    {warm:7.2f} s")
    print(f"{len(numpy_sols)} NumPy tasks, one file each (cold)      {cold:7.2f} s")
    print(f"cold / warm                              {cold / warm:7.2f} ×")


if __name__ == "__main__":
    main()
