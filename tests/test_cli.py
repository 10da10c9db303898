"""The `quiz grade` command as a user runs it: exit codes, JSON, notebooks, messages."""

from __future__ import annotations

import json

import nbformat

from conftest import ROOT

SOL = ROOT / "solutions"


def test_help_lists_grade(quiz_cli):
    r = quiz_cli("--help")
    assert r.returncode == 0 and "grade" in r.stdout


def test_passing_file_exits_0_and_reports_the_seed(quiz_cli):
    r = quiz_cli("grade", SOL / "sigmoid.py", "--seed", "42")
    assert r.returncode == 0, r.stdout + r.stderr
    assert "seed 42" in r.stdout and "PASS" in r.stdout and "1/1 tasks passed" in r.stdout


def test_json_is_one_object_and_replays_exactly(quiz_cli):
    a = quiz_cli("grade", SOL / "linear.py", "--json", "--seed", "5")
    b = quiz_cli("grade", SOL / "linear.py", "--json", "--seed", "5")
    assert a.returncode == 0
    data = json.loads(a.stdout)  # exactly one object: json.loads rejects trailing data
    assert data["passed"] is True and data["seed"] == 5 and 0 <= data["score"] <= 1
    task = data["tasks"][0]
    assert task["id"] == "linear" and set(task["checks"][0]) >= {"name", "status", "passed", "message"}
    assert json.loads(b.stdout)["tasks"] == data["tasks"]


def test_fresh_seed_without_option(quiz_cli):
    seeds = {json.loads(quiz_cli("grade", SOL / "sigmoid.py", "--json").stdout)["seed"] for _ in range(2)}
    assert len(seeds) == 2


def test_failing_file_exits_1(quiz_cli, tmp_path):
    f = tmp_path / "bad.py"
    # NaN for large x (inf/inf), and a backward that forgets dout
    f.write_text("import numpy as np\ndef sigmoid(x):\n    return np.exp(x)/(1+np.exp(x))\n"
                 "def sigmoid_backward(dout, x):\n    s = sigmoid(x)\n    return s*(1-s)\n")
    r = quiz_cli("grade", f, "--json")
    assert r.returncode == 1
    data = json.loads(r.stdout)
    failed = {c["name"] for c in data["tasks"][0]["checks"] if not c["passed"]}
    assert "gradients: sigmoid_backward" in failed and "stability: sigmoid" in failed


def test_syntax_error_exits_1_with_line(quiz_cli, tmp_path):
    f = tmp_path / "broken.py"
    f.write_text("def sigmoid(x):\n    return (\n")
    r = quiz_cli("grade", f)
    assert r.returncode == 1 and "does not compile" in r.stdout and "line" in r.stdout
    assert "(numpy; score 0%)" in r.stdout and ", ;" not in r.stdout  # no empty device slot


def test_usage_errors_exit_2(quiz_cli, tmp_path):
    r = quiz_cli("grade", tmp_path / "nope.py")
    assert r.returncode == 2 and "no such file" in r.stderr and "Traceback" not in r.stderr
    f = tmp_path / "other.py"
    f.write_text("def hello():\n    pass\n")
    r = quiz_cli("grade", f)
    assert r.returncode == 2 and "defines none of the functions" in r.stderr
    r = quiz_cli("grade", SOL / "sigmoid.py", "--task", "no_such_task")
    assert r.returncode == 2 and "unknown task id 'no_such_task'" in r.stderr


def test_task_option_restricts_and_partial_files_are_graded(quiz_cli, tmp_path):
    f = tmp_path / "partial.py"
    f.write_text("import numpy as np\ndef sigmoid(x):\n    return 0.5 * (1 + np.tanh(x / 2))\n")
    data = json.loads(quiz_cli("grade", f, "--json", "--seed", "1").stdout)
    checks = {c["name"]: c for c in data["tasks"][0]["checks"]}
    assert checks["values: sigmoid"]["passed"]
    assert "partial.py does not define sigmoid_backward" in checks["gradients: sigmoid_backward"]["message"]


def test_notebook_with_magics(quiz_cli, tmp_path):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("# my answers"),
                nbformat.v4.new_code_cell("%matplotlib inline\nimport numpy as np"),
                nbformat.v4.new_code_cell((SOL / "softmax.py").read_text()),
                nbformat.v4.new_code_cell("!pip install nothing\nprint(softmax(np.zeros(3)))")]
    path = tmp_path / "answers.ipynb"
    nbformat.write(nb, path)
    r = quiz_cli("grade", path, "--json", "--seed", "3")
    assert r.returncode == 0, r.stdout
    data = json.loads(r.stdout)
    assert any("%matplotlib inline" in n for n in data["notes"])
    assert any("!pip install nothing" in n for n in data["notes"])


def test_cuda_without_a_gpu_is_a_usage_error(quiz_cli, monkeypatch):
    monkeypatch.setenv("CUDA_VISIBLE_DEVICES", "")  # the grader sees no GPU, even on a machine with one
    r = quiz_cli("grade", SOL / "sigmoid_torch.py", "--device", "cuda")
    assert r.returncode == 2 and "no CUDA device" in r.stderr


def test_public_surface_is_pinned():
    import grader.banks
    import grader.errors
    import grader.grading
    import grader.sandbox

    assert grader.errors.__all__ == ["ExitCode", "QuizError", "UsageError", "BankError", "SubmissionError",
                                     "ProgressError"]
    assert set(grader.grading.__all__) == {"CheckResult", "GradeOptions", "GradeResult", "TaskResult",
                                           "grade_file", "select_tasks"}
    assert set(grader.sandbox.__all__) == {"FALLBACK_RISKS", "FALLBACK_RISKS_DROPPED", "Isolation",
                                           "Limits", "Sandbox", "SandboxFailure", "Zygote",
                                           "detect_isolation", "start_zygote"}
    assert "load_bank" in grader.banks.__all__
    assert [int(c) for c in grader.errors.ExitCode] == [0, 1, 2]


def test_help_does_not_import_torch():
    import subprocess
    import sys

    code = "import sys; from grader.cli import cli; import grader.grading; print('torch' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.stdout.strip() == "False", out.stderr


def test_unknown_topic_is_the_same_usage_error_everywhere(quiz_cli, tmp_path):
    for args in (["practice", "--topic", "astrology"], ["sheet", "--topic", "astrology"],
                 ["guide", "--topic", "astrology"], ["stats", "--topic", "astrology"],
                 ["notebook", "--topic", "astrology", "-o", tmp_path / "n.ipynb"]):
        r = quiz_cli(*args)
        assert r.returncode == 2 and "unknown topic 'astrology'; topics: " in r.stderr, args
    for args in (["start", "nope"], ["hint", "nope"], ["notebook", "--task", "nope", "-o", tmp_path / "n.ipynb"]):
        r = quiz_cli(*args)
        assert r.returncode == 2 and "unknown task id 'nope'" in r.stderr, args


def test_start_defaults_to_the_tasks_own_framework(quiz_cli, tmp_path):
    """`quiz start gan_step` (torch only) needs no --framework."""
    r = quiz_cli("start", "gan_step", "-o", str(tmp_path / "g.py"))
    assert r.returncode == 0, r.stderr
    assert 'FRAMEWORK = "torch"' in (tmp_path / "g.py").read_text(encoding="utf-8")
