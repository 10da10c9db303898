"""Per-submission cost of the sandbox: start a child, load a submission, call it once, close.

Run side by side against an earlier checkout (the same interpreter for both):

    git worktree add /tmp/quiz-before 2a6df31
    .venv/bin/python benchmarks/sandbox_spawn.py --before /tmp/quiz-before [--runs 20]

"before" starts a fresh sandboxed process per submission (the sandbox of 2a6df31, which
imports NumPy in every child); "after" forks each child from one warm zygote (started once,
outside the timing, as a batch of submissions would). Rounds alternate between the two so
machine noise hits both. Prints medians and the ratio after/before; `--json` for machines.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent

SOURCE = """
import numpy as np
def sigmoid(x):
    return 1 / (1 + np.exp(-x))
"""

# Runs inside the checkout under test: prints one JSON list of per-submission seconds.
_MEASURE = r"""
import json, sys, time
from grader import sandbox as sb
n, source = int(sys.argv[1]), sys.argv[2]
zygote = None
if hasattr(sb, "start_zygote"):
    zygote = sb.start_zygote(torch=False, cuda=False)
    zygote.wait_ready(60)
def one():
    box = sb.Sandbox(zygote=zygote) if zygote is not None else sb.Sandbox()
    box.start()
    resp, _ = box.request({"op": "load", "source": source}, [], 30)
    assert resp.get("ok"), resp
    box.close()
one()  # warm-up
times = []
for _ in range(n):
    t0 = time.perf_counter()
    one()
    times.append(time.perf_counter() - t0)
if zygote is not None:
    zygote.close()
print(json.dumps(times))
"""


def _measure(checkout: Path, n: int) -> list[float]:
    env = {**os.environ, "PYTHONPATH": str(checkout)}
    out = subprocess.run([sys.executable, "-c", _MEASURE, str(n), SOURCE], cwd=checkout, env=env,
                         capture_output=True, text=True, timeout=600)
    if out.returncode != 0:
        raise SystemExit(f"{checkout}: {out.stderr.strip()[-2000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--before", type=Path, required=True, help="checkout of the baseline commit")
    ap.add_argument("--after", type=Path, default=HERE, help="checkout to compare (default: this one)")
    ap.add_argument("--runs", type=int, default=20, help="submissions per round")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    results: dict[str, list[float]] = {"before": [], "after": []}
    for _ in range(args.rounds):
        for side in ("before", "after"):
            results[side] += _measure(getattr(args, side).resolve(), args.runs)
    med = {k: statistics.median(v) for k, v in results.items()}
    summary = {k: {"median_s": med[k], "min_s": min(v), "max_s": max(v), "n": len(v)}
               for k, v in results.items()}
    summary["ratio_after_over_before"] = med["after"] / med["before"]
    if args.json:
        print(json.dumps(summary, indent=1))
        return
    print(f"per submission: start a sandboxed child, load a file, close ({sys.platform}, "
          f"{os.cpu_count()} cores)")
    print(f"{'':8} {'median':>10} {'min':>10} {'max':>10} {'n':>5}")
    for k in ("before", "after"):
        s = summary[k]
        print(f"{k:8} {s['median_s'] * 1000:8.1f}ms {s['min_s'] * 1000:8.1f}ms "
              f"{s['max_s'] * 1000:8.1f}ms {s['n']:>5}")
    print(f"ratio after/before: {summary['ratio_after_over_before']:.3f} "
          f"({1 / summary['ratio_after_over_before']:.0f}x faster)")


if __name__ == "__main__":
    main()
