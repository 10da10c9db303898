"""Models and optimizers that a task describes in its bank (the GAN step's G, D and their
optimizers), built from that description alike by the grader's reference run and by the
worker inside the sandbox.

Like `_worker.py`, the worker gets this file's source concatenated into its own, so it
imports nothing: the caller passes `torch`. Specs are plain dicts (the bank's `MlpSpec` and
`OptimizerSpec` dumped): `{"layers": [5, 8, 3], "activation": "leaky_relu", "slope": 0.2}`,
`{"type": "adam", "lr": 0.01, "betas": [0.5, 0.999]}`.
"""


def build_mlp(torch, spec, weights, device="cpu"):
    """A float64 `Sequential` of Linear layers with `spec["activation"]` between them, its
    parameters (weight (out, in), bias (out,) per layer) set from `weights`, in train mode."""
    sizes = spec["layers"]
    activation = {"leaky_relu": lambda: torch.nn.LeakyReLU(spec.get("slope", 0.01)),
                  "relu": torch.nn.ReLU, "tanh": torch.nn.Tanh}[spec["activation"]]
    layers = []
    for i in range(len(sizes) - 1):
        layers.append(torch.nn.Linear(sizes[i], sizes[i + 1], dtype=torch.float64))
        if i < len(sizes) - 2:
            layers.append(activation())
    model = torch.nn.Sequential(*layers).to(device)
    with torch.no_grad():
        for p, w in zip(model.parameters(), weights):
            p.copy_(torch.as_tensor(w, dtype=torch.float64))
    model.train()
    return model


def mlp_shapes(spec):
    """The shapes of `build_mlp`'s parameters, in order: weight (out, in), then bias (out,)."""
    sizes = spec["layers"]
    out = []
    for i in range(len(sizes) - 1):
        out += [(sizes[i + 1], sizes[i]), (sizes[i + 1],)]
    return out


def build_optimizer(torch, params, spec):
    """`torch.optim.SGD` or `torch.optim.Adam` over `params` with the spec's hyperparameters."""
    if spec["type"] == "sgd":
        return torch.optim.SGD(params, lr=spec["lr"], momentum=spec.get("momentum", 0.0))
    if spec["type"] == "adam":
        return torch.optim.Adam(params, lr=spec["lr"], betas=tuple(spec.get("betas", (0.9, 0.999))))
    raise ValueError(f"unknown optimizer {spec['type']!r}")
