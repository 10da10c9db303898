"""Calls into the sandbox for one task, and the trusted reference computed in the parent."""

from __future__ import annotations

import importlib
import time
from dataclasses import dataclass, field
from typing import Any, Callable

import numpy as np

from ..sandbox import Sandbox, SandboxFailure
from ..sandbox.protocol import ProtocolError, validate_reply
from ..untrusted import clean_text
from .compare import decode_answer
from .trees import at, map_leaves, walk
from ..sandbox._functions import scalar_function
from .inputs import RngSeed, ScalarFunction, encode, leaves

__all__ = ["CallResult", "Kept", "Runner", "named_arg", "reference", "ref_call", "to_numpy_tree", "to_torch_tree"]


@dataclass
class CallResult:
    ok: bool
    out: Any = None
    error: dict = field(default_factory=dict)
    args_after: list = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    grads: dict[str, Any] = field(default_factory=dict)
    grad_error: str | None = None
    #: objects kept in the child (a model, an optimizer) as they are after the call
    kept: dict[str, Any] = field(default_factory=dict)
    counters: dict[str, float] = field(default_factory=dict)

    def error_message(self, fn: str) -> str:
        e = self.error
        if e.get("type") == "Undefined":  # the worker found no such function to call
            return f"{e.get('file') or 'the file'} does not define {fn}"
        where = f" (submission.py line {e['line']})" if e.get("line") else ""
        msg = f"{fn} raised {e.get('type', 'an error')}: {e.get('message', '')}{where}"
        if e.get("trace"):
            msg += "\n" + e["trace"]
        return msg


class Runner:
    """Sends calls of one task to the sandbox within its limits, timed by the parent's clock.

    A call may take `call_limit` seconds; one still running at three times that (or at the
    task's deadline) is stopped as hung. One that returns late fails as too slow.
    """

    def __init__(self, sandbox: Sandbox, *, framework: str, device: str, deadline: float,
                 call_limit: float = 2.0, task_limit: float | None = None,
                 file_name: str | None = None) -> None:
        self.sandbox, self.framework, self.device, self.deadline = sandbox, framework, device, deadline
        self.call_limit, self.task_limit, self.file_name = call_limit, task_limit, file_name

    def _request(self, fn: str, header: dict, blobs: list[bytes], *, per_call: bool = True
                 ) -> tuple[dict, list]:
        """One request to the child: the task's deadline always holds; `per_call` adds the
        limit of one call of the candidate's code (the grader's own setup, such as building
        a model and its optimizer, is bound by the task's deadline only)."""
        now = time.monotonic()
        left = self.deadline - now
        if left <= 0:
            raise self._task_timeout()
        hard = max(3 * self.call_limit, self.call_limit + 2.0) if per_call else left
        try:
            resp, arrays = self.sandbox.request(header, blobs, min(left, hard))
        except SandboxFailure as failure:
            if failure.kind == "timeout":
                if time.monotonic() >= self.deadline - 1e-3:
                    raise self._task_timeout() from None
                raise SandboxFailure("timeout", f"{fn} did not return within {hard:g} s "
                                     f"(the limit is {self.call_limit:g} s per call; --call-timeout "
                                     "changes it): an endless loop, or far too slow", failure.output) from None
            raise
        elapsed = time.monotonic() - now
        if per_call and elapsed > self.call_limit:
            raise SandboxFailure("slow", f"too slow: {fn} took {elapsed:.1f} s > limit "
                                 f"{self.call_limit:g} s per call (vectorise with NumPy; avoid "
                                 "Python loops over elements)")
        try:
            validate_reply(resp, len(arrays))
        except ProtocolError as exc:
            self.sandbox.close()
            raise SandboxFailure("protocol", str(exc)) from None
        return resp, arrays

    def _task_timeout(self) -> SandboxFailure:
        if self.task_limit:
            return SandboxFailure("timeout", f"timed out after {self.task_limit:g} s, the limit "
                                  "per task (--timeout changes it)")
        return SandboxFailure("timeout", "timed out: the task did not finish in time")

    def call(self, fn: str, args: list, kwargs: dict | None = None, *, keep_numpy: bool = False,
             grad: dict | None = None, kept: tuple[str, ...] = (), counters: tuple[str, ...] = (),
             framework: str | None = None) -> CallResult:
        blobs: list[bytes] = []
        arg_nodes = [{"t": "kept", "name": a.name} if isinstance(a, Kept) else
                     encode(a, blobs, name, keep_numpy=keep_numpy) for name, a in _named(args)]
        kw_nodes = [[k, encode(v, blobs, k, keep_numpy=keep_numpy)] for k, v in (kwargs or {}).items()]
        header: dict[str, Any] = {"op": "call", "fn": fn, "args": arg_nodes, "kwargs": kw_nodes,
                                  "framework": framework or self.framework, "device": self.device,
                                  "args_after": True, "return_kept": list(kept),
                                  "counters": list(counters)}
        if grad:
            up_nodes = []
            for path, arr in grad["upstream"]:
                blobs.append(_npy(arr))
                up_nodes.append([path, {"t": "array", "i": len(blobs) - 1}])
            header["grad"] = {"wrt": grad["wrt"], "upstream": up_nodes}
        resp, arrays = self._request(fn, header, blobs)
        res = self._answer(resp, arrays)
        if not res.ok:
            return res
        res.args_after = [decode_answer(n, arrays) for n in resp.get("args_after", [])]
        g = resp.get("grads")
        if isinstance(g, dict):
            if "error" in g:
                res.grad_error = clean_text(g["error"][:300])
            else:
                for name, node in g.get("items", []):
                    res.grads[name] = None if node is None else decode_answer(node, arrays)
        for name, node in (resp.get("kept") or {}).items():
            res.kept[name] = decode_answer(node, arrays)
        for name, v in (resp.get("counters") or {}).items():
            res.counters[name] = float(v)
        return res

    def program(self, cls: str, steps: list) -> CallResult:
        """Build an expression program from the candidate's class `cls` in the child and
        call backward(); `out` is (every node's .data, every node's .grad) as arrays."""
        resp, arrays = self._request(f"{cls} (an expression of {len(steps)} nodes)",
                                     {"op": "program", "cls": cls, "steps": steps}, [])
        return self._answer(resp, arrays)

    def _answer(self, resp: dict, arrays: list) -> CallResult:
        """A reply's answer or error, every text from the child cleaned where it enters."""
        if not resp["ok"]:
            err = {k: clean_text(v[:3000]) if isinstance(v, str) else v for k, v in resp["error"].items()}
            if self.file_name:
                err["file"] = clean_text(self.file_name)
            return CallResult(False, error=err)
        return CallResult(True, out=decode_answer(resp.get("out"), arrays),
                          warnings=[clean_text(w[:300]) for w in resp.get("warnings", [])][:20])

    def make(self, name: str, spec: dict, arrays: list[np.ndarray]) -> None:
        blobs = [_npy(a) for a in arrays]
        # PyTorch builds its first optimizer slowly (~2 s of lazy imports): setup, not the
        # candidate's code, so only the task's deadline applies
        resp, _ = self._request(f"building {name}", {"op": "make", "name": name, "spec": spec,
                                                     "device": self.device}, blobs, per_call=False)
        if not resp["ok"]:
            msg = clean_text(str(resp["error"].get("message", ""))[:300])
            raise SandboxFailure("protocol", f"could not build {name} in the sandbox: {msg}")


def _named(args: list) -> list[tuple[str, Any]]:
    return [(a[0], a[1]) if isinstance(a, _Arg) else (f"arg{i}", a) for i, a in enumerate(args)]


@dataclass(frozen=True)
class Kept:
    """An object kept in the child between calls (a model, an optimizer), by name."""

    name: str


class _Arg(tuple):
    """(name, value): an argument whose array leaves carry the argument's name as path."""


def named_arg(name: str, value: Any) -> _Arg:
    return _Arg((name, value))


def _npy(arr: np.ndarray) -> bytes:
    from .inputs import to_npy
    return to_npy(np.asarray(arr))


# ---------------------------------------------------------------------------- reference
_references: dict[str, Callable] = {}


def reference(path: str) -> Callable:
    if path not in _references:
        module, _, attr = path.rpartition(".")
        _references[path] = getattr(importlib.import_module(module), attr)
    return _references[path]


def to_torch_tree(value: Any, requires_grad: set[str] = frozenset(), path: str = ""):
    """NumPy tree -> float64 CPU tensors (int64 labels, bool masks); leaves for autograd."""
    import torch

    def convert(p: str, v: Any) -> Any:
        if isinstance(v, np.ndarray):
            t = torch.from_numpy(v.copy())
            return t.requires_grad_(True) if p in requires_grad else t
        if isinstance(v, RngSeed):
            return np.random.default_rng(v.seed)
        if isinstance(v, ScalarFunction):  # the reference runs on tensors
            return scalar_function(v.name, torch)
        return v

    return map_leaves(value, convert, path)


def to_numpy_tree(value: Any) -> Any:
    """The reference's outputs as NumPy: tensors to arrays, Python floats to float64."""
    import torch

    def convert(_: str, v: Any) -> Any:
        if isinstance(v, torch.Tensor):
            return v.detach().cpu().numpy().copy()
        return np.float64(v) if isinstance(v, float) else v

    return map_leaves(value, convert)


def torch_leaves(tree: Any, path: str = ""):
    import torch

    return walk(tree, lambda v: isinstance(v, torch.Tensor), path)


def ref_call(path: str, args: dict[str, Any], order: list[str], required: list[str], *,
             wrt: list[str] = (), upstream: list[tuple[list, np.ndarray]] = ()) -> tuple[Any, dict[str, np.ndarray]]:
    """Run the reference on float64 CPU tensors; optionally autograd for given upstreams.

    Returns the outputs as a NumPy tree and the gradient of every array leaf under the
    arguments named in `wrt` (by leaf path).
    """
    import torch

    leaf_ids = {p for name in wrt for p, _ in leaves(args[name], name)}
    targs = {k: to_torch_tree(v, leaf_ids, k) for k, v in args.items()}
    pos = [targs[n] for n in order if n in required]
    kw = {n: targs[n] for n in order if n in targs and n not in required}
    out = reference(path)(*pos, **kw)
    grads: dict[str, np.ndarray] = {}
    if wrt:
        outs, ups = [], []
        for p, g in upstream:
            outs.append(at(out, p))
            ups.append(torch.from_numpy(np.asarray(g, dtype=np.float64)))
        inputs = [(p, t) for name in wrt for p, t in torch_leaves(targs[name], name)]
        # one scalar ⟨out, upstream⟩ instead of grad_outputs: the same vector-Jacobian
        # product, without the lazy import of torch's symbolic-shape machinery (~0.3 s)
        total = sum((o * u).sum() for o, u in zip(outs, ups))
        gs = torch.autograd.grad(total, [t for _, t in inputs], allow_unused=True)
        for (p, t), g in zip(inputs, gs):
            grads[p] = np.zeros(tuple(t.shape)) if g is None else g.detach().numpy().copy()
    return to_numpy_tree(out), grads
