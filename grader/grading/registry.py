"""The checks a task can declare, each a unit that says what it reads.

A check reads the task's own description (its cases, stability cases, trajectory, dropout
or GAN section) and the candidate's answers, which it asks for through the `Context`
(`forward_answer`, `backward_answer`: each call is made once, by whichever check asks
first). No check reads what another left behind, so the order a task lists its checks in
does not matter, with one exception the registry states: `inputs_unchanged` sums up every
call the other checks made, so the engine runs it after them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from ..banks.schema import CHECK_NAMES
from .checks import (Context, check_grad_consistency, check_gradients, check_inputs_unchanged,
                     check_stability, check_steps, check_values)
from .results import CheckResult
from .distribution import check_distribution
from .expressions import check_expressions
from .stochastic import check_dropout, check_gan

__all__ = ["Check", "CHECKS", "run_order"]


@dataclass(frozen=True)
class Check:
    """One declarable check: its name, what it reads, and how it runs."""

    name: str
    run: Callable[[Context], list[CheckResult]]
    #: the parts of the task's description it reads (the schema requires them)
    reads: tuple[str, ...]
    #: it judges the calls every other check made, so it runs after all of them
    after_every_call: bool = False


CHECKS: dict[str, Check] = {c.name: c for c in (
    Check("values", check_values, ("cases",)),
    Check("gradients", check_gradients, ("cases",)),
    Check("grad_consistency", check_grad_consistency, ("cases",)),
    Check("stability", check_stability, ("stability_cases",)),
    Check("steps", check_steps, ("cases", "trajectory")),
    Check("dropout", check_dropout, ("dropout",)),
    Check("gan", check_gan, ("gan",)),
    Check("distribution", check_distribution, ("cases", "distributions")),
    Check("expressions", check_expressions, ("expressions",)),
    Check("inputs_unchanged", check_inputs_unchanged, (), after_every_call=True),
)}
assert set(CHECKS) == set(CHECK_NAMES), "every check the schema allows is registered"


def run_order(declared: list[str]) -> list[Check]:
    """The declared checks in the order they run: as listed, those that judge every call last."""
    checks = [CHECKS[name] for name in declared]
    return sorted(checks, key=lambda c: c.after_every_call)
