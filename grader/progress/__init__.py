"""Progress: the SQLite store of answers and schedules, and FSRS scheduling."""

from .store import ProgressStore, default_home
from .schedule import Scheduler, Rating

__all__ = ["ProgressStore", "Rating", "Scheduler", "default_home"]
