"""What the jail's root holds: an allow-list of read-only binds, computed in the parent.

Only the interpreter's standard library, the distributions that NumPy (and PyTorch) need
at import time (derived from the installed distributions' metadata, never by hand), the
system libraries and a handful of device nodes. Packages are bound at a neutral path
(`/site`), so that a virtual environment under `/tmp` or a 0700 home still works and the
rest of its site-packages (this project included) does not exist for the child.
"""

from __future__ import annotations

import functools
import importlib.metadata as metadata
import importlib.util
import os
import re
import sys
from pathlib import Path

__all__ = ["SITE", "jail_config", "distribution_closure"]

SITE = "/site"
_SYSTEM = ("/usr/lib", "/usr/lib64", "/usr/lib32", "/usr/libx32", "/lib", "/lib64", "/lib32",
           "/libx32", "/etc/ld.so.cache")
_DEVICES = ("null", "zero", "full", "random", "urandom")
_NEVER = {"grader", "reference_impl", "solutions", "questions", "templates", "tests"}
_OWN_DIST = "dl-interview-quiz"
_ETC = {
    "passwd": "root:x:0:0:root:/work:/bin/false\nnobody:x:65534:65534:nobody:/work:/bin/false\n",
    "group": "root:x:0:\nnogroup:x:65534:\n",
}


def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def distribution_closure(roots: tuple[str, ...]) -> list[metadata.Distribution]:
    """The installed distributions `roots` need, following `Requires-Dist` without extras."""
    seen: dict[str, metadata.Distribution] = {}
    todo = list(roots)
    while todo:
        name = _norm(todo.pop())
        if name in seen or name == _OWN_DIST:
            continue
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            continue
        seen[name] = dist
        for req in dist.requires or ():
            if "extra ==" in req or "extra==" in req:
                continue
            m = re.match(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)", req)
            if m:
                todo.append(m.group(1))
    return list(seen.values())


def _top_level_entries(dist: metadata.Distribution) -> set[Path]:
    """Top-level files and folders of a distribution inside its site-packages folder."""
    out: set[Path] = set()
    for f in dist.files or ():
        parts = f.parts
        if not parts or parts[0] in ("..", "/") or parts[0].endswith(".pth") or parts[0] == "__pycache__":
            continue
        if parts[0].split(".")[0] in _NEVER:
            continue
        out.add(Path(dist.locate_file(parts[0])))
    return out


def _stdlib_dirs() -> list[str]:
    dirs = [os.path.dirname(os.__file__)]
    spec = importlib.util.find_spec("_ctypes")
    if spec and spec.origin and os.path.isfile(spec.origin):
        dirs.append(os.path.dirname(spec.origin))
    zipped = os.path.join(sys.base_prefix, "lib", f"python{sys.version_info[0]}{sys.version_info[1]}.zip")
    if os.path.isfile(zipped):
        dirs.insert(0, zipped)
    return list(dict.fromkeys(dirs))


@functools.lru_cache(maxsize=4)
def _package_binds(torch: bool) -> tuple[tuple[str, str], ...]:
    binds = []
    # SciPy too: contracts allow scipy.special (erf in transformer_block)
    for dist in distribution_closure(("numpy", "scipy", "torch") if torch else ("numpy", "scipy")):
        for entry in sorted(_top_level_entries(dist)):
            if entry.exists():
                binds.append((str(entry), f"{SITE}/{entry.name}"))
    return tuple(binds)


def jail_config(*, torch: bool, cuda: bool) -> dict:
    """The zygote's configuration: binds, masks, devices, files of /etc, sys.path inside."""
    stdlib = _stdlib_dirs()
    binds = [(p, p) for p in _SYSTEM if os.path.lexists(p)]
    binds += [(p, p) for p in stdlib]
    binds += list(_package_binds(torch))
    masks = []
    for d in stdlib:
        masks += [os.path.join(d, "site-packages"), os.path.join(d, "dist-packages")]
    masks += ["/usr/lib/python3/dist-packages", "/usr/lib/python3/site-packages",
              f"/usr/lib/python{sys.version_info[0]}.{sys.version_info[1]}/site-packages"]
    devices = list(_DEVICES)
    if cuda:
        devices += sorted(n for n in os.listdir("/dev") if n.startswith("nvidia"))
    return {"jail": True, "binds": binds, "masks": masks, "devices": devices, "etc": dict(_ETC),
            "sys_path": [*stdlib, SITE], "torch": torch, "cuda": cuda}
