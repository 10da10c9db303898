"""The grading engine: inputs, checks, comparisons and results."""

from .engine import GradeOptions, grade_file, select_tasks
from .results import CheckResult, GradeResult, TaskResult

__all__ = ["CheckResult", "GradeOptions", "GradeResult", "TaskResult", "grade_file", "select_tasks"]
