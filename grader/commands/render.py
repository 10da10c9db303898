"""`quiz sheet`, `quiz guide` and `quiz notebook`: printable and notebook forms of the banks."""

from __future__ import annotations

import random
from pathlib import Path

import click

from ..banks.kind_names import QUESTION_KINDS

__all__ = ["register"]

_KINDS = [*QUESTION_KINDS, "code"]


_EXTENSIONS = {".html": "html", ".htm": "html", ".pdf": "pdf", ".md": "md"}


def _output(output: Path | None, stem: str, fmt: str | None) -> tuple[Path, str]:
    """The file and its format, by one rule: the extension decides; a --format that
    contradicts it is refused, and a name without a known extension needs --format."""
    from ..errors import UsageError

    if output is None:
        fmt = fmt or "html"
        return Path(f"{stem}.{fmt}"), fmt
    by_name = _EXTENSIONS.get(output.suffix.lower())
    if by_name and fmt and fmt != by_name:
        raise UsageError(f"{output} names a {by_name.upper()} file but --format {fmt} was given: "
                         f"drop --format (the extension decides) or rename the file")
    if not by_name and not fmt:
        raise UsageError(f"cannot tell the format of {output}: name it .html, .pdf or .md, or pass --format")
    return output, by_name or fmt


_FONT_HELP = ("A .ttf, .otf or .ttc font file to print a PDF's text with (Chinese when no Chinese "
              "font is installed).")


def _write(doc, fmt: str, out: Path, *, lang: str, paper: str, font: Path | None) -> Path:
    """Write the sheet or guide; a PDF without a Chinese font fails naming --font."""
    from ..errors import UsageError
    from ..render.documents import write_document
    from ..render.pdf import MissingFontError

    if font is not None and fmt != "pdf":
        raise UsageError(f"--font applies to PDF only; {fmt.upper()} uses the reader's fonts: drop --font")
    try:
        return write_document(doc, fmt, out, lang=lang, paper=paper, font=font)
    except MissingFontError as exc:
        raise exc.offering("--font FILE") from None


@click.command()
@click.option("--topic", "topics", multiple=True, help="Only this topic (repeatable; default all).")
@click.option("--kind", "kinds", multiple=True, type=click.Choice(_KINDS), help="Only this kind (repeatable).")
@click.option("--count", type=click.IntRange(1, 1000), default=20, show_default=True)
@click.option("--seed", type=int, help="Same seed, same sheet (printed on it).")
@click.option("--lang", type=click.Choice(["en", "zh"]), default="en", show_default=True)
@click.option("--answers", is_flag=True, help="Append the answer key after a page break.")
@click.option("--format", "fmt", type=click.Choice(["html", "pdf", "md"]), default=None,
              help="html, pdf or md (default: from the -o extension, else html).")
@click.option("--paper", type=click.Choice(["a4", "letter"]), default="a4", show_default=True)
@click.option("--font", type=click.Path(exists=True, dir_okay=False, path_type=Path), help=_FONT_HELP)
@click.option("-o", "--output", type=click.Path(path_type=Path), help="File to write (default sheet.FORMAT).")
def sheet(topics, kinds, count, seed, lang, answers, fmt, paper, font, output) -> None:
    """A printable practice sheet; with --answers, its answer key (same seed, same questions)."""
    from ..banks import load_bank
    from ..render.documents import sheet as make_sheet

    out, fmt = _output(output, "sheet", fmt)
    seed = seed if seed is not None else random.randrange(10**6)
    doc = make_sheet(load_bank(), topics=topics, kinds=kinds, count=count, seed=seed, lang=lang, answers=answers)
    path = _write(doc, fmt, out, lang=lang, paper=paper, font=font)
    n = len(doc.context["questions"]) + len(doc.context["tasks"])
    fewer = (f"; only {n} match these topics and kinds, {count} were asked for"
             if n < count else "")
    click.echo(f"wrote {path} ({n} items, seed {seed}{fewer})")


@click.command()
@click.option("--topic", "topics", multiple=True, help="Only this topic (repeatable; default all).")
@click.option("--lang", type=click.Choice(["en", "zh"]), default="en", show_default=True)
@click.option("--format", "fmt", type=click.Choice(["html", "pdf", "md"]), default=None,
              help="html, pdf or md (default: from the -o extension, else html).")
@click.option("--paper", type=click.Choice(["a4", "letter"]), default="a4", show_default=True)
@click.option("--font", type=click.Path(exists=True, dir_okay=False, path_type=Path), help=_FONT_HELP)
@click.option("-o", "--output", type=click.Path(path_type=Path), help="File to write (default guide.FORMAT).")
def guide(topics, lang, fmt, paper, font, output) -> None:
    """A study guide: key points, formulas, worked examples, reference code, common bugs."""
    from ..banks import load_bank
    from ..render.documents import guide as make_guide

    out, fmt = _output(output, "guide", fmt)
    doc = make_guide(load_bank(), topics=topics, lang=lang)
    path = _write(doc, fmt, out, lang=lang, paper=paper, font=font)
    click.echo(f"wrote {path} ({len(doc.context['sections'])} topics)")


@click.command()
@click.option("--topic", "topics", multiple=True, help="Every coding task of this topic (repeatable).")
@click.option("--task", "task_ids", multiple=True, help="This coding task (repeatable).")
@click.option("--framework", type=click.Choice(["numpy", "torch"]), default="numpy", show_default=True)
@click.option("--lang", type=click.Choice(["en", "zh"]), default="en", show_default=True)
@click.option("-o", "--output", type=click.Path(path_type=Path), required=True, help="The .ipynb to write.")
@click.option("--force", is_flag=True, help="Overwrite an existing file.")
def notebook(topics, task_ids, framework, lang, output, force) -> None:
    """A practice notebook: prompts, a starter cell per task, and a cell that grades it."""
    from ..banks import load_bank
    from ..render.notebook import write_notebook

    path = write_notebook(load_bank(), output, topics=topics, task_ids=task_ids, framework=framework,
                          lang=lang, force=force)
    click.echo(f"wrote {path}; open it in Jupyter, fill in the functions, run the last cell")


def register(cli: click.Group) -> None:
    for cmd in (sheet, guide, notebook):
        cli.add_command(cmd)
