"""PyTorch oracles for reference_impl.formulas.transfer_learning: freeze real modules, run BN."""

from __future__ import annotations

import torch
from torch import nn

P = "reference_impl.formulas.transfer_learning."


def trainable_after_freezing(width, frozen, classes):
    chans = [3, width, 2 * width, 4 * width, 8 * width]
    blocks = [nn.Sequential(nn.Conv2d(chans[i], chans[i + 1], 3, padding=1, bias=False,
                                      device="meta"),
                            nn.BatchNorm2d(chans[i + 1], device="meta"), nn.ReLU())
              for i in range(4)]
    model = nn.Sequential(*blocks, nn.AdaptiveAvgPool2d(1), nn.Flatten(),
                          nn.Linear(chans[-1], classes, device="meta"))
    for block in blocks[:frozen]:
        for p in block.parameters():
            p.requires_grad = False
    return sum(p.numel() for p in model.parameters() if p.requires_grad)


def bn_running_mean_drift(m0, batch_mean, steps):
    bn = nn.BatchNorm1d(1, dtype=torch.float64)
    for p in bn.parameters():
        p.requires_grad = False          # "frozen", yet still in training mode
    bn.running_mean.fill_(m0)
    bn.train()
    x = torch.tensor([[batch_mean - 1.0], [batch_mean + 1.0]], dtype=torch.float64)
    with torch.no_grad():
        for _ in range(steps):
            bn(x)
    return bn.running_mean.item()


def imagenet_normalised(pixel, channel):
    # An eval-mode BatchNorm2d with the ImageNet statistics as running stats and eps = 0
    # computes exactly (x - mean) / std per channel.
    bn = nn.BatchNorm2d(3, eps=0.0, affine=False, dtype=torch.float64).eval()
    bn.running_mean.copy_(torch.tensor([0.485, 0.456, 0.406], dtype=torch.float64))
    bn.running_var.copy_(torch.tensor([0.229, 0.224, 0.225], dtype=torch.float64) ** 2)
    img = torch.zeros(1, 3, 1, 1, dtype=torch.float64)
    img[0, channel] = pixel
    with torch.no_grad():
        return bn(img / 255)[0, channel, 0, 0].item()


ORACLES = {
    P + "trainable_after_freezing": trainable_after_freezing,
    P + "bn_running_mean_drift": bn_running_mean_drift,
    P + "imagenet_normalised": imagenet_normalised,
}


def lora_trainable_millions(d, r, layers, matrices):
    total = 0
    for _ in range(layers * matrices):
        base = nn.Linear(d, d, bias=False, device="meta").requires_grad_(False)
        lora_a = nn.Linear(d, r, bias=False, device="meta")  # A: d → r
        lora_b = nn.Linear(r, d, bias=False, device="meta")  # B: r → d, zero-initialised
        total += sum(p.numel() for m in (base, lora_a, lora_b) for p in m.parameters()
                     if p.requires_grad)
    return total / 1e6


ORACLES[P + "lora_trainable_millions"] = lora_trainable_millions
