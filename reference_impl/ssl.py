"""Self-supervised learning: SimCLR's NT-Xent (normalised temperature-scaled cross-entropy).

Math (Chen et al., 2020, SimCLR, eq. 1): the two views z1, z2 (N, D) make 2N embeddings
z = [z1; z2]. With the cosine similarity sim(i, j) = z_iᵀz_j/(‖z_i‖‖z_j‖), every embedding
i is an anchor whose positive is the other view of its sample, p(i) = (i + N) mod 2N:

    ℓ_i = −log( exp(sim(i, p(i))/τ) / Σ_{j ≠ i} exp(sim(i, j)/τ) )

The denominator runs over the 2N − 1 other embeddings (the positive among them, the anchor
itself left out), and the loss is the mean of ℓ_i over all 2N anchors. Float64 PyTorch,
differentiable with respect to z1 and z2.
"""

import torch

__all__ = ["nt_xent_loss"]


def nt_xent_loss(z1, z2, temperature=0.5):
    """SimCLR's NT-Xent loss of two batches of views, a 0-d tensor.

    Args:
        z1: (N, D) embeddings of the first views.
        z2: (N, D) embeddings of the second views; row n of z1 and of z2 come from sample n.
        temperature: τ, dividing the cosine similarities.

    Returns:
        The mean over the 2N anchors of ℓ_i above.
    """
    n = z1.shape[0]
    z = torch.cat([z1, z2], dim=0)  # (2N, D)
    u = z / z.norm(dim=1, keepdim=True)  # (2N, D), unit rows
    logits = u @ u.T / temperature  # (2N, 2N) cosine similarities / τ
    self_pair = torch.eye(2 * n, dtype=torch.bool)
    logits = logits.masked_fill(self_pair, float("-inf"))  # an anchor is not its own negative
    log_denominator = torch.logsumexp(logits, dim=1)  # (2N,) over j ≠ i
    anchor = torch.arange(2 * n)
    positive = (anchor + n) % (2 * n)  # the other view of the same sample
    return (log_denominator - logits[anchor, positive]).mean()
