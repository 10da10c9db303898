"""Training at scale: effective batch size, the linear learning-rate scaling rule, memory of
Adam's model states, the gradient-clipping coefficient and the pipeline bubble.

- Effective batch = per-device micro-batch × accumulation steps × data-parallel replicas.
- Linear scaling rule: multiply the learning rate by k when the batch grows k-fold (Goyal et
  al., "Accurate, Large Minibatch SGD: Training ImageNet in 1 Hour", 2017).
- fp32 Adam keeps 4 bytes each of weight, gradient, first and second moment per parameter
  (Kingma & Ba, "Adam", 2015; Rajbhandari et al., "ZeRO", 2020, §3.1).
- torch.nn.utils.clip_grad_norm_ multiplies every gradient by
  min(1, max_norm / (‖g‖₂ + 1e-6)), ‖g‖₂ the norm of all gradients together (PyTorch docs).
- GPipe's idle fraction with p stages and m micro-batches is (p − 1)/(m + p − 1) (Huang et
  al., "GPipe", 2019).
"""

from __future__ import annotations

import math

#: The constant PyTorch adds to the total norm in clip_grad_norm_.
CLIP_EPS = 1e-6


def effective_batch_size(b: int, accum: int, gpus: int) -> dict:
    """Samples behind one optimizer step."""
    if min(b, accum, gpus) < 1:
        raise ValueError("batch, accumulation steps and GPUs must all be at least 1")
    return {"answer": b * accum * gpus, "per_gpu": b * accum}


def linear_scaled_lr(base_lr: float, b: int, gpus: int) -> dict:
    """Learning rate for a global batch b·gpus, scaled linearly from base_lr at batch 256."""
    batch = b * gpus
    return {"answer": base_lr * batch / 256, "batch": batch, "k": batch / 256}


def adam_fp32_state_bytes(d_in: int, d_out: int) -> dict:
    """Bytes of weights, gradients and both Adam moments of nn.Linear(d_in, d_out), fp32."""
    params = d_in * d_out + d_out
    return {"answer": 16 * params, "params": params}


def clip_grad_norm_coef(g1: float, g2: float, g3: float, max_norm: float) -> dict:
    """Factor clip_grad_norm_ multiplies the gradients (g1, g2) and (g3,) by."""
    norm = math.sqrt(g1 * g1 + g2 * g2 + g3 * g3)
    coef = min(1.0, max_norm / (norm + CLIP_EPS))
    return {"answer": coef, "norm": round(norm, 4)}


def pipeline_bubble_fraction(p: int, m: int) -> dict:
    """Idle fraction of a GPipe forward (or backward) sweep: (p − 1)/(m + p − 1)."""
    if p < 1 or m < 1:
        raise ValueError("stages and micro-batches must be at least 1")
    return {"answer": (p - 1) / (m + p - 1), "slots": m + p - 1}
