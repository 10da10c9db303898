"""PyTorch oracles for reference_impl.formulas.self_supervised: masks, cross-entropy, patching."""

from __future__ import annotations

import torch
import torch.nn.functional as F

P = "reference_impl.formulas.self_supervised."


def _positive_index(n):
    return torch.cat([torch.arange(n, 2 * n), torch.arange(n)])


def simclr_negatives(n):
    # The negative mask of common SimCLR code: drop self-similarity and the positive pair.
    mask = ~torch.eye(2 * n, dtype=torch.bool)
    mask[torch.arange(2 * n), _positive_index(n)] = False
    counts = mask.sum(dim=1)
    assert bool((counts == counts[0]).all())
    return counts[0].item()


def nt_xent(s_pos, s_neg, tau, n):
    sim = torch.full((2 * n, 2 * n), float(s_neg), dtype=torch.float64)
    pos = _positive_index(n)
    sim[torch.arange(2 * n), pos] = s_pos
    sim.fill_diagonal_(float("-inf"))
    return F.cross_entropy(sim / tau, pos).item()


def mae_visible_patches(image, patch, mask_ratio):
    embed = torch.nn.Conv2d(3, 8, patch, stride=patch, device="meta")
    x = embed(torch.zeros(1, 3, image, image, device="meta")).flatten(2).transpose(1, 2)
    n, length, dim = x.shape
    len_keep = round(length * (1 - mask_ratio))   # MAE's random_masking
    noise = torch.rand(n, length)
    ids_keep = torch.argsort(noise, dim=1)[:, :len_keep]
    kept = torch.gather(torch.zeros(n, length, dim), 1, ids_keep.unsqueeze(-1).repeat(1, 1, dim))
    return kept.shape[1]


ORACLES = {
    P + "simclr_negatives": simclr_negatives,
    P + "nt_xent": nt_xent,
    P + "mae_visible_patches": mae_visible_patches,
}


def collapsed_nt_xent(batch, tau):
    z = torch.ones(2 * batch, 8, dtype=torch.float64)  # every view mapped to the same vector
    z = F.normalize(z, dim=1)
    sim = z @ z.T / tau
    sim.fill_diagonal_(float("-inf"))  # an anchor is not its own candidate
    targets = torch.cat([torch.arange(batch, 2 * batch), torch.arange(batch)])
    return F.cross_entropy(sim, targets).item()


ORACLES[P + "collapsed_nt_xent"] = collapsed_nt_xent
