"""Classic mistakes in pooling layers and residual blocks (tasks `maxpool2d`, `avgpool2d`,
`residual_block`), written as code.

Each function has the signature of the task function it explains and computes what a
candidate with that one bug computes, in float64 PyTorch. The pooling backward mistakes
share one explicit loop over the windows (`_pool_backward`), the way candidates write it:

    for each output (i, j):  dx[:, :, s·i : s·i + k, s·j : s·j + k]  (+)=  local(i, j)

where `local` is the window's share of dout[:, :, i, j] (the one-hot mask of the maximum,
or 1/k² for the average). The residual-block mistakes share one hand-written backward
(`_residual_backward`) of out = relu(x + relu(x·W1 + b1)·W2 + b2).
"""

import torch

from reference_impl.cnn import avgpool2d_forward, maxpool2d_forward

__all__ = [
    "avgpool2d_backward_overwritten",
    "avgpool2d_forward_default_stride_one",
    "maxpool2d_backward_overwritten",
    "maxpool2d_backward_whole_window",
    "maxpool2d_forward_default_stride_one",
    "residual_block_after_activation",
    "residual_block_backward_branch_mask",
    "residual_block_backward_masks_swapped",
    "residual_block_backward_no_skip",
]


# ------------------------------------------------------------------------------ pooling


def maxpool2d_forward_default_stride_one(x, kernel_size=2, stride=None):
    """stride=None read as 1 (overlapping windows) instead of kernel_size."""
    return maxpool2d_forward(x, kernel_size, 1 if stride is None else stride)


def avgpool2d_forward_default_stride_one(x, kernel_size=2, stride=None):
    """stride=None read as 1 (overlapping windows) instead of kernel_size."""
    return avgpool2d_forward(x, kernel_size, 1 if stride is None else stride)


def _pool_backward(dout, x, kernel_size, stride, local, *, accumulate=True):
    """dx of a k×k pooling whose window (i, j) passes local(window, dout[:, :, i, j]) back.

    With accumulate=False each window's share is assigned, so that where windows overlap
    (stride < kernel_size) the later window (in row-major order) erases the earlier ones.
    """
    k, s = kernel_size, kernel_size if stride is None else stride
    dx = torch.zeros_like(x)  # (N, C, H, W)
    _, _, oh, ow = dout.shape
    for i in range(oh):
        for j in range(ow):
            rows, cols = slice(s * i, s * i + k), slice(s * j, s * j + k)
            share = local(x[:, :, rows, cols], dout[:, :, i, j, None, None])  # (N, C, k, k)
            dx[:, :, rows, cols] = dx[:, :, rows, cols] + share if accumulate else share
    return dx


def _max_mask(window):
    """One-hot (N, C, k, k) mask of each window's maximum (inputs have no ties)."""
    return (window == window.amax(dim=(2, 3), keepdim=True)).to(window.dtype)


def maxpool2d_backward_whole_window(dout, x, kernel_size=2, stride=None):
    """Every element of a window receives the window's whole upstream gradient, not only its maximum."""
    return _pool_backward(dout, x, kernel_size, stride, lambda win, g: g.expand_as(win))


def maxpool2d_backward_overwritten(dout, x, kernel_size=2, stride=None):
    """dx[window] = mask·dout instead of +=: overlapping windows erase each other's gradients."""
    return _pool_backward(dout, x, kernel_size, stride, lambda win, g: _max_mask(win) * g,
                          accumulate=False)


def avgpool2d_backward_overwritten(dout, x, kernel_size=2, stride=None):
    """dx[window] = dout/k² instead of +=: overlapping windows erase each other's gradients."""
    return _pool_backward(dout, x, kernel_size, stride,
                          lambda win, g: g.expand_as(win) / kernel_size ** 2, accumulate=False)


# ------------------------------------------------------------------------------ residual block


def residual_block_after_activation(x, W1, b1, W2, b2):
    """The skip connection added after the final ReLU: relu(F(x)) + x instead of relu(x + F(x))."""
    return torch.relu(torch.relu(x @ W1 + b1) @ W2 + b2) + x  # (N, D)


def _residual_backward(dout, x, W1, b1, W2, b2, *, skip=True, out_mask="sum",
                       hidden_mask="hidden"):
    """Backward of relu(x + relu(x·W1 + b1)·W2 + b2) with one slip switched on or off.

    out_mask: which pre-activation gates the final ReLU ("sum" = x + F(x), right; "branch" =
    F(x) alone; "hidden" = x·W1 + b1). hidden_mask: the same for the inner ReLU ("hidden",
    right, or "sum").
    """
    z1 = x @ W1 + b1  # (N, D)
    h = torch.relu(z1)  # (N, D)
    branch = h @ W2 + b2  # (N, D)
    z2 = x + branch  # (N, D)
    pre = {"sum": z2, "branch": branch, "hidden": z1}
    g = dout * (pre[out_mask] > 0)  # (N, D), gradient at z2
    dh = g @ W2.T  # (N, D)
    dz1 = dh * (pre[hidden_mask] > 0)  # (N, D)
    dx = dz1 @ W1.T + (g if skip else 0)  # (N, D)
    return dx, x.T @ dz1, dz1.sum(dim=0), h.T @ g, g.sum(dim=0)


def residual_block_backward_no_skip(dout, x, W1, b1, W2, b2):
    """dx = dz1·W1ᵀ only: the gradient g that the identity path hands to x is dropped."""
    return _residual_backward(dout, x, W1, b1, W2, b2, skip=False)


def residual_block_backward_masks_swapped(dout, x, W1, b1, W2, b2):
    """The two ReLU masks swapped: the final ReLU gated by x·W1 + b1 > 0, the inner one by x + F(x) > 0."""
    return _residual_backward(dout, x, W1, b1, W2, b2, out_mask="hidden", hidden_mask="sum")


def residual_block_backward_branch_mask(dout, x, W1, b1, W2, b2):
    """The final ReLU gated by F(x) > 0 (the branch alone) instead of x + F(x) > 0."""
    return _residual_backward(dout, x, W1, b1, W2, b2, out_mask="branch")
