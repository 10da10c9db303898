"""A damaged or locked progress database never ends a command in a `sqlite3` traceback.

Damaged: moved aside to `progress.sqlite3.corrupt-<UTC time>` with its bytes intact, a fresh
one started, one line on stderr naming the backup. Locked by another process past the busy
timeout: one line saying so, exit 1; `quiz grade` still prints the grade and says the attempt
was not recorded.
"""

from __future__ import annotations

import sqlite3
from contextlib import closing

import pytest

from grader.errors import QuizError
from grader.progress import ProgressStore
from grader.progress.store import BUSY_TIMEOUT_S, ProgressError

DB = "progress.sqlite3"


@pytest.fixture
def home(isolated_home):
    """A progress store with one attempt in it, closed (so its write-ahead log is folded in)."""
    from datetime import datetime, timezone

    with ProgressStore(isolated_home) as store:
        store.record_attempt(task_id="sigmoid", when=datetime(2026, 3, 1, tzinfo=timezone.utc),
                             passed=True, score=1.0, seed=1, file="sigmoid.py")
    return isolated_home


def _damage_header(path) -> bytes:
    data = bytearray(path.read_bytes())
    data[:100] = b"\xde\xad\xbe\xef" * 25
    path.write_bytes(bytes(data))
    return bytes(data)


def _one_line(stderr: str) -> str:
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "Traceback" not in stderr, stderr
    return lines[0]


def test_stats_moves_a_damaged_database_aside(home, quiz_cli):
    damaged = _damage_header(home / DB)
    r = quiz_cli("stats")
    assert r.returncode == 0, r.stderr
    line = _one_line(r.stderr)
    backups = list(home.glob(f"{DB}.corrupt-*"))
    assert len(backups) == 1 and backups[0].read_bytes() == damaged  # nothing lost
    assert str(backups[0]) in line and "could not be read" in line and "fresh" in line
    assert "No progress yet" in r.stdout  # the fresh store: empty, and working
    with ProgressStore(home) as store:
        assert store.schema_version == 1 and store.recovery_note is None
    r = quiz_cli("stats")  # only once: the fresh store is fine
    assert r.returncode == 0 and r.stderr == "" and len(list(home.glob(f"{DB}.corrupt-*"))) == 1


def test_malformed_pages_behind_a_good_header_are_found(home):
    path = home / DB
    data = bytearray(path.read_bytes())
    page = 4096
    assert len(data) >= 3 * page
    data[page:3 * page] = b"\x0d" * (2 * page)  # pages 2 and 3: garbage b-tree pages
    path.write_bytes(bytes(data))
    with ProgressStore(home) as store:
        assert store.recovered_to is not None and store.recovered_to.read_bytes() == bytes(data)
        assert "malformed" in store.recovery_note
        assert store.attempts() == []


def test_two_recoveries_in_one_second_keep_both_backups(home):
    first = _damage_header(home / DB)
    ProgressStore(home).close()
    second = _damage_header(home / DB)
    with ProgressStore(home) as store:
        assert store.recovered_to is not None
    backups = sorted(p.read_bytes() for p in home.glob(f"{DB}.corrupt-*"))
    assert backups == sorted([first, second])


def test_stats_says_a_locked_database_is_in_use(home, quiz_cli):
    with closing(sqlite3.connect(home / DB, isolation_level=None)) as other:
        other.execute("BEGIN EXCLUSIVE")
        r = quiz_cli("stats", timeout=60)
        other.execute("ROLLBACK")
    assert r.returncode == 1
    line = _one_line(r.stderr)
    assert line == (f"error: progress database {home / DB} is in use by another quiz process; "
                    "try again")
    assert list(home.glob(f"{DB}.corrupt-*")) == []  # locked is not damaged: nothing moved


@pytest.mark.slow  # the busy timeout, then a grade: about 6 s
def test_grade_prints_the_grade_when_the_database_is_locked(home, quiz_cli, tmp_path):
    answers = tmp_path / "answers.py"
    answers.write_text("def sigmoid(x):\n    return (x\n", encoding="utf-8")  # fails at load: no sandbox
    with closing(sqlite3.connect(home / DB, isolation_level=None)) as other:
        other.execute("BEGIN EXCLUSIVE")
        r = quiz_cli("grade", answers, "--seed", "1", timeout=120)
        other.execute("ROLLBACK")
    assert r.returncode == 1 and "Traceback" not in r.stderr, r.stderr
    assert "FAIL sigmoid" in r.stdout and "0/1 tasks passed" in r.stdout
    assert "note: this attempt was not recorded in your progress: progress database" in r.stdout
    assert "is in use by another quiz process; try again" in r.stdout
    with ProgressStore(home) as store:
        assert [a[0] for a in store.attempts()] == ["sigmoid"]  # only the one from before


def test_grade_records_into_a_fresh_database_after_damage(home, quiz_cli, tmp_path):
    answers = tmp_path / "answers.py"
    answers.write_text("def sigmoid(x):\n    return (x\n", encoding="utf-8")
    _damage_header(home / DB)
    r = quiz_cli("grade", answers, "--seed", "1", "--json", timeout=120)
    assert r.returncode == 1 and "Traceback" not in r.stderr
    assert "moved it to" in _one_line(r.stderr) and r.stdout.startswith("{")  # stdout: JSON only
    with ProgressStore(home) as store:
        assert [a[0] for a in store.attempts()] == ["sigmoid"]


def test_a_progress_folder_that_cannot_be_made_is_one_line(tmp_path, quiz_cli):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    r = quiz_cli("stats", "--home", blocker / "home")
    assert r.returncode == 2
    assert _one_line(r.stderr).startswith("error: cannot create the progress folder")


def test_sqlite_errors_inside_a_with_block_become_progress_errors(home):
    with pytest.raises(ProgressError, match=f"progress database {home / DB}"):
        with ProgressStore(home) as store:
            store.conn.execute("SELECT * FROM no_such_table")
    assert issubclass(ProgressError, QuizError)


def test_busy_timeout_is_short_and_applies(home):
    assert BUSY_TIMEOUT_S <= 5
    with closing(sqlite3.connect(home / DB, isolation_level=None)) as other:
        other.execute("BEGIN EXCLUSIVE")
        with pytest.raises(ProgressError, match="in use by another quiz process"):
            ProgressStore(home, busy_timeout=0.2)
        other.execute("ROLLBACK")
