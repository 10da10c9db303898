"""Batch grading benchmark: `quiz grade` on N synthetic submissions, against otter-grader.

Times, side by side in one run on this machine (medians over --repeat rounds; each round runs
every measurement once, interleaved, so that drift hits them all alike): `quiz --help`; one
submission end to end; the batch at N with --jobs 1 and --jobs 2 (total, per submission, and
marginal cost per submission); a fresh interpreter per submission on a sample of the files;
--cluster local:2; and, on --otter-n NumPy sigmoid files, quiz's batch and one-by-one runs
against `otter run` of the same files with equivalent tests (bench/otter_bench.py). Prints a
Markdown table of medians and ratios and writes it to --out.

    .venv/bin/python bench/run.py --n 100 --repeat 3 --otter-n 10 --out bench/results.md
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path[:0] = [str(ROOT), str(BENCH)]

import otter_bench  # noqa: E402
from grader.untrusted import clean_text  # noqa: E402
from make_submissions import Made, make_submissions  # noqa: E402
from report import Row, Verdict, machine_facts, render  # noqa: E402

SEED = "1"  # one seed for every quiz run: the same checks each round


class ProbeFailed(RuntimeError):
    """A timed command exited with a code that means it did not do the work."""


def quiz_command() -> list[str]:
    """The `quiz` console script of this interpreter's venv (else `python -m grader`)."""
    script = Path(sys.executable).with_name("quiz")
    return [str(script)] if script.exists() else [sys.executable, "-m", "grader"]


def run_timed(args: list[str], *, env: dict[str, str], cwd: Path = ROOT) -> tuple[float, int, str]:
    """Wall seconds, exit code and the end of stderr of one command (stdout to DEVNULL)."""
    with tempfile.TemporaryFile() as err:
        t0 = time.perf_counter()
        rc = subprocess.run(args, stdout=subprocess.DEVNULL, stderr=err, env=env, cwd=cwd).returncode
        seconds = time.perf_counter() - t0
        err.seek(0)
        tail = err.read()[-2000:].decode("utf-8", errors="replace")
    return seconds, rc, tail


def _failed(what: str, rc: int, tail: str) -> ProbeFailed:
    lines = [ln.strip() for ln in tail.splitlines() if ln.strip()]
    return ProbeFailed(f"{what} exited {rc}: {clean_text(' / '.join(lines[-3:]))[:400]}")


@dataclass
class Probe:
    """One measurement: `fn` runs it once and returns its wall seconds."""

    key: str
    fn: Callable[[], float]
    times: list[float] = field(default_factory=list)
    error: str | None = None

    def once(self) -> None:
        if self.error is None:
            try:
                self.times.append(self.fn())
            except ProbeFailed as exc:
                self.error = f"{self.key}: {exc}"

    @property
    def median(self) -> float | None:
        return statistics.median(self.times) if self.times and self.error is None else None


def batch_verdicts(results: Path) -> dict[str, str]:
    """File name -> "pass"/"fail"/other status, from a batch's results.json ({} if unreadable)."""
    try:
        subs = json.loads(results.read_text(encoding="utf-8"))["submissions"]
        return {Path(s["file"]).name: "pass" if s["passed"] else "fail" if s["status"] == "failed"
                else clean_text(str(s["status"])) for s in subs}
    except (OSError, ValueError, KeyError, TypeError):
        return {}


@dataclass(frozen=True)
class Workload:
    """The files and the environment that every probe of one run shares."""

    tmp: Path
    env: dict[str, str]
    batch: list[Made]
    sigmoid: list[Made]
    sample: list[Path]

    @property
    def one(self) -> Path:
        """The one-submission file: the first sigmoid file (also what otter grades)."""
        return self.sigmoid[0].path

    def grade_one(self) -> float:
        seconds, rc, tail = run_timed(quiz_command() + ["grade", str(self.one), "--seed", SEED, "--no-record"],
                                      env=self.env)
        if rc not in (0, 1):
            raise _failed(f"quiz grade {self.one.name}", rc, tail)
        return seconds

    def grade_dir(self, folder: str, out: str, *extra: str) -> Callable[[], float]:
        """A probe: `quiz grade tmp/folder --seed 1 EXTRA --out tmp/out`; the results must come."""
        def run() -> float:
            results = self.tmp / out
            results.unlink(missing_ok=True)
            args = quiz_command() + ["grade", str(self.tmp / folder), "--seed", SEED, *extra, "--out", str(results)]
            seconds, rc, tail = run_timed(args, env=self.env)
            if rc not in (0, 1) or not batch_verdicts(results):
                raise _failed(f"`quiz grade {folder} {shlex.join(extra)}` (no readable {out})", rc, tail)
            return seconds
        return run

    def one_by_one(self, paths: list[Path], codes: dict[str, int] | None = None) -> Callable[[], float]:
        """A probe: `quiz grade FILE --seed 1 --no-record` for each path in turn (exit codes to `codes`)."""
        def run() -> float:
            total = 0.0
            for p in paths:
                seconds, rc, tail = run_timed(quiz_command() + ["grade", str(p), "--seed", SEED, "--no-record"],
                                              env=self.env)
                if rc not in (0, 1):
                    raise _failed(f"quiz grade {p.name}", rc, tail)
                if codes is not None:
                    codes[p.name] = rc
                total += seconds
            return total
        return run

    def otter_each(self, autograder: Path, scores: dict[str, float | None]) -> Callable[[], float]:
        """A probe: `otter run` of each sigmoid file in turn (the scores it gave to `scores`)."""
        def run() -> float:
            total = 0.0
            for m in self.sigmoid:
                out = self.tmp / "otter-out" / m.path.stem
                out.mkdir(parents=True, exist_ok=True)
                (out / "results.json").unlink(missing_ok=True)
                seconds, rc, tail = run_timed(otter_bench.otter_run_command(autograder, m.path, out),
                                              env=otter_bench.otter_env(), cwd=self.tmp)
                scores[m.path.name] = otter_bench.otter_score(out)
                if rc != 0 or scores[m.path.name] is None:
                    raise _failed(f"otter run {m.path.name} (score: {scores[m.path.name]})", rc, tail)
                total += seconds
            return total
        return run


def _has_batch(env: dict[str, str]) -> bool:
    done = subprocess.run(quiz_command() + ["grade", "--help"], capture_output=True, text=True, env=env)
    return "--jobs" in done.stdout and "--cluster" in done.stdout


def _imports_distributed() -> bool:
    return subprocess.run([sys.executable, "-c", "import distributed"], capture_output=True).returncode == 0


def _sample(files: list[Path], k: int) -> list[Path]:
    """`k` files spread evenly over `files` (so every task of the cycle shows up)."""
    k = min(k, len(files))
    return [files[i * len(files) // k] for i in range(k)]


def _per(probe: Probe | None, n: int) -> float | None:
    return None if probe is None or probe.median is None else probe.median / n


def _marginal(batch: Probe | None, one: Probe | None, n: int) -> float | None:
    """(batch time - one-submission time) / (n - 1): what one more submission costs."""
    if batch is None or one is None or batch.median is None or one.median is None:
        return None
    return (batch.median - one.median) / (n - 1)


def _note(probe: Probe | None, note: str) -> str:
    return note if probe is not None and probe.error is None else "not measured (see notes)"


def table_rows(got: dict[str, Probe], w: Workload) -> list[Row]:
    """The table, from the probes' medians (a probe that is missing or failed gives an empty row)."""
    n, n_sig, k = len(w.batch), len(w.sigmoid), len(w.sample)
    one, j1, j2 = got.get("one"), got.get("j1"), got.get("j2")
    naive, cluster = got.get("naive"), got.get("cluster")
    sig_j1, sig_j2, sig_alone, otter = got.get("sig_j1"), got.get("sig_j2"), got.get("sig_alone"), got.get("otter")
    mixed = f"{len({m.task for m in w.batch})} tasks cycled, NumPy and torch, {sum(m.correct for m in w.batch)} correct"
    sig = f"NumPy sigmoid files, {sum(m.correct for m in w.sigmoid)} correct"
    marginal = "(batch − one submission) / (N − 1)"
    naive_per = _per(naive, k)
    return [
        Row("quiz --help", None, got["help"].median, None, _note(got["help"], "")),
        Row("quiz grade FILE --no-record: one sigmoid submission end to end", 1, one.median, one.median,
            _note(one, ""), vs_otter=True),
        Row("batch: quiz grade DIR --jobs 1", n, j1 and j1.median, _per(j1, n), _note(j1, mixed)),
        Row("batch: quiz grade DIR --jobs 2", n, j2 and j2.median, _per(j2, n), _note(j2, mixed)),
        Row("batch --jobs 1: marginal per submission", n, None, _marginal(j1, one, n), _note(j1, marginal)),
        Row("batch --jobs 2: marginal per submission", n, None, _marginal(j2, one, n), _note(j2, marginal)),
        Row("naive: quiz grade FILE, a fresh interpreter per submission", k, naive and naive.median, naive_per,
            _note(naive, f"timed on a sample of {k} of the N files, evenly spread; at N that is "
                         f"≈ {'–' if naive_per is None else f'{naive_per * n:.0f}'} s")),
        Row("batch: quiz grade DIR --cluster local:2", n, cluster and cluster.median, _per(cluster, n),
            _note(cluster, "includes starting the local Dask cluster")),
        Row("sigmoid files: quiz grade DIR --jobs 1", n_sig, sig_j1 and sig_j1.median, _per(sig_j1, n_sig),
            _note(sig_j1, sig), vs_otter=True),
        Row("sigmoid files: quiz grade DIR --jobs 2", n_sig, sig_j2 and sig_j2.median, _per(sig_j2, n_sig),
            _note(sig_j2, sig), vs_otter=True),
        Row("sigmoid files: --jobs 1, marginal per submission", n_sig, None, _marginal(sig_j1, one, n_sig),
            _note(sig_j1, marginal), vs_otter=True),
        Row("sigmoid files: --jobs 2, marginal per submission", n_sig, None, _marginal(sig_j2, one, n_sig),
            _note(sig_j2, marginal), vs_otter=True),
        Row("sigmoid files: quiz grade FILE, one by one", n_sig, sig_alone and sig_alone.median,
            _per(sig_alone, n_sig), _note(sig_alone, "a fresh interpreter per file"), vs_otter=True),
        Row("sigmoid files: otter run, one by one", n_sig, otter and otter.median, _per(otter, n_sig),
            _note(otter, "otter-grader 7.0.0: a Jupyter kernel per file"), vs_otter=True),
    ]


def verdicts(w: Workload, alone: dict[str, int],
             otter_scores: dict[str, float | None]) -> tuple[list[Verdict], list[str]]:
    """The sigmoid files' verdicts, and a note per batch on whether its verdicts match the files."""
    notes = []
    for label, name in (("--jobs 1", "results-j1.json"), ("--jobs 2", "results-j2.json"),
                        ("--cluster local:2", "results-cluster.json")):
        said = batch_verdicts(w.tmp / name)
        if said:
            off = [m.path.name for m in w.batch if said.get(m.path.name) != ("pass" if m.correct else "fail")]
            notes.append(f"batch {label}: {len(w.batch) - len(off)}/{len(w.batch)} verdicts as expected"
                         + (f"; not as expected: {', '.join(off[:10])}" if off else ""))
    sig_batch = batch_verdicts(w.tmp / "sigmoid-j2.json")
    return [Verdict(m.path.name, m.origin, m.correct, sig_batch.get(m.path.name, "?"),
                    {0: "pass", 1: "fail"}.get(alone.get(m.path.name, -1), "?"),
                    otter_scores.get(m.path.name)) for m in w.sigmoid], notes


def make_probes(w: Workload, *, has_batch: bool, has_cluster: bool, autograder: Path | None,
                alone: dict[str, int], otter_scores: dict[str, float | None]) -> list[Probe]:
    """The measurements, in the table's order (those that cannot run are left out).

    Args:
        alone: filled with each sigmoid file's exit code when graded alone.
        otter_scores: filled with each sigmoid file's otter score.
    """
    probes = [Probe("help", lambda: _help(w.env)), Probe("one", w.grade_one)]
    if has_batch:
        probes += [Probe("j1", w.grade_dir("batch", "results-j1.json", "--jobs", "1")),
                   Probe("j2", w.grade_dir("batch", "results-j2.json", "--jobs", "2"))]
    probes.append(Probe("naive", w.one_by_one(w.sample)))
    if has_cluster:
        probes.append(Probe("cluster", w.grade_dir("batch", "results-cluster.json", "--cluster", "local:2")))
    if has_batch:
        probes += [Probe("sig_j1", w.grade_dir("sigmoid", "sigmoid-j1.json", "--jobs", "1")),
                   Probe("sig_j2", w.grade_dir("sigmoid", "sigmoid-j2.json", "--jobs", "2"))]
    probes.append(Probe("sig_alone", w.one_by_one([m.path for m in w.sigmoid], alone)))
    if autograder is not None:
        probes.append(Probe("otter", w.otter_each(autograder, otter_scores)))
    return probes


def parse_args() -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=100, help="submissions in the batch (default 100)")
    ap.add_argument("--repeat", type=int, default=3, help="rounds; each figure is their median (default 3)")
    ap.add_argument("--otter-n", type=int, default=10, help="sigmoid files graded by otter and quiz (default 10)")
    ap.add_argument("--sample", type=int, default=20,
                    help="files timed one by one, a fresh interpreter each (default 20)")
    ap.add_argument("--seed", type=int, default=0, help="seed of the synthetic submissions (default 0)")
    ap.add_argument("--no-otter", action="store_true", help="leave otter-grader out")
    ap.add_argument("--out", type=Path, default=BENCH / "results.md", help="the Markdown file to write")
    args = ap.parse_args()
    for name, least in (("n", 2), ("otter_n", 2), ("repeat", 1), ("sample", 1)):
        if getattr(args, name) < least:
            ap.error(f"--{name.replace('_', '-')} must be at least {least}, got {getattr(args, name)}")
    return args


def main() -> None:
    args = parse_args()
    loads = [os.getloadavg()[0]]
    python = Path(sys.executable)
    shown = python.relative_to(ROOT).as_posix() if python.is_relative_to(ROOT) else str(python)
    command = shlex.join([shown, "bench/run.py"] + sys.argv[1:])
    notes: list[str] = []
    with tempfile.TemporaryDirectory(prefix="quiz-bench-") as tmp_name:
        tmp = Path(tmp_name)
        # A progress store and bank cache of the run's own: nothing of the user's is read or written.
        env = dict(os.environ, QUIZ_HOME=str(tmp / "home"), QUIZ_CACHE_DIR=str(tmp / "cache"))
        batch = make_submissions(args.n, tmp / "batch", seed=args.seed)
        w = Workload(tmp, env, batch,
                     make_submissions(args.otter_n, tmp / "sigmoid", seed=args.seed, tasks=("sigmoid",),
                                      frameworks=("numpy",)),
                     _sample([m.path for m in batch], args.sample))

        otter_version = autograder = None
        if args.no_otter:
            notes.append("otter-grader left out (--no-otter).")
        else:
            try:
                otter_version = otter_bench.ensure_otter(log=lambda s: print(s, file=sys.stderr))
                autograder = otter_bench.build_autograder(tmp / "otter")
            except otter_bench.OtterUnavailable as exc:
                notes.append(f"otter-grader not measured: {exc}")
        has_batch = _has_batch(env)
        if not has_batch:
            notes.append("`quiz grade --help` shows no --jobs/--cluster: batch grading has not landed.")
        has_cluster = has_batch and _imports_distributed()
        if has_batch and not has_cluster:
            notes.append("--cluster local:2 skipped: `import distributed` fails in this venv.")

        alone: dict[str, int] = {}
        otter_scores: dict[str, float | None] = {}
        probes = make_probes(w, has_batch=has_batch, has_cluster=has_cluster, autograder=autograder,
                             alone=alone, otter_scores=otter_scores)
        # Untimed warm-up: the bank cache, the page cache, otter's first kernel start.
        run_timed(quiz_command() + ["grade", str(w.one), "--seed", SEED, "--no-record"], env=env)
        if autograder is not None:
            (tmp / "otter-warm").mkdir()
            run_timed(otter_bench.otter_run_command(autograder, w.one, tmp / "otter-warm"),
                      env=otter_bench.otter_env(), cwd=tmp)
        for r in range(args.repeat):
            for p in probes:
                print(f"round {r + 1}/{args.repeat}: {p.key}", file=sys.stderr, flush=True)
                loads.append(os.getloadavg()[0])
                p.once()
        loads.append(os.getloadavg()[0])
        cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
        if max(loads) > 2 * cores:  # this run alone keeps about `cores` processes busy
            notes.append(f"The machine was shared: the 1-minute load average reached {max(loads):.1f} on "
                         f"{cores} cores (this run alone accounts for about {cores}), so these figures are "
                         "noisier than usual; rerun on a quiet machine before quoting ratios.")

        got = {p.key: p for p in probes}
        rows = table_rows(got, w)
        said, verdict_notes = verdicts(w, alone, otter_scores)
        notes += [p.error for p in probes if p.error] + verdict_notes

    j2, otter = got.get("j2"), got.get("otter")
    text = render(rows, facts=machine_facts(otter_version, loads), batch_per_s=_per(j2, args.n),
                  otter_per_s=_per(otter, args.otter_n), verdicts=said, notes=notes, command=command)
    print(text)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    print(f"wrote {args.out}", file=sys.stderr)


def _help(env: dict[str, str]) -> float:
    seconds, rc, tail = run_timed(quiz_command() + ["--help"], env=env)
    if rc != 0:
        raise _failed("quiz --help", rc, tail)
    return seconds


if __name__ == "__main__":
    main()
