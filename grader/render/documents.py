"""Practice sheets, answer keys and study guides: pick the content, render, write the file.

HTML is self-contained (CSS inlined, math as MathML, no network); PDF is the same HTML laid
out by WeasyPrint with math as SVG; Markdown keeps the LaTeX as `$...$`.
"""

from __future__ import annotations

import functools
import inspect
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from ..banks import Bank, CodingTask, data_dir
from ..banks.numeric import fill
from ..kinds import KINDS, kind_of
from ..atomic import write_atomic
from .environment import environment
from .markup import markdown_html

__all__ = ["Document", "sheet", "guide", "render", "write_document", "question_view", "task_view"]



@dataclass(frozen=True)
class Document:
    """What to render: a template family (`sheet`, `guide`, `report`) and its context."""

    template: str
    context: dict[str, Any]
    title: str


def _t(obj: Any, lang: str) -> str:
    return getattr(obj, lang)


def question_view(q, lang: str, rng: random.Random) -> dict[str, Any]:
    """A question with parameters drawn, options ordered, and its answer, as plain strings;
    the fields of its kind come from the kind (`grader/kinds`)."""
    kind = kind_of(q)
    shown = kind.show(q, rng)
    view: dict[str, Any] = {"id": q.id, "topic": q.topic, "kind": q.kind, "difficulty": q.difficulty,
                            "label": _t(kind.label, lang),
                            "prompt": fill(_t(q.prompt, lang), shown.values),
                            "explanation": fill(_t(q.explanation, lang), shown.values),
                            "options": [], "key_points": [], "code_lines": [], "fixed_line": "",
                            "fix": ""}
    view.update(kind.view(shown, lang))
    view.setdefault("format", "")
    view.setdefault("unit", "")
    view["figure"] = _question_figure(q.figure) if q.figure is not None else None
    return view


def _question_figure(figure) -> dict[str, str]:
    """A question's figure as {"name", "svg"}: `name` also names its file next to a Markdown
    document (`figures/NAME.svg`)."""
    return dict(zip(("name", "svg"), _chart_svg(figure.plot, tuple(sorted(figure.params.items())))))


@functools.lru_cache(maxsize=None)
def _chart_svg(plot: str, params: tuple) -> tuple[str, str]:
    from . import figures

    chart = figures.question_figure(plot, dict(params))
    return chart.name, figures.chart_svg(chart)


def _figure_files(views: list[dict[str, Any]], figures: list[dict[str, str]]) -> dict[str, str]:
    """Every figure a document shows, name -> SVG: what `write_document` writes next to a
    Markdown file, which links them as `figures/NAME.svg`."""
    found = {f["name"]: f["svg"] for f in figures}
    found.update((v["figure"]["name"], v["figure"]["svg"]) for v in views if v.get("figure"))
    return found


def task_view(task, lang: str, *, with_reference: bool = False, with_solution: bool = False
              ) -> dict[str, Any]:
    view = {"id": task.id, "topic": task.topic, "difficulty": task.difficulty, "title": _t(task.title, lang),
            "prompt": _t(task.prompt, lang), "signatures": [f.signature for f in task.written_functions],
            "explanation": _t(task.explanation, lang), "hints": [_t(h, lang) for h in task.hints],
            "reference": "", "solution": ""}
    if with_reference:
        view["reference"] = _reference_source(task)
    if with_solution:  # the model solution, for an answer key
        path = data_dir("solutions") / f"{task.id}.py"
        view["solution"] = path.read_text(encoding="utf-8").strip() if path.is_file() else ""
    return view


def _reference_source(task) -> str:
    import importlib

    parts = []
    for f in task.forward_functions:
        module, _, name = f.reference.rpartition(".")
        parts.append(inspect.getsource(getattr(importlib.import_module(module), name)).rstrip())
    return "\n\n\n".join(dict.fromkeys(parts))


def sheet(bank: Bank, *, topics: tuple[str, ...] = (), kinds: tuple[str, ...] = (), count: int = 20,
          seed: int = 0, lang: str = "en", answers: bool = False) -> Document:
    """A practice sheet (and, with `answers`, its key after a page break): same seed, same questions."""
    chosen_topics = bank.require_topics(topics)
    rng = random.Random(seed)
    # `count` items in all, coding tasks included: drawn from one pool
    pool = [q for q in bank.questions.values() if q.topic in chosen_topics and (not kinds or q.kind in kinds)]
    pool += [t for t in bank.tasks.values() if t.topic in chosen_topics and (not kinds or "code" in kinds)]
    pool.sort(key=lambda item: item.id)
    rng.shuffle(pool)
    picked = sorted(pool[:count], key=lambda q: (chosen_topics.index(q.topic), q.difficulty, q.id))
    questions = [question_view(q, lang, random.Random(f"{seed}:{q.id}")) for q in picked
                 if not isinstance(q, CodingTask)]
    tasks = [task_view(t, lang, with_solution=answers) for t in picked if isinstance(t, CodingTask)]
    title = {"en": "Deep-learning practice sheet", "zh": "深度学习练习卷"}[lang]
    ctx = {"questions": questions, "tasks": tasks, "answers": answers, "seed": seed, "available": len(pool),
           "figure_files": _figure_files(questions, []),
           "topics": [(t, _t(bank.topics[t], lang)) for t in chosen_topics if any(
               q["topic"] == t for q in questions) or any(k["topic"] == t for k in tasks)]}
    return Document("sheet", ctx, title)


def guide(bank: Bank, *, topics: tuple[str, ...] = (), lang: str = "en", seed: int = 0,
          per_topic: int = 6) -> Document:
    """A study guide: per topic the key points, formulas, worked examples, coding tasks with
    their reference implementation, common bugs, and a selection of questions with answers."""
    from .figures import guide_figures

    chosen = bank.require_topics(topics)
    sections = []
    files: dict[str, str] = {}
    for topic in chosen:
        qs = sorted((q for q in bank.questions.values() if q.topic == topic), key=lambda q: (q.difficulty, q.id))
        views = [question_view(q, lang, random.Random(f"{seed}:{q.id}")) for q in qs]
        points = [_t(p, lang) for p in bank.topic_points.get(topic, [])]
        by_section: dict[str, list] = {"short": [], "worked": [], "bugs": [], "selection": []}
        for v in views:  # each kind says where a guide shows it
            by_section[KINDS[v["kind"]].guide_section].append(v)
        shown = {"short": by_section["short"], "worked": _spread(by_section["worked"], 3),
                 "bugs": by_section["bugs"], "selection": _spread(by_section["selection"], per_topic)}
        tasks = [task_view(t, lang, with_reference=True) for t in bank.tasks.values() if t.topic == topic]
        figures = [{"name": name, "svg": svg} for name, svg in guide_figures(topic)]
        files.update(_figure_files([v for part in shown.values() for v in part], figures))
        sections.append({"id": topic, "title": _t(bank.topics[topic], lang), "points": points, **shown,
                         "tasks": tasks, "figures": figures,
                         "counts": _counts(sum(map(len, shown.values())), len(tasks), lang)})
    title = {"en": "Deep-learning interview study guide", "zh": "深度学习面试复习指南"}[lang]
    return Document("guide", {"sections": sections, "figure_files": files}, title)


def _spread(views: list[dict], n: int) -> list[dict]:
    """`n` of `views` (sorted by difficulty, then id) taken from every difficulty in turn, so
    a guide's examples and self-check reach the senior questions too; shown in that order."""
    levels: dict[int, list[dict]] = {}
    for v in views:
        levels.setdefault(v["difficulty"], []).append(v)
    picked: list[dict] = []
    while len(picked) < n and any(levels.values()):
        for d in sorted(levels):
            if levels[d] and len(picked) < n:
                picked.append(levels[d].pop(0))
    return sorted(picked, key=lambda v: (v["difficulty"], v["id"]))


def _counts(questions: int, tasks: int, lang: str) -> str:
    """What a guide's topic holds, for its contents page: "6 questions · 1 coding task"."""
    labels = _LABELS[lang]
    parts = [labels[key][n != 1] % n for key, n in (("n_questions", questions), ("n_tasks", tasks)) if n]
    return " · ".join(parts)


@functools.lru_cache(maxsize=1)
def _css() -> str:
    return (data_dir("templates") / "style.css").read_text(encoding="utf-8")


def render(doc: Document, fmt: str, *, lang: str = "en", paper: str = "a4", today: str | None = None,
           font: Path | None = None) -> str:
    """The document as HTML (math as MathML, or as SVG when `fmt` is "pdf") or Markdown;
    `font`, a font file, is declared with @font-face for the PDF's text (`--font`)."""
    math = "svg" if fmt == "pdf" else "mathml"
    ext = "md" if fmt == "md" else "html"
    template = environment().get_template(f"{doc.template}.{ext}.j2")
    return template.render(
        **doc.context, title=doc.title, lang=lang, paper=paper, css=_css(), today=today or date.today().isoformat(),
        md=lambda text: markdown_html(text, math=math), mdi=lambda text: markdown_html(text, math=math, inline=True),
        labels=_LABELS[lang], font_url=_font_url(font))


def _font_url(font: Path | None) -> str:
    """The file URL of `font` for a CSS `url("...")`; percent-encoded, it holds no quote."""
    return Path(font).resolve().as_uri() if font is not None else ""


def write_document(doc: Document, fmt: str, output: Path, *, lang: str = "en", paper: str = "a4",
                   font: Path | None = None, installed_fonts: Callable[[], Sequence[str] | None] | None = None,
                   warn: Callable[[str], None] | None = None) -> Path:
    """Render `doc` as `fmt` ("html", "md" or "pdf") and write it to `output` atomically.

    A PDF with Chinese text needs a font with Chinese glyphs: one installed, or `font` (a
    font file the PDF embeds). It is checked before the slow layout, and nothing is written
    without one.

    Args:
        installed_fonts: the Chinese font families installed, None when unknown (by default
            fontconfig's list; tests inject theirs).
        warn: receives WeasyPrint's errors, one line each (by default printed on stderr).

    Raises:
        MissingFontError: a PDF with Chinese text, and no font for it.
        UsageError: `font` is not a font file.
    """
    output = Path(output)
    if fmt == "md":  # the figures as files beside it: Markdown viewers show SVG files, not inline SVG
        for name, svg in doc.context.get("figure_files", {}).items():
            (output.parent / "figures").mkdir(parents=True, exist_ok=True)
            write_atomic(output.parent / "figures" / f"{name}.svg", svg)
    if fmt != "pdf":
        return write_atomic(output, render(doc, fmt, lang=lang, paper=paper))
    from . import pdf

    check = functools.partial(pdf.require_cjk_font, font=font, installed=installed_fonts)
    chinese = lang == "zh" or pdf.has_cjk(doc.title)
    if chinese:  # before the math is drawn (seconds for a guide)
        check()
    html = render(doc, "pdf", lang=lang, paper=paper, font=font)
    if not chinese and pdf.has_cjk(html):  # a report: the submission's code or messages
        check()
    data = pdf.html_to_pdf(html, base_url=str(output.parent), warn=warn)
    return write_atomic(output, data)


_LABELS = {
    "en": {"answer_key": "Answer key", "answer": "Answer", "explanation": "Explanation", "why": "Why",
           "coding": "Coding tasks", "questions": "Questions", "seed": "seed", "name": "Name", "date": "Date",
           "format": "Answer format", "key_points": "Key points", "line": "Line", "fix": "Fix",
           "contents": "Contents", "points": "Key points", "worked": "Worked examples", "bugs": "Common bugs",
           "selection": "Check yourself", "reference": "Reference implementation", "signatures": "Functions",
           "concepts": "Concepts", "selection_answers": "Answers",
           "n_questions": ("%d question", "%d questions"), "n_tasks": ("%d coding task", "%d coding tasks"),
           "unit": "unit", "figures": "Figures"},
    "zh": {"answer_key": "参考答案", "answer": "答案", "explanation": "解析", "why": "理由",
           "coding": "编程题", "questions": "题目", "seed": "随机种子", "name": "姓名", "date": "日期",
           "format": "答案格式", "key_points": "要点", "line": "行", "fix": "修改",
           "contents": "目录", "points": "要点", "worked": "例题详解", "bugs": "常见错误",
           "selection": "自测题", "reference": "参考实现", "signatures": "函数",
           "concepts": "核心概念", "selection_answers": "自测题答案",
           "n_questions": ("%d 道题", "%d 道题"), "n_tasks": ("%d 道编程题", "%d 道编程题"), "unit": "单位", "figures": "图示"},
}
