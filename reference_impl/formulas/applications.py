"""Application-area arithmetic: box IoU for detection, the size of a YOLO-style output grid,
the number of supervised windows cut from a time series, and the size of the embedding
tables of a recommender.

Sources:
* Intersection over union of axis-aligned boxes: Everingham et al., "The PASCAL Visual Object
  Classes (VOC) Challenge", IJCV 2010.
* YOLO output: an S×S grid, each cell predicting B boxes (x, y, w, h, confidence) and C class
  probabilities, S·S·(5B + C) numbers: Redmon et al., "You Only Look Once: Unified, Real-Time
  Object Detection", CVPR 2016.
* Sliding windows with w inputs and h targets at stride 1: L − w − h + 1 windows.
* Embedding tables of a matrix-factorization / two-tower recommender: (users + items)·d
  parameters (Koren, Bell & Volinsky, "Matrix Factorization Techniques for Recommender
  Systems", IEEE Computer 2009).
"""

from __future__ import annotations


def box_iou(a: int, b: int, dx: int, dy: int) -> dict:
    """IoU of the boxes (0, 0, a, a) and (dx, dy, dx + b, dy + b), corners (x1, y1, x2, y2)."""
    if a <= 0 or b <= 0:
        raise ValueError("boxes need positive sides")
    iw = max(0, min(a, dx + b) - max(0, dx))
    ih = max(0, min(a, dy + b) - max(0, dy))
    inter = iw * ih
    union = a * a + b * b - inter
    return {"answer": inter / union, "inter": inter, "union": union, "iw": iw, "ih": ih}


def yolo_output_size(S: int, B: int, C: int) -> dict:
    """Numbers in a YOLOv1-style output: S·S cells × (5B + C)."""
    if S < 1 or B < 1 or C < 1:
        raise ValueError("bad arguments")
    per_cell = 5 * B + C
    return {"answer": S * S * per_cell, "per_cell": per_cell}


def forecast_windows(L: int, w: int, h: int) -> dict:
    """Training windows (w inputs followed by h targets) cut at stride 1 from L time steps."""
    n = L - w - h + 1
    if n < 1:
        raise ValueError("series too short")
    return {"answer": n, "span": w + h}


def embedding_params(users: int, items: int, d: int) -> dict:
    """Parameters of one d-dimensional embedding per user and per item, and their fp32 MB."""
    if min(users, items, d) < 1:
        raise ValueError("bad arguments")
    n = (users + items) * d
    return {"answer": n, "mb": n * 4 / 1e6}


def embedding_adam_gib(rows_m: float, dim: int) -> dict:
    """Training memory of an fp32 embedding table of rows_m million rows × dim with a dense
    gradient and Adam: weight, gradient and Adam's two moment buffers, 4 × 4 bytes per entry,
    in GiB (2^30)."""
    entries = rows_m * 1e6 * dim
    return {"answer": 16 * entries / 2**30, "weights_gib": f"{4 * entries / 2**30:.3g}"}
