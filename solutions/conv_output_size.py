"""Output size of nn.Conv2d, one axis at a time.

After padding an axis has n + 2p positions; a kernel of k taps with dilation d spans
d·(k − 1) + 1 of them, so its first tap can start at 0, s, 2s, ... up to
L = n + 2p − d·(k − 1) − 1, which is ⌊L/s⌋ + 1 positions.
"""


def _pair(v):
    """An int means the same value on both axes; a pair (tuple or list) is (h, w)."""
    if isinstance(v, int):
        return v, v
    h, w = v
    return int(h), int(w)


def _length(n, k, s, p, d):
    span = d * (k - 1) + 1  # input positions one window covers
    return (n + 2 * p - span) // s + 1


def conv2d_output_size(h, w, kernel_size, stride=1, padding=0, dilation=1):
    k, s, p, d = _pair(kernel_size), _pair(stride), _pair(padding), _pair(dilation)
    return (_length(h, k[0], s[0], p[0], d[0]),
            _length(w, k[1], s[1], p[1], d[1]))
