"""Single updates of the classic optimizers, written from their defining equations.

Momentum SGD in PyTorch's form v ← μv + g, w ← w − ηv (Sutskever et al., "On the importance
of initialization and momentum in deep learning", 2013; PyTorch docs: torch.optim.SGD).
AdaGrad: Duchi, Hazan & Singer, "Adaptive Subgradient Methods for Online Learning and
Stochastic Optimization", JMLR 2011 (PyTorch default eps 1e-10). RMSProp: Tieleman &
Hinton, Coursera lecture 6.5, 2012 (PyTorch default alpha 0.99, eps 1e-8). Adam: Kingma &
Ba, "Adam: A Method for Stochastic Optimization", ICLR 2015. AdamW: Loshchilov & Hutter,
"Decoupled Weight Decay Regularization", ICLR 2019 (PyTorch docs: torch.optim.AdamW).
"""

from __future__ import annotations

import math

ADAM_BETAS = (0.9, 0.999)
ADAM_EPS = 1e-8
ADAGRAD_EPS = 1e-10
RMSPROP_EPS = 1e-8


def _adam_direction(m: float, v: float, t: int, eps: float) -> float:
    b1, b2 = ADAM_BETAS
    m_hat, v_hat = m / (1 - b1 ** t), v / (1 - b2 ** t)
    return m_hat / (math.sqrt(v_hat) + eps)


def adam_first_step(g: float, lr: float, eps: float) -> dict:
    """Change of the weight on Adam's first step (m = v = 0 before it): −lr·g/(|g| + eps)."""
    if lr <= 0 or eps <= 0:
        raise ValueError("need lr > 0 and eps > 0")
    b1, b2 = ADAM_BETAS
    m, v = (1 - b1) * g, (1 - b2) * g * g
    return {"answer": -lr * _adam_direction(m, v, 1, eps), "ratio": round(abs(g) / (abs(g) + eps), 4)}


def adam_two_steps(g1: float, g2: float, lr: float) -> dict:
    """Total change of the weight after two Adam steps with gradients g1 then g2 (defaults)."""
    if lr <= 0:
        raise ValueError("need lr > 0")
    b1, b2 = ADAM_BETAS
    m1, v1 = (1 - b1) * g1, (1 - b2) * g1 * g1
    step1 = -lr * _adam_direction(m1, v1, 1, ADAM_EPS)
    m2, v2 = b1 * m1 + (1 - b1) * g2, b2 * v1 + (1 - b2) * g2 * g2
    step2 = -lr * _adam_direction(m2, v2, 2, ADAM_EPS)
    return {"answer": step1 + step2, "step1": step1, "step2": step2,
            "m_hat": m2 / (1 - b1 ** 2), "v_hat": v2 / (1 - b2 ** 2)}


def sgd_momentum_weight(lr: float, mu: float, g: float, n: int) -> dict:
    """Weight after n momentum-SGD steps from w = 0 under a constant gradient g:
    −lr·g·Σ_{t=1..n} (1 − μ^t)/(1 − μ)."""
    if n < 1 or not 0 <= mu < 1 or lr <= 0:
        raise ValueError("need n >= 1, 0 <= mu < 1, lr > 0")
    v, w = 0.0, 0.0
    for _ in range(n):
        v = mu * v + g
        w -= lr * v
    return {"answer": w, "v": v, "limit": lr * abs(g) / (1 - mu)}


def adagrad_step_size(lr: float, g: float, t: int) -> dict:
    """|Δw| on AdaGrad's step t under a constant gradient g: lr·|g|/(√(t g²) + eps)."""
    if t < 1 or lr <= 0 or g == 0:
        raise ValueError("need t >= 1, lr > 0, g != 0")
    acc = t * g * g
    return {"answer": lr * abs(g) / (math.sqrt(acc) + ADAGRAD_EPS), "acc": acc,
            "eff_lr": lr / (math.sqrt(acc) + ADAGRAD_EPS)}


def rmsprop_first_step(lr: float, alpha: float, g: float) -> dict:
    """|Δw| on RMSProp's first step (square average 0 before it, no bias correction):
    lr·|g|/(√((1 − α) g²) + eps) ≈ lr/√(1 − α)."""
    if lr <= 0 or not 0 < alpha < 1 or g == 0:
        raise ValueError("need lr > 0, 0 < alpha < 1, g != 0")
    v = (1 - alpha) * g * g
    return {"answer": lr * abs(g) / (math.sqrt(v) + RMSPROP_EPS), "mult": round(1 / math.sqrt(1 - alpha), 3)}


def adamw_first_step(w0: float, g: float, lr: float, wd: float) -> dict:
    """Change of the weight on AdamW's first step: −lr·wd·w0 (decoupled decay) plus Adam's
    −lr·g/(|g| + eps)."""
    if lr <= 0 or wd < 0:
        raise ValueError("need lr > 0 and wd >= 0")
    decay = -lr * wd * w0
    b1, b2 = ADAM_BETAS
    adam = -lr * _adam_direction((1 - b1) * g, (1 - b2) * g * g, 1, ADAM_EPS)
    return {"answer": decay + adam, "decay": decay, "adam": adam}


def adam_small_grad_step(g_exp: int, eps_exp: int) -> dict:
    """First Adam step, as a fraction of lr, for gradient 10**g_exp and eps 10**eps_exp.

    After bias correction m̂ = g and v̂ = g², so the step is |g|/(|g| + eps).
    """
    g, eps = 10.0**g_exp, 10.0**eps_exp
    return {"answer": g / (g + eps)}


def adam_step_after_silence(beta2: float, t: int) -> dict:
    """Adam's step, in units of lr, when gradient 1 arrives at step t after t − 1 zero gradients.

    Then m = 1 − β1 and v = 1 − β2, bias-corrected by 1 − β**t (β1 = 0.9, eps = 1e-8).
    """
    beta1, eps = 0.9, 1e-8
    m_hat = (1 - beta1) / (1 - beta1**t)
    v_hat = (1 - beta2) / (1 - beta2**t)
    return {"answer": m_hat / (math.sqrt(v_hat) + eps), "m_hat": round(m_hat, 6),
            "v_hat": round(v_hat, 6), "steady": round((1 - beta1) / math.sqrt(1 - beta2), 4)}
