"""The user's schedule settings, kept in the progress store: desired retention and FSRS parameters.

`desired_retention` is the chance of recalling a card on its due day that the intervals aim
for (fsrs's default 0.9; `quiz practice --retention R` or `quiz stats --retention R` set it).
The parameters are fsrs's defaults until `quiz stats --optimize` fits them to the user's own
review log (`fitting.py`). A setting that cannot be used (edited by hand, out of range, written
for another fsrs's number of parameters) reads as the default: a setting never stops practice.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Callable, Sequence

from fsrs.scheduler import DEFAULT_PARAMETERS, LOWER_BOUNDS_PARAMETERS, UPPER_BOUNDS_PARAMETERS

from .schedule import Scheduler, utcnow
from .store import ProgressStore

__all__ = ["ScheduleSettings", "load_settings", "save_retention", "save_parameters", "scheduler_for",
           "RETENTION_MIN", "RETENTION_MAX", "DEFAULT_RETENTION"]

#: The range of desired retention a person may set: below 0.7 most cards are forgotten by
#: their due day; above 0.99 intervals stop growing (fsrs's optimal-retention search spans 0.7–0.95).
RETENTION_MIN, RETENTION_MAX = 0.7, 0.99
DEFAULT_RETENTION = 0.9
_RETENTION, _PARAMETERS = "desired_retention", "fsrs_parameters"


@dataclass(frozen=True)
class ScheduleSettings:
    """What the user's scheduler is built with, and where its parameters came from."""

    desired_retention: float = DEFAULT_RETENTION
    parameters: tuple[float, ...] = tuple(DEFAULT_PARAMETERS)
    #: the number of reviews the parameters were fitted on; None: fsrs's defaults
    fitted_on: int | None = None
    fitted_at: datetime | None = None

    @property
    def source(self) -> str:
        return "default" if self.fitted_on is None else "fitted"

    def to_json(self) -> dict[str, Any]:
        return {"desired_retention": self.desired_retention, "parameters": list(self.parameters),
                "source": self.source, "fitted_on_reviews": self.fitted_on,
                "fitted_at": self.fitted_at.isoformat(timespec="seconds") if self.fitted_at else None}


def load_settings(store: ProgressStore) -> ScheduleSettings:
    """The user's settings; each one missing or unusable reads as its default."""
    retention = _json(store.setting(_RETENTION))
    if not (isinstance(retention, (int, float)) and RETENTION_MIN <= retention <= RETENTION_MAX):
        retention = DEFAULT_RETENTION
    fit = _json(store.setting(_PARAMETERS))
    try:
        parameters = tuple(float(w) for w in fit["parameters"])
        fitted_on, fitted_at = int(fit["reviews"]), datetime.fromisoformat(fit["fitted_at"])
    except (TypeError, KeyError, ValueError):
        return ScheduleSettings(desired_retention=float(retention))
    if not _in_bounds(parameters):
        return ScheduleSettings(desired_retention=float(retention))
    return ScheduleSettings(float(retention), parameters, fitted_on, fitted_at)


def save_retention(store: ProgressStore, retention: float, *, when: datetime) -> None:
    """Store the desired retention for every later schedule.

    Raises:
        ValueError: `retention` is outside [RETENTION_MIN, RETENTION_MAX] (the CLI's option
            range says so to the user first).
    """
    if not RETENTION_MIN <= retention <= RETENTION_MAX:
        raise ValueError(f"desired retention must be in [{RETENTION_MIN}, {RETENTION_MAX}], got {retention!r}")
    store.set_setting(_RETENTION, json.dumps(float(retention)), when=when)


def save_parameters(store: ProgressStore, parameters: Sequence[float], *, reviews: int, when: datetime) -> None:
    """Store parameters fitted on `reviews` reviews for every later schedule.

    Raises:
        ValueError: not one value per FSRS parameter, or one outside fsrs's bounds.
    """
    parameters = tuple(float(w) for w in parameters)
    if not _in_bounds(parameters):
        raise ValueError(f"not a set of FSRS parameters within fsrs's bounds: {parameters!r}")
    store.set_setting(_PARAMETERS, json.dumps({"parameters": parameters, "reviews": reviews,
                                               "fitted_at": when.isoformat(timespec="seconds")}), when=when)


def scheduler_for(store: ProgressStore, *, clock: Callable[[], datetime] = utcnow, fuzz: bool = True) -> Scheduler:
    """The user's scheduler: their desired retention and their parameters (fitted or default)."""
    settings = load_settings(store)
    return Scheduler(clock=clock, desired_retention=settings.desired_retention, fuzz=fuzz,
                     parameters=settings.parameters)


def _json(text: str | None) -> Any:
    try:
        return json.loads(text) if text is not None else None
    except ValueError:
        return None


def _in_bounds(parameters: tuple[float, ...]) -> bool:
    return len(parameters) == len(LOWER_BOUNDS_PARAMETERS) and all(
        lo <= w <= hi for w, lo, hi in zip(parameters, LOWER_BOUNDS_PARAMETERS, UPPER_BOUNDS_PARAMETERS))
