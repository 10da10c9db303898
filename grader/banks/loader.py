"""Load question-bank YAML files into validated models, reporting every problem at once.

Each problem is one line `file:line: path.to.field: message`; the line comes from the YAML
node the pydantic error points at (or its nearest parent that has one).

`load_bank()` loads what a command needs: the coding tasks at once (all that `quiz grade`
reads), the concept questions, sources and topic catalogue on first use. A bank file that
has not changed comes from the disk cache of `cache.py` instead of being parsed again.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Iterable

import yaml
from pydantic import TypeAdapter, ValidationError

from ..errors import BankError
from .bank import Bank, OnFirstUse
from .cache import BankCache
from .parse import Lines, compose_with_lines, item_lines, safe_load
from .kind_names import QUESTION_KINDS
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
    raw = safe_load(path.read_text(encoding="utf-8"))
    out = {}
    for k, v in raw["topics"].items():
        points = [Text.model_validate(p) for p in (v.get("points") or [])]
        out[k] = (Text(en=v["en"], zh=v["zh"]), points)
    return out


_KIND_TAGS = set(QUESTION_KINDS)


def _line_for(loc: tuple, lines: Lines) -> int:
    loc = tuple(loc)
    while loc:
        if loc in lines:
            return lines[loc]
        loc = loc[:-1]
    return lines.get((), 1)


def _decode(path: Path, data: bytes) -> str:
    """The file's text as `Path.read_text` gives it (universal newlines, the same errors)."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return path.read_text(encoding="utf-8")  # raises read_text's own message
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def _parse_file(path: Path, data: bytes, cache: BankCache | None) -> tuple[Any, Lines, bool]:
    """The file's data and lines, and whether those lines are the items' only (from the cache).

    Raises:
        UnicodeDecodeError: the file is not UTF-8.
        yaml.YAMLError: the file is not valid YAML.
    """
    key = cache.key(path, data) if cache is not None else None
    if key is not None:
        hit = cache.get(key)
        if hit is not None:
            return hit[0], hit[1], True
    raw, lines = compose_with_lines(_decode(path, data), str(path))
    if key is not None:
        cache.put(key, raw, item_lines(lines))
    return raw, lines, False


_TASK = TypeAdapter(CodingTask)
_QUESTION = TypeAdapter(ConceptQuestion)


def _validate_items(raw: Any, path: Path, lines: Lines, problems: list[str], *,
                    questions: bool = True):
    """Validate every task and question on its own, so one bad item hides no other problem.

    With `questions=False` the concept questions are neither validated nor returned.
    """
    if not isinstance(raw, dict) or set(raw) - {"tasks", "questions"}:
        extra = sorted(set(raw) - {"tasks", "questions"}) if isinstance(raw, dict) else []
        problems.append(f"{path}:1: (file): expected a mapping with `tasks` and/or `questions`"
                        + (f"; unknown keys {extra}" if extra else ""))
        return [], []
    out: dict[str, list] = {"tasks": [], "questions": []}
    kinds = (("tasks", _TASK), ("questions", _QUESTION)) if questions else (("tasks", _TASK),)
    for key, adapter in kinds:
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


def load_bank_files(paths: Iterable[Path]) -> Bank:
    """Load and validate bank files; raise `BankError` with every problem found."""
    bank, problems = read_bank_files(paths)
    if problems:
        raise BankError(problems)
    return bank


def read_bank_files(paths: Iterable[Path]) -> tuple[Bank, list[str]]:
    """Load what validates, and list every problem (`file:line: field: message`)."""
    return _read_bank_files(paths)


def _read_bank_files(paths: Iterable[Path], *, cache: BankCache | None = None,
                     questions: bool = True) -> tuple[Bank, list[str]]:
    """`read_bank_files`, through `cache` if given; only the tasks if not `questions`."""
    problems: list[str] = []
    tasks: dict[str, CodingTask] = {}
    found: dict[str, Any] = {}
    sources: dict[str, str] = {}
    topics: dict[str, Text] = {}
    points: dict[str, list[Text]] = {}
    if questions:
        try:
            catalogue = _topic_catalogue()
            topics = {k: v[0] for k, v in catalogue.items()}
            points = {k: v[1] for k, v in catalogue.items()}
        except (OSError, KeyError, TypeError, ValueError, yaml.YAMLError) as exc:
            problems.append(f"questions/_topics.yaml: cannot read the topic catalogue: {exc}")
    for path in paths:
        path = Path(path)
        try:
            data = path.read_bytes()
            raw, lines, items_only = _parse_file(path, data, cache)
        except (OSError, UnicodeDecodeError) as exc:
            problems.append(f"{path}: cannot read: {exc}")
            continue
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            where = f"{path}:{mark.line + 1}" if mark else str(path)
            problems.append(f"{where}: YAML syntax: {getattr(exc, 'problem', exc)}")
            continue
        if raw is None:
            raw = {}
        seen = len(problems)
        bank_tasks, bank_questions = _validate_items(raw, path, lines, problems, questions=questions)
        if items_only and len(problems) > seen:  # a problem needs its own line: parse again
            del problems[seen:]
            lines = compose_with_lines(_decode(path, data), str(path))[1]
            bank_tasks, bank_questions = _validate_items(raw, path, lines, problems,
                                                         questions=questions)
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
            if q.id in found or q.id in tasks:
                problems.append(f"{where}: questions.{i}.id: duplicate id {q.id!r} "
                                f"(first at {sources[q.id]})")
                continue
            if topics and q.topic not in topics:
                problems.append(f"{where}: questions.{i}.topic: unknown topic {q.topic!r}")
            elif q.topic != path.stem:
                problems.append(f"{where}: questions.{i}.topic: {q.topic!r} is not this file's "
                                f"topic {path.stem!r}")
            found[q.id] = q
            sources[q.id] = where
    return Bank(tasks=tasks, sources=sources, questions=found, topics=topics,
                topic_points=points), problems


class _WholeBank:
    """Loads every file of a bank once, questions and all; raises its BankError each time."""

    def __init__(self, paths: list[Path], cache: BankCache | None) -> None:
        self.paths, self.cache = paths, cache
        self._result: Bank | BankError | None = None

    def __call__(self) -> Bank:
        if self._result is None:
            bank, problems = _read_bank_files(self.paths, cache=self.cache)
            if self.cache is not None:
                self.cache.save()
            self._result = BankError(problems) if problems else bank
        if isinstance(self._result, BankError):
            raise self._result
        return self._result


def _open_cache(root: Path) -> BankCache | None:
    try:
        return BankCache(root)
    except Exception:  # noqa: BLE001  (the cache only saves time; never let it stop a load)
        return None


_cache: dict[Path, Bank] = {}


def load_bank() -> Bank:
    """The banks of `banks_dir()` (kept per folder for the life of the process).

    The coding tasks are loaded and checked at once; the questions, sources and topics on
    first use. `BankError` (with every problem of the bank) comes from this call when a file
    cannot be parsed or a task is invalid, and from the first use of the rest otherwise.
    """
    root = banks_dir()
    if root not in _cache:
        paths = bank_paths()
        cache = _open_cache(root)
        whole = _WholeBank(paths, cache)
        tasks_only, problems = _read_bank_files(paths, cache=cache, questions=False)
        if cache is not None:
            cache.save()
        if problems:
            whole()  # report every problem of the bank, not only those of its tasks
        _cache[root] = Bank(
            tasks=tasks_only.tasks,
            sources=OnFirstUse(lambda: whole().sources),
            questions=OnFirstUse(lambda: whole().questions),
            topics=OnFirstUse(lambda: whole().topics),
            topic_points=OnFirstUse(lambda: whole().topic_points))
    return _cache[root]
