"""SimCLR's NT-Xent loss, PyTorch, from scratch (no F.cross_entropy).

Unit rows, one similarity matrix divided by τ, the diagonal masked with −inf (out of place,
`masked_fill`, so autograd keeps its graph), and the cross-entropy of each row against the
column of its positive (i + N) mod 2N, written as logsumexp minus the positive's logit.
The loss is a 0-d tensor; autograd gives its gradients with respect to z1 and z2.
"""

import torch

FRAMEWORK = "torch"


def nt_xent_loss(z1, z2, temperature=0.5):
    n = z1.shape[0]
    z = torch.cat([z1, z2], dim=0)                           # (2N, D)
    u = z / z.norm(dim=1, keepdim=True)
    logits = u @ u.T / temperature                           # (2N, 2N)
    eye = torch.eye(2 * n, dtype=torch.bool, device=z.device)
    logits = logits.masked_fill(eye, float("-inf"))
    anchors = torch.arange(2 * n, device=z.device)
    positives = (anchors + n) % (2 * n)
    return (torch.logsumexp(logits, dim=1) - logits[anchors, positives]).mean()
