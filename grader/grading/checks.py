"""The checks a coding task can declare, each proven in `tests/` by known-wrong variants.

A check returns `CheckResult`s; it may raise `SandboxFailure` (timeout, crash, exit), which
the engine turns into the status of the check that was running.

Verdicts come only from what the parent observes: the values and gradients the child sends
back, compared with the trusted reference. What the child reports about itself (warnings,
hook counts) can be forged by the code it runs, so it goes to `Context.advice`: shown,
never counted. Only the first case of a task is public; messages about any other case say
how far off a value is, never the expected value.

Every check counts what it compared (cases, steps, statistics): one that compared nothing
is `not_gradable` with the reason, never `passed`. An answer of the wrong kind (a string,
None, a list where an array is expected) is a failed comparison, never a skipped one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ..banks.schema import CodingTask, FunctionSpec, Tolerance
from .compare import Answer, Expected, compare_arrays, compare_tree
from .inputs import ScalarFunction, draw, draw_case, leaves, replace_leaf
from .results import CheckResult
from .runner import CallResult, Runner, named_arg, ref_call
from .trees import at, map_leaves, walk

__all__ = ["Context", "check_grad_consistency", "check_gradients", "check_inputs_unchanged",
           "check_stability", "check_steps", "check_values", "group_cases", "well_formed"]


@dataclass
class Context:
    """Everything a check of one task on one device needs."""

    task: CodingTask
    runner: Runner
    framework: str
    device: str
    rng: np.random.Generator
    cases: list[dict[str, Any]] = field(default_factory=list)
    inplace: list[str] = field(default_factory=list)
    #: answers that had the expected form (arrays where arrays belong): leaving the inputs
    #: alone proves something only of a function that answered
    answered: int = 0
    #: answers that were right: leaving the inputs alone is worth something only for a
    #: function that computed something right (a constant of the right form computes nothing)
    right: int = 0
    #: the candidate's answers per (function, case), each asked once, whichever check asks
    _answers: dict[tuple[str, int], Any] = field(default_factory=dict)
    #: what was seen inside the child (warnings, hook counts): shown, never counted
    advice: list[str] = field(default_factory=list)

    @property
    def tol(self) -> Tolerance:
        return self.task.tolerance

    def result(self, check: str, fn: str | None, problems: list[str], *, compared: int,
               why: str = "nothing was compared", error: bool = False,
               limit: int = 4) -> CheckResult:
        """The check's verdict from its problems and how many comparisons it made.

        Args:
            compared: cases, steps or statistics actually compared; with no problems and
                none compared the check is `not_gradable`, with `why`.
            why: what kept the check from comparing anything.
        """
        name = f"{check}: {fn}" if fn else check
        problems = group_cases(list(dict.fromkeys(problems)))
        if not problems:
            if not compared:
                return self.not_gradable(check, fn, why)
            return CheckResult(name, "passed", "", self.device)
        shown = problems[:limit]
        more = f"\n(+{len(problems) - limit} more)" if len(problems) > limit else ""
        return CheckResult(name, "error" if error else "failed", "\n".join(shown) + more, self.device)

    def saw(self, got: Any, expected: Any) -> None:
        """Count an answer that has the form of `expected` (see `answered`)."""
        if well_formed(got, expected):
            self.answered += 1

    def compare(self, name: str, got: Any, expected: Any, *, reveal: bool = False,
                framework: str | None = None) -> list[str]:
        """`compare_tree` with this task's tolerance and device; counts a well-formed answer."""
        self.saw(got, expected)
        found = compare_tree(name, got, expected, self.tol, framework=framework or self.framework,
                             device=self.device, reveal=reveal)
        self.right += not found
        return found

    # -------------------------------------------------------------- calling helpers
    def split_args(self, fn: FunctionSpec, args: dict[str, Any]) -> tuple[list, dict]:
        pos = [named_arg(n, args[n]) for n in fn.required if n in args]
        kw = {n: args[n] for n in fn.params if n in args and n not in fn.required}
        return pos, kw

    def call(self, fn: FunctionSpec, args: dict[str, Any], *, where: str = "", **kw: Any) -> CallResult:
        """Call `fn` in the child; `where` tells the advice about its warnings where they arose."""
        pos, kwargs = self.split_args(fn, args)
        res = self.runner.call(fn.name, pos, kwargs, **kw)
        if res.ok:
            self.note_inplace(fn.name, args, res)
            self.note_warnings(fn.name, res, where)
        return res

    # -------------------------------------------------------------- what checks read
    def forward_answer(self, fn: FunctionSpec, i: int) -> CallResult:
        """The candidate's `fn` on case `i` (NumPy-style call, no autograd), asked once."""
        key = (fn.name, i)
        if key not in self._answers:
            self._answers[key] = self.call(fn, self.cases[i])
        return self._answers[key]

    def backward_answer(self, fwd: FunctionSpec, bwd: FunctionSpec, i: int
                        ) -> tuple[list, CallResult, Any]:
        """The candidate's `bwd` on case `i` for a random upstream gradient, asked once:
        (the upstream, the answer, the expected gradients)."""
        key = (bwd.name, i)
        if key not in self._answers:
            ups, res, expected = _call_backward(self, fwd, bwd, self.cases[i])
            if res.ok:
                self.saw(*_single(res.out, expected))
            self._answers[key] = ups, res, expected
        return self._answers[key]

    def add_advice(self, text: str, *, key: str | None = None, limit: int = 5) -> None:
        """Keep `text` as advice, unless an entry starting with `key` (default: `text`) is
        there already; at most `limit` entries, each kept short."""
        text = text if len(text) <= 300 else text[:299] + "…"
        key = text if key is None else key
        if len(self.advice) < limit and not any(a.startswith(key) for a in self.advice):
            self.advice.append(text)

    def note_warnings(self, fn: str, res: CallResult, where: str = "") -> None:
        """The child's warnings of one call, as advice (a submission can silence them)."""
        for w in res.warnings:
            w = w if len(w) <= 120 else w[:119] + "…"
            head = f"{fn} warned {w!r}"
            self.add_advice(f"{head}{where}", key=head)

    def not_gradable(self, check: str, fn: str | None, why: str) -> CheckResult:
        return CheckResult(f"{check}: {fn}" if fn else check, "not_gradable", why, self.device)

    def note_inplace(self, fn: str, args: dict[str, Any], res: CallResult) -> None:
        sent = [(n, v) for n, v in args.items()]
        fn_spec = self.task.function(fn)
        order = [n for n in fn_spec.required if n in args] + \
                [n for n in fn_spec.params if n in args and n not in fn_spec.required]
        after = dict(zip(order[: len(res.args_after)], res.args_after))
        for name, value in sent:
            if name not in after:
                continue
            for (path, arr), (_, got) in zip(leaves(value, name), walk(after[name], _is_answer, name)):
                if not isinstance(got, Answer):
                    continue
                if got.array.shape != arr.shape:  # resized in place (x.resize, np.ndarray.shape =)
                    msg = (f"{fn} changed the shape of its argument {path} in place "
                           f"({arr.shape} -> {got.array.shape}); leave inputs untouched")
                    changed = True
                else:
                    moved = _moved(got.array, arr, self.task.restore_rtol)
                    changed = bool(moved.any())
                    restored = (f" (it must hold its original values again, each within "
                                f"{self.task.restore_rtol:g}·max(1, |x|))" if self.task.restore_rtol else "")
                    msg = (f"{fn} changed its argument {path} in place ({int(moved.sum())}/{arr.size} "
                           f"elements){restored}; return new arrays and leave inputs untouched")
                if changed:
                    if msg not in self.inplace:
                        self.inplace.append(msg)

    def ref(self, fn: FunctionSpec, args: dict[str, Any], **kw: Any):
        return ref_call(fn.reference, args, fn.params, fn.required, **kw)


def _is_answer(value: Any) -> bool:
    return isinstance(value, Answer)


def _moved(after: np.ndarray, sent: np.ndarray, rtol: float) -> np.ndarray:
    """Elements that changed; floats may come back within rtol·max(1, |x|) (a task may allow
    restoring an input up to rounding, as numerical_gradient does)."""
    if sent.dtype.kind != "f" or after.dtype.kind not in "fiu":
        return after != sent
    same = (after == sent) | (np.isnan(after) & np.isnan(sent))
    if rtol:
        with np.errstate(invalid="ignore"):
            same |= np.abs(after - sent) <= rtol * np.maximum(1.0, np.abs(sent))
    return ~same


def _named(fn: FunctionSpec, ref: Any) -> Any:
    """Label the reference outputs with the output names of the contract for messages."""
    if isinstance(ref, tuple) and len(fn.outputs) == len(ref):
        return tuple(Expected(f"{fn.name} → {o}", r) for o, r in zip(fn.outputs, ref))
    return Expected(f"{fn.name} → {fn.outputs[0]}" if len(fn.outputs) == 1 else fn.name, ref)


def _output_paths(fn: FunctionSpec, ref: Any, include_grads: bool) -> list[tuple[list, str]]:
    if isinstance(ref, tuple):
        return [([i], o) for i, o in enumerate(fn.outputs)
                if include_grads or o not in fn.value_grads]
    return [([], fn.outputs[0])]


def _upstream(ref_out: Any, paths: list[tuple[list, str]], rng: np.random.Generator):
    # random upstream gradients, never all ones (which hides transposes and sums)
    return [(p, rng.standard_normal(np.shape(at(ref_out, p)))) for p, _ in paths]


def case_label(i: int, args: dict[str, Any]) -> str:
    """`case 2 (x (3, 7), axis=0)`: where a message's numbers come from, without the values."""
    parts = []
    for name, value in args.items():
        if isinstance(value, np.ndarray):
            parts.append(f"{name} {tuple(value.shape)}")
        elif isinstance(value, (dict, list, tuple)):
            shapes = ", ".join(f"{p} {tuple(a.shape)}" for p, a in leaves(value, name))
            parts.append(shapes or f"{name}={value!r}")  # a pair of ints, say
        elif isinstance(value, ScalarFunction):
            parts.append(f"{name}={value.name}")
        elif not hasattr(value, "seed"):
            parts.append(f"{name}={value!r}")
    return f"case {i + 1} ({', '.join(parts)})"


def _prefixed(label: str, problems: list[str]) -> list[str]:
    return [f"{label}: {p}" for p in problems]


def _signature_hint(ctx: "Context", fn: FunctionSpec, args: dict[str, Any], got: Any) -> str:
    """A declared bug signature that reproduces the candidate's numbers exactly, if any."""
    import itertools

    for sig in ctx.task.signatures:
        if sig.kind == "mistake":
            if sig.function == fn.name and _mistake_matches(sig, fn, args, got, tol=ctx.tol):
                return f"{fn.name}: your numbers match a known mistake: {sig.says}"
            continue
        if sig.kind == "other_value":
            hint = _other_value_hint(ctx, fn, args, got, sig)
            if hint:
                return hint
            continue
        if not all(isinstance(args.get(a), np.ndarray) for a in sig.args):
            continue
        k = len(sig.blocks)
        if any(args[a].shape[sig.axis] % k for a in sig.args):
            continue
        split = {a: np.split(args[a], k, axis=sig.axis) for a in sig.args}
        for order in itertools.permutations(range(k)):
            if order == tuple(range(k)):
                continue
            # the candidate used block `order[j]` where the contract puts gate j
            moved = {a: np.concatenate([split[a][order.index(j)] for j in range(k)], axis=sig.axis)
                     for a in sig.args}
            ref, _ = ctx.ref(fn, {**args, **moved})
            if _same_numbers(got, ref, ctx.tol):
                names = ", ".join(sig.blocks[order[j]] for j in range(k))
                return (f"{fn.name}: blocks permuted: your output matches the blocks of "
                        f"{', '.join(sig.args)} read in the order {names}; the contract's order "
                        f"is {', '.join(sig.blocks)}")
    return ""


def _mistake_matches(sig, fn: FunctionSpec, args: dict[str, Any], got: Any, *,
                     one_number: bool = False, tol: Tolerance | None = None) -> bool:
    """Whether the declared mistake `sig` computes the candidate's numbers on `args`, where
    it differs from the reference (on a case where the mistake changes nothing, such as a
    causal-mask bug on a case without a mask, it explains nothing)."""
    try:
        out, _ = ref_call(sig.reference, args, fn.params, fn.required)
    except Exception:  # a mistake that cannot run on this case explains nothing here
        return False
    ref, _ = ref_call(fn.reference, args, fn.params, fn.required)
    same = _equal_numbers(got, out, tol) if one_number else _same_numbers(got, out, tol)
    return same and not _equal_numbers(_as_answers(ref), out, tol)


def _as_answers(tree: Any) -> Any:
    """A trusted NumPy tree in the form the candidate's answers take (for `_equal_numbers`)."""
    return map_leaves(tree, lambda _, v: Answer(np.asarray(v), "array"))


def _fed_by(ctx: "Context", fn: FunctionSpec) -> tuple[list[str], int]:
    """`fn` called with the candidate's own outputs of `fn.fed_by.function`, on every case
    that function answered in the expected form, against the reference on the same args."""
    feeder = ctx.task.function(fn.fed_by.function)
    problems, compared = [], 0
    for i, args in enumerate(ctx.cases):
        if not feeder.fits(args):
            continue
        res = ctx.forward_answer(feeder, i)
        outs = res.out if res.ok else None
        if not isinstance(outs, (tuple, list)):
            continue
        fed = {}
        for name, idx in fn.fed_by.args.items():
            got = outs[idx] if idx < len(outs) else None
            if not isinstance(got, Answer):
                break
            arr = np.array(got.array, copy=True)  # its own dtype: uint8 codes stay uint8
            fed[name] = arr.item() if got.kind in ("python", "npscalar") or arr.ndim == 0 else arr
        else:
            label = (f"case {i + 1} (fed your {feeder.name}'s "
                     f"{', '.join(feeder.outputs[j] for j in fn.fed_by.args.values())})")
            ref_out, _ = ctx.ref(fn, fed)
            call = ctx.call(fn, fed)
            if not call.ok:
                problems.append(f"{label}: " + call.error_message(fn.name))
                break
            compared += 1
            found = ctx.compare(fn.name, call.out, _named(fn, ref_out))
            hint = _signature_hint(ctx, fn, fed, call.out) if found else ""
            problems += _prefixed(label, [hint] if hint else found)
    return problems, compared


def _pooled_mistake(ctx: "Context", fn: FunctionSpec, failed: list[tuple], problems: list[str]
                    ) -> list[str]:
    """A mistake named from several one-number answers together: one number fits too many
    explanations, but a mistake that reproduces the answers of two or more cases, each where
    it differs from the reference, is named for all of them."""
    if len(failed) < 2:
        return problems
    for sig in ctx.task.signatures:
        if sig.kind != "mistake" or sig.function != fn.name:
            continue
        if all(_mistake_matches(sig, fn, args, got, one_number=True, tol=ctx.tol) for _, args, got, _, _ in failed):
            text = f"{fn.name}: your numbers match a known mistake (on {len(failed)} cases together): {sig.says}"
            out, skip = [], {}
            for label, _, _, start, n in failed:
                skip[start] = (n, f"{label}: {text}")
            i = 0
            while i < len(problems):
                if i in skip:
                    n, line = skip[i]
                    out.append(line)
                    i += n
                else:
                    out.append(problems[i])
                    i += 1
            return out
    return problems


def _backward_mistake_hint(ctx: "Context", bwd: FunctionSpec, ups: list, args: dict[str, Any],
                           got: Any, expected: tuple) -> str:
    """A declared mistake of a `*_backward` that reproduces the candidate's gradients."""
    sent = {**dict(zip(bwd.params, (g for _, g in ups))), **args}
    if len(bwd.wrt) == 1 and isinstance(got, (tuple, list)) and len(got) == 1:
        got = got[0]
    expected = tuple(np.asarray(e.value) for e in expected)
    expected = expected[0] if len(expected) == 1 else expected
    for sig in ctx.task.signatures:
        if sig.kind == "mistake" and sig.function == bwd.name:
            try:
                out, _ = ref_call(sig.reference, sent, bwd.params, bwd.required)
            except Exception:
                continue
            if len(bwd.wrt) == 1 and isinstance(out, tuple) and len(out) == 1:
                out = out[0]
            if _same_numbers(got, out, ctx.tol) and not _equal_numbers(_as_answers(expected), out, ctx.tol):
                return f"{bwd.name}: your numbers match a known mistake: {sig.says}"
    return ""


def _other_value_hint(ctx: "Context", fn: FunctionSpec, args: dict[str, Any], got: Any, sig) -> str:
    asked = args.get(sig.arg, fn.defaults.get(sig.arg))
    if not isinstance(asked, (int, np.integer)):
        return ""
    tried = [int(asked) + d for d in sig.offsets] + list(sig.values)
    for value in dict.fromkeys(v for v in tried if v != asked and v >= 0):
        try:
            ref, _ = ctx.ref(fn, {**args, sig.arg: value})
        except Exception:  # an impossible value for this case (e.g. a window larger than x)
            continue
        if _same_numbers(got, ref, ctx.tol):
            return (f"{fn.name}: your output is what {sig.arg}={value} gives, but the case asks "
                    f"for {sig.arg}={int(asked)}")
    return ""


def _same_numbers(got: Any, ref: Any, tol: Tolerance | None = None) -> bool:
    """Whether `got` has `ref`'s numbers, with at least two numbers in all: one number fits
    too many explanations to name one."""
    return _size(ref) > 1 and _equal_numbers(got, ref, tol)


def _size(ref: Any) -> int:
    if isinstance(ref, (tuple, list)):
        return sum(_size(r) for r in ref)
    return int(np.asarray(ref).size)


def _equal_numbers(got: Any, ref: Any, tol: Tolerance | None = None) -> bool:
    """Equal within `tol` (the task's tolerance: the standard a right answer meets), or
    rtol 1e-6 without one."""
    if isinstance(ref, (tuple, list)):
        return isinstance(got, (tuple, list)) and len(got) == len(ref) and \
            all(_equal_numbers(g, r, tol) for g, r in zip(got, ref))
    if not isinstance(got, Answer):
        return False
    r = np.asarray(ref)
    if got.array.shape != r.shape or r.dtype.kind not in "fiub" or got.array.dtype.kind not in "fiub":
        return False
    rtol, atol = (tol.rtol, tol.atol) if tol is not None else (1e-6, 1e-12)
    return bool(np.allclose(got.array, r, rtol=rtol, atol=atol))


def _no_case(fn: FunctionSpec, cases: list, *, kind: str = "case", then: str = "") -> str:
    """Why a check compared nothing for `fn`: `no case supplies every argument of f (x, y)`."""
    if not cases:
        return f"the task has no {kind}s, so nothing was compared"
    return (f"no {kind} supplies every argument of {fn.name} ({', '.join(fn.required)}) and "
            f"nothing else, so {then or 'nothing was compared'}")


def well_formed(got: Any, expected: Any) -> bool:
    """Whether an answer has the form of `expected`: the same tuples, lists and dict keys,
    with an array or tensor of the reference's shape (a number for a scalar) at each leaf;
    dtypes and devices are left to the comparison."""
    if isinstance(expected, Expected):
        return well_formed(got, expected.value)
    if isinstance(expected, (tuple, list)):
        return isinstance(got, (tuple, list)) and len(got) == len(expected) and \
            all(well_formed(g, e) for g, e in zip(got, expected))
    if isinstance(expected, dict):
        return isinstance(got, dict) and set(expected) <= set(got) and \
            all(well_formed(got[k], e) for k, e in expected.items())
    return isinstance(got, Answer) and got.array.shape == np.shape(expected)


_CASE_HEAD = re.compile(r"case (\d+) \(")


def _split_case(problem: str) -> tuple[int, str, str] | None:
    """`case 3 (x (2, 5)): text` -> (3, "case 3 (x (2, 5))", ": text"); None without a label."""
    m = _CASE_HEAD.match(problem)
    if not m:
        return None
    depth, i = 1, m.end()
    while i < len(problem) and depth:
        depth += {"(": 1, ")": -1}.get(problem[i], 0)
        i += 1
    return (int(m.group(1)), problem[:i], problem[i:]) if not depth else None


def _numbers(ns: list[int]) -> str:
    """[2, 3, 4, 7] -> `2–4, 7`: runs of three or more as a range."""
    runs: list[list[int]] = []
    for n in ns:
        if runs and n == runs[-1][-1] + 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    return ", ".join(f"{r[0]}–{r[-1]}" if len(r) > 2 else ", ".join(map(str, r)) for r in runs)


def group_cases(problems: list[str]) -> list[str]:
    """Say once what several cases share: `case 1 (x (1,)) and cases 2–4: sigmoid raised …`.

    Problems whose text after the `case N (...)` label is the same are merged into the first
    one's place; the first case keeps its full label, the others are listed by number.
    """
    groups: dict[str, list[tuple[int, str]]] = {}
    order: list[str | tuple[str]] = []
    for p in problems:
        split = _split_case(p)
        if split is None:
            order.append((p,))
            continue
        n, label, rest = split
        if rest not in groups:
            groups[rest] = []
            order.append(rest)
        groups[rest].append((n, label))
    out = []
    for key in order:
        if isinstance(key, tuple):
            out.append(key[0])
            continue
        first, label = groups[key][0]
        others = sorted({n for n, _ in groups[key][1:]} - {first})
        if not others:
            out.append(label + key)
        else:
            word = "case" if len(others) == 1 else "cases"
            out.append(f"{label} and {word} {_numbers(others)}{key}")
    return out


# ------------------------------------------------------------------------------ values
def check_values(ctx: Context) -> list[CheckResult]:
    """Forward outputs on every case; for PyTorch, gradients through autograd as well."""
    results = []
    torch_grads = ctx.framework == "torch" and "gradients" in ctx.task.checks
    for fn in ctx.task.forward_functions:
        problems, grad_problems, errored = [], [], False
        compared = grads_compared = 0
        one_number: list[tuple] = []  # failed cases whose answer is a single number
        bwd = ctx.task.backward_for(fn.name)
        wrt = (bwd.wrt if bwd else fn.wrt) if torch_grads else []
        for i, args in enumerate(ctx.cases):
            if not fn.fits(args):
                continue
            ref_out, _ = ctx.ref(fn, args)
            label = case_label(i, args)
            grad_req = None
            if wrt:
                paths = _output_paths(fn, ref_out, include_grads=False)
                ups = _upstream(ref_out, paths, ctx.rng)
                ids = [p for name in wrt for p, _ in leaves(args[name], name)]
                grad_req = {"wrt": ids, "upstream": ups}
            res = ctx.call(fn, args, grad=grad_req) if grad_req else ctx.forward_answer(fn, i)
            if not res.ok:
                problems.append(f"{label}: " + res.error_message(fn.name))
                errored = True
                break
            got, named = res.out, _named(fn, ref_out)
            compared += 1
            if fn.value_grads and isinstance(ref_out, tuple):
                grads_compared += 1
                if isinstance(got, (tuple, list)) and len(got) == len(ref_out):
                    ctx.saw(got, named)
                    keep = [j for j, o in enumerate(fn.outputs) if o not in fn.value_grads]
                    values_found = compare_tree(
                        fn.name, tuple(got[j] for j in keep), tuple(named[j] for j in keep),
                        ctx.tol, framework=ctx.framework, device=ctx.device, reveal=i == 0)
                    grads_idx = [j for j, o in enumerate(fn.outputs) if o in fn.value_grads]
                    grads_found = compare_tree(
                        fn.name, tuple(got[j] for j in grads_idx), tuple(named[j] for j in grads_idx),
                        ctx.tol, framework=ctx.framework, device=ctx.device, reveal=i == 0)
                    ctx.right += not (values_found or grads_found)
                    hint = _signature_hint(ctx, fn, args, got) if values_found or grads_found else ""
                    if hint:  # the whole answer (loss and gradients) fits a known bug
                        values_found = [hint] if values_found else []
                        grads_found = [hint] if grads_found else []
                    problems += _prefixed(label, values_found)
                    grad_problems += _prefixed(label, grads_found)
                else:  # not the tuple asked for: neither the values nor the gradients are right
                    found = ctx.compare(fn.name, got, named, reveal=i == 0)
                    problems += _prefixed(label, found)
                    grad_problems += _prefixed(label, found)
            else:
                found = ctx.compare(fn.name, got, named, reveal=i == 0)
                hint = _signature_hint(ctx, fn, args, got) if found else ""
                if found and not hint and _size(ref_out) == 1:  # one number: judged across cases
                    one_number.append((label, args, got, len(problems), len(found)))
                problems += _prefixed(label, [hint] if hint else found)
            if grad_req:
                grads_compared += 1
                grad_problems += _prefixed(label, _compare_autograd(ctx, fn, args, res, wrt, grad_req,
                                                                    reveal=i == 0))
        problems = _pooled_mistake(ctx, fn, one_number, problems)
        if fn.fed_by is not None and not errored:
            fed_problems, fed_compared = _fed_by(ctx, fn)
            problems += fed_problems
            compared += fed_compared
        why = _no_case(fn, ctx.cases)
        results.append(ctx.result("values", fn.name, problems, compared=compared, why=why,
                                  error=errored))
        if (fn.value_grads or wrt) and not errored:
            results.append(ctx.result("gradients", fn.name, grad_problems, compared=grads_compared,
                                      why=why))
    return results


def _compare_autograd(ctx: Context, fn: FunctionSpec, args, res: CallResult, wrt, grad_req, *,
                      reveal: bool = False) -> list[str]:
    if res.grad_error:
        return [f"{fn.name}: autograd failed: {res.grad_error} (do not detach, use .data or "
                "convert to NumPy inside the function)"]
    _, ref_grads = ctx.ref(fn, args, wrt=wrt, upstream=grad_req["upstream"])
    problems = []
    for path, ref_g in ref_grads.items():
        got = res.grads.get(path)
        if got is None:
            problems.append(f"d{path}: no gradient flows back to {path} through your {fn.name}")
            continue
        msg = compare_arrays(f"d{path} (autograd through {fn.name})", got.array, ref_g, ctx.tol,
                             reveal=reveal)
        if msg:
            problems.append(msg)
    return problems


# ------------------------------------------------------------------------------ gradients
def check_gradients(ctx: Context) -> list[CheckResult]:
    """NumPy `*_backward` functions against autograd through the reference."""
    if ctx.framework == "torch":
        return []  # checked through autograd inside check_values
    results = []
    for bwd in ctx.task.functions:
        if bwd.backward_of is None:
            continue
        fwd = ctx.task.function(bwd.backward_of)
        problems, errored, compared = [], False, 0
        for i, args in enumerate(ctx.cases):
            if not fwd.fits(args):
                continue
            label = case_label(i, args)
            ups, res, expected = ctx.backward_answer(fwd, bwd, i)
            if not res.ok:
                problems.append(f"{label}: " + res.error_message(bwd.name))
                errored = True
                break
            compared += 1
            found = _compare_backward(ctx, bwd, res.out, expected, reveal=i == 0)
            hint = _backward_mistake_hint(ctx, bwd, ups, args, res.out, expected) if found else ""
            problems += _prefixed(label, [hint] if hint else found)
        why = _no_case(fwd, ctx.cases, then=f"{bwd.name} was never called")
        results.append(ctx.result("gradients", bwd.name, problems, compared=compared, why=why,
                                  error=errored))
    return results


def _call_backward(ctx: Context, fwd: FunctionSpec, bwd: FunctionSpec, args: dict[str, Any], *,
                   where: str = "") -> tuple[list, CallResult, Any]:
    """Call `bwd` with a random upstream gradient; the upstream, the answer, the expected grads."""
    ref_out, _ = ctx.ref(fwd, args)
    paths = _output_paths(fwd, ref_out, include_grads=False)
    if bwd.upstream:  # only these outputs receive a gradient, in the backward's order
        paths = [next(p for p in paths if p[1] == o) for o in bwd.upstream]
    ups = _upstream(ref_out, paths, ctx.rng)
    _, ref_grads = ctx.ref(fwd, args, wrt=bwd.wrt, upstream=ups)
    upstream_args = [named_arg(f"d{name}", g) for (_, name), (_, g) in zip(paths, ups)]
    pos, kw = ctx.split_args(fwd, args)
    res = ctx.runner.call(bwd.name, upstream_args + pos, kw)
    if res.ok:
        ctx.note_inplace(bwd.name, {**dict(zip(bwd.params, (g for _, g in ups))), **args}, res)
        ctx.note_warnings(bwd.name, res, where)
    expected = tuple(Expected(f"{bwd.name} → d{w}", ref_grads[w]) for w in bwd.wrt)
    return ups, res, expected


def _single(got: Any, expected: tuple) -> tuple[Any, Any]:
    """A backward of one argument may return its gradient alone or in a 1-tuple."""
    if len(expected) == 1:
        if isinstance(got, (tuple, list)) and len(got) == 1:
            got = got[0]
        return got, expected[0]
    return got, expected


def _compare_backward(ctx: Context, bwd: FunctionSpec, got: Any, expected: tuple, *,
                      reveal: bool = False) -> list[str]:
    """Problems of a backward's answer (counted as answered where it was asked for)."""
    got, expected = _single(got, expected)
    found = compare_tree(bwd.name, got, expected, ctx.tol, framework="numpy", device=ctx.device,
                         reveal=reveal)
    ctx.right += not found
    return found


# ------------------------------------------------------------------------------ consistency
def check_grad_consistency(ctx: Context) -> list[CheckResult]:
    """Central differences of the candidate's own forward against its own gradients."""
    if ctx.framework == "torch":
        return []
    results = []
    for fn in ctx.task.functions:
        if fn.backward_of is not None:
            fwd, grad_fn = ctx.task.function(fn.backward_of), fn
            if fwd.provided:
                continue  # the candidate wrote no forward to differentiate
        elif fn.loss_output:
            fwd, grad_fn = fn, None
        else:
            continue
        problems, compared = [], 0
        cases = [i for i, a in enumerate(ctx.cases) if fwd.fits(a)][:3]
        for i in cases:
            args = ctx.cases[i]
            found, n = _consistency_case(ctx, fwd, grad_fn, i, args)
            problems += found
            compared += n
            ctx.right += bool(n and not found)  # a backward consistent with its own forward
            if problems:
                break
        name = grad_fn.name if grad_fn else fwd.name
        why = _no_case(fwd, ctx.cases) if not cases else (
            "nothing to compare: the gradients or the forward did not return arrays")
        results.append(ctx.result("grad_consistency", name, problems, compared=compared, why=why))
    return results


def _consistency_case(ctx: Context, fwd: FunctionSpec, bwd: FunctionSpec | None, i: int,
                      args: dict[str, Any]) -> tuple[list[str], int]:
    """Problems found, and how many directional derivatives were compared."""
    if bwd is not None:
        ups, res, _ = ctx.backward_answer(fwd, bwd, i)
        if not res.ok:  # the gradient check says why; here there is nothing to compare
            return [], 0
        got = res.out
        wrt = bwd.wrt
        grads = got if isinstance(got, (tuple, list)) and len(wrt) > 1 else (
            got[0] if isinstance(got, (tuple, list)) and len(got) == 1 else got,)
        if len(wrt) > 1 and (not isinstance(got, (tuple, list)) or len(got) != len(wrt)):
            return [], 0
        grad_of = dict(zip(wrt, grads))

        def scalar(out: Any) -> float:
            outs = out if isinstance(out, (tuple, list)) and len(ups) > 1 else (out,)
            return float(sum(np.sum(np.asarray(_arr(o)) * g) for o, (_, g) in zip(outs, ups)))
        label = "Σ dout·forward"
    else:
        res = ctx.forward_answer(fwd, i)
        got = res.out if res.ok else None
        if not isinstance(got, (tuple, list)):
            return [], 0
        idx_loss = fwd.outputs.index(fwd.loss_output)
        wrt = fwd.wrt
        grad_of = {w: got[fwd.outputs.index(g)] for w, g in zip(wrt, fwd.value_grads)}

        def scalar(out: Any) -> float:
            return float(np.asarray(_arr(out[idx_loss])))
        label = fwd.loss_output
    problems, compared = [], 0
    for w in wrt:
        for path, x in leaves(args[w], w):
            g = at(grad_of.get(w), path[len(w) + 1:] if path != w else "")
            if not isinstance(g, Answer) or g.array.shape != x.shape:
                continue  # shape problems are reported by the gradient check
            best = None
            for h in (1e-5, 1e-6):
                u = ctx.rng.standard_normal(x.shape)
                u /= max(np.linalg.norm(u), 1e-300)
                vals = []
                for sgn in (1, -1):
                    moved = replace_leaf(args, path, x + sgn * h * u)
                    res = ctx.call(fwd, moved)
                    if not res.ok:
                        return problems, compared
                    try:
                        vals.append(scalar(res.out))
                    except (TypeError, ValueError, IndexError):
                        return problems, compared
                fd = (vals[0] - vals[1]) / (2 * h)
                an = float(np.sum(g.array * u))
                err = abs(fd - an)
                if best is None or err < best[0]:
                    best = (err, fd, an)
                if err <= 1e-5 * max(1.0, abs(fd), abs(an)):
                    break
            err, fd, an = best
            compared += 1
            if err > 1e-5 * max(1.0, abs(fd), abs(an)):
                problems.append(
                    f"d{path}: your gradient disagrees with your own {fwd.name}: along a random "
                    f"direction u, central differences of {label} give {fd:.6g}, your d{path}·u "
                    f"gives {an:.6g}")
    return problems, compared


def _arr(value: Any) -> np.ndarray:
    if isinstance(value, Answer):
        return value.array
    raise TypeError


# ------------------------------------------------------------------------------ in place
def check_inputs_unchanged(ctx: Context) -> list[CheckResult]:
    """Every call's arguments as the child saw them afterwards, against what was sent.

    A function that answers nothing of use (raises, returns a string, or a constant of the
    right form) leaves its inputs alone trivially: the check passes only once some answer
    was right.
    """
    why = ("no call returned an answer of the expected form, so leaving the inputs unchanged "
           "shows nothing") if not ctx.answered else (
        "no answer was right, so leaving the inputs unchanged shows nothing")
    return [ctx.result("inputs_unchanged", None, ctx.inplace, compared=min(ctx.answered, ctx.right),
                       why=why)]


# ------------------------------------------------------------------------------ stability
def check_stability(ctx: Context) -> list[CheckResult]:
    """Extreme inputs: values and gradients still right, no NaN or Inf.

    Judged from values alone: a warning inside the child (overflow in exp) is advice, since
    `np.errstate` silences it, while a wrong value, NaN or Inf cannot be hidden. The
    gradients matter as much as the forward: the textbook 1/(1 + e^{-x}) rounds to the right
    value when e^{-x} overflows, but its autograd gradient is -0·inf = NaN there.
    """
    results = []
    grads = "gradients" in ctx.task.checks
    for fn in ctx.task.forward_functions:
        problems, errored, compared = [], False, 0
        bwd = ctx.task.backward_for(fn.name) if grads else None
        wrt = (bwd.wrt if bwd else fn.wrt) if grads and ctx.framework == "torch" else []
        if ctx.framework == "torch":
            bwd = None  # a PyTorch submission's gradients come through autograd
        for spec in ctx.task.stability_cases:
            args = draw_case(spec, ctx.rng)
            if not fn.fits(args):
                continue
            ref_out, _ = ctx.ref(fn, args)
            big = max((float(np.max(np.abs(a))) for _, a in leaves(args) if a.size), default=0.0)
            where = f" on inputs up to {big:g} in magnitude"
            res = ctx.call(fn, args, where=where)
            if not res.ok:
                problems.append(res.error_message(fn.name) + f" ({where.strip()})")
                errored = True
                break
            compared += 1
            found = ctx.compare(fn.name, res.out, _named(fn, ref_out))
            if wrt:  # a call of its own: inputs that require grad make in-place edits raise
                paths = _output_paths(fn, ref_out, include_grads=False)
                grad_req = {"wrt": [p for name in wrt for p, _ in leaves(args[name], name)],
                            "upstream": _upstream(ref_out, paths, ctx.rng)}
                gres = ctx.call(fn, args, grad=grad_req, where=where)
                errored = not gres.ok
                found += ([gres.error_message(fn.name)] if errored else
                          _compare_autograd(ctx, fn, args, gres, wrt, grad_req))
            if bwd is not None:
                _, bres, expected = _call_backward(ctx, fn, bwd, args, where=where)
                errored = not bres.ok
                if not errored:
                    ctx.saw(*_single(bres.out, expected))
                found += ([bres.error_message(bwd.name)] if errored else
                          _compare_backward(ctx, bwd, bres.out, expected))
            problems += [f"{p} ({where.strip()})" for p in found]
            if errored:
                break
        why = _no_case(fn, ctx.task.stability_cases, kind="stability case")
        results.append(ctx.result("stability", fn.name, problems, compared=compared, why=why,
                                  error=errored))
    return results


# ------------------------------------------------------------------------------ steps
def check_steps(ctx: Context) -> list[CheckResult]:
    """A stateful update called step after step, its own outputs fed back in."""
    spec = ctx.task.trajectory
    fn = ctx.task.function(spec.function)
    problems, errored, compared = [], False, 0
    for ci, case in enumerate(ctx.task.cases):
        if not fn.fits(case):
            continue
        args = draw_case(case, ctx.rng)
        first_bad = None
        for step in range(1, spec.steps + 1):
            for name in spec.fresh:
                if name in case:
                    args[name] = draw(case[name], ctx.rng)
            if spec.counter:
                args[spec.counter] = step
            ref_out, _ = ctx.ref(fn, args)
            res = ctx.call(fn, args)
            if not res.ok:
                problems.append(f"step {step}: " + res.error_message(fn.name))
                errored = True
                break
            hyper = ", ".join(f"{k}={v!r}" for k, v in args.items()
                              if not isinstance(v, np.ndarray) and k != spec.counter)
            compared += 1
            found = ctx.compare(fn.name, res.out, _named(fn, ref_out), reveal=ci == 0 and step == 1)
            if found:
                hint = _signature_hint(ctx, fn, args, res.out)
                found = [hint] if hint else found
                first_bad = f"case {ci + 1} ({hyper or 'defaults'}), step {step} of {spec.steps}: " + found[0]
                break
            for name, idx in spec.carry.items():
                args[name] = np.array(res.out[idx].array, dtype=np.float64)
        if errored:
            break
        if first_bad:
            problems.append(first_bad)
    why = _no_case(fn, ctx.task.cases, then="no trajectory was followed")
    return [ctx.result("steps", fn.name, problems, compared=compared, why=why, error=errored)]
