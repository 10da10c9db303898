"""Proves the references of the tasks quantization, magnitude_pruning, distillation (in
reference_impl/compression.py), q_learning, discounted_returns (reference_impl/rl.py) and
nt_xent (reference_impl/ssl.py), and the mistakes their signatures name against the
known-wrong variants they explain.

Oracles, and where they differ from the contract:
- `quantize_affine`: `torch.ao.quantization.MinMaxObserver` (torch.quint8 codes 0…255, or a
  `quant_min`/`quant_max` of 0 and 2^b − 1) for the scale and zero point, and
  `torch.quantize_per_tensor` / `torch.fake_quantize_per_tensor_affine` for the codes.
  PyTorch computes in float32, the contract in float64: on random inputs (float32-exact)
  the scales agree to 1e-6 and the zero points and codes exactly; on the exact halves of the
  task's cases (scales 1 and 0.5, exact in both) they agree exactly, PyTorch's kernels also
  rounding halves to even. A float64 NumPy implementation (np.rint, np.clip) agrees exactly
  everywhere. `dequantize_affine` against `Tensor.dequantize()` (float32) and the formula.
- `magnitude_prune`: `torch.nn.utils.prune.l1_unstructured` on a parameter of each shape:
  its float weight_mask as booleans, and the pruned weight; amounts whose sparsity·size is a
  half check that k is Python's round.
- `distillation_loss`: `F.kl_div(F.log_softmax(s/T), F.softmax(t/T), reduction="batchmean")·T²`
  weighted by α, plus (1 − α)·`F.cross_entropy`; values and gradients w.r.t. the student.
- `q_learning_update`: a NumPy transcription of the update; and repeated updates on a small
  deterministic chain with a terminal state converge to Q* from value iteration, which holds
  only if terminal transitions do not bootstrap.
- `discounted_returns`: the definition G_t = Σ_{k=t}^{e(t)} γ^{k−t} r_k, with e(t) the end of
  step t's episode, evaluated as a double loop.
- `nt_xent_loss`: `F.cross_entropy` over the 2N × 2N cosine-similarity matrix with its
  diagonal masked and the positives (i + N) mod 2N as targets, and a per-anchor loop over
  the SimCLR formula with `F.cosine_similarity`; values and gradients w.r.t. z1 and z2.
Float64, rtol 1e-10, atol 1e-12 unless PyTorch's float32 sets the tolerance.
"""

import importlib.util
import math
import warnings
from pathlib import Path

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from grader.banks import load_bank
from grader.grading.inputs import draw_case
from reference_impl import compression as C
from reference_impl import rl as R
from reference_impl import ssl as S
from reference_impl.mistakes import comprl as M

#: the public functions of reference_impl/compression.py, rl.py and ssl.py proven here
PROVES = frozenset({"quantize_affine", "dequantize_affine", "magnitude_prune", "distillation_loss",
                    "q_learning_update", "discounted_returns", "nt_xent_loss"})

RTOL, ATOL = 1e-10, 1e-12
DTYPE = torch.float64
WRONG = Path(__file__).parent / "wrong"
BANK = load_bank()


def randn(gen, *shape, scale=1.0):
    return scale * torch.randn(shape, generator=gen, dtype=DTYPE)


def assert_close(got, want, rtol=RTOL, atol=ATOL):
    assert got.shape == want.shape, f"shape {tuple(got.shape)} != {tuple(want.shape)}"
    torch.testing.assert_close(got, want, rtol=rtol, atol=atol, check_dtype=False)


def _resolve(path):
    module, _, attr = path.rpartition(".")
    return getattr(importlib.import_module(module), attr)


def task_cases(task_id, fn_name, seed=0):
    """The task's cases that fit `fn_name`, drawn as the grader draws them (NumPy values)."""
    task = BANK.tasks[task_id]
    fn = task.function(fn_name)
    rng = np.random.default_rng(seed)
    return [draw_case(c, rng) for c in task.cases if fn.fits(c)]


def as_torch(args):
    return {k: torch.from_numpy(v.copy()) if isinstance(v, np.ndarray) else v for k, v in args.items()}


# =========================================================================== quantization
def _observer(x32, num_bits):
    """(scale, zero_point) of PyTorch's min-max observer for unsigned codes 0 … 2^b − 1."""
    from torch.ao.quantization import MinMaxObserver

    q_max = 2 ** num_bits - 1
    dtype = torch.quint8 if num_bits <= 8 else torch.qint32
    obs = MinMaxObserver(dtype=dtype, qscheme=torch.per_tensor_affine, quant_min=0, quant_max=q_max)
    obs(x32)
    scale, zero_point = obs.calculate_qparams()
    return float(scale), int(zero_point)


def _torch_codes(x32, scale, zero_point, num_bits):
    """PyTorch's codes for a float32 x: quantize_per_tensor for 8 bits, else the fake-quantized
    values (q − z)·s read back as integers."""
    q_max = 2 ** num_bits - 1
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # quantized tensors are deprecated in recent PyTorch
        if num_bits == 8:
            return torch.quantize_per_tensor(x32, scale, zero_point, torch.quint8).int_repr().long()
        fq = torch.fake_quantize_per_tensor_affine(x32, scale, zero_point, 0, q_max)
    return torch.round(fq.double() / scale).long() + zero_point


def _numpy_quantize(x, num_bits):
    """An independent float64 transcription of the contract (np.rint: halves to even)."""
    q_max = 2 ** num_bits - 1
    lo, hi = min(x.min(), 0.0), max(x.max(), 0.0)
    scale = (hi - lo) / q_max
    zero_point = int(np.rint(-lo / scale))
    return np.clip(np.rint(x / scale) + zero_point, 0, q_max).astype(np.int64), scale, zero_point


QUANT_DRAWS = [((7,), 8, 0), ((3, 5), 4, 1), ((2, 3, 4), 2, 2), ((13,), 16, 3), ((1,), 8, 4),
               ((6, 6), 3, 5), ((11,), 8, 6), ((4, 9), 16, 7)]


@pytest.mark.parametrize("shape, num_bits, seed", QUANT_DRAWS)
@pytest.mark.parametrize("sign", ["mixed", "positive", "negative"])
def test_quantize_affine_matches_pytorch_observer_and_codes(shape, num_bits, seed, sign):
    gen = torch.Generator().manual_seed(seed)
    x = randn(gen, *shape, scale=3.0)
    x = {"mixed": x, "positive": x.abs() + 0.1, "negative": -x.abs() - 0.1}[sign]
    x = x.float().double()  # float32-exact, so that PyTorch sees the same numbers
    q, scale, zero_point = C.quantize_affine(x, num_bits)
    assert q.dtype == torch.int64 and isinstance(scale, float) and type(zero_point) is int
    torch_scale, torch_zero_point = _observer(x.float(), num_bits)
    assert math.isclose(scale, torch_scale, rel_tol=1e-6)
    assert zero_point == torch_zero_point
    assert torch.equal(q, _torch_codes(x.float(), scale, zero_point, num_bits))
    assert 0 <= int(q.min()) and int(q.max()) <= 2 ** num_bits - 1


def test_quantize_affine_matches_pytorch_on_the_exact_halves():
    """The task's cases with ties (scales 1 and 0.5, exact in float32): the same zero point and
    codes as PyTorch, including the clipped 256 and the zero point round(2.5) = 2."""
    tied = [c for c in task_cases("quantization", "quantize_affine")
            if np.array_equal(c["x"] * 4, np.round(c["x"] * 4))]  # multiples of 0.25
    assert len(tied) == 4, "the four cases with exact halves"
    for c in tied:
        x, b = torch.from_numpy(c["x"]), c.get("num_bits", 8)
        q, scale, zero_point = C.quantize_affine(x, b)
        assert (scale, zero_point) == _observer(x.float(), b)
        assert torch.equal(q, _torch_codes(x.float(), scale, zero_point, b))
    q, scale, zero_point = C.quantize_affine(torch.tensor([-2.5, -1.5, -0.5, 0.5, 1.5, 2.5, 252.5],
                                                          dtype=DTYPE))
    assert (scale, zero_point) == (1.0, 2) and q.tolist() == [0, 0, 2, 2, 4, 4, 254]
    q, _, zero_point = C.quantize_affine(torch.tensor([-3.5, 0.5, 251.5], dtype=DTYPE))
    assert zero_point == 4 and q.tolist() == [0, 4, 255]


@pytest.mark.parametrize("seed", range(4))
def test_quantize_affine_matches_a_numpy_transcription_on_the_task_cases(seed):
    for c in task_cases("quantization", "quantize_affine", seed):
        b = c.get("num_bits", 8)
        q, scale, zero_point = C.quantize_affine(torch.from_numpy(c["x"]), b)
        nq, nscale, nzero_point = _numpy_quantize(c["x"], b)
        np.testing.assert_array_equal(q.numpy(), nq)
        assert scale == nscale and zero_point == nzero_point


def test_dequantize_affine_matches_pytorch_dequantize():
    gen = torch.Generator().manual_seed(11)
    x = randn(gen, 5, 7).float()
    q, scale, zero_point = C.quantize_affine(x.double())
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        want = torch.quantize_per_tensor(x, scale, zero_point, torch.quint8).dequantize()
    got = C.dequantize_affine(q, scale, zero_point)
    assert got.dtype == DTYPE
    assert_close(got, want.double(), rtol=1e-6, atol=1e-7)
    assert (got - x.double()).abs().max() <= scale / 2 + 1e-12  # within half a step


@pytest.mark.parametrize("dtype", [torch.int64, torch.int32, torch.uint8])
def test_dequantize_affine_reads_codes_of_any_integer_dtype(dtype):
    q = torch.tensor([[0, 17, 255], [128, 64, 3]], dtype=dtype)
    want = torch.tensor([[(v - 37) * 0.0123 for v in row] for row in q.tolist()], dtype=DTYPE)
    assert_close(C.dequantize_affine(q, 0.0123, 37), want)


# =========================================================================== magnitude pruning
class _Holder(torch.nn.Module):
    def __init__(self, w):
        super().__init__()
        self.weight = torch.nn.Parameter(w.clone())


def _l1_unstructured(w, sparsity):
    from torch.nn.utils import prune

    holder = _Holder(w)
    prune.l1_unstructured(holder, "weight", amount=sparsity)
    return holder.weight.detach(), holder.weight_mask.bool()


PRUNE_DRAWS = [((5,), 0.5), ((7,), 0.5), ((6,), 0.75), ((10,), 0.25), ((14,), 0.25),
               ((2, 5), 0.5), ((3, 5), 0.5), ((4, 7), 0.3), ((3, 5, 2), 0.6), ((1,), 0.4), ((3, 4), 0.0),
               ((2, 3), 1.0), ((8, 16), 0.9), ((13,), 0.9), ((11,), 0.45)]


@pytest.mark.parametrize("shape, sparsity", PRUNE_DRAWS)
def test_magnitude_prune_matches_l1_unstructured(shape, sparsity):
    gen = torch.Generator().manual_seed(len(shape) * 100 + int(sparsity * 100))
    w = randn(gen, *shape)
    pruned, mask = C.magnitude_prune(w, sparsity)
    want_pruned, want_mask = _l1_unstructured(w, sparsity)
    assert mask.dtype == torch.bool and torch.equal(mask, want_mask)
    assert torch.equal(pruned, want_pruned)
    assert int((~mask).sum()) == round(sparsity * w.numel())


def test_magnitude_prune_counts_with_pythons_round():
    """Halves to even: 2.5 → 2 and 4.5 → 4 (not 3, 5), 3.5 → 4 (not 3)."""
    for n, sparsity, k in [(5, 0.5, 2), (6, 0.75, 4), (7, 0.5, 4), (14, 0.25, 4), (10, 0.25, 2)]:
        w = torch.arange(1, n + 1, dtype=DTYPE)
        _, mask = C.magnitude_prune(w, sparsity)
        assert int((~mask).sum()) == k and not mask[:k].any() and mask[k:].all()


# =========================================================================== distillation
def _distillation_oracle(s, t, labels, T, alpha):
    soft = F.kl_div(F.log_softmax(s / T, dim=1), F.softmax(t / T, dim=1), reduction="batchmean")
    return alpha * T ** 2 * soft + (1 - alpha) * F.cross_entropy(s, labels)


DISTILL_DRAWS = [(2, 3, 2.0, 0.5), (5, 4, 4.0, 0.9), (1, 7, 3.0, 0.3), (8, 10, 5.0, 0.7),
                 (13, 2, 0.5, 0.5), (6, 5, 2.0, 1.0), (4, 3, 3.0, 0.0), (3, 11, 1.0, 0.25)]


@pytest.mark.parametrize("n, c, T, alpha", DISTILL_DRAWS)
def test_distillation_loss_matches_kl_div_batchmean_and_cross_entropy(n, c, T, alpha):
    gen = torch.Generator().manual_seed(n * c)
    s0, t0 = randn(gen, n, c, scale=2.0), randn(gen, n, c, scale=3.0)
    labels = torch.randint(c, (n,), generator=gen)
    s1, s2 = s0.clone().requires_grad_(), s0.clone().requires_grad_()
    t1 = t0.clone().requires_grad_()
    got, want = C.distillation_loss(s1, t1, labels, T, alpha), _distillation_oracle(s2, t0, labels, T, alpha)
    assert got.dim() == 0
    assert_close(got, want)
    (g1,), (g2,) = torch.autograd.grad(got, [s1], retain_graph=True), torch.autograd.grad(want, [s2])
    assert_close(g1, g2)
    assert torch.equal(s1.detach(), s0) and torch.equal(t1.detach(), t0)


def test_distillation_loss_on_the_task_cases():
    for c in task_cases("distillation", "distillation_loss"):
        a = as_torch(c)
        T, alpha = a.get("T", 2.0), a.get("alpha", 0.5)
        assert_close(C.distillation_loss(a["student_logits"], a["teacher_logits"], a["labels"], T, alpha),
                     _distillation_oracle(a["student_logits"], a["teacher_logits"], a["labels"], T, alpha))


# =========================================================================== Q-learning
def _numpy_q_update(Q, s, a, r, s_next, done, alpha, gamma):
    Q = Q.copy()
    target = r + (0.0 if done else gamma * max(Q[s_next]))
    Q[s, a] += alpha * (target - Q[s, a])
    return Q


def test_q_learning_update_matches_a_numpy_transcription_on_the_task_cases():
    for c in task_cases("q_learning", "q_learning_update"):
        alpha, gamma = c.get("alpha", 0.1), c.get("gamma", 0.99)
        args = (c["s"], c["a"], c["r"], c["s_next"], c["done"])
        Q = torch.from_numpy(c["Q"].copy())
        got = R.q_learning_update(Q, *args, alpha=alpha, gamma=gamma)
        np.testing.assert_allclose(got.numpy(), _numpy_q_update(c["Q"], *args, alpha, gamma),
                                   rtol=RTOL, atol=ATOL)
        assert torch.equal(Q, torch.from_numpy(c["Q"]))  # the input is untouched


def test_q_learning_update_converges_to_q_star_on_a_chain():
    """States 0 … 3 on a line, actions left/right; stepping right from state 3 ends the episode
    with reward 1, every other step costs 0.1. Sweeping every (s, a) with α = 0.5 converges to
    the Q* of value iteration, whose terminal transition has no bootstrap; a table initialised
    at 5 would keep a 5·γ bias at the exit if terminal transitions bootstrapped."""
    gamma, S_, A_ = 0.9, 4, 2

    def step(s, a):
        if s == S_ - 1 and a == 1:
            return 1.0, s, True
        return -0.1, max(0, min(S_ - 1, s + (1 if a == 1 else -1))), False

    q_star = np.zeros((S_, A_))
    for _ in range(500):  # value iteration
        new = np.zeros_like(q_star)
        for s in range(S_):
            for a in range(A_):
                r, s2, done = step(s, a)
                new[s, a] = r + (0.0 if done else gamma * q_star[s2].max())
        q_star = new
    Q = torch.full((S_, A_), 5.0, dtype=DTYPE)
    for _ in range(400):
        for s in range(S_):
            for a in range(A_):
                r, s2, done = step(s, a)
                Q = R.q_learning_update(Q, s, a, r, s2, done, alpha=0.5, gamma=gamma)
    np.testing.assert_allclose(Q.numpy(), q_star, atol=1e-9)


# =========================================================================== returns
def _returns_by_definition(r, gamma, dones):
    T = len(r)
    out = np.zeros(T)
    for t in range(T):
        end = next((k for k in range(t, T) if dones is not None and dones[k]), T - 1)
        out[t] = sum(gamma ** (k - t) * r[k] for k in range(t, end + 1))
    return out


@pytest.mark.parametrize("seed", range(3))
def test_discounted_returns_match_the_definition_on_the_task_cases(seed):
    for c in task_cases("discounted_returns", "discounted_returns", seed):
        dones = c.get("dones")
        got = R.discounted_returns(torch.from_numpy(c["rewards"]), c["gamma"],
                                   None if dones is None else torch.from_numpy(dones))
        assert got.dtype == DTYPE
        np.testing.assert_allclose(got.numpy(), _returns_by_definition(c["rewards"], c["gamma"], dones),
                                   rtol=RTOL, atol=ATOL)


def test_discounted_returns_example_of_the_explanation():
    got = R.discounted_returns(torch.ones(4, dtype=DTYPE), 0.5, torch.tensor([False, True, False, False]))
    assert got.tolist() == [1.5, 1.0, 1.5, 1.0]


# =========================================================================== NT-Xent
def _nt_xent_cross_entropy(z1, z2, tau):
    n = z1.shape[0]
    z = F.normalize(torch.cat([z1, z2]), dim=1)
    sim = z @ z.T / tau
    sim = sim.masked_fill(torch.eye(2 * n, dtype=torch.bool), float("-inf"))
    targets = (torch.arange(2 * n) + n) % (2 * n)
    return F.cross_entropy(sim, targets)


def _nt_xent_loop(z1, z2, tau):
    z = torch.cat([z1, z2])
    m, n = z.shape[0], z1.shape[0]
    total = 0.0
    for i in range(m):
        sims = F.cosine_similarity(z[i:i + 1], z, dim=1) / tau
        denominator = sum(torch.exp(sims[j]) for j in range(m) if j != i)
        total = total - torch.log(torch.exp(sims[(i + n) % m]) / denominator)
    return total / m


NTX_DRAWS = [(2, 3, 0.5), (4, 8, 0.1), (1, 5, 0.5), (5, 2, 1.0), (7, 16, 0.07), (13, 4, 0.3),
             (3, 3, 2.0)]


@pytest.mark.parametrize("n, d, tau", NTX_DRAWS)
@pytest.mark.parametrize("oracle", [_nt_xent_cross_entropy, _nt_xent_loop])
def test_nt_xent_loss_matches_cross_entropy_and_the_formula(n, d, tau, oracle):
    gen = torch.Generator().manual_seed(n * d)
    z1, z2 = randn(gen, n, d, scale=2.0), randn(gen, n, d, scale=0.5)
    mine = [z1.clone().requires_grad_(), z2.clone().requires_grad_()]
    theirs = [z1.clone().requires_grad_(), z2.clone().requires_grad_()]
    got, want = S.nt_xent_loss(*mine, tau), oracle(*theirs, tau)
    assert got.dim() == 0
    assert_close(got, want)
    for a, b in zip(torch.autograd.grad(got, mine), torch.autograd.grad(want, theirs)):
        assert_close(a, b)
    assert torch.equal(mine[0].detach(), z1) and torch.equal(mine[1].detach(), z2)
    if n == 1:
        assert abs(got.item()) < 1e-12  # the only other embedding is the positive


# =========================================================================== mistakes
def _load(name):
    spec = importlib.util.spec_from_file_location(name, WRONG / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _as_numpy(out):
    if isinstance(out, tuple):
        return tuple(_as_numpy(o) for o in out)
    return out.numpy() if isinstance(out, torch.Tensor) else np.asarray(out)


def _same(a, b):
    if isinstance(a, tuple):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    return np.shape(a) == np.shape(b) and np.allclose(np.asarray(a, dtype=float),
                                                      np.asarray(b, dtype=float), rtol=1e-9, atol=1e-12)


# mistake -> (the known-wrong variant it explains, task, function)
MISTAKES = {
    "quantize_affine_round_half_up": ("quantization__round_half_up", "quantization", "quantize_affine"),
    "quantize_affine_range_without_zero": ("quantization__range_without_zero", "quantization",
                                           "quantize_affine"),
    "quantize_affine_codes_from_min": ("quantization__codes_from_min", "quantization", "quantize_affine"),
    "quantize_affine_zero_point_truncated": ("quantization__zero_point_truncated", "quantization",
                                             "quantize_affine"),
    "quantize_affine_no_clamp": ("quantization__no_clamp", "quantization", "quantize_affine"),
    "quantize_affine_scale_from_max": ("quantization__scale_from_max", "quantization", "quantize_affine"),
    "quantize_affine_uint8_codes": ("quantization__uint8_codes", "quantization", "quantize_affine"),
    "dequantize_affine_zero_point_added": ("quantization__dequantize_zero_point_added", "quantization",
                                           "dequantize_affine"),
    "magnitude_prune_k_truncated": ("magnitude_pruning__k_truncated", "magnitude_pruning", "magnitude_prune"),
    "magnitude_prune_k_rounded_up": ("magnitude_pruning__k_ceil", "magnitude_pruning", "magnitude_prune"),
    "magnitude_prune_largest": ("magnitude_pruning__prunes_largest", "magnitude_pruning", "magnitude_prune"),
    "magnitude_prune_per_row": ("magnitude_pruning__per_row", "magnitude_pruning", "magnitude_prune"),
    "magnitude_prune_mask_inverted": ("magnitude_pruning__mask_inverted", "magnitude_pruning",
                                      "magnitude_prune"),
    "q_learning_update_bootstraps_terminal": ("q_learning__bootstraps_terminal", "q_learning",
                                              "q_learning_update"),
    "q_learning_update_max_current_state": ("q_learning__max_current_state", "q_learning",
                                            "q_learning_update"),
    "q_learning_update_sarsa_target": ("q_learning__sarsa_target", "q_learning", "q_learning_update"),
    "discounted_returns_forward": ("discounted_returns__forward", "discounted_returns", "discounted_returns"),
    "discounted_returns_done_next_step": ("discounted_returns__done_next_step", "discounted_returns",
                                          "discounted_returns"),
    "discounted_returns_gamma_on_reward": ("discounted_returns__gamma_on_reward", "discounted_returns",
                                           "discounted_returns"),
    "distillation_loss_no_t_squared": ("distillation__no_T_squared", "distillation", "distillation_loss"),
    "distillation_loss_kl_reversed": ("distillation__kl_reversed", "distillation", "distillation_loss"),
    "distillation_loss_ce_softened": ("distillation__ce_softened", "distillation", "distillation_loss"),
    "distillation_loss_kl_summed_over_batch": ("distillation__kl_summed_over_batch", "distillation",
                                               "distillation_loss"),
    "distillation_loss_kl_mean_over_classes": ("distillation__kl_div_mean_torch", "distillation",
                                               "distillation_loss"),
    "nt_xent_loss_diagonal_not_masked": ("nt_xent__diagonal_not_masked", "nt_xent", "nt_xent_loss"),
    "nt_xent_loss_diagonal_zeroed": ("nt_xent__diagonal_zeroed_torch", "nt_xent", "nt_xent_loss"),
    "nt_xent_loss_dot_product": ("nt_xent__dot_product", "nt_xent", "nt_xent_loss"),
    "nt_xent_loss_temperature_multiplied": ("nt_xent__temperature_multiplied", "nt_xent", "nt_xent_loss"),
    "nt_xent_loss_z1_anchors_only": ("nt_xent__z1_anchors_only", "nt_xent", "nt_xent_loss"),
    "nt_xent_loss_positive_twice": ("nt_xent__positive_twice", "nt_xent", "nt_xent_loss"),
}
#: mistakes that show only on the candidate's own outputs fed to another function (fed_by)
FED_MISTAKES = {"dequantize_affine_unsigned_wraparound"}


def test_every_mistake_is_tested_and_declared():
    assert set(MISTAKES) | FED_MISTAKES == set(M.__all__)
    declared = {s.reference.rsplit(".", 1)[1] for t in BANK.tasks.values() for s in t.signatures
                if s.kind == "mistake" and s.reference.startswith("reference_impl.mistakes.comprl.")}
    assert declared == set(M.__all__)


@pytest.mark.parametrize("name", sorted(MISTAKES))
def test_mistake_computes_its_known_wrong_variant(name):
    """On every case of the task where the variant runs: the mistake's numbers are the
    variant's; on at least one case they differ from the reference (it explains something)."""
    variant, task_id, fn_name = MISTAKES[name]
    fn = BANK.tasks[task_id].function(fn_name)
    module = _load(variant)
    wrong, mistake = getattr(module, fn_name), getattr(M, name)
    as_torch = getattr(module, "FRAMEWORK", "") == "torch"  # a PyTorch variant takes tensors
    reference = _resolve(BANK.tasks[task_id].function(fn_name).reference)
    compared = differs = 0
    with np.errstate(all="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore")  # a variant may use a deprecated reduction on purpose
        for case in task_cases(task_id, fn_name):
            args = {**{k: v for k, v in fn.defaults.items()}, **case}
            ordered = [args[p] for p in fn.params]
            try:
                want = _as_numpy(wrong(*[(torch.from_numpy(a.copy()) if as_torch else a.copy())
                                         if isinstance(a, np.ndarray) else a for a in ordered]))
            except (ValueError, OverflowError, ZeroDivisionError):
                continue  # a case the wrong code cannot run (a zero range)
            t_args = [torch.from_numpy(a.copy()) if isinstance(a, np.ndarray) else a for a in ordered]
            got = _as_numpy(mistake(*t_args))
            assert _same(got, want), f"{name} differs from {variant} on {case}"
            compared += 1
            differs += not _same(got, _as_numpy(reference(*t_args)))
    assert compared >= 3 and differs >= 1


def test_the_unsigned_wraparound_mistake_is_what_the_variant_computes_on_its_own_codes():
    """Shown only through fed_by: the variant's uint8 codes, dequantized by the variant."""
    module = _load("quantization__uint8_wraparound")
    rng = np.random.default_rng(0)
    differs = 0
    for bits in (3, 8, 16):
        x = rng.uniform(-2, 1, (5, 7))
        q, scale, zp = module.quantize_affine(x, bits)
        assert q.dtype.kind == "u"
        with np.errstate(all="ignore"):
            want = module.dequantize_affine(q, scale, zp)
        got = M.dequantize_affine_unsigned_wraparound(torch.from_numpy(q), scale, zp).numpy()
        assert np.allclose(got, want, rtol=1e-12, atol=1e-12)
        right = C.dequantize_affine(torch.from_numpy(q), scale, zp).numpy()
        differs += not np.allclose(got, right)
    assert differs == 3

