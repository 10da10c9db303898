"""Compare what a submission returned with the reference: structure, shape, dtype, values.

Every mismatch becomes one sentence that says what, where and how much, and, where the
numbers fit a common bug (sign flip, a constant factor such as 2 or N, a transpose, a
missing sum over the batch), says that too. Only a comparison made with `reveal=True` (the
public first case) names the expected value; every other one says how far off the value
is, so that the reference values of hidden cases stay hidden.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ..banks.schema import Tolerance

__all__ = ["Answer", "Expected", "OtherAnswer", "compare_arrays", "compare_tree", "decode_answer", "describe_answer", "fmt_index"]


@dataclass(frozen=True)
class Answer:
    """An array the submission returned, with what it was on its side."""

    array: np.ndarray
    kind: str  # "array" (ndarray), "npscalar", "tensor", "python" (int/float/bool)
    device: str = "cpu"
    dtype: str = ""
    requires_grad: bool = False
    subclass: bool = False


@dataclass(frozen=True)
class OtherAnswer:
    """Something that is not a number, an array, a tensor or a container of them."""

    type: str
    repr: str = ""
    items: list = field(default_factory=list)


def decode_answer(node: Any, arrays: list[np.ndarray], depth: int = 0) -> Any:
    """Turn the child's JSON node into a tree of `Answer`, lists, tuples, dicts and `OtherAnswer`.

    The child is untrusted: every field is type-checked, depth is bounded.
    """
    if depth > 40 or not isinstance(node, dict):
        return OtherAnswer("malformed answer")
    t = node.get("t")

    def arr() -> np.ndarray:
        i = node.get("i")
        if not isinstance(i, int) or not 0 <= i < len(arrays):
            raise ValueError("array index out of range")
        return arrays[i]

    try:
        if t == "array":
            return Answer(arr(), "array", subclass=bool(node.get("subclass")))
        if t == "npscalar":
            return Answer(arr(), "npscalar")
        if t == "tensor":
            return Answer(arr(), "tensor", device=str(node.get("device"))[:40],
                       dtype=str(node.get("dtype"))[:40],
                       requires_grad=bool(node.get("requires_grad")),
                       subclass=bool(node.get("subclass")))
        if t in ("int", "float", "bool"):
            v = node.get("v")
            if t == "float" and isinstance(v, (int, float)) or t == "int" and type(v) is int \
                    or t == "bool" and type(v) is bool:
                return Answer(np.asarray(v, dtype={"int": np.int64, "float": np.float64,
                                                "bool": np.bool_}[t]), "python")
            return OtherAnswer("malformed number")
        if t == "none":
            return None
        if t == "str":
            return OtherAnswer("str", repr(str(node.get("v"))[:80]))
        if t in ("list", "tuple"):
            items = [decode_answer(x, arrays, depth + 1) for x in node.get("items", [])]
            return items if t == "list" else tuple(items)
        if t == "dict":
            return {str(k)[:100]: decode_answer(v, arrays, depth + 1) for k, v in node.get("items", [])}
        if t == "module":
            return OtherAnswer("module", items=[decode_answer(x, arrays, depth + 1)
                                          for x in node.get("items", [])])
        return OtherAnswer(str(node.get("type", t))[:80], str(node.get("repr", ""))[:120])
    except (ValueError, TypeError, AttributeError):
        return OtherAnswer("malformed answer")


def fmt_index(idx: tuple) -> str:
    return "[" + ", ".join(str(int(i)) for i in idx) + "]"


def describe_answer(value: Any) -> str:
    if isinstance(value, Answer):
        what = {"array": "array", "npscalar": "NumPy scalar", "tensor": "tensor",
                "python": "Python number"}[value.kind]
        return f"{what} of shape {tuple(value.array.shape)}"
    if isinstance(value, OtherAnswer):
        return f"{value.type} {value.repr}".strip()
    if isinstance(value, tuple):
        return f"tuple of {len(value)}"
    if isinstance(value, list):
        return f"list of {len(value)}"
    if isinstance(value, dict):
        return f"dict with keys {sorted(value)}"
    return type(value).__name__


def compare_tree(name: str, got: Any, ref: Any, tol: Tolerance, *, framework: str,
                 device: str = "cpu", reveal: bool = False) -> list[str]:
    """Every problem of `got` against the reference tree `ref` (arrays, tuples, dicts).

    Args:
        reveal: whether messages may name expected values (only for a public case).
    """
    kw = {"framework": framework, "device": device, "reveal": reveal}
    if isinstance(ref, tuple):
        if not isinstance(got, (tuple, list)) or len(got) != len(ref):
            return [f"{name}: expected a tuple of {len(ref)} values, got {describe_answer(got)}"]
        out = []
        for i, (g, r) in enumerate(zip(got, ref)):
            out += compare_tree(f"{name}[{i}]" if not isinstance(r, Expected) else r.name,
                                g, r.value if isinstance(r, Expected) else r, tol, **kw)
        return out
    if isinstance(ref, Expected):
        return compare_tree(ref.name, got, ref.value, tol, **kw)
    if isinstance(ref, dict):
        if not isinstance(got, dict):
            return [f"{name}: expected a dict with keys {sorted(ref)}, got {describe_answer(got)}"]
        missing, extra = sorted(set(ref) - set(got)), sorted(set(got) - set(ref))
        if missing:
            return [f"{name}: keys {missing} missing" + (f" (has {extra})" if extra else "")]
        out = []
        for k in ref:
            out += compare_tree(f"{name}[{k!r}]", got[k], ref[k], tol, **kw)
        return out
    if isinstance(ref, list):
        if isinstance(got, Answer) and got.array.ndim == 1 and len(got.array) == len(ref) and \
                all(np.ndim(r) == 0 for r in ref):  # a list of numbers may come as one array
            return compare_tree(name, got, np.array(ref), tol, **kw)
        if not isinstance(got, (list, tuple)) or len(got) != len(ref):
            return [f"{name}: expected a list of {len(ref)} arrays, got {describe_answer(got)}"]
        out = []
        for i, (g, r) in enumerate(zip(got, ref)):
            out += compare_tree(f"{name}[{i}]", g, r, tol, **kw)
        return out
    problem = check_leaf(name, got, np.asarray(ref), framework=framework, device=device)
    if problem:
        return [problem]
    msg = compare_arrays(name, got.array, np.asarray(ref), tol, reveal=reveal)
    return [msg] if msg else []


@dataclass(frozen=True)
class Expected:
    """A reference value with the name its messages use (`linear_backward → dW`)."""

    name: str
    value: Any


def check_leaf(name: str, got: Any, ref: np.ndarray, *, framework: str, device: str) -> str | None:
    """Type, device and dtype of one returned value; None when acceptable."""
    if not isinstance(got, Answer):
        want = "a tensor" if framework == "torch" else "a NumPy array"
        if got is None:
            return f"{name}: returned None, expected {want} of shape {ref.shape}"
        return f"{name}: expected {want} of shape {ref.shape}, got {describe_answer(got)}"
    if got.subclass:
        return f"{name}: returned a subclass of {'Tensor' if got.kind == 'tensor' else 'ndarray'}; return a plain one"
    scalar_ok = ref.ndim == 0 and got.kind in ("python", "npscalar")
    if framework == "torch" and not scalar_ok:
        if got.kind != "tensor":
            return (f"{name}: expected a torch.Tensor on {device}, got a "
                    f"{'NumPy array' if got.kind in ('array', 'npscalar') else 'Python number'}; "
                    "a PyTorch submission returns tensors on the input's device")
        if _device(got.device) != _device(device):
            return f"{name}: tensor is on {got.device}, expected {device} (the inputs' device)"
        if ref.dtype.kind == "f" and got.dtype != "torch.float64":
            why = (" (PyTorch's default dtype is float32: int / int and tensors made from Python "
                   "numbers come out float32; use dtype=torch.float64 or .double())"
                   if got.dtype == "torch.float32" else "")
            return f"{name}: dtype {got.dtype}, expected torch.float64{why}"
    if framework == "numpy" and not scalar_ok and got.kind != "array":
        return f"{name}: expected a NumPy array, got a {describe_answer(got)}"
    a = got.array
    if ref.dtype.kind == "f" and a.dtype.kind == "f" and a.dtype != np.float64 and got.kind != "tensor":
        return f"{name}: dtype {a.dtype}, expected float64"
    if ref.dtype.kind in "iu" and a.dtype.kind not in "iu":
        return f"{name}: dtype {a.dtype}, expected an integer dtype"
    if ref.dtype.kind == "b" and a.dtype.kind != "b":
        return f"{name}: dtype {a.dtype}, expected bool"
    if ref.dtype.kind == "f" and a.dtype.kind not in "fiub":
        return f"{name}: dtype {a.dtype}, expected float64"
    return None


def _device(d: str) -> str:
    return "cuda:0" if d == "cuda" else d


def compare_arrays(name: str, got: np.ndarray, ref: np.ndarray, tol: Tolerance, *,
                   reveal: bool = False) -> str | None:
    """Shape, then NaN/Inf, then values; one message, or None when they agree.

    Args:
        reveal: name the expected value of the worst element (`got 0.913, expected 0.871`);
            without it the message says only how far off it is (`got 0.913, off by 4.2e-2
            (rel 4.8 %)`), for hidden cases whose reference values must not leak.
    """
    if got.shape != ref.shape:
        return f"{name}: shape {got.shape}, expected {ref.shape}" + _shape_hint(got.shape, ref.shape)
    g = got.astype(np.float64) if got.dtype.kind != "f" else got.astype(np.float64, copy=False)
    r = ref.astype(np.float64, copy=False)
    bad_g, bad_r = ~np.isfinite(g), ~np.isfinite(r)
    if (bad_g & ~bad_r).any():
        n_nan, n_inf = int(np.isnan(g[~bad_r]).sum()), int(np.isinf(g[~bad_r]).sum())
        first = np.argwhere(bad_g & ~bad_r)[0]
        return (f"{name}: {n_nan} NaN and {n_inf} Inf where finite values are expected"
                + (f" (first at {fmt_index(tuple(first))})" if g.ndim else "")
                + "; look for overflow in exp or a division by zero")
    err = np.abs(g - r)
    bound = tol.atol + tol.rtol * np.abs(r)
    both_same_nonfinite = bad_g & bad_r & (np.isnan(g) == np.isnan(r)) & ((g == r) | np.isnan(r))
    wrong = (err > bound) & ~both_same_nonfinite
    wrong |= bad_r & ~both_same_nonfinite
    if not wrong.any():
        return None
    limit = f"atol {tol.atol:g} + rtol {tol.rtol:g}·|ref|"
    if ref.ndim == 0:
        if reveal:
            got_s, want_s = _distinct(float(g), float(r))
            return (f"{name}: got {got_s}, expected {want_s} "
                    f"(abs err {float(err):.2g} > {limit})" + _value_hint(g, r, tol, ref.dtype.kind in 'iub'))
        return (f"{name}: got {float(g):.6g}, {_off_by(float(err), float(r))} > {limit}"
                + _value_hint(g, r, tol, ref.dtype.kind in 'iub'))
    excess = np.where(np.isfinite(err), err - bound, np.inf)
    worst = np.unravel_index(int(np.argmax(excess)), ref.shape)
    where = f"{name}: {int(wrong.sum())}/{ref.size} elements differ; worst {fmt_index(worst)}: "
    if reveal:
        got_s, want_s = _distinct(float(g[worst]), float(r[worst]))
        return (where + f"got {got_s}, expected {want_s}; max abs err "
                f"{np.nanmax(err):.2g} > {limit}" + _value_hint(g, r, tol, ref.dtype.kind in 'iub'))
    return (where + f"got {g[worst]:.6g}, {_off_by(float(err[worst]), float(r[worst]))}; max abs "
            f"err {np.nanmax(err):.2g} > {limit}" + _value_hint(g, r, tol, ref.dtype.kind in 'iub'))


def _distinct(got: float, want: float) -> tuple[str, str]:
    """Both numbers with 6 significant digits, or as many more as it takes to tell them
    apart (`got 3.0926401, expected 3.0926352`, not `got 3.09264, expected 3.09264`)."""
    for digits in (6, 8, 10, 12, 17):
        a, b = f"{got:.{digits}g}", f"{want:.{digits}g}"
        if a != b:
            return a, b
    return a, b


def _off_by(err: float, ref: float) -> str:
    """`off by 4.2e-2 (rel 4.8 %)`: how much, without the expected value."""
    if not np.isfinite(err):
        return "off by inf"
    if ref == 0 or not np.isfinite(ref):
        return f"off by {err:.2g} (rel inf)"
    pct = 100 * err / abs(ref)
    return f"off by {err:.2g} (rel {pct:.0f} %)" if 10 <= pct < 1e6 else \
        f"off by {err:.2g} (rel {pct:.2g} %)"


def _shape_hint(got: tuple, ref: tuple) -> str:
    if len(got) == len(ref) and got == ref[::-1] and got != ref:
        return " (the transpose: check the order of the matmul operands)"
    if len(got) == len(ref) + 1 and got[1:] == ref:
        return f" (one axis too many: did you forget to sum over the batch axis 0 of size {got[0]}?)"
    if len(got) + 1 == len(ref) and ref[1:] == got:
        return " (the batch axis is missing: did you sum or average over it?)"
    if got == () and ref != ():
        return " (a scalar: did you sum everything instead of keeping the array?)"
    return ""


def _value_hint(g: np.ndarray, r: np.ndarray, tol: Tolerance, integer: bool = False) -> str:
    scale = max(float(np.max(np.abs(r))), 1e-300)
    if np.allclose(g, -r, rtol=1e-5, atol=1e-9 * scale) and np.any(np.abs(r) > 1e-12):
        return "; the values have the wrong sign (sign flip)"
    if r.ndim == 2 and r.shape[0] == r.shape[1] and r.shape[0] > 1 and np.allclose(g, r.T, rtol=1e-5, atol=1e-9 * scale):
        return "; the values are the transpose of the expected ones"
    mask = np.abs(r) > 1e-6 * scale
    if mask.sum() >= 1 and not integer:  # a count or an index is not "a factor" off
        ratio = g[mask] / r[mask]
        k = float(np.median(ratio))
        if np.isfinite(k) and abs(k) > 1e-12 and abs(k - 1) > 1e-3 \
                and (r.size > 1 or _simple(k)) and np.allclose(g, k * r, rtol=1e-5, atol=1e-9 * scale):
            return f"; every value is {_ratio(k)} the expected one (a constant factor: a missing or extra 1/N, 2 or ½?)"
    if g.ndim >= 1 and np.allclose(np.sort(g, axis=None), np.sort(r, axis=None), rtol=tol.rtol,
                                   atol=tol.atol):
        return "; the right values in the wrong places (an axis or a transpose?)"
    return ""


def _simple(k: float) -> bool:
    """k or 1/k is a whole number (2, ½, −3): any one number is "a constant factor" of
    another, so for a single value only such a factor points at a bug."""
    return any(abs(f) >= 1.5 and abs(f - round(f)) < 1e-6 * abs(f) for f in (k, 1 / k))


def _ratio(k: float) -> str:
    if abs(k) >= 1:
        return f"{k:.4g} ×"
    return f"1/{1 / k:.4g} of"
