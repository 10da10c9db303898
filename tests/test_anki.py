"""`quiz export anki`: the package read back with sqlite3 (notes, tags, GUIDs, decks, note
types), stable ids across exports and edits, drawn numeric instances, math for MathJax,
HTML escaping, and the command's errors."""

from __future__ import annotations

import json
import re
import shutil
import sqlite3
import zipfile
from pathlib import Path

import genanki
import pytest

from grader.banks import load_bank
from grader.banks.numeric import evaluate
from grader.cli import main
from grader.render.markup import _MATH
from grader.render.anki import INSTANCES, anki_html, deck_id, model_id, notes, write_anki

HERE = Path(__file__).parent
#: 2026-01-01T00:00:00Z: a fixed modification time, so that two exports differ only where asked
T0 = 1767225600.0

TOPICS = """
topics:
  activations: {en: "Activation functions", zh: "激活函数"}
  cnn: {en: "CNN building blocks", zh: "卷积网络基本组件"}
"""

#: questions with what a package must escape or convert: `<` in code, in math and in text,
#: inline and display math, and tags with spaces
EXTRA = r"""
  - id: cnn.escape-check
    kind: spot_the_bug
    topic: cnn
    tags: [html escaping]
    difficulty: 1
    prompt:
      en: "Which line is wrong when $a_1 < b$? The text <b>is not bold</b>."
      zh: "当 $a_1 < b$ 时哪一行有错？文字 <b>不是粗体</b>。"
    code: |
      def smaller(a, b):
          return a > b
    answer:
      line: 2
      fixed_line: "    return a < b"
      fix: {en: "Compare with `<`.", zh: "用 `<` 比较。"}
    explanation:
      en: |
        The sum is
        $$\sum_{i<n} x_i$$
        and $x_{i} \le y$ holds.
      zh: |
        和为
        $$\sum_{i<n} x_i$$
        且 $x_{i} \le y$ 成立。
"""


def _make_bank(folder: Path, monkeypatch, *, extra: str = EXTRA) -> Path:
    shutil.copytree(HERE / "practice_bank", folder)
    (folder / "_topics.yaml").write_text(TOPICS, encoding="utf-8")
    cnn = folder / "cnn.yaml"  # a question's topic is its file's: appended to the list of questions
    cnn.write_text(cnn.read_text(encoding="utf-8").rstrip("\n") + "\n" + extra, encoding="utf-8")
    monkeypatch.setenv("QUIZ_BANKS", str(folder))
    return folder


@pytest.fixture
def bank(tmp_path, monkeypatch):
    _make_bank(tmp_path / "bank", monkeypatch)
    return load_bank()


def read_apkg(path: Path, tmp_path: Path) -> dict:
    """What Anki would import: notes (guid, fields, tags, note type), cards, decks, note types."""
    with zipfile.ZipFile(path) as z:
        names = set(z.namelist())
        db_name = "collection.anki21" if "collection.anki21" in names else "collection.anki2"
        db = tmp_path / f"read-{path.stem}.sqlite"
        db.write_bytes(z.read(db_name))
    conn = sqlite3.connect(db)
    try:
        rows = conn.execute("SELECT id, guid, mid, tags, flds FROM notes ORDER BY id").fetchall()
        cards = conn.execute("SELECT nid, did FROM cards").fetchall()
        decks, models = (json.loads(x) for x in conn.execute("SELECT decks, models FROM col").fetchone())
    finally:
        conn.close()
    found = [{"guid": g, "mid": mid, "tags": tags.split(), "fields": flds.split("\x1f")}
             for _id, g, mid, tags, flds in rows]
    return {"notes": found, "cards": cards, "decks": decks, "models": models, "files": names}


def _expected_count(questions) -> int:
    """Notes a bank should give: one per question, `INSTANCES` per numeric template (fewer
    when its grid has fewer valid combinations)."""
    total = 0
    for q in questions:
        if q.kind == "numeric" and q.params:
            valid = 0
            for params in q.grid():
                try:
                    evaluate(q, params)
                except ValueError:
                    continue
                valid += 1
                if valid == INSTANCES:
                    break
            total += valid
        else:
            total += 1
    return total


def _by_id(package: dict) -> dict[str, dict]:
    return {n["fields"][-1]: n for n in package["notes"]}


def test_the_package_reads_back_with_every_question_its_tags_and_stable_ids(bank, tmp_path):
    done = write_anki(bank, tmp_path / "deck.apkg", timestamp=T0)
    package = read_apkg(done.path, tmp_path)
    questions = list(bank.questions.values())

    assert "collection.anki2" in package["files"] and "media" in package["files"]
    assert len(package["notes"]) == done.notes == _expected_count(questions) == len(questions) - 1 + INSTANCES
    assert done.questions == len(questions)
    assert len({n["guid"] for n in package["notes"]}) == len(package["notes"])
    # one note type with Front, Back, Id; one deck; every card in it
    (mid, model), = package["models"].items()
    assert int(mid) == model_id("en") and [f["name"] for f in model["flds"]] == ["Front", "Back", "Id"]
    assert {n["mid"] for n in package["notes"]} == {model_id("en")}
    assert str(deck_id("en")) in package["decks"]
    assert package["decks"][str(deck_id("en"))]["name"] == "Deep-learning interview questions"
    assert {did for _nid, did in package["cards"]} == {deck_id("en")}
    assert len(package["cards"]) == len(package["notes"])

    by_id = _by_id(package)
    note = by_id["cnn.weight-sharing"]
    assert note["guid"] == genanki.guid_for("cnn.weight-sharing", "en")
    assert set(note["tags"]) == {"topic::cnn", "kind::mcq", "difficulty::1", "weight_sharing", "parameters"}
    assert set(by_id["cnn.escape-check"]["tags"]) >= {"kind::spot_the_bug", "html_escaping"}


def test_each_kind_puts_its_parts_on_the_right_side(bank, tmp_path):
    by_id = _by_id(read_apkg(write_anki(bank, tmp_path / "deck.apkg", timestamp=T0).path, tmp_path))

    front, back, _ = by_id["cnn.weight-sharing"]["fields"]
    assert front.count("<li>") == 4 and "Why does a convolutional layer" in front and "Right:" not in front
    right = re.search(r'<li class="right"><span class="letter">(\w)\)', back).group(1)
    assert re.search(rf'<div class="answer">Answer: {right}</div>', back)
    assert f'<span class="letter">{right})</span> The same small kernel' in front
    front, back, _ = by_id["cnn.same-padding"]["fields"]
    assert len(re.findall(r'<li class="right">', back)) == 2 and "Answer: " in back
    front, back, _ = by_id["cnn.pooling-params"]["fields"]
    assert "True or false?" in front and "Answer: False" in back
    front, back, _ = by_id["cnn.receptive-field-growth"]["fields"]
    assert "Three stacked" in back and "Key points:" in back and "Three stacked" not in front
    front, back, _ = by_id["cnn.maxpool-backward-bug"]["fields"]
    assert "\n6 |             dx[2*i:2*i+2" in front and "Answer: line 6" in back
    assert "(win == win.max()) * dout[i, j]</code></pre>" in back
    assert "Route the whole upstream gradient" in back and "Explanation:" in back


def test_a_numeric_template_gives_three_drawn_instances_with_their_computed_answers(bank, tmp_path):
    by_id = _by_id(read_apkg(write_anki(bank, tmp_path / "deck.apkg", timestamp=T0).path, tmp_path))
    instances = [by_id[f"cnn.output-size#{i}"] for i in range(1, INSTANCES + 1)]
    assert [n["guid"] for n in instances] == [genanki.guid_for("cnn.output-size", i, "en") for i in range(INSTANCES)]
    assert len({n["fields"][0] for n in instances}) == INSTANCES  # different parameters each
    for note in instances:
        front, back, _ = note["fields"]
        k, s, p, n = _kspn(front)
        assert f"Answer: {(n + 2 * p - k) // s + 1}</div>" in back  # the oracle: floor((n+2p-k)/s)+1
        assert "{{" not in front + back


def _kspn(front: str) -> tuple[int, int, int, int]:
    m = re.search(r"a (\d+)×\d+ kernel, stride (\d+) and zero padding (\d+) on every side "
                  r"is applied to an input of height (\d+)", front)
    return tuple(map(int, m.groups()))


def test_a_re_export_and_an_edited_question_keep_guids_and_ids(tmp_path, monkeypatch):
    _make_bank(tmp_path / "bank", monkeypatch)
    first = read_apkg(write_anki(load_bank(), tmp_path / "a.apkg", timestamp=T0).path, tmp_path)
    again = read_apkg(write_anki(load_bank(), tmp_path / "b.apkg", timestamp=T0 + 60).path, tmp_path)
    assert [(n["guid"], n["fields"], n["tags"]) for n in first["notes"]] == \
        [(n["guid"], n["fields"], n["tags"]) for n in again["notes"]]
    assert first["models"].keys() == again["models"].keys() and first["decks"].keys() == again["decks"].keys()

    # the same bank with one prompt reworded, in another folder (banks are kept per folder)
    edited = _make_bank(tmp_path / "edited", monkeypatch)
    path = edited / "cnn.yaml"
    text = path.read_text(encoding="utf-8")
    old = "Why does a convolutional layer have far fewer parameters"
    assert old in text
    path.write_text(text.replace(old, "Why has a convolutional layer so many fewer weights"), encoding="utf-8")
    changed = read_apkg(write_anki(load_bank(), tmp_path / "c.apkg", timestamp=T0 + 120).path, tmp_path)
    before, after = _by_id(first)["cnn.weight-sharing"], _by_id(changed)["cnn.weight-sharing"]
    assert before["guid"] == after["guid"] and before["fields"][0] != after["fields"][0]
    assert "so many fewer weights" in after["fields"][0]
    assert {n["guid"] for n in first["notes"]} == {n["guid"] for n in changed["notes"]}


def test_math_is_left_for_mathjax_and_html_is_escaped(bank, tmp_path):
    package = read_apkg(write_anki(bank, tmp_path / "deck.apkg", timestamp=T0).path, tmp_path)
    front, back, _ = _by_id(package)["cnn.escape-check"]["fields"]
    assert r"\(a_1 &lt; b\)" in front and "&lt;b&gt;is not bold&lt;/b&gt;" in front and "<b>" not in front
    assert "<pre><code>1 | def smaller(a, b):\n2 |     return a &gt; b</code></pre>" in front
    assert "<pre><code>return a &lt; b</code></pre>" in back and "<code>&lt;</code>" in back
    assert r"\[\sum_{i&lt;n} x_i\]" in back and r"\(x_{i} \le y\)" in back
    for note in package["notes"]:  # no `$` math left anywhere, and no raw `<` outside tags
        for field in note["fields"]:
            assert "$" not in field
            assert not re.search(r"<(?![a-z/])", field)


def test_anki_html_converts_both_delimiters_and_escapes_inside():
    assert anki_html("$a<b$ and $$c > d$$", inline=True) == r"\(a&lt;b\) and \[c &gt; d\]"
    assert anki_html("Text with *em* and $x_1 * y_2$") == r"<p>Text with <em>em</em> and \(x_1 * y_2\)</p>"


def test_both_languages_share_a_draw_and_have_their_own_guids(bank, tmp_path):
    package = read_apkg(write_anki(bank, tmp_path / "both.apkg", lang="both", timestamp=T0).path, tmp_path)
    (mid, model), = package["models"].items()
    assert int(mid) == model_id("both") != model_id("en")
    assert [f["name"] for f in model["flds"]] == ["Front", "Back", "FrontZh", "BackZh", "Id"]
    assert str(deck_id("both")) in package["decks"]
    by_id = _by_id(package)
    note = by_id["cnn.weight-sharing"]
    assert note["guid"] == genanki.guid_for("cnn.weight-sharing", "both") != genanki.guid_for(
        "cnn.weight-sharing", "en")
    front, back, front_zh, back_zh, _ = note["fields"]
    assert "单选。" in front_zh and "答案：" in back_zh and "Choose one." in front
    right = re.search(r'<li class="right"><span class="letter">(\w)\)', back).group(1)
    assert re.search(r'<li class="right"><span class="letter">(\w)\)', back_zh).group(1) == right
    numeric = by_id["cnn.output-size#1"]["fields"]
    assert _kspn(numeric[0])[3] == int(re.search(r"对高为 (\d+) 的输入", numeric[2]).group(1))


def test_filters_choose_topics_and_kinds(bank):
    chosen = notes(bank, kinds=("mcq", "numeric"), lang="zh")
    assert sorted({n.question_id for n in chosen}) == ["cnn.output-size", "cnn.weight-sharing"]
    assert len(chosen) == 1 + INSTANCES
    assert all(n.guid.startswith(genanki.guid_for(n.question_id, *(
        [] if n.instance is None else [n.instance]), "zh")) for n in chosen)


@pytest.mark.parametrize(("args", "message"), [
    (["-o", "{tmp}/deck.txt"], "named .apkg"),
    (["-o", "{tmp}/missing/deck.apkg"], "no such directory"),
    (["-o", "{tmp}/folder.apkg"], "is a directory"),
    (["--topic", "nope", "-o", "{tmp}/deck.apkg"], "nope"),
    (["--topic", "activations", "-o", "{tmp}/deck.apkg"], "no questions"),
])
def test_the_command_refuses_with_one_line_and_exit_2(bank, tmp_path, capsys, args, message):
    (tmp_path / "folder.apkg").mkdir()
    with pytest.raises(SystemExit) as exc:
        main(["export", "anki", *(a.format(tmp=tmp_path) for a in args)])
    err = capsys.readouterr().err
    assert exc.value.code == 2 and message in err and err.count("\n") == 1 and err.startswith("error: ")
    assert not (tmp_path / "deck.apkg").exists()


def test_the_command_writes_the_package_and_says_what_it_holds(bank, tmp_path, capsys):
    with pytest.raises(SystemExit) as exc:
        main(["export", "anki", "--kind", "numeric", "--lang", "both", "-o", str(tmp_path / "n.apkg")])
    assert exc.value.code == 0
    assert f"({INSTANCES} notes from 1 questions" in capsys.readouterr().out
    assert len(read_apkg(tmp_path / "n.apkg", tmp_path)["notes"]) == INSTANCES
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no temporary left


def test_the_whole_bank_exports_every_question(tmp_path, monkeypatch):
    monkeypatch.delenv("QUIZ_BANKS", raising=False)
    whole = load_bank()
    done = write_anki(whole, tmp_path / "all.apkg", lang="both", timestamp=T0)
    package = read_apkg(done.path, tmp_path)
    assert len(package["notes"]) == done.notes == _expected_count(whole.questions.values())
    assert done.questions == len(whole.questions)
    assert len({n["guid"] for n in package["notes"]}) == len(package["notes"])
    assert not any(_MATH.search(f) for n in package["notes"] for f in n["fields"])
