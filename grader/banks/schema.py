"""Pydantic models of a question-bank file (`questions/<topic>.yaml`).

A bank file holds coding tasks (this module) and, later, concept questions. Everything is
parsed at the boundary with `extra="forbid"` so that a typo in a field name is an error with
its file and line, not a silently ignored key.

Input specifications (`ArgSpec`) describe how the grader draws the arguments of a call:
random arrays of a given shape and range, class labels, boolean masks, constants, nested
dicts and lists, and NumPy random generators.
"""

from __future__ import annotations

import ast
import functools
import re
from typing import Annotated, Any, Literal, Union

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from .questions import ConceptQuestion
from .text import Text

__all__ = [
    "ArgSpec",
    "BankFile",
    "CheckName",
    "CodingTask",
    "DistributionSpec",
    "FedBy",
    "DropoutSpec",
    "ExpressionSpec",
    "ProgramSpec",
    "FunctionSpec",
    "GanSpec",
    "Mistake",
    "MlpSpec",
    "OptimizerSpec",
    "Text",
    "Tolerance",
    "TrajectorySpec",
    "CHECK_NAMES",
]

_IDENT = r"^[a-z][a-z0-9_]*$"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


_KINDS = ("array", "values", "zeros", "labels", "mask", "permutations", "dict", "list", "tuple",
          "rng", "scalar_function")
#: the scalar test functions of grader/sandbox/_functions.py (a test checks the two agree)
SCALAR_FUNCTION_NAMES = ("sin_sq", "softplus_coupled", "tanh_cos")
_FIELD = {"dict": "mapping", "list": "sequence", "tuple": "items"}


class ArgSpec(_Model):
    """How to draw one argument. Exactly one of the kind fields is set.

    Kinds: `array` (random float64 of this shape, uniform on [low, high], or standard normal
    scaled by `scale` when `normal`), `values` (a fixed float64 array), `zeros` (float64 zeros
    of this shape), `labels` (int64 class ids in [0, classes)), `mask` (boolean with
    P(True) = `keep`), `value` (a Python constant), `dict` and `list` (nested), `rng` (a
    `numpy.random.Generator` seeded from the run's seed), `tuple` (a Python tuple, such as
    the pair `(3, 5)` of a kernel size: `{tuple: [{value: 3}, {value: 5}]}`).
    """

    array: list[int] | None = None
    values: list[Any] | None = None
    zeros: list[int] | None = None
    labels: list[int] | None = None
    mask: list[int] | None = None
    #: `[rows, n]`: an int64 array whose every row is a random permutation of 0..n-1 (the
    #: sample order of each epoch)
    permutations: list[int] | None = Field(default=None, min_length=2, max_length=2)
    value: Union[bool, int, float, str, None] = None
    mapping: dict[str, "ArgSpec"] | None = Field(default=None, alias="dict")
    sequence: list["ArgSpec"] | None = Field(default=None, alias="list")
    items: list["ArgSpec"] | None = Field(default=None, alias="tuple")
    rng: bool | None = None
    #: a scalar function f(x) -> float handed to the candidate (`numerical_gradient`'s f),
    #: by name: built inside the sandbox, never sent as code
    scalar_function: Literal[SCALAR_FUNCTION_NAMES] | None = None  # type: ignore[valid-type]

    low: float = -1.0
    high: float = 1.0
    normal: bool = False
    scale: float = 1.0
    #: Redraw elements whose magnitude is below this, to keep inputs off kinks (ReLU at 0).
    min_abs: float = 0.0
    #: Round a random `array` to this many decimals: ties on purpose (tied scores of a ROC
    #: curve, values exactly halfway for rounding).
    decimals: int | None = None
    classes: int | None = None
    keep: float = 0.5
    #: For a `mask`: every row (the last axis) keeps at least one True, so that, e.g., no
    #: query of an attention mask is left with nothing to attend to.
    rows_nonempty: bool = False
    #: dtype of a `values` array: float64, int64 (labels) or bool.
    dtype: Literal["float64", "int64", "int32", "uint16", "uint8", "bool"] = "float64"

    @model_validator(mode="after")
    def _exactly_one_kind(self) -> "ArgSpec":
        kinds = [k for k in _KINDS if getattr(self, _FIELD.get(k, k)) is not None]
        if "value" in self.model_fields_set:
            kinds.append("value")
        if len(kinds) != 1:
            raise ValueError(
                "an argument spec needs exactly one of array, values, zeros, labels, mask, "
                f"permutations, value, dict, list, tuple, rng, scalar_function; got {kinds or 'none'}")
        if self.labels is not None and (self.classes is None or self.classes < 1):
            raise ValueError("labels need `classes` >= 1")
        if self.low > self.high:
            raise ValueError(f"low={self.low!r} > high={self.high!r}")
        if not 0.0 <= self.keep <= 1.0:
            raise ValueError(f"keep={self.keep!r} is not a probability")
        for name in ("array", "zeros", "labels", "mask", "permutations"):
            shape = getattr(self, name)
            if shape is not None and any(d < 0 for d in shape):
                raise ValueError(f"{name} shape {shape} has a negative size")
        return self

    @property
    def kind(self) -> str:
        for k in _KINDS:
            if getattr(self, _FIELD.get(k, k)) is not None:
                return k
        return "value"


Case = dict[str, ArgSpec]


class Tolerance(_Model):
    """`|got - ref| <= atol + rtol * |ref|`, element by element."""

    rtol: float = Field(default=1e-6, ge=0)
    atol: float = Field(default=1e-8, ge=0)


class FedBy(_Model):
    """Call a function also with the candidate's own outputs of another function (as a
    candidate chains them: dequantize what their quantize returned), on every case that
    function was called with, and compare with the reference on those same arguments."""

    function: str
    #: argument of this function -> index of the other function's output that feeds it
    args: dict[str, int] = Field(min_length=1)


class FunctionSpec(_Model):
    """One function a candidate must define."""

    #: a function name, or a class name (`Value` of scalar_autograd)
    name: str = Field(pattern=r"^[A-Za-z_][A-Za-z0-9_]*$")
    signature: str
    #: Names of the outputs, for messages (`["loss", "dlogits"]`); one name for one array.
    outputs: list[str] = Field(default_factory=lambda: ["out"])
    #: Dotted path of the trusted reference (a forward function with the same signature).
    reference: str | None = None
    #: Dotted path of an independent implementation called with the same positional
    #: arguments (`torch.nn.functional.relu`); the tests prove the reference against it on
    #: the task's cases, values and autograd gradients. Tasks whose oracle needs adapting
    #: are proven by hand in tests/test_reference.py instead.
    oracle: str | None = None
    #: For a `*_backward` function: the forward function whose gradients it returns.
    backward_of: str | None = None
    #: Forward arguments whose gradients a backward returns, in order; for a forward
    #: function, the arguments PyTorch submissions are differentiated with respect to.
    wrt: list[str] = Field(default_factory=list)
    #: Outputs of a forward function that are gradients returned as values (not
    #: differentiated through, e.g. `dlogits`).
    value_grads: list[str] = Field(default_factory=list)
    #: Name of the scalar output whose own-forward central differences must match the
    #: gradient outputs returned as values (`loss` for `softmax_cross_entropy`).
    loss_output: str | None = None
    #: A forward function the candidate is not asked to write: the reference stands in for
    #: it (the forward of `attention_backward`). Never called in the child.
    provided: bool = False
    #: For a `*_backward` function: the forward's outputs that receive an upstream gradient,
    #: in the order the backward takes them (`[out]` of `(out, weights)`); default: all
    #: outputs that are not gradients returned as values.
    upstream: list[str] = Field(default_factory=list)
    #: also call this function with another function's outputs (see `FedBy`)
    fed_by: FedBy | None = None

    @property
    def params(self) -> list[str]:
        """Parameter names in order, parsed from `signature`."""
        return [a.arg for a in _parse_signature(self.signature).args]

    @property
    def defaults(self) -> dict[str, Any]:
        """Parameter defaults written in `signature` (literals only): `{"stride": 1}`."""
        args = _parse_signature(self.signature)
        named = args.args[len(args.args) - len(args.defaults):]
        out = {}
        for a, d in zip(named, args.defaults):
            try:
                out[a.arg] = ast.literal_eval(d)
            except ValueError:
                pass
        return out

    @property
    def required(self) -> list[str]:
        args = _parse_signature(self.signature)
        n_req = len(args.args) - len(args.defaults)
        return [a.arg for a in args.args[:n_req]]

    def fits(self, case) -> bool:
        """Whether a case (argument specs or drawn values) can call this function: it
        supplies every required argument and nothing the function does not take. The one
        rule the grader applies and `quiz lint` checks."""
        return set(self.required) <= set(case) <= set(self.params)

    @field_validator("signature")
    @classmethod
    def _signature_parses(cls, v: str) -> str:
        _parse_signature(v)
        return v

    @model_validator(mode="after")
    def _signature_names_function(self) -> "FunctionSpec":
        head = self.signature.split("(", 1)[0].strip()
        if head != self.name:
            raise ValueError(f"signature {self.signature!r} does not define {self.name!r}")
        if self.backward_of is None and self.reference is None:
            raise ValueError(f"forward function {self.name!r} needs a `reference`")
        return self


@functools.lru_cache(maxsize=None)  # read on every call the grader makes: parse each once
def _parse_signature(sig: str) -> ast.arguments:
    text = re.sub(r"\)\s*->.*$", ")", sig.strip())
    try:
        node = ast.parse(f"def {text}: pass").body[0]
    except SyntaxError as exc:
        raise ValueError(f"signature {sig!r} is not a Python signature: {exc.msg}") from None
    assert isinstance(node, ast.FunctionDef)
    return node.args


class TrajectorySpec(_Model):
    """A stateful function called step after step, its own outputs fed back in."""

    function: str
    steps: int = Field(ge=2, le=100)
    #: Argument name -> index of the output that becomes that argument at the next step.
    carry: dict[str, int]
    #: Arguments drawn afresh (same spec, new values) at every step.
    fresh: list[str] = Field(default_factory=list)
    #: An integer argument that counts steps from 1 (Adam's `t`).
    counter: str | None = None


class DropoutSpec(_Model):
    """Statistical checks of an inverted-dropout forward and its backward."""

    forward: str
    backward: str
    shape: list[int] = Field(min_length=2, max_length=2)
    probabilities: list[float]
    #: Two-sided bound on the standardised keep count; 5 sigma -> ~6e-7 false alarms.
    z_max: float = 5.0


class DistributionSpec(_Model):
    """Statistical checks of a function that draws an array of i.i.d. values from `rng`.

    The function is called on each of the task's cases with generators of chosen seeds. Its
    values must follow `law` with the parameters that `parameters` (a dotted path, called
    with the case's arguments other than the generator) returns: `(low, high)` for
    `uniform`, `(mean, std)` for `normal`. Each statistic (mean, variance, the bounds, the
    Kolmogorov-Smirnov distance, neighbour correlations) is a two-sided test at `z_max`
    standard deviations: at 5, about 6e-7 false alarms per test.
    """

    function: str
    law: Literal["uniform", "normal"]
    parameters: str
    #: the arguments whose values make the returned array's shape, in order
    shape: list[str] = Field(min_length=1)
    #: the argument that takes the `numpy.random.Generator`
    rng: str = "rng"
    z_max: float = Field(default=5.0, ge=3.0)


class ProgramSpec(_Model):
    """One random expression program (see `grader/sandbox/_programs.py`)."""

    #: nodes in all, leaves included
    nodes: int = Field(ge=2, le=2000)
    leaves: int = Field(default=3, ge=1)
    #: probability that an operand is any earlier node rather than the latest one: high
    #: makes wide graphs with nodes used many times, low makes deep chains
    reuse: float = Field(default=0.3, ge=0, le=1)


class ExpressionSpec(_Model):
    """Grade a class by expressions built from its objects and operators, against float64
    PyTorch autograd: every node's `.data` after the forward and `.grad` after `backward()`
    on the last node. The first program walks every operator once."""

    cls: str = Field(pattern=r"^[A-Za-z_][A-Za-z0-9_]*$")
    programs: list[ProgramSpec] = Field(min_length=1)


class PermutedBlocks(_Model):
    """Bug signature: the candidate read the blocks of some arguments in another order.

    `args` are concatenations of `len(blocks)` equal blocks along `axis` (an LSTM's four
    gates in `Wx`, `Wh`, `b`); a failed value that the reference reproduces with the blocks
    in another order is reported as that order.
    """

    kind: Literal["permuted_blocks"]
    args: list[str] = Field(min_length=1)
    axis: int = -1
    blocks: list[str] = Field(min_length=2, max_length=6)


class OtherValue(_Model):
    """Bug signature: the candidate used another value of an integer argument (padding 0, stride 1).

    Tried values are `offsets` added to the case's value and the absolute `values`.
    """

    kind: Literal["other_value"]
    arg: str
    offsets: list[int] = Field(default_factory=list)
    values: list[int] = Field(default_factory=list)


class Mistake(_Model):
    """Bug signature: a known mistake, written as code (`reference_impl.mistakes.*`).

    `reference` has the signature of `function` (a forward, or a `*_backward` taking the
    upstream gradients first) and computes what the classic bug computes; when a failed
    answer equals its output on the same arguments, the report says `says`.
    """

    kind: Literal["mistake"]
    function: str
    reference: str
    says: str = Field(min_length=3)


class MlpSpec(_Model):
    """A float64 multilayer perceptron: Linear layers of these sizes, `activation` between."""

    layers: list[Annotated[int, Field(ge=1)]] = Field(min_length=2)
    activation: Literal["leaky_relu", "relu", "tanh"] = "leaky_relu"
    #: negative slope of `leaky_relu`
    slope: float = Field(default=0.01, gt=0, lt=1)


class OptimizerSpec(_Model):
    """`torch.optim.SGD` (lr, momentum) or `torch.optim.Adam` (lr, betas)."""

    type: Literal["sgd", "adam"]
    lr: float = Field(gt=0)
    momentum: float = Field(default=0.0, ge=0, lt=1)
    betas: tuple[float, float] = (0.9, 0.999)


class GanSpec(_Model):
    """Consecutive training steps of a small GAN, compared parameter by parameter.

    The models and optimizers are built from this description both in the sandbox (for the
    candidate) and in the grader (for the reference step): `grader/sandbox/_models.py`.
    """

    function: str
    generator: MlpSpec
    discriminator: MlpSpec
    batch: int = Field(ge=1)
    calls: int = Field(ge=2)
    #: one run of `calls` steps per optimizer (both players use the same kind)
    optimizers: list[OptimizerSpec]

    @property
    def latent(self) -> int:
        return self.generator.layers[0]

    @property
    def data_dim(self) -> int:
        return self.generator.layers[-1]

    @model_validator(mode="after")
    def _players_fit(self) -> "GanSpec":
        if self.discriminator.layers[0] != self.data_dim:
            raise ValueError(f"the discriminator takes {self.discriminator.layers[0]} features but "
                             f"the generator makes {self.data_dim}")
        if self.discriminator.layers[-1] != 1:
            raise ValueError("the discriminator must output one logit per sample")
        return self


CheckName = Literal[
    "values", "gradients", "grad_consistency", "inputs_unchanged", "stability",
    "steps", "dropout", "gan", "distribution", "expressions",
]
CHECK_NAMES: tuple[str, ...] = CheckName.__args__  # type: ignore[attr-defined]


class CodingTask(_Model):
    """A coding task of `TASKS.md`: what to write, how it is graded, how to get there."""

    id: str = Field(pattern=_IDENT)
    topic: str = Field(pattern=_IDENT)
    title: Text
    difficulty: int = Field(ge=1, le=3)
    prompt: Text
    functions: list[FunctionSpec] = Field(min_length=1)
    #: `numpy` or `torch` when the contract fixes the framework (*NumPy only*, *torch only*).
    framework: Literal["numpy", "torch"] | None = None
    cases: list[Case] = Field(default_factory=list)
    stability_cases: list[Case] = Field(default_factory=list)
    tolerance: Tolerance = Tolerance()
    checks: list[CheckName] = Field(min_length=1)
    trajectory: TrajectorySpec | None = None
    dropout: DropoutSpec | None = None
    gan: GanSpec | None = None
    distributions: list[DistributionSpec] = Field(default_factory=list)
    expressions: ExpressionSpec | None = None
    #: seconds one call of a candidate's function may take (the parent's clock); the
    #: default suits vectorised code on small inputs; raise it for tasks that need more
    call_limit: float = Field(default=2.0, gt=0, le=60)
    #: inputs may come back changed by rounding, each within this fraction of max(1, |x|)
    #: (`numerical_gradient` perturbs x and restores it); 0: exactly unchanged
    restore_rtol: float = Field(default=0.0, ge=0, le=1e-6)
    #: library operations that do the whole task (`torch.nn.functional.conv2d`), or `.name`
    #: for a method of any object (`x.sigmoid()`): a submission using one gets a note, and
    #: fails the `from_scratch` check under `--from-scratch`
    library_ops: list[str] = Field(default_factory=list)
    #: bug signatures to try when a value fails (beyond the generic factor, sign, transpose)
    signatures: list[Annotated[Union[PermutedBlocks, OtherValue, Mistake],
                               Field(discriminator="kind")]] = \
        Field(default_factory=list)
    hints: list[Text] = Field(min_length=1)
    explanation: Text
    tags: list[str] = Field(default_factory=list)

    def function(self, name: str) -> FunctionSpec:
        for f in self.functions:
            if f.name == name:
                return f
        raise KeyError(name)

    @property
    def forward_functions(self) -> list[FunctionSpec]:
        """Forward functions the candidate writes (not the `provided` ones)."""
        return [f for f in self.functions if f.backward_of is None and not f.provided]

    @property
    def written_functions(self) -> list[FunctionSpec]:
        """Every function the candidate must define."""
        return [f for f in self.functions if not f.provided]

    def backward_for(self, forward: str) -> FunctionSpec | None:
        return next((f for f in self.functions if f.backward_of == forward), None)

    @model_validator(mode="after")
    def _consistent(self) -> "CodingTask":
        names = [f.name for f in self.functions]
        problems = []
        if len(set(names)) != len(names):
            problems.append(f"function names repeat: {names}")
        for f in self.functions:
            if f.provided and (f.backward_of is not None or f.reference is None):
                problems.append(f"{f.name}: a provided function is a forward with a reference")
            if f.upstream and f.backward_of is None:
                problems.append(f"{f.name}: `upstream` belongs to a backward function")
            if f.backward_of is not None:
                if f.backward_of not in names:
                    problems.append(f"{f.name}: backward_of {f.backward_of!r} is not a function here")
                else:
                    fwd_spec = self.function(f.backward_of)
                    fwd = fwd_spec.params
                    bad = [w for w in f.wrt if w not in fwd]
                    if bad or not f.wrt:
                        problems.append(f"{f.name}: wrt {f.wrt} must name arguments of {fwd}")
                    odd = [o for o in f.upstream if o not in fwd_spec.outputs]
                    if odd:
                        problems.append(f"{f.name}: upstream {odd} are not outputs of "
                                        f"{fwd_spec.name} {fwd_spec.outputs}")
            else:
                bad = [w for w in f.wrt if w not in f.params]
                if bad:
                    problems.append(f"{f.name}: wrt names unknown arguments {bad}")
                for o in f.value_grads + ([f.loss_output] if f.loss_output else []):
                    if o not in f.outputs:
                        problems.append(f"{f.name}: {o!r} is not one of outputs {f.outputs}")
        for d in self.distributions:
            if d.function not in names:
                problems.append(f"distributions: {d.function!r} is not a function here")
            else:
                params = self.function(d.function).params
                odd = [a for a in [d.rng, *d.shape] if a not in params]
                if odd:
                    problems.append(f"distributions: {d.function} has no argument {odd}")
        for f in self.functions:
            if f.fed_by is not None:
                if f.fed_by.function not in names:
                    problems.append(f"{f.name}: fed_by {f.fed_by.function!r} is not a function here")
                odd = [a for a in f.fed_by.args if a not in f.params]
                if odd:
                    problems.append(f"{f.name}: fed_by names unknown arguments {odd}")
        for sig in self.signatures:
            if sig.kind == "mistake" and sig.function not in names:
                problems.append(f"signature {sig.reference}: function {sig.function!r} is not "
                                "a function here")
        if "grad_consistency" in self.checks and not any(
                f.loss_output or (f.backward_of and not self.function(f.backward_of).provided)
                for f in self.functions if f.backward_of is None or f.backward_of in names):
            problems.append("check 'grad_consistency' needs a backward of a forward the candidate "
                            "writes, or a `loss_output`")
        if not self.written_functions:
            problems.append("every function is `provided`: nothing is asked of the candidate")
        for i, case in enumerate(self.cases + self.stability_cases):
            params = set().union(*(set(f.params) for f in self.functions if f.backward_of is None))
            unknown = sorted(set(case) - params)
            if unknown:
                problems.append(f"case {i}: unknown arguments {unknown}")
        needs = {"steps": self.trajectory, "dropout": self.dropout, "gan": self.gan,
                 "distribution": self.distributions or None, "expressions": self.expressions}
        for check, spec in needs.items():
            if check in self.checks and spec is None:
                section = {"steps": "trajectory", "distribution": "distributions"}.get(check, check)
                problems.append(f"check {check!r} needs a `{section}` section")
        if "stability" in self.checks and not self.stability_cases:
            problems.append("check 'stability' needs `stability_cases`")
        if {"values", "gradients", "grad_consistency"} & set(self.checks) \
                and not self.cases:
            problems.append("value and gradient checks need `cases`")
        if problems:
            raise ValueError("; ".join(problems))
        return self


class BankFile(_Model):
    """One `questions/<topic>.yaml` file."""

    tasks: list[CodingTask] = Field(default_factory=list)
    questions: list[ConceptQuestion] = Field(default_factory=list)



def bank_json_schema() -> dict:
    """JSON Schema of a bank file, as `quiz schema` prints and `questions/_schema.json` holds."""
    schema = BankFile.model_json_schema(by_alias=True)
    schema["title"] = "quiz question bank"
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return schema
