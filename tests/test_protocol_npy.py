"""The parent's reader of the child's arrays: a fast path for what `np.save` writes, NumPy's
own reader for the rest, and a `ProtocolError` for anything that is not a plain numeric array."""

from __future__ import annotations

import io

import numpy as np
import pytest

from grader.sandbox.protocol import ProtocolError, _parse_npy_fast, parse_npy

RNG = np.random.default_rng(0)
ARRAYS = [np.float64(3.5).reshape(()), RNG.standard_normal((3, 4)),
          RNG.standard_normal((2, 3, 5)).astype(np.float32), np.asfortranarray(RNG.standard_normal((4, 3))),
          np.arange(7, dtype=np.int64), np.array([True, False]), np.zeros((0, 3)), np.zeros((5,)),
          np.arange(6, dtype=">i4").reshape(2, 3), np.uint8([1, 2]), np.float16([1, 2]),
          RNG.standard_normal((1, 1, 1, 1))]


def _npy(arr, **kw) -> bytes:
    buf = io.BytesIO()
    np.lib.format.write_array(buf, arr, allow_pickle=kw.pop("allow_pickle", False), **kw)
    return buf.getvalue()


@pytest.mark.parametrize("arr", ARRAYS, ids=lambda a: f"{a.dtype.str}{a.shape}")
def test_the_fast_path_reads_exactly_what_numpy_reads(arr):
    blob = _npy(arr)
    fast = _parse_npy_fast(blob)
    assert fast is not None
    slow = np.lib.format.read_array(io.BytesIO(blob), allow_pickle=False)
    assert fast.dtype == slow.dtype and fast.shape == slow.shape and np.array_equal(fast, slow)
    assert fast.flags.writeable and fast.flags.owndata


def test_anything_else_leaves_the_fast_path_and_is_judged_by_numpy():
    blob = _npy(np.arange(6.0))
    assert _parse_npy_fast(blob[:-1]) is None  # data cut short
    assert _parse_npy_fast(blob + b"\0") is None  # data too long
    v2 = _npy(np.arange(3.0), version=(2, 0))
    assert _parse_npy_fast(v2) is None and np.array_equal(parse_npy(v2), np.arange(3.0))
    with pytest.raises(ProtocolError):
        parse_npy(blob[:-1])
    # NumPy's reader takes what the header declares and leaves a trailing byte unread
    assert np.array_equal(parse_npy(blob + b"\0"), np.arange(6.0))
    lying = blob.replace(b"(6,)", b"(7,)")  # a shape the data does not fill
    with pytest.raises(ProtocolError):
        parse_npy(lying)
    extra_key = blob.replace(b"'shape'", b"'shapE'")
    assert _parse_npy_fast(extra_key) is None
    with pytest.raises(ProtocolError):
        parse_npy(extra_key)


@pytest.mark.parametrize("arr", [np.array([object()], dtype=object), np.array([1 + 2j]),
                                 np.array([(1, 2.0)], dtype=[("a", "i4"), ("b", "f8")])],
                         ids=["object", "complex", "structured"])
def test_not_a_plain_numeric_array_is_a_protocol_error(arr):
    blob = _npy(arr, allow_pickle=True)
    assert _parse_npy_fast(blob) is None
    with pytest.raises(ProtocolError):
        parse_npy(blob)
