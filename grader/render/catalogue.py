"""The catalogue of coding tasks as a Markdown table (`quiz tasks --markdown`, the README)."""

from __future__ import annotations

from ..banks import Bank

__all__ = ["catalogue_markdown"]


def catalogue_markdown(bank: Bank, lang: str = "en") -> str:
    """One row per task, by topic: id, title, the functions to write, the framework, the checks."""
    rows = ["| task | topic | what to write | framework | graded by |", "|---|---|---|---|---|"]
    for task in sorted(bank.tasks.values(), key=lambda t: (t.topic, t.id)):
        functions = ", ".join(f"`{f.name}`" for f in task.written_functions)
        framework = {"numpy": "NumPy only", "torch": "PyTorch only"}.get(task.framework or "",
                                                                          "NumPy or PyTorch")
        title = getattr(task.title, lang).replace("|", "\\|")
        rows.append(f"| `{task.id}` | {task.topic} | {title}: {functions} | {framework} | "
                    f"{', '.join(task.checks)} |")
    return "\n".join(rows) + "\n"
