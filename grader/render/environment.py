"""The one Jinja environment of the product: templates from `templates/`, StrictUndefined."""

from __future__ import annotations

import functools

import jinja2

from ..banks import data_dir

__all__ = ["environment"]


@functools.lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(data_dir("templates"))),
        undefined=jinja2.StrictUndefined,
        autoescape=jinja2.select_autoescape(enabled_extensions=("html.j2",), default_for_string=False),
        trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    env.filters["stars"] = lambda n: "★" * int(n)
    return env
