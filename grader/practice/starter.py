"""Starter files for coding tasks: signatures, the contract as docstring, no bodies."""

from __future__ import annotations

from pathlib import Path

from ..banks.schema import CodingTask
from ..errors import UsageError
from .messages import message

__all__ = ["starter_source", "write_starter"]


def starter_source(task: CodingTask, *, framework: str = "numpy", lang: str = "en") -> str:
    fw = task.framework or framework
    if task.framework and framework != task.framework:
        raise UsageError(f"{task.id} is {task.framework} only; use --framework {task.framework}")
    prompt = getattr(task.prompt, lang).strip().replace('"""', "'''")
    title = getattr(task.title, lang)
    lines = [f'r"""{title}', "", prompt, "", message("starter.grade", lang, task=task.id),
             '"""', ""]
    if fw == "torch":
        lines += ['FRAMEWORK = "torch"', "", "import torch", ""]
    else:
        lines += ["import numpy as np", ""]
    for f in task.written_functions:
        if fw == "torch" and f.backward_of is not None and task.framework != "torch":
            continue  # PyTorch submissions are differentiated by autograd
        sig = f.signature.split("->")[0].strip()
        ret = f.signature.split("->")[1].strip() if "->" in f.signature else ", ".join(f.outputs)
        lines += ["", f"def {sig}:", f'    """Return {ret}."""', "    raise NotImplementedError", ""]
    return "\n".join(lines).rstrip() + "\n"


def write_starter(task: CodingTask, path: Path, *, framework: str = "numpy", lang: str = "en",
                  force: bool = False) -> Path:
    path = Path(path)
    if path.exists() and not force:
        raise UsageError(f"{path} exists; use --force to overwrite it or -o to choose another file")
    from ..atomic import write_atomic

    return write_atomic(path, starter_source(task, framework=framework, lang=lang))
