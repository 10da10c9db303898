"""Known-wrong: counts the steps between window positions instead of the positions."""


def _pair(v):
    return (v, v) if isinstance(v, int) else tuple(v)


def conv2d_output_size(h, w, kernel_size, stride=1, padding=0, dilation=1):
    k, s, p, d = _pair(kernel_size), _pair(stride), _pair(padding), _pair(dilation)
    # BUG: the + 1 for the first window position is missing
    return tuple((n + 2 * p[i] - d[i] * (k[i] - 1) - 1) // s[i] for i, n in enumerate((h, w)))
