"""Known-wrong: the forward averages, but the backward copies dout to every input of the window
without the 1/k² factor."""

import numpy as np


def _slices(x_shape, k, stride):
    s = k if stride is None else stride
    oh, ow = (x_shape[2] - k) // s + 1, (x_shape[3] - k) // s + 1
    return (oh, ow), [(slice(u, u + s * (oh - 1) + 1, s), slice(v, v + s * (ow - 1) + 1, s))
                      for u in range(k) for v in range(k)]


def avgpool2d_forward(x, kernel_size=2, stride=None):
    (oh, ow), taps = _slices(x.shape, kernel_size, stride)
    out = np.zeros(x.shape[:2] + (oh, ow))
    for rows, cols in taps:
        out += x[:, :, rows, cols]
    return out / kernel_size ** 2


def avgpool2d_backward(dout, x, kernel_size=2, stride=None):
    _, taps = _slices(x.shape, kernel_size, stride)
    dx = np.zeros(x.shape)
    for rows, cols in taps:
        dx[:, :, rows, cols] += dout  # BUG: dout / kernel_size**2
    return dx
