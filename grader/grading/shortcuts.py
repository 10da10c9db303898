"""Which library operations a submission calls that do a task's whole job (`F.conv2d` in conv2d).

Read from the submission's syntax tree in the parent, never by running it. Import aliases
are followed (`import torch.nn.functional as F`, `from torch.nn import functional`,
`from torch import sigmoid as s`), so `F.conv2d(...)` is reported as
`torch.nn.functional.conv2d`. A task lists such operations in its YAML (`library_ops`): a
dotted name, or `.name` for a method of that name on any object (`x.sigmoid()`).

This is a note for the interviewer, not a proof: code can hide a call (`getattr(torch,
"sig" + "moid")`). Correctness stays what the checks measure; `--from-scratch` turns a note
into a failed check.
"""

from __future__ import annotations

import ast

__all__ = ["library_calls", "shortcut_notes", "AUTOGRAD_OPS"]

#: Ways to let autograd compute what a NumPy task's `*_backward` must derive by hand.
AUTOGRAD_OPS = ("torch.autograd.grad", "torch.autograd.backward", "torch.func.grad",
                "torch.func.vjp", "torch.autograd.functional.vjp", "torch.autograd.functional.jacobian",
                ".backward", "jax.grad", "jax.vjp")


def library_calls(source: str) -> set[str]:
    """Dotted names of the module attributes a source uses, and `.method` names it calls."""
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return set()
    aliases: dict[str, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for a in node.names:
                if a.asname:
                    aliases[a.asname] = a.name
                else:
                    top = a.name.split(".")[0]
                    aliases[top] = top
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            for a in node.names:
                aliases[a.asname or a.name] = f"{node.module}.{a.name}"
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute):
            dotted = _dotted(node, aliases)
            if dotted:
                found.add(dotted)
            if isinstance(getattr(node, "ctx", None), ast.Load):
                found.add("." + node.attr)
        elif isinstance(node, ast.Name) and node.id in aliases:
            found.add(aliases[node.id])
    return found


def _dotted(node: ast.AST, aliases: dict[str, str]) -> str | None:
    parts = []
    for _ in range(64):  # bounded: no recursion on a hostile tree
        if isinstance(node, ast.Attribute):
            parts.append(node.attr)
            node = node.value
        elif isinstance(node, ast.Name):
            if node.id not in aliases:
                return None
            parts.append(aliases[node.id])
            return ".".join(reversed(parts))
        else:
            return None
    return None


def shortcut_notes(ops: list[str], calls: set[str], *, numpy_backward: bool) -> list[str]:
    """One note per listed operation the submission uses (and autograd in a NumPy backward)."""
    notes, matched = [], []
    for op in (o for o in ops if not o.startswith(".")):
        if op in calls or any(c.startswith(op + ".") for c in calls):
            matched.append(op)
            notes.append(f"uses {op}, which does the whole task")
    for op in (o for o in ops if o.startswith(".")):
        if op in calls and not any(m.endswith(op) for m in matched):
            notes.append(f"uses the method {op[1:]}(), which does the whole task")
    if numpy_backward:
        used = [op for op in AUTOGRAD_OPS if op in calls]
        if used:
            what = used[0][1:] + "()" if used[0].startswith(".") else used[0]
            notes.append(f"uses {what}: autograd, not a backward pass derived by hand")
    return notes
