"""Load question-bank YAML files into validated models, reporting every problem at once.

Each problem is one line `file:line: path.to.field: message`; the line comes from the YAML
node the pydantic error points at (or its nearest parent that has one).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

import yaml
from pydantic import TypeAdapter, ValidationError

from ..errors import BankError, UsageError
from .questions import ConceptQuestion
from .schema import CodingTask, Text

__all__ = ["Bank", "load_bank", "load_bank_files", "read_bank_files", "load_topics", "data_dir",
           "bank_paths"]


def data_dir(name: str) -> Path:
    """Directory of shipped data (`questions`, `templates`, `solutions`).

    An installed wheel carries them in `grader/_data/`; a checkout has them at the top.
    """
    pkg = Path(__file__).resolve().parent.parent
    for candidate in (pkg / "_data" / name, pkg.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"shipped data folder {name!r} not found next to {pkg}")


def banks_dir() -> Path:
    """`$QUIZ_BANKS` (a folder of bank files of your own), else the shipped `questions/`."""
    env = os.environ.get("QUIZ_BANKS")
    return Path(env).expanduser() if env else data_dir("questions")


def bank_paths() -> list[Path]:
    """The bank files (files starting with `_` hold metadata, not questions)."""
    return sorted(p for p in banks_dir().glob("*.yaml") if not p.name.startswith("_"))


def load_topics() -> dict[str, Text]:
    """The topic catalogue (`_topics.yaml`): id -> title in both languages."""
    return {k: v[0] for k, v in _topic_catalogue().items()}


def load_topic_points() -> dict[str, list[Text]]:
    """The key points of each topic (for study guides), in both languages."""
    return {k: v[1] for k, v in _topic_catalogue().items()}


def _topic_catalogue() -> dict[str, tuple[Text, list[Text]]]:
    path = banks_dir() / "_topics.yaml"
    if not path.is_file():
        path = data_dir("questions") / "_topics.yaml"
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    out = {}
    for k, v in raw["topics"].items():
        points = [Text.model_validate(p) for p in (v.get("points") or [])]
        out[k] = (Text(en=v["en"], zh=v["zh"]), points)
    return out


_KIND_TAGS = {"mcq", "multi", "true_false", "numeric", "short", "spot_the_bug"}


class _LineLoader(yaml.SafeLoader):
    """A safe loader that remembers the line of every mapping key and sequence item."""


def _compose_with_lines(text: str, name: str) -> tuple[Any, dict[tuple, int]]:
    loader = _LineLoader(text)
    loader.name = name
    try:
        node = loader.get_single_node()
    finally:
        loader.dispose()
    lines: dict[tuple, int] = {}

    def walk(n: yaml.Node, path: tuple) -> Any:
        lines.setdefault(path, n.start_mark.line + 1)
        if isinstance(n, yaml.MappingNode):
            out = {}
            for k, v in n.value:
                key = _LineLoader.construct_object(loader, k, deep=True)
                lines[path + (key,)] = k.start_mark.line + 1
                out[key] = walk(v, path + (key,))
            return out
        if isinstance(n, yaml.SequenceNode):
            return [walk(v, path + (i,)) for i, v in enumerate(n.value)]
        return loader.construct_object(n, deep=True)

    data = walk(node, ()) if node is not None else None
    return data, lines


def _line_for(loc: tuple, lines: dict[tuple, int]) -> int:
    loc = tuple(loc)
    while loc:
        if loc in lines:
            return lines[loc]
        loc = loc[:-1]
    return lines.get((), 1)


_TASK = TypeAdapter(CodingTask)
_QUESTION = TypeAdapter(ConceptQuestion)


def _validate_items(raw: Any, path: Path, lines: dict[tuple, int], problems: list[str]):
    """Validate every task and question on its own, so one bad item hides no other problem."""
    if not isinstance(raw, dict) or set(raw) - {"tasks", "questions"}:
        extra = sorted(set(raw) - {"tasks", "questions"}) if isinstance(raw, dict) else []
        problems.append(f"{path}:1: (file): expected a mapping with `tasks` and/or `questions`"
                        + (f"; unknown keys {extra}" if extra else ""))
        return [], []
    out: dict[str, list] = {"tasks": [], "questions": []}
    for key, adapter in (("tasks", _TASK), ("questions", _QUESTION)):
        items = raw.get(key) or []
        if not isinstance(items, list):
            problems.append(f"{path}:{_line_for((key,), lines)}: {key}: expected a list")
            continue
        for i, item in enumerate(items):
            try:
                out[key].append((i, adapter.validate_python(item)))
            except ValidationError as exc:
                for err in exc.errors():
                    loc = (key, i, *err["loc"])
                    # drop the union tag pydantic inserts after a question's index ("mcq")
                    loc = tuple(p for j, p in enumerate(loc)
                                if not (p in _KIND_TAGS and j and isinstance(loc[j - 1], int)))
                    shown = ".".join(str(p) for p in loc if not str(p).startswith("function-"))
                    msg = err["msg"].removeprefix("Value error, ")
                    problems.append(f"{path}:{_line_for(loc, lines)}: {shown}: {msg}")
    return out["tasks"], out["questions"]


@dataclass(frozen=True)
class Bank:
    """Every coding task and concept question of the loaded bank files, by id."""

    tasks: dict[str, CodingTask]
    sources: dict[str, str]  # task or question id -> "file:line"
    questions: dict[str, Any] = field(default_factory=dict)
    topics: dict[str, Text] = field(default_factory=dict)
    topic_points: dict[str, list[Text]] = field(default_factory=dict)

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


def load_bank_files(paths: Iterable[Path]) -> Bank:
    """Load and validate bank files; raise `BankError` with every problem found."""
    bank, problems = read_bank_files(paths)
    if problems:
        raise BankError(problems)
    return bank


def read_bank_files(paths: Iterable[Path]) -> tuple[Bank, list[str]]:
    """Load what validates, and list every problem (`file:line: field: message`)."""
    problems: list[str] = []
    tasks: dict[str, CodingTask] = {}
    questions: dict[str, Any] = {}
    sources: dict[str, str] = {}
    try:
        topics, points = load_topics(), load_topic_points()
    except (OSError, KeyError, TypeError, ValueError, yaml.YAMLError) as exc:
        topics, points = {}, {}
        problems.append(f"questions/_topics.yaml: cannot read the topic catalogue: {exc}")
    for path in paths:
        path = Path(path)
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            problems.append(f"{path}: cannot read: {exc}")
            continue
        try:
            raw, lines = _compose_with_lines(text, str(path))
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            where = f"{path}:{mark.line + 1}" if mark else str(path)
            problems.append(f"{where}: YAML syntax: {getattr(exc, 'problem', exc)}")
            continue
        if raw is None:
            raw = {}
        bank_tasks, bank_questions = _validate_items(raw, path, lines, problems)
        for i, task in bank_tasks:
            where = f"{path}:{_line_for(('tasks', i), lines)}"
            if task.id in tasks:
                problems.append(f"{where}: tasks.{i}.id: duplicate task id {task.id!r} "
                                f"(first at {sources[task.id]})")
                continue
            if task.topic != path.stem:
                problems.append(f"{where}: tasks.{i}.topic: {task.topic!r} is not this file's "
                                f"topic {path.stem!r}")
            tasks[task.id] = task
            sources[task.id] = where
        for i, q in bank_questions:
            where = f"{path}:{_line_for(('questions', i), lines)}"
            if q.id in questions or q.id in tasks:
                problems.append(f"{where}: questions.{i}.id: duplicate id {q.id!r} "
                                f"(first at {sources[q.id]})")
                continue
            if topics and q.topic not in topics:
                problems.append(f"{where}: questions.{i}.topic: unknown topic {q.topic!r}")
            elif q.topic != path.stem:
                problems.append(f"{where}: questions.{i}.topic: {q.topic!r} is not this file's "
                                f"topic {path.stem!r}")
            questions[q.id] = q
            sources[q.id] = where
    return Bank(tasks=tasks, sources=sources, questions=questions, topics=topics,
                topic_points=points), problems


_cache: dict[Path, Bank] = {}


def load_bank() -> Bank:
    """The banks of `banks_dir()` (cached per folder)."""
    root = banks_dir()
    if root not in _cache:
        _cache[root] = load_bank_files(bank_paths())
    return _cache[root]
