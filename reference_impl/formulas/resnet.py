"""Residual networks: parameter counts of residual blocks, gradients through identity
shortcuts, DenseNet channel growth.

Blocks follow He, Zhang, Ren & Sun, "Deep Residual Learning for Image Recognition" (CVPR
2016): every convolution has no bias and is followed by batch normalisation, which has two
learnable parameters per channel (γ, β; the running mean and variance are buffers, not
parameters). When the shortcut must change the shape (stride or channel count) it is a 1×1
convolution with that stride followed by batch normalisation ("option B"); otherwise it is the
identity, with no parameters. DenseNet: Huang, Liu, van der Maaten & Weinberger, "Densely
Connected Convolutional Networks" (CVPR 2017).
"""

from __future__ import annotations


def _conv_bn(c_in: int, c_out: int, k: int) -> int:
    return c_in * c_out * k * k + 2 * c_out


def basic_block_params(c_in: int, c_out: int, stride: int) -> dict:
    """3×3 conv–BN–ReLU–3×3 conv–BN, plus a 1×1 conv–BN projection when the shape changes."""
    if c_in < 1 or c_out < 1 or stride < 1:
        raise ValueError("channels and stride must be positive")
    if c_out < c_in:
        raise ValueError("ResNet blocks never reduce the channel count")
    branch = _conv_bn(c_in, c_out, 3) + _conv_bn(c_out, c_out, 3)
    projection = _conv_bn(c_in, c_out, 1) if (stride != 1 or c_in != c_out) else 0
    return {"answer": branch + projection, "branch": branch, "projection": projection}


def bottleneck_params(c_in: int, width: int, stride: int) -> dict:
    """1×1 (c_in→width)–BN–ReLU–3×3 (width→width, stride)–BN–ReLU–1×1 (width→4·width)–BN,
    plus a 1×1 conv–BN projection when c_in ≠ 4·width or stride ≠ 1."""
    if c_in < 1 or width < 1 or stride < 1:
        raise ValueError("channels and stride must be positive")
    c_out = 4 * width
    if c_out < c_in:
        raise ValueError("ResNet blocks never reduce the channel count")
    branch = _conv_bn(c_in, width, 1) + _conv_bn(width, width, 3) + _conv_bn(width, c_out, 1)
    projection = _conv_bn(c_in, c_out, 1) if (stride != 1 or c_in != c_out) else 0
    return {"answer": branch + projection, "branch": branch, "projection": projection,
            "c_out": c_out}


def residual_gradient(a: float, blocks: int) -> dict:
    """d y / d x through `blocks` scalar residual blocks y = x + a·x: (1 + a)^L, against a^L
    for the same branches without shortcuts. Expanding (1 + a)^L counts every path through the
    network; the term 1 is the path through the identity shortcuts alone."""
    if blocks < 1:
        raise ValueError("need at least one block")
    return {"answer": (1 + a) ** blocks, "plain": f"{a ** blocks:.3g}"}


def densenet_channels(k0: int, growth: int, layers: int) -> dict:
    """Channels leaving a dense block: its input k0 concatenated with the `growth` new
    feature maps of each of its L layers, k0 + L·growth; layer l reads k0 + (l − 1)·growth."""
    if min(k0, growth, layers) < 1:
        raise ValueError("all counts must be positive")
    return {"answer": k0 + layers * growth, "last_in": k0 + (layers - 1) * growth}


def short_path_fraction(n: int, k: int) -> dict:
    """Veit et al., "Residual Networks Behave Like Ensembles of Relatively Shallow Networks"
    (2016): unrolling n residual blocks gives 2^n paths, one per subset of blocks whose branch
    is taken; the number of paths of length j is C(n, j). Fraction of paths of length ≤ k."""
    from math import comb

    if not 0 <= k <= n:
        raise ValueError(f"path length {k} outside 0..{n}")
    short = sum(comb(n, j) for j in range(k + 1))
    if short / 2**n < 1e-3:
        raise ValueError("fraction too small to type as a decimal")
    return {"answer": short / 2**n, "mean": n / 2,
            "sd": f"{(n / 4) ** 0.5:.3g}"}
