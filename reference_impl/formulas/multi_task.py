"""Multi-task learning: the weighted total loss, parameters saved by hard sharing, and the
cosine between two tasks' gradients on the shared weights.

Hard parameter sharing (one trunk, one head per task) and the weighted objective
L = Σ_k w_k·L_k follow Caruana, "Multitask Learning", Machine Learning 28, 1997, and Ruder,
"An Overview of Multi-Task Learning in Deep Neural Networks", 2017. A negative cosine between
task gradients marks conflicting tasks (Yu et al., "Gradient Surgery for Multi-Task
Learning", NeurIPS 2020).
"""

from __future__ import annotations

import math


def weighted_mtl_loss(p: float, e: float, w_cls: float, w_reg: float) -> dict:
    """w_cls·CE + w_reg·MSE for one example: CE = −ln p (p the true class's probability),
    MSE = e² (e the regression error)."""
    if not 0 < p <= 1:
        raise ValueError(f"p={p} is not a probability in (0, 1]")
    ce = -math.log(p)
    mse = e * e
    return {"answer": w_cls * ce + w_reg * mse, "ce": round(ce, 4), "mse": mse}


def hard_sharing_params(d: int, h: int, tasks: int) -> dict:
    """Parameters of a shared Linear(d, h) trunk with `tasks` Linear(h, 1) heads; the cost of
    one separate trunk-plus-head network per task as an extra."""
    trunk = d * h + h
    head = h + 1
    shared = trunk + tasks * head
    separate = tasks * (trunk + head)
    return {"answer": shared, "trunk": trunk, "head": head, "separate": separate,
            "saved": separate - shared}


def task_gradient_cosine(a: float, b: float, c: float, d: float) -> dict:
    """cos between g1 = (a, b) and g2 = (c, d), the two tasks' gradients on shared weights."""
    n1, n2 = math.hypot(a, b), math.hypot(c, d)
    if n1 == 0 or n2 == 0:
        raise ValueError("a zero gradient has no direction")
    dot = a * c + b * d
    return {"answer": dot / (n1 * n2), "dot": dot}


def pcgrad_update_norm(a: float, b: float) -> dict:
    """PCGrad (Yu et al. 2020) for two tasks with gradients g1 = (a, 1) and g2 = (b, 2): if
    g1·g2 < 0, each gradient is projected onto the normal plane of the other (original) one,
    g1' = g1 − (g1·g2/‖g2‖²) g2, and the update is g1' + g2'. Norm of that update."""
    g1, g2 = (a, 1.0), (b, 2.0)
    dot = g1[0] * g2[0] + g1[1] * g2[1]
    n1, n2 = g1[0] ** 2 + g1[1] ** 2, g2[0] ** 2 + g2[1] ** 2
    if dot < 0:
        p1 = (g1[0] - dot / n2 * g2[0], g1[1] - dot / n2 * g2[1])
        p2 = (g2[0] - dot / n1 * g1[0], g2[1] - dot / n1 * g1[1])
    else:
        p1, p2 = g1, g2
    update = (p1[0] + p2[0], p1[1] + p2[1])
    plain = math.hypot(g1[0] + g2[0], g1[1] + g2[1])
    return {"answer": math.hypot(*update), "cos": f"{dot / math.sqrt(n1 * n2):.3f}",
            "plain": f"{plain:.4g}", "conflict": "yes" if dot < 0 else "no"}
