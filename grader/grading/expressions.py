"""Grading a class by what its objects compute: random expression programs built from the
candidate's class (`scalar_autograd`'s `Value`) and from float64 PyTorch scalars, node by
node, `.data` after the forward and `.grad` after `backward()`.

Programs are drawn so that every operator stays in its domain (log of positives, division
by numbers away from 0, ReLU away from its kink), values stay moderate, and every node is
reachable from the output (loose ends are summed into it), so every node has a gradient.
Nodes used several times test accumulation; long chains test that backward visits nodes
in topological order without exhausting the recursion limit.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from ..banks.schema import ProgramSpec
from ..sandbox._programs import OPS, build_program, show_step
from .checks import Context
from .compare import Answer, describe_answer
from ..sandbox import SandboxFailure
from .results import CheckResult

__all__ = ["check_expressions", "draw_program", "torch_program"]

_UNARY = ("neg", "tanh", "relu", "exp", "log")
_NUMBERS = (2.0, -3.0, 0.5, 1.5)


def _value(op: str, args: list[float]) -> float | None:
    """The op's value on floats, or None where it leaves its domain or grows too large."""
    try:
        if op == "log" and args[0] <= 0.2:
            return None
        if op == "relu" and abs(args[0]) < 1e-3:
            return None
        if op in ("div", "div_num") and abs(args[1]) < 0.3:
            return None
        if op == "rdiv_num" and abs(args[1]) < 0.3:
            return None
        if op == "pow_num" and (args[1] == 0.5 and args[0] <= 0.1 or args[1] < 0 and abs(args[0]) < 0.3):
            return None
        if op == "exp" and args[0] > 4:
            return None
        fn, _ = OPS[op]
        if op in ("tanh", "relu", "exp", "log"):
            v = {"tanh": math.tanh, "relu": lambda a: max(a, 0.0), "exp": math.exp, "log": math.log}[op](args[0])
        else:
            v = fn(*args)
    except (OverflowError, ZeroDivisionError, ValueError):
        return None
    if isinstance(v, complex) or abs(v) >= 50:
        return None
    # an exact 0 (x − x) would flatten every gradient downstream; ReLU's 0 is the point
    return v if op == "relu" or abs(v) >= 1e-3 else None


def draw_program(spec: ProgramSpec, rng: np.random.Generator, *, tour: bool = False) -> list[list]:
    """A random program; with `tour`, its first steps use every operator once."""
    steps: list[list] = []
    values: list[float] = []
    used = [0] * spec.nodes

    def add(step: list, value: float) -> None:
        steps.append(step)
        values.append(value)

    for _ in range(spec.leaves):
        v = float(rng.uniform(0.3, 2.0) * rng.choice([-1, 1]))
        add(["leaf", round(v, 6)], round(v, 6))
    order = list(OPS) if tour else []
    budget = spec.nodes - 1  # the last node is the sum of the loose ends
    attempts = 0
    while len(steps) < budget and attempts < 100 * spec.nodes:
        attempts += 1
        op = order[0] if order else str(rng.choice(list(OPS)))
        _, kinds = OPS[op]

        def pick() -> int:
            if rng.random() < spec.reuse or not steps:
                return int(rng.integers(0, len(steps)))
            return len(steps) - 1

        operands: list[Any] = [pick() if k == "n" else float(rng.choice(_NUMBERS)) for k in kinds]
        if op == "pow_num":
            operands[1] = float(rng.choice([2.0, 3.0, 0.5, -1.0]))
        floats = [values[o] if k == "n" else o for k, o in zip(kinds, operands)]
        v = _value(op, floats)
        if v is None:
            continue
        if order:
            order.pop(0)
        for k, o in zip(kinds, operands):
            if k == "n":
                used[o] += 1
        add([op, *operands], v)
    loose = [i for i in range(len(steps)) if used[i] == 0]
    total = loose[0]
    for i in loose[1:]:  # sum the loose ends, so that every node reaches the output
        steps.append(["add", total, i])
        total = len(steps) - 1
    if total != len(steps) - 1 or len(loose) == 1:
        steps.append(["mul_num", total, 1.0])
    return steps


def torch_program(steps: list[list]) -> tuple[np.ndarray, np.ndarray]:
    """Every node's value and gradient (of the last node), by float64 PyTorch autograd."""
    import torch

    def leaf(v: float):
        return torch.tensor(v, dtype=torch.float64, requires_grad=True)

    nodes = build_program(steps, leaf)
    for n in nodes:
        if n.requires_grad and not n.is_leaf:
            n.retain_grad()
    nodes[-1].backward()
    data = np.array([float(n.detach()) for n in nodes])
    grad = np.array([0.0 if n.grad is None else float(n.grad) for n in nodes])
    return data, grad


def check_expressions(ctx: Context) -> list[CheckResult]:
    spec = ctx.task.expressions
    value_problems, grad_problems, errored, compared = [], [], False, 0
    for pi, prog in enumerate(spec.programs):
        steps = draw_program(prog, ctx.rng, tour=pi == 0)
        want_data, want_grad = torch_program(steps)
        label = f"expression {pi + 1} ({len(steps)} nodes)"
        try:
            res = ctx.runner.program(spec.cls, steps)
        except SandboxFailure as failure:  # the child is gone; keep what was found so far
            hint = (" (a backward that recurses from the output revisits shared nodes once per "
                    "path, exponentially often: order the nodes once, topologically)"
                    if failure.kind in ("timeout", "slow") else "")
            value_problems.append(f"{label}: {failure.message}{hint}")
            errored = True
            break
        if not res.ok:
            value_problems.append(f"{label}: " + res.error_message(spec.cls))
            errored = True
            break
        out = res.out
        if not (isinstance(out, (tuple, list)) and len(out) == 2 and all(isinstance(o, Answer) for o in out)):
            value_problems.append(f"{label}: could not read the nodes back ({describe_answer(out)})")
            continue
        compared += 1
        ctx.answered += 1
        got_data, got_grad = out[0].array, out[1].array
        bad = _first_bad(got_data, want_data, ctx.tol, first=True)
        if bad is not None:
            value_problems.append(f"{label}: node {bad} = {show_step(steps[bad])}: .data got "
                                  f"{got_data[bad]:.8g}, expected {want_data[bad]:.8g}")
            continue  # gradients of wrong values say nothing more
        bad = _first_bad(got_grad, want_grad, ctx.tol, first=False)
        if bad is not None:
            users = [u for u, s in enumerate(steps) if s[0] != "leaf" and
                     any(k == "n" and o == bad for k, o in zip(OPS[s[0]][1], s[1:]))]
            shown = "; ".join(f"node {u} = {show_step(steps[u])}" for u in users[:3])
            more = "" if len(users) <= 3 else f" and {len(users) - 3} more"
            why = (f"the gradients of its users are right, so the fault is in passing theirs on to it: "
                   f"the backward rule of {shown}{more}"
                   + (", the sum over its uses (+=)" if len(users) > 1 else "")
                   + ", or the order backward() runs the rules in (each exactly once, after its "
                     "node's gradient is complete)"
                   if users else "it is the output: backward() starts from .grad = 1")
            grad_problems.append(
                f"{label}: node {bad} = {show_step(steps[bad])}: .grad got {got_grad[bad]:.8g}, "
                f"expected {want_grad[bad]:.8g}; {why}")
    why = "no expression could be built, so nothing was compared"
    # gradients are compared only where every value was right
    right_values = compared - sum(1 for p in value_problems if ".data got" in p)
    return [ctx.result("expressions: values", None, value_problems, compared=compared, why=why,
                       error=errored),
            ctx.result("expressions: gradients", None, grad_problems, compared=right_values,
                       why="no expression had every value right, so no gradient was compared"
                       if compared else why)]


def _first_bad(got: np.ndarray, want: np.ndarray, tol, *, first: bool) -> int | None:
    """The first (or, for gradients, the last: closest to the output) node out of tolerance."""
    if got.shape != want.shape:
        return 0
    wrong = ~(np.abs(got - want) <= tol.atol + tol.rtol * np.abs(want))
    idx = np.flatnonzero(wrong)
    if not idx.size:
        return None
    return int(idx[0] if first else idx[-1])
