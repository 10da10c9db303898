"""Every numeric question's answer function agrees with an independent PyTorch oracle over
the question's whole parameter grid.

Oracles live in `tests/formulas/oracles_<topic>.py`, each exporting `ORACLES`: a dict from
the dotted path of an answer function to a callable taking the same keyword arguments and
computing the same number another way (build the layer and count its parameters, run the
op and read the shape or value, simulate the procedure).
"""

from __future__ import annotations

import importlib
import math
import pkgutil
from pathlib import Path

import pytest

from grader.banks import load_bank
from grader.banks.numeric import evaluate
from grader.banks.questions import NumericQuestion

pytestmark = pytest.mark.slow  # the whole parameter grid of every numeric question (~15 s)

HERE = Path(__file__).parent


def _oracles() -> dict:
    out = {}
    for mod in pkgutil.iter_modules([str(HERE)]):
        if mod.name.startswith("oracles_"):
            out.update(importlib.import_module(f"formulas.{mod.name}").ORACLES)
    return out


ORACLES = _oracles()
NUMERIC = [q for q in load_bank().questions.values() if isinstance(q, NumericQuestion)]


@pytest.mark.parametrize("q", NUMERIC, ids=[q.id for q in NUMERIC])
def test_answer_matches_oracle_over_the_whole_grid(q):
    oracle = ORACLES.get(q.answer.compute)
    assert oracle is not None, f"no oracle for {q.answer.compute} in tests/formulas/oracles_*.py"
    checked = 0
    for params in q.grid():
        try:
            value, _ = evaluate(q, params)
        except ValueError:
            continue
        expected = float(oracle(**params))
        assert math.isclose(value, expected, rel_tol=1e-9, abs_tol=1e-12), (q.id, params, value, expected)
        checked += 1
    assert checked, f"{q.id}: no valid parameter combination"


def test_every_oracle_is_used():
    used = {q.answer.compute for q in NUMERIC}
    assert set(ORACLES) <= used, sorted(set(ORACLES) - used)
