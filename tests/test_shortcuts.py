"""Library operations that do a task's whole job are named in the report (`library_ops`)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from grader.grading.shortcuts import library_calls, shortcut_notes

SOL = Path(__file__).resolve().parent.parent / "solutions"


@pytest.mark.parametrize("source, expected", [
    ("import torch.nn.functional as F\nF.conv2d(x, w)", "torch.nn.functional.conv2d"),
    ("from torch.nn import functional\nfunctional.conv2d(x, w)", "torch.nn.functional.conv2d"),
    ("from torch.nn.functional import conv2d as c\nc(x, w)", "torch.nn.functional.conv2d"),
    ("import torch as t\nt.nn.functional.conv2d(x, w)", "torch.nn.functional.conv2d"),
    ("import torch\nlayer = torch.nn.Conv2d(1, 1, 3)", "torch.nn.Conv2d"),
    ("import torch\ny = x.sigmoid()", ".sigmoid"),
])
def test_calls_are_resolved_through_import_aliases(source, expected):
    assert expected in library_calls(source)


def test_a_local_name_is_not_a_library_call():
    calls = library_calls("def conv2d(x):\n    return x\nF = object()\nF.conv2d(1)")
    assert "torch.nn.functional.conv2d" not in calls


def test_notes_name_each_operation_once():
    ops = ["torch.sigmoid", ".sigmoid"]
    assert shortcut_notes(ops, library_calls("import torch\ntorch.sigmoid(x)"), numpy_backward=False) == \
        ["uses torch.sigmoid, which does the whole task"]
    assert shortcut_notes(ops, library_calls("y = x.sigmoid()"), numpy_backward=False) == \
        ["uses the method sigmoid(), which does the whole task"]
    assert shortcut_notes([], library_calls("import torch\ng = torch.autograd.grad(y, x)"),
                          numpy_backward=True) == \
        ["uses torch.autograd.grad: autograd, not a backward pass derived by hand"]
    assert shortcut_notes([], library_calls("loss.backward()"), numpy_backward=False) == []


@pytest.mark.slow
def test_a_one_line_library_answer_passes_with_a_note_and_fails_from_scratch(quiz_cli, tmp_path):
    f = tmp_path / "conv.py"
    f.write_text("FRAMEWORK = 'torch'\nimport torch.nn.functional as F\n"
                 "def conv2d_forward(x, w, b, stride=1, padding=0):\n"
                 "    return F.conv2d(x, w, b, stride=stride, padding=padding)\n")
    r = quiz_cli("grade", f, "--no-record", "--json", "--seed", "3")
    data = json.loads(r.stdout)
    assert r.returncode == 0 and data["passed"]
    assert data["tasks"][0]["shortcuts"] == ["uses torch.nn.functional.conv2d, which does the whole task"]
    r = quiz_cli("grade", f, "--no-record", "--seed", "3")
    assert "note: uses torch.nn.functional.conv2d, which does the whole task" in r.stdout
    r = quiz_cli("grade", f, "--no-record", "--json", "--seed", "3", "--from-scratch")
    data = json.loads(r.stdout)
    assert r.returncode == 1
    scratch = [c for c in data["tasks"][0]["checks"] if c["name"] == "from_scratch"]
    assert scratch and scratch[0]["status"] == "failed"
    assert scratch[0]["message"].startswith("uses torch.nn.functional.conv2d, which does the whole task")
    assert not data["passed"] and data["tasks"][0]["score"] < 1


@pytest.mark.slow
@pytest.mark.parametrize("path", sorted(SOL.glob("*.py")), ids=lambda p: p.name)
def test_model_solutions_are_written_from_scratch(path, quiz_cli):
    r = quiz_cli("grade", path, "--no-record", "--json", "--device", "cpu")
    data = json.loads(r.stdout)
    assert not [t["shortcuts"] for t in data["tasks"] if t.get("shortcuts")]
