"""Counts for BERT-style pretrained language models.

- Encoder-layer parameters follow the post-LN Transformer encoder layer of Vaswani et al.,
  "Attention Is All You Need", 2017, as implemented by PyTorch's `nn.TransformerEncoderLayer`:
  self-attention with Q, K, V and output projections (weights and biases), a two-layer
  feed-forward block d → f → d (weights and biases) and two LayerNorms with scale and shift.
- The embedding layer and the masking rule follow Devlin et al., "BERT: Pre-training of Deep
  Bidirectional Transformers for Language Understanding", 2019: token + position + segment
  embeddings summed and layer-normalised; 15% of positions are selected for prediction, of
  which 80% are replaced by [MASK], 10% by a random token and 10% left unchanged.
"""

from __future__ import annotations


def encoder_layer_params(d_model: int, nhead: int, dim_ff: int) -> dict:
    """Parameters of one Transformer encoder layer; the head count does not change them."""
    if d_model % nhead:
        raise ValueError(f"d_model {d_model} is not divisible by {nhead} heads")
    d, f = d_model, dim_ff
    attn = 3 * d * d + 3 * d + d * d + d      # packed Q/K/V projection + output projection
    ffn = d * f + f + f * d + d               # linear1 (d→f) + linear2 (f→d)
    norms = 2 * (2 * d)                       # two LayerNorms, gamma and beta each
    return {"answer": attn + ffn + norms, "attn": attn, "ffn": ffn, "norms": norms}


def bert_embedding_params(vocab: int, d_model: int, max_pos: int) -> dict:
    """Token (V×d) + learned position (P×d) + 2 segment embeddings + LayerNorm (2d)."""
    token = vocab * d_model
    position = max_pos * d_model
    segment = 2 * d_model
    norm = 2 * d_model
    return {"answer": token + position + segment + norm, "token": token,
            "position": position, "segment": segment, "norm": norm}


def mlm_expected_mask_tokens(batch: int, seq_len: int) -> dict:
    """Expected number of positions showing [MASK] under the 15% / 80-10-10 rule."""
    if batch < 1 or seq_len < 1:
        raise ValueError("batch and sequence length must be positive")
    n = batch * seq_len
    selected = 0.15 * n
    return {"answer": 0.8 * selected, "tokens": n, "selected": selected,
            "random": 0.1 * selected, "unchanged": 0.1 * selected}
