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


def gpt_param_count(vocab, ctx, d, layers):
    nn = torch.nn
    model = nn.ModuleDict({
        "wte": nn.Embedding(vocab, d, device="meta"),
        "wpe": nn.Embedding(ctx, d, device="meta"),
        "h": nn.ModuleList(nn.TransformerEncoderLayer(d, 8, 4 * d, norm_first=True, device="meta")
                           for _ in range(layers)),
        "ln_f": nn.LayerNorm(d, device="meta"),
    })
    head = nn.Linear(d, vocab, bias=False, device="meta")
    head.weight = model["wte"].weight  # tied: the same tensor, counted once below
    params = {id(p): p for p in [*model.parameters(), *head.parameters()]}
    return sum(p.numel() for p in params.values()) / 1e6


def training_days(n_params_b, tokens_b, gpus, peak_tflops, mfu):
    from torch.utils.flop_counter import FlopCounterMode
    # Measure FLOPs per parameter per token of a bias-free linear layer, forward and backward
    # (input gradient included, as inside a deep network).
    layer = torch.nn.Linear(64, 32, bias=False)
    x = torch.randn(10, 64, requires_grad=True)
    with FlopCounterMode(display=False) as counter:
        layer(x).sum().backward()
    per_param_token = counter.get_total_flops() / (64 * 32 * 10)
    flops = per_param_token * n_params_b * 1e9 * tokens_b * 1e9
    return flops / (gpus * peak_tflops * 1e12 * mfu) / 86400


ORACLES.update({
    P + "gpt_param_count": gpt_param_count,
    P + "training_days": training_days,
})


def chinchilla_optimal_params(compute_e21):
    compute = compute_e21 * 1e21
    # Bisection on log N for the size at which the tokens the budget buys, C / (6N), are
    # 20 per parameter.
    lo, hi = torch.tensor(1.0, dtype=torch.float64), torch.tensor(1e15, dtype=torch.float64)
    for _ in range(200):
        mid = (lo * hi).sqrt()
        if compute / (6 * mid) > 20 * mid:
            lo = mid
        else:
            hi = mid
    return (lo * hi).sqrt().item() / 1e9


ORACLES[P + "chinchilla_optimal_params"] = chinchilla_optimal_params
