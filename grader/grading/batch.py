"""Grade many submissions: find them, grade them side by side, keep what was graded.

- **Finding.** Each file argument is one submission; in a folder argument, each `.py` or
  `.ipynb` file is one, and so is each sub-folder holding exactly one such file (at any
  depth; hidden names and `__pycache__` are passed over). A sub-folder holding none or
  several is listed as a submission that could not be graded, and the batch goes on.
- **Grading.** Locally, `jobs` threads share one `GradingSession`: one bank, one warm zygote
  per kind of child, and every submission in a fresh child forked from it, so a hang, a
  crash, a fork bomb or an exit is that child's and that submission's only. On a cluster,
  each submission is one Dask task (`grade_remote`) run by a worker that keeps a session of
  its own; the file travels as text, so workers need no shared disk.
- **Keeping.** Each finished submission is appended at once to a journal (JSON lines: a
  header, then one line per submission); `resume` skips those already graded with the
  same seed, bank version and options whose file has not changed. Ctrl-C stops the batch
  and keeps what the journal holds.

One seed serves the whole batch, so every candidate faces the same cases, and a submission
graded in a batch gets exactly the result it would get alone with that seed.
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
import threading
import time
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any, Callable, Iterable, Sequence

from ..errors import QuizError, UsageError
from ..untrusted import clean_text
from .engine import GradeOptions, GradingSession
from .results import GradeResult

__all__ = ["Entry", "Item", "Batch", "discover", "bank_version", "run_batch", "grade_remote",
           "journal_path"]

SUFFIXES = (".py", ".ipynb")
_JOURNAL_FORMAT = 1


@dataclass(frozen=True)
class Entry:
    """One submission found: `name` as shown (relative to the folder argument), its file,
    or `problem` when it cannot be graded (a folder with no file or several)."""
    name: str
    path: Path | None
    problem: str | None = None


@dataclass
class Item:
    """One submission's outcome: its result, or `error` when it could not be graded at all."""
    name: str
    file: str | None
    sha256: str | None
    result: GradeResult | None = None
    error: str | None = None
    elapsed: float = 0.0
    #: taken from the journal of an earlier run (`--resume`), not graded now
    resumed: bool = False

    @property
    def passed(self) -> bool:
        return self.result is not None and self.result.passed

    @property
    def score(self) -> float:
        return self.result.score if self.result is not None else 0.0

    @property
    def status(self) -> str:
        return "error" if self.result is None else ("passed" if self.result.passed else "failed")

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "file": self.file, "sha256": self.sha256, "status": self.status,
                "passed": self.passed, "score": round(self.score, 4), "error": self.error,
                "elapsed": round(self.elapsed, 3), "resumed": self.resumed,
                "result": self.result.to_json() if self.result is not None else None}

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> "Item":
        res = d.get("result")
        return cls(d["name"], d.get("file"), d.get("sha256"),
                   GradeResult.from_json(res) if res else None, d.get("error"),
                   float(d.get("elapsed", 0.0)), resumed=True)


@dataclass
class Batch:
    """A batch's submissions in the order found, with what is known of each so far."""
    seed: int
    bank: str
    entries: list[Entry]
    items: dict[str, Item] = field(default_factory=dict)
    interrupted: bool = False
    journal: Path | None = None
    elapsed: float = 0.0
    #: what the user should know about the run as a whole (why nothing was resumed)
    notes: list[str] = field(default_factory=list)

    @property
    def done(self) -> list[Item]:
        return [self.items[e.name] for e in self.entries if e.name in self.items]

    @property
    def passed(self) -> bool:
        return not self.interrupted and len(self.items) == len(self.entries) and \
            all(i.passed for i in self.items.values())


# ---------------------------------------------------------------------------- finding
def _gradable_files(folder: Path) -> list[Path]:
    found = []
    for root, dirs, files in os.walk(folder):  # links to folders are not followed
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d != "__pycache__")
        for f in sorted(files):
            if not f.startswith(".") and f.endswith(SUFFIXES):
                found.append(Path(root) / f)
    return found


def discover(paths: Sequence[Path]) -> list[Entry]:
    """The submissions that `paths` name, in order, each once.

    Raises:
        UsageError: a path does not exist, or nothing gradable was found at all.
    """
    entries: list[Entry] = []
    seen_files: set[Path] = set()
    seen_names: set[str] = set()

    def add(name: str, path: Path | None, problem: str | None = None) -> None:
        if path is not None:
            real = path.resolve()
            if real in seen_files:
                return
            seen_files.add(real)
        base, k = name, 2
        while name in seen_names:  # two arguments with a sub-folder of the same name
            name, k = f"{base} ({k})", k + 1
        seen_names.add(name)
        entries.append(Entry(name, path, problem))

    for arg in paths:
        arg = Path(arg)
        if arg.is_file():
            add(str(arg), arg)
        elif arg.is_dir():
            for child in sorted(arg.iterdir()):
                if child.name.startswith(".") or child.name == "__pycache__" or child.is_symlink() \
                        and child.is_dir():
                    continue
                if child.is_file() and child.suffix in SUFFIXES:
                    add(str(child.relative_to(arg)) if arg != Path(".") else child.name, child)
                elif child.is_dir():
                    files = _gradable_files(child)
                    name = child.name
                    if len(files) == 1:
                        add(name, files[0])
                    elif files:
                        shown = ", ".join(str(f.relative_to(child)) for f in files[:4])
                        more = f" and {len(files) - 4} more" if len(files) > 4 else ""
                        add(name, None, f"the folder holds {len(files)} .py/.ipynb files ({shown}"
                                        f"{more}); one submission per folder")
                    # a sub-folder with nothing gradable (data, notes) is not a submission
        else:
            raise UsageError(f"no such file or folder: {clean_text(str(arg))}")
    if not entries:
        shown = ", ".join(clean_text(str(p)) for p in paths)
        raise UsageError(f"no submissions (.py or .ipynb files) found in {shown}")
    return entries


# ---------------------------------------------------------------------------- versions
def bank_version() -> str:
    """A digest of what a verdict depends on besides the submission and the seed: the
    banks, the references and the grader's own code."""
    from .. import __version__
    from ..banks.loader import banks_dir

    h = hashlib.blake2b(digest_size=8)
    h.update(__version__.encode())
    import reference_impl

    pkg = Path(__file__).parent.parent
    roots = [banks_dir(), Path(reference_impl.__file__).parent, pkg / "grading", pkg / "sandbox",
             pkg / "banks", pkg / "submission.py"]
    for root in roots:
        for p in sorted(root.rglob("*")) if root.is_dir() else [root]:
            if p.suffix in (".py", ".yaml", ".yml") and "__pycache__" not in p.parts:
                h.update(str(p.relative_to(root.parent)).encode())
                h.update(p.read_bytes())
    return h.hexdigest()


def _options_key(options: GradeOptions) -> dict[str, Any]:
    """The options a verdict depends on (not the seed, which the journal keeps apart)."""
    d = asdict(options)
    d.pop("seed", None)
    d["task_ids"] = list(options.task_ids)
    return d


def journal_path(entries: Sequence[Entry], options: GradeOptions) -> Path:
    """Where a batch of these submissions and options keeps its journal by default."""
    from ..banks.cache import cache_dir

    key = json.dumps({"files": sorted(str(e.path.resolve()) if e.path else e.name for e in entries),
                      "options": _options_key(options)}, sort_keys=True, default=str)
    return cache_dir() / "batches" / (hashlib.sha256(key.encode()).hexdigest()[:16] + ".jsonl")


def _read_journal(path: Path) -> tuple[dict[str, Any] | None, dict[str, Item]]:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError:
        return None, {}
    items: dict[str, Item] = {}
    header = None
    for n, line in enumerate(lines):
        try:
            data = json.loads(line)
            if n == 0:
                header = data
            else:
                item = Item.from_json(data)
                items[item.name] = item
        except (ValueError, KeyError, TypeError):
            continue  # a line cut short by a kill: that submission is graded again
    return header, items


# ---------------------------------------------------------------------------- grading one
def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", errors="surrogatepass")).hexdigest()


def grade_text(session: GradingSession, name: str, filename: str, text: str,
               options: GradeOptions) -> dict[str, Any]:
    """Grade one submission's text; a dict `Item.from_json` reads. Never raises for the
    submission's sake: what it does is in the result, and what stops it being graded
    (not a known task, a notebook that is not JSON) is the item's `error`."""
    from ..submission import parse_submission

    t0 = time.monotonic()
    item = Item(name, filename, _sha256(text))
    try:
        sub = parse_submission(Path(filename), text)
        item.result = session.grade(sub, options)
    except QuizError as exc:
        item.error = clean_text(exc.args[0] if exc.args else str(exc))
    except Exception as exc:  # the grader's own failure on this one file: not the batch's
        item.error = clean_text(f"the grader failed on this submission: {type(exc).__name__}: {exc}")[:500]
    item.elapsed = time.monotonic() - t0
    return item.to_json()


def _graded_source(filename: str | None, text: str) -> str | None:
    """The source that was graded: the file's text, or a notebook's code cells joined."""
    from ..submission import parse_submission

    try:
        return parse_submission(Path(filename or "submission.py"), text).source
    except QuizError:
        return None


_REMOTE: GradingSession | None = None
_REMOTE_LOCK = threading.Lock()


def grade_remote(name: str, filename: str, text: str, options: GradeOptions) -> dict[str, Any]:
    """A Dask task: grade one submission on this worker, with the worker's own session."""
    global _REMOTE
    with _REMOTE_LOCK:
        if _REMOTE is None:
            _REMOTE = GradingSession(warm_optimizers=True)
        session = _REMOTE
    return grade_text(session, name, filename, text, options)


# ---------------------------------------------------------------------------- the batch
def run_batch(entries: list[Entry], options: GradeOptions, *, jobs: int = 1,
              cluster: str | None = None, journal: Path | None = None, resume: bool = False,
              on_item: Callable[[Item, int, int], None] | None = None,
              on_start: Callable[[int, int], None] | None = None) -> Batch:
    """Grade `entries`; `on_item(item, done, total)` hears of each as it finishes.

    Args:
        entries: from `discover`.
        options: the options of every submission; a `seed` of None draws one for the batch
            (or, with `resume`, takes the journal's).
        jobs: submissions graded at once on this machine.
        cluster: `local:N` (a Dask LocalCluster of N worker processes) or a scheduler's
            address (`tcp://host:8786`); None grades here.
        journal: the journal file (default: `journal_path`).
        resume: skip what the journal already holds for the same seed, bank and options.
        on_start: told (already graded, total, notes) once the journal is read.

    Ctrl-C (KeyboardInterrupt) stops the batch: what is graded stays in the journal and in
    the returned `Batch`, whose `interrupted` is set.
    """
    journal = journal or journal_path(entries, options)
    bank = bank_version()
    header, old = _read_journal(journal) if resume else (None, {})
    notes = []
    if resume and header is None:
        notes.append("nothing to resume: no journal of this batch was found; grading all")
    elif header is not None:
        why = ("the banks, references or grader changed" if header.get("bank") != bank else
               "the options differ" if header.get("options") != _options_key(options) else
               f"--seed {options.seed} differs from the journal's {header.get('seed')}"
               if options.seed is not None and header.get("seed") != options.seed else None)
        if why:  # graded under other conditions: nothing carries over
            notes.append(f"nothing resumed: {why} since the journal was written; grading all")
            header, old = None, {}
    seed = options.seed if options.seed is not None else \
        (int(header["seed"]) if header is not None else secrets.randbelow(2**31))
    options = replace(options, seed=seed)
    batch = Batch(seed, bank, entries, journal=journal, notes=notes)
    t0 = time.monotonic()

    texts: dict[str, str] = {}
    todo: list[Entry] = []
    from ..submission import read_submission_text

    for e in entries:
        if e.problem is not None:
            batch.items[e.name] = Item(e.name, None, None, error=e.problem)
            continue
        try:
            texts[e.name] = read_submission_text(e.path)
        except QuizError as exc:
            batch.items[e.name] = Item(e.name, str(e.path), None, error=clean_text(exc.args[0]))
            continue
        prior = old.get(e.name)
        if prior is not None and prior.sha256 == _sha256(texts[e.name]) and prior.file == str(e.path):
            batch.items[e.name] = prior
            continue
        todo.append(e)

    try:
        journal.parent.mkdir(parents=True, exist_ok=True)
        out = open(journal, "w", encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"cannot write the batch journal {clean_text(str(journal))}: "
                         f"{exc.strerror or exc}") from None
    lock = threading.Lock()
    with out:
        out.write(json.dumps({"journal": _JOURNAL_FORMAT, "seed": seed, "bank": bank,
                              "options": _options_key(options)}, default=str) + "\n")
        for item in batch.items.values():
            if item.resumed:
                out.write(json.dumps(item.to_json()) + "\n")
        out.flush()
        if on_start:
            on_start(len(batch.items), len(entries), batch.notes)

        def finished(data: dict[str, Any]) -> None:
            item = Item.from_json(data)
            item.resumed = False
            if item.result is not None and item.name in texts:  # for reports that show the code
                item.result.source = _graded_source(item.file, texts[item.name])
            with lock:
                batch.items[item.name] = item
                out.write(json.dumps(item.to_json()) + "\n")
                out.flush()
            if on_item:
                on_item(item, len(batch.items), len(entries))

        try:
            if cluster:
                _run_cluster(cluster, todo, texts, options, finished)
            else:
                _run_local(todo, texts, options, max(1, jobs), finished)
        except KeyboardInterrupt:
            batch.interrupted = True
    batch.elapsed = time.monotonic() - t0
    return batch


def _run_local(todo: list[Entry], texts: dict[str, str], options: GradeOptions, jobs: int,
               finished: Callable[[dict[str, Any]], None]) -> None:
    session = GradingSession(warm_optimizers=True)
    _warm_up(session, todo, texts, options)
    stop = threading.Event()
    pool = ThreadPoolExecutor(max_workers=jobs, thread_name_prefix="quiz-grade")
    pending: set[Future] = set()
    queue = list(reversed(todo))
    try:
        while queue or pending:
            while queue and len(pending) < jobs and not stop.is_set():
                e = queue.pop()
                pending.add(pool.submit(grade_text, session, e.name, str(e.path), texts[e.name], options))
            done, pending = wait(pending, timeout=0.5, return_when=FIRST_COMPLETED)
            for f in done:
                finished(f.result())
    except KeyboardInterrupt:
        stop.set()
        for f in pending:
            f.cancel()
        session.close()  # kills every zygote, and with them the children still running
        raise
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
        session.close()


def _warm_up(session: GradingSession, todo: list[Entry], texts: dict[str, str],
             options: GradeOptions) -> None:
    """Start every kind of zygote the batch will need (NumPy, PyTorch) at once: each takes a
    second or two to import, and they import side by side rather than one after the other."""
    from ..submission import parse_submission

    kinds: set = set()
    for e in todo:
        try:
            sub = parse_submission(Path(str(e.path)), texts[e.name])
        except QuizError:
            continue
        kinds.add(session.warm_up(sub, options))
        if len(kinds - {None}) >= 2:  # NumPy and PyTorch: all there is to start
            return


def cluster_workers(cluster: str) -> int | None:
    """N for `local:N`, None for a scheduler's address.

    Raises:
        UsageError: neither (`local:0`, `local:x`, `http://…`).
    """
    if cluster.startswith("local:"):
        n = cluster.split(":", 1)[1]
        if n.isdigit() and int(n) >= 1:
            return int(n)
    elif "://" not in cluster or cluster.split("://", 1)[0] in ("tcp", "tls", "inproc", "ucx", "ws", "wss"):
        return None
    raise UsageError(f"--cluster {clean_text(cluster)}: expected local:N with N ≥ 1, or a "
                     "scheduler's address such as tcp://host:8786")


def _run_cluster(cluster: str, todo: list[Entry], texts: dict[str, str], options: GradeOptions,
                 finished: Callable[[dict[str, Any]], None]) -> None:
    try:
        from distributed import Client, LocalCluster, as_completed
    except ImportError:
        raise UsageError("--cluster needs Dask's distributed package: pip install "
                         "'dl-interview-quiz[cluster]'") from None
    local = None
    n = cluster_workers(cluster)
    if n is not None:
        local = LocalCluster(n_workers=n, threads_per_worker=1, processes=True,
                             dashboard_address=None, silence_logs=50)
        address: Any = local
    else:
        address = cluster
    try:
        client = Client(address, timeout=30, set_as_default=False)
    except (OSError, TimeoutError) as exc:
        if local is not None:
            local.close()
        raise UsageError(f"--cluster {clean_text(cluster)}: cannot reach the scheduler ({exc})") from None
    futures = []
    try:
        by_key = {}
        for e in todo:
            f = client.submit(grade_remote, e.name, str(e.path), texts[e.name], options,
                              pure=False, key=f"quiz-grade-{secrets.token_hex(8)}")
            by_key[f.key] = e
            futures.append(f)
        for f in as_completed(futures, loop=client.loop):
            e = by_key[f.key]
            try:
                data = f.result()
            except Exception as exc:  # the worker died, or the task could not run there
                data = Item(e.name, str(e.path), _sha256(texts[e.name]),
                            error=clean_text(f"the cluster could not grade it: {type(exc).__name__}: "
                                             f"{exc}")[:500]).to_json()
            finished(data)
    except KeyboardInterrupt:
        for f in futures:
            f.cancel()
        raise
    finally:
        client.close()
        if local is not None:
            local.close()


def summarize_tasks(items: Iterable[Item]) -> list[dict[str, Any]]:
    """Per task over the batch: submissions graded, passed, mean score, the check failed most."""
    per: dict[str, dict[str, Any]] = {}
    for item in items:
        if item.result is None:
            continue
        for t in item.result.tasks:
            d = per.setdefault(t.id, {"task": t.id, "graded": 0, "passed": 0, "score": 0.0, "fails": {}})
            d["graded"] += 1
            d["passed"] += t.passed
            d["score"] += t.score
            for c in t.checks:
                if not c.passed and not c.follows:
                    key = c.name.split(": ", 1)[0]
                    d["fails"][key] = d["fails"].get(key, 0) + 1
    out = []
    for d in sorted(per.values(), key=lambda d: d["task"]):
        fails = sorted(d.pop("fails").items(), key=lambda kv: (-kv[1], kv[0]))
        d["score"] = d["score"] / d["graded"]
        d["most_failed"] = fails[0][0] if fails else None
        d["most_failed_count"] = fails[0][1] if fails else 0
        out.append(d)
    return out
