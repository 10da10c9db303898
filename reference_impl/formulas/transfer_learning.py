"""Transfer-learning arithmetic.

- Trainable parameters after freezing: a Conv2d(c_in, c_out, 3, bias=False) has 9·c_in·c_out
  weights, a BatchNorm2d(c) has 2c learnable parameters (γ, β; its running statistics are
  buffers, not parameters), a Linear(n_in, n_out) has n_in·n_out + n_out (PyTorch docs:
  torch.nn.Conv2d, torch.nn.BatchNorm2d, torch.nn.Linear).
- BatchNorm running statistics in training mode (PyTorch docs: torch.nn.BatchNorm1d):
  running_mean ← (1 − momentum)·running_mean + momentum·batch_mean, momentum = 0.1,
  whatever `requires_grad` says.
- ImageNet preprocessing used by torchvision's pretrained weights: x/255, then per-channel
  (x − mean)/std with mean (0.485, 0.456, 0.406) and std (0.229, 0.224, 0.225).
"""

from __future__ import annotations

IMAGENET_MEAN = (0.485, 0.456, 0.406)
IMAGENET_STD = (0.229, 0.224, 0.225)


def trainable_after_freezing(width: int, frozen: int, classes: int) -> dict:
    """Four conv blocks 3→w→2w→4w→8w (3×3 conv without bias + BatchNorm2d), global
    average pooling and a Linear(8w, classes) head; the first `frozen` blocks are frozen."""
    if not 0 <= frozen <= 4:
        raise ValueError("there are four blocks")
    chans = [3, width, 2 * width, 4 * width, 8 * width]
    blocks = [9 * chans[i] * chans[i + 1] + 2 * chans[i + 1] for i in range(4)]
    head = chans[-1] * classes + classes
    trainable = sum(blocks[frozen:]) + head
    return {"answer": trainable, "total": sum(blocks) + head, "head": head,
            "frozen_count": sum(blocks[:frozen])}


def bn_running_mean_drift(m0: float, batch_mean: float, steps: int) -> dict:
    """Running mean after `steps` training-mode forward passes on batches of mean `batch_mean`."""
    if steps < 0:
        raise ValueError("steps must be non-negative")
    keep = 0.9 ** steps
    return {"answer": batch_mean + (m0 - batch_mean) * keep, "keep": keep}


def imagenet_normalised(pixel: int, channel: int) -> dict:
    """(pixel/255 − mean_c) / std_c for an 8-bit pixel value of channel c (0 R, 1 G, 2 B)."""
    if channel not in (0, 1, 2) or not 0 <= pixel <= 255:
        raise ValueError("channel is 0, 1 or 2 and the pixel is 0..255")
    mean, std = IMAGENET_MEAN[channel], IMAGENET_STD[channel]
    x = pixel / 255
    return {"answer": (x - mean) / std, "scaled": x, "mean": mean, "std": std}


def lora_trainable_millions(d: int, r: int, layers: int, matrices: int) -> dict:
    """Trainable parameters of LoRA (Hu et al. 2021) adapting `matrices` of the d × d attention
    projections in each of `layers` blocks with rank r: each adapted W gets B (d × r) and
    A (r × d), 2·d·r parameters, in millions; and their share of a 12·d²-per-block model."""
    if r > d:
        raise ValueError("rank larger than the width")
    trainable = layers * matrices * 2 * d * r
    return {"answer": trainable / 1e6,
            "share": f"{100 * trainable / (12 * d * d * layers):.3g}",
            "full_m": f"{layers * matrices * d * d / 1e6:.4g}"}
