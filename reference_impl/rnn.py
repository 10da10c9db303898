"""Recurrent layers: a vanilla tanh RNN over a sequence, the LSTM cell and the LSTM over a
sequence, and the GRU cell, with the weight layouts of ``torch.nn.RNN``, ``nn.LSTMCell``,
``nn.LSTM`` and ``nn.GRUCell`` (weights stored transposed: x·Wx instead of W_ih·x).

Math:
- RNN (Elman, 1990): h_t = tanh(x_t·Wx + h_{t−1}·Wh + b).
- LSTM (Hochreiter & Schmidhuber, 1997): [i, f, g, o] = x·Wx + h_prev·Wh + b;
  i, f, o = σ(·), g = tanh(·); c = f ⊙ c_prev + i ⊙ g; h = o ⊙ tanh(c).
- GRU (Cho et al., 2014, PyTorch's variant): [r, z, n] blocks; r = σ(x·Wx_r + bx_r + h·Wh_r + bh_r),
  z likewise; n = tanh(x·Wx_n + bx_n + r ⊙ (h·Wh_n + bh_n)); h' = (1 − z) ⊙ n + z ⊙ h.
"""

import torch

from reference_impl.activations import sigmoid

__all__ = ["gru_cell_forward", "lstm_cell_forward", "lstm_forward", "rnn_forward"]


def lstm_cell_forward(x, h_prev, c_prev, Wx, Wh, b):
    """One LSTM step; same as ``torch.nn.LSTMCell`` with weight_ih = Wxᵀ, weight_hh = Whᵀ.

    Args:
        x: (N, D) inputs.
        h_prev: (N, H) previous hidden state.
        c_prev: (N, H) previous cell state.
        Wx: (D, 4H) input weights, gate blocks in the order i, f, g, o.
        Wh: (H, 4H) recurrent weights, same block order.
        b: (4H,) bias (PyTorch's bias_ih + bias_hh).

    Returns:
        ``(h, c)``, each (N, H).
    """
    gates = x @ Wx + h_prev @ Wh + b  # (N, 4H)
    a_i, a_f, a_g, a_o = gates.chunk(4, dim=1)  # each (N, H)
    i, f, o = sigmoid(a_i), sigmoid(a_f), sigmoid(a_o)
    g = torch.tanh(a_g)
    c = f * c_prev + i * g  # (N, H)
    h = o * torch.tanh(c)  # (N, H)
    return h, c


def lstm_forward(x, h0, c0, Wx, Wh, b):
    """An LSTM over a sequence; same as ``torch.nn.LSTM(batch_first=True)`` with one layer,
    weight_ih_l0 = Wxᵀ, weight_hh_l0 = Whᵀ and bias_ih_l0 + bias_hh_l0 = b.

    The cell of ``lstm_cell_forward`` is applied at t = 1, …, T, each step taking the h and
    c of the step before (h0, c0 at the first).

    Args:
        x: (N, T, D) inputs, batch first; T ≥ 1.
        h0: (N, H) initial hidden state.
        c0: (N, H) initial cell state.
        Wx: (D, 4H) input weights, gate blocks i, f, g, o.
        Wh: (H, 4H) recurrent weights, same block order.
        b: (4H,) bias.

    Returns:
        ``(hs, h_T, c_T)``: hs (N, T, H) the hidden state of every step; h_T and c_T (N, H)
        the states after the last step (h_T equals hs[:, -1]).
    """
    h, c = h0, c0  # (N, H) each
    hs = []
    for t in range(x.shape[1]):
        h, c = lstm_cell_forward(x[:, t], h, c, Wx, Wh, b)  # x[:, t] (N, D)
        hs.append(h)
    return torch.stack(hs, dim=1), h, c  # (N, T, H), (N, H), (N, H)


def rnn_forward(x, h0, Wx, Wh, b):
    """A vanilla tanh RNN over a sequence; same as ``torch.nn.RNN(batch_first=True)`` with
    one layer, weight_ih_l0 = Wxᵀ, weight_hh_l0 = Whᵀ and bias_ih_l0 + bias_hh_l0 = b.

    h_t = tanh(x_t·Wx + h_{t−1}·Wh + b), t = 1, …, T. Backpropagation through time is
    autograd through this loop: dh_{t−1} = (dh_t ⊙ (1 − h_t²))·Whᵀ plus the upstream
    gradient of hs at step t − 1.

    Args:
        x: (N, T, D) inputs, batch first; T ≥ 1.
        h0: (N, H) initial hidden state.
        Wx: (D, H) input weights.
        Wh: (H, H) recurrent weights.
        b: (H,) bias.

    Returns:
        hs: (N, T, H), the hidden states h_1, …, h_T (h0 is not included).
    """
    h = h0  # (N, H)
    hs = []
    for t in range(x.shape[1]):
        h = torch.tanh(x[:, t] @ Wx + h @ Wh + b)  # (N, D)·(D, H) + (N, H)·(H, H) + (H,)
        hs.append(h)
    return torch.stack(hs, dim=1)  # (N, T, H)


def gru_cell_forward(x, h_prev, Wx, Wh, bx, bh):
    """One GRU step; same as ``torch.nn.GRUCell`` with weight_ih = Wxᵀ, weight_hh = Whᵀ,
    bias_ih = bx and bias_hh = bh.

    The reset gate scales the whole recurrent term of the candidate, bias included:
    n = tanh(x·Wx_n + bx_n + r ⊙ (h_prev·Wh_n + bh_n)), not tanh(… + (r ⊙ h_prev)·Wh_n …).
    The update gate z keeps the old state: h = (1 − z) ⊙ n + z ⊙ h_prev.

    Args:
        x: (N, D) inputs.
        h_prev: (N, H) previous hidden state.
        Wx: (D, 3H) input weights, blocks r, z, n.
        Wh: (H, 3H) recurrent weights, same block order.
        bx: (3H,) input bias (PyTorch's bias_ih).
        bh: (3H,) recurrent bias (PyTorch's bias_hh); its n block sits inside r ⊙ (·).

    Returns:
        h: (N, H), the new hidden state.
    """
    gx_r, gx_z, gx_n = (x @ Wx + bx).chunk(3, dim=1)  # each (N, H)
    gh_r, gh_z, gh_n = (h_prev @ Wh + bh).chunk(3, dim=1)  # each (N, H)
    r = sigmoid(gx_r + gh_r)
    z = sigmoid(gx_z + gh_z)
    n = torch.tanh(gx_n + r * gh_n)
    return (1 - z) * n + z * h_prev  # (N, H)
