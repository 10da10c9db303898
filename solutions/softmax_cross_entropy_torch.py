"""Mean softmax cross-entropy in PyTorch, returning the gradient as a value.

log_softmax is computed as logits - logsumexp(logits), which is stable for huge logits.
The loss stays a differentiable 0-d tensor; the gradient (softmax - one_hot) / N is
computed from detached values, so it is plain data on the input's device and dtype.
"""

import torch
import torch.nn.functional as F

FRAMEWORK = "torch"


def softmax_cross_entropy(logits, labels):
    n, num_classes = logits.shape
    log_probs = logits - torch.logsumexp(logits, dim=1, keepdim=True)
    loss = -log_probs.gather(1, labels.unsqueeze(1)).mean()

    one_hot = F.one_hot(labels, num_classes).to(logits.dtype)
    dlogits = (log_probs.detach().exp() - one_hot) / n
    return loss, dlogits
