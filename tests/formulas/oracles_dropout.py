"""PyTorch oracles for reference_impl.formulas.dropout: run F.dropout, use torch.distributions."""

from __future__ import annotations

import torch
import torch.nn.functional as F

D = torch.float64


def inverted_scaled_value(x, p):
    with torch.random.fork_rng():
        torch.manual_seed(0)
        out = F.dropout(torch.full((512,), float(x), dtype=D), p=p, training=True)
    kept = out[out != 0]
    return kept[0].item()


def expected_kept(n, p):
    binom = torch.distributions.Binomial(n, probs=torch.tensor(1 - p, dtype=D))
    k = torch.arange(n + 1, dtype=D)
    return (k * binom.log_prob(k).exp()).sum().item()


def output_variance(x, p):
    mask = torch.distributions.Bernoulli(probs=torch.tensor(1 - p, dtype=D))
    outcomes = torch.tensor([0.0, 1.0], dtype=D)
    probs = mask.log_prob(outcomes).exp()
    values = outcomes * x / (1 - p)
    mean = (probs * values).sum()
    return (probs * (values - mean) ** 2).sum().item()


_M = "reference_impl.formulas.dropout."
ORACLES = {_M + f.__name__: f for f in (inverted_scaled_value, expected_kept, output_variance)}
