"""Draw the arguments of a call from a task's `ArgSpec`s, and encode them for the child.

Values are plain trees: NumPy arrays, Python scalars, dicts, lists, and `RngSeed` for a
`numpy.random.Generator` the child builds itself. Every array leaf has a path (`x`,
`params.W1`, `weights.0`) by which gradients and in-place changes are reported.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any, Iterator

import numpy as np

from ..banks.schema import ArgSpec
from .trees import map_leaves, walk

__all__ = ["RngSeed", "ScalarFunction", "draw", "draw_case", "encode", "leaves", "replace_leaf",
           "to_npy"]


@dataclass(frozen=True)
class RngSeed:
    """Stands for `numpy.random.default_rng(seed)`, built inside the child."""

    seed: int


@dataclass(frozen=True)
class ScalarFunction:
    """Stands for a test function of `grader/sandbox/_functions.py`, built inside the child."""

    name: str


def draw(spec: ArgSpec, rng: np.random.Generator) -> Any:
    kind = spec.kind
    if kind == "array":
        shape = tuple(spec.array)
        if spec.normal:
            x = rng.standard_normal(shape) * spec.scale
        else:
            x = rng.uniform(spec.low, spec.high, shape)
        if spec.min_abs > 0:
            small = np.abs(x) < spec.min_abs
            # push values off the kink, keeping their sign
            x = np.where(small, np.where(x < 0, -1.0, 1.0) * (spec.min_abs + np.abs(x)), x)
        if spec.decimals is not None:
            x = np.round(x, spec.decimals)
        return x.astype(np.float64)
    if kind == "values":
        return np.array(spec.values, dtype=np.dtype(spec.dtype))
    if kind == "zeros":
        return np.zeros(tuple(spec.zeros))
    if kind == "labels":
        return rng.integers(0, spec.classes, tuple(spec.labels)).astype(np.int64)
    if kind == "mask":
        m = rng.random(tuple(spec.mask)) < spec.keep
        if spec.rows_nonempty and m.size:
            empty = ~m.any(axis=-1)  # give each empty row one True at a random place
            if empty.any():
                m[empty, rng.integers(0, m.shape[-1], int(empty.sum()))] = True
        return m
    if kind == "permutations":
        rows, n = spec.permutations
        return np.stack([rng.permutation(n) for _ in range(rows)]).astype(np.int64) if rows else \
            np.zeros((0, n), dtype=np.int64)
    if kind == "dict":
        return {k: draw(v, rng) for k, v in spec.mapping.items()}
    if kind == "list":
        return [draw(v, rng) for v in spec.sequence]
    if kind == "tuple":
        return tuple(draw(v, rng) for v in spec.items)
    if kind == "rng":
        return RngSeed(int(rng.integers(0, 2**31 - 1)))
    if kind == "scalar_function":
        return ScalarFunction(spec.scalar_function)
    return spec.value


def draw_case(case: dict[str, ArgSpec], rng: np.random.Generator) -> dict[str, Any]:
    return {name: draw(spec, rng) for name, spec in case.items()}


def leaves(value: Any, path: str = "") -> Iterator[tuple[str, np.ndarray]]:
    """Every array in a value tree, with its dotted path."""
    return walk(value, lambda v: isinstance(v, np.ndarray), path)


def replace_leaf(value: Any, path: str, new: np.ndarray) -> Any:
    """A copy of the arguments `value` with the array at the dotted `path` replaced."""
    return map_leaves(value, lambda p, v: new if p == path else v)


def to_npy(arr: np.ndarray) -> bytes:
    buf = io.BytesIO()
    arr = np.asarray(arr)
    np.lib.format.write_array(buf, arr if arr.flags.c_contiguous else arr.copy(order="C"), allow_pickle=False)
    return buf.getvalue()


def encode(value: Any, blobs: list[bytes], path: str = "", *, keep_numpy: bool = False) -> dict:
    """Protocol node for a value tree; arrays are appended to `blobs` as `.npy`."""
    if isinstance(value, np.ndarray):
        blobs.append(to_npy(value))
        node = {"t": "array", "i": len(blobs) - 1, "id": path}
        if keep_numpy:
            node["keep_numpy"] = True
        return node
    if isinstance(value, RngSeed):
        return {"t": "rng", "seed": value.seed}
    if isinstance(value, ScalarFunction):
        return {"t": "scalar_fn", "name": value.name}
    if isinstance(value, bool):
        return {"t": "bool", "v": value}
    if isinstance(value, int):
        return {"t": "int", "v": value}
    if isinstance(value, float):
        return {"t": "float", "v": value}
    if value is None:
        return {"t": "none"}
    if isinstance(value, str):
        return {"t": "str", "v": value}
    if isinstance(value, dict):
        return {"t": "dict", "items": [[k, encode(v, blobs, f"{path}.{k}" if path else k,
                                                  keep_numpy=keep_numpy)]
                                       for k, v in value.items()]}
    if isinstance(value, (list, tuple)):
        return {"t": "list" if isinstance(value, list) else "tuple",
                "items": [encode(v, blobs, f"{path}.{i}" if path else str(i), keep_numpy=keep_numpy)
                          for i, v in enumerate(value)]}
    raise TypeError(f"cannot send {type(value).__name__} to the sandbox")
