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
        """The given topics by their ids (any case), all of them when none is given;
        UsageError for an unknown one, with the nearest ids."""
        names = _resolve(topics, self.topics, "topic", f"topics: {', '.join(sorted(self.topics))}")
        return names or sorted(self.topics)

    def require_tasks(self, task_ids: Iterable[str]) -> list[CodingTask]:
        """The given coding tasks (ids in any case); UsageError for an unknown one, with the
        nearest ids."""
        names = _resolve(task_ids, self.tasks, "task id", "see `quiz tasks` for all of them")
        return [self.tasks[t] for t in names]


def _resolve(given: Iterable[str], known: Mapping, noun: str, listing: str) -> list[str]:
    """Each given name as a known id (exact, else case-insensitive), in order, once;
    UsageError naming the unknown ones and what they are probably meant to be."""
    import difflib

    by_lower = {k.lower(): k for k in known}
    out, unknown = [], []
    for name in dict.fromkeys(given):
        match = name if name in known else by_lower.get(name.lower())
        if match is None:
            unknown.append(name)
        elif match not in out:
            out.append(match)
    if unknown:
        guesses = []
        for name in unknown:
            near = difflib.get_close_matches(name.lower(), list(by_lower), n=3, cutoff=0.6)
            guesses += [by_lower[n] for n in near]
        hint = f" (did you mean {' or '.join(map(repr, dict.fromkeys(guesses)))}?)" if guesses else ""
        plural = "s" if len(unknown) > 1 else ""
        raise UsageError(f"unknown {noun}{plural} {', '.join(map(repr, unknown))}{hint}; {listing}")
    return out


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
