"""Input preprocessing and augmentation arithmetic.

- Per-channel standardisation as in torchvision's `ToTensor` + `Normalize(mean, std)`:
  (v/255 − mean)/std.
- Keras `preprocess_input` in "caffe" mode (VGG16/VGG19, ResNet50): RGB → BGR, then subtract
  the ImageNet channel means [103.939, 116.779, 123.68] (B, G, R) from 0–255 values, with no
  scaling (keras.applications.imagenet_utils).
- Random crops of c×c from n×n at stride 1: (n − c + 1)² positions, doubled by horizontal flips
  (Krizhevsky et al., ImageNet Classification with Deep CNNs, 2012, §4.1).
- One-hot tensors hold one entry per token per vocabulary word; padding to the longest
  sequence adds max_len − len pad tokens per sequence.
"""

from __future__ import annotations

#: Keras "caffe"-mode channel means, in BGR order.
CAFFE_MEAN_BGR = (103.939, 116.779, 123.68)


def standardised_pixel(v: int, mean: float, std: float) -> dict:
    """(v/255 − mean)/std for an 8-bit pixel value v."""
    if not 0 <= v <= 255 or std <= 0:
        raise ValueError("v must be in [0, 255] and std positive")
    return {"answer": (v / 255 - mean) / std, "scaled": v / 255}


def caffe_first_channel(r: int, g: int, b: int) -> dict:
    """Channel 0 of Keras caffe-mode preprocess_input for the RGB pixel (r, g, b)."""
    if not all(0 <= c <= 255 for c in (r, g, b)):
        raise ValueError("8-bit values only")
    return {"answer": b - CAFFE_MEAN_BGR[0], "ch1": g - CAFFE_MEAN_BGR[1],
            "ch2": r - CAFFE_MEAN_BGR[2], "wrong_rgb": r - CAFFE_MEAN_BGR[0]}


def crops_with_flips(n: int, c: int) -> dict:
    """Distinct c×c crops (stride 1) of an n×n image, each with or without a horizontal flip."""
    if c > n or c < 1:
        raise ValueError("the crop must fit")
    crops = (n - c + 1) ** 2
    return {"answer": 2 * crops, "crops": crops, "per_axis": n - c + 1}


def one_hot_entries(b: int, l: int, v: int, d: int) -> dict:
    """Entries of the one-hot tensor (b, l, v), versus an embedding output (b, l, d)."""
    if min(b, l, v, d) < 1:
        raise ValueError("sizes must be positive")
    return {"answer": b * l * v, "embedded": b * l * d, "ratio": v / d, "table": v * d}


def pad_tokens(l1: int, l2: int, l3: int, l4: int) -> dict:
    """Pad tokens added when four sequences are padded to the longest of them."""
    lengths = (l1, l2, l3, l4)
    if min(lengths) < 1:
        raise ValueError("lengths must be positive")
    longest = max(lengths)
    return {"answer": 4 * longest - sum(lengths), "max_len": longest, "slots": 4 * longest,
            "real": sum(lengths)}


def loader_workers_needed(batch: int, decode_ms: float, step_ms: float) -> dict:
    """Fewest DataLoader workers that keep a GPU step of step_ms busy.

    Each worker builds whole batches, one example every decode_ms on its own core, so w
    workers deliver w batches per batch·decode_ms; they keep up when that is at least one
    batch per step_ms.
    """
    per_batch = batch * decode_ms
    return {"answer": -(-per_batch // step_ms), "per_batch": per_batch,
            "ratio": round(per_batch / step_ms, 4)}
