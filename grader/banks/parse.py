"""Parse one bank file's YAML into plain data and the line of every field.

libyaml's C parser (`yaml.CSafeLoader`) composes a bank ~9x faster than PyYAML's pure-Python
one, and its nodes carry the same `start_mark.line`, so lint messages keep their lines. Its
error messages differ, though, so a file the C parser rejects is parsed again with the
pure-Python loader: the "YAML syntax" message is then word for word what it always was.
"""

from __future__ import annotations

from typing import Any

import yaml

__all__ = ["HAS_LIBYAML", "Lines", "compose_with_lines", "item_lines", "safe_load"]

#: A field's path in the file (`("questions", 3, "prompt", "en")`) -> its 1-based line.
Lines = dict[tuple, int]

HAS_LIBYAML = bool(getattr(yaml, "__with_libyaml__", False)) and hasattr(yaml, "CSafeLoader")


class _LineLoader(yaml.SafeLoader):
    """The pure-Python safe loader: the reference for values, lines and error messages."""


_FAST_LOADER: type = yaml.CSafeLoader if HAS_LIBYAML else _LineLoader


def compose_with_lines(text: str, name: str, *, fast: bool = True) -> tuple[Any, Lines]:
    """The file's data and the line of every mapping key and sequence item.

    Args:
        text: the file's text.
        name: the file's name, for the marks of a pure-Python error.
        fast: use libyaml when it is installed (the result is the same).

    Raises:
        yaml.YAMLError: the file is not valid YAML; always the pure-Python loader's error.
    """
    if fast and _FAST_LOADER is not _LineLoader:
        try:
            return _compose(_FAST_LOADER, text, name)
        except yaml.YAMLError:
            pass  # report (or accept) it exactly as the pure-Python loader does
    return _compose(_LineLoader, text, name)


def safe_load(text: str) -> Any:
    """`yaml.safe_load` through libyaml when installed; a C error is re-raised as PyYAML's."""
    if _FAST_LOADER is not _LineLoader:
        try:
            return yaml.load(text, Loader=_FAST_LOADER)
        except yaml.YAMLError:
            pass
    return yaml.safe_load(text)


def item_lines(lines: Lines) -> Lines:
    """The lines a valid bank needs: the document, its top-level keys and their items.

    Enough for `file:line` sources; a field's own line is only needed to report a problem.
    """
    return {k: v for k, v in lines.items() if len(k) < 2 or (len(k) == 2 and isinstance(k[1], int))}


def _compose(loader_cls: type, text: str, name: str) -> tuple[Any, Lines]:
    loader = loader_cls(text)
    loader.name = name
    try:
        node = loader.get_single_node()
    finally:
        loader.dispose()
    lines: Lines = {}

    def walk(n: yaml.Node, path: tuple) -> Any:
        lines.setdefault(path, n.start_mark.line + 1)
        if isinstance(n, yaml.MappingNode):
            out = {}
            for k, v in n.value:
                key = loader.construct_object(k, deep=True)
                lines[path + (key,)] = k.start_mark.line + 1
                out[key] = walk(v, path + (key,))
            return out
        if isinstance(n, yaml.SequenceNode):
            return [walk(v, path + (i,)) for i, v in enumerate(n.value)]
        return loader.construct_object(n, deep=True)

    data = walk(node, ()) if node is not None else None
    return data, lines
