"""Vanilla (Elman) recurrent networks: parameter counts, gradients through time, truncated
backpropagation through time.

The recurrence is h_t = tanh(W_ih x_t + b_ih + W_hh h_{t−1} + b_hh) as in the PyTorch docs of
torch.nn.RNN, which keep two bias vectors. Gradients through time: Bengio, Simard &
Frasconi, "Learning long-term dependencies with gradient descent is difficult" (1994);
Pascanu, Mikolov & Bengio, "On the difficulty of training recurrent neural networks" (2013).
Truncated BPTT: Williams & Peng (1990); Sutskever, "Training Recurrent Neural Networks"
(PhD thesis, 2013).
"""

from __future__ import annotations


def rnn_param_count(d: int, h: int, layers: int) -> dict:
    """Parameters of torch.nn.RNN(d, h, num_layers=layers): per layer W_ih (h × input),
    W_hh (h × h), b_ih and b_hh (h each); layers after the first take h inputs."""
    if min(d, h, layers) < 1:
        raise ValueError("sizes must be positive")
    first = h * d + h * h + 2 * h
    other = h * h + h * h + 2 * h
    return {"answer": first + (layers - 1) * other, "first": first, "other": other}


def bptt_gradient_scale(w: float, steps: int) -> dict:
    """∂h_T/∂h_0 for the scalar linear recurrence h_t = w·h_{t−1} + u·x_t: the product of T
    identical Jacobians, w^T."""
    if steps < 1:
        raise ValueError("need at least one step")
    return {"answer": w ** steps}


def truncated_bptt_steps(t: int, k: int) -> int:
    """Truncated BPTT with chunks of k steps (steps 1..k, k+1..2k, ...; the hidden state is
    carried into the next chunk but detached): the loss at step t reaches the inputs of the
    steps from the start of its chunk up to t, that is ((t − 1) mod k) + 1 of them."""
    if t < 1 or k < 1:
        raise ValueError("t and k must be positive")
    return (t - 1) % k + 1


def clipped_grad_norm(a: float, b: float, max_norm: float) -> dict:
    """Norm of the first of two gradients, of norms a and b, after clipping by their global
    L2 norm as torch.nn.utils.clip_grad_norm_ does: every gradient is multiplied by
    min(1, max_norm / (total + 1e-6)), total = √(a² + b²). The direction is kept."""
    total = (a * a + b * b) ** 0.5
    coef = min(1.0, max_norm / (total + 1e-6))
    return {"answer": a * coef, "total": f"{total:.4g}", "coef": f"{coef:.4g}"}
