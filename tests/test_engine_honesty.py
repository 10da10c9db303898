"""No check passes having compared nothing (issue 9, scope 1), and a message shared by every
case is said once with the cases listed (scope 6).

Each test here fails on the engine before the fix: checks skipped every case that lacked a
function's arguments and reported "passed"; `inputs_unchanged` passed for a function that
answered "garbage"; a bank whose only case lacked an argument linted clean and graded 100 %.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path

import pytest

from conftest import check

ENGINE_BROKEN = Path(__file__).parent / "banks_broken" / "nothing_to_compare"
SPECS_BROKEN = Path(__file__).parent / "banks_broken" / "missing_specs"


@functools.cache
def _shipped_tasks():
    """The shipped coding tasks, read without the user's bank cache (this runs at collection)."""
    from grader.banks import bank_paths, load_bank_files

    return load_bank_files(bank_paths()).tasks


def _answering(task, value: str, *, torch: bool = False) -> str:
    """A submission whose every function of `task` returns `value`."""
    src = 'FRAMEWORK = "torch"\n' if torch or task.framework == "torch" else ""
    return src + "".join(f"def {f.name}(*args, **kwargs):\n    return {value}\n"
                         for f in task.functions)


@pytest.fixture
def own_banks(monkeypatch):
    """Point QUIZ_BANKS at a folder of the test's choosing, with a fresh bank cache."""
    from grader.banks import loader

    monkeypatch.setattr(loader, "_cache", {})

    def use(folder: Path) -> None:
        monkeypatch.setenv("QUIZ_BANKS", str(folder))

    return use


# ----------------------------------------------------------- finding 1: every check counts
TASK_IDS = sorted(_shipped_tasks())


def test_the_shipped_tasks_declare_every_check():
    """The garbage tests below cover each check the engine has."""
    from grader.banks.schema import CHECK_NAMES

    declared = {c for t in _shipped_tasks().values() for c in t.checks}
    assert declared == set(CHECK_NAMES)


@pytest.mark.parametrize("value", ['"garbage"', "None", "[1.0, 2.0]"])
@pytest.mark.parametrize("task_id", TASK_IDS)
def test_an_answer_of_the_wrong_kind_passes_no_check(grade_source, task_id, value):
    task = _shipped_tasks()[task_id]
    result = grade_source(_answering(task, value), task_ids=(task_id,), device="cpu")
    (tr,) = result.tasks
    passed = [(c.name, c.message) for c in tr.checks if c.passed]
    assert passed == [], f"{task_id} returning {value}: {passed}"
    assert all(c.status in ("failed", "error", "not_gradable") for c in tr.checks)
    assert not tr.passed and tr.score == 0.0


@pytest.mark.parametrize("task_id", [t for t in TASK_IDS if _shipped_tasks()[t].framework is None])
def test_a_torch_answer_of_the_wrong_kind_passes_no_check(grade_source, task_id):
    task = _shipped_tasks()[task_id]
    result = grade_source(_answering(task, '"garbage"', torch=True), task_ids=(task_id,),
                          device="cpu")
    (tr,) = result.tasks
    assert [c.name for c in tr.checks if c.passed] == [] and tr.score == 0.0


def test_a_check_that_compared_nothing_is_not_gradable():
    from grader.banks import load_bank
    from grader.grading.checks import Context

    ctx = Context(load_bank().tasks["sigmoid"], runner=None, framework="numpy", device="cpu",
                  rng=None)
    nothing = ctx.result("values", "sigmoid", [], compared=0,
                         why="no case supplies every argument of sigmoid (x)")
    assert nothing.status == "not_gradable" and "no case supplies" in nothing.message
    assert ctx.result("values", "sigmoid", [], compared=3).status == "passed"
    assert ctx.result("values", "sigmoid", ["case 1 (x (3,)): wrong"], compared=0).status == "failed"


def test_a_bank_whose_only_case_lacks_an_argument_grades_nothing_as_passed(grade_source, own_banks):
    own_banks(ENGINE_BROKEN)
    result = grade_source("""
def affine(*args, **kwargs):
    return "garbage"
def affine_backward(*args, **kwargs):
    return "garbage"
""", task_ids=("affine",))
    (tr,) = result.tasks
    values, grads = check(result, "affine", "values"), check(result, "affine", "gradients")
    assert values.status == "not_gradable"
    assert "no case supplies every argument of affine (x, W, b)" in values.message
    assert grads.status == "not_gradable" and "affine_backward was never called" in grads.message
    assert not tr.passed and tr.score == 0.0


@pytest.mark.parametrize("task_id, source, expected", [
    ("soft", "def soft(x, axis=-1):\n    import numpy as np\n"
             "    e = np.exp(x - x.max(axis=axis, keepdims=True))\n"
             "    return e / e.sum(axis=axis, keepdims=True)\n",
     {"values": "passed", "stability": "not_gradable"}),
    ("stepper", "def step_fn(*args, **kwargs):\n    return 'garbage'\n",
     {"steps": "not_gradable", "inputs_unchanged": "not_gradable"}),
    ("stepper_unstarted", "def step_fn2(*args, **kwargs):\n    return 'garbage'\n",
     {"steps": "not_gradable"}),
    ("drop", "import numpy as np\n"
             "def drop_forward(x, p, train=True, rng=None):\n    return x.copy(), np.ones(x.shape, bool)\n"
             "def drop_backward(dout, mask, p):\n    return dout.copy()\n",
     {"dropout: statistics": "not_gradable", "dropout: rng": "not_gradable",
      "gradients: drop_backward": "not_gradable"}),
    ("gan_idle", 'FRAMEWORK = "torch"\ndef idle_gan_step(*args):\n    return 0.0, 0.0\n',
     {"gan: steps": "not_gradable", "gan: detach": "not_gradable"}),
    ("untouched", "def squash(x):\n    return 'garbage'\n", {"inputs_unchanged": "not_gradable"}),
    ("stepper_values", "def step_fn3(w, dw, v, lr, momentum=0.9, nesterov=False):\n"
                       "    v = momentum * v + dw\n    return w - lr * v, v\n",
     {"values": "not_gradable", "steps": "passed"}),
])
def test_checks_with_nothing_to_compare_in_a_broken_bank(grade_source, own_banks, task_id, source,
                                                         expected):
    own_banks(ENGINE_BROKEN)
    result = grade_source(source, task_ids=(task_id,))
    (tr,) = result.tasks
    for name, status in expected.items():
        c = check(result, task_id, name)
        assert c.status == status, (name, c.status, c.message)
    assert not tr.passed


def test_gan_detach_is_not_judged_on_calls_that_leave_g_alone(grade_source):
    result = grade_source('FRAMEWORK = "torch"\n'
                          "def gan_train_step(G, D, opt_G, opt_D, real, z):\n    return 1.0, 1.0\n",
                          task_ids=("gan_step",))
    steps, detach = check(result, "gan_step", "gan: steps"), check(result, "gan_step", "gan: detach")
    assert steps.status == "failed"
    assert detach.status == "not_gradable" and "no call changed G's parameters" in detach.message


def test_inputs_unchanged_counts_only_calls_that_answered(grade_source):
    result = grade_source("""
import numpy as np
def sigmoid(x):
    return "not yet"
def sigmoid_backward(dout, x):
    x[...] = 0          # an in-place write is caught whatever the function returns
    return "not yet"
""")
    c = check(result, "sigmoid", "inputs_unchanged")
    assert c.status == "failed" and "sigmoid_backward changed its argument x in place" in c.message
    result = grade_source("def sigmoid(x):\n    return 'not yet'\n", task_ids=("sigmoid",))
    assert check(result, "sigmoid", "inputs_unchanged").status == "not_gradable"


def test_returned_gradients_of_the_wrong_kind_fail_the_gradient_check(grade_source):
    result = grade_source("def mlp_loss_and_grads(X, y, params, reg=0.0):\n    return 'garbage'\n")
    g = check(result, "mlp_backprop", "gradients")
    assert g.status == "failed" and "expected a tuple of 2 values, got str 'garbage'" in g.message


# ---------------------------------------------------------------- finding 2: lint and grade
def test_lint_finds_what_each_broken_task_would_not_compare():
    from grader.banks import load_bank_files
    from grader.banks.lint import lint_task

    bank = load_bank_files(sorted(ENGINE_BROKEN.glob("*.yaml")))
    found = {tid: " | ".join(m for _, m in lint_task(t)) for tid, t in bank.tasks.items()}
    assert "no case supplies every argument of affine (x, W, b)" in found["affine"]
    assert "no stability case supplies every argument of soft (x)" in found["soft"]
    assert "cases.0 lacks ['v']" in found["stepper"]
    assert "needs `cases`" in found["stepper_unstarted"]
    assert "dropout.probabilities is empty" in found["drop"]
    assert "gan.optimizers is empty" in found["gan_idle"]
    assert "'inputs_unchanged' needs another check" in found["untouched"]
    assert "values would compare nothing: a task with a `trajectory`" in found["stepper_values"]
    assert all(lint_task(t) == [] for t in _shipped_tasks().values())


def test_quiz_grade_with_a_broken_bank_reports_nothing_as_passed(quiz_cli, own_banks, tmp_path):
    own_banks(ENGINE_BROKEN)
    f = tmp_path / "garbage.py"
    f.write_text("def affine(*a, **k):\n    return 'garbage'\n"
                 "def affine_backward(*a, **k):\n    return 'garbage'\n")
    r = quiz_cli("grade", f, "--json", "--no-record", "--seed", "3")
    assert r.returncode == 1, r.stdout + r.stderr
    data = json.loads(r.stdout)
    (task,) = data["tasks"]
    assert task["id"] == "affine" and not task["passed"] and task["score"] == 0
    assert {c["status"] for c in task["checks"]} == {"not_gradable"}


def test_quiz_grade_with_a_bank_missing_its_specs_grades_nothing(quiz_cli, own_banks, tmp_path):
    own_banks(SPECS_BROKEN)
    f = tmp_path / "step.py"
    f.write_text("def step_fn(w, dw, v, lr):\n    return w - lr * dw, v\n")
    r = quiz_cli("grade", f, "--no-record")
    assert r.returncode != 0 and "PASS" not in r.stdout
    assert "check 'steps' needs a `trajectory` section" in r.stdout + r.stderr


# ------------------------------------------------- finding 3: one message for many cases
def test_the_same_message_for_several_cases_is_said_once():
    from grader.grading.checks import group_cases

    problems = [f"case {i} (x ({i}, 3)): sigmoid raised ValueError: no" for i in (1, 2, 3, 4)]
    assert group_cases(problems) == ["case 1 (x (1, 3)) and cases 2–4: sigmoid raised ValueError: no"]
    mixed = ["case 1 (x (1,)): a", "case 2 (x (7,)): b", "case 3 (x (2, 3)): a",
             "step 3: c", "case 5 (lr=0.1), step 1 of 6: d", "case 6 (lr=0.2), step 1 of 6: d",
             "case 7 (W (2, 3), b (3,)): a"]
    assert group_cases(mixed) == ["case 1 (x (1,)) and cases 3, 7: a", "case 2 (x (7,)): b",
                                  "step 3: c", "case 5 (lr=0.1) and case 6, step 1 of 6: d"]


def test_a_failure_shared_by_every_case_is_one_line(grade_source):
    result = grade_source("""
import numpy as np
def sigmoid(x):
    raise ValueError("not today")
def sigmoid_backward(dout, x):
    return (dout * 0.25).astype(np.float32)
""")
    g = check(result, "sigmoid", "gradients")
    assert g.message.startswith("case 1 (x (1,)) and cases 2–4: sigmoid_backward → dx: dtype float32")
    assert g.message.count("dtype float32") == 1
