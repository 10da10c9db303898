"""Every model solution passes every check of its task, on several seeds and devices."""

from __future__ import annotations

from pathlib import Path

import pytest

from grader.grading import GradeOptions, grade_file

pytestmark = pytest.mark.slow  # grades every model solution end to end

SOLUTIONS = sorted((Path(__file__).resolve().parent.parent / "solutions").glob("*.py"))


def _cuda() -> bool:
    import torch

    return torch.cuda.is_available()


@pytest.mark.parametrize("path", SOLUTIONS, ids=[p.name for p in SOLUTIONS])
@pytest.mark.parametrize("seed", [11, 987654])
def test_solution_passes(path, seed):
    result = grade_file(path, GradeOptions(seed=seed, device="cpu"))
    failures = [(t.id, c.name, c.message) for t in result.tasks for c in t.checks if not c.passed]
    assert result.passed, failures
    assert result.tasks and all(t.score == 1.0 for t in result.tasks)


def test_every_task_has_numpy_and_torch_solutions_where_meaningful():
    names = {p.stem for p in SOLUTIONS}
    for task in ("sigmoid", "softmax", "softmax_cross_entropy", "linear", "mlp_backprop",
                 "l1_l2_penalty", "sgd_momentum", "adam", "conv2d", "lstm_cell"):
        assert task in names and f"{task}_torch" in names
    assert {"dropout", "gan_step"} <= names


@pytest.mark.gpu
@pytest.mark.skipif(not _cuda(), reason="no CUDA device on this machine")
@pytest.mark.parametrize("path", [p for p in SOLUTIONS if p.stem.endswith("_torch") or p.stem == "gan_step"],
                         ids=lambda p: p.name)
def test_torch_solution_passes_on_cuda(path):
    result = grade_file(path, GradeOptions(seed=3, device="cuda"))
    assert result.passed, [(c.name, c.message) for t in result.tasks for c in t.checks if not c.passed]
    assert all(t.devices == ["cuda"] for t in result.tasks)


@pytest.mark.gpu
@pytest.mark.skipif(not _cuda(), reason="no CUDA device on this machine")
def test_output_left_on_cpu_fails_on_cuda(tmp_path):
    f = tmp_path / "cpu_out.py"
    f.write_text('FRAMEWORK = "torch"\nimport torch\n'
                 'def sigmoid(x):\n    return torch.sigmoid(x.cpu())\n')
    result = grade_file(f, GradeOptions(seed=3, device="cuda"))
    assert not result.passed
    assert any("expected cuda" in c.message for t in result.tasks for c in t.checks)
