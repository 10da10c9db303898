"""Practice sessions: answers, scheduling with an injected clock, crash safety, the CLI."""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import threading
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from grader.banks import load_bank
from grader.banks.numeric import evaluate
from grader.practice.answers import parse_bool, parse_bug_answer, parse_choices, parse_number
from grader.practice.mathtext import math_to_text, render_math
from grader.practice.selection import Filters, DailyLimits
from grader.practice.session import JsonIo, PracticeSession
from grader.progress import ProgressStore, Rating, Scheduler

BANK = Path(__file__).parent / "practice_bank"


@pytest.fixture
def bank(monkeypatch):
    monkeypatch.setenv("QUIZ_BANKS", str(BANK))
    return load_bank()


# ------------------------------------------------------------------ answers and math
@pytest.mark.parametrize("text,value", [("0.25", 0.25), ("1/4", 0.25), ("2.5e-1", 0.25), ("25%", 0.25),
                                        (" -3 ", -3.0), ("1,024", 1024.0), ("−0.5", -0.5)])
def test_numbers_in_the_forms_people_type(text, value):
    assert parse_number(text) == pytest.approx(value)


@pytest.mark.parametrize("text", ["", "abc", "1/0", "0.2.5"])
def test_bad_numbers_are_refused_with_a_reason(text):
    with pytest.raises(ValueError):
        parse_number(text)


def test_choices_bool_and_bug_lines():
    assert parse_choices("a, C", "abcd") == ["a", "c"]
    assert parse_choices("ca", "abcd") == ["a", "c"]
    with pytest.raises(ValueError, match="not an option"):
        parse_choices("e", "abcd")
    assert parse_bool("T") is True and parse_bool("错") is False
    assert parse_bug_answer("line 6: use the mask") == (6, "use the mask")
    assert parse_bug_answer("6") == (6, "")


def test_math_reads_in_a_terminal():
    assert math_to_text(r"\sigma(x) = \frac{1}{1 + e^{-x}}") == "σ(x) = 1/(1 + e⁻ˣ)"
    assert math_to_text(r"\sum_i w_i^2") == "∑ᵢ wᵢ²"
    assert math_to_text(r"W^\top x") == "Wᵀ x"
    assert render_math("cost $O(n^2)$ here") == "cost O(n²) here"
    assert math_to_text(r"\lfloor (n + 2p - k)/s \rfloor + 1") == "⌊(n + 2p - k)/s⌋ + 1"


# ------------------------------------------------------------------ scripted sessions
def right_answer(event: dict, bank) -> str:
    q = bank.questions[event["id"]]
    letters = {o["text"]: o["letter"] for o in event["options"]}
    from grader.practice.mathtext import render_math as r

    by_key = {o.key: letters[r(o.text.en)] for o in getattr(q, "options", None) or []}
    if q.kind == "mcq":
        return by_key[q.answer]
    if q.kind == "multi":
        return ",".join(by_key[k] for k in q.answer)
    if q.kind == "true_false":
        return "t" if q.answer else "f"
    if q.kind == "numeric":
        return repr(evaluate(q, event["params"])[0])
    if q.kind == "spot_the_bug":
        return f"{q.answer.line}: fixed"
    return "my answer"


def wrong_answer(event: dict, bank) -> str:
    q = bank.questions[event["id"]]
    if q.kind in ("mcq", "multi"):
        right = set(right_answer(event, bank).split(","))
        return next(o["letter"] for o in event["options"] if o["letter"] not in right)
    if q.kind == "true_false":
        return "f" if q.answer else "t"
    if q.kind == "numeric":
        return str(evaluate(q, event["params"])[0] * 3 + 7)
    if q.kind == "spot_the_bug":
        return "1"
    return "no idea"


class ScriptedIo(JsonIo):
    """Answers each question by a plan: id -> "right" | "wrong" | "hint-right" | "skip"."""

    def __init__(self, bank, plan: dict[str, str], default: str = "right"):
        import io

        super().__init__(out=io.StringIO())
        self.bank, self.plan, self.default, self.queue, self.events = bank, plan, default, [], []

    def event(self, obj):
        self.events.append(obj)
        if obj["event"] == "question" and obj.get("kind") != "code":
            what = self.plan.get(obj["id"], self.default)
            answers = {"right": [right_answer(obj, self.bank)], "wrong": [wrong_answer(obj, self.bank)],
                       "hint-right": ["h", right_answer(obj, self.bank)], "skip": ["s"],
                       "quit": ["q"]}[what]
            if self.bank.questions[obj["id"]].kind == "short":
                answers += ["3" if what != "wrong" else "1"]
            self.queue = answers
        elif obj["event"] == "question":
            self.queue = ["n"]

    def ask(self, prompt):
        return self.queue.pop(0)


class Clock:
    def __init__(self, t):
        self.t = t

    def __call__(self):
        return self.t


def session(bank, store, clock, plan, **kw):
    io = ScriptedIo(bank, plan, kw.pop("default", "right"))
    s = PracticeSession(bank, store, Scheduler(clock=clock, fuzz=False), kw.pop("filters", Filters()),
                        rng=random.Random(kw.pop("seed", 1)), io=io, **kw)
    return s.run(), io


T0 = datetime(2026, 3, 1, 9, 0, tzinfo=timezone.utc)


def test_again_comes_back_before_good(bank, tmp_path):
    store = ProgressStore(tmp_path / "h")
    clock = Clock(T0)
    f = Filters(kinds=("true_false", "mcq"))
    summary, io = session(bank, store, clock, {"cnn.pooling-params": "wrong", "cnn.weight-sharing": "right"},
                          filters=f, count=5)
    assert summary.answered == 2 and summary.correct == 1
    again, good = store.card("cnn.pooling-params"), store.card("cnn.weight-sharing")
    assert again.due < good.due
    ratings = {r.item_id: r.rating for r in store.reviews()}
    assert ratings == {"cnn.pooling-params": int(Rating.Again), "cnn.weight-sharing": int(Rating.Good)}
    clock.t = T0 + timedelta(minutes=5)  # past Again's step, before Good's
    _, io2 = session(bank, store, clock, {"cnn.pooling-params": "wrong"}, filters=f, count=5)
    asked = [e["id"] for e in io2.events if e["event"] == "question"]
    assert asked == ["cnn.pooling-params"]  # the Good one is not due yet
    clock.t = T0 + timedelta(minutes=11)  # both due now: the one failed most recently is due first
    _, io3 = session(bank, store, clock, {}, filters=f, count=5)
    asked = [e["id"] for e in io3.events if e["event"] == "question"]
    assert asked[:2] == ["cnn.pooling-params", "cnn.weight-sharing"]


def test_hint_maps_to_hard_and_short_answers_are_self_rated(bank, tmp_path):
    store = ProgressStore(tmp_path / "h")
    summary, _ = session(bank, store, Clock(T0), {"cnn.output-size": "hint-right"},
                         filters=Filters(kinds=("numeric", "short")), count=5)
    ratings = {r.item_id: r.rating for r in store.reviews()}
    assert ratings["cnn.receptive-field-growth"] == int(Rating.Good)  # self-rated 3
    assert ratings["cnn.output-size"] == int(Rating.Hard)  # right after a hint


def test_cram_changes_no_schedule(bank, tmp_path):
    store = ProgressStore(tmp_path / "h")
    session(bank, store, Clock(T0), {}, filters=Filters(kinds=("mcq",)), count=5)
    before = store.card("cnn.weight-sharing")
    session(bank, store, Clock(T0 + timedelta(hours=1)), {"cnn.weight-sharing": "wrong"},
            filters=Filters(kinds=("mcq",)), count=5, cram=True)
    after = store.card("cnn.weight-sharing")
    assert (after.fsrs, after.due) == (before.fsrs, before.due)
    assert [r.mode for r in store.reviews()] == ["new", "cram"]


def test_daily_new_limit(bank, tmp_path):
    store = ProgressStore(tmp_path / "h")
    summary, _ = session(bank, store, Clock(T0), {}, count=10, limits=DailyLimits(new_per_day=2))
    assert summary.answered + summary.skipped == 2
    summary, _ = session(bank, store, Clock(T0 + timedelta(minutes=1)), {}, count=10,
                         limits=DailyLimits(new_per_day=2))
    assert summary.answered == 0 or all(r.mode != "new" for r in store.reviews()[2:])


def test_two_sessions_write_at_once(tmp_path):
    home = tmp_path / "h"
    ProgressStore(home).close()

    def writer(prefix):
        with ProgressStore(home) as store:
            for i in range(100):
                store.record_review(item_id=f"{prefix}{i % 7}", item_type="question", topic="cnn",
                                    fsrs_json="{}", due=T0, when=T0, rating=3, state=1, duration_ms=5,
                                    correct=True, mode="new")

    threads = [threading.Thread(target=writer, args=(p,)) for p in ("a", "b")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    with ProgressStore(home) as store:
        assert len(store.reviews()) == 200 and store.schema_version == 1


# ------------------------------------------------------------------ CLI: crash safety
def _spawn(args, env):
    return subprocess.Popen([sys.executable, "-m", "grader", *args], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, bufsize=1)


def test_sigkill_mid_session_keeps_every_completed_answer(bank, isolated_home):
    env = {**os.environ, "QUIZ_BANKS": str(BANK)}
    proc = _spawn(["practice", "--json", "--count", "6", "--seed", "4", "--kind", "mcq", "--kind",
                   "true_false", "--kind", "multi", "--kind", "numeric"], env)
    answered = 0
    while answered < 2:
        event = json.loads(proc.stdout.readline())
        if event["event"] == "question":
            proc.stdin.write(right_answer(event, bank) + "\n")
            proc.stdin.flush()
        elif event["event"] == "result":
            answered += 1
    event = json.loads(proc.stdout.readline())  # the third question is on screen
    assert event["event"] == "question"
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=10)
    for stream in (proc.stdin, proc.stdout, proc.stderr):
        stream.close()
    db = isolated_home / "progress.sqlite3"
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert conn.execute("SELECT COUNT(*) FROM reviews").fetchone()[0] == 2
    conn.close()
    out = subprocess.run([sys.executable, "-m", "grader", "stats", "--json"], capture_output=True, text=True,
                         env=env)
    report = json.loads(out.stdout)
    assert report["topics"]["cnn"]["answered"] == 2 and report["topics"]["cnn"]["accuracy"] == 1.0


def test_plain_text_session_from_a_pipe(bank, isolated_home):
    env = {**os.environ, "QUIZ_BANKS": str(BANK)}
    r = subprocess.run([sys.executable, "-m", "grader", "practice", "--kind", "true_false", "--count", "3"],
                       input="maybe\nf\n", capture_output=True, text=True, env=env)
    assert r.returncode == 0
    assert "type t (true) or f (false)" in r.stdout and "✔ Right." in r.stdout
    assert "1/1 right" in r.stdout and "\x1b[" not in r.stdout


# ------------------------------------------------------------------ coding-practice commands
def test_start_hint_solution_tasks_and_grade_counts(quiz_cli, tmp_path, isolated_home):
    out = tmp_path / "mine.py"
    r = quiz_cli("start", "sigmoid", "-o", out)
    assert r.returncode == 0 and out.exists()
    source = out.read_text()
    assert "def sigmoid(x):" in source and "def sigmoid_backward(dout, x):" in source
    assert "raise NotImplementedError" in source and "float64" in source
    r = quiz_cli("start", "sigmoid", "-o", out)
    assert r.returncode == 2 and "--force" in r.stderr
    torch_start = quiz_cli("start", "sigmoid", "-o", tmp_path / "t.py", "--framework", "torch")
    assert 'def sigmoid_backward(dout, x):\n    """Return' not in (tmp_path / "t.py").read_text()
    assert torch_start.returncode == 0
    assert quiz_cli("start", "dropout", "-o", tmp_path / "d.py", "--framework", "torch").returncode == 2
    r = quiz_cli("hint", "sigmoid", "--level", "2")
    assert r.stdout.count("hint ") == 2
    r = quiz_cli("solution", "sigmoid")
    assert "def sigmoid_backward" in r.stdout
    assert quiz_cli("grade", out, "--seed", "1").returncode == 1
    sol = Path(__file__).resolve().parent.parent / "solutions" / "sigmoid.py"
    assert quiz_cli("grade", sol, "--seed", "1").returncode == 0
    rows = {t["id"]: t for t in json.loads(quiz_cli("tasks", "--json").stdout)}
    assert rows["sigmoid"]["status"] == "passed" and rows["conv2d"]["status"] == "new"
    report = json.loads(quiz_cli("stats", "--json").stdout)
    assert report["tasks_passed"] == ["sigmoid"]
    assert quiz_cli("grade", sol, "--seed", "1", "--no-record").returncode == 0


def test_orphans_are_listed_and_pruned(bank, tmp_path, isolated_home):
    with ProgressStore(isolated_home) as store:
        store.record_review(item_id="cnn.removed-question", item_type="question", topic="cnn", fsrs_json="{}",
                            due=T0, when=T0, rating=3, state=1, duration_ms=1, correct=True, mode="new")
    env = {**os.environ, "QUIZ_BANKS": str(BANK)}
    run = lambda *a: subprocess.run([sys.executable, "-m", "grader", "stats", *a], capture_output=True,
                                    text=True, env=env)
    assert "cnn.removed-question" in run("--orphans").stdout
    assert "pruned" in run("--orphans", "--prune").stdout
    assert "0 orphaned" in run("--orphans").stdout
