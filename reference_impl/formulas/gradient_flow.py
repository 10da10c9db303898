"""Vanishing and exploding gradients: products of per-layer factors, and clipping by norm.

By the chain rule the Jacobian of a deep composition is the product of the layers'
Jacobians (Hochreiter, 1991; Bengio, Simard & Frasconi, "Learning long-term dependencies
with gradient descent is difficult", 1994; Pascanu, Mikolov & Bengio, "On the difficulty
of training recurrent neural networks", ICML 2013, which also proposes clipping the
gradient by its norm). Clipping follows torch.nn.utils.clip_grad_norm_: every gradient is
multiplied by min(1, max_norm / (‖g‖ + 1e-6)), ‖g‖ the 2-norm over all parameters.
"""

from __future__ import annotations

import math


def sigmoid_chain_bound(L: int, w: float) -> dict:
    """Upper bound (|w|·σ'max)^L = (|w|/4)^L on |∂h_L/∂h_0| for h_i = σ(w·h_{i−1} + b_i)."""
    if L < 1 or w <= 0:
        raise ValueError("need L >= 1 and w > 0")
    return {"answer": (w / 4) ** L, "per_layer": w / 4}


def rnn_jacobian_norm(rho: float, k: int) -> float:
    """Spectral norm of ∂h_k/∂h_0 for the linear RNN h_t = ρQ h_{t−1} + U x_t, Q orthogonal: ρ^k."""
    if rho <= 0 or k < 1:
        raise ValueError("need rho > 0 and k >= 1")
    return rho ** k


def clipped_component(a: float, b: float, c: float, max_norm: float) -> dict:
    """First gradient entry a after clip_grad_norm_ over the gradients [a, b] and [c]."""
    if max_norm <= 0:
        raise ValueError("need max_norm > 0")
    total = math.sqrt(a * a + b * b + c * c)
    coef = min(1.0, max_norm / (total + 1e-6))
    return {"answer": a * coef, "total_norm": total, "coef": coef}


#: Smallest normal exponent of the 16-bit formats by their explicit mantissa bits:
#: float16 (10 bits) and bfloat16 (7 bits, fp32's exponent range).
MIN_NORMAL_EXP = {10: -14, 7: -126}


def low_precision_zero_depth(j: int, mbits: int) -> dict:
    """Layers until a gradient of 1, multiplied by 2**-j per layer, rounds to exactly 0.

    The smallest subnormal is 2**(e_min − mbits); half of it is a tie that rounds to even,
    i.e. to 0, so 2**-(j·n) vanishes once j·n ≥ mbits − e_min + 1 (IEEE 754).
    """
    if mbits not in MIN_NORMAL_EXP:
        raise ValueError("mbits must be 10 (float16) or 7 (bfloat16)")
    vanish = mbits - MIN_NORMAL_EXP[mbits] + 1
    return {"answer": math.ceil(vanish / j), "smallest": mbits - MIN_NORMAL_EXP[mbits]}
