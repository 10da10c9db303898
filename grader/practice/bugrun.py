"""Run a person's fix of a spot-the-bug snippet against the question's check, in the sandbox.

The corrected program (the question's `setup`, the snippet with the wrong line replaced by
the typed fix, its `check`) is code from the user: it runs only in a sandboxed child forked
from a zygote (`grader.sandbox`), never in the practice process, under a time limit, with its
output captured. The zygote imports NumPy (and PyTorch when the program mentions it) once;
`prewarm` starts it while the person reads the snippet.
"""

from __future__ import annotations

import ast
import atexit
import re
import threading
import time
from dataclasses import dataclass

from ..untrusted import clean_text

__all__ = ["FixRun", "needs_torch", "not_code", "prewarm", "run_fix", "run_program"]

#: wall-clock limit of one run (the snippets take well under a second; the zygote's start,
#: importing PyTorch, is not counted)
TIMEOUT_S = 10.0
_pool = None
_lock = threading.Lock()


@dataclass(frozen=True)
class FixRun:
    """What running a corrected program showed: `works` is True (the check passes), False
    (the check or the code raised: `detail` says what, in one or two lines) or None (it could
    not be run: the fix is not Python, or the sandbox failed; `detail` says why)."""

    works: bool | None
    detail: str = ""
    #: what the program printed (truncated, cleaned)
    output: str = ""
    seconds: float = 0.0
    #: the fix does not parse as Python (a sentence, say): graded on the line only
    not_code: bool = False


def needs_torch(q) -> bool:
    """Whether the question's program uses PyTorch (the zygote then imports it)."""
    return bool(re.search(r"\b(torch|nn|F)\b", q.program()))


def _zygotes():
    """The zygotes of fix runs: the grader's own pool (one per process, closed at exit);
    PyTorch zygotes take an optimizer step first, as most PyTorch snippets step one."""
    global _pool
    from ..grading.engine import ZygotePool

    with _lock:
        if _pool is None:
            _pool = ZygotePool(warm_optimizers=True)
            atexit.register(_pool.close)
        return _pool


def prewarm(q) -> None:
    """Start the zygote a run of `q` will need (it imports in the background)."""
    if q.check is not None:
        try:
            _zygotes().get(torch=needs_torch(q))
        except Exception:
            pass  # run_fix says why, if it is ever needed


def run_fix(q, fix: str, *, timeout: float = TIMEOUT_S) -> FixRun:
    """Run `q`'s program with line `q.answer.line` replaced by `fix` (one line)."""
    why = not_code(q, fix)
    if why:
        return FixRun(None, why, not_code=True)
    first = q.setup_lines + 1
    return run_program(q.program(fix), torch=needs_torch(q), timeout=timeout,
                       snippet=(first, first + q.code.rstrip("\n").count("\n")))


def not_code(q, fix: str) -> str:
    """Why `fix` is not a line of code to run ("" if it is one): it does not parse in its
    place, or it is a lone word (`6: mask` names the idea, it is not the line)."""
    try:  # parsing is not running: a fix that is not Python is told so, never run
        compile(q.corrected(fix), "<fix>", "exec", dont_inherit=True)
        body = ast.parse(fix.strip()).body
    except (SyntaxError, ValueError, MemoryError, RecursionError) as exc:
        what = getattr(exc, "msg", None) or type(exc).__name__
        return clean_text(f"{type(exc).__name__}: {what}")[:200]
    if len(body) == 1 and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Name):
        return clean_text(repr(fix.strip()))[:60]
    return ""


def run_program(source: str, *, torch: bool, timeout: float = TIMEOUT_S,
                snippet: tuple[int, int] = (1, 1 << 30)) -> FixRun:
    """Run `source` in a fresh sandboxed child; an error in the snippet (lines `snippet`,
    first and last, of the program) names its line in the snippet."""
    from ..sandbox import Limits, SandboxFailure
    from ..sandbox.protocol import ProtocolError, validate_reply

    t0 = time.monotonic()
    sandbox = None
    try:
        sandbox = _zygotes().sandbox(torch=torch, limits=Limits(cpu_seconds=int(timeout) + 1))
        resp, _ = sandbox.request({"op": "load", "source": source}, [], timeout)
        output = clean_text(sandbox.take_output())[-2000:]
        try:
            validate_reply(resp, 0)
        except ProtocolError as exc:  # a forged answer is not a pass
            return FixRun(False, clean_text(str(exc))[:300], output, time.monotonic() - t0)
    except SandboxFailure as failure:
        why = f"it did not finish within {timeout:g} s" if failure.kind == "timeout" else failure.message
        works = False if failure.kind in ("timeout", "crashed", "exited", "flood") else None
        return FixRun(works, clean_text(why)[:300], clean_text(failure.output)[-2000:],
                      time.monotonic() - t0)
    except Exception as exc:  # the sandbox itself could not start here
        return FixRun(None, clean_text(f"{type(exc).__name__}: {exc}")[:300], "", time.monotonic() - t0)
    finally:
        if sandbox is not None:
            sandbox.close()
    seconds = time.monotonic() - t0
    if not isinstance(resp, dict) or resp.get("ok") is True:
        return FixRun(True, "", output, seconds)
    return FixRun(False, _describe(resp.get("error"), snippet), output, seconds)


def _describe(err, snippet: tuple[int, int]) -> str:
    """`AssertionError: message` or `Type: message (line n)`, n counted in the snippet."""
    if not isinstance(err, dict):
        return "the program failed"
    kind, msg = str(err.get("type", "Error"))[:60], str(err.get("message", ""))
    lines = [ln for ln in msg.strip().splitlines() if ln.strip()][:2]
    text = f"{kind}: " + " / ".join(lines) if lines else kind
    line = err.get("line")
    if kind != "AssertionError" and isinstance(line, int) and snippet[0] <= line <= snippet[1]:
        text += f" (line {line - snippet[0] + 1})"
    return clean_text(text)[:400]
