"""PyTorch oracles for reference_impl.formulas.applications: rasterize the boxes and count
pixels, run a 1×1 detection head, unfold the series, build the embedding tables."""

from __future__ import annotations

import torch


def box_iou(a, b, dx, dy):
    # Integer corners: each box covers whole unit cells, so areas are pixel counts.
    size = max(a, dx + b, dy + b) + 1
    ys, xs = torch.meshgrid(torch.arange(size), torch.arange(size), indexing="ij")
    box_a = (xs < a) & (ys < a)
    box_b = (xs >= dx) & (xs < dx + b) & (ys >= dy) & (ys < dy + b)
    inter = (box_a & box_b).sum().item()
    union = (box_a | box_b).sum().item()
    return inter / union


def yolo_output_size(S, B, C):
    head = torch.nn.Conv2d(8, 5 * B + C, kernel_size=1)
    with torch.no_grad():
        return head(torch.zeros(1, 8, S, S)).numel()


def forecast_windows(L, w, h):
    return torch.arange(L).unfold(0, w + h, 1).shape[0]


def embedding_params(users, items, d):
    tables = torch.nn.ModuleList([torch.nn.Embedding(users, d, device="meta"),
                                  torch.nn.Embedding(items, d, device="meta")])
    return sum(p.numel() for p in tables.parameters())


ORACLES = {
    "reference_impl.formulas.applications.box_iou": box_iou,
    "reference_impl.formulas.applications.yolo_output_size": yolo_output_size,
    "reference_impl.formulas.applications.forecast_windows": forecast_windows,
    "reference_impl.formulas.applications.embedding_params": embedding_params,
}


def embedding_adam_gib(rows_m, dim):
    # Measure bytes per entry on a small table after one real Adam step, then scale.
    table = torch.nn.Embedding(10, 4)
    opt = torch.optim.Adam(table.parameters())
    table(torch.tensor([1, 2])).sum().backward()
    opt.step()
    state = opt.state[table.weight]
    tensors = [table.weight, table.weight.grad, state["exp_avg"], state["exp_avg_sq"]]
    per_entry = sum(t.numel() * t.element_size() for t in tensors) / table.weight.numel()
    return per_entry * rows_m * 1e6 * dim / 2**30


ORACLES["reference_impl.formulas.applications.embedding_adam_gib"] = embedding_adam_gib
