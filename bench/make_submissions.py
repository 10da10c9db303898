"""Synthetic submissions for the batch benchmark: N files that a class might hand in.

Each file is a copy of a known answer to one "first-tranche" coding task: a model solution
(`solutions/<task>.py`, `solutions/<task>_torch.py`) or a known-wrong file
(`tests/wrong/<task>__*.py`, NumPy and `_torch` variants; the few that
`tests/wrong/manifest*.yaml` marks `expect_check: advice` are skipped, since every value they
give is right and they pass). Files are named `student_NNN.py`, cycle over the tasks in order,
and about 60% are correct. Each ends with its own comment line, so that no two files are
byte-identical and no cache keyed on content can serve one from another. The same seed gives
the same files.

    python bench/make_submissions.py OUT_DIR --n 100 --seed 0
    python bench/make_submissions.py OUT_DIR --n 10 --task sigmoid --framework numpy
"""

from __future__ import annotations

import argparse
import random
from dataclasses import dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent

FIRST_TRANCHE = ("sigmoid", "softmax", "relu", "linear", "conv2d", "lstm_cell", "adam",
                 "sgd_momentum", "dropout", "softmax_cross_entropy", "mlp_backprop",
                 "l1_l2_penalty")

__all__ = ["FIRST_TRANCHE", "Made", "make_submissions", "source_files"]


@dataclass(frozen=True)
class Made:
    """One synthetic submission: where it was written and what it is a copy of."""

    path: Path
    task: str
    framework: str  # "numpy" or "torch"
    correct: bool
    origin: str  # the copied file, relative to the repository root


@dataclass(frozen=True)
class _Source:
    path: Path
    task: str
    framework: str
    correct: bool


def _framework(path: Path) -> str:
    return "torch" if path.stem.endswith("_torch") else "numpy"


def _advice_only(root: Path) -> set[str]:
    """Names of the known-wrong files whose fault is only shown as advice (they pass)."""
    names: set[str] = set()
    for manifest in sorted((root / "tests" / "wrong").glob("manifest*.yaml")):
        for entry in yaml.safe_load(manifest.read_text(encoding="utf-8")) or []:
            if entry.get("expect_check") == "advice":
                names.add(entry["file"])
    return names


def source_files(task: str, *, root: Path = ROOT,
                 frameworks: tuple[str, ...] = ("numpy", "torch")) -> list[_Source]:
    """The correct and known-wrong files of `task` in `frameworks`, in a fixed order.

    Raises:
        ValueError: `task` has no model solution or no known-wrong file in `frameworks`.
    """
    skip = _advice_only(root)
    correct = [p for p in (root / "solutions" / f"{task}.py", root / "solutions" / f"{task}_torch.py")
               if p.is_file()]
    wrong = [p for p in sorted((root / "tests" / "wrong").glob(f"{task}__*.py")) if p.name not in skip]
    found = [_Source(p, task, _framework(p), True) for p in correct]
    found += [_Source(p, task, _framework(p), False) for p in wrong]
    found = [s for s in found if s.framework in frameworks]
    kinds = {s.correct for s in found}
    if kinds != {True, False}:
        raise ValueError(f"task {task!r} needs a correct and a wrong file in {frameworks}; "
                         f"found {[s.path.name for s in found]}")
    return found


def make_submissions(n: int, out_dir: Path, *, seed: int = 0,
                     tasks: tuple[str, ...] = FIRST_TRANCHE,
                     frameworks: tuple[str, ...] = ("numpy", "torch"),
                     correct_share: float = 0.6, root: Path = ROOT) -> list[Made]:
    """Write `n` submissions `student_000.py`, ... into `out_dir` (created if missing).

    File i is for task `tasks[i % len(tasks)]`; round(`correct_share` * n) of them, drawn
    with `seed`, are model solutions, the rest known-wrong files, each picked with `seed`
    from that task's files in `frameworks`.

    Returns:
        What each file is, in file order.

    Raises:
        ValueError: `n` < 1, or a task without a correct and a wrong file.
    """
    if n < 1:
        raise ValueError(f"n must be at least 1, got n={n!r}")
    rng = random.Random(seed)
    pools = {t: source_files(t, root=root, frameworks=frameworks) for t in tasks}
    n_correct = round(correct_share * n)
    flags = [True] * n_correct + [False] * (n - n_correct)
    rng.shuffle(flags)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    width = max(3, len(str(n - 1)))
    made: list[Made] = []
    for i, correct in enumerate(flags):
        task = tasks[i % len(tasks)]
        src = rng.choice([s for s in pools[task] if s.correct == correct])
        path = out_dir / f"student_{i:0{width}d}.py"
        text = src.path.read_text(encoding="utf-8")
        if not text.endswith("\n"):
            text += "\n"
        text += f"\n# benchmark submission {i} (seed {seed}, token {rng.getrandbits(64):016x})\n"
        path.write_text(text, encoding="utf-8")
        made.append(Made(path, task, src.framework, correct, src.path.relative_to(root).as_posix()))
    return made


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out_dir", type=Path)
    ap.add_argument("--n", type=int, default=100)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--task", action="append", choices=FIRST_TRANCHE,
                    help="only this task (repeatable; default: all twelve)")
    ap.add_argument("--framework", action="append", choices=("numpy", "torch"),
                    help="only this framework (repeatable; default: both)")
    args = ap.parse_args()
    made = make_submissions(args.n, args.out_dir, seed=args.seed,
                            tasks=tuple(args.task or FIRST_TRANCHE),
                            frameworks=tuple(args.framework or ("numpy", "torch")))
    for m in made:
        print(f"{m.path.name}  {m.task:<22} {m.framework:<6} {'correct' if m.correct else 'wrong':<8} {m.origin}")
    print(f"{len(made)} files in {args.out_dir}, {sum(m.correct for m in made)} correct")


if __name__ == "__main__":
    main()
