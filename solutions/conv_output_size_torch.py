"""Output size of nn.Conv2d for a PyTorch submission: the same integer arithmetic.

Nothing here needs a tensor: the sizes are Python ints, and so are the answers. The window
of k taps with dilation d spans d·(k − 1) + 1 positions of the n + 2p padded ones, and its
start moves in steps of s, so each axis has ⌊(n + 2p − d·(k − 1) − 1)/s⌋ + 1 outputs.
"""

FRAMEWORK = "torch"


def _pair(v):
    """(h, w) from an int (both axes) or from a tuple or list."""
    return (v, v) if isinstance(v, int) else tuple(v)


def conv2d_output_size(h, w, kernel_size, stride=1, padding=0, dilation=1):
    sizes = zip((h, w), _pair(kernel_size), _pair(stride), _pair(padding), _pair(dilation))
    return tuple((n + 2 * p - d * (k - 1) - 1) // s + 1 for n, k, s, p, d in sizes)
