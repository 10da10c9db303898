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
    # Run the masking procedure (select with u < 0.15; among the selected, [MASK] for
    # r < 0.8, a random token for 0.8 <= r < 0.9, unchanged otherwise) on a stratified grid of
    # the two uniform draws, u and r at the midpoints of 100 equal cells each: the fraction of
    # grid points that end up as [MASK] is the exact per-position probability.
    mask_id, k = 103, 100
    mid = (torch.arange(k, dtype=torch.float64) + 0.5) / k
    u, r = torch.meshgrid(mid, mid, indexing="ij")
    input_ids = torch.full((k, k), 7)
    selected = u < 0.15
    inputs = input_ids.clone()
    inputs[selected & (r < 0.8)] = mask_id
    inputs[selected & (r >= 0.8) & (r < 0.9)] = 42
    p_mask = (inputs == mask_id).sum().item() / inputs.numel()
    return p_mask * torch.ones(batch, seq_len, dtype=torch.float64).sum().item()


ORACLES = {
    P + "encoder_layer_params": encoder_layer_params,
    P + "bert_embedding_params": bert_embedding_params,
    P + "mlm_expected_mask_tokens": mlm_expected_mask_tokens,
}
