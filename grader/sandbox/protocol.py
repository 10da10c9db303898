"""Validation of everything the sandboxed child sends, before the parent uses any of it.

The child runs hostile code, so its frames may be forged: nested 200k deep, wrong field
types, object-dtype arrays, indices out of range. Every answer header is checked against
the shape the worker is known to send; anything else is a `ProtocolError`, which the
caller turns into a failed "protocol" check. Nothing here trusts a field it has not typed.
"""

from __future__ import annotations

import io
import re
from typing import Any

import numpy as np

__all__ = ["ProtocolError", "parse_npy", "validate_reply", "validate_ready", "MAX_DEPTH"]

MAX_DEPTH = 40
MAX_NODES = 200_000
_MAX_TEXT = 20_000
_NODE_KINDS = {"array", "npscalar", "tensor", "int", "float", "bool", "none", "str", "list",
               "tuple", "dict", "module", "other", "kept"}


class ProtocolError(Exception):
    """A frame from the child that is not what the worker sends."""


# the header NumPy writes for a plain numeric array, and nothing else
_NPY_HEADER = re.compile(rb"\{'descr': '([<>|][biuf][1248])', 'fortran_order': (True|False), "
                         rb"'shape': \(((?:\d{1,10}, ?)*(?:\d{1,10})?)\), \} *\n")


def _parse_npy_fast(blob: bytes) -> np.ndarray | None:
    """The array of a `.npy` blob in the one layout `np.save` writes for numeric arrays
    (version 1.0, a header that matches `_NPY_HEADER` exactly, the data's exact length);
    None for anything else, which goes to NumPy's full reader. NumPy parses the header with
    `ast.literal_eval`: a few hundred arrays per submission made it a fifth of the grading
    time."""
    if len(blob) < 10 or blob[:8] != b"\x93NUMPY\x01\x00":
        return None
    hlen = int.from_bytes(blob[8:10], "little")
    m = _NPY_HEADER.fullmatch(blob, 10, 10 + hlen)
    if m is None:
        return None
    dtype = np.dtype(m.group(1).decode())
    shape = tuple(int(d) for d in m.group(3).split(b",") if d.strip())
    count = 1
    for d in shape:
        count *= d
    data = memoryview(blob)[10 + hlen:]
    if len(data) != count * dtype.itemsize:
        return None
    flat = np.frombuffer(data, dtype=dtype, count=count)
    return flat.reshape(shape, order="F" if m.group(2) == b"True" else "C").copy(order="K")


def parse_npy(blob: bytes) -> np.ndarray:
    """One `.npy` blob from the child: a plain numeric array, never a pickle or a subclass."""
    try:
        arr = _parse_npy_fast(blob)
        if arr is None:
            arr = np.lib.format.read_array(io.BytesIO(blob), allow_pickle=False)
    except Exception as exc:  # read_array raises several types for malformed input
        raise ProtocolError(f"the sandbox sent an unreadable array ({type(exc).__name__}: "
                            f"{str(exc)[:100]})") from None
    if type(arr) is not np.ndarray or arr.dtype.hasobject or arr.dtype.kind not in "biuf" \
            or arr.dtype.names is not None:
        raise ProtocolError(f"the sandbox sent an array of dtype {arr.dtype}")
    return arr


def _fail(where: str, what: str) -> None:
    raise ProtocolError(f"malformed answer from the sandbox: {where} {what}")


def _text(value: Any, where: str, *, optional: bool = False) -> None:
    if optional and value is None:
        return
    if not isinstance(value, str) or len(value) > _MAX_TEXT:
        _fail(where, "is not a string of sensible length")


def _number(value: Any, where: str) -> None:
    if type(value) not in (int, float):
        _fail(where, "is not a number")


def validate_node(node: Any, n_arrays: int, where: str = "value") -> None:
    """A tree of value nodes (as `_worker.Codec.encode` writes them), iteratively."""
    stack = [(node, 0, where)]
    count = 0
    while stack:
        node, depth, path = stack.pop()
        count += 1
        if count > MAX_NODES:
            _fail(where, f"has more than {MAX_NODES} parts")
        if depth > MAX_DEPTH:
            _fail(where, f"is nested deeper than {MAX_DEPTH}")
        if not isinstance(node, dict) or node.get("t") not in _NODE_KINDS:
            _fail(path, "is not a value node")
        t = node["t"]
        if t in ("array", "npscalar", "tensor"):
            i = node.get("i")
            if type(i) is not int or not 0 <= i < n_arrays:
                _fail(path, "refers to an array that was not sent")
            for key in ("device", "dtype"):
                if key in node:
                    _text(node[key], f"{path}.{key}")
            for key in ("subclass", "requires_grad", "grad_fn"):
                if key in node and type(node[key]) is not bool:
                    _fail(f"{path}.{key}", "is not a boolean")
        elif t == "int" and type(node.get("v")) is not int:
            _fail(path, "is not an integer")
        elif t == "float" and type(node.get("v")) not in (int, float):
            _fail(path, "is not a float")
        elif t == "bool" and type(node.get("v")) is not bool:
            _fail(path, "is not a boolean")
        elif t == "str":
            _text(node.get("v"), path)
        elif t == "other":
            _text(node.get("type"), f"{path}.type")
            _text(node.get("repr", ""), f"{path}.repr")
        elif t == "kept":
            _text(node.get("name"), f"{path}.name")
        elif t in ("list", "tuple", "module"):
            items = node.get("items")
            if not isinstance(items, list):
                _fail(path, "has no list of items")
            stack += [(x, depth + 1, f"{path}[{k}]") for k, x in enumerate(items)]
        elif t == "dict":
            items = node.get("items")
            if not isinstance(items, list):
                _fail(path, "has no list of items")
            for pair in items:
                if not isinstance(pair, list) or len(pair) != 2:
                    _fail(path, "has an item that is not a [key, value] pair")
                _text(pair[0], f"{path} key")
                stack.append((pair[1], depth + 1, f"{path}[{pair[0][:20]!r}]"))


def _error(value: Any) -> None:
    if not isinstance(value, dict):
        _fail("error", "is not an object")
    for key in ("type", "message", "trace"):
        if key in value:
            _text(value[key], f"error.{key}")
    if "line" in value and value["line"] is not None and type(value["line"]) is not int:
        _fail("error.line", "is not an integer")


def validate_reply(resp: dict, n_arrays: int) -> dict:
    """An answer to a load, call or make request; returns it unchanged when well-formed."""
    if type(resp.get("ok")) is not bool:
        _fail("ok", "is missing or not a boolean")
    if not resp["ok"]:
        _error(resp.get("error"))
        return resp
    for key in ("out",):
        if key in resp:
            validate_node(resp[key], n_arrays, key)
    for key in ("args_after", "warnings", "defined"):
        if key in resp and not isinstance(resp[key], list):
            _fail(key, "is not a list")
    for k, node in enumerate(resp.get("args_after", [])):
        validate_node(node, n_arrays, f"args_after[{k}]")
    for key in ("warnings", "defined"):
        for k, w in enumerate(resp.get(key, [])):
            _text(w, f"{key}[{k}]")
    if "framework" in resp:
        _text(resp["framework"], "framework")
    if "elapsed" in resp:
        _number(resp["elapsed"], "elapsed")
    for key in ("kept", "counters"):
        if key in resp:
            if not isinstance(resp[key], dict):
                _fail(key, "is not an object")
    for name, node in resp.get("kept", {}).items():
        validate_node(node, n_arrays, f"kept[{name[:20]!r}]")
    for name, v in resp.get("counters", {}).items():
        _number(v, f"counters[{name[:20]!r}]")
    if "grads" in resp:
        g = resp["grads"]
        if not isinstance(g, dict):
            _fail("grads", "is not an object")
        if "error" in g:
            _text(g["error"], "grads.error")
        items = g.get("items", [])
        if not isinstance(items, list):
            _fail("grads.items", "is not a list")
        for item in items:
            if not isinstance(item, list) or len(item) != 2:
                _fail("grads.items", "has an item that is not a pair")
            _text(item[0], "grads item name")
            if item[1] is not None:
                validate_node(item[1], n_arrays, f"grads[{item[0][:20]!r}]")
    return resp


def validate_ready(resp: dict) -> dict:
    """The child's first word: its isolation report and whether CUDA is there."""
    if resp.get("ok") is not True or type(resp.get("cuda")) is not bool \
            or not isinstance(resp.get("isolation"), dict):
        _fail("ready message", "is not what the sandbox sends")
    return resp
