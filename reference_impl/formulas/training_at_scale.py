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


# Mixed-precision Adam, sharded by ZeRO (Rajbhandari et al., 2020, §5 and Figure 1): per
# parameter 2 bytes of fp16/bf16 weight, 2 of gradient and 12 of optimizer state (fp32 master
# weight, m, v). Stage 1 shards the optimizer state, stage 2 also the gradients, stage 3 also
# the weights, each over the n data-parallel ranks.
MP_WEIGHT_BYTES, MP_GRAD_BYTES, MP_OPTIMIZER_BYTES = 2, 2, 12


def zero_gb_per_gpu(psi_b: float, n: int, stage: int) -> dict:
    """GB (1e9 bytes) of model states per GPU: psi_b billion parameters, n GPUs, ZeRO stage."""
    if stage not in (0, 1, 2, 3) or n < 1:
        raise ValueError("stage must be 0..3 and n at least 1")
    weights = MP_WEIGHT_BYTES / (n if stage >= 3 else 1)
    grads = MP_GRAD_BYTES / (n if stage >= 2 else 1)
    states = MP_OPTIMIZER_BYTES / (n if stage >= 1 else 1)
    per_param = weights + grads + states
    return {"answer": psi_b * per_param, "per_param": round(per_param, 4),
            "unsharded": 16 * psi_b}


def ring_allreduce_gb_sent(params_b: float, n: int) -> dict:
    """GB each GPU sends in a ring all-reduce of params_b billion bf16 gradients over n GPUs.

    Reduce-scatter and all-gather each take n − 1 steps that send one of n chunks, so each
    GPU sends 2(n − 1)/n times the buffer (Patarasuk & Yuan, 2009).
    """
    if n < 2:
        raise ValueError("an all-reduce needs at least 2 GPUs")
    size_gb = 2 * params_b
    return {"answer": 2 * (n - 1) / n * size_gb, "size_gb": size_gb,
            "factor": round(2 * (n - 1) / n, 4)}


def mfu(n_b: float, tps: float, peak_tflops: float) -> dict:
    """Model FLOPs utilisation: 6·N FLOPs per trained token (Kaplan et al., 2020) over the peak."""
    achieved = 6 * n_b * 1e9 * tps
    value = achieved / (peak_tflops * 1e12)
    if value > 1:
        raise ValueError("throughput above the hardware peak")
    return {"answer": value, "tflops": round(achieved / 1e12, 2)}


#: Smallest positive normal float16, 2**-14 (IEEE 754 binary16).
FP16_TINY = 2.0 ** -14


def loss_scale_needed(m: int, e: int) -> dict:
    """Smallest power-of-two loss scale that lifts a gradient m·10**e to a normal float16."""
    g = m * 10.0 ** e
    k = max(0, math.ceil(math.log2(FP16_TINY / g)))
    return {"answer": 2.0 ** k, "k": k}


def dynamic_loss_scale(k: int, total: int, interval: int) -> dict:
    """GradScaler's scale after `total` steps from 2**16, the first k of which overflow.

    Each overflow halves the scale (and skips the step); every `interval` consecutive clean
    steps double it (torch.amp.GradScaler defaults: backoff 0.5, growth 2).
    """
    if not 0 <= k <= total:
        raise ValueError("overflowing steps must be between 0 and the total")
    doublings = (total - k) // interval
    return {"answer": 2.0 ** 16 * 0.5 ** k * 2.0 ** doublings, "doublings": doublings,
            "skipped": k}


def training_days(n_b: float, tokens_t: float, gpus: int) -> dict:
    """Days to train n_b billion parameters on tokens_t trillion tokens at 40% MFU on GPUs with
    a dense bf16 peak of 989 TFLOP/s (H100 SXM), counting 6·N FLOPs per token."""
    total = 6 * n_b * 1e9 * tokens_t * 1e12
    per_second = gpus * 989e12 * 0.4
    return {"answer": total / per_second / 86400, "zflops": round(total / 1e21, 4),
            "seconds": round(total / per_second)}
