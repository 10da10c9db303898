"""A disk cache of parsed bank files, so that `quiz grade` does not parse 1.6 MB of YAML.

One JSON file per bank folder in the user's cache directory (`platformdirs.user_cache_dir
("quiz")`, or `$QUIZ_CACHE_DIR`) holds, for each bank file, the plain data its YAML parses
to and the lines of its items. An entry is used only when the file's path, size, mtime and
BLAKE2b digest of its bytes all match, under the same quiz, PyYAML and cache-format versions
and the same bytes of `parse.py`; anything else, or a cache that cannot be read, means
parsing the file again.

Why JSON and not pickle: the cache lies in a folder that the submission's process could
write to where the sandbox has no mount namespace, and loading JSON runs no code. What the
cache holds is validated afresh on every load, like the YAML it stands for, so a change to
the schema never meets a stale model. Files whose data JSON cannot carry unchanged (dates,
non-string keys, NaN) are simply not cached.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

import yaml

from .. import __version__
from . import parse
from .parse import Lines

__all__ = ["BankCache", "cache_dir"]

_FORMAT = 1


def cache_dir() -> Path:
    """`$QUIZ_CACHE_DIR`, else the user's cache directory for quiz."""
    env = os.environ.get("QUIZ_CACHE_DIR")
    if env:
        return Path(env).expanduser()
    import platformdirs

    return Path(platformdirs.user_cache_dir("quiz", appauthor=False))


def _header() -> dict[str, Any]:
    """What the stored data depends on besides the files: versions and the parser's code."""
    try:  # a checkout's version does not move when parse.py is edited; its bytes do
        parser = hashlib.blake2b(Path(parse.__file__).read_bytes(), digest_size=8).hexdigest()
    except (OSError, TypeError):
        parser = None
    return {"format": _FORMAT, "quiz": __version__, "yaml": yaml.__version__,
            "libyaml": parse.HAS_LIBYAML, "parser": parser}


class BankCache:
    """The parsed files of one bank folder; `get` what still matches, `put` what was parsed."""

    def __init__(self, root: Path, *, folder: Path | None = None) -> None:
        root = Path(root).resolve()
        digest = hashlib.blake2b(str(root).encode(), digest_size=8).hexdigest()
        self.path = (folder or cache_dir()) / f"banks-{digest}.json"
        self._entries: dict[str, dict] = {}
        self._used: set[str] = set()
        self._dirty = False
        self._header = _header()
        try:
            stored = json.loads(self.path.read_bytes())
            if isinstance(stored, dict) and stored.get("header") == self._header:
                files = stored.get("files")
                self._entries = files if isinstance(files, dict) else {}
        except (OSError, ValueError, RecursionError):
            pass  # no cache yet, or not one we wrote: parse everything

    @staticmethod
    def key(path: Path, data: bytes) -> dict[str, Any]:
        """What an entry must match: the file's path, size, mtime and digest."""
        st = path.stat()
        return {"path": str(path.resolve()), "size": st.st_size, "mtime_ns": st.st_mtime_ns,
                "blake2b": hashlib.blake2b(data, digest_size=16).hexdigest()}

    def get(self, key: dict[str, Any]) -> tuple[Any, Lines] | None:
        """The parsed data and item lines stored under exactly this key, else None."""
        entry = self._entries.get(key["path"])
        if not isinstance(entry, dict) or entry.get("key") != key:
            return None
        try:
            lines = {tuple(p): int(line) for p, line in entry["lines"]}
            raw = entry["raw"]
        except (KeyError, TypeError, ValueError):
            return None
        self._used.add(key["path"])
        return raw, lines

    def put(self, key: dict[str, Any], raw: Any, lines: Lines) -> None:
        """Remember a parsed file, if JSON gives back exactly the same data."""
        self._used.add(key["path"])
        entry = {"key": key, "raw": raw, "lines": [[list(p), n] for p, n in lines.items()]}
        try:
            text = json.dumps(entry, ensure_ascii=False, allow_nan=False)
        except (TypeError, ValueError):
            return
        if json.loads(text) != entry:  # e.g. int keys turned into strings
            return
        self._entries[key["path"]] = entry
        self._dirty = True

    def save(self) -> None:
        """Write the entries used since loading, atomically, if any changed; never raise."""
        files = {p: e for p, e in self._entries.items() if p in self._used}
        if not self._dirty and len(files) == len(self._entries):
            return
        from ..atomic import write_atomic
        from ..errors import UsageError

        text = json.dumps({"header": self._header, "files": files}, ensure_ascii=False,
                          separators=(",", ":"))
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            write_atomic(self.path, text)
        except (OSError, UsageError):
            return  # a read-only or full cache folder costs speed, not correctness
        self._entries, self._dirty = files, False
