"""Writing an output file all at once, and never through a link someone else placed.

A report or sheet is written to a new temporary file in the target's folder (created with
O_EXCL, so nothing already there is opened, link or not), flushed to disk, then renamed onto
the target with `os.replace`. A reader sees the old file or the new one, never half of one;
a symlink at the target is replaced itself, and the file it pointed to is left untouched.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from pathlib import Path

from .errors import UsageError

__all__ = ["write_atomic"]

_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)


def write_atomic(path: Path, data: bytes | str, *, encoding: str = "utf-8") -> Path:
    """Write `data` to `path` atomically, replacing whatever is at `path` (a symlink too).

    Args:
        path: the file to write; its folder must exist.
        data: the contents; text is encoded with `encoding`.
        encoding: the encoding of text `data`.

    Returns:
        `path`.

    Raises:
        UsageError: the file cannot be written there (no such folder, no permission, a folder
            in the way), with the operating system's reason.
    """
    path = Path(path)
    payload = data.encode(encoding) if isinstance(data, str) else bytes(data)
    folder = path.parent
    try:
        tmp, fd = _create_temporary(folder, path.name)
    except OSError as exc:
        raise UsageError(f"cannot write {path}: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(payload)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(exc, OSError):
            raise UsageError(f"cannot write {path}: {exc.strerror or exc}") from None
        raise
    _sync_folder(folder)
    return path


def _create_temporary(folder: Path, name: str) -> tuple[Path, int]:
    # 0o666 and the umask, like any file the user writes (mkstemp would make it 0o600)
    while True:
        tmp = folder / f".{name[:200]}.{secrets.token_hex(6)}.tmp"
        try:
            return tmp, os.open(tmp, _FLAGS, 0o666)
        except FileExistsError:
            continue


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable (POSIX); best effort where folders cannot be opened."""
    with contextlib.suppress(OSError, AttributeError):
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
