"""Known-wrong (PyTorch): adds the 1 before dividing, floor((L + 1)/s) instead of floor(L/s) + 1."""

FRAMEWORK = "torch"


def _pair(v):
    return (v, v) if isinstance(v, int) else tuple(v)


def conv2d_output_size(h, w, kernel_size, stride=1, padding=0, dilation=1):
    k, s, p, d = _pair(kernel_size), _pair(stride), _pair(padding), _pair(dilation)
    # BUG: (n + 2p - span + 1) // s, right only when s divides n + 2p - span + 1
    return tuple((n + 2 * p[i] - (d[i] * (k[i] - 1) + 1) + 1) // s[i] for i, n in enumerate((h, w)))
