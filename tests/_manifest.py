"""The known-wrong variants of tests/wrong/: `manifest.yaml` and any `manifest-<group>.yaml`.

Each entry names a file, its task and framework, the bug, the kind of check that must
reject it (`expect_check`), how its numbers differ (`how`), and optionally `message`: a
regular expression the rejecting check's message must match (the diagnosis it promises).
"""

from __future__ import annotations

from pathlib import Path

import yaml

WRONG = Path(__file__).resolve().parent / "wrong"


def load_manifest() -> list[dict]:
    entries: list[dict] = []
    for path in sorted(WRONG.glob("manifest*.yaml")):
        loaded = yaml.safe_load(path.read_text(encoding="utf-8")) or []
        for e in loaded:
            e.setdefault("manifest", path.name)
        entries += loaded
    return entries


MANIFEST = load_manifest()
