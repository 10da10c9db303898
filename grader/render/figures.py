"""Figures computed from the references: SVG plots for guides and sheets, text plots for a terminal.

Each guide figure calls the code it illustrates: the activations and their derivatives from
``reference_impl.activations`` (derivatives by autograd), ``cosine_with_warmup`` from
``reference_impl.training``, the initialisers of ``reference_impl.initialization``,
``dropout_apply`` and the attention of ``reference_impl.attention``. The "what went wrong in
this training run?" questions show a :class:`Chart` of a real run: a tiny MLP trained with
PyTorch on CPU from a fixed seed (:func:`simulate_run`), so the curves show what the answer
says by construction (tests/test_figures.py checks it).

Everything is deterministic: fixed seeds, ``svg.hashsalt`` set per figure and no date in the
SVG, so equal calls give equal bytes. numpy, torch and matplotlib are imported on first use.
"""

from __future__ import annotations

import functools
import io
import math
import re
from collections.abc import Callable
from dataclasses import dataclass

__all__ = ["Chart", "Panel", "Series", "GUIDE_FIGURES", "RUNS", "activation_functions",
           "attention_weights", "chart_svg", "chart_text", "dropout_mask", "guide_figures",
           "init_statistics", "lr_schedules", "question_figure", "question_text", "Run", "simulate_run", "training_run"]


@dataclass(frozen=True)
class Series:
    """One curve: its legend label and its points (NaN where the run blew up)."""

    label: str
    x: tuple[float, ...]
    y: tuple[float, ...]


@dataclass(frozen=True)
class Panel:
    """One set of axes of a :class:`Chart`."""

    ylabel: str
    series: tuple[Series, ...]
    log: bool = False
    #: the y range shown, None to fit the data
    ylim: tuple[float, float] | None = None


@dataclass(frozen=True)
class Chart:
    """Curves side by side, drawn as SVG (:func:`chart_svg`) or text (:func:`chart_text`)."""

    name: str
    xlabel: str
    panels: tuple[Panel, ...]


# ---------------------------------------------------------------------------- SVG plumbing

_COLOURS = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e")


def _svg(fig, name: str) -> str:
    """The figure as an inline SVG element: no XML prolog, no metadata, ids salted with `name`."""
    import matplotlib

    buf = io.StringIO()
    with matplotlib.rc_context({"svg.hashsalt": name, "svg.fonttype": "none"}):
        fig.savefig(buf, format="svg", metadata={"Date": None, "Creator": None}, bbox_inches="tight")
    text = buf.getvalue()
    text = text[text.index("<svg"):]
    text = re.sub(r"\s*<metadata>.*?</metadata>|\s*<!--.*?-->", "", text, flags=re.S)  # tick labels' TeX
    # matplotlib numbers its ids per figure (axes_1, ...): prefixed, figures share a page
    text = re.sub(r'\b(id="|href="#|url\(#)', rf"\g<1>{name}-", text)
    return text.replace("<svg ", f'<svg class="figure" role="img" aria-label="{name}" ', 1).strip() + "\n"


def _figure(width: float, height: float, ncols: int = 1):
    """A matplotlib `Figure` with `ncols` axes side by side; no pyplot, so no global state."""
    import matplotlib
    from matplotlib.figure import Figure

    with matplotlib.rc_context({"font.size": 8}):
        fig = Figure(figsize=(width, height))
        axes = fig.subplots(1, ncols, squeeze=False)
    for ax in axes[0]:
        ax.grid(True, linewidth=0.4, alpha=0.5)
        ax.tick_params(labelsize=7)
    return fig, list(axes[0])


# ---------------------------------------------------------------------------- guide figures

def activation_functions() -> str:
    """ReLU, leaky ReLU (α = 0.1, to be visible), sigmoid and tanh, and their derivatives
    by autograd through the reference functions."""
    import torch

    from reference_impl import activations

    x = torch.linspace(-4, 4, 161, dtype=torch.float64, requires_grad=True)
    fns = [("ReLU", activations.relu), ("leaky ReLU (α=0.1)", lambda t: activations.leaky_relu(t, 0.1)),
           ("sigmoid", activations.sigmoid), ("tanh", torch.tanh)]
    fig, (left, right) = _figure(6.4, 2.4, 2)
    for (label, f), colour in zip(fns, _COLOURS):
        y = f(x)
        (dy,) = torch.autograd.grad(y.sum(), x)
        left.plot(x.detach(), y.detach(), color=colour, label=label, linewidth=1.2)
        right.plot(x.detach(), dy, color=colour, label=label, linewidth=1.2)
    left.set_title("f(x)", fontsize=8)
    right.set_title("f′(x)", fontsize=8)
    left.set_ylim(-1.5, 4)
    left.legend(fontsize=6, loc="upper left")
    return _svg(fig, "activation_functions")


def lr_schedules(total_steps: int = 1000, base_lr: float = 0.1) -> str:
    """Cosine decay with and without linear warmup (the reference ``cosine_with_warmup``)
    and step decay (×0.1 every 300 steps, as ``StepLR``)."""
    from reference_impl.training import cosine_with_warmup

    steps = range(total_steps + 1)
    curves = [("cosine, warmup 100", [cosine_with_warmup(s, total_steps, base_lr, 100) for s in steps]),
              ("cosine, no warmup", [cosine_with_warmup(s, total_steps, base_lr, 0) for s in steps]),
              ("step decay ×0.1 / 300", [base_lr * 0.1 ** (s // 300) for s in steps])]
    fig, (ax,) = _figure(4.8, 2.4)
    for (label, lr), colour in zip(curves, _COLOURS):
        ax.plot(list(steps), lr, color=colour, label=label, linewidth=1.2)
    ax.set_xlabel("step", fontsize=8)
    ax.set_ylabel("learning rate", fontsize=8)
    ax.legend(fontsize=6)
    return _svg(fig, "lr_schedules")


def activation_stds(init: str, nonlinearity: str, *, layers: int = 10, width: int = 256,
                    batch: int = 512, seed: int = 0) -> list[float]:
    """The std of the activations after each of `layers` layers of `width` units.

    Args:
        init: "small" (N(0, 0.01²)), "xavier" or "he" (the reference initialisers).
        nonlinearity: "tanh" or "relu".

    Returns:
        `layers` standard deviations, the input's (1) not included.
    """
    import numpy as np
    import torch

    from reference_impl.initialization import he_normal, xavier_uniform

    rng = np.random.default_rng(seed)
    h = torch.from_numpy(rng.standard_normal((batch, width)))  # (B, width), std 1
    act = torch.tanh if nonlinearity == "tanh" else torch.relu
    stds = []
    for _ in range(layers):
        if init == "small":
            W = torch.from_numpy(rng.normal(0.0, 0.01, size=(width, width)))
        else:
            W = (xavier_uniform if init == "xavier" else he_normal)(width, width, rng)  # (width, width)
        h = act(h @ W)  # (B, width)
        stds.append(float(h.std()))
    return stds


def init_statistics() -> str:
    """Std of the activations layer by layer for N(0, 0.01²), Xavier and He init, tanh and ReLU."""
    fig, axes = _figure(6.4, 2.4, 2)
    for ax, nonlinearity in zip(axes, ("tanh", "relu")):
        for (init, label), colour in zip((("small", "N(0, 0.01²)"), ("xavier", "Xavier"), ("he", "He")), _COLOURS):
            stds = activation_stds(init, nonlinearity)
            ax.semilogy(range(1, len(stds) + 1), stds, marker="o", markersize=2.5, color=colour,
                        label=label, linewidth=1.2)
        ax.set_title(f"{nonlinearity}, 256 units per layer", fontsize=8)
        ax.set_xlabel("layer", fontsize=8)
    axes[0].set_ylabel("std of activations", fontsize=8)
    axes[0].legend(fontsize=6)
    return _svg(fig, "init_statistics")


def dropout_mask(p: float = 0.5, seed: int = 0) -> str:
    """A keep-mask of inverted dropout on a 8×16 layer of ones and what ``dropout_apply``
    makes of it: kept units scaled by 1/(1 − p), so the mean stays about 1."""
    import torch

    from reference_impl.regularization import dropout_apply

    gen = torch.Generator().manual_seed(seed)
    x = torch.ones(8, 16, dtype=torch.float64)  # (8, 16)
    mask = torch.rand(8, 16, generator=gen) >= p  # (8, 16), True = kept
    out = dropout_apply(x, mask, p)
    fig, (left, right) = _figure(6.4, 1.9, 2)
    left.imshow(mask.numpy(), cmap="Greys_r", vmin=0, vmax=1)
    left.set_title(f"mask (p = {p}): white = kept", fontsize=8)
    image = right.imshow(out.numpy(), cmap="viridis", vmin=0, vmax=1 / (1 - p))
    right.set_title(f"x·mask/(1−p), mean {float(out.mean()):.2f}", fontsize=8)
    fig.colorbar(image, ax=right, fraction=0.025).ax.tick_params(labelsize=7)
    for ax in (left, right):
        ax.grid(False)
        ax.set_xticks([])
        ax.set_yticks([])
    return _svg(fig, "dropout_mask")


def attention_weights(length: int = 8, dim: int = 16, seed: int = 0) -> str:
    """The weights of the reference scaled dot-product attention with a causal mask, random
    queries and keys: a lower-triangular matrix whose rows sum to 1."""
    import torch

    from reference_impl.attention import causal_mask, scaled_dot_product_attention

    gen = torch.Generator().manual_seed(seed)
    q, k, v = (torch.randn(length, dim, generator=gen, dtype=torch.float64) for _ in range(3))  # (L, d)
    _, weights = scaled_dot_product_attention(q, k, v, causal_mask(length))  # (L, L)
    fig, (ax,) = _figure(3.2, 2.8)
    image = ax.imshow(weights.numpy(), cmap="Blues", vmin=0, vmax=1)
    ax.grid(False)
    ax.set_xlabel("key position", fontsize=8)
    ax.set_ylabel("query position", fontsize=8)
    ax.set_title("causal attention weights", fontsize=8)
    fig.colorbar(image, ax=ax, fraction=0.046).ax.tick_params(labelsize=7)
    return _svg(fig, "attention_weights")


#: topic id -> the figures its guide section shows
GUIDE_FIGURES: dict[str, tuple[Callable[[], str], ...]] = {
    "activations": (activation_functions,),
    "lr_schedules": (lr_schedules,),
    "initialization": (init_statistics,),
    "dropout": (dropout_mask,),
    "attention": (attention_weights,),
}


@functools.lru_cache(maxsize=None)
def _cached(fn: Callable[[], str]) -> str:
    return fn()


def guide_figures(topic: str) -> list[tuple[str, str]]:
    """The figures of `topic`'s guide section as (name, SVG) pairs, computed once per process."""
    return [(fn.__name__, _cached(fn)) for fn in GUIDE_FIGURES.get(topic, ())]


# ---------------------------------------------------------------------------- training runs

#: what each simulated run gets wrong
RUNS = ("diverging", "overfitting", "dead_relu", "no_eval")


@dataclass(frozen=True)
class Run:
    """Per-epoch metrics of one simulated run (`val_*_eval`: validation in eval mode)."""

    train_loss: tuple[float, ...]
    val_loss: tuple[float, ...]
    train_acc: tuple[float, ...]
    val_acc: tuple[float, ...]
    val_loss_eval: tuple[float, ...]
    val_acc_eval: tuple[float, ...]


def _data(n: int, gen, noise: float):
    """Two interleaved half-moons in 2-D with `noise`, labels 0/1: (n, 2) float32 and (n,) int64."""
    import torch

    label = torch.arange(n) % 2  # (n,)
    angle = torch.rand(n, generator=gen) * math.pi  # (n,)
    upper = torch.stack([torch.cos(angle), torch.sin(angle)], dim=1)  # (n, 2)
    lower = torch.stack([1 - torch.cos(angle), 0.5 - torch.sin(angle)], dim=1)  # (n, 2)
    x = torch.where(label[:, None] == 0, upper, lower)
    x = x + noise * torch.randn(n, 2, generator=gen)
    return x.float(), label


@functools.lru_cache(maxsize=None)
def simulate_run(run: str, seed: int = 0) -> Run:
    """Train a 2-64-64-2 ReLU MLP on two moons the way `run` says, on CPU from `seed`.

    - "diverging": SGD with learning rate 5 instead of about 0.3.
    - "overfitting": 40 noisy training points, no regularisation, Adam for 300 epochs.
    - "dead_relu": hidden biases initialised to −10, so every ReLU outputs 0 from the start.
    - "no_eval": dropout p = 0.5 and validation measured in training mode (no ``model.eval()``);
      ``val_*_eval`` hold the same validation in eval mode, for comparison.

    Returns:
        A :class:`Run`: one value per epoch (full-batch, so an epoch is one step).
    """
    import torch

    if run not in RUNS:
        raise ValueError(f"run must be one of {RUNS}, got {run!r}")
    threads = torch.get_num_threads()
    torch.set_num_threads(1)  # tiny matrices: threads only wait for each other (seconds on a busy CPU)
    try:
        return _train(run, seed)
    finally:
        torch.set_num_threads(threads)


def _train(run: str, seed: int) -> Run:
    import torch
    from torch import nn

    torch.manual_seed(seed)
    gen = torch.Generator().manual_seed(seed)
    n_train, noise, epochs = (40, 0.35, 300) if run == "overfitting" else (200, 0.2, 150)
    x_train, y_train = _data(n_train, gen, noise)
    x_val, y_val = _data(400, gen, noise)
    p = 0.5 if run == "no_eval" else 0.0
    model = nn.Sequential(nn.Linear(2, 64), nn.ReLU(), nn.Dropout(p), nn.Linear(64, 64), nn.ReLU(),
                          nn.Dropout(p), nn.Linear(64, 2))
    if run == "dead_relu":
        with torch.no_grad():
            for layer in (model[0], model[3]):
                layer.bias.fill_(-10.0)
    if run == "diverging":
        opt = torch.optim.SGD(model.parameters(), lr=5.0)
    elif run in ("overfitting", "no_eval"):
        opt = torch.optim.Adam(model.parameters(), lr=0.01)
    else:
        opt = torch.optim.SGD(model.parameters(), lr=0.3)
    loss_fn = nn.CrossEntropyLoss()
    metrics: dict[str, list[float]] = {k: [] for k in Run.__dataclass_fields__}

    def measure(x, y):
        with torch.no_grad():
            logits = model(x)  # (N, 2)
            return float(loss_fn(logits, y)), float((logits.argmax(1) == y).float().mean())

    for _ in range(epochs):
        model.train()
        logits = model(x_train)  # (N, 2)
        loss = loss_fn(logits, y_train)
        opt.zero_grad()
        loss.backward()
        opt.step()
        metrics["train_loss"].append(float(loss.detach()))
        metrics["train_acc"].append(float((logits.argmax(1) == y_train).float().mean()))
        if run != "no_eval":  # the bug: the model stays in training mode
            model.eval()
        for suffix in ("", "_eval"):
            if suffix:
                model.eval()
            val_loss, val_acc = measure(x_val, y_val)
            metrics["val_loss" + suffix].append(val_loss)
            metrics["val_acc" + suffix].append(val_acc)
    return Run(**{k: tuple(v) for k, v in metrics.items()})


def training_run(run: str) -> Chart:
    """The loss and accuracy curves of :func:`simulate_run`, as a question's figure."""
    r = simulate_run(run)
    epochs = tuple(float(e) for e in range(1, len(r.train_loss) + 1))
    losses = [v for v in r.train_loss + r.val_loss if math.isfinite(v) and v > 0]
    lo, hi = min(losses), max(losses)
    spread = max(1.0, math.sqrt(10 * lo / hi))  # at least a decade: a flat loss must look flat
    loss_lim = (lo / spread, hi * spread)
    return Chart(f"training_run-{run}", "epoch", (
        Panel("loss", (Series("train", epochs, r.train_loss), Series("validation", epochs, r.val_loss)),
              log=True, ylim=loss_lim),
        Panel("accuracy", (Series("train", epochs, r.train_acc), Series("validation", epochs, r.val_acc)),
              ylim=(0.0, 1.0))))


def chart_svg(chart: Chart) -> str:
    """`chart` as an inline SVG element, panels side by side."""
    fig, axes = _figure(3.2 * len(chart.panels), 2.3, len(chart.panels))
    for ax, panel in zip(axes, chart.panels):
        for series, colour in zip(panel.series, _COLOURS):
            ax.plot(series.x, series.y, color=colour, label=series.label, linewidth=1.2)
        if panel.log:
            ax.set_yscale("log")
        if panel.ylim is not None:
            ax.set_ylim(*panel.ylim)
        ax.set_xlabel(chart.xlabel, fontsize=8)
        ax.set_ylabel(panel.ylabel, fontsize=8)
        ax.legend(fontsize=6)
    return _svg(fig, chart.name)


# ---------------------------------------------------------------------------- text plots

_DOTS = ((0x01, 0x08), (0x02, 0x10), (0x04, 0x20), (0x40, 0x80))  # braille dot bits by (row, col)


def chart_text(chart: Chart, *, width: int = 72, height: int = 3) -> str:
    """`chart` in Unicode braille for a terminal: its panels side by side, in each panel one
    strip of `height` rows per series on the panel's common scale (no colours needed to tell
    the curves apart); every line exactly `width` characters, no escape codes."""
    gap = 3
    panel_w = (width - gap * (len(chart.panels) - 1)) // len(chart.panels)
    columns = [_panel_text(p, chart.xlabel, panel_w, height) for p in chart.panels]
    rows = max(map(len, columns))
    lines = []
    for i in range(rows):
        parts = [(col[i] if i < len(col) else "").ljust(panel_w) for col in columns]
        lines.append((" " * gap).join(parts).ljust(width))
    return "\n".join(lines)


def _panel_text(panel: Panel, xlabel: str, width: int, height: int) -> list[str]:
    label_w = 5
    cols = width - label_w - 1
    scale = _log if panel.log else float
    values = [scale(v) for s in panel.series for v in s.y if math.isfinite(v) and (v > 0 or not panel.log)]
    lo, hi = (min(values), max(values)) if values else (0.0, 1.0)
    if panel.ylim is not None:
        lo, hi = (scale(v) for v in panel.ylim)
    if hi - lo < 1e-9:
        lo, hi = lo - 0.5, hi + 0.5
    unscale = (lambda v: 10 ** v) if panel.log else (lambda v: v)
    lines = [(panel.ylabel + (" (log scale)" if panel.log else ""))[:width]]
    for series in panel.series:
        grid = [[0] * cols for _ in range(height)]
        previous = None
        n = len(series.y)
        for i, v in enumerate(series.y):
            if not math.isfinite(v) or (panel.log and v <= 0):
                previous = None
                continue
            px = round(i * (cols * 2 - 1) / max(1, n - 1))
            py = round((hi - scale(v)) * (height * 4 - 1) / (hi - lo))
            top, bottom = (py, py) if previous is None else (min(py, previous), max(py, previous))
            for y in range(top, bottom + 1):  # joined to the previous point: spikes stay visible
                grid[y // 4][px // 2] |= _DOTS[y % 4][px % 2]
            previous = py
        lines.append(f"{'':{label_w}} {series.label}"[:width])
        for row in range(height):
            tick = _tick(unscale(hi)) if row == 0 else _tick(unscale(lo)) if row == height - 1 else ""
            lines.append(f"{tick:>{label_w}}│" + "".join(chr(0x2800 + b) if b else " " for b in grid[row]))
    n_points = max(len(s.y) for s in panel.series)
    lines.append(" " * label_w + "└" + f" {xlabel} 1–{n_points} ".center(cols, "─"))
    return lines


def _log(v: float) -> float:
    return math.log10(v)


def _tick(v: float) -> str:
    """A value in at most 5 characters: 0.69, 12, 2e+02, 4e-04."""
    return f"{v:.2g}" if 0.01 <= abs(v) < 100 or v == 0 else f"{v:.0e}"


def question_figure(plot: str, params: dict) -> Chart:
    """The :class:`Chart` a question's `figure` names: ``plot`` a dotted path to a function
    that returns one, called with ``params``."""
    import importlib

    module, _, name = plot.rpartition(".")
    return getattr(importlib.import_module(module), name)(**params)


def question_text(plot: str, params: dict, *, width: int = 72) -> str:
    """A question's figure as a text plot (:func:`chart_text`) for the terminal."""
    return chart_text(question_figure(plot, params), width=width)
