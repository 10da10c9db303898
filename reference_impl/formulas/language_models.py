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


def gpt_param_count(vocab: int, ctx: int, d: int, layers: int) -> dict:
    """Parameters of a GPT-2-style decoder in millions: token embedding V·d, learned position
    embedding ctx·d, `layers` blocks of 12d² + 13d (attention 4d² + 4d, MLP d → 4d → d with
    biases 8d² + 5d, two LayerNorms 4d), a final LayerNorm 2d, and an output head tied to the
    token embedding (no new parameters). Radford et al., "Language Models are Unsupervised
    Multitask Learners", 2019."""
    block = 12 * d * d + 13 * d
    total = vocab * d + ctx * d + layers * block + 2 * d
    return {"answer": total / 1e6, "block": block, "emb_m": f"{(vocab * d) / 1e6:.3g}",
            "blocks_m": f"{layers * block / 1e6:.4g}"}


def training_days(n_params_b: float, tokens_b: float, gpus: int, peak_tflops: float,
                  mfu: float) -> dict:
    """Wall-clock days to train a dense decoder of N parameters on D tokens with the estimate
    C ≈ 6·N·D FLOPs (2·N·D forward, 4·N·D backward; Kaplan et al. 2020), on `gpus` devices of
    `peak_tflops` each running at model-FLOPs utilisation `mfu`."""
    if not 0 < mfu <= 1:
        raise ValueError("utilisation must be in (0, 1]")
    flops = 6 * n_params_b * 1e9 * tokens_b * 1e9
    seconds = flops / (gpus * peak_tflops * 1e12 * mfu)
    return {"answer": seconds / 86400, "zettaflops": f"{flops / 1e21:.3g}"}


def chinchilla_optimal_params(compute_e21: float) -> dict:
    """Compute-optimal model size under C = 6·N·D with the Chinchilla rule of thumb D ≈ 20·N
    tokens per parameter (Hoffmann et al. 2022): N = √(C / 120), in billions; D in billions.
    The budget C is given in units of 10^21 FLOPs."""
    if compute_e21 <= 0:
        raise ValueError("compute must be positive")
    n = (compute_e21 * 1e21 / 120) ** 0.5
    return {"answer": n / 1e9, "tokens_b": f"{20 * n / 1e9:.4g}"}
