"""Classic mistakes in the GAN losses, the VAE and the classification metrics, written as code.

Each function has the signature of the task function it explains (`gan_losses`,
`reparameterize`, `vae_loss`, `precision_recall_f1`, `confusion_matrix`) and computes what
the bug computes. The right formulas are in `reference_impl.gan`, `reference_impl.vae` and
`reference_impl.metrics`:

    d_loss = BCE(real, 1) + BCE(fake, 0),  g_loss = BCE(fake, 1)     (means over each batch)
    z = μ + exp(½·log σ²)·ε
    recon = Σ_d BCE(ℓ, x) averaged over N,  kl = −½·Σ_j (1 + log σ² − μ² − σ²) averaged over N
    P = TP/(TP + FP),  R = TP/(TP + FN),  F1 = 2PR/(P + R),  M[true, predicted]
"""

import torch

from reference_impl.gan import gan_losses
from reference_impl.metrics import confusion_matrix, precision_recall_f1
from reference_impl.vae import vae_loss

__all__ = [
    "gan_losses_saturating_generator",
    "gan_losses_d_loss_halved",
    "gan_losses_one_mean_over_both",
    "gan_losses_d_labels_swapped",
    "reparameterize_std_is_variance",
    "vae_loss_kl_without_half",
    "vae_loss_recon_mean_over_features",
    "vae_loss_kl_summed_over_batch",
    "vae_loss_summed_over_batch",
    "vae_loss_sigmoid_twice",
    "precision_recall_f1_swapped",
    "precision_recall_f1_arithmetic_mean",
    "precision_recall_f1_positive_ignored",
    "confusion_matrix_transposed",
    "confusion_matrix_pairs_counted_once",
]


def _softplus(z):
    """log(1 + e^z), stable: max(z, 0) + log(1 + e^{−|z|})."""
    return z.clamp(min=0) + torch.log1p(torch.exp(-z.abs()))


# ------------------------------------------------------------------------------ GAN
def gan_losses_saturating_generator(d_real_logits, d_fake_logits):
    """The generator minimises the minimax term log(1 − D(G(z))) = −softplus(fake) itself."""
    d_loss, _ = gan_losses(d_real_logits, d_fake_logits)
    return d_loss, -_softplus(d_fake_logits).mean()


def gan_losses_d_loss_halved(d_real_logits, d_fake_logits):
    """d_loss = ½·(BCE(real, 1) + BCE(fake, 0)): the two terms averaged, not summed."""
    d_loss, g_loss = gan_losses(d_real_logits, d_fake_logits)
    return d_loss / 2, g_loss


def gan_losses_one_mean_over_both(d_real_logits, d_fake_logits):
    """d_loss as one mean over the real and fake logits concatenated (targets 1 and 0):
    (n_r·BCE(real, 1) + n_f·BCE(fake, 0))/(n_r + n_f) instead of the sum of the two means."""
    _, g_loss = gan_losses(d_real_logits, d_fake_logits)
    terms = torch.cat([_softplus(-d_real_logits).reshape(-1), _softplus(d_fake_logits).reshape(-1)])
    return terms.mean(), g_loss


def gan_losses_d_labels_swapped(d_real_logits, d_fake_logits):
    """The discriminator's targets swapped: BCE(real, 0) + BCE(fake, 1)."""
    _, g_loss = gan_losses(d_real_logits, d_fake_logits)
    # BCE(z, 0) = softplus(z), BCE(z, 1) = softplus(−z)
    return _softplus(d_real_logits).mean() + _softplus(-d_fake_logits).mean(), g_loss


# ------------------------------------------------------------------------------ VAE
def reparameterize_std_is_variance(mu, logvar, eps):
    """z = μ + exp(log σ²)·ε: the variance σ² used as the standard deviation."""
    return mu + torch.exp(logvar) * eps


def vae_loss_kl_without_half(x, x_recon_logits, mu, logvar):
    """kl = −Σ(1 + log σ² − μ² − σ²) without the ½: twice the KL."""
    _, recon, kl = vae_loss(x, x_recon_logits, mu, logvar)
    return recon + 2 * kl, recon, 2 * kl


def vae_loss_recon_mean_over_features(x, x_recon_logits, mu, logvar):
    """recon averaged over all N·D elements (F.binary_cross_entropy_with_logits' default
    mean), not summed over the D features: D times too small next to the KL."""
    _, recon, kl = vae_loss(x, x_recon_logits, mu, logvar)
    recon = recon / x.shape[1]
    return recon + kl, recon, kl


def vae_loss_kl_summed_over_batch(x, x_recon_logits, mu, logvar):
    """kl summed over the batch as well as over the latent dimensions: N times too large."""
    _, recon, kl = vae_loss(x, x_recon_logits, mu, logvar)
    kl = kl * x.shape[0]
    return recon + kl, recon, kl


def vae_loss_summed_over_batch(x, x_recon_logits, mu, logvar):
    """recon and kl both summed over the batch (reduction="sum" without dividing by N)."""
    n = x.shape[0]
    loss, recon, kl = vae_loss(x, x_recon_logits, mu, logvar)
    return loss * n, recon * n, kl * n


def vae_loss_sigmoid_twice(x, x_recon_logits, mu, logvar):
    """The sigmoid applied before a loss that applies it again: BCE-with-logits of σ(ℓ)."""
    return vae_loss(x, torch.sigmoid(x_recon_logits), mu, logvar)


# ------------------------------------------------------------------------------ metrics
def precision_recall_f1_swapped(y_true, y_pred, positive=1):
    """Precision and recall swapped: TP/(TP + FN) returned as precision, TP/(TP + FP) as recall."""
    p, r, f1 = precision_recall_f1(y_true, y_pred, positive)
    return r, p, f1


def precision_recall_f1_arithmetic_mean(y_true, y_pred, positive=1):
    """F1 as the arithmetic mean (P + R)/2 instead of the harmonic mean 2PR/(P + R)."""
    p, r, _ = precision_recall_f1(y_true, y_pred, positive)
    return p, r, (p + r) / 2


def precision_recall_f1_positive_ignored(y_true, y_pred, positive=1):
    """The class 1 counted as positive whatever `positive` says."""
    return precision_recall_f1(y_true, y_pred, 1)


def confusion_matrix_transposed(y_true, y_pred, num_classes):
    """Rows indexed by the predicted class and columns by the true one."""
    return confusion_matrix(y_true, y_pred, num_classes).T


def confusion_matrix_pairs_counted_once(y_true, y_pred, num_classes):
    """NumPy's `M[y_true, y_pred] += 1`: a fancy-index increment writes each cell once, so
    every (true, predicted) pair that occurs counts 1, however often it occurs."""
    return (confusion_matrix(y_true, y_pred, num_classes) > 0).to(torch.int64)


def _pair_auc(y_true, scores, tie):
    """Share of (positive, negative) pairs ordered right, a tie counting `tie`."""
    pos, neg = scores[y_true == 1], scores[y_true != 1]
    diff = pos[:, None] - neg[None, :]  # (P, N)
    wins = (diff > 0).to(torch.float64) + tie * (diff == 0).to(torch.float64)
    return wins.mean()


def roc_auc_ties_as_zero(y_true, scores):
    """Pairs counted with s_pos > s_neg only: a tie counts 0."""
    return _pair_auc(y_true, scores, 0.0)


def roc_auc_ties_as_one(y_true, scores):
    """Pairs counted with s_pos >= s_neg: a tie counts 1."""
    return _pair_auc(y_true, scores, 1.0)


def roc_auc_labels_inverted(y_true, scores):
    """Class 0 taken as the positive class: 1 − AUC."""
    return _pair_auc(1 - y_true, scores, 0.5)
