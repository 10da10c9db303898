"""One step of a long short-term memory (LSTM) cell.

Math (Hochreiter & Schmidhuber, 1997; gate layout of ``torch.nn.LSTMCell``):
[i, f, g, o] = x·Wx + h_prev·Wh + b; i, f, o = σ(·), g = tanh(·);
c = f ⊙ c_prev + i ⊙ g; h = o ⊙ tanh(c).
"""

import torch

from reference_impl.activations import sigmoid


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
