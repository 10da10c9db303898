"""Spot-the-bug questions that run: every snippet with a `check` fails it as given and passes
it with `fixed_line` in place (in the sandbox); how a typed fix replaces the line, and how
a practice answer with a fix is graded."""

from __future__ import annotations

import random

import pytest
from pydantic import ValidationError

from grader.banks import load_bank
from grader.banks.questions import SpotTheBugQuestion
from grader.practice.answers import parse_bug_answer


def _bug(**changes) -> SpotTheBugQuestion:
    raw = {"id": "t.bug", "kind": "spot_the_bug", "topic": "t", "difficulty": 1,
           "prompt": {"en": "p", "zh": "p"}, "explanation": {"en": "e", "zh": "e"},
           "code": "def f(x):\n    if x:\n        return x - 1\n    return 0\n",
           "answer": {"line": 3, "fixed_line": "        return x + 1", "fix": {"en": "f", "zh": "f"}},
           "setup": "import numpy as np\n", "check": "assert f(2) == 3, f'f(2) is {f(2)}'\n"}
    for key, value in changes.items():
        if value is None:
            raw.pop(key)
        elif key == "answer":
            raw["answer"] = {**raw["answer"], **value}
        else:
            raw[key] = value
    return SpotTheBugQuestion.model_validate(raw)


def _runnable():
    return sorted((q for q in load_bank().questions.values() if q.kind == "spot_the_bug"),
                  key=lambda q: q.id)


# ------------------------------------------------------------------ reading and replacing
def test_a_typed_fix_is_one_line_after_the_number():
    assert parse_bug_answer("7: best_state = copy.deepcopy(model.state_dict())") == \
        (7, "best_state = copy.deepcopy(model.state_dict())")
    assert parse_bug_answer("line 7: `w -= lr * w.grad`") == (7, "w -= lr * w.grad")
    assert parse_bug_answer("第 7 行：w -= lr") == (7, "w -= lr")
    assert parse_bug_answer("7") == (7, "")


def test_the_fix_replaces_the_line_at_its_indentation():
    q = _bug()
    want = "def f(x):\n    if x:\n        return x + 1\n    return 0\n"
    assert q.corrected("return x + 1") == want               # typed without indentation
    assert q.corrected("    return x + 1   ") == want        # or with any other
    assert q.corrected(q.answer.fixed_line) == want
    program = q.program("return x + 1")
    assert program.splitlines()[q.setup_lines:q.setup_lines + 4] == want.splitlines()
    assert program.startswith("import numpy as np\n") and program.endswith("f(2)}'\n")


def test_the_model_rejects_a_fixed_line_that_does_not_fit():
    with pytest.raises(ValidationError, match="indented 12 characters, line 3 8"):
        _bug(answer={"fixed_line": "            return x + 1"})
    with pytest.raises(ValidationError, match="give both or neither"):
        _bug(check=None)
    with pytest.raises(ValidationError, match="does not compile"):
        _bug(check="assert f(2) ==\n")
    assert _bug(setup=None, check=None).check is None          # line-only questions stay valid


def test_words_and_lone_names_are_not_run():
    from grader.practice.bugrun import not_code

    q = _bug()
    assert not_code(q, "use the mask").startswith("SyntaxError")
    assert not_code(q, "mask") == "'mask'"
    assert not_code(q, "return x + 1") == ""


def test_every_spot_the_bug_question_can_be_run():
    """Issue 14: each of them carries a check (list the exceptions here with the reason)."""
    line_only = [q.id for q in _runnable() if q.check is None]
    assert line_only == []


# ------------------------------------------------------------------ running (sandbox)
@pytest.mark.slow
@pytest.mark.parametrize("q", _runnable(), ids=lambda q: q.id)
def test_the_snippet_fails_its_check_and_the_fixed_line_passes(q):
    from grader.practice.bugrun import needs_torch, run_program

    if q.check is None:
        pytest.skip("line-only question")
    first = q.setup_lines + 1
    snippet = (first, first + q.code.rstrip("\n").count("\n"))
    bad = run_program(q.program(), torch=needs_torch(q), snippet=snippet)
    good = run_program(q.program(q.answer.fixed_line), torch=needs_torch(q), snippet=snippet)
    assert bad.works is False and bad.detail, (q.id, bad)
    assert good.works is True, (q.id, good.detail, good.output)
    assert bad.seconds < 15 and good.seconds < 15, (bad.seconds, good.seconds)  # seconds, even on a busy CI


@pytest.mark.slow
def test_a_practice_answer_with_a_fix_is_graded_by_running_it():
    from grader.kinds import kind_of
    from grader.kinds.spot_the_bug import BugVerdict

    q = load_bank().questions["early_stopping.state-dict-alias-bug"]
    kind = kind_of(q)
    shown = kind.show(q, random.Random(0))

    def said(raw):
        correct, understood = kind.check(shown, raw)
        assert isinstance(understood, BugVerdict)
        return correct, " | ".join(text for _, text, _ in kind.feedback(shown, correct, understood, lambda t: t.en))

    correct, text = said("7: best_state = copy.deepcopy(model.state_dict())")
    assert correct is True and "your fix works: the check passes" in text
    correct, text = said("7: best_state = dict(model.state_dict())")
    assert correct is False and "your fix does not work: AssertionError: the restored weights" in text
    assert "line 7 is the right line, but a fix that fails the check counts as a wrong answer" in text
    correct, text = said("7: best_state = model.state_dict(")           # not Python: line only
    assert correct is True and "your fix was not run" in text
    correct, text = said("7")
    assert correct is True and "tip: type the corrected line" in text
    correct, text = said("6: best_loss = 0")                             # wrong line: nothing is run
    assert correct is False and "your fix" not in text
    correct, text = said("7: import os; os.kill(1, 9)")                  # runs only in the sandbox
    assert correct is False


#: Fixes that look plausible but are wrong: the check rejects each (the line, typed as a
#: person would, without indentation).
NEAR_MISSES = [
    ("early_stopping.state-dict-alias-bug", "best_state = dict(model.state_dict())"),      # shares the tensors
    ("early_stopping.counter-reset-bug", "best = val_loss; wait -= 1"),
    ("applications.iou-clamp-bug", "inter = (ix2 - ix1).clamp(min=0) * (iy2 - iy1)"),
    ("compression.kd-loss-bug", "log_soft_student = F.log_softmax(teacher_logits / T, dim=-1)"),
    ("ensembles.bootstrap-bug", "idx = rng.choice(n, size=n // 2, replace=False)"),      # subsampling
    ("hyperparameters.log-uniform-bug", "lr = rng.uniform(1e-5, 1e-1)"),                    # uniform, not log
    ("lr_schedules.plateau-mode-bug", 'sched = torch.optim.lr_scheduler.ReduceLROnPlateau(opt, mode="max", factor=0.1, patience=500)'),
    ("rnn.tbptt-detach-bug", "out, h = rnn(x)"),                                            # state not carried
    ("optimizers.adam-bias-bug", "v_hat = v"),
    ("self_supervised.nt-xent-normalize-bug", "z = z / z.norm()"),
]


@pytest.mark.slow
@pytest.mark.parametrize("qid, fix", NEAR_MISSES, ids=[f"{q}:{f}" for q, f in NEAR_MISSES])
def test_a_plausible_wrong_fix_fails_the_check(qid, fix):
    from grader.practice.bugrun import run_fix

    run = run_fix(load_bank().questions[qid], fix)
    assert run.works is False and run.detail, run


@pytest.mark.slow
def test_a_fix_that_hangs_or_floods_is_stopped():
    from grader.practice.bugrun import run_fix

    q = load_bank().questions["gradient_descent.no-reshuffle"]
    run = run_fix(q, "while True: pass", timeout=2)
    assert run.works is False and "did not finish within 2 s" in run.detail
    run = run_fix(q, "order = np.arange(N); print('\\x1b[2J' * 3, 'spam')")
    assert run.works is False and "\x1b" not in run.output and "spam" in run.output


def _descendants() -> set[int]:
    import os
    from pathlib import Path

    parents = {}
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            state, ppid = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[:2]
        except (OSError, ValueError, IndexError):
            continue
        if state != "Z":  # a child that ended, not yet reaped by the warm zygote (at its next
            parents[int(pid)] = int(ppid)  # message): dead, it holds nothing but its pid
    mine, grew = {os.getpid()}, True
    while grew:
        grew = False
        for pid, ppid in parents.items():
            if ppid in mine and pid not in mine:
                mine.add(pid)
                grew = True
    return mine - {os.getpid()}


@pytest.mark.slow
def test_a_hostile_fix_changes_nothing_outside_and_leaves_no_process(tmp_path):
    """The typed fix is code from the person: in the sandbox it cannot write outside its scratch
    or leave a process behind (these fixes also keep the bug, so none may pass)."""
    import time
    from pathlib import Path

    from grader.practice.bugrun import run_fix
    from grader.sandbox import detect_isolation

    q = load_bank().questions["gradient_descent.no-reshuffle"]
    outside = tmp_path / "outside.txt"
    outside.write_text("unchanged\n")
    run_fix(q, "order = np.arange(N)")  # the zygotes are up: they are not what is counted
    before = _descendants()
    attacks = [
        f"order = np.arange(N); open({str(outside)!r}, 'w').write('owned')",
        "import os; order = np.arange(N) if os.fork() else __import__('time').sleep(60)",
    ]
    for fix in attacks:
        run = run_fix(q, fix, timeout=5)
        assert run.works is not True, (fix, run)
    time.sleep(0.5)
    if detect_isolation().namespaces:  # in the jail the file does not exist at all
        assert outside.read_text() == "unchanged\n"
    left = _descendants() - before
    assert not left, [Path(f"/proc/{p}/cmdline").read_bytes()[:200] for p in left if Path(f"/proc/{p}").exists()]


@pytest.mark.slow
def test_the_json_result_says_whether_a_typed_fix_ran_and_worked(tmp_path):
    """`quiz practice --json`: the result event of a spot-the-bug answer carries the fix's run."""
    import json
    import os
    import subprocess
    import sys

    from grader.banks import load_bank

    bank = load_bank()
    proc = subprocess.Popen([sys.executable, "-m", "grader", "practice", "--json", "--kind", "spot_the_bug",
                             "--topic", "early_stopping", "--count", "1", "--cram", "--home", str(tmp_path)],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
                            env={**os.environ, "QUIZ_HOME": str(tmp_path)})
    question = json.loads(proc.stdout.readline())
    q = bank.questions[question["id"]]
    proc.stdin.write(f"{q.answer.line}: {q.answer.fixed_line.strip()}\n")
    proc.stdin.flush()
    result = json.loads(proc.stdout.readline())
    proc.stdin.close()
    proc.wait(timeout=60)
    proc.stdout.close()
    assert result["event"] == "result" and result["correct"] is True
    assert result["fix"] == {"ran": True, "works": True, "detail": result["fix"]["detail"]}
