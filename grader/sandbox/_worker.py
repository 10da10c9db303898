"""The sandboxed child: runs a candidate's functions and answers with plain arrays.

This file is never imported by the grader. The parent joins its text with `_jail.py` and
runs both with `python -I -c` as the zygote, so the child needs nothing from the grader's
package; each forked child runs `worker_main`. Nothing here is trusted by the parent: the
submission can replace any of it. Protocol, on private file descriptors (the candidate's
stdout and stderr go to a separate pipe):

  message = u64 header length, UTF-8 JSON header, then the blobs the header lists (`.npy`)

Trees of values travel as JSON nodes `{"t": kind, ...}`; arrays as `.npy` blobs. The parent
never unpickles anything from here.
"""

import builtins
import io
import json
import os
import struct
import sys
import time
import traceback
import warnings

MAX_DEPTH = 32
MAX_ITEMS = 100_000


# ---------------------------------------------------------------------------- framing
class Channel:
    def __init__(self, rfd, wfd):
        self.r = os.fdopen(rfd, "rb", buffering=0)
        self.w = os.fdopen(wfd, "wb", buffering=0)

    def _read(self, n):
        chunks, got = [], 0
        while got < n:
            b = self.r.read(n - got)
            if not b:
                raise EOFError
            chunks.append(b)
            got += len(b)
        return b"".join(chunks)

    def recv(self):
        (n,) = struct.unpack("<Q", self._read(8))
        header = json.loads(self._read(n))
        blobs = [self._read(size) for size in header.get("blobs", [])]
        return header, blobs

    def send(self, header, blobs=()):
        header = dict(header, blobs=[len(b) for b in blobs])
        data = json.dumps(header).encode()
        self.w.write(struct.pack("<Q", len(data)) + data + b"".join(blobs))


# ---------------------------------------------------------------------------- isolation
def _audit_hook(config):
    """A second layer for the unjailed fallback: refuse opening grader files and imports.

    In the jail those files do not exist at all; this hook cannot stop C code (ctypes).
    """
    hidden = tuple(os.path.realpath(p).rstrip("/") for p in config.get("hide", []))
    blocked_modules = set(config.get("block_modules", []))

    def is_hidden(path):
        try:
            real = os.path.realpath(os.fsdecode(path))
        except Exception:
            return False
        return any(real == h or real.startswith(h + "/") for h in hidden)

    def audit(event, args):
        if event == "open" and args and isinstance(args[0], (str, bytes, os.PathLike)):
            if is_hidden(args[0]):
                raise PermissionError(f"the sandbox does not let submissions read {args[0]}")
        elif event in ("os.listdir", "os.scandir") and args and args[0] is not None:
            if is_hidden(args[0]):
                raise PermissionError(f"the sandbox does not let submissions list {args[0]}")
        elif event == "import" and args:
            top = str(args[0]).split(".")[0]
            if top in blocked_modules:
                raise ImportError(f"the sandbox does not let submissions import {args[0]!r}")

    sys.addaudithook(audit)
    sys.path[:] = [p for p in sys.path if p and not is_hidden(p)]


# ---------------------------------------------------------------------------- values
class Codec:
    def __init__(self, np, torch=None):
        self.np, self.torch = np, torch
        self.framework = "numpy"  # of the call being decoded

    def to_npy(self, arr):
        buf = io.BytesIO()
        self.arr = self.np.asarray(arr)
        self.np.lib.format.write_array(buf, arr if arr.flags.c_contiguous else arr.copy(order="C"), allow_pickle=False)
        return buf.getvalue()

    def from_npy(self, blob):
        return self.np.lib.format.read_array(io.BytesIO(blob), allow_pickle=False)

    def decode(self, node, blobs, store, conv):
        t = node["t"]
        if t == "array":
            return conv(self.from_npy(blobs[node["i"]]), node)
        if t in ("int", "float", "bool", "str"):
            return node["v"]
        if t == "none":
            return None
        if t == "list":
            return [self.decode(x, blobs, store, conv) for x in node["items"]]
        if t == "tuple":
            return tuple(self.decode(x, blobs, store, conv) for x in node["items"])
        if t == "dict":
            return {k: self.decode(v, blobs, store, conv) for k, v in node["items"]}
        if t == "rng":
            return self.np.random.default_rng(node["seed"])
        if t == "scalar_fn":  # a test function of _functions.py, for this call's framework
            xp = self.torch if self.framework == "torch" else self.np
            return scalar_function(node["name"], xp)  # noqa: F821
        if t == "kept":
            return store[node["name"]]
        raise ValueError(f"unknown node {t!r}")

    def encode(self, obj, blobs, depth=0):
        np, torch = self.np, self.torch
        if depth > MAX_DEPTH:
            return {"t": "other", "type": "too deep", "repr": ""}
        if torch is not None and isinstance(obj, torch.Tensor):
            info = {"t": "tensor", "device": str(obj.device), "dtype": str(obj.dtype),
                    "requires_grad": bool(obj.requires_grad), "grad_fn": obj.grad_fn is not None,
                    "subclass": type(obj) is not torch.Tensor and not isinstance(obj, torch.nn.Parameter)}
            arr = obj.detach().cpu()
            if arr.dtype == torch.bfloat16 or arr.is_complex():
                return {"t": "other", "type": f"tensor of {obj.dtype}", "repr": ""}
            blobs.append(self.to_npy(arr.resolve_conj().resolve_neg().numpy()))
            info["i"] = len(blobs) - 1
            return info
        if torch is not None and isinstance(obj, torch.nn.Module):
            items = [self.encode(p, blobs, depth + 1) for p in obj.parameters()]
            return {"t": "module", "items": items}
        if isinstance(obj, np.ndarray):
            if obj.dtype.kind not in "biuf":
                return {"t": "other", "type": f"ndarray of dtype {obj.dtype}", "repr": ""}
            node = {"t": "array", "subclass": type(obj) is not np.ndarray}
            blobs.append(self.to_npy(np.asarray(obj)))
            node["i"] = len(blobs) - 1
            return node
        if isinstance(obj, np.generic):
            if obj.dtype.kind not in "biuf":
                return {"t": "other", "type": f"numpy scalar {obj.dtype}", "repr": ""}
            blobs.append(self.to_npy(np.asarray(obj)))
            return {"t": "npscalar", "i": len(blobs) - 1}
        if isinstance(obj, bool):
            return {"t": "bool", "v": obj}
        if isinstance(obj, int):
            if abs(obj) > 2 ** 63:
                return {"t": "other", "type": "int too large", "repr": ""}
            return {"t": "int", "v": int(obj)}
        if isinstance(obj, float):
            return {"t": "float", "v": float(obj)}
        if obj is None:
            return {"t": "none"}
        if isinstance(obj, str):
            return {"t": "str", "v": str(obj)[:200]}
        if type(obj) in (list, tuple):
            if len(obj) > MAX_ITEMS:
                return {"t": "other", "type": "sequence too long", "repr": ""}
            return {"t": type(obj).__name__, "items": [self.encode(x, blobs, depth + 1) for x in obj]}
        if type(obj) is dict:
            items = []
            for k, v in list(obj.items())[:MAX_ITEMS]:
                if not isinstance(k, str):
                    return {"t": "other", "type": "dict with non-string keys", "repr": ""}
                items.append([str(k), self.encode(v, blobs, depth + 1)])
            return {"t": "dict", "items": items}
        try:
            text = repr(obj)[:120]
        except Exception:
            text = "?"
        return {"t": "other", "type": type(obj).__name__, "repr": text}


# ---------------------------------------------------------------------------- errors
def _error(exc):
    frames = traceback.extract_tb(exc.__traceback__)
    mine = [f for f in frames if f.filename == SUBMISSION]
    lines = [f"  {f.filename}, line {f.lineno}, in {f.name}\n    {(f.line or '').strip()}"
             for f in mine[-6:]]
    try:
        msg = str(exc)[:2000]
    except Exception:
        msg = "?"
    return {"type": type(exc).__name__, "message": msg, "trace": "\n".join(lines),
            "line": mine[-1].lineno if mine else None}


SUBMISSION = "submission.py"


# ---------------------------------------------------------------------------- main loop
def worker_main(rfd, wfd, config, report):
    """G's loop: answer the parent's requests until it closes the pipe."""
    chan = Channel(rfd, wfd)
    _audit_hook(config)
    import numpy as np
    torch = None
    if config.get("torch"):
        import torch  # noqa: F811  (already imported by the zygote)
    codec = Codec(np, torch)
    cuda = False
    if torch is not None and config.get("cuda"):
        cuda = bool(torch.cuda.is_available())
    chan.send({"ok": True, "isolation": report, "cuda": cuda})

    namespace = {"__name__": "submission", "__file__": SUBMISSION, "__builtins__": builtins}
    store = {}
    while True:
        try:
            req, blobs = chan.recv()
        except EOFError:
            os._exit(0)
        op = req["op"]
        try:
            if op == "load":
                resp, out_blobs = _load(req, namespace)
            elif op == "call":
                resp, out_blobs = _call(req, blobs, namespace, store, codec, np, torch)
            elif op == "make":
                resp, out_blobs = _make(req, blobs, store, codec, np, torch)
            elif op == "program":
                resp, out_blobs = _program(req, namespace, codec, np)
            else:
                resp, out_blobs = {"ok": False, "error": {"type": "Protocol", "message": op}}, []
        except BaseException as exc:  # SystemExit and KeyboardInterrupt from candidate code too
            resp, out_blobs = {"ok": False, "error": _error(exc)}, []
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        except Exception:
            pass
        chan.send(resp, out_blobs)


def _load(req, namespace):
    import linecache

    src = req["source"]
    try:  # a copy in the scratch folder, for code that reads its own file
        with open(SUBMISSION, "w", encoding="utf-8") as f:
            f.write(src)
    except OSError:
        pass
    linecache.cache[SUBMISSION] = (len(src), None, src.splitlines(True), SUBMISSION)
    code = compile(src, SUBMISSION, "exec")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        exec(code, namespace)
    funcs = sorted(k for k, v in namespace.items() if callable(v) and not k.startswith("__"))
    return {"ok": True, "defined": funcs, "warnings": [str(w.message)[:300] for w in caught],
            "framework": str(namespace.get("FRAMEWORK", ""))[:20]}, []


def _convert(np, torch, framework, device, wrt_ids, leaves):
    def conv(arr, node):
        if framework != "torch" or node.get("keep_numpy"):
            arr = np.array(arr, copy=True)
            return arr
        t = torch.from_numpy(np.array(arr, copy=True)).to(device)
        if node.get("id") in wrt_ids:
            t.requires_grad_(True)
            leaves[node["id"]] = t
        return t
    return conv


def _call(req, blobs, namespace, store, codec, np, torch):
    fn = namespace.get(req["fn"])
    if not callable(fn):
        return {"ok": False, "error": {"type": "Undefined",
                                        "message": f"{req['fn']} is not defined"}}, []
    framework, device = req.get("framework", "numpy"), req.get("device", "cpu")
    grad = req.get("grad")
    wrt_ids = set(grad["wrt"]) if grad else set()
    leaves = {}
    conv = _convert(np, torch, framework, device, wrt_ids, leaves)
    codec.framework = framework
    args = [codec.decode(a, blobs, store, conv) for a in req["args"]]
    kwargs = {k: codec.decode(v, blobs, store, conv) for k, v in req.get("kwargs", [])}
    counters = {n: store[n + "#count"] for n in req.get("counters", []) if n + "#count" in store}
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with np.errstate(over="warn", divide="warn", invalid="warn", under="ignore"):
            t0 = time.perf_counter()
            out = fn(*args, **kwargs)
            elapsed = time.perf_counter() - t0
    resp = {"ok": True, "elapsed": elapsed, "warnings": sorted({str(w.message)[:300] for w in caught})}
    out_blobs = []
    resp["out"] = codec.encode(out, out_blobs)
    if req.get("args_after"):
        resp["args_after"] = [codec.encode(a, out_blobs) for a in args]
    if req.get("return_kept"):
        resp["kept"] = {n: codec.encode(store[n], out_blobs) for n in req["return_kept"]}
    if counters:
        resp["counters"] = {n: c() for n, c in counters.items()}
    if grad:
        resp["grads"] = _autograd(out, grad, blobs, leaves, codec, out_blobs, np, torch, device)
    return resp, out_blobs


def _pick(out, path):
    for p in path:
        out = out[p]
    return out


def _autograd(out, grad, blobs, leaves, codec, out_blobs, np, torch, device):
    """Backpropagate the parent's upstream gradients through the candidate's outputs."""
    outputs, upstream = [], []
    for path, node in grad["upstream"]:
        try:
            o = _pick(out, path)
        except Exception:
            return {"error": f"output {path} missing"}
        if not isinstance(o, torch.Tensor):
            return {"error": f"output {path} is a {type(o).__name__}, not a tensor"}
        if not o.requires_grad:
            return {"error": f"output {path} is not connected to the inputs' autograd graph"}
        g = torch.from_numpy(codec.from_npy(blobs[node["i"]])).to(device=o.device, dtype=o.dtype)
        if g.shape != o.shape:
            return {"error": f"output {path} has shape {tuple(o.shape)}, expected {tuple(g.shape)}"}
        outputs.append(o)
        upstream.append(g)
    ids = list(grad["wrt"])
    inputs = [leaves[i] for i in ids]
    grads = torch.autograd.grad(outputs, inputs, upstream, allow_unused=True)
    return {"items": [[i, None if g is None else codec.encode(g, out_blobs)]
                      for i, g in zip(ids, grads)]}


def _program(req, namespace, codec, np):
    """Build an expression program from the candidate's class, call backward() on its last
    node, and send back every node's .data and .grad as floats."""
    cls = namespace.get(req["cls"])
    if not callable(cls):
        return {"ok": False, "error": {"type": "Undefined", "message": f"{req['cls']} is not defined"}}, []
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        t0 = time.perf_counter()
        try:
            nodes = build_program(req["steps"], cls)  # noqa: F821  (from _programs.py)
        except ProgramError as exc:  # noqa: F821
            return {"ok": False, "error": dict(_error(exc.exc), message=str(exc)[:1000])}, []
        stage = "backward()"
        try:
            nodes[-1].backward()
            stage = ".data"
            data = [float(n.data) for n in nodes]
            stage = ".grad"
            grad = [float(n.grad) for n in nodes]
        except Exception as exc:
            err = _error(exc)
            return {"ok": False, "error": dict(err, message=f"{stage}: {err.get('message', '')}"[:1000])}, []
        elapsed = time.perf_counter() - t0
    out_blobs = []
    return {"ok": True, "elapsed": elapsed, "warnings": sorted({str(w.message)[:300] for w in caught}),
            "out": codec.encode((np.array(data, dtype=np.float64), np.array(grad, dtype=np.float64)),
                                out_blobs)}, out_blobs


def _attach_counter(module):
    count = [0]
    for p in module.parameters():
        p.register_hook(lambda g, c=count: c.__setitem__(0, c[0] + 1))
    n = len(list(module.parameters()))
    return lambda: count[0] / max(n, 1)


def _make(req, blobs, store, codec, np, torch):
    spec = req["spec"]  # built by _models.py, which the grader's reference run uses too
    if spec["kind"] == "mlp":
        weights = [torch.from_numpy(codec.from_npy(blobs[i])) for i in spec["weights"]]
        model = build_mlp(torch, spec["mlp"], weights, req.get("device", "cpu"))  # noqa: F821
        store[req["name"]] = model
        store[req["name"] + "#count"] = _attach_counter(model)
    elif spec["kind"] == "optim":
        store[req["name"]] = build_optimizer(torch, store[spec["of"]].parameters(),  # noqa: F821
                                             spec["optimizer"])
    else:
        raise ValueError(spec["kind"])
    return {"ok": True}, []

