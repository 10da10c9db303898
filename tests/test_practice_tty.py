"""A practice session driven through a real terminal (tmux): several kinds, a hint, Ctrl-C,
and the next session and `quiz stats` show exactly what was answered."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from conftest import MISSING_SYSTEM_PACKAGE

BANK = Path(__file__).parent / "practice_bank"
pytestmark = [
    pytest.mark.slow,  # drives a real terminal for seconds
    pytest.mark.skipif(shutil.which("tmux") is None,
                       reason=f"{MISSING_SYSTEM_PACKAGE} tmux (Debian: apt-get install tmux)"),
]


class Tmux:
    def __init__(self, command: str, env: dict[str, str]):
        self.name = f"quiz-{uuid.uuid4().hex[:8]}"
        exports = " ".join(f"{k}={v}" for k, v in env.items())
        subprocess.run(["tmux", "new-session", "-d", "-s", self.name, "-x", "120", "-y", "60",
                        f"env {exports} {command}; echo SESSION-EXIT=$?; sleep 60"], check=True)

    def screen(self) -> str:
        return subprocess.run(["tmux", "capture-pane", "-p", "-J", "-S", "-500", "-t", self.name],
                              capture_output=True, text=True).stdout

    def send(self, *keys: str) -> None:
        subprocess.run(["tmux", "send-keys", "-t", self.name, *keys], check=True)

    def wait_for(self, pattern: str, timeout: float = 30) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            text = self.screen()
            if re.search(pattern, text, re.S):
                return text
            time.sleep(0.1)
        raise AssertionError(f"{pattern!r} did not appear; screen:\n{self.screen()}")

    def close(self) -> None:
        subprocess.run(["tmux", "kill-session", "-t", self.name], capture_output=True)


def _answer(kind: str, block: str, bank, right: bool) -> str:
    from grader.banks.numeric import evaluate
    from grader.practice.mathtext import render_math

    q = next(q for q in bank.questions.values() if q.kind == kind)
    options = dict(re.findall(r"^\s+([a-f])\) (.+?)\s*$", block, re.M))
    letter_of = {key: next(l for l, t in options.items() if t == render_math(o.text.en))
                 for key, o in ((o.key, o) for o in getattr(q, "options", None) or [])}
    if kind == "mcq":
        return letter_of[q.answer] if right else next(l for k, l in letter_of.items() if k != q.answer)
    if kind == "multi":
        return ",".join(letter_of[k] for k in q.answer) if right else "c,d"
    if kind == "true_false":
        return ("t" if q.answer else "f") if right else ("f" if q.answer else "t")
    if kind == "numeric":
        flat = " ".join(block.split())
        m = re.search(r"(\d+)×\d+ kernel, stride (\d+) and zero padding (\d+) .* height (\d+)", flat)
        k, s, p, n = map(int, m.groups())
        value = evaluate(q, {"n": n, "k": k, "s": s, "p": p})[0]
        return str(int(value) if right else int(value) + 5)
    if kind == "spot_the_bug":
        return f"{q.answer.line}: mask" if right else "1"
    return "stacking small kernels"


def test_terminal_session_hint_ctrl_c_then_stats(tmp_path, monkeypatch):
    monkeypatch.setenv("QUIZ_BANKS", str(BANK))
    from grader.banks import load_bank

    bank = load_bank()
    home = tmp_path / "home"
    env = {"QUIZ_HOME": str(home), "QUIZ_BANKS": str(BANK), "TERM": "xterm-256color", "COLUMNS": "120"}
    kinds = " ".join(f"--kind {k}" for k in ("mcq", "multi", "true_false", "numeric", "short", "spot_the_bug"))
    term = Tmux(f"{sys.executable} -m grader practice --count 6 --seed 11 {kinds}", env)
    answered: list[tuple[str, bool]] = []
    try:
        plan = [True, "hint", False, True]
        for step, how in enumerate(plan, 1):
            text = term.wait_for(rf"\[{step}/6\] cnn · (\w+) · .*?s skip, q quit\)\s*\n>")
            block = text[text.rindex(f"[{step}/6]"):]
            kind = re.search(rf"\[{step}/6\] cnn · (\w+)", block).group(1)
            if how == "hint" and "h hint" in block:  # offered only where the question has one
                term.send("h", "Enter")
                term.wait_for(r"Count how many positions")
            term.send(_answer(kind, block, bank, right=how is not False), "Enter")
            if kind == "short":
                term.wait_for(r"How did you do\?")
                term.send("3", "Enter")
            answered.append((kind, how is not False))
        term.wait_for(r"\[5/6\] cnn · \w+ ·.*?\n>")
        term.send("C-c")
        final = term.wait_for(r"SESSION-EXIT=0")
    finally:
        capture = term.screen()
        term.close()
    (tmp_path / "capture.txt").write_text(capture)
    if os.environ.get("QUIZ_SAVE_CAPTURE"):
        Path(os.environ["QUIZ_SAVE_CAPTURE"]).write_text(capture)
    assert "Session ended early" in final and "Traceback" not in final
    right = sum(ok for _, ok in answered)
    assert f"{right}/4 right" in final

    env_run = {**os.environ, **env}
    stats = json.loads(subprocess.run([sys.executable, "-m", "grader", "stats", "--json"], env=env_run,
                                      capture_output=True, text=True).stdout)
    assert stats["topics"]["cnn"]["answered"] == 4
    from grader.progress import ProgressStore

    with ProgressStore(home) as store:
        reviews = store.reviews()
    assert len(reviews) == 4
    kind_of = {q.id: q.kind for q in bank.questions.values()}
    assert [kind_of[r.item_id] for r in reviews] == [k for k, _ in answered]
    # the next session starts with what is left: the two unanswered questions are new
    nxt = subprocess.run([sys.executable, "-m", "grader", "practice", "--json", "--count", "6", *kinds.split()], env=env_run,
                         input="", capture_output=True, text=True)
    first = json.loads(nxt.stdout.splitlines()[0])
    assert first["event"] == "question" and first["id"] not in {r.item_id for r in reviews} or \
        first["id"] in {r.item_id for r in reviews if r.rating == 1}
