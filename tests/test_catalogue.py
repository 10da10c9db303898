"""Tests derived from the bank: adding a coding task means writing its YAML entry, its
reference, its solutions and its known-wrong variants (docs/adding-a-task.md), nothing else.

- every task has a NumPy solution, and a PyTorch one where the contract allows PyTorch;
- every check a task declares is shown failing by at least one known-wrong variant;
- the manifest of known-wrong variants and the files in tests/wrong/ match;
- every function with an `oracle` is proven against it on the task's own cases.
(`tests/test_solutions.py` grades every solution, `tests/test_wrong_variants.py` every
variant with the message its manifest entry promises.)
"""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import numpy as np
import pytest

from grader.banks import load_bank
from grader.grading.inputs import draw_case

HERE = Path(__file__).resolve().parent
SOLUTIONS = HERE.parent / "solutions"
WRONG = HERE / "wrong"
from _manifest import MANIFEST  # noqa: E402
BANK = load_bank()
TASKS = sorted(BANK.tasks.values(), key=lambda t: t.id)

#: which manifest kinds (`expect_check`) show a declared check failing
SHOWN_BY = {"values": {"values", "type"}, "gradients": {"gradients"},
            "grad_consistency": {"gradients"}, "stability": {"stability", "advice"},
            "inputs_unchanged": {"inputs_unchanged"}, "steps": {"steps"},
            "dropout": {"statistics", "rng", "train_flag"}, "gan": {"steps", "detach", "values"},
            "distribution": {"distribution", "distribution_rng"},
            "expressions": {"expressions_values", "expressions_gradients"}}


@pytest.mark.parametrize("task", TASKS, ids=lambda t: t.id)
def test_every_task_has_its_solutions(task):
    assert (SOLUTIONS / f"{task.id}.py").is_file(), f"write solutions/{task.id}.py"
    if task.framework is None:  # NumPy by default, PyTorch allowed
        assert (SOLUTIONS / f"{task.id}_torch.py").is_file(), f"write solutions/{task.id}_torch.py"


@pytest.mark.parametrize("task", TASKS, ids=lambda t: t.id)
def test_every_declared_check_has_a_known_wrong_variant(task):
    kinds = {e["expect_check"] for e in MANIFEST if e["task"] == task.id}
    missing = [c for c in task.checks if not SHOWN_BY[c] & kinds]
    assert not missing, (f"{task.id}: no known-wrong variant in tests/wrong/manifest*.yaml shows "
                         f"these checks failing: {missing}")


def test_manifest_and_files_match():
    listed = [e["file"] for e in MANIFEST]
    assert len(listed) == len(set(listed)), "a file is listed twice"
    files = {p.name for p in WRONG.glob("*.py")}
    assert files - set(listed) == set(), f"not in the manifest: {sorted(files - set(listed))}"
    assert set(listed) - files == set(), f"listed but missing: {sorted(set(listed) - files)}"
    for e in MANIFEST:
        assert e["task"] in BANK.tasks, f"{e['file']}: unknown task {e['task']}"
        assert e["file"].startswith(e["task"] + "__"), f"{e['file']}: name it {e['task']}__<bug>.py"
        assert e["expect_check"] in set().union(*SHOWN_BY.values()), e
        if e.get("message"):
            re.compile(e["message"])


ORACLE_CASES = [(t, f) for t in TASKS for f in t.functions if f.oracle]


def _resolve(path: str):
    module, _, attr = path.rpartition(".")
    return getattr(importlib.import_module(module), attr)


@pytest.mark.parametrize("task, fn", ORACLE_CASES, ids=[f"{t.id}.{f.name}" for t, f in ORACLE_CASES])
def test_reference_matches_its_oracle_on_the_task_cases(task, fn):
    """Values, then autograd gradients for a random upstream, in float64."""
    import torch

    ref, oracle = _resolve(fn.reference), _resolve(fn.oracle)
    rng = np.random.default_rng(0)
    cases = [c for c in task.cases + task.stability_cases if set(fn.required) <= set(c)]
    assert cases, f"{task.id}: no case supplies the arguments of {fn.name}"
    for case in cases:
        args = draw_case(case, rng)
        for _ in range(2):  # two draws per case
            # the contract's defaults, given explicitly: the oracle may have none of its own
            tensors = {**fn.defaults, **{k: torch.from_numpy(np.array(v)) if isinstance(v, np.ndarray)
                                         else v for k, v in args.items()}}
            pos = [tensors[n] for n in fn.params if n in tensors]

            def run(f):
                leaves = [p.detach().clone().requires_grad_(n in fn.wrt) if isinstance(p, torch.Tensor)
                          else p for n, p in zip([n for n in fn.params if n in tensors], pos)]
                snapshot = [p.detach().clone() for p in leaves if isinstance(p, torch.Tensor)]
                out = f(*leaves)
                now = [p.detach() for p in leaves if isinstance(p, torch.Tensor)]
                assert all(torch.equal(a, b) for a, b in zip(snapshot, now)), f"{f} changed an input"
                return out if isinstance(out, tuple) else (out,), leaves

            got, got_leaves = run(ref)
            want, want_leaves = run(oracle)
            assert len(got) == len(want)
            for g, w in zip(got, want):
                torch.testing.assert_close(g, w, rtol=1e-10, atol=1e-12)
            names = [n for n in fn.params if n in tensors]
            wrt = [i for i, n in enumerate(names) if n in fn.wrt]
            if wrt:
                up = [torch.from_numpy(rng.standard_normal(tuple(w.shape))) for w in want]
                g1 = torch.autograd.grad(got, [got_leaves[i] for i in wrt], up)
                g2 = torch.autograd.grad(want, [want_leaves[i] for i in wrt], up)
                for a, b in zip(g1, g2):
                    torch.testing.assert_close(a, b, rtol=1e-10, atol=1e-12)
            args = draw_case(case, rng)
