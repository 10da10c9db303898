"""Walking value trees: the nested dicts, lists and tuples that arguments, answers and
reference outputs are made of.

Every leaf has a dotted path (`x`, `params.W1`, `weights.0`) by which gradients, in-place
changes and messages name it. One walker (`walk`), one mapper (`map_leaves`) and one
lookup (`at`) serve the NumPy arguments, the candidate's answers, the reference's tensors
and the conversions between them.
"""

from __future__ import annotations

from typing import Any, Callable, Iterator, Sequence

__all__ = ["at", "join", "map_leaves", "walk"]


def join(path: str, key: Any) -> str:
    """`params` + `W1` -> `params.W1`; the root's children are named by their key alone."""
    return f"{path}.{key}" if path else str(key)


def _children(tree: Any) -> Iterator[tuple[Any, Any]] | None:
    if isinstance(tree, dict):
        return iter(tree.items())
    if isinstance(tree, (list, tuple)):
        return enumerate(tree)
    return None


def walk(tree: Any, is_leaf: Callable[[Any], bool], path: str = "") -> Iterator[tuple[str, Any]]:
    """Every leaf for which `is_leaf` holds, with its path, depth first in order."""
    if is_leaf(tree):
        yield path, tree
        return
    children = _children(tree)
    if children is not None:
        for key, child in children:
            yield from walk(child, is_leaf, join(path, key))


def map_leaves(tree: Any, fn: Callable[[str, Any], Any], path: str = "") -> Any:
    """A copy of `tree` (same dicts, lists and tuples) with every other value `v` replaced by
    `fn(path, v)`."""
    if isinstance(tree, dict):
        return {k: map_leaves(v, fn, join(path, k)) for k, v in tree.items()}
    if isinstance(tree, (list, tuple)):
        return type(tree)(map_leaves(v, fn, join(path, i)) for i, v in enumerate(tree))
    return fn(path, tree)


def at(tree: Any, path: str | Sequence[Any]) -> Any:
    """The node at `path` (dotted, or a sequence of keys and indices); None where the tree
    has no such node."""
    keys = ([k for k in path.split(".")] if path else []) if isinstance(path, str) else list(path)
    for key in keys:
        if isinstance(tree, dict):
            tree = tree.get(key if key in tree else str(key))
        elif isinstance(tree, (list, tuple)) and str(key).isdigit() and int(key) < len(tree):
            tree = tree[int(key)]
        else:
            return None
    return tree
