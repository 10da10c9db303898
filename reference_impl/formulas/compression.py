"""Model compression: storage size, affine int8 quantization, magnitude pruning, low-rank
factorization and knowledge-distillation soft targets.

Sources:
* Affine (asymmetric) quantization, x ≈ s·(q − z) with q = clamp(round(x/s) + z, 0, 255):
  Jacob et al., "Quantization and Training of Neural Networks for Efficient
  Integer-Arithmetic-Only Inference", CVPR 2018; PyTorch docs, torch.ao.quantization
  (MinMaxObserver: s = (max − min)/(q_max − q_min), z = q_min − round(min/s), with the range
  widened to contain 0).
* Magnitude pruning: Han et al., "Learning both Weights and Connections for Efficient Neural
  Networks", NeurIPS 2015; PyTorch docs, torch.nn.utils.prune.l1_unstructured (a float
  `amount` prunes round(amount·n) entries).
* Low-rank factorization W ≈ U·V with U ∈ R^{m×r}, V ∈ R^{r×n}: Denton et al., "Exploiting
  Linear Structure Within Convolutional Networks for Efficient Evaluation", NeurIPS 2014.
* Distillation soft targets softmax(z/T): Hinton, Vinyals & Dean, "Distilling the Knowledge
  in a Neural Network", 2015.
"""

from __future__ import annotations

import math
from fractions import Fraction


def model_size_mb(n_millions: float, bits: int) -> dict:
    """Bytes to store n_millions·10^6 parameters at `bits` bits each, in MB (10^6 bytes)."""
    if bits not in (8, 16, 32):
        raise ValueError(f"unsupported bit width {bits}")
    n = round(n_millions * 1_000_000)
    bytes_per = bits // 8
    return {"answer": n * bytes_per / 1e6, "bytes_per": bytes_per, "n_params": n}


def uint8_zero_point(lo: float, hi: float) -> dict:
    """Zero point of per-tensor affine uint8 quantization of the range [lo, hi], lo < 0 < hi.

    ValueError when −lo/s falls exactly half-way between two integers (ambiguous rounding).
    """
    if not lo < 0 < hi:
        raise ValueError("the range must contain 0 strictly inside")
    exact = Fraction(-lo) * 255 / (Fraction(hi) - Fraction(lo))  # −lo/s with s = (hi−lo)/255
    if exact - math.floor(exact) == Fraction(1, 2):
        raise ValueError("tie in rounding")
    z = min(255, max(0, round(exact)))
    return {"answer": z, "scale": (hi - lo) / 255, "ratio": float(exact)}


def uint8_code(x: float, scale: float, zero_point: int) -> dict:
    """Stored uint8 code q = clamp(round(x/scale) + zero_point, 0, 255) and what it decodes to.

    ValueError when x/scale is within 10^-3 of a rounding tie, where float32 arithmetic (as
    in PyTorch) and exact arithmetic could disagree.
    """
    if not 0 <= zero_point <= 255 or scale <= 0:
        raise ValueError("bad quantization parameters")
    r = x / scale
    if abs(abs(r - math.floor(r)) - 0.5) < 1e-3:
        raise ValueError("too close to a rounding tie")
    unclipped = round(r) + zero_point
    q = min(255, max(0, unclipped))
    x_hat = scale * (q - zero_point)
    return {"answer": q, "unclipped": unclipped, "x_hat": round(x_hat, 10),
            "err": round(abs(x - x_hat), 10), "half_scale": scale / 2}


def pruned_remaining(n_in: int, n_out: int, amount: float) -> dict:
    """Weights of an n_in→n_out linear layer left after pruning round(amount·n) of them."""
    if not 0 <= amount <= 1:
        raise ValueError("amount must be in [0, 1]")
    n = n_in * n_out
    exact = Fraction(str(amount)) * n
    if exact - math.floor(exact) == Fraction(1, 2):
        raise ValueError("tie in rounding")
    pruned = round(exact)
    return {"answer": n - pruned, "total": n, "pruned": pruned}


def low_rank_params(m: int, n: int, r: int) -> dict:
    """Parameters of Linear(n, r, bias=False) followed by Linear(r, m) replacing Linear(n, m)."""
    if r < 1 or r > min(m, n):
        raise ValueError("rank out of range")
    factored = r * (n + m) + m
    full = m * n + m
    return {"answer": factored, "full": full, "ratio": round(full / factored, 2)}


def kd_soft_prob(z1: float, z2: float, T: float) -> dict:
    """Probability of class 1 in softmax((z1, z2, 0) / T), and at T = 1 for contrast."""
    if T <= 0:
        raise ValueError("temperature must be positive")

    def p1(t: float) -> float:
        zs = [z1 / t, z2 / t, 0.0]
        m = max(zs)
        e = [math.exp(v - m) for v in zs]
        return e[0] / sum(e)

    return {"answer": p1(T), "p1_at_1": round(p1(1.0), 4)}


def symmetric_levels_used(outlier: float, bits: int) -> dict:
    """Symmetric per-tensor quantization with scale s = max|w| / (2^(bits−1) − 1): a tensor whose
    weights lie in [−1, 1] except one outlier of magnitude `outlier` gets s = outlier / q_max,
    and the bulk [−1, 1] maps to the codes −r..r with r = round(q_max / outlier): 2r + 1
    distinct values (Dettmers et al., LLM.int8(), 2022, on outlier features)."""
    if bits not in (4, 8) or outlier < 1:
        raise ValueError("bits must be 4 or 8 and the outlier at least 1")
    q_max = 2 ** (bits - 1) - 1
    ratio = Fraction(q_max) / Fraction(str(outlier))
    if ratio - math.floor(ratio) == Fraction(1, 2):
        raise ValueError("tie in rounding")
    r = round(ratio)
    return {"answer": 2 * r + 1, "q_max": q_max, "scale": f"{outlier / q_max:.4g}",
            "all_codes": 2 * q_max + 1}


def grouped_int4_gib(n_params_b: float, group: int) -> dict:
    """Weights stored as packed 4-bit codes plus one fp16 scale per group of `group` weights
    (as in GPTQ/AWQ-style group-wise quantization): 4 + 16/group bits per weight, in GiB."""
    n = n_params_b * 1e9
    if n % group:
        raise ValueError("parameters not divisible into groups")
    nbytes = n / 2 + 2 * n / group
    return {"answer": nbytes / 2**30, "bits": f"{4 + 16 / group:g}",
            "fp16_gib": f"{2 * n / 2**30:.3g}"}


def channel_prune_flops_ratio(width: int, keep: float) -> dict:
    """FLOPs after / before structured pruning of a plain stack of three 3×3 'same' convolutions
    3 → C → C → C on a fixed map, keeping a fraction `keep` of every layer's output channels:
    (3·kC + 2·(kC)²) / (3·C + 2·C²) per position (the RGB input cannot be pruned)."""
    kept = keep * width
    if kept != int(kept):
        raise ValueError("kept channels must be an integer")
    before = 3 * width + 2 * width * width
    after = 3 * kept + 2 * kept * kept
    return {"answer": after / before, "kept": int(kept)}
