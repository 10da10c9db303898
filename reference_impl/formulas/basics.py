r"""Deep-learning basics: a single neuron, batched forward passes and MLP parameter counts.

A neuron computes $z = w \cdot x + b$ and $a = \varphi(z)$; a fully connected layer from
$n_{in}$ to $n_{out}$ units holds an $n_{in} \times n_{out}$ weight matrix and $n_{out}$ biases,
and the batched product $X W$ with $X \in \mathbb{R}^{N\times D}$, $W \in \mathbb{R}^{D\times H}$
takes $N D H$ multiply-accumulates (Goodfellow, Bengio & Courville, *Deep Learning*, 2016,
ch. 6).
"""

from __future__ import annotations

import math


def _positive(**kw) -> None:
    for name, v in kw.items():
        if v < 1:
            raise ValueError(f"{name} must be a positive integer, got {v}")


def mlp_param_count(d: int, h1: int, h2: int, c: int) -> dict:
    """Parameters of Linear(d, h1) -> Linear(h1, h2) -> Linear(h2, c), all with biases."""
    _positive(d=d, h1=h1, h2=h2, c=c)
    layers = [(d, h1), (h1, h2), (h2, c)]
    per_layer = [i * o + o for i, o in layers]
    return {
        "answer": sum(per_layer),
        "p1": per_layer[0], "p2": per_layer[1], "p3": per_layer[2],
        "weights": sum(i * o for i, o in layers), "biases": h1 + h2 + c,
    }


def neuron_sigmoid_output(x1: float, x2: float, w1: float, w2: float, b: float) -> dict:
    """Output a = sigmoid(w1*x1 + w2*x2 + b) of a single neuron with two inputs."""
    z = w1 * x1 + w2 * x2 + b
    return {"answer": 1.0 / (1.0 + math.exp(-z)), "z": z}


def linear_layer_macs(n: int, d: int, h: int) -> dict:
    """Multiply-accumulate operations of the batched product X @ W, X: (n, d), W: (d, h)."""
    _positive(n=n, d=d, h=h)
    return {"answer": n * d * h, "outputs": n * h}
