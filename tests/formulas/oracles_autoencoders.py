"""PyTorch oracles for reference_impl.formulas.autoencoders: torch.distributions and nn modules."""

from __future__ import annotations

import torch
from torch.distributions import Bernoulli, Normal, kl_divergence
from torch.distributions.transforms import AffineTransform

P = "reference_impl.formulas.autoencoders."


def vae_kl(mu, logvar, dim):
    loc = torch.full((dim,), float(mu), dtype=torch.float64)
    scale = torch.full((dim,), float(logvar), dtype=torch.float64).exp().sqrt()
    q = Normal(loc, scale)
    p = Normal(torch.zeros_like(loc), torch.ones_like(loc))
    return kl_divergence(q, p).sum().item()


def reparameterised_sample(mu, logvar, eps):
    sigma = torch.tensor(float(logvar), dtype=torch.float64).exp().sqrt()
    shift = AffineTransform(loc=torch.tensor(float(mu), dtype=torch.float64), scale=sigma)
    return shift(torch.tensor(float(eps), dtype=torch.float64)).item()


def mlp_autoencoder_params(d_in, hidden, code):
    nn = torch.nn
    model = nn.Sequential(
        nn.Linear(d_in, hidden, device="meta"), nn.ReLU(), nn.Linear(hidden, code, device="meta"),
        nn.Linear(code, hidden, device="meta"), nn.ReLU(), nn.Linear(hidden, d_in, device="meta"),
    )
    return sum(p.numel() for p in model.parameters())


def sparsity_kl(rho, rho_hat):
    t = lambda v: torch.tensor(float(v), dtype=torch.float64)
    return kl_divergence(Bernoulli(probs=t(rho)), Bernoulli(probs=t(rho_hat))).item()


ORACLES = {
    P + "vae_kl": vae_kl,
    P + "reparameterised_sample": reparameterised_sample,
    P + "mlp_autoencoder_params": mlp_autoencoder_params,
    P + "sparsity_kl": sparsity_kl,
}


def mse_effective_beta(dim, sigma):
    # The factor c with c · ∇(mean-squared error) = ∇(Gaussian NLL) is the weight the KL term
    # gets once the used loss is rescaled to the proper ELBO.
    torch.manual_seed(0)
    x = torch.rand(dim, dtype=torch.float64)
    x_hat = torch.rand(dim, dtype=torch.float64, requires_grad=True)
    (g_mse,) = torch.autograd.grad(torch.nn.functional.mse_loss(x_hat, x), x_hat)
    (g_nll,) = torch.autograd.grad(-Normal(x_hat, sigma).log_prob(x).sum(), x_hat)
    ratio = g_nll / g_mse
    assert torch.allclose(ratio, ratio[0].expand_as(ratio))
    return ratio[0].item()


ORACLES[P + "mse_effective_beta"] = mse_effective_beta
