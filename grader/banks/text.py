"""Texts in both languages of the product."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

__all__ = ["Text"]


class Text(BaseModel):
    """A text in both languages of the product. Markdown; LaTeX math in `$...$`."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    en: str = Field(min_length=1)
    zh: str = Field(min_length=1)
