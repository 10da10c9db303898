"""Figures: valid, byte-stable SVG; simulated runs that show what their questions say; the
figures in guides, sheets, Markdown folders and the terminal; the `figure` field's checks."""

from __future__ import annotations

import io
import math
import re
import statistics
import xml.etree.ElementTree as ET

import pytest
from pydantic import ValidationError

from grader.banks import load_bank
from grader.banks.questions import Figure
from grader.render import figures
from grader.render.documents import guide, render, sheet, write_document

SVG = "{http://www.w3.org/2000/svg}svg"


@pytest.mark.parametrize("fn", [f for fns in figures.GUIDE_FIGURES.values() for f in fns],
                         ids=lambda f: f.__name__)
def test_each_guide_figure_is_valid_svg_and_the_same_bytes_twice(fn):
    first, second = fn(), fn()
    assert ET.fromstring(first).tag == SVG
    assert first == second
    assert "<?xml" not in first and "<metadata>" not in first and "Matplotlib v" not in first


@pytest.mark.parametrize("run", figures.RUNS)
def test_each_training_run_chart_is_valid_svg_and_the_same_bytes_twice(run):
    chart = figures.training_run(run)
    figures.simulate_run.cache_clear()  # trained afresh: the same seed gives the same curves
    again = figures.training_run(run)
    assert chart == again
    svg = figures.chart_svg(chart)
    assert ET.fromstring(svg).tag == SVG
    assert svg == figures.chart_svg(again)


def test_figures_in_one_page_have_distinct_ids():
    ids = [re.findall(r'id="([^"]+)"', fn()) for fns in figures.GUIDE_FIGURES.values() for fn in fns]
    flat = [i for group in ids for i in group]
    assert len(flat) == len(set(flat)), "two inline SVGs of one HTML page share an id"


# ------------------------------------------------------------------ the runs show their claims
# Each claim makes the answer of its question true by construction; each is also shown to be
# false for the other runs, so the four pictures cannot be mistaken for one another.

def _finite(xs):
    return [x for x in xs if math.isfinite(x)]


def _jitter(xs):
    return statistics.mean(abs(b - a) for a, b in zip(xs, xs[1:]))


def diverges(r) -> bool:
    """The loss ends above where it started (or is NaN), after spikes of orders of magnitude,
    and accuracy falls back to chance after having been learned."""
    end = r.train_loss[-1]
    return ((not math.isfinite(end) or end > r.train_loss[0])
            and max(_finite(r.train_loss)) > 20 * r.train_loss[0]
            and max(r.val_acc[:40]) > 0.75 and max(r.val_acc[-1], r.train_acc[-1]) <= 0.55)


def overfits(r) -> bool:
    """Validation loss is lowest early and then climbs, while the training loss keeps falling."""
    best = min(range(len(r.val_loss)), key=r.val_loss.__getitem__)
    return (best < len(r.val_loss) // 4 and r.val_loss[-1] > 2 * r.val_loss[best]
            and r.train_loss[-1] < r.train_loss[best] / 10 and max(r.train_acc) == 1.0)


def flat_at_chance(r) -> bool:
    """Loss stays at ln 2 (to 0.01) and accuracy at 50 % for the whole run, train and validation."""
    return (all(abs(v - math.log(2)) < 0.01 for v in r.train_loss + r.val_loss)
            and all(abs(a - 0.5) < 0.05 for a in r.train_acc + r.val_acc))


def validated_in_train_mode(r) -> bool:
    """The run learns, but validation jitters like training and is worse than the same weights
    evaluated in eval mode (what the question's "separate script" reports)."""
    late = len(r.val_loss) // 3
    return (r.train_acc[-1] > 0.9 and min(r.train_loss) < r.train_loss[0] / 10
            and _jitter(r.val_loss[late:]) > 5 * _jitter(r.val_loss_eval[late:])
            and _jitter(r.val_loss[late:]) > 0.5 * _jitter(r.train_loss[late:])
            and statistics.mean(r.val_loss) > statistics.mean(r.val_loss_eval)
            and r.val_loss_eval[-1] < 0.9 * r.val_loss[-1])


CLAIMS = {"diverging": diverges, "overfitting": overfits, "dead_relu": flat_at_chance,
          "no_eval": validated_in_train_mode}


@pytest.mark.parametrize("run", figures.RUNS)
def test_each_run_shows_its_claim_and_no_other(run):
    r = figures.simulate_run(run)
    held = {name for name, claim in CLAIMS.items() if claim(r)}
    assert held == {run}


def test_the_questions_answers_name_the_run_in_their_figure():
    bank = load_bank()
    answers = {"diverging": "learning rate is too high", "overfitting": "overfits",
               "dead_relu": "ReLUs are dead", "no_eval": "`model.eval()` was forgotten"}
    seen = set()
    for q in bank.questions.values():
        if q.figure is None or q.figure.plot != "grader.render.figures.training_run":
            continue
        run = q.figure.params["run"]
        right = next(o for o in q.options if o.key == q.answer)
        assert answers[run] in right.text.en, q.id
        seen.add(run)
    assert seen == set(figures.RUNS)


def test_every_run_trains_in_about_a_second():
    import time

    for run in figures.RUNS:
        figures.simulate_run.cache_clear()
        start = time.perf_counter()
        figures.simulate_run(run)
        assert time.perf_counter() - start < 3.0, run  # under a second on an idle core


# ------------------------------------------------------------------ documents and terminal

def test_the_guide_shows_the_figures_of_its_topics(tmp_path):
    bank = load_bank()
    topics = ("dropout", "attention", "cnn")
    g = guide(bank, topics=topics)
    html = render(g, "html")
    for topic in topics:
        section = html.split(f'id="topic-{topic}"')[1].split("</section>")[0]
        assert ("<svg" in section) == (topic in figures.GUIDE_FIGURES), topic
    md = render(g, "md")
    assert "](figures/dropout_mask.svg)" in md and "<svg" not in md
    out = write_document(g, "md", tmp_path / "guide.md")
    assert ET.parse(out.parent / "figures" / "dropout_mask.svg").getroot().tag == SVG
    assert sorted(p.name for p in (tmp_path / "figures").iterdir()) == ["attention_weights.svg", "dropout_mask.svg"]


def test_a_sheet_shows_a_question_figure_under_its_prompt():
    bank = load_bank()
    s = sheet(bank, topics=("training_loop",), kinds=("mcq",), count=200)
    html = render(s, "html")
    block = html.split('id="q-training_loop.curves-overfitting"')[1].split('<div class="question"')[0]
    assert 'aria-label="training_run-overfitting"' in block
    assert "](figures/training_run-overfitting.svg)" in render(s, "md")


@pytest.mark.parametrize("width", [72, 50])
def test_the_text_plot_fits_its_width_without_escape_codes(width):
    text = figures.question_text("grader.render.figures.training_run", {"run": "overfitting"}, width=width)
    lines = text.split("\n")
    assert {len(line) for line in lines} == {width}
    assert len(lines) == 1 + 2 * (1 + 3) + 1  # title, two strips of label + 3 rows, axis
    assert "\x1b" not in text and all(ch.isprintable() for ch in text.replace("\n", ""))
    assert any("\u2800" < ch <= "\u28ff" for ch in text)


def test_a_flat_series_draws_a_flat_line():
    flat = figures.Chart("flat", "epoch", (figures.Panel("loss", (figures.Series("train", (1.0, 2.0, 3.0),
                                                                                   (0.5, 0.5, 0.5)),)),))
    rows = figures.chart_text(flat, width=30).split("\n")[2:5]
    assert sum(row.strip(" │0123456789.") != "" for row in rows) == 1  # dots on one row only


def test_practice_shows_the_text_plot_under_the_prompt(tmp_path):
    from grader.practice.selection import Filters
    from grader.practice.session import PlainIo, PracticeSession
    from grader.progress import ProgressStore, Scheduler

    out = io.StringIO()
    session = PracticeSession(load_bank(), ProgressStore(tmp_path / "home"), Scheduler(fuzz=False),
                              Filters(topics=("training_loop",), tags=("eval mode",), difficulty=3),
                              count=1, cram=True, io=PlainIo(out, io.StringIO("s\n")))
    session.run()
    text = out.getvalue()
    plot = figures.question_text("grader.render.figures.training_run", {"run": "no_eval"})
    assert "separate evaluation script" in text
    assert text.index("separate evaluation script") < text.index(plot) < text.index("a) ")


# ------------------------------------------------------------------ the `figure` field

def test_the_figure_field_names_a_function_that_takes_its_params():
    Figure(plot="grader.render.figures.training_run", params={"run": "no_eval"})
    with pytest.raises(ValidationError, match="not a function of grader.render.figures"):
        Figure(plot="grader.render.figures.no_such_plot")
    with pytest.raises(ValidationError, match="do not fit training_run"):
        Figure(plot="grader.render.figures.training_run", params={"runs": "no_eval"})
    with pytest.raises(ValidationError, match="pattern"):
        Figure(plot="os.system", params={"command": "true"})
