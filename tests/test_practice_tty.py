"""A practice session driven through a real terminal (tmux): several kinds, a hint, Ctrl-C,
and the next session and `quiz stats` show exactly what was answered; and a Chinese session
in 60 columns: Chinese prompts, lines broken between characters, options hanging."""

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
    def __init__(self, command: str, env: dict[str, str], width: int = 120):
        self.name = f"quiz-{uuid.uuid4().hex[:8]}"
        exports = " ".join(f"{k}={v}" for k, v in env.items())
        subprocess.run(["tmux", "new-session", "-d", "-s", self.name, "-x", str(width), "-y", "60",
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


# ------------------------------------------------------------------ 中文, 60 columns
WIDTH = 60


def _lines_between(screen: list[str], start: str, end: str) -> list[str]:
    """The lines after the last line matching `start`, up to the next one matching `end`."""
    first = max(i for i, line in enumerate(screen) if re.search(start, line)) + 1
    last = next(i for i in range(first, len(screen)) if re.search(end, screen[i]))
    return screen[first:last]


def _broken_too_early(lines: list[str], width: int) -> list[tuple[str, str]]:
    """Lines of one paragraph that end although the next line's first unbreakable piece
    (e.g. "P(x)" after "那 ", or "2，" after "步长为 ") would still have fitted."""
    from rich.cells import cell_len

    from grader.practice.wrapping import break_points

    early = []
    for line, nxt in zip(lines, lines[1:]):
        cut = break_points(nxt)
        first = (nxt[: cut[0]] if cut else nxt).rstrip()
        if cell_len(line) + 1 + cell_len(first) <= width:  # + 1: the space the break may have eaten
            early.append((line, nxt))
    return early


def test_chinese_session_in_60_columns(tmp_path, monkeypatch):
    monkeypatch.setenv("QUIZ_BANKS", str(BANK))
    from rich.cells import cell_len

    from grader.banks import load_bank
    from grader.banks.numeric import evaluate
    from grader.practice.mathtext import render_math

    bank = load_bank()
    env = {"QUIZ_HOME": str(tmp_path / "home"), "QUIZ_BANKS": str(BANK), "TERM": "xterm-256color",
           "COLUMNS": str(WIDTH)}
    term = Tmux(f"{sys.executable} -m grader practice --lang zh --count 3 --seed 11 --kind mcq --kind numeric "
                "--kind short", env, width=WIDTH)
    kinds = []
    try:
        for step in (1, 2, 3):
            text = term.wait_for(rf"\[{step}/3\] cnn · .*?s 跳过，q 退出\s*\n>")
            block = text[text.rindex(f"[{step}/3]"):]
            kind = re.search(rf"\[{step}/3\] cnn · (\S+) · 难度 \d · 新题", block).group(1)
            kinds.append(kind)
            if kind == "计算题":  # a hint, then the right answer
                term.send("h", "Enter")
                term.wait_for(r"数一数")
                flat = "".join(block.split())
                n, k, s, p = map(int, re.search(r"高为(\d+)的输入做二维卷积，卷积核为(\d+)×\d+，步长为(\d+)，"
                                                r"四周各补零(\d+)行", flat).groups())
                q = next(q for q in bank.questions.values() if q.kind == "numeric")
                term.send(str(int(evaluate(q, {"n": n, "k": k, "s": s, "p": p})[0])), "Enter")
            elif kind == "单选题":  # a wrong option: its feedback wraps, hanging under its text
                q = next(q for q in bank.questions.values() if q.kind == "mcq")
                wrong = [render_math(o.text.zh) for o in q.options if o.key != q.answer]
                options = re.findall(r"^  ([a-d])\) (\S.*?)\s*$", block, re.M)
                term.send(next(letter for letter, first in options if any(w.startswith(first) for w in wrong)),
                          "Enter")
            else:
                assert kind == "简答题", kind
                term.send("叠几层小卷积核", "Enter")
                term.wait_for(r"自评：1 重来，2 困难，3 良好，4 简单")
                term.send("3", "Enter")
        term.wait_for(r"SESSION-EXIT=0")
    finally:
        capture = term.screen()
        term.close()
    (tmp_path / "capture.txt").write_text(capture)
    screen = [line.rstrip() for line in capture.split("\n")]
    assert sorted(kinds) == sorted(["单选题", "计算题", "简答题"]) and "Traceback" not in capture
    assert "本次练习完成：答对 2/3。" in screen
    assert "一个整数；h 提示，s 跳过，q 退出" in screen and "一个字母；s 跳过，q 退出" in screen
    assert any(line.startswith("自评：1 重来，2 困难，3 良好，4 简单") for line in screen)
    assert "参考答案：" in screen and "要点：" in screen
    assert all(cell_len(line) <= WIDTH for line in screen), [line for line in screen if cell_len(line) > WIDTH]
    assert not any(line.lstrip().startswith(tuple("，。、：；？！）")) for line in screen)
    # the option the person chose wrongly: its explanation's continuation lines hang under its text
    chosen = next(i for i, line in enumerate(screen) if re.match(r"  [a-d]\) 你选了这一项：", line))
    assert re.match(r" {5}\S", screen[chosen + 1]), screen[chosen: chosen + 3]
    # paragraphs break where Chinese may break, not only at the spaces around "28", "k", "P(x)"
    paragraphs = [_lines_between(screen, r"^\[\d/3\] cnn · 计算题", r"^一个整数；"),  # the prompt
                  _lines_between(screen, r"^> h$", r"^> "),  # the hint
                  _lines_between(screen, r"^✔ 答对了。", r"^$")]  # the explanation
    assert all(len(p) >= 2 for p in paragraphs), paragraphs  # they do wrap at 60 columns
    assert not [pair for p in paragraphs for pair in _broken_too_early(p, WIDTH)]


def test_the_early_break_check_catches_rich_wrapping_chinese():
    """rich alone ends lines at the spaces around numbers and Latin names: the check says so."""
    import io

    from rich.console import Console
    from rich.text import Text

    console = Console(width=WIDTH, file=io.StringIO(), color_system=None)
    console.print(Text("对高为 28 的输入做二维卷积，卷积核为 3×3，步长为 2，四周各补零 3 行/列。输出的高是多少？"))
    lines = [line.rstrip() for line in console.file.getvalue().rstrip("\n").split("\n")]
    assert _broken_too_early(lines, WIDTH) == [("对高为 28 的输入做二维卷积，卷积核为 3×3，步长为",
                                                "2，四周各补零 3 行/列。输出的高是多少？")]


# ------------------------------------------------------------------ spot_the_bug: a typed fix runs
def _bank_with_a_runnable_bug(dest: Path) -> None:
    """The practice bank, its max-pooling bug given the real bank's setup and check."""
    from grader.banks import load_bank

    real = load_bank().questions["cnn.maxpool-backward-bug"]
    dest.mkdir()
    for path in BANK.glob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        if path.name == "cnn.yaml":
            block = "".join(f"    {key}: |\n" + "".join(f"      {ln}\n" if ln.strip() else "\n"
                                                       for ln in value.rstrip("\n").split("\n"))
                            for key, value in (("setup", real.setup), ("check", real.check)))
            anchor = "    answer:\n      line: 6\n      fixed_line: \"            dx["
            assert text.count(anchor) == 1
            text = text.replace(anchor, block + anchor)
        (dest / path.name).write_text(text, encoding="utf-8")


@pytest.mark.parametrize("fix, said", [
    ("dx[2*i:2*i+2, 2*j:2*j+2] += (win == win.max()) * dout[i, j]",
     r"Right\..*your fix works: the check passes"),
    ("dx[2*i:2*i+2, 2*j:2*j+2] += dout[i, j]",
     r"your fix does not work: AssertionError: the gradient should go only to each\s+window's maximum"
     r".*line 6 is the right line, but a fix that fails the check counts as a wrong answer"),
])
def test_a_typed_fix_of_a_bug_runs_and_says_whether_it_works(tmp_path, fix, said):
    bank = tmp_path / "bank"
    _bank_with_a_runnable_bug(bank)
    env = {"QUIZ_HOME": str(tmp_path / "home"), "QUIZ_BANKS": str(bank), "TERM": "xterm-256color",
           "COLUMNS": "120"}
    term = Tmux(f"{sys.executable} -m grader practice --count 1 --kind spot_the_bug", env)
    try:
        term.wait_for(r"\[1/1\] cnn · spot_the_bug · .*?q quit\)\s*\n>")
        term.send("-l", f"6: {fix}")  # literally: the fix has brackets and stars
        term.send("Enter")
        final = term.wait_for(r"SESSION-EXIT=0", timeout=60)
    finally:
        term.close()
    assert re.search(said, final, re.S), final
    assert "Traceback" not in final
