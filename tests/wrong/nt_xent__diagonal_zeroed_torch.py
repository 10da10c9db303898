"""PyTorch: the diagonal is 'masked' by multiplying with (1 - eye), which sets those logits to 0,
not -inf: each anchor still counts exp(0) = 1 in its own denominator."""

import torch

FRAMEWORK = "torch"


def nt_xent_loss(z1, z2, temperature=0.5):
    n = z1.shape[0]
    z = torch.cat([z1, z2])
    u = z / z.norm(dim=1, keepdim=True)
    eye = torch.eye(2 * n, dtype=z.dtype, device=z.device)
    logits = (u @ u.T / temperature) * (1 - eye)
    rows = torch.arange(2 * n, device=z.device)
    return (torch.logsumexp(logits, dim=1) - logits[rows, (rows + n) % (2 * n)]).mean()
