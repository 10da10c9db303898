"""Checks of tasks whose outputs are random (dropout) or stateful models (the GAN step).

Like every check, each counts what it compared (probabilities drawn, masks compared, steps
read back): one that compared nothing is `not_gradable`, never `passed`.
"""

from __future__ import annotations

import copy

import numpy as np

from .checks import Context
from .compare import Answer, Expected, describe_answer, compare_arrays, compare_tree
from .inputs import RngSeed
from .results import CheckResult
from ..sandbox._models import build_mlp, build_optimizer, mlp_shapes
from .runner import Kept, named_arg, ref_call, reference

__all__ = ["check_dropout", "check_gan"]


def check_dropout(ctx: Context) -> list[CheckResult]:
    """Inverted dropout: keep rate, independence, scaling, rng use, eval mode, backward."""
    spec = ctx.task.dropout
    fwd, bwd = ctx.task.function(spec.forward), ctx.task.function(spec.backward)
    shape = tuple(spec.shape)
    stats, rng_problems, flag_problems, grad_problems = [], [], [], []
    n_stats = n_rng = n_flag = n_grad = 0
    x = ctx.rng.uniform(0.5, 1.5, shape)  # no zeros: a zero hides whether it was dropped

    def forward(p, **kw) -> tuple[Answer | None, Answer | None, str | None]:
        args = {"x": x, "p": p, **kw}
        res = ctx.call(fwd, args)
        if not res.ok:
            return None, None, res.error_message(fwd.name)
        out = res.out
        if not isinstance(out, (tuple, list)) or len(out) != 2 or not all(isinstance(o, Answer) for o in out):
            return None, None, f"{fwd.name} must return (out, mask), got {describe_answer(out)}"
        if out[0].array.shape == out[1].array.shape == shape:
            ctx.answered += 1
        return out[0], out[1], None

    for p in spec.probabilities:
        seed = int(ctx.rng.integers(0, 2**31 - 1))
        out, mask, err = forward(p, train=True, rng=RngSeed(seed))
        if err:  # every check of the task is still listed, so the score's weights stay the same
            why = f"not run: {fwd.name} failed in train mode"
            return [ctx.result("dropout: statistics", None, [err], compared=1, error=True),
                    ctx.not_gradable("dropout: rng", None, why),
                    ctx.not_gradable("dropout: train flag", None, why),
                    ctx.not_gradable("gradients", bwd.name, why)]
        n_stats += 1
        if mask.array.dtype != np.bool_ or mask.array.shape != shape:
            stats.append(f"p={p}: mask must be a boolean array of shape {shape}, got "
                         f"{mask.array.dtype} {mask.array.shape}")
        else:
            applied, _ = ref_call(fwd.reference, {"x": x, "mask": mask.array, "p": p},
                                  ["x", "mask", "p"], ["x", "mask", "p"])
            stats += _statistics(p, x, out, mask.array, applied, ctx.tol, spec.z_max)
        if mask.array.shape != shape:
            continue  # whether the mask follows `rng` needs masks of the right shape, of any dtype
        m = mask.array
        out2, mask2, err = forward(p, train=True, rng=RngSeed(seed))
        n_rng += 1
        if err:
            rng_problems.append(err)
        elif not np.array_equal(mask2.array, m):
            rng_problems.append(f"p={p}: two calls with generators of the same seed gave different "
                                "masks; draw the mask from the `rng` argument, not np.random")
        if not rng_problems:
            _, mask3, err = forward(p, train=True, rng=RngSeed(seed + 1))
            if err is None and np.array_equal(mask3.array, m):
                rng_problems.append(f"p={p}: generators of different seeds gave the same mask")
    if spec.probabilities:
        _, _, err = forward(spec.probabilities[0], train=True)
        if err:
            rng_problems.append(f"with rng=None: {err}")
    for p, kw, what in ((0.5, {"train": False}, "train=False"), (0.0, {"train": True}, "p=0")):
        out, mask, err = forward(p, rng=RngSeed(1), **kw)
        n_flag += 1
        if err:
            flag_problems.append(f"{what}: {err}")
            continue
        if not np.array_equal(out.array, x):
            flag_problems.append(f"{what}: out must equal x unchanged")
        if mask.array.dtype != np.bool_ or not mask.array.all():
            flag_problems.append(f"{what}: mask must be all True")
    for p in spec.probabilities:
        dout = ctx.rng.standard_normal(shape)
        m = ctx.rng.random(shape) >= p
        res = ctx.runner.call(bwd.name, [named_arg("dout", dout), named_arg("mask", m),
                                         named_arg("p", p)], {})
        if not res.ok:
            grad_problems.append(res.error_message(bwd.name))
            break
        ctx.note_inplace(bwd.name, {"dout": dout, "mask": m, "p": p}, res)
        expected, _ = ref_call(bwd.reference, {"dout": dout, "mask": m, "p": p}, bwd.params,
                               bwd.required)
        n_grad += 1
        grad_problems += ctx.compare(f"p={p}: {bwd.name} → dx", res.out, expected, framework="numpy")
    no_p = "the task's dropout spec lists no probabilities, so "
    no_mask = (no_p + "no masks were compared" if not spec.probabilities else
               f"{fwd.name} returned no mask of shape {shape}, so its use of `rng` could not be judged")
    return [ctx.result("dropout: statistics", None, stats, compared=n_stats,
                       why=no_p + "no statistics were drawn"),
            ctx.result("dropout: rng", None, rng_problems, compared=n_rng, why=no_mask),
            ctx.result("dropout: train flag", None, flag_problems, compared=n_flag),
            ctx.result("gradients", bwd.name, grad_problems, compared=n_grad,
                       why=no_p + f"{bwd.name} was never called")]


def _statistics(p: float, x: np.ndarray, out: Answer, m: np.ndarray, expected: np.ndarray, tol,
                z_max: float) -> list[str]:
    """Problems of one train-mode forward at drop rate `p`: scaling, keep rate, independence.

    `expected` is the reference forward applied with the candidate's own mask `m`.
    """
    n, problems = x.size, []
    msg = compare_arrays(f"p={p}: out", out.array, expected, tol)
    if msg:
        if out.array.shape == x.shape and np.allclose(out.array, x * m):
            msg = f"p={p}: survivors are not scaled; inverted dropout divides them by 1 − p = {1 - p:g}"
        elif out.array.shape == x.shape and np.allclose(out.array, np.where(m, 0.0, x / (1 - p))):
            msg = f"p={p}: out keeps the elements the mask drops (mask must be True where kept)"
        problems.append(msg)
    k = int(m.sum())
    z = (k - n * (1 - p)) / np.sqrt(n * p * (1 - p))
    if abs(z) > z_max:
        problems.append(f"p={p}: kept {k}/{n} = {k / n:.3f} of the elements, expected "
                        f"1 − p = {1 - p:g} (z = {z:+.1f}); each element is kept with probability 1 − p")
    for axis, label in ((1, "rows"), (0, "columns")):
        rates = m.mean(axis=axis)
        size = m.shape[axis]
        ratio = rates.var() / (p * (1 - p) / size)
        if ratio > 4:
            problems.append(f"p={p}: keep rates of {label} vary {ratio:.0f}× more than independent "
                            "drops allow; drop each element independently, not whole rows or columns")
            break
    return problems


def check_gan(ctx: Context) -> list[CheckResult]:
    """Several consecutive GAN steps; parameters of G and D compared after every call.

    Both verdicts come from what the parent reads back (the losses, and every parameter of G
    and D after each call) against the reference step. A missing `detach()` is judged by its
    effect: it fails "gan: detach" when G's parameters come out as a generator step on
    g_loss's gradient plus d_loss's gradient. A missing detach whose gradients are zeroed
    before G's step changes no value, so it is not a wrong answer; the hook count kept
    inside the child (which the submission can clear) only feeds advice. Detach is judged
    only on calls that changed G's parameters: a call that leaves G alone shows nothing.
    """
    import torch

    spec = ctx.task.gan
    ref_step = reference(ctx.task.function(spec.function).reference)
    step_problems, detach_problems, errored, returned = [], [], False, 0
    stepped = 0  # calls whose G parameters came back changed: the ones detach is judged on
    for oi, optimizer in enumerate(spec.optimizers):
        opt = optimizer.type
        mlp_g, mlp_d = spec.generator.model_dump(), spec.discriminator.model_dump()
        hyper = optimizer.model_dump(mode="json")
        gen, disc = _initial_weights(mlp_g, ctx.rng), _initial_weights(mlp_d, ctx.rng)
        # the same description builds the candidate's models in the child and the reference's here
        ctx.runner.make("G", {"kind": "mlp", "mlp": mlp_g, "weights": list(range(len(gen)))}, gen)
        ctx.runner.make("D", {"kind": "mlp", "mlp": mlp_d, "weights": list(range(len(disc)))}, disc)
        ctx.runner.make("opt_G", {"kind": "optim", "of": "G", "optimizer": hyper}, [])
        ctx.runner.make("opt_D", {"kind": "optim", "of": "D", "optimizer": hyper}, [])
        G, D = build_mlp(torch, mlp_g, gen), build_mlp(torch, mlp_d, disc)
        oG, oD = build_optimizer(torch, G.parameters(), hyper), build_optimizer(torch, D.parameters(), hyper)
        last_count = 0.0
        for call in range(1, spec.calls + 1):
            real = ctx.rng.standard_normal((spec.batch, spec.data_dim))
            z = ctx.rng.standard_normal((spec.batch, spec.latent))
            res = ctx.runner.call(ctx.task.gan.function, [Kept("G"), Kept("D"), Kept("opt_G"), Kept("opt_D"),
                                                          named_arg("real", real), named_arg("z", z)],
                                  {}, kept=("G", "D"), counters=("G",), framework="torch")
            if not res.ok:
                step_problems.append(f"{opt}, call {call}: " + res.error_message(ctx.task.gan.function))
                errored = True
                break
            returned += 1
            ctx.note_warnings(ctx.task.gan.function, res)
            before = copy.deepcopy((G, D, oG, oD))
            d_ref, g_ref = ref_step(G, D, oG, oD, torch.from_numpy(real), torch.from_numpy(z))
            reveal = oi == 0 and call == 1  # only the first step of the first run is public
            found = [f"{n}: expected a Python float (loss.item()), got a "
                     f"{'tensor' if g.kind == 'tensor' else 'NumPy value'}"
                     for n, g in zip(("d_loss", "g_loss"), res.out if isinstance(res.out, (tuple, list)) else ())
                     if isinstance(g, Answer) and g.kind != "python"]
            found += compare_tree("returned losses", res.out, (_named_loss("d_loss", d_ref),
                                                              _named_loss("g_loss", g_ref)),
                                 ctx.tol, framework="numpy-or-python", reveal=reveal)
            got_params: dict[str, list] = {}
            for label, model in (("G", G), ("D", D)):
                got = res.kept.get(label)
                items = getattr(got, "items", None)
                want = [p.detach().numpy() for p in model.parameters()]
                if not isinstance(items, list) or len(items) != len(want):
                    found.append(f"{label}: could not read its parameters back")
                    continue
                got_params[label] = items
                names = [n for n, _ in model.named_parameters()]
                for name, g, w in zip(names, items, want):
                    if not isinstance(g, Answer):
                        found.append(f"{label}.{name} after the step: expected a tensor, got "
                                     f"{describe_answer(g)}")
                        continue
                    msg = compare_arrays(f"{label}.{name} after the step", g.array, w, ctx.tol,
                                         reveal=reveal)
                    if msg:
                        found.append(msg)
            if _changed(got_params.get("G"), before[0]):
                stepped += 1
            count = res.counters.get("G", 0.0)
            if count - last_count > 1.0 + 1e-9:
                head = f"{ctx.task.gan.function}: hooks inside your process saw gradients reach G"
                ctx.add_advice(
                    f"{head}'s parameters {count - last_count:g} times in one call ({opt}, call "
                    f"{call}); only the generator step should reach G: detach the fake batch in "
                    "D's step (G(z).detach())", key=head)
            last_count = count
            if found:
                step_problems.append(f"{opt}, call {call} of {spec.calls}: " + found[0])
                if _matches_leaky_step(before, real, z, got_params.get("G"), ctx.tol):
                    detach_problems.append(
                        f"{opt}, call {call}: G's parameters after the call are those of a generator "
                        "step on g_loss's gradient plus d_loss's gradient: d_loss.backward() reached "
                        "G because the fake batch was not detached in D's step (use G(z).detach()), "
                        "and nothing zeroed G's gradients before opt_G.step()")
                break
        if errored:
            break
    why = ("the task's gan spec lists no optimizers, so no step was compared" if not spec.optimizers
           else "no call returned, so nothing to look at")
    unmoved = ("no call changed G's parameters, so whether d_loss's gradient reaches G cannot be "
               "told")
    detach = ctx.result("gan: detach", None, detach_problems, compared=stepped,
                        why=unmoved if returned else why)
    return [ctx.result("gan: steps", None, step_problems, compared=returned, why=why, error=errored),
            detach]


def _changed(got_g: list | None, model_before) -> bool:
    """Whether G's parameters read back are arrays of the right shapes that a step changed."""
    want = [p.detach().numpy() for p in model_before.parameters()]
    if not got_g or len(got_g) != len(want) or not all(isinstance(g, Answer) for g in got_g):
        return False
    if any(g.array.shape != w.shape for g, w in zip(got_g, want)):
        return False
    return any(not np.array_equal(g.array, w) for g, w in zip(got_g, want))


def _matches_leaky_step(before, real: np.ndarray, z: np.ndarray, got_g: list | None, tol) -> bool:
    """Whether G's parameters read back equal a step whose D step was not detached.

    `before` is a copy of the reference (G, D, opt_G, opt_D) as it was before the call; the
    step is replayed with G(z) not detached in D's step and G's gradients zeroed only at the
    start, so that G's optimizer steps on g_loss's gradient plus d_loss's gradient.
    """
    import torch

    if not got_g or not all(isinstance(g, Answer) for g in got_g):
        return False
    G, D, oG, oD = before
    gan_losses = reference("reference_impl.gan.gan_losses")
    real_t, z_t = torch.from_numpy(real), torch.from_numpy(z)
    oD.zero_grad()
    oG.zero_grad()
    d_loss, _ = gan_losses(D(real_t), D(G(z_t)))  # the fake batch is not detached
    d_loss.backward()
    oD.step()
    d_gen = D(G(z_t))
    _, g_loss = gan_losses(d_gen, d_gen)
    g_loss.backward()
    oG.step()
    want = [p.detach().numpy() for p in G.parameters()]
    return len(want) == len(got_g) and all(
        compare_arrays("G", g.array, w, tol) is None for g, w in zip(got_g, want))


def _named_loss(name, value):
    return Expected(name, np.float64(value))


def _initial_weights(mlp: dict, rng: np.random.Generator) -> list[np.ndarray]:
    """PyTorch's default Linear initialisation, U(−1/√fan_in, 1/√fan_in), drawn from `rng`."""
    out = []
    for shape in mlp_shapes(mlp):
        fan_in = mlp["layers"][len(out) // 2]
        bound = 1 / np.sqrt(fan_in)
        out.append(rng.uniform(-bound, bound, shape))
    return out

