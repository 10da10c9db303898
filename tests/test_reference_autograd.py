"""reference_impl.autograd.Value against PyTorch autograd on random expression programs,
and the programs themselves: every node reachable, every operator in the first one."""

from __future__ import annotations

import numpy as np
import pytest

from grader.banks.schema import ProgramSpec
from grader.grading.expressions import draw_program, torch_program
from grader.sandbox._programs import OPS, build_program
from reference_impl.autograd import Value

PROVES = {"Value"}


@pytest.mark.parametrize("seed", range(12))
@pytest.mark.parametrize("spec", [ProgramSpec(nodes=40), ProgramSpec(nodes=300, reuse=0.05),
                                  ProgramSpec(nodes=80, reuse=0.8)], ids=["mixed", "deep", "wide"])
def test_the_reference_matches_torch_autograd(seed, spec):
    steps = draw_program(spec, np.random.default_rng(seed), tour=seed == 0)
    data, grad = torch_program(steps)
    nodes = build_program(steps, Value)
    nodes[-1].backward()
    np.testing.assert_allclose([n.data for n in nodes], data, rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose([n.grad for n in nodes], grad, rtol=1e-9, atol=1e-12)


def test_the_first_program_walks_every_operator_and_every_node_reaches_the_output():
    steps = draw_program(ProgramSpec(nodes=30), np.random.default_rng(5), tour=True)
    assert set(OPS) <= {s[0] for s in steps}
    used = {o for s in steps if s[0] != "leaf" for k, o in zip(OPS[s[0]][1], s[1:]) if k == "n"}
    assert used == set(range(len(steps) - 1))  # every node but the output feeds a later one
    assert np.isfinite(torch_program(steps)[1]).all()
