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


def dilated_receptive_field(layers, k):
    # Length-1 output of a stack of dilated Conv1d with positive weights: the input positions
    # with a non-zero gradient are its receptive field.
    convs = [torch.nn.Conv1d(1, 1, k, dilation=2**i, bias=False) for i in range(layers)]
    for c in convs:
        torch.nn.init.constant_(c.weight, 1.0)
    n = 1 + (k - 1) * (2**layers - 1)
    x = torch.zeros(1, 1, 3 * n, requires_grad=True)
    y = x
    for c in convs:
        y = c(y)
    y[0, 0, y.shape[-1] // 2].backward()
    return int((x.grad != 0).sum())


def separable_mac_ratio(c_in, c_out, k, hw):
    from torch.utils.flop_counter import FlopCounterMode
    x = torch.empty(1, c_in, hw, hw, device="meta")
    std = torch.nn.Conv2d(c_in, c_out, k, padding=k // 2, bias=False, device="meta")
    dw = torch.nn.Conv2d(c_in, c_in, k, padding=k // 2, groups=c_in, bias=False, device="meta")
    pw = torch.nn.Conv2d(c_in, c_out, 1, bias=False, device="meta")
    with FlopCounterMode(display=False) as a:
        std(x)
    with FlopCounterMode(display=False) as b:
        pw(dw(x))
    return a.get_total_flops() / b.get_total_flops()


ORACLES.update({
    "reference_impl.formulas.cnn.dilated_receptive_field": dilated_receptive_field,
    "reference_impl.formulas.cnn.separable_mac_ratio": separable_mac_ratio,
})
