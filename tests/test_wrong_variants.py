"""Known-wrong submissions (tests/wrong/) are rejected by the check that names their bug."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from grader.grading import GradeOptions, grade_file

pytestmark = pytest.mark.slow  # grades every known-wrong variant end to end

WRONG = Path(__file__).parent / "wrong"
from _manifest import MANIFEST  # noqa: E402

# expected kind -> (check-name prefixes that may report it, what its message must say);
# a value is "got X, expected Y" in a task's public first case, "got X, off by E" elsewhere
KINDS = {
    "values": (("values", "gan: steps"),
               r"elements differ|got .*(expected|off by)|shape \(|expected a|raised"
               r"|blocks permuted|is what \w+=\d+ gives|known mistake|NaN"),
    "gradients": (("gradients", "grad_consistency"),
                  r"elements differ|got .*(expected|off by)|shape \(|no gradient flows|autograd failed"
                  r"|disagrees|known mistake"),
    "stability": (("stability",), r"NaN|Inf|elements differ|got .*off by"),
    "inputs_unchanged": (("inputs_unchanged", "steps"), r"in place"),
    "steps": (("steps", "gan: steps"), r"step \d+ of \d+|call \d+ of \d+"),
    "statistics": (("dropout: statistics", "gradients: dropout_backward"),
                   r"not scaled|kept \d+/\d+|keep rates|elements differ|mask must"),
    "rng": (("dropout: rng",), r"same seed|rng"),
    "train_flag": (("dropout: train flag",), r"train=False|p=0"),
    "detach": (("gan: detach",), r"detach"),
    "distribution": (("distribution",), r"standard deviation|mean|bounds|span only|not distributed"
                     r"|correlated|shape|dtype"),
    "distribution_rng": (("distribution: rng",), r"same seed|different seeds"),
    "expressions_values": (("expressions: values",), r"\.data got|raised|did not return"),
    "expressions_gradients": (("expressions: gradients",), r"\.grad got"),
    "type": (("values", "gradients", "gan: steps", "dropout: statistics"), r"tensor|NumPy|dtype|Python number|Python float|expected a"),
}
# expected kind -> what the task's advice must say, for a file whose every value is right
# (its fault shows only inside the child, which a submission controls, so it is not graded)
ADVICE = {
    "advice": r"overflow",
}


@pytest.mark.parametrize("entry", MANIFEST, ids=[e["file"] for e in MANIFEST])
def test_known_wrong_variant_is_rejected(entry):
    result = grade_file(WRONG / entry["file"], GradeOptions(task_ids=(entry["task"],), seed=2024,
                                                            timeout=60))
    (task,) = result.tasks
    if entry["expect_check"] in ADVICE:
        assert any(re.search(ADVICE[entry["expect_check"]], a) for a in task.advice), \
            f"{entry['file']}: advice {task.advice} does not match {ADVICE[entry['expect_check']]!r}"
        return
    assert not task.passed, f"{entry['file']} passed: {entry['bug']}"
    prefixes, pattern = KINDS[entry["expect_check"]]
    failed = [c for c in task.checks if not c.passed]
    named = [c for c in failed if c.name.startswith(prefixes)]
    assert named, (f"{entry['file']}: expected a failed {prefixes} check, got "
                   f"{[(c.name, c.message[:200]) for c in failed]}")
    assert any(re.search(pattern, c.message) for c in named), \
        f"{entry['file']}: messages {[c.message for c in named]} do not match {pattern!r}"
    if entry.get("message"):  # the diagnosis this variant's entry promises
        assert any(re.search(entry["message"], c.message) for c in named), \
            f"{entry['file']}: messages {[c.message for c in named]} do not say {entry['message']!r}"
