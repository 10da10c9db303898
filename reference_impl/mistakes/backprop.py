"""Classic mistakes of the backprop tasks, as code (see reference_impl/mistakes/__init__.py)."""

import torch


def _probe(f, x, i, delta):
    flat = x.detach().reshape(-1).clone()
    flat[i] += delta
    return f(flat.reshape(x.shape))


def numerical_gradient_forward(f, x, h=1e-5):
    """(f(x + h·e_i) − f(x)) / h: one-sided."""
    base = f(x.detach().clone())
    return torch.tensor([(_probe(f, x, i, h) - base) / h for i in range(x.numel())],
                        dtype=x.dtype).reshape(x.shape)


def numerical_gradient_over_h(f, x, h=1e-5):
    """(f(x + h·e_i) − f(x − h·e_i)) / h: the 2 forgotten."""
    return torch.tensor([(_probe(f, x, i, h) - _probe(f, x, i, -h)) / h for i in range(x.numel())],
                        dtype=x.dtype).reshape(x.shape)


def numerical_gradient_all_at_once(f, x, h=1e-5):
    """(f(x + h) − f(x − h)) / 2h in every entry: a directional derivative."""
    d = (f(x.detach() + h) - f(x.detach() - h)) / (2 * h)
    return torch.full_like(x, d)
