"""Expression programs: how a task grades a class by what its objects compute (the `Value`
of `scalar_autograd`).

A program is a list of steps; step k makes node k from earlier nodes with one of `OPS`
(Python operators and the methods a contract lists), or a leaf from a number. The same
function builds it from the candidate's class inside the sandbox and from float64 PyTorch
scalars in the grader, whose autograd is the oracle. Like `_models.py`, the worker gets
this source concatenated into its own, so it imports nothing.

Steps: `["leaf", 0.7]`, `["mul", 3, 1]` (node 3 * node 1), `["radd_num", 2.0, 4]`
(2.0 + node 4), `["pow_num", 2, 3.0]` (node 2 ** 3.0), `["tanh", 5]`, ...
"""

#: op -> (function, operand kinds): "n" a node index, "c" a number
OPS = {
    "add": (lambda a, b: a + b, "nn"), "sub": (lambda a, b: a - b, "nn"),
    "mul": (lambda a, b: a * b, "nn"), "div": (lambda a, b: a / b, "nn"),
    "add_num": (lambda a, c: a + c, "nc"), "radd_num": (lambda c, a: c + a, "cn"),
    "sub_num": (lambda a, c: a - c, "nc"), "rsub_num": (lambda c, a: c - a, "cn"),
    "mul_num": (lambda a, c: a * c, "nc"), "rmul_num": (lambda c, a: c * a, "cn"),
    "div_num": (lambda a, c: a / c, "nc"), "rdiv_num": (lambda c, a: c / a, "cn"),
    "pow_num": (lambda a, c: a ** c, "nc"), "neg": (lambda a: -a, "n"),
    "tanh": (lambda a: a.tanh(), "n"), "relu": (lambda a: a.relu(), "n"),
    "exp": (lambda a: a.exp(), "n"), "log": (lambda a: a.log(), "n"),
}

#: how a step reads in a message: "node 3 * node 1"
SHOW = {"add": "{} + {}", "sub": "{} - {}", "mul": "{} * {}", "div": "{} / {}",
        "add_num": "{} + {}", "radd_num": "{} + {}", "sub_num": "{} - {}", "rsub_num": "{} - {}",
        "mul_num": "{} * {}", "rmul_num": "{} * {}", "div_num": "{} / {}", "rdiv_num": "{} / {}",
        "pow_num": "{} ** {}", "neg": "-{}", "tanh": "{}.tanh()", "relu": "{}.relu()",
        "exp": "{}.exp()", "log": "{}.log()"}


def build_program(steps, make_leaf):
    """The nodes of a program, node k made by step k; `make_leaf(number)` makes a leaf.

    An exception from a step is re-raised with the step's place, as
    `ProgramError(k, step, exc)`."""
    nodes = []
    for k, step in enumerate(steps):
        try:
            if step[0] == "leaf":
                nodes.append(make_leaf(float(step[1])))
                continue
            fn, kinds = OPS[step[0]]
            operands = [nodes[v] if kind == "n" else float(v) for kind, v in zip(kinds, step[1:])]
            nodes.append(fn(*operands))
        except Exception as exc:
            raise ProgramError(k, step, exc) from exc
    return nodes


def show_step(step):
    """`node 3 * node 1`, `2 + node 4`, `node 5.tanh()`, `Value(0.7)`."""
    if step[0] == "leaf":
        return f"Value({step[1]:g})"
    _, kinds = OPS[step[0]]
    parts = [f"node {v}" if kind == "n" else f"{float(v):g}" for kind, v in zip(kinds, step[1:])]
    return SHOW[step[0]].format(*parts)


class ProgramError(Exception):
    def __init__(self, index, step, exc):
        self.index, self.step, self.exc = index, step, exc
        super().__init__(f"node {index} = {show_step(step)}: {type(exc).__name__}: {exc}")
