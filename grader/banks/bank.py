"""A loaded question bank: its coding tasks and concept questions by id, and the topics."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from ..errors import UsageError
from .schema import CodingTask, Text

__all__ = ["Bank", "OnFirstUse"]


@dataclass(frozen=True)
class Bank:
    """Every coding task and concept question of the loaded bank files, by id.

    In the bank of `load_bank()` all but `tasks` are `OnFirstUse` mappings: read from the
    files (and checked, so `BankError` may come from there) when first used.
    """

    tasks: dict[str, CodingTask]
    sources: Mapping[str, str]  # task or question id -> "file:line"
    questions: Mapping[str, Any] = field(default_factory=dict)
    topics: Mapping[str, Text] = field(default_factory=dict)
    topic_points: Mapping[str, list[Text]] = field(default_factory=dict)

    def task(self, task_id: str) -> CodingTask:
        return self.tasks[task_id]

    def require_topics(self, topics: Iterable[str]) -> list[str]:
        """The given topics (all of them when none is given); UsageError for an unknown one."""
        topics = list(dict.fromkeys(topics))
        unknown = [t for t in topics if t not in self.topics]
        if unknown:
            raise UsageError(f"unknown topic {', '.join(map(repr, unknown))}; topics: "
                             f"{', '.join(sorted(self.topics))}")
        return topics or sorted(self.topics)

    def require_tasks(self, task_ids: Iterable[str]) -> list[CodingTask]:
        """The given coding tasks; UsageError naming the known ids for an unknown one."""
        task_ids = list(dict.fromkeys(task_ids))
        unknown = [t for t in task_ids if t not in self.tasks]
        if unknown:
            raise UsageError(f"unknown task id {', '.join(map(repr, unknown))}; known: "
                             f"{', '.join(sorted(self.tasks))} (see `quiz tasks`)")
        return [self.tasks[t] for t in task_ids]


class OnFirstUse(Mapping):
    """A read-only mapping made on first use: the parts of a bank that grading never reads."""

    def __init__(self, make: Callable[[], Mapping]) -> None:
        self._make = make
        self._data: Mapping | None = None

    def _get(self) -> Mapping:
        if self._data is None:
            self._data = self._make()
        return self._data

    def __getitem__(self, key: Any) -> Any:
        return self._get()[key]

    def __iter__(self) -> Iterator:
        return iter(self._get())

    def __len__(self) -> int:
        return len(self._get())

    def __repr__(self) -> str:
        return repr(self._data) if self._data is not None else "<loaded on first use>"
