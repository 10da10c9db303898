"""Checks of functions that draw random arrays (weight initialisers): is the sample what
the contract's law would give?

A shape check is never enough: the candidate's values are tested against the law with the
parameters the bank's `parameters` function returns, on large samples, each statistic a
two-sided test at `z_max` standard deviations (5: about 6e-7 false alarms per test):

- mean and variance (z-scores from the law's own moments);
- for a uniform law, every value inside (low, high), and the extremes near the bounds;
- the Kolmogorov-Smirnov distance to the law's CDF (the shape of the histogram: a normal
  with the right variance is not a uniform);
- independence: the correlation of neighbours along rows and along columns;
- the generator: equal seeds give equal arrays, different seeds different ones.

Like every check, it counts what it compared; one that compared nothing is `not_gradable`.
"""

from __future__ import annotations

import math

import numpy as np

from .checks import Context, case_label
from .compare import Answer, describe_answer
from .inputs import RngSeed
from .results import CheckResult
from .runner import reference

__all__ = ["check_distribution", "law_problems"]


def check_distribution(ctx: Context) -> list[CheckResult]:
    results = []
    for spec in ctx.task.distributions:
        fn = ctx.task.function(spec.function)
        problems, rng_problems, errored = [], [], False
        compared = rng_compared = 0
        for i, case in enumerate(ctx.cases):
            args = {k: v for k, v in case.items() if k != spec.rng}
            law = tuple(float(v) for v in reference(spec.parameters)(**args))
            shape = tuple(int(args[a]) for a in spec.shape)
            seed = int(ctx.rng.integers(0, 2**31 - 1))
            label = case_label(i, args)
            got, err = _draw(ctx, fn, args, spec.rng, seed)
            if err:
                problems.append(f"{label}: {err}")
                errored = True
                break
            compared += 1
            if got.shape != shape:
                problems.append(f"{label}: {fn.name} returned shape {got.shape}, expected {shape}")
            else:
                found = law_problems(got, spec.law, law, spec.z_max)
                ctx.right += not found
                problems += [f"{label}: {p}" for p in found]
            again, err = _draw(ctx, fn, args, spec.rng, seed)
            other, err2 = _draw(ctx, fn, args, spec.rng, seed + 1)
            rng_compared += 1
            if err or err2:
                rng_problems.append(f"{label}: {err or err2}")
            elif again.shape != got.shape or not np.array_equal(again, got):
                rng_problems.append(f"{label}: two calls with generators of the same seed gave "
                                    f"different arrays; draw from the `{spec.rng}` argument, not "
                                    "np.random")
            elif np.array_equal(other, got):
                rng_problems.append(f"{label}: generators of different seeds gave the same array")
        why = f"the task has no cases, so {fn.name} was never called"
        results.append(ctx.result("distribution", fn.name, problems, compared=compared, why=why,
                                  error=errored))
        if not errored:
            results.append(ctx.result("distribution: rng", fn.name, rng_problems,
                                      compared=rng_compared, why=why))
    return results


def _draw(ctx: Context, fn, args: dict, rng_arg: str, seed: int) -> tuple[np.ndarray | None, str | None]:
    res = ctx.call(fn, {**args, rng_arg: RngSeed(seed)})
    if not res.ok:
        return None, res.error_message(fn.name)
    out = res.out
    if not isinstance(out, Answer) or out.kind not in ("array", "tensor"):
        return None, f"{fn.name} must return a float64 array, got {describe_answer(out)}"
    arr = out.array
    if arr.dtype != np.float64:
        return None, f"{fn.name} returned dtype {arr.dtype}, expected float64"
    ctx.answered += 1
    return arr, None


def law_problems(x: np.ndarray, law: str, params: tuple[float, float], z_max: float) -> list[str]:
    """What in the sample `x` contradicts `law` with `params` ((low, high) or (mean, std))."""
    n = x.size
    flat = x.reshape(-1)
    if n < 2 or not np.isfinite(flat).all():
        return [f"the array has {n} values{'' if n < 2 else ', not all finite'}: nothing to test"]
    if law == "uniform":
        low, high = params
        mu, sigma = (low + high) / 2, (high - low) / math.sqrt(12)
        mu4 = (high - low) ** 4 / 80  # E[(x − μ)⁴] of a uniform
        cdf = lambda v: np.clip((v - low) / (high - low), 0.0, 1.0)  # noqa: E731
        name = f"U({low:.4g}, {high:.4g})"
    else:
        mu, sigma = params
        mu4 = 3 * sigma ** 4
        erf = np.vectorize(math.erf)
        cdf = lambda v: 0.5 * (1 + erf((v - mu) / (sigma * math.sqrt(2))))  # noqa: E731
        name = f"N({mu:.4g}, {sigma:.4g}²)"
    problems = _correlation(x, z_max)  # first: dependent values distort every other statistic
    mean, var = float(flat.mean()), float(((flat - mu) ** 2).mean())
    # the mean's spread from the sample's own deviation when that is the larger: a wrong
    # variance alone must not also read as a wrong mean
    z_mean = (mean - mu) / (max(sigma, float(flat.std())) / math.sqrt(n))
    z_var = (var - sigma ** 2) / math.sqrt((mu4 - sigma ** 4) / n)
    if abs(z_var) > z_max:
        problems.append(f"standard deviation {math.sqrt(var):.4g}, expected {sigma:.4g} for {name} "
                        f"(z = {z_var:+.1f})")
    if abs(z_mean) > z_max:
        problems.append(f"mean {mean:.4g}, expected {mu:.4g} (z = {z_mean:+.1f})")
    if law == "uniform":
        if flat.min() < low or flat.max() > high:
            problems.append(f"values reach [{flat.min():.4g}, {flat.max():.4g}], outside the bounds "
                            f"({low:.4g}, {high:.4g})")
        else:
            # P(no value within δ of a bound) = (1 − δ/(high − low))ⁿ ≤ e^{−z_max²}
            slack = (high - low) * z_max ** 2 / n
            if flat.max() < high - slack or flat.min() > low + slack:
                problems.append(f"values span only [{flat.min():.4g}, {flat.max():.4g}]; {n} draws "
                                f"from {name} come within {slack:.2g} of both bounds")
    ks = _ks_distance(np.sort(flat), cdf)
    limit = math.sqrt(z_max ** 2 / 2 + math.log(2) / 2)  # P(√n·D > x) ≈ 2·e^{−2x²}
    if ks * math.sqrt(n) > limit and not problems:
        problems.append(f"the values are not distributed as {name}: the largest gap between their "
                        f"empirical CDF and the law's is {ks:.3f} (at most {limit / math.sqrt(n):.3f} "
                        "expected)")
    return problems


def _correlation(x: np.ndarray, z_max: float) -> list[str]:
    """Neighbours along rows and along columns: independent draws are uncorrelated."""
    if x.ndim == 2 and min(x.shape) > 1:
        tests = []
        for axis, where in ((1, "along rows"), (0, "along columns")):
            a = np.moveaxis(x, axis, -1)
            left, right = a[..., :-1].reshape(-1), a[..., 1:].reshape(-1)
            spread = left.std() * right.std()
            r = float(((left - left.mean()) * (right - right.mean())).mean() / spread) if spread else 1.0
            tests.append((abs(r) * math.sqrt(left.size), r, where))
        z, r, where = max(tests)
        if z > z_max:
            return [f"neighbouring values {where} are correlated (r = {r:.3f}, z = {z:.1f}); "
                    "draw every element independently"]
    return []


def _ks_distance(sorted_x: np.ndarray, cdf) -> float:
    n = sorted_x.size
    f = cdf(sorted_x)
    i = np.arange(1, n + 1)
    return float(max(np.max(i / n - f), np.max(f - (i - 1) / n)))
