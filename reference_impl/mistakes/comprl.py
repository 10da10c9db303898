"""Classic mistakes in quantization, magnitude pruning, Q-learning and discounted returns,
written as code.

Each function has the signature of the task function it explains (`quantize_affine`,
`dequantize_affine`, `magnitude_prune`, `q_learning_update`, `discounted_returns`) and
computes what the bug computes; the right formulas are in `reference_impl.compression` and
`reference_impl.rl`. (The distillation and NT-Xent losses are single numbers, too few to
name a mistake by, so they have none here.)
"""

import math

import torch

__all__ = [
    "quantize_affine_round_half_up",
    "quantize_affine_range_without_zero",
    "quantize_affine_codes_from_min",
    "quantize_affine_zero_point_truncated",
    "quantize_affine_no_clamp",
    "quantize_affine_scale_from_max",
    "quantize_affine_uint8_codes",
    "dequantize_affine_zero_point_added",
    "magnitude_prune_k_truncated",
    "magnitude_prune_k_rounded_up",
    "magnitude_prune_largest",
    "magnitude_prune_per_row",
    "magnitude_prune_mask_inverted",
    "q_learning_update_bootstraps_terminal",
    "q_learning_update_max_current_state",
    "q_learning_update_sarsa_target",
    "discounted_returns_forward",
    "discounted_returns_done_next_step",
    "discounted_returns_gamma_on_reward",
    "dequantize_affine_unsigned_wraparound",
    "distillation_loss_no_t_squared",
    "distillation_loss_kl_reversed",
    "distillation_loss_ce_softened",
    "distillation_loss_kl_summed_over_batch",
    "distillation_loss_kl_mean_over_classes",
    "nt_xent_loss_diagonal_not_masked",
    "nt_xent_loss_diagonal_zeroed",
    "nt_xent_loss_dot_product",
    "nt_xent_loss_temperature_multiplied",
    "nt_xent_loss_z1_anchors_only",
    "nt_xent_loss_positive_twice",
]


# ---------------------------------------------------------------------------- quantization
def _quantize(x, num_bits, *, lo, hi, rnd=torch.round, clamp=True, scale=None, codes_from_min=False,
              rnd_zero_point=None):
    q_max = 2 ** num_bits - 1
    scale = (hi - lo) / q_max if scale is None else scale
    zero_point = int((rnd_zero_point or rnd)(torch.tensor(-lo / scale, dtype=torch.float64)))
    if codes_from_min:  # the unrounded zero point inside the rounding
        q = rnd((x - lo) / scale)
    else:
        q = rnd(x / scale) + zero_point
    if clamp:
        q = torch.clamp(q, 0, q_max)
    return q.to(torch.int64), scale, zero_point


def _range(x):
    return min(float(x.min()), 0.0), max(float(x.max()), 0.0)


def quantize_affine_round_half_up(x, num_bits=8):
    """Codes and zero point rounded with floor(v + 0.5): halves go up, not to even."""
    lo, hi = _range(x)
    return _quantize(x, num_bits, lo=lo, hi=hi, rnd=lambda v: torch.floor(v + 0.5))


def quantize_affine_range_without_zero(x, num_bits=8):
    """The range [x.min(), x.max()], without stretching it to contain 0."""
    return _quantize(x, num_bits, lo=float(x.min()), hi=float(x.max()))


def quantize_affine_codes_from_min(x, num_bits=8):
    """q = round((x − lo)/scale): the unrounded zero point −lo/scale inside the rounding."""
    lo, hi = _range(x)
    return _quantize(x, num_bits, lo=lo, hi=hi, codes_from_min=True)


def quantize_affine_zero_point_truncated(x, num_bits=8):
    """zero_point = int(−lo/scale), truncated instead of rounded (2.7 → 2)."""
    lo, hi = _range(x)
    return _quantize(x, num_bits, lo=lo, hi=hi, rnd_zero_point=torch.trunc)


def quantize_affine_no_clamp(x, num_bits=8):
    """round(x/scale) + zero_point, never clipped to [0, 2^b − 1]."""
    lo, hi = _range(x)
    return _quantize(x, num_bits, lo=lo, hi=hi, clamp=False)


def quantize_affine_scale_from_max(x, num_bits=8):
    """scale = x.max()/(2^b − 1), as if the range were [0, max]; the zero point from the true
    minimum."""
    lo, hi = _range(x)
    return _quantize(x, num_bits, lo=lo, hi=hi, scale=float(x.max()) / (2 ** num_bits - 1))


def quantize_affine_uint8_codes(x, num_bits=8):
    """The right codes stored as uint8 whatever num_bits is: above 255 they wrap modulo 256."""
    lo, hi = _range(x)
    q, scale, zero_point = _quantize(x, num_bits, lo=lo, hi=hi)
    return q % 256, scale, zero_point


def dequantize_affine_zero_point_added(q, scale, zero_point):
    """(q + zero_point)·scale instead of (q − zero_point)·scale."""
    return (q.to(torch.float64) + zero_point) * scale


# ---------------------------------------------------------------------------- pruning
def _prune_k(w, k, *, largest=False):
    idx = torch.topk(w.abs().reshape(-1), k, largest=largest).indices
    mask = torch.ones(w.numel(), dtype=torch.bool)
    mask[idx] = False
    mask = mask.reshape(w.shape)
    return torch.where(mask, w, torch.zeros_like(w)), mask


def magnitude_prune_k_truncated(w, sparsity):
    """k = int(sparsity·size): 3.5 → 3 and 11.7 → 11 instead of 4 and 12."""
    return _prune_k(w, int(sparsity * w.numel()))


def magnitude_prune_k_rounded_up(w, sparsity):
    """k = ceil(sparsity·size): 2.5 → 3 and 8.4 → 9 instead of 2 and 8."""
    return _prune_k(w, math.ceil(sparsity * w.numel()))


def magnitude_prune_largest(w, sparsity):
    """The k entries of *largest* magnitude zeroed."""
    return _prune_k(w, round(sparsity * w.numel()), largest=True)


def magnitude_prune_per_row(w, sparsity):
    """round(sparsity·columns) entries zeroed in every row (the last axis) on its own."""
    rows = w.reshape(-1, w.shape[-1])  # (R, C)
    k = round(sparsity * rows.shape[1])
    mask = torch.ones_like(rows, dtype=torch.bool)
    if k:
        idx = torch.topk(rows.abs(), k, dim=1, largest=False).indices  # (R, k)
        mask.scatter_(1, idx, False)
    mask = mask.reshape(w.shape)
    return torch.where(mask, w, torch.zeros_like(w)), mask


def magnitude_prune_mask_inverted(w, sparsity):
    """The right pruned weights, with a mask that is True where an entry was pruned."""
    pruned, mask = _prune_k(w, round(sparsity * w.numel()))
    return pruned, ~mask


# ---------------------------------------------------------------------------- Q-learning
def _q_update(Q, s, a, r, bootstrap, alpha):
    onehot = torch.zeros_like(Q)
    onehot[s, a] = 1.0
    return Q + alpha * (r + bootstrap - Q[s, a]) * onehot


def q_learning_update_bootstraps_terminal(Q, s, a, r, s_next, done, alpha=0.1, gamma=0.99):
    """target = r + γ·max Q[s_next] even when done."""
    return _q_update(Q, s, a, r, gamma * Q[s_next].max(), alpha)


def q_learning_update_max_current_state(Q, s, a, r, s_next, done, alpha=0.1, gamma=0.99):
    """target = r + γ·max Q[s]: the maximum over the current state's actions."""
    return _q_update(Q, s, a, r, 0.0 if done else gamma * Q[s].max(), alpha)


def q_learning_update_sarsa_target(Q, s, a, r, s_next, done, alpha=0.1, gamma=0.99):
    """target = r + γ·Q[s_next, a]: the next state's value of the same action, no max."""
    return _q_update(Q, s, a, r, 0.0 if done else gamma * Q[s_next, a], alpha)


# ---------------------------------------------------------------------------- returns
def _ends(rewards, dones):
    T = rewards.shape[0]
    return [False] * T if dones is None else [bool(d) for d in dones]


def discounted_returns_forward(rewards, gamma, dones=None):
    """Accumulated from the first step on: G_t = r_t + γ·G_{t−1}, restarting after a done."""
    ends, out, G = _ends(rewards, dones), [], rewards.new_zeros(())
    for t in range(rewards.shape[0]):
        G = rewards[t] + gamma * G
        out.append(G)
        if ends[t]:
            G = rewards.new_zeros(())
    return torch.stack(out)


def discounted_returns_done_next_step(rewards, gamma, dones=None):
    """G_t = r_t + γ·(1 − done_{t+1})·G_{t+1}: the reset applied one step early."""
    ends, out, G = _ends(rewards, dones), [], rewards.new_zeros(())
    for t in reversed(range(rewards.shape[0])):
        G = rewards[t] + gamma * G
        out.append(G)
        if ends[t]:
            G = rewards.new_zeros(())
    return torch.stack(out[::-1])


def discounted_returns_gamma_on_reward(rewards, gamma, dones=None):
    """G_t = γ·r_t + γ·G_{t+1}: the reward of step t discounted too (γ times the returns)."""
    ends, out, G = _ends(rewards, dones), [], rewards.new_zeros(())
    for t in reversed(range(rewards.shape[0])):
        if ends[t]:
            G = rewards.new_zeros(())
        G = gamma * rewards[t] + gamma * G
        out.append(G)
    return torch.stack(out[::-1])


def dequantize_affine_unsigned_wraparound(q, scale, zero_point):
    """(q − zero_point)·scale computed in the codes' unsigned dtype: below the zero point
    the difference wraps around modulo 2^bits."""
    if q.dtype in (torch.uint8, torch.uint16):
        modulus = 2 ** (8 * q.element_size())
        diff = (q.to(torch.int64) - zero_point) % modulus
    else:
        diff = q.to(torch.int64) - zero_point
    return diff.to(torch.float64) * scale


# ---------------------------------------------------------------------------- distillation
def _distill(s, t, labels, T, alpha, *, t2=True, reverse=False, ce_soft=False, kl_mean_n=True,
             kl_mean_all=False):
    n, c = s.shape
    log_p = torch.log_softmax(t / T, dim=1)
    log_q = torch.log_softmax(s / T, dim=1)
    if reverse:
        kl = (log_q.exp() * (log_q - log_p)).sum()
    else:
        kl = (log_p.exp() * (log_p - log_q)).sum()
    kl = kl / (n * c) if kl_mean_all else kl / n if kl_mean_n else kl
    ce_logp = log_q if ce_soft else torch.log_softmax(s, dim=1)
    ce = -ce_logp[torch.arange(n), labels].mean()
    return alpha * (T ** 2 if t2 else 1.0) * kl + (1 - alpha) * ce


def distillation_loss_no_t_squared(student_logits, teacher_logits, labels, T=2.0, alpha=0.5):
    """The soft term without T²."""
    return _distill(student_logits, teacher_logits, labels, T, alpha, t2=False)


def distillation_loss_kl_reversed(student_logits, teacher_logits, labels, T=2.0, alpha=0.5):
    """KL(student ‖ teacher) instead of KL(teacher ‖ student)."""
    return _distill(student_logits, teacher_logits, labels, T, alpha, reverse=True)


def distillation_loss_ce_softened(student_logits, teacher_logits, labels, T=2.0, alpha=0.5):
    """The cross-entropy taken on the softened student s/T."""
    return _distill(student_logits, teacher_logits, labels, T, alpha, ce_soft=True)


def distillation_loss_kl_summed_over_batch(student_logits, teacher_logits, labels, T=2.0, alpha=0.5):
    """The KL summed over the batch, not averaged."""
    return _distill(student_logits, teacher_logits, labels, T, alpha, kl_mean_n=False)


def distillation_loss_kl_mean_over_classes(student_logits, teacher_logits, labels, T=2.0, alpha=0.5):
    """The KL averaged over every element (F.kl_div's reduction="mean"), C times too small."""
    return _distill(student_logits, teacher_logits, labels, T, alpha, kl_mean_all=True)


# ---------------------------------------------------------------------------- NT-Xent
def _nt_xent(z1, z2, temperature, *, normalise=True, mask="inf", scale="divide", anchors="both",
             positive_twice=False):
    n = z1.shape[0]
    z = torch.cat([z1, z2], dim=0)
    u = z / z.norm(dim=1, keepdim=True) if normalise else z
    sim = u @ u.T
    logits = sim / temperature if scale == "divide" else sim * temperature
    eye = torch.eye(2 * n, dtype=torch.bool)
    if mask == "inf":
        logits = logits.masked_fill(eye, float("-inf"))
    elif mask == "zero":
        logits = logits.masked_fill(eye, 0.0)
    anchor = torch.arange(2 * n)
    positive = (anchor + n) % (2 * n)
    pos = logits[anchor, positive]
    lse = torch.logsumexp(logits, dim=1)
    if positive_twice:
        lse = torch.logaddexp(lse, pos)
    loss = lse - pos
    return loss[:n].mean() if anchors == "z1" else loss.mean()


def nt_xent_loss_diagonal_not_masked(z1, z2, temperature=0.5):
    """Each anchor's similarity with itself left in its denominator."""
    return _nt_xent(z1, z2, temperature, mask="none")


def nt_xent_loss_diagonal_zeroed(z1, z2, temperature=0.5):
    """The self-similarity set to 0 instead of −inf: exp(0) = 1 stays in the denominator."""
    return _nt_xent(z1, z2, temperature, mask="zero")


def nt_xent_loss_dot_product(z1, z2, temperature=0.5):
    """Dot products of unnormalised embeddings instead of cosine similarities."""
    return _nt_xent(z1, z2, temperature, normalise=False)


def nt_xent_loss_temperature_multiplied(z1, z2, temperature=0.5):
    """Similarities multiplied by the temperature instead of divided."""
    return _nt_xent(z1, z2, temperature, scale="multiply")


def nt_xent_loss_z1_anchors_only(z1, z2, temperature=0.5):
    """Only the first views as anchors: N terms, not 2N."""
    return _nt_xent(z1, z2, temperature, anchors="z1")


def nt_xent_loss_positive_twice(z1, z2, temperature=0.5):
    """The positive added to a denominator that already holds it."""
    return _nt_xent(z1, z2, temperature, positive_twice=True)
