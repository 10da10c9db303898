"""PyTorch oracles for reference_impl.formulas.multi_task: run the two task losses, build the
shared-trunk model and count its parameters, and take the cosine of two gradients obtained by
autograd through a shared layer."""

from __future__ import annotations

import math

import torch
import torch.nn.functional as F


def weighted_mtl_loss(p, e, w_cls, w_reg):
    logits = torch.tensor([[math.log(p), math.log(1 - p)]], dtype=torch.float64)
    ce = F.cross_entropy(logits, torch.tensor([0]))  # class 0 has probability p
    target = torch.tensor([1.5], dtype=torch.float64)
    mse = F.mse_loss(target + e, target)
    return (w_cls * ce + w_reg * mse).item()


class _HardShared(torch.nn.Module):
    def __init__(self, d, h, tasks):
        super().__init__()
        self.trunk = torch.nn.Linear(d, h)
        self.heads = torch.nn.ModuleList(torch.nn.Linear(h, 1) for _ in range(tasks))


def hard_sharing_params(d, h, tasks):
    return sum(p.numel() for p in _HardShared(d, h, tasks).parameters())


def task_gradient_cosine(a, b, c, d):
    # A shared weight w (2,) feeds both tasks; loss_k = g_k · w has gradient g_k exactly.
    w = torch.zeros(2, dtype=torch.float64, requires_grad=True)
    g1, = torch.autograd.grad(w @ torch.tensor([a, b], dtype=torch.float64), w)
    g2, = torch.autograd.grad(w @ torch.tensor([c, d], dtype=torch.float64), w)
    return F.cosine_similarity(g1, g2, dim=0).item()


ORACLES = {
    "reference_impl.formulas.multi_task.weighted_mtl_loss": weighted_mtl_loss,
    "reference_impl.formulas.multi_task.hard_sharing_params": hard_sharing_params,
    "reference_impl.formulas.multi_task.task_gradient_cosine": task_gradient_cosine,
}


def pcgrad_update_norm(a, b):
    g = torch.tensor([[a, 1.0], [b, 2.0]], dtype=torch.float64)
    out = g.clone()
    for i, j in ((0, 1), (1, 0)):
        if g[i] @ g[j] < 0:  # project out the component along the other task's gradient
            u = g[j] / g[j].norm()
            out[i] = (torch.eye(2, dtype=torch.float64) - torch.outer(u, u)) @ g[i]
    return out.sum(0).norm().item()


ORACLES["reference_impl.formulas.multi_task.pcgrad_update_norm"] = pcgrad_update_norm
