"""PyTorch oracles for reference_impl.formulas.gradient_flow: differentiate the network with
autograd, or clip real gradients with torch.nn.utils.clip_grad_norm_."""

from __future__ import annotations

import torch


def sigmoid_chain_bound(L, w):
    # The bound is attained when every pre-activation sits at 0, where σ' = 1/4: choose each
    # bias so that w·h + b = 0 at the current value of h (b is a constant, hence detached).
    h0 = torch.tensor(0.3, dtype=torch.float64, requires_grad=True)
    h = h0
    for _ in range(L):
        b = -(w * h).detach()
        h = torch.sigmoid(w * h + b)
    (grad,) = torch.autograd.grad(h, h0)
    return abs(grad.item())


_Q = torch.linalg.qr(torch.randn(4, 4, dtype=torch.float64,
                                 generator=torch.Generator().manual_seed(0)))[0]


def rnn_jacobian_norm(rho, k):
    W = rho * _Q
    U = torch.ones(4, 1, dtype=torch.float64)
    xs = torch.linspace(-1, 1, k, dtype=torch.float64)

    def unroll(h0):
        h = h0
        for t in range(k):
            h = W @ h + U[:, 0] * xs[t]
        return h

    J = torch.autograd.functional.jacobian(unroll, torch.zeros(4, dtype=torch.float64))
    return torch.linalg.matrix_norm(J, ord=2).item()


def clipped_component(a, b, c, max_norm):
    p1 = torch.zeros(2, dtype=torch.float64, requires_grad=True)
    p2 = torch.zeros(1, dtype=torch.float64, requires_grad=True)
    p1.grad = torch.tensor([a, b], dtype=torch.float64)
    p2.grad = torch.tensor([c], dtype=torch.float64)
    torch.nn.utils.clip_grad_norm_([p1, p2], max_norm=max_norm)
    return p1.grad[0].item()


def low_precision_zero_depth(j, mbits):
    dtype = {7: torch.bfloat16, 10: torch.float16}[mbits]
    g = torch.ones((), dtype=dtype)
    factor = 2.0**-j
    layers = 0
    while g.item() != 0:
        g = g * factor  # the local derivative of each layer, applied in the format itself
        layers += 1
    return layers


ORACLES = {
    "reference_impl.formulas.gradient_flow.sigmoid_chain_bound": sigmoid_chain_bound,
    "reference_impl.formulas.gradient_flow.rnn_jacobian_norm": rnn_jacobian_norm,
    "reference_impl.formulas.gradient_flow.clipped_component": clipped_component,
    "reference_impl.formulas.gradient_flow.low_precision_zero_depth": low_precision_zero_depth,
}
