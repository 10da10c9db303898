"""The one Jinja environment of the product: templates from `templates/`, StrictUndefined.

HTML templates (`*.html.j2`) autoescape; text that came from a submission also goes through
the `clean` filter (controls and bidi overrides made visible), and in Markdown through
`md_cell` (inert in a table cell) or `md_fence` (a fenced block), see `grader.untrusted`.
"""

from __future__ import annotations

import functools

import jinja2

from ..banks import data_dir
from ..untrusted import clean_text, markdown_fence, markdown_text

__all__ = ["environment"]


@functools.lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(data_dir("templates"))),
        undefined=jinja2.StrictUndefined,
        autoescape=jinja2.select_autoescape(enabled_extensions=("html.j2",), default_for_string=False),
        trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    env.filters["stars"] = lambda n: "★" * int(n)
    env.filters["clean"] = lambda s: clean_text(str(s))
    env.filters["md_cell"] = lambda s: markdown_text(str(s))
    env.filters["md_fence"] = lambda s: markdown_fence(str(s))
    return env
