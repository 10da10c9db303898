"""The progress store: one SQLite file, schema-versioned, one transaction per answer.

Tables: `cards` (one per question or coding task the user has met: its FSRS state as JSON,
keyed by the stable question/task id), `reviews` (the review log, in the shape FSRS
optimisers read: card id, time, rating, state, duration), `task_attempts` (each
`quiz grade`), `sessions`, `settings` (the user's schedule settings, key → JSON text; see
`settings.py`). WAL journaling and a busy timeout make two sessions at once safe;
every write commits on its own, so a killed process loses at most the answer on screen.

A database that SQLite cannot read (header overwritten, pages malformed) is moved aside to
`progress.sqlite3.corrupt-<UTC time>`, nothing deleted, and a fresh one started; the store
says so in `recovery_note`. One still locked by another process after the busy timeout, or
one that cannot be opened at all, is a `ProgressError`, never a `sqlite3` traceback.
"""

from __future__ import annotations

import json
import os
import sqlite3
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from ..errors import ProgressError, QuizError, UsageError  # noqa: F401  (ProgressError: re-exported)

__all__ = ["ProgressStore", "ProgressError", "CardRow", "ReviewRow", "default_home", "SCHEMA_VERSION",
           "BUSY_TIMEOUT_S"]

SCHEMA_VERSION = 1
ENV_HOME = "QUIZ_HOME"
#: Seconds to wait for another process's write to end: each write is one short transaction,
#: so a lock held longer than this belongs to a process that is stuck or holding it on purpose.
BUSY_TIMEOUT_S = 3.0
_SIDE_FILES = ("-wal", "-shm", "-journal")  # SQLite's companions of a database file

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS cards (
    card_id   INTEGER PRIMARY KEY AUTOINCREMENT,
    item_id   TEXT NOT NULL UNIQUE,          -- question or task id (stable across edits)
    item_type TEXT NOT NULL,                 -- 'question' | 'task'
    topic     TEXT NOT NULL,
    fsrs      TEXT NOT NULL,                 -- fsrs.Card.to_json()
    due       TEXT NOT NULL,                 -- ISO 8601 UTC, copied from fsrs for queries
    created   TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS reviews (
    review_id   INTEGER PRIMARY KEY AUTOINCREMENT,
    card_id     INTEGER NOT NULL REFERENCES cards(card_id),
    review_time TEXT NOT NULL,               -- ISO 8601 UTC
    rating      INTEGER NOT NULL,            -- 1 again, 2 hard, 3 good, 4 easy
    state       INTEGER NOT NULL,            -- FSRS state before the review
    duration_ms INTEGER NOT NULL,
    correct     INTEGER,                     -- 1/0 for auto-graded answers, NULL if self-rated
    mode        TEXT NOT NULL,               -- 'review' | 'new' | 'cram' | 'grade'
    answer      TEXT NOT NULL DEFAULT '',
    session_id  INTEGER
);
CREATE INDEX IF NOT EXISTS reviews_card ON reviews(card_id, review_time);
CREATE TABLE IF NOT EXISTS task_attempts (
    attempt_id INTEGER PRIMARY KEY AUTOINCREMENT,
    task_id    TEXT NOT NULL,
    time       TEXT NOT NULL,
    passed     INTEGER NOT NULL,
    score      REAL NOT NULL,
    seed       INTEGER NOT NULL,
    file       TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS sessions (
    session_id INTEGER PRIMARY KEY AUTOINCREMENT,
    started    TEXT NOT NULL,
    ended      TEXT,
    options    TEXT NOT NULL
);
-- Added within schema 1 (issue 14): a new table only, so a store written before it gains it
-- when opened, and an older quiz still opens a store that has it (and ignores it).
CREATE TABLE IF NOT EXISTS settings (
    key     TEXT PRIMARY KEY,                -- 'desired_retention' | 'fsrs_parameters'
    value   TEXT NOT NULL,                   -- JSON
    updated TEXT NOT NULL                    -- ISO 8601 UTC
);
"""


def default_home() -> Path:
    """`$QUIZ_HOME`, else the platform's user data directory for `quiz`."""
    if os.environ.get(ENV_HOME):
        return Path(os.environ[ENV_HOME]).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir("quiz", appauthor=False))


def iso(t: datetime) -> str:
    return t.astimezone(timezone.utc).isoformat(timespec="seconds")


@dataclass(frozen=True)
class CardRow:
    card_id: int
    item_id: str
    item_type: str
    topic: str
    fsrs: str
    due: datetime


@dataclass(frozen=True)
class ReviewRow:
    card_id: int
    item_id: str
    topic: str
    review_time: datetime
    rating: int
    state: int
    duration_ms: int
    correct: int | None
    mode: str


class ProgressStore:
    """The user's progress in `<home>/progress.sqlite3`.

    Used as a context manager, any SQLite error inside the block leaves it as a
    `ProgressError` that names the file.

    Raises:
        ProgressError: the folder or the database cannot be opened, or another process holds
            its write lock for longer than `busy_timeout` seconds.
    """

    def __init__(self, home: Path | None = None, *, busy_timeout: float = BUSY_TIMEOUT_S) -> None:
        self.home = Path(home) if home else default_home()
        self.path = self.home / "progress.sqlite3"
        #: where a damaged database was moved before this fresh one was started
        self.recovered_to: Path | None = None
        self._damage = ""
        try:
            self.home.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            # the user's --home (or QUIZ_HOME) is unusable: a usage error, exit 2
            raise UsageError(f"cannot create the progress folder {self.home}: {exc.strerror or exc}") from None
        try:
            self.conn = self._open(busy_timeout)
        except sqlite3.DatabaseError as exc:
            if not _is_corrupt(exc):
                raise _progress_error(self.path, exc) from None
            self._damage = str(exc)
            self.recovered_to = _move_aside(self.path)
            try:
                self.conn = self._open(busy_timeout)
            except sqlite3.DatabaseError as again:
                raise _progress_error(self.path, again) from None

    @property
    def recovery_note(self) -> str | None:
        """One line for the user when a damaged database was moved aside, else None."""
        if self.recovered_to is None:
            return None
        return (f"progress database {self.path} could not be read ({self._damage}); moved it to "
                f"{self.recovered_to} and started a fresh one")

    def _open(self, busy_timeout: float) -> sqlite3.Connection:
        conn = sqlite3.connect(self.path, timeout=busy_timeout, isolation_level=None)
        try:
            conn.execute(f"PRAGMA busy_timeout = {int(busy_timeout * 1000)}")
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA foreign_keys = ON")
            problem = conn.execute("PRAGMA quick_check(1)").fetchone()[0]
            if problem != "ok":  # a readable header over malformed pages
                raise sqlite3.DatabaseError(f"database disk image is malformed: {problem}")
            self.conn = conn
            self._migrate()
        except BaseException:
            conn.close()
            raise
        return conn

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> "ProgressStore":
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        self.close()
        if isinstance(exc, sqlite3.Error):
            raise _progress_error(self.path, exc) from exc

    # ------------------------------------------------------------------ schema
    def _migrate(self) -> None:
        with self._tx():
            for stmt in filter(str.strip, _SCHEMA.split(";")):
                self.conn.execute(stmt)
            row = self.conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
            if row is None:
                self.conn.execute("INSERT INTO meta VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),))
            elif int(row[0]) > SCHEMA_VERSION:
                raise QuizError(f"{self.path} was written by a newer quiz (schema {row[0]} > "
                                f"{SCHEMA_VERSION}); upgrade quiz")

    def _tx(self):
        return _Transaction(self.conn)

    @property
    def schema_version(self) -> int:
        return int(self.conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()[0])

    # ------------------------------------------------------------------ cards
    def card(self, item_id: str) -> CardRow | None:
        row = self.conn.execute("SELECT card_id, item_id, item_type, topic, fsrs, due FROM cards "
                                "WHERE item_id = ?", (item_id,)).fetchone()
        return _card(row) if row else None

    def cards(self) -> list[CardRow]:
        rows = self.conn.execute("SELECT card_id, item_id, item_type, topic, fsrs, due FROM cards").fetchall()
        return [_card(r) for r in rows]

    def record_review(self, *, item_id: str, item_type: str, topic: str, fsrs_json: str | None,
                      due: datetime | None, when: datetime, rating: int, state: int,
                      duration_ms: int, correct: bool | None, mode: str, answer: str = "",
                      session_id: int | None = None) -> None:
        """Write one answer (and the card's new schedule unless `fsrs_json` is None) atomically."""
        with self._tx():
            row = self.conn.execute("SELECT card_id FROM cards WHERE item_id = ?", (item_id,)).fetchone()
            if row is None:
                cur = self.conn.execute(
                    "INSERT INTO cards (item_id, item_type, topic, fsrs, due, created) VALUES (?, ?, ?, ?, ?, ?)",
                    (item_id, item_type, topic, fsrs_json or "{}", iso(due or when), iso(when)))
                card_id = cur.lastrowid
            else:
                card_id = row[0]
                if fsrs_json is not None:
                    self.conn.execute("UPDATE cards SET fsrs = ?, due = ?, topic = ? WHERE card_id = ?",
                                      (fsrs_json, iso(due), topic, card_id))
            self.conn.execute(
                "INSERT INTO reviews (card_id, review_time, rating, state, duration_ms, correct, mode, "
                "answer, session_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (card_id, iso(when), rating, state, duration_ms,
                 None if correct is None else int(correct), mode, answer[:2000], session_id))

    def reviews(self) -> list[ReviewRow]:
        rows = self.conn.execute(
            "SELECT r.card_id, c.item_id, c.topic, r.review_time, r.rating, r.state, r.duration_ms, "
            "r.correct, r.mode FROM reviews r JOIN cards c USING (card_id) ORDER BY r.review_id").fetchall()
        return [ReviewRow(r[0], r[1], r[2], datetime.fromisoformat(r[3]), r[4], r[5], r[6], r[7], r[8])
                for r in rows]

    def new_cards_on(self, day_start: datetime) -> int:
        """Cards first reviewed in a session (not crammed, not a `quiz grade` of a coding task)
        since `day_start`: what the daily cap of new items counts."""
        return self.conn.execute(
            "SELECT COUNT(*) FROM (SELECT card_id, MIN(review_time) AS first FROM reviews "
            "WHERE mode NOT IN ('cram', 'grade') GROUP BY card_id) WHERE first >= ?",
            (iso(day_start),)).fetchone()[0]

    def reviews_on(self, day_start: datetime) -> int:
        return self.conn.execute("SELECT COUNT(*) FROM reviews WHERE mode = 'review' AND review_time >= ?",
                                 (iso(day_start),)).fetchone()[0]

    # ------------------------------------------------------------------ tasks
    def record_attempt(self, *, task_id: str, when: datetime, passed: bool, score: float, seed: int,
                       file: str) -> None:
        with self._tx():
            self.conn.execute("INSERT INTO task_attempts (task_id, time, passed, score, seed, file) "
                              "VALUES (?, ?, ?, ?, ?, ?)", (task_id, iso(when), int(passed), score, seed, file))

    def attempts(self) -> list[tuple[str, datetime, bool, float]]:
        rows = self.conn.execute("SELECT task_id, time, passed, score FROM task_attempts ORDER BY attempt_id")
        return [(r[0], datetime.fromisoformat(r[1]), bool(r[2]), r[3]) for r in rows]

    # ------------------------------------------------------------------ sessions
    def start_session(self, when: datetime, options: dict) -> int:
        with self._tx():
            cur = self.conn.execute("INSERT INTO sessions (started, options) VALUES (?, ?)",
                                    (iso(when), json.dumps(options)))
            return cur.lastrowid

    def end_session(self, session_id: int, when: datetime) -> None:
        with self._tx():
            self.conn.execute("UPDATE sessions SET ended = ? WHERE session_id = ?", (iso(when), session_id))

    # ------------------------------------------------------------------ settings
    def setting(self, key: str) -> str | None:
        """The stored JSON text of setting `key`, or None when it was never set."""
        row = self.conn.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def set_setting(self, key: str, value: str, *, when: datetime) -> None:
        with self._tx():
            self.conn.execute("INSERT OR REPLACE INTO settings (key, value, updated) VALUES (?, ?, ?)",
                              (key, value, iso(when)))

    # ------------------------------------------------------------------ orphans
    def orphans(self, known_ids: set[str]) -> list[CardRow]:
        return [c for c in self.cards() if c.item_id not in known_ids]

    def prune(self, item_ids: list[str]) -> int:
        with self._tx():
            n = 0
            for item_id in item_ids:
                row = self.conn.execute("SELECT card_id FROM cards WHERE item_id = ?", (item_id,)).fetchone()
                if row:
                    self.conn.execute("DELETE FROM reviews WHERE card_id = ?", (row[0],))
                    self.conn.execute("DELETE FROM cards WHERE card_id = ?", (row[0],))
                    n += 1
            return n


def _is_corrupt(exc: sqlite3.DatabaseError) -> bool:
    """Whether SQLite says the file is not a database, or a damaged one (not: busy, locked)."""
    name = getattr(exc, "sqlite_errorname", None) or ""  # Python 3.11+
    if name:
        return name in ("SQLITE_NOTADB", "SQLITE_CORRUPT") or name.startswith("SQLITE_CORRUPT_")
    text = str(exc)
    return not isinstance(exc, sqlite3.OperationalError) and (
        "not a database" in text or "malformed" in text)


def _progress_error(path: Path, exc: sqlite3.Error) -> ProgressError:
    name = getattr(exc, "sqlite_errorname", None) or ""
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")) or "locked" in str(exc) or "busy" in str(exc):
        return ProgressError(f"progress database {path} is in use by another quiz process; try again")
    return ProgressError(f"cannot use progress database {path}: {exc}")


def _move_aside(path: Path) -> Path:
    """Rename `path` (and its -wal, -shm, -journal files) to `<name>.corrupt-<UTC time>`."""
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    backup = path.with_name(f"{path.name}.corrupt-{stamp}")
    n = 1
    while any(Path(f"{backup}{side}").exists() for side in ("", *_SIDE_FILES)):
        n += 1
        backup = path.with_name(f"{path.name}.corrupt-{stamp}-{n}")
    try:
        # the side files first: a fresh database must never meet the old write-ahead log
        for side in (*_SIDE_FILES, ""):
            if Path(f"{path}{side}").exists():
                os.replace(f"{path}{side}", f"{backup}{side}")
    except OSError as exc:
        raise ProgressError(f"progress database {path} could not be read, and moving it aside to "
                            f"{backup} failed: {exc.strerror or exc}") from None
    return backup


def _card(row) -> CardRow:
    return CardRow(row[0], row[1], row[2], row[3], row[4], datetime.fromisoformat(row[5]))


class _Transaction:
    """BEGIN IMMEDIATE ... COMMIT: one writer at a time, nothing half-written."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def __enter__(self) -> None:
        self.conn.execute("BEGIN IMMEDIATE")

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is None:
            self.conn.execute("COMMIT")
        else:
            self.conn.execute("ROLLBACK")
