"""The practice commands' messages: one catalogue, both languages, and no English sentence
left behind in the session or the kinds."""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import pytest

from grader.practice.answers import AnswerError, parse_bool, parse_choices, parse_rating
from grader.practice.messages import LANGS, MESSAGES, Bilingual, bilingual, message

ROOT = Path(__file__).resolve().parent.parent


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


@pytest.mark.parametrize("msg_id", sorted(MESSAGES))
def test_every_message_has_both_languages_with_the_same_fields(msg_id):
    texts = MESSAGES[msg_id]
    assert set(texts) == set(LANGS), msg_id
    assert all(texts[lang].strip() or msg_id.endswith("_sep") for lang in LANGS), msg_id
    assert _fields(texts["en"]) == _fields(texts["zh"]), msg_id


def test_chinese_messages_use_full_width_punctuation():
    """No ASCII `,;:?!()` right after a Chinese character: `，；：？！（）` there."""
    cjk_then_ascii = re.compile(r"[\u4e00-\u9fff][,;:?!()]")
    offenders = {k: v["zh"] for k, v in MESSAGES.items() if cjk_then_ascii.search(v["zh"])}
    assert not offenders, offenders


def test_the_keys_a_person_types_are_the_same_in_both_languages():
    for msg_id in ("keys.with_hint", "question.rate", "invalid.rating", "task.offer"):
        en, zh = MESSAGES[msg_id]["en"], MESSAGES[msg_id]["zh"]
        typed = r"(?<![A-Za-z])[hsq1-4](?![A-Za-z])|\[y/N/q\]"
        assert re.findall(typed, en) == re.findall(typed, zh), msg_id
    assert message("keys.with_hint", "zh") == "h 提示，s 跳过，q 退出"
    assert message("question.rate", "zh") == "自评：1 重来，2 困难，3 良好，4 简单"
    for typed, rating in (("1", 1), ("重来", 1), ("4", 4), ("简单", 4)):
        assert parse_rating(typed) == rating


def test_message_fills_fields_and_joins_lists_the_languages_way():
    assert message("invalid.not_an_option", "en", bad=("e",), letters=tuple("abcd")) == \
        "e is not an option (options: a, b, c, d)"
    assert message("invalid.not_an_option", "zh", bad=("e",), letters=tuple("abcd")) == \
        "没有 e 这个选项（可选：a、b、c、d）"
    both = bilingual("verdict.wrong", answer="b")
    assert both == Bilingual(en="✘ Not quite. The answer is b.", zh="✘ 答错了。正确答案：b")
    with pytest.raises(KeyError):
        message("no.such.message", "en")


def test_an_unreadable_answer_says_why_in_both_languages():
    with pytest.raises(AnswerError) as info:
        parse_choices("the second one", "abcd")
    assert str(info.value) == info.value.text.en  # the English reason stays the exception's message
    assert info.value.text.zh == "请输入所选项的字母（a、b、c、d）；选多项就输入多个字母，如 a,c"
    with pytest.raises(ValueError, match=r"type t \(true\) or f \(false\)"):  # still a ValueError
        parse_bool("maybe")


# ------------------------------------------------------------------ no English left behind
#: what the session and the kinds show comes from the catalogue: their own string literals
#: are message ids, rich styles, formats without words, or the banks' bilingual `Text(en=, zh=)`
SOURCES = [ROOT / "grader" / "practice" / name for name in ("session.py", "answers.py", "selection.py")] \
    + sorted((ROOT / "grader" / "kinds").glob("*.py"))
WORD = re.compile(r"[A-Za-z]{2,}")
SENTENCE_END = re.compile(r"\b[A-Za-z]{2,}[.!?:](\s|$)")
STYLE = re.compile(r"\[?(bold|dim|italic|red|green|yellow|cyan)( (bold|dim|italic|red|green|yellow|cyan))*\]?")


def _prose_literals(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip: set[int] = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr) \
                and isinstance(body[0].value, ast.Constant):
            skip.add(id(body[0].value))  # docstrings
        if isinstance(node, ast.keyword) and node.arg in LANGS:
            skip.update(id(n) for n in ast.walk(node.value))  # Text(en=..., zh=...): bilingual already
        if isinstance(node, ast.Assert) and node.msg is not None:
            skip.update(id(n) for n in ast.walk(node.msg))  # for developers
    return [f"{path.relative_to(ROOT)}:{node.lineno}: {node.value!r}" for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skip
            and not any(msg_id.startswith(node.value) for msg_id in MESSAGES)  # ids, "state." + ...
            and not STYLE.fullmatch(node.value.strip())
            and (len(WORD.findall(node.value)) >= 2 and " " in node.value or SENTENCE_END.search(node.value))]


def test_the_session_and_the_kinds_hold_no_english_sentences():
    offenders = [line for path in SOURCES for line in _prose_literals(path)]
    assert not offenders, "move these to grader/practice/messages.py:\n" + "\n".join(offenders)


def test_the_check_finds_a_sentence(tmp_path):
    """The grep above is shown to fail on the kind of literal it is there to catch."""
    sample = tmp_path / "sample.py"
    sample.write_text('def f(io):\n    """Docstrings are fine."""\n    io.say("Skipped.")\n'
                      '    io.say(f"({hint}; h hint, s skip)")\n    io.say("bold green")\n', encoding="utf-8")
    global ROOT
    saved, ROOT = ROOT, tmp_path
    try:
        found = _prose_literals(sample)
    finally:
        ROOT = saved
    assert [f.split(": ", 1)[1] for f in found] == ["'Skipped.'", "'; h hint, s skip)'"]
