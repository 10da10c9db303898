"""otter-grader on the sigmoid task, run as /work/shared/BENCHMARKS.md describes.

Builds, in a venv of its own (bench/.venv-otter: otter-grader 7.0.0, ipykernel, numpy, torch
2.13.0), an otter assignment whose tests are those of `quiz grade` for sigmoid: values against
`torch.sigmoid` on 3 random arrays plus stability at +-1000 (question `sigmoid`), and
`sigmoid_backward` against autograd plus its inputs left unchanged (question
`sigmoid_backward`). The master notebook is executed first, since otter takes each test's
expected output from the saved cell output; then `otter assign` writes the autograder zip,
and `otter run --no-logo -a autograder.zip -o OUT submission.py` grades one file through a
Jupyter kernel (it exits 0 whatever the score, so the score is read from OUT/results.json).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import nbformat

BENCH = Path(__file__).resolve().parent
OTTER_VENV = BENCH / ".venv-otter"
OTTER_PACKAGES = ("otter-grader==7.0.0", "ipykernel", "numpy", "torch==2.13.0")
INSTALL_TIMEOUT_S = 1800

__all__ = ["OtterUnavailable", "build_autograder", "ensure_otter", "otter_run_command", "otter_score"]


class OtterUnavailable(RuntimeError):
    """otter-grader could not be installed or could not build the assignment (the message says why)."""


def _bin(name: str) -> Path:
    return OTTER_VENV / "bin" / name


def _env() -> dict[str, str]:
    """The environment for otter's commands: its venv first on PATH (the kernel, jupyter)."""
    env = dict(os.environ)
    env["PATH"] = f"{_bin('')}{os.pathsep}{env.get('PATH', '')}"
    env["VIRTUAL_ENV"] = str(OTTER_VENV)
    env.pop("PYTHONPATH", None)
    return env


def _last_lines(text: str, n: int = 3) -> str:
    lines = [ln.strip() for ln in text.strip().splitlines() if ln.strip()]
    return " / ".join(lines[-n:])[:300]


def _check(args: list[str], what: str, *, cwd: Path | None = None, timeout: float = 600) -> None:
    try:
        done = subprocess.run(args, cwd=cwd, env=_env(), capture_output=True, text=True, timeout=timeout)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise OtterUnavailable(f"{what}: {exc}") from None
    if done.returncode != 0:
        raise OtterUnavailable(f"{what} exited {done.returncode}: {_last_lines(done.stderr or done.stdout)}")


def ensure_otter(*, log=print) -> str:
    """Create bench/.venv-otter and install otter into it, unless it already imports.

    Returns:
        otter's version.

    Raises:
        OtterUnavailable: the venv could not be made or the install failed.
    """
    probe = [str(_bin("python")), "-c", "import otter, ipykernel, numpy, torch; print(otter.__version__)"]
    if _bin("python").exists():
        done = subprocess.run(probe, env=_env(), capture_output=True, text=True)
        if done.returncode == 0:
            return done.stdout.strip()
    log(f"installing {' '.join(OTTER_PACKAGES)} into {OTTER_VENV} (minutes the first time) ...")
    _check(["python3", "-m", "venv", str(OTTER_VENV)], "python3 -m venv")
    _check([str(_bin("python")), "-m", "pip", "install", "--quiet", *OTTER_PACKAGES], "pip install",
           timeout=INSTALL_TIMEOUT_S)
    done = subprocess.run(probe, env=_env(), capture_output=True, text=True)
    if done.returncode != 0:
        raise OtterUnavailable(f"otter installed but does not import: {_last_lines(done.stderr)}")
    return done.stdout.strip()


_CONFIG = """\
# ASSIGNMENT CONFIG
name: sigmoid
init_cell: false
check_all_cell: false
export_cell: false
run_tests: true
"""

_SOLUTION = '''\
import numpy as np


def sigmoid(x):
    # BEGIN SOLUTION
    x = np.asarray(x, dtype=np.float64)
    z = np.exp(-np.abs(x))
    return np.where(x >= 0, 1.0, z) / (1.0 + z)
    # END SOLUTION


def sigmoid_backward(dout, x):
    # BEGIN SOLUTION
    s = sigmoid(x)
    return dout * s * (1.0 - s)
    # END SOLUTION
'''

# Each test is one cell, self-contained (imports and seeds inside), ending in a bool that the
# executed master notebook prints as True: otter compares the submission's output with it.
_VALUES_TEST = """\
import numpy as np
import torch
rng = np.random.default_rng(0)
xs = [rng.normal(0.0, 3.0, size=shape) for shape in [(7,), (4, 5), (2, 3, 4)]]
all(np.allclose(np.asarray(sigmoid(x)), torch.sigmoid(torch.from_numpy(x)).numpy(), rtol=1e-7, atol=1e-12) for x in xs)
"""

_STABILITY_TEST = """\
import numpy as np
y = np.asarray(sigmoid(np.array([-1000.0, 1000.0])), dtype=np.float64)
bool(np.all(np.isfinite(y)) and np.allclose(y, [0.0, 1.0], rtol=0.0, atol=1e-12))
"""

_GRADIENT_TEST = """\
import numpy as np
import torch
rng = np.random.default_rng(1)
xs = [rng.normal(0.0, 3.0, size=shape) for shape in [(7,), (4, 5), (2, 3, 4)]]
douts = [rng.normal(size=x.shape) for x in xs]
xts = [torch.from_numpy(x).requires_grad_(True) for x in xs]
_ = [torch.sigmoid(xt).backward(torch.from_numpy(d)) for xt, d in zip(xts, douts)]
all(np.allclose(np.asarray(sigmoid_backward(d.copy(), x.copy())), xt.grad.numpy(), rtol=1e-7, atol=1e-12) for x, d, xt in zip(xs, douts, xts))
"""

_UNCHANGED_TEST = """\
import numpy as np
rng = np.random.default_rng(2)
x = rng.normal(0.0, 3.0, size=(4, 5))
dout = rng.normal(size=(4, 5))
x0, dout0 = x.copy(), dout.copy()
_ = sigmoid(x)
_ = sigmoid_backward(dout, x)
bool(np.array_equal(x, x0) and np.array_equal(dout, dout0))
"""


def _question(name: str, prompt: str, tests: list[str], *, solution: str | None) -> list:
    v4 = nbformat.v4
    cells = [v4.new_raw_cell(f"# BEGIN QUESTION\nname: {name}\npoints: {len(tests)}"),
             v4.new_markdown_cell(prompt)]
    if solution is not None:
        cells += [v4.new_raw_cell("# BEGIN SOLUTION"), v4.new_code_cell(solution),
                  v4.new_raw_cell("# END SOLUTION")]
    cells.append(v4.new_raw_cell("# BEGIN TESTS"))
    cells += [v4.new_code_cell(t) for t in tests]
    cells += [v4.new_raw_cell("# END TESTS"), v4.new_raw_cell("# END QUESTION")]
    return cells


def master_notebook() -> nbformat.NotebookNode:
    """The otter master notebook for sigmoid (not yet executed)."""
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.cells = [nbformat.v4.new_raw_cell(_CONFIG), nbformat.v4.new_markdown_cell("# Sigmoid")]
    nb.cells += _question("sigmoid", "Write a numerically stable `sigmoid(x)` (NumPy).",
                          [_VALUES_TEST, _STABILITY_TEST], solution=_SOLUTION)
    nb.cells += _question("sigmoid_backward", "Write `sigmoid_backward(dout, x)`, leaving its inputs unchanged.",
                          [_GRADIENT_TEST, _UNCHANGED_TEST], solution=None)
    return nb


def build_autograder(work: Path) -> Path:
    """Write, execute and `otter assign` the master notebook in `work`.

    Returns:
        The autograder zip.

    Raises:
        OtterUnavailable: a step failed (the message names it and ends with its error).
    """
    work.mkdir(parents=True, exist_ok=True)
    master = work / "sigmoid-master.ipynb"
    nbformat.write(master_notebook(), master)
    _check([str(_bin("jupyter")), "nbconvert", "--to", "notebook", "--execute", "--inplace",
            str(master)], "executing the master notebook", cwd=work)
    executed = nbformat.read(master, as_version=4)
    printed = [o.get("data", {}).get("text/plain") for c in executed.cells if c.cell_type == "code"
               for o in c.get("outputs", []) if o.get("output_type") == "execute_result"]
    if printed != ["True"] * 4:
        raise OtterUnavailable(f"the master notebook's tests printed {printed}, not True four times")
    _check([str(_bin("otter")), "assign", str(master), str(work / "dist")], "otter assign", cwd=work)
    zips = sorted((work / "dist" / "autograder").glob("*.zip"))
    if not zips:
        raise OtterUnavailable(f"otter assign wrote no zip in {work / 'dist' / 'autograder'}")
    return zips[-1]


def otter_run_command(autograder: Path, submission: Path, out_dir: Path) -> list[str]:
    """`otter run` of one submission, as BENCHMARKS.md times it."""
    return [str(_bin("otter")), "run", "--no-logo", "-a", str(autograder), "-o", str(out_dir), str(submission)]


def otter_env() -> dict[str, str]:
    """The environment to run `otter_run_command` in."""
    return _env()


def otter_score(out_dir: Path) -> float | None:
    """The fraction of points that OUT/results.json gives (None: no readable results)."""
    try:
        results = json.loads((out_dir / "results.json").read_text(encoding="utf-8"))
        tests = results.get("tests", [])
        got = sum(float(t.get("score") or 0.0) for t in tests)
        possible = sum(float(t.get("max_score") or 0.0) for t in tests)
    except (OSError, ValueError, AttributeError, TypeError):
        return None
    if isinstance(results.get("score"), (int, float)) and possible:
        got = float(results["score"])
    return got / possible if possible else None


if __name__ == "__main__":
    print(f"otter {ensure_otter()}")
    zip_path = build_autograder(Path(sys.argv[1]) if len(sys.argv) > 1 else BENCH / "tmp-otter")
    print(zip_path)
