"""Start-up cost of `quiz grade`: two checkouts side by side, runs interleaved.

Times, end to end, `python -m grader grade solutions/sigmoid.py --no-record --seed 1` (and
`grade --task softmax solutions/softmax.py` where both checkouts have it), and, inside one
process, the question bank alone: `import grader.banks`, `load_bank()` (all that grading
reads), and `load_bank()` with every question, topic and source (what practice and the
renderers read), with a warm cache and with an empty one. `python -c "import torch"` is
timed too, as the anchor of shared/BENCHMARKS.md.

Each checkout runs with cwd and PYTHONPATH set to it (so that its own `grader` is imported,
with this interpreter), a temporary QUIZ_HOME and its own temporary QUIZ_CACHE_DIR (and
XDG_CACHE_HOME, so that nothing touches your cache). After one warm-up run of each, the
runs alternate (before, after, before, after, ...) so that noise on the machine hits both;
the table gives median, min and max over --runs and the ratio of the medians after/before.

    git worktree add /tmp/quiz-before 2a6df31
    .venv/bin/python benchmarks/grade_startup.py --before /tmp/quiz-before
    .venv/bin/python benchmarks/grade_startup.py --before /tmp/quiz-before --runs 9 --json

Exit status 1 if any timed command failed (its times are then not comparable).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

GRADE_SIGMOID = ["grade", "solutions/sigmoid.py", "--no-record", "--seed", "1"]
GRADE_SOFTMAX = ["grade", "--task", "softmax", "solutions/softmax.py", "--no-record", "--seed", "1"]

# Run inside the checkout: seconds for the import, the tasks, and the whole bank.
BANK_PROBE = """
import json, time
t0 = time.perf_counter()
from grader.banks import load_bank
t1 = time.perf_counter()
bank = load_bank()
t2 = time.perf_counter()
sizes = len(bank.questions), len(bank.topics), len(bank.sources), len(bank.topic_points)
t3 = time.perf_counter()
print(json.dumps({"import": t1 - t0, "tasks": t2 - t1, "all": t3 - t1,
                  "n_tasks": len(bank.tasks), "n_questions": sizes[0]}))
"""


@dataclass
class Series:
    """The times of one measurement in one checkout."""

    times: list[float] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)

    def summary(self) -> dict:
        if not self.times:
            return {"median": None, "min": None, "max": None, "times": [], "failures": self.failures}
        return {"median": statistics.median(self.times), "min": min(self.times),
                "max": max(self.times), "times": self.times, "failures": self.failures}


@dataclass
class Checkout:
    label: str
    path: Path
    env: dict[str, str]

    def run(self, args: list[str], *, cache: Path | None = None) -> subprocess.CompletedProcess:
        env = dict(self.env)
        if cache is not None:
            env["QUIZ_CACHE_DIR"] = str(cache)
        return subprocess.run([sys.executable, *args], cwd=self.path, env=env, text=True,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def make_checkout(label: str, path: Path, tmp: Path) -> Checkout:
    path = path.resolve()
    if not (path / "grader" / "__init__.py").is_file():
        sys.exit(f"--{label} {path}: no grader package there")
    env = {k: v for k, v in os.environ.items() if not k.startswith("QUIZ_")}
    env.update(PYTHONPATH=str(path), QUIZ_HOME=str(tmp / f"home-{label}"),
               QUIZ_CACHE_DIR=str(tmp / f"cache-{label}"), XDG_CACHE_HOME=str(tmp / f"xdg-{label}"),
               COLUMNS="100")
    checkout = Checkout(label, path, env)
    found = checkout.run(["-c", "import grader; print(grader.__file__)"]).stdout.strip()
    if not found.startswith(str(path)):
        sys.exit(f"--{label} {path}: imports grader from {found!r}, not from the checkout")
    return checkout


def commit_of(path: Path) -> str:
    out = subprocess.run(["git", "-C", str(path), "rev-parse", "--short", "HEAD"],
                         capture_output=True, text=True)
    if out.returncode:
        return "?"
    dirty = subprocess.run(["git", "-C", str(path), "diff", "--quiet", "HEAD", "--"]).returncode
    return out.stdout.strip() + (" + uncommitted changes" if dirty else "")


def timed(checkout: Checkout, args: list[str], series: Series) -> None:
    t0 = time.perf_counter()
    proc = checkout.run(args)
    elapsed = time.perf_counter() - t0
    if proc.returncode:
        series.failures.append(f"exit {proc.returncode}: {(proc.stderr or proc.stdout)[-300:]}")
    else:
        series.times.append(elapsed)


def probed(checkout: Checkout, tmp: Path, cold: bool, out: dict[str, Series], run: int) -> None:
    cache = Path(tempfile.mkdtemp(prefix=f"cold-{checkout.label}-{run}-", dir=tmp)) if cold else None
    proc = checkout.run(["-c", BANK_PROBE], cache=cache)
    keys = ("import", "tasks", "all") if not cold else ("all",)
    try:
        values = json.loads(proc.stdout.strip().splitlines()[-1])
    except (IndexError, ValueError):
        for key in keys:
            out[key].failures.append(f"exit {proc.returncode}: {proc.stderr[-300:]}")
        return
    for key in keys:
        out[key].times.append(values[key])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--before", type=Path, required=True, help="checkout of the earlier commit")
    ap.add_argument("--after", type=Path, default=ROOT, help="checkout to compare (default: this one)")
    ap.add_argument("--runs", "-n", type=int, default=5, help="timed runs of each (after 1 warm-up)")
    ap.add_argument("--json", action="store_true", help="print one JSON object instead of a table")
    opts = ap.parse_args()

    with tempfile.TemporaryDirectory(prefix="grade-startup-") as tmp_name:
        tmp = Path(tmp_name)
        checkouts = [make_checkout("before", opts.before, tmp), make_checkout("after", opts.after, tmp)]
        has_probe = all(c.run(["-c", "from grader.banks import load_bank"]).returncode == 0
                        for c in checkouts)
        commands = {"quiz grade sigmoid.py (end to end)": GRADE_SIGMOID}
        if all((c.path / "solutions" / "softmax.py").is_file() for c in checkouts):
            commands["quiz grade --task softmax softmax.py"] = GRADE_SOFTMAX
        rows: dict[str, dict[str, Series]] = {
            name: {c.label: Series() for c in checkouts} for name in commands}
        bank_rows = {"bank: import grader.banks": "import", "bank: load_bank() (tasks)": "tasks",
                     "bank: load_bank() + questions": "all",
                     "bank: load_bank() + questions, cold cache": "all"} if has_probe else {}
        for name in bank_rows:
            rows[name] = {c.label: Series() for c in checkouts}
        torch_row = Series()

        for run in range(opts.runs + 1):  # run 0 warms the disk caches and is thrown away
            scratch = {name: {c.label: Series() for c in checkouts} for name in rows}
            t0 = time.perf_counter()
            subprocess.run([sys.executable, "-c", "import torch"], check=True)
            torch_s = time.perf_counter() - t0
            order = checkouts if run % 2 else checkouts[::-1]  # who goes first alternates too
            for name, args in commands.items():
                for c in order:
                    timed(c, ["-m", "grader", *args], scratch[name][c.label])
            if has_probe:
                for c in order:
                    warm = {"import": scratch["bank: import grader.banks"][c.label],
                            "tasks": scratch["bank: load_bank() (tasks)"][c.label],
                            "all": scratch["bank: load_bank() + questions"][c.label]}
                    probed(c, tmp, False, warm, run)
                cold_row = scratch["bank: load_bank() + questions, cold cache"]
                for c in order:
                    probed(c, tmp, True, {"all": cold_row[c.label]}, run)
            if run == 0:
                continue
            torch_row.times.append(torch_s)
            for name in rows:
                for label, series in scratch[name].items():
                    rows[name][label].times += series.times
                    rows[name][label].failures += series.failures

    result = {
        "runs": opts.runs, "python": platform.python_version(), "interpreter": sys.executable,
        "cpus": os.cpu_count(),
        "checkouts": {c.label: {"path": str(c.path), "commit": commit_of(c.path)} for c in checkouts},
        "import_torch": torch_row.summary(),
        "rows": [],
    }
    for name, by_label in rows.items():
        b, a = by_label["before"].summary(), by_label["after"].summary()
        ratio = a["median"] / b["median"] if a["median"] and b["median"] else None
        result["rows"].append({"name": name, "before": b, "after": a, "ratio": ratio})
    failed = any(r[k]["failures"] for r in result["rows"] for k in ("before", "after"))

    if opts.json:
        print(json.dumps(result, indent=1))
    else:
        print_table(result)
    sys.exit(1 if failed else 0)


def _ms(value: float | None) -> str:
    return "—" if value is None else f"{value * 1000:8.0f}"


def print_table(result: dict) -> None:
    for label, c in result["checkouts"].items():
        print(f"{label:7} {c['path']}  ({c['commit']})")
    t = result["import_torch"]
    print(f"python {result['python']}, {result['cpus']} CPUs; median of {result['runs']} runs after 1 "
          f"warm-up, interleaved; times in ms; `import torch`: {_ms(t['median']).strip()} ms "
          f"(min {_ms(t['min']).strip()}, max {_ms(t['max']).strip()})")
    head = f"{'':44}{'before':>26}{'after':>26}{'after/before':>14}"
    print(head)
    print(f"{'':44}" + f"{'median':>10}{'min':>8}{'max':>8}" * 2)
    for row in result["rows"]:
        b, a = row["before"], row["after"]
        ratio = "—" if row["ratio"] is None else f"{row['ratio']:.2f}"
        print(f"{row['name']:44}{_ms(b['median']):>10}{_ms(b['min']):>8}{_ms(b['max']):>8}"
              f"{_ms(a['median']):>10}{_ms(a['min']):>8}{_ms(a['max']):>8}{ratio:>14}")
        for label in ("before", "after"):
            for failure in row[label]["failures"][:2]:
                print(f"    {label} FAILED: {failure.strip().splitlines()[-1] if failure.strip() else failure}")


if __name__ == "__main__":
    main()
