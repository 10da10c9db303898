"""Weight penalties and weight decay: gradients and single optimizer steps.

- L2 penalty $\\lambda\\sum w^2$ has gradient $2\\lambda w$; L1 penalty $\\lambda\\sum|w|$ has the
  subgradient $\\lambda\\,\\mathrm{sign}(w)$ (Goodfellow, Bengio & Courville, *Deep Learning*,
  2016, §7.1).
- Weight decay in SGD, as in `torch.optim.SGD(weight_decay=wd)`: the gradient becomes
  $g + wd\\cdot w$, so $w \\leftarrow (1 - \\eta\\,wd)\\,w - \\eta g$ (PyTorch docs: torch.optim.SGD).
- Decoupled weight decay, as in `torch.optim.AdamW` (Loshchilov & Hutter, Decoupled Weight Decay
  Regularization, ICLR 2019): $w \\leftarrow w(1 - \\eta\\,wd)$, then the Adam step.
- Max-norm constraint: after each update, a unit's incoming weight vector with norm above $c$
  is rescaled to norm $c$ (Srivastava et al., Dropout, JMLR 2014, §5.1).
"""

from __future__ import annotations

import math

#: Adam's default epsilon in PyTorch and in the original paper.
ADAM_EPS = 1e-8


def l2_penalty_grad(w: float, lam: float) -> dict:
    """d/dw of lam * w**2: 2 * lam * w."""
    if lam <= 0:
        raise ValueError("lam must be positive")
    return {"answer": 2 * lam * w, "penalty": lam * w * w, "half_grad": lam * w}


def sgd_weight_decay_step(w: float, g: float, lr: float, wd: float) -> dict:
    """One torch.optim.SGD step (no momentum) with weight_decay=wd and data gradient g."""
    if lr <= 0 or wd < 0:
        raise ValueError("lr must be positive and wd non-negative")
    factor = 1 - lr * wd
    return {"answer": w - lr * (g + wd * w), "factor": factor, "decayed": factor * w,
            "no_decay": w - lr * g}


def l1_sgd_step(w: float, g: float, lr: float, lam: float) -> dict:
    """One plain SGD step on data loss + lam * |w|, with subgradient lam * sign(w)."""
    if w == 0:
        raise ValueError("w = 0 is the kink of |w|")
    sign = 1.0 if w > 0 else -1.0
    return {"answer": w - lr * (g + lam * sign), "sign": int(sign), "total_grad": g + lam * sign}


def max_norm_project(w1: float, w2: float, c: float) -> dict:
    """First component of (w1, w2) after projecting onto the ball ||w||_2 <= c."""
    if c <= 0:
        raise ValueError("c must be positive")
    norm = math.hypot(w1, w2)
    scale = min(1.0, c / norm)
    return {"answer": w1 * scale, "norm": norm, "scale": scale, "w2_new": w2 * scale}


def adamw_first_step(w: float, g: float, lr: float, wd: float) -> dict:
    """Weight after the first torch.optim.AdamW step (default betas, eps=1e-8).

    On the first step the bias-corrected moments are m̂ = g and v̂ = g², so the Adam part of
    the step is lr·g/(|g| + eps), close to lr·sign(g). The decay multiplies w by (1 − lr·wd).
    Extras: the same step with coupled L2 (torch.optim.Adam with weight_decay=wd), where the
    decay term is folded into g and normalised away.
    """
    if g == 0:
        raise ValueError("a zero gradient makes the Adam step degenerate")
    adam = lr * g / (abs(g) + ADAM_EPS)
    g_l2 = g + wd * w
    adam_l2 = w - lr * g_l2 / (abs(g_l2) + ADAM_EPS)
    return {"answer": w * (1 - lr * wd) - adam, "decay": -lr * wd * w, "adam_step": adam,
            "adam_l2": adam_l2}


def adamw_halving_steps(lr: float, wd: float) -> dict:
    """AdamW steps until a weight with zero gradient has shrunk to half: (1 − lr·wd)**t ≤ 1/2."""
    t = math.ceil(math.log(0.5) / math.log(1 - lr * wd))
    return {"answer": t, "approx": round(math.log(2) / (lr * wd))}
