"""Line breaking in the terminal: Chinese between characters (never before "，。"), Latin
text at spaces only, and options and verdicts hanging under their text; at width 40."""

from __future__ import annotations

import io
import random
from pathlib import Path

import pytest
from rich.cells import cell_len
from rich.console import Console
from rich.text import Text

from grader.practice.wrapping import Markdown, Wrapped, break_points, divide_line, hanging, split_label, wrap

WIDTH = 40
NO_LINE_START = tuple("，。、：；？！）》」』”")
CJK = ("对高为 28 的输入做二维卷积，卷积核为 3×3，步长为 2，四周各补零 3 行/列。输出的高是多少？"
       "局部连接加上权值共享，使卷积层的参数量为 Cₒᵤₜ(Cᵢₙk² + 1)，与输入的高和宽无关；"
       "而全连接层对每一对输入–输出单元都需要一个权重（偏置可以忽略）。")
MIXED = ("若 P(x) 为真，那 Python 的 sigmoid 在 x = -1000 时会溢出吗？用 --new-per-day 40 提高上限，"
         "学习率 lr = 3.14159e-4，文件 /tmp/run-01/model.py 里的 softmax_backward 函数需要 1/(1 + e⁻ˣ)。")


def _console(width: int = WIDTH) -> Console:
    return Console(width=width, file=io.StringIO(), color_system=None, legacy_windows=False)


def _rendered(renderable, width: int = WIDTH) -> list[str]:
    console = _console(width)
    console.print(renderable)
    return [line.rstrip() for line in console.file.getvalue().rstrip("\n").split("\n")]


def _wide(c: str) -> bool:
    import unicodedata

    return unicodedata.east_asian_width(c) in ("W", "F")


def _check_lines(text: str, lines: list[str], width: int = WIDTH) -> None:
    """Each line fits, starts with no closing punctuation, and ends where a break is allowed:
    at a space or beside a Chinese character, never inside a Latin word or a number."""
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")
    for line in lines:
        assert cell_len(line) <= width, line
        assert not line.startswith(NO_LINE_START), line
    for before, after in zip(lines, lines[1:]):
        joint = before[-1:] + after[:1]
        assert text.find(before[-1] + " " + after[0]) >= 0 or _wide(joint[0]) or _wide(joint[1]), (before, after)


@pytest.mark.parametrize("text", [CJK, MIXED])
def test_chinese_breaks_between_characters_and_latin_at_spaces(text):
    lines = wrap(text, WIDTH)
    _check_lines(text, lines)
    for token in ("P(x)", "Python", "sigmoid", "-1000", "--new-per-day", "3.14159e-4", "/tmp/run-01/model.py",
                  "softmax_backward", "1/(1", "e⁻ˣ)", "3×3，", "28"):
        if token in text:
            assert any(token in line for line in lines), (token, lines)


@pytest.mark.parametrize("text", [CJK, MIXED])
def test_every_line_is_filled_before_it_breaks(text):
    """Greedy: the next line's first piece would not have fitted (rich moved a whole Chinese
    run to the next line, leaving "那 P" alone at the end of a short one)."""
    lines = wrap(text, WIDTH)
    for before, after in zip(lines, lines[1:]):
        nxt = after[: break_points(after)[0]] if break_points(after) else after
        space = " " if text.find(before[-1] + " " + after[0]) >= 0 else ""
        assert cell_len(before + space + nxt.rstrip()) > WIDTH, (before, after)


def test_rich_alone_does_not_do_this():
    """Why this module exists: rich's own wrapping ends a line at "那 P(x)" and starts the
    Chinese run that follows on a line of its own."""
    text = "如果命题成立，那 P(x) 对所有满足条件的输入都成立，因此可以直接推出结论，再继续往下证明。"
    rich_lines = _rendered(Text(text))
    assert rich_lines[0] == "如果命题成立，那 P(x)"  # the bug, as rich 13–15 show it
    ours = _rendered(Wrapped(text))
    assert ours[0] == "如果命题成立，那 P(x) 对所有满足条件的输"
    _check_lines(text, ours)


def test_closing_punctuation_stays_with_the_character_before():
    text = "一二三四五六七八九十一二三四五六七八九，十一二三"  # the comma falls at cell 39–40 …
    assert wrap(text, 38) == ["一二三四五六七八九十一二三四五六七八", "九，十一二三"]  # … so 九 goes with it
    assert wrap("一二三（括号）", 8) == ["一二三", "（括号）"]  # nor does "（" end a line


def test_english_wraps_as_before_and_keeps_its_words():
    text = ("the daily limit of 20 new items is reached (5 unseen items match): raise it with "
            "--new-per-day 40")
    assert wrap(text, WIDTH) == ["the daily limit of 20 new items is", "reached (5 unseen items match): raise it",
                                 "with --new-per-day 40"]
    assert divide_line("a" * 50, 20) == [20, 40]  # a word longer than a line is folded, as rich does
    assert divide_line("a" * 50, 20, fold=False) == []


def test_options_and_verdicts_hang_under_their_text():
    assert split_label("  a) 正确：每个输出通道") == ("  a) ", "正确：每个输出通道")
    assert split_label("✘ 答错了。正确答案：b") == ("✘ ", "答错了。正确答案：b")
    assert split_label("  • key point") == ("  • ", "key point")
    assert split_label("   6 |     return x") == ("   6 | ", "    return x")
    assert split_label("[1/2] cnn · mcq") == ("", "[1/2] cnn · mcq")
    body = "正确：每个输出通道的 Cᵢₙ k² 个权重在所有位置重复使用，因此参数量不随图像尺寸增长。"
    lines = _rendered(hanging(Text("  a) "), Wrapped(body)))
    assert lines[0].startswith("  a) 正确") and len(lines) == 3
    assert all(line.startswith("     ") and not line[5].isspace() for line in lines[1:]), lines
    _check_lines(body, [line[5:] for line in lines], WIDTH - 5)
    english = _rendered(hanging(Text("  b) "), Wrapped("Wrong: pooling has no weights at all; it only "
                                                             "reduces the spatial size of activations.")))
    assert english == ["  b) Wrong: pooling has no weights at", "     all; it only reduces the spatial",
                       "     size of activations."]


def test_markdown_paragraphs_and_lists_break_chinese_too():
    lines = _rendered(Markdown(f"{CJK}\n\n- {CJK}\n\n```python\nx = 1  # 代码原样显示，不折行也不改动\n```"))
    paragraph = lines[: lines.index("")]
    _check_lines(CJK, paragraph)
    bullets = [line for line in lines
               if line.startswith(" • ") or line.startswith("   ") and not line.strip().startswith("x")]
    assert bullets[0].startswith(" • 对高为") and all(b.startswith("   ") for b in bullets[1:])
    assert any("x = 1  # 代码原样显示，不折行也不改动" in line for line in lines)


def test_measure_allows_a_table_to_shrink_a_chinese_column():
    measure = Wrapped(CJK).__rich_measure__(_console(), _console().options)
    assert measure.maximum == cell_len(CJK) and measure.minimum <= 10


# ------------------------------------------------------------------ a session in the rich terminal
BANK = Path(__file__).parent / "practice_bank"


def _scripted_rich_io(answers: list):
    """RichIo on a 40-column console, answering from a list (a callable gets the screen so far)."""
    from grader.practice.session import RichIo

    class Scripted(RichIo):
        def ask(self, prompt: str) -> str:
            answer = answers.pop(0)
            if callable(answer):
                answer = answer(self.console.file.getvalue())
            self.console.print(Text(f"{prompt} {answer}"))
            return answer

    return Scripted(console=_console())


def test_a_chinese_session_in_the_rich_terminal(monkeypatch, tmp_path):
    import re
    from datetime import datetime, timezone

    from grader.banks import load_bank
    from grader.practice.mathtext import render_math
    from grader.practice.selection import Filters
    from grader.practice.session import PracticeSession
    from grader.progress import ProgressStore, Scheduler

    monkeypatch.setenv("QUIZ_BANKS", str(BANK))
    bank = load_bank()
    q = bank.questions["cnn.weight-sharing"]
    wrong = render_math(next(o.text.zh for o in q.options if o.key != q.answer))

    def wrong_letter(screen: str) -> str:
        return next(letter for letter, first in re.findall(r"^  ([a-d])\) (.+?)\s*$", screen, re.M)
                    if wrong.startswith(first))

    io_ = _scripted_rich_io(["h", "the second one", wrong_letter])
    with ProgressStore(tmp_path / "h") as store:
        clock = lambda: datetime(2026, 3, 1, 9, tzinfo=timezone.utc)  # noqa: E731
        PracticeSession(bank, store, Scheduler(clock=clock, fuzz=False), Filters(kinds=("mcq",)), count=1,
                        lang="zh", rng=random.Random(3), io=io_).run()
    out = [line.rstrip() for line in io_.console.file.getvalue().split("\n")]
    text = "\n".join(out)
    assert "[1/1] cnn · 单选题 · 难度 1 · 新题" in text
    assert "一个字母；s 跳过，q 退出" in text  # this question has no hint: no h …
    assert "这道题没有更多提示了。" in text  # … and says so when asked
    assert "请输入所选项的字母（a、b、c、d）；选多项就输入多个字母，如 a,c" in text.replace("\n", "")
    assert re.search(r"^✘ 答错了。正确答案：[a-d]$", text, re.M)
    assert "本次练习完成：答对 0/1。" in text
    assert all(cell_len(line) <= WIDTH for line in out), out
    assert not any(line.startswith(NO_LINE_START) for line in out), out
    # the feedback on the options: each wraps, its continuation under its text
    feedback = out[next(i for i, line in enumerate(out) if line.startswith("✘")) + 1:]
    chosen = next(i for i, line in enumerate(feedback) if "你选了这一项：" in line)
    assert feedback[chosen].startswith("  ") and feedback[chosen + 1].startswith("     ")
    assert not feedback[chosen + 1][5].isspace()
