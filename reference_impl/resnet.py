"""A fully connected residual block (He et al., "Deep Residual Learning for Image
Recognition", 2016): two affine layers on the residual branch, the identity on the skip
path, and a ReLU after the sum.

Math: out = relu(x + relu(x·W1 + b1)·W2 + b2). Backward, with g = dout ⊙ 1[x + F(x) > 0]
the gradient after the final ReLU and dz1 = (g·W2ᵀ) ⊙ 1[x·W1 + b1 > 0]:
dx = g + dz1·W1ᵀ. The identity skip path hands g to x unchanged, whatever the branch does.
"""

import torch

__all__ = ["residual_block_forward"]


def residual_block_forward(x, W1, b1, W2, b2):
    """out = relu(x + relu(x @ W1 + b1) @ W2 + b2).

    Args:
        x: (N, D) inputs.
        W1, W2: (D, D) weights of the two layers of the branch.
        b1, b2: (D,) their biases.

    Returns:
        (N, D) outputs.
    """
    hidden = torch.relu(x @ W1 + b1)  # (N, D)
    branch = hidden @ W2 + b2  # (N, D), the residual F(x)
    return torch.relu(x + branch)  # (N, D)
