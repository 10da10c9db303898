"""PyTorch oracles for reference_impl.formulas.language_models: build the modules and count."""

from __future__ import annotations

import torch

P = "reference_impl.formulas.language_models."


def _count(module):
    return sum(p.numel() for p in module.parameters())


def encoder_layer_params(d_model, nhead, dim_ff):
    layer = torch.nn.TransformerEncoderLayer(d_model, nhead, dim_feedforward=dim_ff,
                                             device="meta")
    return _count(layer)


def bert_embedding_params(vocab, d_model, max_pos):
    emb = torch.nn.ModuleDict({
        "word": torch.nn.Embedding(vocab, d_model, device="meta"),
        "position": torch.nn.Embedding(max_pos, d_model, device="meta"),
        "token_type": torch.nn.Embedding(2, d_model, device="meta"),
        "norm": torch.nn.LayerNorm(d_model, device="meta"),
    })
    return _count(emb)


def mlm_expected_mask_tokens(batch, seq_len):
    # The masking procedure of Hugging Face's DataCollatorForLanguageModeling, in expectation:
    # select with p = 0.15, then [MASK] with p = 0.8 among the selected positions.
    select = torch.full((batch, seq_len), 0.15, dtype=torch.float64)
    replace = torch.full((batch, seq_len), 0.8, dtype=torch.float64)
    return (select * replace).sum().item()


ORACLES = {
    P + "encoder_layer_params": encoder_layer_params,
    P + "bert_embedding_params": bert_embedding_params,
    P + "mlm_expected_mask_tokens": mlm_expected_mask_tokens,
}
