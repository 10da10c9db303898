"""The outcome of grading: one `CheckResult` per check, grouped by task, with the seed."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

__all__ = ["CheckResult", "TaskResult", "GradeResult", "Status"]

Status = Literal["passed", "failed", "error", "timeout", "not_gradable"]


@dataclass
class CheckResult:
    name: str
    status: Status
    message: str = ""
    device: str | None = None

    @property
    def passed(self) -> bool:
        return self.status == "passed"

    def to_json(self) -> dict[str, Any]:
        d = {"name": self.name, "status": self.status, "passed": self.passed, "message": self.message}
        if self.device:
            d["device"] = self.device
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

    @property
    def passed(self) -> bool:
        return bool(self.checks) and all(c.passed for c in self.checks)

    @property
    def score(self) -> float:
        return sum(c.passed for c in self.checks) / len(self.checks) if self.checks else 0.0

    def to_json(self) -> dict[str, Any]:
        d = {"id": self.id, "title": self.title, "passed": self.passed, "score": round(self.score, 4),
             "framework": self.framework, "devices": self.devices,
             "checks": [c.to_json() for c in self.checks]}
        if self.output:
            d["output"] = self.output
        if self.advice:
            d["advice"] = self.advice
        return d


@dataclass
class GradeResult:
    file: str
    seed: int
    tasks: list[TaskResult]
    isolation: dict[str, Any]
    notes: list[str] = field(default_factory=list)
    versions: dict[str, str] = field(default_factory=dict)

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
