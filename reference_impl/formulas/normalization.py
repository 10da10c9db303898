"""Batch normalization and layer normalization: statistics, running averages, parameter counts.

Training mode (Ioffe & Szegedy, Batch Normalization, ICML 2015; PyTorch docs:
torch.nn.BatchNorm1d): each feature is normalised with the batch mean and the *biased* batch
variance, x̂ = (x − μ)/√(σ² + ε), then y = γx̂ + β. The running averages use PyTorch's momentum
convention, r ← (1 − m)·r + m·s, where s is the batch mean, or for the variance the *unbiased*
batch variance (divisor N − 1). BatchNorm2d(C) learns γ and β (C each) and keeps the buffers
running_mean, running_var (C each) and num_batches_tracked (one integer). LayerNorm with
elementwise affine learns one γ and one β per element of `normalized_shape` (Ba, Kiros &
Hinton, Layer Normalization, 2016; PyTorch docs: torch.nn.LayerNorm).
"""

from __future__ import annotations

EPS = 1e-5  # PyTorch's default for BatchNorm and LayerNorm


def _moments(values: list[float]) -> tuple[float, float, float]:
    n = len(values)
    mean = sum(values) / n
    ss = sum((v - mean) ** 2 for v in values)
    return mean, ss / n, ss / (n - 1)


def bn_normalised_first(x1: float, x2: float, x3: float, x4: float) -> dict:
    """x̂ of the first of four batch values, biased variance, eps = 1e-5, γ = 1, β = 0."""
    mean, var, unbiased = _moments([x1, x2, x3, x4])
    if var == 0:
        raise ValueError("all values equal: the normalised values are all 0")
    return {"answer": (x1 - mean) / (var + EPS) ** 0.5, "mean": mean, "var": var,
            "unbiased": unbiased}


def bn_running_var(r0: float, m: float, x1: float, x2: float, x3: float) -> dict:
    """running_var after one training step of BatchNorm1d(1, momentum=m) from r0."""
    if not 0 < m <= 1:
        raise ValueError("momentum must be in (0, 1]")
    mean, var, unbiased = _moments([x1, x2, x3])
    return {"answer": (1 - m) * r0 + m * unbiased, "mean": mean, "var": var,
            "unbiased": unbiased, "with_biased": (1 - m) * r0 + m * var}


def bn2d_state_count(c: int) -> dict:
    """Numbers in BatchNorm2d(c).state_dict(): γ, β, running mean and var (c each) + 1 counter."""
    if c < 1:
        raise ValueError("c must be positive")
    return {"answer": 4 * c + 1, "learnable": 2 * c, "buffers": 2 * c + 1}


def layernorm_param_count(c: int, h: int) -> dict:
    """Learnable parameters of nn.LayerNorm([c, h, h]) (elementwise affine, with bias)."""
    if c < 1 or h < 1:
        raise ValueError("sizes must be positive")
    return {"answer": 2 * c * h * h, "per_tensor": c * h * h, "bn": 2 * c}
