"""PyTorch oracles for reference_impl.formulas.cnn: run the layer, read the shape or count."""

from __future__ import annotations

import torch


def conv_output_size(n, k, s=1, p=0, d=1):
    # A k×1 kernel on an n×1 input: the output height is the one-axis size, and it is fast.
    conv = torch.nn.Conv2d(1, 1, (k, 1), stride=(s, 1), padding=(p, 0), dilation=(d, 1), bias=False)
    with torch.no_grad():
        return conv(torch.zeros(1, 1, n, 1)).shape[-2]


def conv2d_param_count(c_in, c_out, k, bias=1):
    layer = torch.nn.Conv2d(c_in, c_out, k, bias=bool(bias))
    return sum(p.numel() for p in layer.parameters())


def receptive_field(layers, k, s):
    """Stack real convolutions with all-ones weights, back-propagate from the top-left output
    pixel, and measure the side of the square of input pixels it reads. The input grows until
    that square no longer touches its far border."""
    convs = [torch.nn.Conv2d(1, 1, k, stride=s, bias=False).double() for _ in range(layers)]
    with torch.no_grad():
        for c in convs:
            c.weight.fill_(1.0)
    n = 16
    while True:
        x = torch.zeros(1, 1, n, n, dtype=torch.float64, requires_grad=True)
        y = x + 1.0
        try:
            for c in convs:
                y = c(y)
        except RuntimeError:  # input too small for the stack
            n *= 2
            continue
        y[0, 0, 0, 0].backward()
        hit = x.grad[0, 0] != 0
        rows = int(hit.any(dim=1).sum())
        cols = int(hit.any(dim=0).sum())
        if rows < n:
            assert rows == cols and int(hit.sum()) == rows * cols
            return rows
        n *= 2


def depthwise_separable_params(c_in, c_out, k):
    depthwise = torch.nn.Conv2d(c_in, c_in, k, groups=c_in, bias=False)
    pointwise = torch.nn.Conv2d(c_in, c_out, 1, bias=False)
    return sum(p.numel() for m in (depthwise, pointwise) for p in m.parameters())


ORACLES = {
    "reference_impl.formulas.cnn.conv_output_size": conv_output_size,
    "reference_impl.formulas.cnn.conv2d_param_count": conv2d_param_count,
    "reference_impl.formulas.cnn.receptive_field": receptive_field,
    "reference_impl.formulas.cnn.depthwise_separable_params": depthwise_separable_params,
}
