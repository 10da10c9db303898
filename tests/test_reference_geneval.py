"""Proves the references of the GAN losses, the VAE and the classification metrics.

Oracles, each independent of the reference it checks:
- ``gan_losses``: ``F.binary_cross_entropy_with_logits`` against targets of ones and zeros,
  one mean per batch; values and autograd gradients, also at logits of ±1e4.
- ``reparameterize``: the inverse-CDF route to the same sample, z = F⁻¹_{N(μ, σ²)}(Φ(ε))
  with ``torch.distributions.Normal`` (icdf/cdf, an erf/erfinv path), σ² = exp(log σ²).
- ``vae_loss``: ``F.binary_cross_entropy_with_logits(reduction="sum")/N`` and
  ``torch.distributions.kl_divergence(Normal(μ, σ), Normal(0, 1))`` summed over the
  latent dimensions and divided by N; values, then autograd gradients with respect to the
  logits, μ and log σ² (the data x is a constant of the contract).
- ``precision_recall_f1`` and ``confusion_matrix``: a brute-force count in plain Python
  over the samples, and ``sklearn.metrics`` where scikit-learn is installed.
- ``roc_auc``: a brute-force count over all (positive, negative) pairs with ties as ½, the
  trapezoid rule over the ROC curve with one point per distinct threshold, the worked
  example of scikit-learn's documentation (0.75), and ``sklearn.metrics.roc_auc_score``
  (scikit-learn is a test dependency; without it the comparison is skipped, with a reason).

Each proof runs on the task's own cases (drawn as the grader draws them) and on extra
random inputs, in float64 with rtol 1e-10 and atol 1e-12; each is shown failing on the
classic mistakes of reference_impl/mistakes/geneval.py.
"""

import itertools

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from torch.distributions import Normal, kl_divergence

from grader.banks import load_bank
from grader.grading.inputs import draw_case
from reference_impl import gan, metrics, vae
from reference_impl.mistakes import geneval as M

#: the public functions of reference_impl (gan, vae, metrics) that this file proves
PROVES = frozenset({"gan_losses", "reparameterize", "vae_loss", "precision_recall_f1",
                    "confusion_matrix", "roc_auc"})

RTOL, ATOL = 1e-10, 1e-12
DTYPE = torch.float64
BANK = load_bank()


def task_cases(task_id, fn_name, *, stability=False, draws=2):
    """The task's cases that call `fn_name`, drawn as the grader draws them, as tensors."""
    task = BANK.tasks[task_id]
    fn = task.function(fn_name)
    specs = task.cases + (task.stability_cases if stability else [])
    rng = np.random.default_rng(0)
    out = []
    for spec in specs:
        if not fn.fits(spec):
            continue
        for _ in range(draws):
            args = draw_case(spec, rng)
            out.append({k: torch.from_numpy(v) if isinstance(v, np.ndarray) else v
                        for k, v in args.items()})
    assert out, f"{task_id}: no case calls {fn_name}"
    return out


def assert_close(got, want):
    got, want = torch.as_tensor(got, dtype=DTYPE), torch.as_tensor(want, dtype=DTYPE)
    assert got.shape == want.shape, f"shape {tuple(got.shape)} != {tuple(want.shape)}"
    assert torch.isfinite(got).all(), "NaN or Inf in the output"
    torch.testing.assert_close(got, want, rtol=RTOL, atol=ATOL)


def assert_same_function(fn, oracle, args, wrt, gen):
    """Values, then autograd gradients for a random upstream (w.r.t. the positions `wrt`);
    neither function may change its inputs."""

    def leaves():
        return [a.detach().clone().requires_grad_(i in wrt) for i, a in enumerate(args)]

    fn_args, oracle_args = leaves(), leaves()
    before = [a.detach().clone() for a in fn_args]
    got, want = fn(*fn_args), oracle(*oracle_args)
    got = got if isinstance(got, tuple) else (got,)
    want = want if isinstance(want, tuple) else (want,)
    assert all(torch.equal(a.detach(), b) for a, b in zip(fn_args, before)), "an input changed"
    assert len(got) == len(want)
    for g, w in zip(got, want):
        assert_close(g, w)
    upstream = [torch.randn(w.shape, generator=gen, dtype=DTYPE) for w in want]
    g1 = torch.autograd.grad(got, [fn_args[i] for i in wrt], upstream)
    g2 = torch.autograd.grad(want, [oracle_args[i] for i in wrt], upstream)
    for a, b in zip(g1, g2):
        assert_close(a, b)


# --------------------------------------------------------------------------- GAN losses


def torch_gan_losses(d_real_logits, d_fake_logits):
    """Oracle: the losses of TASKS.md written with F.binary_cross_entropy_with_logits."""
    bce = F.binary_cross_entropy_with_logits
    d_loss = (bce(d_real_logits, torch.ones_like(d_real_logits))
              + bce(d_fake_logits, torch.zeros_like(d_fake_logits)))
    return d_loss, bce(d_fake_logits, torch.ones_like(d_fake_logits))


def check_gan_losses(fn):
    gen = torch.Generator().manual_seed(0)
    for args in task_cases("gan_losses", "gan_losses", stability=True):
        assert_same_function(fn, torch_gan_losses, [args["d_real_logits"], args["d_fake_logits"]],
                             [0, 1], gen)
    extremes = torch.tensor([-1e4, -800.0, -37.5, -1.0, 0.5, 40.0, 800.0, 1e4], dtype=DTYPE)
    assert_same_function(fn, torch_gan_losses, [extremes, extremes[:5].flip(0)], [0, 1], gen)


# --------------------------------------------------------------------------- VAE


def icdf_reparameterize(mu, logvar, eps):
    """Oracle: the same sample by the inverse CDF, z = F⁻¹_{N(μ, σ²)}(Φ(ε))."""
    u = Normal(torch.zeros_like(eps), torch.ones_like(eps)).cdf(eps)
    return Normal(mu, torch.sqrt(torch.exp(logvar))).icdf(u)


def torch_vae_loss(x, x_recon_logits, mu, logvar):
    """Oracle: F.binary_cross_entropy_with_logits(reduction="sum")/N and the closed-form KL
    of torch.distributions between N(μ, σ²) and N(0, 1), summed over L, divided by N."""
    n = x.shape[0]
    recon = F.binary_cross_entropy_with_logits(x_recon_logits, x, reduction="sum") / n
    q = Normal(mu, torch.exp(0.5 * logvar))
    prior = Normal(torch.zeros_like(mu), torch.ones_like(mu))
    kl = kl_divergence(q, prior).sum() / n
    return recon + kl, recon, kl


def check_reparameterize(fn):
    gen = torch.Generator().manual_seed(1)
    cases = task_cases("vae", "reparameterize")
    for n, L in [(1, 1), (4, 3), (9, 5)]:
        cases.append({"mu": torch.randn(n, L, generator=gen, dtype=DTYPE),
                      "logvar": 2 * torch.rand(n, L, generator=gen, dtype=DTYPE) - 1.5,
                      "eps": torch.randn(n, L, generator=gen, dtype=DTYPE)})
    for args in cases:
        # Φ and Φ⁻¹ round-trip to ~1e-12 for |ε| ≤ 4: the task's noise stays well inside
        assert args["eps"].abs().max() < 4.5
        assert_same_function(fn, icdf_reparameterize, [args["mu"], args["logvar"], args["eps"]],
                             [0, 1, 2], gen)


def check_vae_loss(fn):
    gen = torch.Generator().manual_seed(2)
    cases = task_cases("vae", "vae_loss")
    for n, d, L, scale in [(1, 1, 1, 1.0), (6, 9, 4, 3.0), (3, 4, 2, 1e4)]:  # 1e4: stable BCE
        cases.append({"x": torch.rand(n, d, generator=gen, dtype=DTYPE),
                      "x_recon_logits": scale * torch.randn(n, d, generator=gen, dtype=DTYPE),
                      "mu": torch.randn(n, L, generator=gen, dtype=DTYPE),
                      "logvar": 2 * torch.rand(n, L, generator=gen, dtype=DTYPE) - 1.5})
    for args in cases:
        assert_same_function(fn, torch_vae_loss,
                             [args["x"], args["x_recon_logits"], args["mu"], args["logvar"]],
                             [1, 2, 3], gen)


def test_vae_gradients_are_asked_of_everything_but_the_data():
    task = BANK.tasks["vae"]
    assert task.function("vae_loss").wrt == ["x_recon_logits", "mu", "logvar"]
    assert task.function("reparameterize").wrt == ["mu", "logvar", "eps"]


# --------------------------------------------------------------------------- metrics


def brute_precision_recall_f1(y_true, y_pred, positive=1):
    """Oracle: count TP, FP, FN sample by sample in plain Python."""
    tp = fp = fn = 0
    for t, p in zip(y_true.tolist(), y_pred.tolist()):
        tp += p == positive and t == positive
        fp += p == positive and t != positive
        fn += p != positive and t == positive
    prec = tp / (tp + fp) if tp + fp else 0.0
    rec = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    return prec, rec, f1


def brute_confusion_matrix(y_true, y_pred, num_classes):
    m = [[0] * num_classes for _ in range(num_classes)]
    for t, p in zip(y_true.tolist(), y_pred.tolist()):
        m[t][p] += 1
    return torch.tensor(m, dtype=torch.int64)


def random_label_cases(gen):
    cases = []
    for n, c in [(1, 2), (2, 2), (17, 3), (64, 2), (50, 6)]:
        y_true = torch.randint(c, (n,), generator=gen)
        y_pred = torch.randint(c, (n,), generator=gen)
        cases.append((y_true, y_pred, c))
    return cases


def check_precision_recall_f1(fn):
    gen = torch.Generator().manual_seed(3)
    cases = [(a["y_true"], a["y_pred"], a.get("positive", 1))
             for a in task_cases("classification_metrics", "precision_recall_f1")]
    cases += [(t, p, pos) for t, p, c in random_label_cases(gen) for pos in range(c)]
    for y_true, y_pred, positive in cases:
        before = (y_true.clone(), y_pred.clone())
        got = fn(y_true, y_pred, positive)
        assert torch.equal(y_true, before[0]) and torch.equal(y_pred, before[1])
        want = brute_precision_recall_f1(y_true, y_pred, positive)
        assert len(got) == 3
        for g, w in zip(got, want):
            assert_close(g, w)


def check_confusion_matrix(fn):
    gen = torch.Generator().manual_seed(4)
    cases = [(a["y_true"], a["y_pred"], a["num_classes"])
             for a in task_cases("classification_metrics", "confusion_matrix")]
    cases += random_label_cases(gen)
    for y_true, y_pred, c in cases:
        got = fn(y_true, y_pred, c)
        assert got.dtype == torch.int64 and got.shape == (c, c)
        assert torch.equal(got, brute_confusion_matrix(y_true, y_pred, c))


def test_undefined_ratios_are_zero():
    none = torch.tensor([0, 0, 0])
    assert [float(v) for v in metrics.precision_recall_f1(none, none)] == [0.0, 0.0, 0.0]
    # nothing predicted positive, two positive samples: P = 0/0, R = 0/2
    assert [float(v) for v in metrics.precision_recall_f1(torch.tensor([1, 1, 0]), none)] == [0.0] * 3
    # perfect on the positives
    y = torch.tensor([1, 0, 1, 2])
    assert [float(v) for v in metrics.precision_recall_f1(y, y)] == [1.0, 1.0, 1.0]
    assert [float(v) for v in metrics.precision_recall_f1(y, y, positive=2)] == [1.0, 1.0, 1.0]


# --------------------------------------------------------------------------- ROC AUC


def brute_roc_auc(y_true, scores):
    """Oracle: every (positive, negative) pair, 1 if ordered right, ½ if tied."""
    pos = [s for s, y in zip(scores.tolist(), y_true.tolist()) if y == 1]
    neg = [s for s, y in zip(scores.tolist(), y_true.tolist()) if y == 0]
    wins = sum(1.0 if p > q else 0.5 if p == q else 0.0 for p, q in itertools.product(pos, neg))
    return wins / (len(pos) * len(neg))


def trapezoid_roc_auc(y_true, scores):
    """Oracle: the ROC curve, one point per distinct threshold (highest first), trapezoids."""
    points = [(0.0, 0.0)]
    n_pos, n_neg = int((y_true == 1).sum()), int((y_true == 0).sum())
    for t in sorted(set(scores.tolist()), reverse=True):
        called = scores >= t
        points.append((int((called & (y_true == 0)).sum()) / n_neg,
                       int((called & (y_true == 1)).sum()) / n_pos))
    return sum((x1 - x0) * (y0 + y1) / 2 for (x0, y0), (x1, y1) in zip(points, points[1:]))


def roc_cases():
    gen = torch.Generator().manual_seed(5)
    cases = [(a["y_true"], a["scores"]) for a in task_cases("roc_auc", "roc_auc")]
    for n, decimals in [(2, None), (13, 1), (40, 0), (97, None), (30, 1)]:
        y = torch.randint(2, (n,), generator=gen)
        y[0], y[1] = 0, 1  # both classes
        s = torch.randn(n, generator=gen, dtype=DTYPE)
        cases.append((y, s if decimals is None else torch.round(s, decimals=decimals)))
    return cases


def check_roc_auc(fn):
    for y_true, scores in roc_cases():
        before = (y_true.clone(), scores.clone())
        got = fn(y_true, scores)
        assert torch.equal(y_true, before[0]) and torch.equal(scores, before[1])
        assert_close(got, brute_roc_auc(y_true, scores))


def test_roc_oracles_agree_with_each_other():
    for y_true, scores in roc_cases():
        assert abs(brute_roc_auc(y_true, scores) - trapezoid_roc_auc(y_true, scores)) < 1e-12


def test_roc_auc_matches_the_sklearn_documentation_example():
    # sklearn.metrics.roc_auc_score's documented example: 0.75
    got = metrics.roc_auc(torch.tensor([0, 0, 1, 1]), torch.tensor([0.1, 0.4, 0.35, 0.8], dtype=DTYPE))
    assert_close(got, 0.75)
    tied = torch.full((5,), 0.3, dtype=DTYPE)
    assert_close(metrics.roc_auc(torch.tensor([0, 1, 1, 0, 1]), tied), 0.5)


def _sklearn_metrics():
    try:
        import sklearn.metrics as skm
    except ImportError:
        pytest.skip("scikit-learn is not installed: the comparison with sklearn.metrics was NOT "
                    "run (the brute-force oracles above still prove the references)")
    return skm


def test_metrics_match_sklearn_when_installed():
    skm = _sklearn_metrics()
    for y_true, y_pred, positive in [(a["y_true"], a["y_pred"], a.get("positive", 1)) for a in
                                     task_cases("classification_metrics", "precision_recall_f1")]:
        kw = {"labels": [positive], "average": None, "zero_division": 0}
        want = [skm.precision_score(y_true, y_pred, **kw)[0], skm.recall_score(y_true, y_pred, **kw)[0],
                skm.f1_score(y_true, y_pred, **kw)[0]]
        for g, w in zip(metrics.precision_recall_f1(y_true, y_pred, positive), want):
            assert_close(g, w)
    for a in task_cases("classification_metrics", "confusion_matrix"):
        c = a["num_classes"]
        want = skm.confusion_matrix(a["y_true"], a["y_pred"], labels=list(range(c)))
        assert torch.equal(metrics.confusion_matrix(a["y_true"], a["y_pred"], c),
                           torch.from_numpy(want).to(torch.int64))
    for y_true, scores in roc_cases():
        assert_close(metrics.roc_auc(y_true, scores), skm.roc_auc_score(y_true.numpy(), scores.numpy()))


# --------------------------------------------------------------------------- tests


def test_gan_losses():
    check_gan_losses(gan.gan_losses)


def test_reparameterize():
    check_reparameterize(vae.reparameterize)


def test_vae_loss():
    check_vae_loss(vae.vae_loss)


def test_precision_recall_f1():
    check_precision_recall_f1(metrics.precision_recall_f1)


def test_confusion_matrix():
    check_confusion_matrix(metrics.confusion_matrix)


def test_roc_auc():
    check_roc_auc(metrics.roc_auc)


def _roc_ties_as_zero(y_true, scores):
    pos, neg = scores[y_true == 1][:, None], scores[y_true == 0][None, :]
    return (pos > neg).double().mean()


def _roc_ties_as_one(y_true, scores):
    pos, neg = scores[y_true == 1][:, None], scores[y_true == 0][None, :]
    return (pos >= neg).double().mean()


def _roc_labels_inverted(y_true, scores):
    return metrics.roc_auc(1 - y_true, scores)


def _roc_per_sample_trapezoid(y_true, scores):
    order = torch.argsort(-scores, stable=True)
    y = y_true[order]
    tpr = torch.cat([torch.zeros(1, dtype=DTYPE), (y == 1).cumsum(0) / (y == 1).sum()])
    fpr = torch.cat([torch.zeros(1, dtype=DTYPE), (y == 0).cumsum(0) / (y == 0).sum()])
    return ((fpr[1:] - fpr[:-1]) * (tpr[1:] + tpr[:-1]) / 2).sum()


@pytest.mark.parametrize("mistake, check", [
    (M.gan_losses_saturating_generator, check_gan_losses),
    (M.gan_losses_d_loss_halved, check_gan_losses),
    (M.gan_losses_one_mean_over_both, check_gan_losses),
    (M.gan_losses_d_labels_swapped, check_gan_losses),
    (M.reparameterize_std_is_variance, check_reparameterize),
    (M.vae_loss_kl_without_half, check_vae_loss),
    (M.vae_loss_recon_mean_over_features, check_vae_loss),
    (M.vae_loss_kl_summed_over_batch, check_vae_loss),
    (M.vae_loss_summed_over_batch, check_vae_loss),
    (M.vae_loss_sigmoid_twice, check_vae_loss),
    (M.precision_recall_f1_swapped, check_precision_recall_f1),
    (M.precision_recall_f1_arithmetic_mean, check_precision_recall_f1),
    (M.precision_recall_f1_positive_ignored, check_precision_recall_f1),
    (M.confusion_matrix_transposed, check_confusion_matrix),
    (M.confusion_matrix_pairs_counted_once, check_confusion_matrix),
    (_roc_ties_as_zero, check_roc_auc),
    (_roc_ties_as_one, check_roc_auc),
    (_roc_labels_inverted, check_roc_auc),
    (_roc_per_sample_trapezoid, check_roc_auc),
], ids=lambda f: getattr(f, "__name__", ""))
def test_checks_reject_the_classic_mistakes(mistake, check):
    with pytest.raises(AssertionError):
        check(mistake)


def test_mistakes_are_what_they_say():
    gen = torch.Generator().manual_seed(6)
    r, f = torch.randn(5, generator=gen, dtype=DTYPE), torch.randn(3, generator=gen, dtype=DTYPE)
    d, g = gan.gan_losses(r, f)
    assert_close(M.gan_losses_d_loss_halved(r, f)[0], d / 2)
    assert_close(M.gan_losses_saturating_generator(r, f)[1], torch.log(1 - torch.sigmoid(f)).mean())
    assert_close(M.gan_losses_one_mean_over_both(r, f)[0],
                 F.binary_cross_entropy_with_logits(torch.cat([r, f]), torch.cat([torch.ones(5), torch.zeros(3)]).double()))
    assert_close(M.gan_losses_d_labels_swapped(r, f)[0], gan.gan_losses(-r, -f)[0])
    y_true, y_pred = torch.tensor([0, 1, 1, 2, 1]), torch.tensor([1, 1, 0, 1, 1])
    cm = metrics.confusion_matrix(y_true, y_pred, 3)
    assert torch.equal(M.confusion_matrix_pairs_counted_once(y_true, y_pred, 3), (cm > 0).long())
    assert int(cm[1, 1]) == 2 and int(M.confusion_matrix_pairs_counted_once(y_true, y_pred, 3)[1, 1]) == 1
