"""`quiz export anki`: the concept questions as flashcards for other study tools."""

from __future__ import annotations

from pathlib import Path

import click

from ..banks.kind_names import QUESTION_KINDS

__all__ = ["export", "register"]


@click.group()
def export() -> None:
    """Export the concept questions for other study tools."""


@export.command()
@click.option("--topic", "topics", multiple=True, help="Only this topic (repeatable; default all).")
@click.option("--kind", "kinds", multiple=True, type=click.Choice(QUESTION_KINDS), help="Only this kind (repeatable).")
@click.option("--lang", type=click.Choice(["en", "zh", "both"]), default="en", show_default=True,
              help="both: each card in English, then in Chinese.")
@click.option("-o", "--output", type=click.Path(path_type=Path), default=Path("deck.apkg"), show_default=True,
              help="The Anki package to write (.apkg).")
def anki(topics, kinds, lang, output) -> None:
    """An Anki deck (.apkg): one note per question, three per numeric template.

    Importing a newer export updates the notes already there (stable ids), keeping their
    review history. Math is shown by Anki's MathJax.
    """
    from ..banks import load_bank
    from ..render.anki import INSTANCES, check_output, write_anki

    check_output(output)  # before the bank is loaded and the deck built
    done = write_anki(load_bank(), output, topics=topics, kinds=kinds, lang=lang)
    click.echo(f"wrote {done.path} ({done.notes} notes from {done.questions} questions; "
               f"{INSTANCES} per numeric template); import it with Anki's File > Import")


def register(cli: click.Group) -> None:
    cli.add_command(export)
