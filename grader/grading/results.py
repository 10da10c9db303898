"""The outcome of grading: one `CheckResult` per check, grouped by task, with the seed."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

__all__ = ["CheckResult", "TaskResult", "GradeResult", "Status", "check_weight"]

Status = Literal["passed", "failed", "error", "timeout", "not_gradable"]

#: What a check is worth in a task's score: a wrong forward or a wrong update costs more
#: than an in-place write. Matched by name prefix, first match wins; unlisted checks weigh 1.
CHECK_WEIGHTS: tuple[tuple[str, float], ...] = (
    ("values", 3.0), ("steps", 3.0), ("gan: steps", 3.0), ("dropout: statistics", 3.0),
    ("distribution: rng", 1.0), ("distribution", 3.0), ("expressions: values", 3.0),
    ("expressions: gradients", 2.0),
    ("load", 3.0), ("gradients", 2.0), ("from_scratch", 2.0), ("grad_consistency", 1.0),
    ("stability", 1.0), ("inputs_unchanged", 0.5),
)


def check_weight(name: str) -> float:
    """The weight of a check in its task's score, by the check's name."""
    return next((w for prefix, w in CHECK_WEIGHTS if name.startswith(prefix)), 1.0)


@dataclass
class CheckResult:
    name: str
    status: Status
    message: str = ""
    device: str | None = None
    #: the failed check this failure follows from (a gradient of a wrong forward)
    follows: str | None = None

    @property
    def passed(self) -> bool:
        return self.status == "passed"

    @property
    def weight(self) -> float:
        return check_weight(self.name)

    def to_json(self) -> dict[str, Any]:
        d = {"name": self.name, "status": self.status, "passed": self.passed, "message": self.message,
             "weight": self.weight}
        if self.device:
            d["device"] = self.device
        if self.follows:
            d["follows"] = self.follows
        return d


@dataclass
class TaskResult:
    id: str
    title: str
    framework: str
    checks: list[CheckResult] = field(default_factory=list)
    devices: list[str] = field(default_factory=list)
    output: str = ""
    #: what was seen inside the sandbox (warnings, hook counts): shown, never counted
    advice: list[str] = field(default_factory=list)
    #: library operations the file calls that do the whole task ("uses F.conv2d, ...")
    shortcuts: list[str] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return bool(self.checks) and all(c.passed for c in self.checks)

    @property
    def score(self) -> float:
        """Weighted share of passed checks (`CHECK_WEIGHTS`)."""
        total = sum(c.weight for c in self.checks)
        return sum(c.weight for c in self.checks if c.passed) / total if total else 0.0

    def to_json(self) -> dict[str, Any]:
        d = {"id": self.id, "title": self.title, "passed": self.passed, "score": round(self.score, 4),
             "framework": self.framework, "devices": self.devices,
             "checks": [c.to_json() for c in self.checks]}
        if self.output:
            d["output"] = self.output
        if self.advice:
            d["advice"] = self.advice
        if self.shortcuts:
            d["shortcuts"] = self.shortcuts
        return d


@dataclass
class GradeResult:
    file: str
    seed: int
    tasks: list[TaskResult]
    isolation: dict[str, Any]
    notes: list[str] = field(default_factory=list)
    versions: dict[str, str] = field(default_factory=dict)
    #: the graded source (a notebook's code cells joined), for reports that show it; not in JSON
    source: str | None = field(default=None, repr=False, compare=False)

    @property
    def passed(self) -> bool:
        return bool(self.tasks) and all(t.passed for t in self.tasks)

    @property
    def score(self) -> float:
        return sum(t.score for t in self.tasks) / len(self.tasks) if self.tasks else 0.0

    def to_json(self) -> dict[str, Any]:
        return {"passed": self.passed, "score": round(self.score, 4), "seed": self.seed,
                "file": self.file, "tasks": [t.to_json() for t in self.tasks],
                "isolation": self.isolation, "notes": self.notes, "versions": self.versions}

    @classmethod
    def from_json(cls, d: dict[str, Any], *, source: str | None = None) -> "GradeResult":
        """The result `to_json` wrote (a batch's journal, a cluster worker's answer)."""
        tasks = []
        for t in d["tasks"]:
            checks = [CheckResult(c["name"], c["status"], c.get("message", ""), c.get("device"),
                                  c.get("follows")) for c in t["checks"]]
            tasks.append(TaskResult(t["id"], t["title"], t["framework"], checks,
                                    list(t.get("devices", [])), t.get("output", ""),
                                    list(t.get("advice", [])), list(t.get("shortcuts", []))))
        return cls(d["file"], int(d["seed"]), tasks, dict(d.get("isolation", {})),
                   list(d.get("notes", [])), dict(d.get("versions", {})), source=source)
