"""The padding argument is ignored: no zero padding and an output size computed without it."""

import numpy as np


def _output_size(size, k, stride, padding):
    return (size - k) // stride + 1


def conv2d_forward(x, w, b, stride=1, padding=0):
    n, _, h, wd = x.shape
    f, _, kh, kw = w.shape
    oh = _output_size(h, kh, stride, padding)
    ow = _output_size(wd, kw, stride, padding)
    xp = x

    out = np.zeros((n, f, oh, ow))
    for i in range(kh):
        for j in range(kw):
            patch = xp[:, :, i:i + stride * oh:stride, j:j + stride * ow:stride]
            out += np.einsum("nchw,fc->nfhw", patch, w[:, :, i, j])
    return out + b.reshape(1, f, 1, 1)


def conv2d_backward(dout, x, w, b, stride=1, padding=0):
    _, _, h, wd = x.shape
    _, _, kh, kw = w.shape
    oh, ow = dout.shape[2], dout.shape[3]
    xp = x

    dxp = np.zeros_like(xp)
    dw = np.zeros_like(w, dtype=np.float64)
    for i in range(kh):
        for j in range(kw):
            rows = slice(i, i + stride * oh, stride)
            cols = slice(j, j + stride * ow, stride)
            dw[:, :, i, j] = np.einsum("nfhw,nchw->fc", dout, xp[:, :, rows, cols])
            dxp[:, :, rows, cols] += np.einsum("nfhw,fc->nchw", dout, w[:, :, i, j])
    dx = dxp
    db = dout.sum(axis=(0, 2, 3))
    return dx, dw, db
