"""Attribution arithmetic: integrated gradients, gradient saliency, occlusion cost.

Sources:
* Integrated gradients, IG_i(x) = (x_i − x'_i) ∫_0^1 ∂f/∂x_i(x' + α(x − x')) dα, and its
  completeness axiom Σ_i IG_i = f(x) − f(x'): Sundararajan, Taly & Yan, "Axiomatic Attribution
  for Deep Networks", ICML 2017.
* Gradient saliency ∂f/∂x: Simonyan, Vedaldi & Zisserman, "Deep Inside Convolutional
  Networks: Visualising Image Classification Models and Saliency Maps", 2014.
* Occlusion: Zeiler & Fergus, "Visualizing and Understanding Convolutional Networks", ECCV 2014.
"""

from __future__ import annotations

import math


def ig_interaction(a: float, b: float, x1: float, x2: float) -> dict:
    """IG of x1 for f(x) = a·x1·x2 + b·x1 with the all-zeros baseline.

    ∂f/∂x1 at αx is b + a·α·x2, so IG_1 = x1·(b + a·x2/2); IG_2 = a·x1·x2/2.
    """
    ig1 = x1 * (b + a * x2 / 2)
    ig2 = a * x1 * x2 / 2
    return {"answer": ig1, "ig2": ig2, "gxi1": x1 * (b + a * x2), "gxi2": a * x1 * x2,
            "f": a * x1 * x2 + b * x1}


def logistic_saliency(w1: float, w2: float, x1: float, x2: float) -> dict:
    """∂p/∂x1 for p = σ(w1·x1 + w2·x2 + 0.5): σ(z)(1 − σ(z))·w1."""
    z = w1 * x1 + w2 * x2 + 0.5
    p = 1.0 / (1.0 + math.exp(-z))
    return {"answer": p * (1 - p) * w1, "z": z, "p": p, "slope": p * (1 - p)}


def occlusion_passes(n: int, k: int, s: int) -> dict:
    """Forward passes for occlusion on an n×n image with a k×k patch at stride s, plus one
    pass on the unoccluded image; the patch is placed only where it fits entirely."""
    if k >= n:
        raise ValueError("the patch must be smaller than the image")
    per_axis = (n - k) // s + 1
    return {"answer": per_axis * per_axis + 1, "per_axis": per_axis}


def ig_riemann_gap(x: float, m: int) -> dict:
    """Completeness gap of integrated gradients (Sundararajan et al. 2017) for f(x) = x³ from
    the baseline 0, approximated by a left Riemann sum with m steps:
    IG_m = x · (1/m) Σ_{k=0}^{m−1} f'(k x/m) = x³ (m − 1)(2m − 1) / (2m²);
    gap = f(x) − f(0) − IG_m = x³ (3m − 1) / (2m²)."""
    if m < 1:
        raise ValueError("need at least one step")
    ig = x**3 * (m - 1) * (2 * m - 1) / (2 * m * m)
    return {"answer": x**3 - ig, "ig": f"{ig:.4g}", "fx": f"{x**3:.4g}",
            "rel": f"{100 * (3 * m - 1) / (2 * m * m):.3g}"}
