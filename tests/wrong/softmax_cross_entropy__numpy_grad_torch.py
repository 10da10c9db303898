"""A PyTorch submission that returns dlogits as a NumPy array instead of a tensor."""

import torch
import torch.nn.functional as F

FRAMEWORK = "torch"


def softmax_cross_entropy(logits, labels):
    n, num_classes = logits.shape
    log_probs = logits - torch.logsumexp(logits, dim=1, keepdim=True)
    loss = -log_probs.gather(1, labels.unsqueeze(1)).mean()

    one_hot = F.one_hot(labels, num_classes).to(logits.dtype)
    dlogits = (log_probs.detach().exp() - one_hot) / n
    return loss, dlogits.cpu().numpy()
