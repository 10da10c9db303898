"""Grade one submission file: pick its tasks, run them in the sandbox, collect the verdict."""

from __future__ import annotations

import hashlib
import platform
import queue
import secrets
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..banks import Bank, CodingTask, data_dir, load_bank
from ..errors import UsageError
from ..sandbox import FALLBACK_RISKS, FALLBACK_RISKS_DROPPED, Limits, Sandbox, SandboxFailure, detect_isolation, start_zygote
from ..submission import Submission, load_submission
from .checks import Context
from .registry import run_order
from .inputs import draw_case
from .results import CheckResult, GradeResult, TaskResult
from .runner import Runner
from .shortcuts import library_calls, shortcut_notes
from ..untrusted import clean_text
from ..sandbox.protocol import ProtocolError, validate_reply

__all__ = ["GradeOptions", "GradingSession", "ZygotePool", "grade_file", "select_tasks"]

_BLOCKED_MODULES = ("grader", "reference_impl", "solutions", "questions", "tests")


@dataclass(frozen=True)
class GradeOptions:
    task_ids: tuple[str, ...] = ()
    seed: int | None = None
    framework: str | None = None  # "numpy" | "torch" | None (detect)
    device: str = "all"  # "cpu" | "cuda" | "all"
    #: wall-clock seconds for a whole task on one device (the parent's clock)
    timeout: float = 20.0
    #: seconds one call may take; None: the task's `call_limit` from its YAML
    call_timeout: float | None = None
    #: refuse to run anything when the jail cannot be built
    require_sandbox: bool = False
    #: a library operation that does the whole task (`library_ops`) fails the task
    from_scratch: bool = False
    limits: Limits = Limits()


def _required(task: CodingTask, framework: str) -> list[str]:
    if framework == "torch" and task.framework != "numpy":
        return [f.name for f in task.forward_functions]
    return [f.name for f in task.written_functions]


def select_tasks(sub: Submission, bank: Bank, task_ids: tuple[str, ...], framework: str
                 ) -> tuple[list[CodingTask], list[str]]:
    """Tasks to grade, and notes about tasks left out."""
    notes: list[str] = []
    if task_ids:
        return bank.require_tasks(task_ids), notes
    full, partial = [], []
    for task in bank.tasks.values():
        need = _required(task, task.framework or framework)
        have = [n for n in need if n in sub.defined]
        if len(have) == len(need):
            full.append(task)
        elif have:
            partial.append((task, [n for n in need if n not in sub.defined]))
    if not full and partial:
        full = [t for t, _ in partial]
    else:
        for task, missing in partial:
            notes.append(f"not graded: {task.id} (the file does not define {', '.join(missing)}; "
                         f"use --task {task.id} to grade it anyway)")
    if not full:
        raise UsageError(f"{sub.path} defines none of the functions of a known task; known tasks: "
                         f"{', '.join(sorted(bank.tasks))}")
    return full, notes


def _hidden_paths() -> list[Path]:
    pkg = Path(__file__).resolve().parent.parent
    paths = [pkg]
    import reference_impl

    paths.append(Path(reference_impl.__file__).resolve().parent)
    for name in ("questions", "solutions", "templates"):
        try:
            paths.append(data_dir(name))
        except FileNotFoundError:
            pass
    from ..banks.cache import cache_dir

    paths.append(cache_dir())
    root = pkg.parent
    if (root / "pyproject.toml").is_file():
        paths += [root / n for n in ("tests", ".git", ".ci") if (root / n).exists()]
    return paths


def _devices(framework: str, option: str) -> list[str]:
    if framework != "torch":
        return ["cpu"]
    import torch

    cuda = torch.cuda.is_available()
    if option == "cuda":
        if not cuda:
            raise UsageError("--device cuda: no CUDA device is available here")
        return ["cuda"]
    if option == "cpu":
        return ["cpu"]
    return ["cpu", "cuda"] if cuda else ["cpu"]


def grade_file(path: Path, options: GradeOptions = GradeOptions()) -> GradeResult:
    """Grade one file: a session of its own, its zygote started before this process imports
    PyTorch, so that the two overlap."""
    sub = load_submission(Path(path))
    session = GradingSession()
    try:
        return session.grade(sub, options, prestart=True)
    finally:
        session.close()


class ZygotePool:
    """Warm zygotes, one per kind of child (with or without PyTorch, CUDA), for grading and
    for running a practice fix: started on first use, started again when one died, kept when
    a sandbox fell back to one outside the jail. Thread-safe."""

    def __init__(self, *, warm_optimizers: bool = False) -> None:
        #: PyTorch zygotes take one optimizer step before forking: worth it for a batch, whose
        #: children would each pay 1.3 s on their first step; one file waits for it instead
        self.warm_optimizers = warm_optimizers
        self._zygotes: dict[tuple[bool, bool], object] = {}
        self._lock = threading.Lock()
        self._closed = False

    def get(self, *, torch: bool, cuda: bool = False):
        """The zygote for this kind of child."""
        key = (torch, cuda)
        with self._lock:
            if self._closed:
                raise SandboxFailure("crashed", "the grading session was closed")
            z = self._zygotes.get(key)
            if z is None or (z.proc is None or z.proc.poll() is not None):
                if z is not None:
                    z.close()
                # the zygote dies with the thread that started it (PR_SET_PDEATHSIG): start
                # it from one that lives as long as this process
                z = in_lasting_thread(lambda: start_zygote(
                    torch=torch, cuda=cuda, hide=_hidden_paths(), block_modules=_BLOCKED_MODULES,
                    warm_optimizers=self.warm_optimizers))
                self._zygotes[key] = z
            return z

    def adopt(self, key: tuple[bool, bool], zygote) -> None:
        """Keep the zygote a sandbox fell back to (the jail could not be built)."""
        with self._lock:
            if self._zygotes.get(key) is not zygote and not self._closed:
                self._zygotes[key] = zygote

    def sandbox(self, *, torch: bool, cuda: bool = False, limits: Limits = Limits(),
                kind: tuple[bool, bool] | None = None) -> Sandbox:
        """A started sandboxed child forked from the zygote of `kind` (default: (torch, cuda));
        where the jail could not be built, the zygote it fell back to is kept for the next.

        Raises:
            SandboxFailure: the child did not start (it is closed).
        """
        kind = kind or (torch, cuda)
        sandbox = Sandbox(torch=torch, cuda=cuda, limits=limits, hide=_hidden_paths(),
                          block_modules=_BLOCKED_MODULES, zygote=self.get(torch=kind[0], cuda=kind[1]))
        try:
            sandbox.start()
        except BaseException:
            self._keep_fallback(kind, sandbox)
            sandbox.close()
            raise
        self._keep_fallback(kind, sandbox)
        return sandbox

    def _keep_fallback(self, kind: tuple[bool, bool], sandbox: Sandbox) -> None:
        if sandbox._own_zygote and sandbox.zygote is not None:  # the jail could not be built
            sandbox._own_zygote = False
            self.adopt(kind, sandbox.zygote)

    def close(self) -> None:
        with self._lock:
            self._closed = True
            zygotes, self._zygotes = list(self._zygotes.values()), {}
        for z in zygotes:
            z.close()


class GradingSession:
    """What many submissions share: the bank and the warm zygotes (a `ZygotePool`).

    Thread-safe: a batch grades several submissions at once on one session, each in its own
    child forked from the same zygote. A zygote that died is started again.
    """

    def __init__(self, bank: Bank | None = None, *, warm_optimizers: bool = False) -> None:
        self.bank = bank if bank is not None else load_bank()
        self.pool = ZygotePool(warm_optimizers=warm_optimizers)

    def zygote(self, *, torch: bool, cuda: bool):
        """The warm zygote for children with (or without) PyTorch; started on first use."""
        return self.pool.get(torch=torch, cuda=cuda)

    def grade(self, sub: Submission, options: GradeOptions = GradeOptions(), *,
              prestart: bool = False) -> GradeResult:
        """Grade one parsed submission. Raises UsageError as `grade_file` does."""
        path = sub.path
        bank = self.bank
        framework = options.framework or (sub.framework if sub.framework in ("numpy", "torch") else "numpy")
        tasks, notes = select_tasks(sub, bank, options.task_ids, framework)
        seed = options.seed if options.seed is not None else secrets.randbelow(2**31)
        notes += [f"skipped (not Python): {line}" for line in sub.skipped_lines]
        if framework == "numpy" and "torch" in sub.defined and not options.framework:
            notes.append("the file imports torch but does not set FRAMEWORK = \"torch\": graded as "
                         "NumPy code (set it, or pass --framework torch)")
        needs_torch = framework == "torch" or any(t.framework == "torch" for t in tasks)
        iso = detect_isolation()
        if options.require_sandbox and not iso.namespaces:
            raise UsageError(f"--require-sandbox: the jail cannot be built here ({iso.reason}); "
                             "nothing was run")
        cuda = _wants_cuda(options, needs_torch)
        if prestart and not sub.syntax_error:  # warm up the sandbox while this process imports torch
            self.zygote(torch=needs_torch, cuda=cuda)
        return _grade(sub, path, options, framework, tasks, notes, seed, needs_torch, self.pool,
                      (needs_torch, cuda))

    def warm_up(self, sub: Submission, options: GradeOptions) -> tuple[bool, bool] | None:
        """Start the zygote that `sub` will need now, so that it imports while others grade;
        returns its kind (torch, cuda), or None when `sub` will not run."""
        framework = options.framework or (sub.framework if sub.framework in ("numpy", "torch") else "numpy")
        try:
            tasks, _ = select_tasks(sub, self.bank, options.task_ids, framework)
        except UsageError:
            return None
        if sub.syntax_error:
            return None
        needs_torch = framework == "torch" or any(t.framework == "torch" for t in tasks)
        key = (needs_torch, _wants_cuda(options, needs_torch))
        self.zygote(torch=key[0], cuda=key[1])
        return key

    def close(self) -> None:
        self.pool.close()

    def __enter__(self) -> "GradingSession":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


_LASTING: "queue.Queue | None" = None
_LASTING_LOCK = threading.Lock()


def in_lasting_thread(fn):
    """Run `fn` on a thread that lives as long as the process, and return what it returns.

    A process started with PR_SET_PDEATHSIG is killed when the *thread* that forked it ends;
    a pool's worker thread (a batch's, or a Dask worker's) may end long before the process.
    """
    global _LASTING
    if threading.current_thread() is threading.main_thread():
        return fn()
    with _LASTING_LOCK:
        if _LASTING is None:
            _LASTING = queue.Queue()

            def serve(q: "queue.Queue") -> None:
                while True:
                    job, box, done = q.get()
                    try:
                        box.append((True, job()))
                    except BaseException as exc:  # handed back to the caller
                        box.append((False, exc))
                    done.set()

            threading.Thread(target=serve, args=(_LASTING,), name="quiz-zygote-starter",
                             daemon=True).start()
    box: list = []
    done = threading.Event()
    _LASTING.put((fn, box, done))
    done.wait()
    ok, value = box[0]
    if not ok:
        raise value
    return value


def _wants_cuda(options: GradeOptions, needs_torch: bool) -> bool:
    return options.device != "cpu" and needs_torch and _cuda_possible()


def _cuda_possible() -> bool:
    import os

    return any(n.startswith("nvidia") for n in os.listdir("/dev")) if os.path.isdir("/dev") else False


def _grade(sub, path, options, framework, tasks, notes, seed, needs_torch, pool, kind) -> GradeResult:
    devices = _devices("torch", options.device) if needs_torch else ["cpu"]
    result = GradeResult(file=str(path), seed=seed, tasks=[], isolation={}, notes=notes,
                         versions=_versions(needs_torch), source=sub.source)
    if sub.syntax_error:
        for task in tasks:
            tr = TaskResult(task.id, task.title.en, task.framework or framework)
            tr.checks.append(CheckResult("load", "error", f"the file does not compile: {sub.syntax_error}"))
            result.tasks.append(tr)
        return result
    grader = _Grader(sub, options, needs_torch, "cuda" in devices, len(tasks) * len(devices), pool, kind)
    calls = library_calls(sub.source)
    try:
        for task in tasks:
            fw = task.framework or framework
            # a task whose arguments hold no array (sizes, lengths) has no device to follow:
            # it runs once, on the CPU, whatever devices there are
            task_devices = [d for d in devices if fw == "torch" and
                            (d == "cpu" or _takes_arrays(task))] or ["cpu"]
            tr = TaskResult(task.id, task.title.en, fw, devices=task_devices)
            for device in task_devices:
                tr.checks += grader.run_task(task, fw, device, seed, tr)
            tr.shortcuts = shortcut_notes(task.library_ops, calls, numpy_backward=fw == "numpy" and any(
                f.backward_of or f.value_grads for f in task.functions))
            if options.from_scratch and tr.shortcuts:
                tr.checks.append(CheckResult("from_scratch", "failed", "; ".join(tr.shortcuts) +
                                             " (--from-scratch asks for your own implementation)"))
            _mark_followers(tr)
            result.tasks.append(tr)
        result.isolation = grader.isolation_report()
        if options.require_sandbox and not result.isolation.get("jailed"):
            raise UsageError("--require-sandbox: the jail could not be built "
                             f"({result.isolation.get('reason')}); the grade was discarded")
    finally:
        grader.close()
    return result


def _takes_arrays(task: CodingTask) -> bool:
    """Whether the task hands the candidate arrays (tensors), or objects built on a device."""
    def has(spec) -> bool:
        if spec.kind in ("array", "values", "zeros", "labels", "mask", "permutations"):
            return True
        nested = spec.mapping.values() if spec.kind == "dict" else (spec.sequence or spec.items or [])
        return any(has(s) for s in nested)

    cases = task.cases + task.stability_cases
    return not cases or any(has(s) for case in cases for s in case.values())


def _mark_followers(tr: TaskResult) -> None:
    """Mark failures that follow from a wrong forward, so a report can say them once.

    PyTorch: gradients come from autograd through the candidate's own forward, so a failed
    `values: f` explains a failed `gradients: f`. Both frameworks: `grad_consistency`
    compares the backward with central differences of the candidate's forward, so it follows
    a failed forward when the backward itself matched the reference.
    """
    failed_values = {c.name.split(": ", 1)[1]: c for c in tr.checks
                     if c.name.startswith("values: ") and not c.passed}
    passed_grads = {c.device for c in tr.checks if c.name.startswith("gradients") and c.passed}
    for c in tr.checks:
        if c.passed or not failed_values:
            continue
        lead = next((v for v in failed_values.values() if v.device == c.device), None)
        if lead is None:
            continue
        if c.name.startswith("gradients") and tr.framework == "torch":
            c.follows = lead.name
        elif c.name.startswith("grad_consistency") and (c.device in passed_grads or tr.framework == "torch"):
            c.follows = lead.name


def _versions(torch: bool) -> dict[str, str]:
    import torch as t  # the references run on PyTorch whatever the submission uses

    out = {"python": platform.python_version(), "numpy": np.__version__, "torch": t.__version__}
    if torch and t.cuda.is_available():
        out["cuda"] = f"{t.version.cuda} ({t.cuda.get_device_name(0)})"
    return out


class _Grader:
    """Forks a fresh child from the warm zygote; a new one after a timeout, crash or exit."""

    def __init__(self, sub: Submission, options: GradeOptions, torch: bool, cuda: bool, n: int,
                 pool: ZygotePool, kind: tuple[bool, bool]) -> None:
        self.sub, self.options, self.torch, self.cuda = sub, options, torch, cuda
        cpu = int(options.timeout * n + 60)
        self.limits = Limits(**{**options.limits.__dict__, "cpu_seconds": cpu})
        self.pool, self.kind = pool, kind  # the session's zygotes, and the kind this one needs
        self.sandbox: Sandbox | None = None
        self.load_error: str | None = None
        self.info: dict = {}
        self.seen: dict = {}

    def _ensure(self) -> Sandbox:
        if self.sandbox is None or not self.sandbox.alive:
            if self.sandbox is not None:
                self.sandbox.close()
            self.sandbox = None
            self.sandbox = self.pool.sandbox(torch=self.torch, cuda=self.cuda, limits=self.limits,
                                             kind=self.kind)
            self.info = self.sandbox.info
            self.seen = {"isolation": self.sandbox.isolation, "pids": self.sandbox.pids_limited,
                         "memory": self.sandbox.memory_limited}
            resp, _ = self.sandbox.request({"op": "load", "source": self.sub.source},
                                           [], self.options.timeout)
            try:
                validate_reply(resp, 0)
            except ProtocolError as exc:
                raise SandboxFailure("protocol", str(exc)) from None
            if not resp["ok"]:
                err = resp["error"]
                line = f" (line {err['line']})" if err.get("line") else ""
                self.load_error = clean_text(
                    f"importing the submission raised {err.get('type', 'an error')}: "
                    f"{str(err.get('message', ''))[:500]}{line}")
                if err.get("trace"):
                    self.load_error += "\n" + clean_text(str(err["trace"])[:2000])
            else:
                self.load_error = None
        return self.sandbox

    def run_task(self, task: CodingTask, framework: str, device: str, seed: int,
                 tr: TaskResult) -> list[CheckResult]:
        deadline = time.monotonic() + self.options.timeout
        call_limit = self.options.call_timeout or task.call_limit
        try:
            sandbox = self._ensure()
        except SandboxFailure as failure:
            out = failure.output or ""
            tr.output += out[-2000:]
            status = "timeout" if failure.kind == "timeout" else "error"
            what = (f"importing the submission did not finish within {self.options.timeout:g} s"
                    if status == "timeout" else failure.message)
            if self.sandbox is not None:
                self.sandbox.close()
                self.sandbox = None
            return [CheckResult("load", status, what, device)]
        if self.load_error:
            tr.output += sandbox.take_output()[-2000:]
            return [CheckResult("load", "error", self.load_error, device)]
        task_seed = int.from_bytes(hashlib.sha256(f"{seed}:{task.id}:{device}".encode()).digest()[:8], "little")
        rng = np.random.default_rng(task_seed)
        runner = Runner(sandbox, framework=framework, device=device, deadline=deadline,
                        call_limit=call_limit, task_limit=self.options.timeout,
                        file_name=self.sub.path.name)
        ctx = Context(task, runner, framework, device, rng)
        ctx.cases = [draw_case(c, rng) for c in task.cases] if not task.trajectory else []
        results: list[CheckResult] = []
        order = run_order(task.checks)
        for i, check in enumerate(order):
            try:
                results += check.run(ctx)
            except SandboxFailure as failure:
                status = "timeout" if failure.kind in ("timeout", "slow") else "error"
                results.append(CheckResult(check.name, status, failure.message, device))
                results += [CheckResult(c.name, "not_gradable", f"not run: the submission's process "
                                        f"was stopped during '{check.name}'", device)
                            for c in order[i + 1:]]
                tr.output += (failure.output or sandbox.take_output())[-2000:]
                self.sandbox.close()
                self.sandbox = None
                tr.advice += [a for a in ctx.advice if a not in tr.advice]
                return results
        tr.output += sandbox.take_output()[-2000:]
        tr.advice += [a for a in ctx.advice if a not in tr.advice]
        return results

    def isolation_report(self) -> dict:
        iso = self.seen.get("isolation") or detect_isolation()
        child = self.info.get("isolation", {}) if isinstance(self.info.get("isolation"), dict) else {}
        jailed = bool(child.get("jail"))
        mechanisms = list(iso.mechanisms) if jailed else []
        if jailed and not child.get("seccomp"):
            mechanisms = [m.replace(", seccomp filter", "") for m in mechanisms]
        if child.get("uid") is not None and not jailed:
            mechanisms.append(f"runs as uid {child['uid']}")
        mechanisms += ["limits on CPU time, file size and open files", "scrubbed environment",
                       "time measured by the grader"]
        if self.seen.get("pids"):
            mechanisms.append("process limit (pids cgroup)")
        mechanisms.append("resident-memory limit (memory cgroup)" if self.seen.get("memory")
                          else "address-space limit")
        if not jailed:
            mechanisms.append("audit hook refusing grader files (Python-level only)")
        out = {"namespaces": iso.namespaces and jailed, "jailed": jailed,
               "reason": iso.reason or ("" if jailed else "the jail could not be built"),
               "mechanisms": mechanisms, "uid": child.get("uid"),
               "capabilities": child.get("capabilities")}
        if not jailed:
            import os

            dropped = child.get("uid") not in (None, os.getuid())
            out["risks"] = FALLBACK_RISKS_DROPPED if dropped else FALLBACK_RISKS
        return out

    def close(self) -> None:
        if self.sandbox is not None:
            self.sandbox.close()
            self.sandbox = None
