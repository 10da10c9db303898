"""Normalisation layers: batch normalisation (training mode, with its running statistics)
and layer normalisation.

Math (Ioffe & Szegedy, 2015, Algorithm 1; Ba, Kiros & Hinton, 2016): with the mean μ and the
*biased* variance σ² taken over the batch axis (BatchNorm) or the feature axis (LayerNorm),
x̂ = (x − μ)/√(σ² + ε) and y = γ·x̂ + β. The running statistics follow ``nn.BatchNorm1d``:
r ← (1 − m)·r + m·s, where the running variance uses the *unbiased* batch variance
N/(N − 1)·σ². The gradients come from autograd through these formulas.
"""

import torch

__all__ = ["batchnorm_forward", "batchnorm_running_update", "layernorm_forward"]


def _normalise(x, dim, eps):
    """(x − mean)/√(var + eps) along ``dim``, with the biased variance (divide by the count)."""
    mu = x.mean(dim=dim, keepdim=True)
    var = ((x - mu) ** 2).mean(dim=dim, keepdim=True)
    return (x - mu) / torch.sqrt(var + eps)


def batchnorm_forward(x, gamma, beta, eps=1e-5):
    """Batch normalisation in training mode; same as ``F.batch_norm(x, None, None, gamma,
    beta, training=True, eps=eps)``.

    Args:
        x: (N, D), normalised per feature over the N examples of the batch.
        gamma: (D,) scale γ.
        beta: (D,) shift β.
        eps: Added to the variance inside the square root.

    Returns:
        (N, D) tensor γ·x̂ + β, differentiable with respect to x, gamma and beta.
    """
    x_hat = _normalise(x, 0, eps)  # (N, D): statistics over the batch axis
    return gamma * x_hat + beta  # (D,) broadcasts over the rows


def layernorm_forward(x, gamma, beta, eps=1e-5):
    """Layer normalisation over the last axis; same as ``F.layer_norm(x, (D,), gamma, beta,
    eps)``.

    Args:
        x: (..., D), each vector of D features normalised on its own.
        gamma: (D,) scale γ.
        beta: (D,) shift β.
        eps: Added to the variance inside the square root.

    Returns:
        (..., D) tensor γ·x̂ + β, differentiable with respect to x, gamma and beta.
    """
    x_hat = _normalise(x, -1, eps)  # (..., D): statistics over the feature axis
    return gamma * x_hat + beta


def batchnorm_running_update(running_mean, running_var, x, momentum=0.1):
    """The running statistics after one training-mode step of ``nn.BatchNorm1d``.

    mean ← (1 − m)·running_mean + m·μ_B; var ← (1 − m)·running_var + m·s²_B, with the batch
    mean μ_B and the unbiased batch variance s²_B = Σ(x − μ_B)²/(N − 1), per feature.

    Args:
        running_mean: (D,) running mean before the step.
        running_var: (D,) running variance before the step.
        x: (N, D) batch, N ≥ 2.
        momentum: m, the weight of the new batch statistic.

    Returns:
        ``(mean, var)``, each (D,), new tensors.
    """
    n = x.shape[0]
    mu = x.mean(dim=0)  # (D,)
    var_unbiased = ((x - mu) ** 2).sum(dim=0) / (n - 1)  # (D,)
    mean = (1 - momentum) * running_mean + momentum * mu
    var = (1 - momentum) * running_var + momentum * var_unbiased
    return mean, var
