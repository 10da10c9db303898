"""Self-supervised learning counts and losses.

- SimCLR (Chen et al., "A Simple Framework for Contrastive Learning of Visual
  Representations", 2020): a batch of N images gives 2N views; for each anchor the other view
  of its image is the positive and the remaining 2N − 2 views are negatives. NT-Xent:
  ℓ = −log( exp(s_pos/τ) / Σ_{k≠anchor} exp(s_k/τ) ).
- MAE (He et al., "Masked Autoencoders Are Scalable Vision Learners", 2022): an H×H image cut
  into P×P patches gives L = (H/P)² patches; the encoder sees L·(1 − mask ratio) of them.
"""

from __future__ import annotations

import math
from fractions import Fraction


def simclr_negatives(n: int) -> dict:
    """Negatives per anchor in a SimCLR batch of n images (2n views)."""
    if n < 2:
        raise ValueError("need at least two images for any negative")
    return {"answer": 2 * n - 2, "views": 2 * n, "candidates": 2 * n - 1}


def nt_xent(s_pos: float, s_neg: float, tau: float, n: int) -> dict:
    """NT-Xent per anchor when the positive has cosine s_pos and every negative s_neg."""
    if n < 2 or tau <= 0 or not (-1 <= s_neg <= 1 and -1 <= s_pos <= 1):
        raise ValueError("invalid batch, temperature or similarity")
    negatives = 2 * n - 2
    loss = -s_pos / tau + math.log(math.exp(s_pos / tau) + negatives * math.exp(s_neg / tau))
    return {"answer": loss, "negatives": negatives, "chance": math.log(2 * n - 1)}


def mae_visible_patches(image: int, patch: int, mask_ratio: float) -> dict:
    """Patch tokens the MAE encoder processes (class token not counted)."""
    if image % patch:
        raise ValueError("the patch size must divide the image size")
    patches = (image // patch) ** 2
    keep = patches * (1 - Fraction(str(mask_ratio)))
    if keep.denominator != 1:
        raise ValueError("the mask ratio must leave a whole number of patches")
    return {"answer": int(keep), "patches": patches, "masked": patches - int(keep)}


def collapsed_nt_xent(batch: int, tau: float) -> dict:
    """NT-Xent (SimCLR) loss when the encoder has collapsed to one constant embedding: every
    cosine similarity is 1, so each anchor's softmax over its 2N − 1 candidates is uniform and
    the loss is ln(2N − 1), whatever the temperature."""
    if batch < 2 or tau <= 0:
        raise ValueError("need a batch of at least 2 and a positive temperature")
    return {"answer": math.log(2 * batch - 1), "candidates": 2 * batch - 1}
