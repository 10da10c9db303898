"""Engine features the catalogue's part 2 needs (issue 10), on a toy bank: a `provided`
forward, a backward whose upstream gradient reaches one output only (`upstream`),
`mistake` signatures for forwards and backwards, and masks with no empty row."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from conftest import check

TOY = Path(__file__).parent / "banks_toy"

PAIR_OK = """
import numpy as np
def pair_backward(dout, x, w):
    return dout * w, dout * x
"""
PAIR_SWAPPED = """
def pair_backward(dout, x, w):
    return dout * x, dout * w
"""
PAIR_WITH_AUX = """
import numpy as np
def pair_backward(dout, x, w):
    return dout * w + 1.0, dout * x   # as if aux's upstream were 1
"""


@pytest.fixture
def toy_bank(monkeypatch):
    from grader.banks import loader

    monkeypatch.setattr(loader, "_cache", {})
    monkeypatch.setenv("QUIZ_BANKS", str(TOY))


def test_the_toy_bank_lints_clean(toy_bank):
    from grader.banks.lint import lint_paths
    from grader.banks import bank_paths

    report = lint_paths(bank_paths())
    assert not report.problems, report.problems


@pytest.mark.slow
def test_a_provided_forward_is_not_asked_and_upstream_reaches_out_only(toy_bank, grade_source):
    result = grade_source(PAIR_OK)  # the file defines pair_backward only: the task is picked
    (task,) = result.tasks
    assert task.id == "toy_backward" and task.passed, [(c.name, c.message) for c in task.checks]
    assert check(result, "toy_backward", "gradients: pair_backward").passed
    result = grade_source(PAIR_WITH_AUX, task_ids=("toy_backward",))
    assert not check(result, "toy_backward", "gradients: pair_backward").passed


@pytest.mark.slow
def test_a_backward_mistake_is_named(toy_bank, grade_source):
    result = grade_source(PAIR_SWAPPED)
    c = check(result, "toy_backward", "gradients: pair_backward")
    assert c.status == "failed" and "dx and dw are swapped" in c.message, c.message


@pytest.mark.slow
def test_a_forward_mistake_is_named_and_an_unrelated_bug_is_not(toy_bank, grade_source):
    c = check(grade_source("def triple(x):\n    return x ** 3\n"), "toy_triple", "values: triple")
    assert c.status == "failed" and "you cubed x instead of multiplying it by 3" in c.message
    c = check(grade_source("def triple(x):\n    return x ** 3 + 1\n"), "toy_triple", "values: triple")
    assert c.status == "failed" and "cubed" not in c.message


def test_the_starter_leaves_out_a_provided_function(toy_bank):
    from grader.banks import load_bank
    from grader.practice.starter import starter_source

    task = load_bank().tasks["toy_backward"]
    src = starter_source(task)
    assert "def pair_backward(" in src and "def pair(" not in src


def test_schema_refuses_upstream_on_a_forward_and_unknown_outputs():
    from pydantic import ValidationError

    from grader.banks.schema import CodingTask

    base = dict(id="t", topic="backprop", title={"en": "t", "zh": "t"}, difficulty=1,
                prompt={"en": "t", "zh": "t"}, checks=["gradients"], hints=[{"en": "h", "zh": "h"}],
                explanation={"en": "e", "zh": "e"}, cases=[{"x": {"array": [2]}}])
    fwd = {"name": "f", "signature": "f(x)", "reference": "toy_reference.triple", "outputs": ["out"]}
    with pytest.raises(ValidationError, match="upstream"):
        CodingTask(**base, functions=[fwd, {"name": "f_backward", "signature": "f_backward(dout, x)",
                                            "backward_of": "f", "wrt": ["x"], "upstream": ["aux"]}])
    with pytest.raises(ValidationError, match="upstream"):
        CodingTask(**base, functions=[{**fwd, "upstream": ["out"]}])
    with pytest.raises(ValidationError, match="nothing is asked"):
        CodingTask(**base, functions=[{**fwd, "provided": True}])
    with pytest.raises(ValidationError, match="not a function here"):
        CodingTask(**base, functions=[fwd], signatures=[
            {"kind": "mistake", "function": "g", "reference": "toy_reference.triple", "says": "abc"}])


def test_a_mask_with_rows_nonempty_never_leaves_a_row_empty():
    from grader.banks.schema import ArgSpec
    from grader.grading.inputs import draw

    rng = np.random.default_rng(0)
    spec = ArgSpec(mask=[50, 7, 3], keep=0.1, rows_nonempty=True)
    for _ in range(20):
        m = draw(spec, rng)
        assert m.dtype == np.bool_ and m.any(axis=-1).all()
    plain = ArgSpec(mask=[50, 7, 3], keep=0.1)
    assert not draw(plain, rng).any(axis=-1).all()  # without it, empty rows do occur


# ------------------------------------------- issue 9, scope 3: checks as declared units
def test_checks_are_units_in_a_registry_without_import_side_effects():
    import grader.grading.stochastic as stochastic
    from grader.banks.schema import CHECK_NAMES
    from grader.grading.registry import CHECKS, run_order

    assert set(CHECKS) == set(CHECK_NAMES)
    assert not hasattr(stochastic, "CHECKS")
    order = [c.name for c in run_order(["inputs_unchanged", "grad_consistency", "values"])]
    assert order == ["grad_consistency", "values", "inputs_unchanged"]


@pytest.mark.slow
def test_grad_consistency_needs_no_other_check_before_it(toy_bank, grade_source):
    """It used to read what `gradients` left behind, and was not_gradable without it."""
    ok = "def square(x):\n    return x * x\ndef square_backward(dout, x):\n    return 2 * x * dout\n"
    bad = "def square(x):\n    return x * x\ndef square_backward(dout, x):\n    return x * dout\n"
    c = check(grade_source(ok), "toy_consistency", "grad_consistency")
    assert c.status == "passed", c.message
    assert check(grade_source(ok), "toy_consistency", "inputs_unchanged").status == "passed"
    c = check(grade_source(bad), "toy_consistency", "grad_consistency")
    assert c.status == "failed" and "disagrees with your own square" in c.message


def test_the_gan_players_are_described_in_the_bank_and_built_by_one_function():
    """G, D and their optimizers come from the task's `gan` section, through
    grader/sandbox/_models.py, in the grader and in the worker alike."""
    from pydantic import ValidationError

    import grader.grading.stochastic as stochastic
    from grader.banks import load_bank
    from grader.banks.schema import GanSpec
    from grader.sandbox._models import build_mlp, mlp_shapes
    from grader.sandbox.zygote import ZYGOTE_SOURCE

    spec = load_bank().tasks["gan_step"].gan
    assert spec.generator.layers[-1] == spec.discriminator.layers[0] and spec.optimizers
    assert "def build_mlp(" in ZYGOTE_SOURCE and stochastic.build_mlp is build_mlp
    import torch

    weights = [np.ones(s) for s in mlp_shapes(spec.generator.model_dump())]
    model = build_mlp(torch, spec.generator.model_dump(), weights)
    assert [tuple(p.shape) for p in model.parameters()] == [w.shape for w in weights]
    with pytest.raises(ValidationError, match="discriminator takes 4 features"):
        GanSpec(function="f", generator={"layers": [2, 3]}, discriminator={"layers": [4, 1]},
                batch=2, calls=2, optimizers=[{"type": "sgd", "lr": 0.1}])


def test_a_tuple_argument_arrives_as_a_tuple_and_is_labelled_by_value():
    from grader.banks.schema import ArgSpec
    from grader.grading.checks import case_label
    from grader.grading.inputs import draw, encode

    spec = ArgSpec.model_validate({"tuple": [{"value": 3}, {"value": 5}]})
    pair = draw(spec, np.random.default_rng(0))
    assert pair == (3, 5) and isinstance(pair, tuple)
    assert encode(pair, [])["t"] == "tuple"
    assert case_label(6, {"h": 32, "kernel_size": pair}) == "case 7 (h=32, kernel_size=(3, 5))"


def test_a_signature_may_be_read_from_several_one_number_outputs():
    """(out_h, out_w) are two numbers in all: enough to name a mistake; one number is not."""
    from grader.grading.checks import _same_numbers
    from grader.grading.compare import Answer

    def ans(v):
        return Answer(np.asarray(v), "python")

    assert _same_numbers((ans(7), ans(9)), (np.int64(7), np.int64(9)))
    assert not _same_numbers(ans(7), np.int64(7))


def test_a_task_without_array_arguments_runs_on_the_cpu_only():
    """Its outputs have no input device to follow (positional_encoding, conv_output_size)."""
    from grader.banks import load_bank
    from grader.grading.engine import _takes_arrays

    tasks = load_bank().tasks
    no_arrays = {t.id for t in tasks.values() if not _takes_arrays(t)}
    assert {"positional_encoding", "conv_output_size", "weight_init"} <= no_arrays
    assert not {"sigmoid", "conv2d", "lstm"} & no_arrays
    assert _takes_arrays(tasks["gan_step"])  # no cases: its models are built on the device


def test_a_mistake_that_changes_nothing_on_a_case_is_not_named(toy_bank):
    """A correct answer of the wrong dtype must not be explained by a mistake that gives the
    reference's own numbers on that case."""
    from grader.banks import load_bank
    from grader.grading.checks import _mistake_matches
    from grader.grading.compare import Answer

    task = load_bank().tasks["toy_triple"]
    fn, (sig,) = task.function("triple"), task.signatures
    x = np.array([0.0, 1.0])  # 3x == x³ at 0 and... not at 1: the mistake differs here
    assert _mistake_matches(sig, fn, {"x": x}, Answer(x ** 3, "array"))
    same = np.array([0.0, np.sqrt(3.0)])  # 3x == x³ at 0 and √3: the mistake changes nothing
    assert not _mistake_matches(sig, fn, {"x": same}, Answer(same ** 3, "array"))


def test_one_tree_walker_serves_arguments_answers_and_tensors():
    from grader.grading.trees import at, map_leaves, walk

    tree = {"W": [np.zeros(2), (np.ones(1), 3)], "b": np.zeros(3)}
    paths = [p for p, _ in walk(tree, lambda v: isinstance(v, np.ndarray), "params")]
    assert paths == ["params.W.0", "params.W.1.0", "params.b"]
    doubled = map_leaves(tree, lambda p, v: v * 2 if p == "W.1.1" else v)
    assert doubled["W"][1][1] == 6 and isinstance(doubled["W"][1], tuple)
    assert at(tree, "W.1.0")[0] == 1 and at(tree, [0]) is None and at((5, 6), [1]) == 6


def test_the_distribution_statistics_accept_the_law_and_name_what_differs():
    from grader.grading.distribution import law_problems

    a, s = np.sqrt(6 / 500), np.sqrt(2 / 300)
    for seed in range(40):  # no false alarm on correct samples
        r = np.random.default_rng(seed)
        assert not law_problems(r.uniform(-a, a, (300, 200)), "uniform", (-a, a), 5.0)
        assert not law_problems(r.normal(0, s, (300, 200)), "normal", (0, s), 5.0)
    r = np.random.default_rng(1)
    wrong_std = law_problems(r.normal(0, np.sqrt(2 / 200), (300, 200)), "normal", (0, s), 5.0)
    assert len(wrong_std) == 1 and wrong_std[0].startswith("standard deviation")  # not the mean too
    assert "not distributed as" in law_problems(r.uniform(-np.sqrt(3) * s, np.sqrt(3) * s, (300, 200)),
                                                "normal", (0, s), 5.0)[0]
    assert "outside the bounds" in law_problems(r.normal(0, a / np.sqrt(3), (300, 200)),
                                                "uniform", (-a, a), 5.0)[0]
    tiled = np.repeat(r.normal(0, s, (1, 200)), 300, axis=0)
    assert law_problems(tiled, "normal", (0, s), 5.0)[0].startswith("neighbouring values along columns")


@pytest.mark.slow
def test_a_dropout_forward_that_raises_still_lists_every_check(grade_source):
    """The score's denominator does not shrink when the first call fails."""
    src = ("def dropout_forward(x, p, train=True, rng=None):\n    raise ValueError('no')\n"
           "def dropout_backward(dout, mask, p):\n    return dout * mask / (1 - p)\n")
    (task,) = grade_source(src, task_ids=("dropout",)).tasks
    names = {c.name: c.status for c in task.checks}
    assert names["dropout: statistics"] == "error"
    assert {"dropout: rng", "dropout: train flag", "gradients: dropout_backward"} <= set(names)


def test_permutations_and_rounded_arrays():
    from grader.banks.schema import ArgSpec
    from grader.grading.inputs import draw

    rng = np.random.default_rng(0)
    perms = draw(ArgSpec(permutations=[3, 7]), rng)
    assert perms.dtype == np.int64 and perms.shape == (3, 7)
    assert all(sorted(row) == list(range(7)) for row in perms)
    scores = draw(ArgSpec(array=[200], low=0, high=1, decimals=1), rng)
    assert len(np.unique(scores)) <= 11  # ties on purpose


@pytest.mark.slow
def test_dropout_is_graded_against_the_banks_references(grade_source, monkeypatch):
    """It used to compute its own expected values; now a changed reference changes the verdict."""
    import torch

    from grader.grading import runner

    good = (Path(__file__).parent.parent / "solutions" / "dropout.py").read_text(encoding="utf-8")
    (task,) = grade_source(good, task_ids=("dropout",)).tasks
    assert task.passed
    monkeypatch.setitem(runner._references, "reference_impl.regularization.dropout_apply",
                        lambda x, mask, p: torch.where(mask, x / (1 - p), x))  # keeps dropped ones
    (task,) = grade_source(good, task_ids=("dropout",)).tasks
    assert [c.name for c in task.checks if not c.passed] == ["dropout: statistics"]


@pytest.mark.slow
def test_a_mistake_is_named_from_several_one_number_answers_together(toy_bank, grade_source):
    c = check(grade_source("def mean_of(x):\n    return float(x.sum())\n"), "toy_mean", "values: mean_of")
    assert "known mistake (on 3 cases together): summed, not averaged" in c.message, c.message
    c = check(grade_source("def mean_of(x):\n    return float(x.sum()) + 1\n"), "toy_mean", "values: mean_of")
    assert "known mistake" not in c.message


@pytest.mark.slow
def test_scipy_special_is_importable_in_the_jail():
    """TASKS.md allows scipy.special.erf (transformer_block's exact GELU)."""
    from grader.sandbox import Sandbox

    sb = Sandbox(torch=False)
    try:
        sb.start()
        resp, _ = sb.request({"op": "load", "source": "from scipy.special import erf\nE = float(erf(1.0))\n"},
                             [], 30)
        assert resp["ok"], resp.get("error")
    finally:
        sb.close()
