"""Model compression: affine (asymmetric) quantization, magnitude pruning, knowledge
distillation.

Math:
- Quantization (Jacob et al., 2018): a real range [lo, hi] that contains 0 is spread over the
  unsigned codes 0 … 2^b − 1 with scale s = (hi − lo)/(2^b − 1) and the integer zero point
  z = round(−lo/s); x ↦ q = clip(round(x/s) + z, 0, 2^b − 1) and back x̂ = (q − z)·s. `round`
  is half to even, as `torch.round`, `np.rint` and PyTorch's quantized kernels round.
- Pruning (Han et al., 2015): zero the k = round(sparsity·size) weights of smallest |w|, as
  `torch.nn.utils.prune.l1_unstructured` does (Python's `round`, half to even).
- Distillation (Hinton et al., 2015): α·T²·KL(softmax(t/T) ‖ softmax(s/T)) + (1 − α)·CE(s, y),
  the KL summed over classes and averaged over the batch; T² keeps the soft term's gradient
  on the scale of the hard term's.
All in float64 PyTorch; the distillation loss is differentiable (autograd gives its gradient).
"""

import torch

__all__ = ["dequantize_affine", "distillation_loss", "magnitude_prune", "quantize_affine"]


# ---------------------------------------------------------------------------- quantization
def quantize_affine(x, num_bits=8):
    """Per-tensor affine quantization to unsigned `num_bits`-bit codes.

    Args:
        x: float64 tensor of any shape, not all zero.
        num_bits: b; the codes are 0 … 2^b − 1.

    Returns:
        ``(q, scale, zero_point)``: q an int64 tensor shaped like x, scale a Python float,
        zero_point a Python int.
    """
    q_max = 2 ** num_bits - 1
    lo = min(float(x.min()), 0.0)  # the range always contains 0, so 0 has an exact code
    hi = max(float(x.max()), 0.0)
    scale = (hi - lo) / q_max
    zero_point = int(round(-lo / scale))  # Python's round: half to even
    q = torch.round(x / scale) + zero_point  # torch.round: half to even
    q = torch.clamp(q, 0, q_max)  # a tie rounded up at hi can land on 2^b
    return q.to(torch.int64), scale, zero_point


def dequantize_affine(q, scale, zero_point):
    """x̂ = (q − zero_point)·scale as float64, for integer codes q of any integer dtype."""
    return (q.to(torch.float64) - zero_point) * scale


# ---------------------------------------------------------------------------- pruning
def magnitude_prune(w, sparsity):
    """Zero the k = round(sparsity·w.size) entries of smallest magnitude over the whole tensor.

    Args:
        w: float64 tensor of any shape (no ties in |w|).
        sparsity: fraction in [0, 1] of the entries to zero.

    Returns:
        ``(pruned, mask)``: pruned = w where kept and 0 elsewhere (a new tensor), mask a bool
        tensor shaped like w, True where the entry is kept.
    """
    k = round(sparsity * w.numel())  # Python's round: 2.5 -> 2, 3.5 -> 4
    smallest = torch.topk(w.abs().reshape(-1), k, largest=False).indices  # (k,)
    mask = torch.ones(w.numel(), dtype=torch.bool)
    mask[smallest] = False
    mask = mask.reshape(w.shape)
    return torch.where(mask, w, torch.zeros_like(w)), mask


# ---------------------------------------------------------------------------- distillation
def distillation_loss(student_logits, teacher_logits, labels, T=2.0, alpha=0.5):
    """Hinton et al.'s distillation loss, a 0-d tensor.

    Args:
        student_logits: (N, C) logits s of the student (differentiated).
        teacher_logits: (N, C) logits t of the teacher (a constant).
        labels: (N,) int64 class ids.
        T: temperature of the soft targets.
        alpha: weight of the soft (distillation) term.

    Returns:
        α·T²·(1/N)·Σ_n Σ_c p_nc (log p_nc − log q_nc) + (1 − α)·CE(s, labels), with
        p = softmax(t/T), q = softmax(s/T).
    """
    n = student_logits.shape[0]
    log_p = torch.log_softmax(teacher_logits / T, dim=1)  # (N, C) teacher, softened
    log_q = torch.log_softmax(student_logits / T, dim=1)  # (N, C) student, softened
    kl = (log_p.exp() * (log_p - log_q)).sum() / n  # KL(p ‖ q): sum over classes, mean over N
    log_probs = torch.log_softmax(student_logits, dim=1)  # (N, C) at temperature 1
    ce = -log_probs[torch.arange(n), labels].mean()
    return alpha * T ** 2 * kl + (1 - alpha) * ce
