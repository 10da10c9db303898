"""Known-wrong: the window is taken to span k positions whatever the dilation."""


def _pair(v):
    return (v, v) if isinstance(v, int) else tuple(v)


def conv2d_output_size(h, w, kernel_size, stride=1, padding=0, dilation=1):
    k, s, p = _pair(kernel_size), _pair(stride), _pair(padding)
    # BUG: a dilated kernel spans d*(k - 1) + 1 positions, not k
    return tuple((n + 2 * p[i] - k[i]) // s[i] + 1 for i, n in enumerate((h, w)))
