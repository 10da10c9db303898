"""Affine layer out = x @ W + b in PyTorch.

W is stored (D, M) as in the contract, so this is x @ W + b (not F.linear, which expects
an (M, D) weight and computes x @ W^T). The gradients come from autograd.
"""

FRAMEWORK = "torch"


def linear_forward(x, W, b):
    return x @ W + b
