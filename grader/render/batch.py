"""A batch's outputs: CSV, JSON and JUnit XML tables, one report per submission, the summary.

Every row is one submission × task × check. Text from submissions (names, messages, file
names) is untrusted: it is cleaned of control characters everywhere; in CSV a cell that a
spreadsheet would read as a formula (`=`, `+`, `-`, `@` first) is prefixed with `'`; in XML
ElementTree escapes it, and characters XML 1.0 cannot hold are written out as escapes.
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from typing import Any

from ..atomic import write_atomic
from ..errors import UsageError
from ..grading.batch import Batch, Item, summarize_tasks
from ..untrusted import clean_text

__all__ = ["write_output", "write_reports", "batch_json", "OUTPUT_SUFFIXES"]

OUTPUT_SUFFIXES = (".csv", ".json", ".xml")
_XML_BAD = re.compile("[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _rows(batch: Batch) -> list[dict[str, Any]]:
    rows = []
    for item in batch.done:
        base = {"submission": item.name, "file": item.file or "", "sha256": item.sha256 or "",
                "submission_status": item.status, "submission_score": round(item.score, 4)}
        if item.result is None:
            rows.append({**base, "task": "", "check": "submission", "device": "", "status": "error",
                         "weight": "", "task_score": "", "message": item.error or ""})
            continue
        for t in item.result.tasks:
            for c in t.checks:
                rows.append({**base, "task": t.id, "check": c.name, "device": c.device or "",
                             "status": c.status, "weight": c.weight, "task_score": round(t.score, 4),
                             "message": (f"follows from the failed {c.follows}: " if c.follows else "")
                             + c.message})
    return rows


def _cell(value: Any) -> Any:
    if not isinstance(value, str):
        return value
    text = clean_text(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t") else text


def batch_csv(batch: Batch) -> str:
    buf = io.StringIO()
    fields = ["submission", "file", "sha256", "submission_status", "submission_score", "task",
              "check", "device", "status", "weight", "task_score", "message"]
    w = csv.DictWriter(buf, fieldnames=fields, lineterminator="\n")
    w.writeheader()
    for row in _rows(batch):
        w.writerow({k: _cell(v) for k, v in row.items()})
    return buf.getvalue()


def batch_json(batch: Batch) -> dict[str, Any]:
    items = batch.done
    return {"seed": batch.seed, "bank": batch.bank, "passed": batch.passed, "notes": batch.notes,
            "interrupted": batch.interrupted, "submissions_found": len(batch.entries),
            "graded": sum(i.result is not None for i in items),
            "passed_count": sum(i.passed for i in items),
            "submissions": [i.to_json() for i in items], "tasks": summarize_tasks(items)}


def _xml(text: Any) -> str:
    return _XML_BAD.sub(lambda m: f"\\u{ord(m.group()):04x}", clean_text(str(text)))


def batch_junit(batch: Batch) -> str:
    """JUnit XML: a test suite per submission, a test case per task × check."""
    import xml.etree.ElementTree as ET

    root = ET.Element("testsuites", name="quiz grade", timestamp="")
    root.attrib.pop("timestamp")
    totals = {"tests": 0, "failures": 0, "errors": 0}
    for item in batch.done:
        suite = ET.SubElement(root, "testsuite", name=_xml(item.name))
        counts = {"tests": 0, "failures": 0, "errors": 0}
        cases = []
        if item.result is None:
            cases.append(("submission", "load", "error", item.error or "", 0.0))
        else:
            for t in item.result.tasks:
                for c in t.checks:
                    dev = f" [{c.device}]" if c.device and len(t.devices) > 1 else ""
                    msg = (f"follows from the failed {c.follows}: " if c.follows else "") + c.message
                    cases.append((t.id, c.name + dev, c.status, msg, 0.0))
        for task, name, status, message, _ in cases:
            case = ET.SubElement(suite, "testcase", classname=_xml(f"{item.name}.{task}"), name=_xml(name))
            counts["tests"] += 1
            if status in ("error", "timeout"):
                counts["errors"] += 1
                el = ET.SubElement(case, "error", type=status, message=_xml(message.split("\n", 1)[0][:300]))
                el.text = _xml(message)
            elif status != "passed":  # failed, or not run after a crash: not passed either way
                counts["failures"] += 1
                el = ET.SubElement(case, "failure", type=status, message=_xml(message.split("\n", 1)[0][:300]))
                el.text = _xml(message)
        suite.set("time", f"{item.elapsed:.3f}")
        for k, v in counts.items():
            suite.set(k, str(v))
            totals[k] += v
        if item.result is not None:
            props = ET.SubElement(suite, "properties")
            ET.SubElement(props, "property", name="seed", value=str(item.result.seed))
            ET.SubElement(props, "property", name="score", value=f"{item.score:.4f}")
        suite[:] = sorted(suite, key=lambda el: el.tag != "properties")
    for k, v in totals.items():
        root.set(k, str(v))
    root.set("time", f"{batch.elapsed:.3f}")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def check_output_path(path: Path) -> None:
    """Refuse, before grading starts, an output whose format cannot be told or written."""
    if path.suffix.lower() not in OUTPUT_SUFFIXES:
        raise UsageError(f"--out {clean_text(str(path))}: the extension decides the format: "
                         ".csv, .json or .xml (JUnit)")
    if not path.parent.is_dir():
        raise UsageError(f"cannot write {clean_text(str(path))}: no such directory")


def write_output(batch: Batch, path: Path) -> Path:
    suffix = path.suffix.lower()
    if suffix == ".csv":
        data = batch_csv(batch)
    elif suffix == ".json":
        data = json.dumps(batch_json(batch), indent=1, ensure_ascii=True) + "\n"
    else:
        data = batch_junit(batch)
    return write_atomic(path, data)


def report_name(name: str, used: set[str], suffix: str) -> str:
    """A file name for a submission's report: its name with anything but letters, digits,
    dot, dash and underscore replaced, unique in the folder."""
    stem = re.sub(r"[^A-Za-z0-9._-]+", "_", name).strip("._") or "submission"
    stem = stem[:100]
    candidate, k = stem + suffix, 2
    while candidate.lower() in used:
        candidate, k = f"{stem}-{k}{suffix}", k + 1
    used.add(candidate.lower())
    return candidate


def write_reports(batch: Batch, folder: Path, fmt: str = "html") -> list[Path]:
    """One report per graded submission in `folder` (created); returns the files written."""
    from .report import write_report

    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UsageError(f"cannot write {clean_text(str(folder))}: {exc.strerror or exc}") from None
    used: set[str] = set()
    written = []
    for item in batch.done:
        if item.result is None:
            continue
        if item.result.source is None and item.file:  # resumed: read the file again
            from ..grading.batch import _graded_source

            try:
                item.result.source = _graded_source(item.file, Path(item.file).read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError):
                pass
        path = folder / report_name(item.name, used, "." + fmt)
        written.append(write_report(item.result, path, elapsed=item.elapsed))
    return written


def _status_markup(item: Item) -> str:
    return {"passed": "[green]PASS[/]", "failed": "[red]FAIL[/]", "error": "[red]ERROR[/]"}[item.status]


def print_batch(batch: Batch, console, *, outputs: list[Path] = (), reports: Path | None = None) -> None:
    """The summary: one row per submission, one per task, the seed and the files written."""
    from rich.table import Table

    from .terminal import safe_markup as safe

    items = batch.done
    table = Table(title="submissions", title_justify="left", show_edge=False, pad_edge=False)
    for col, kw in (("submission", {}), ("result", {}), ("score", {"justify": "right"}),
                    ("tasks", {"overflow": "fold"}), ("time", {"justify": "right"})):
        table.add_column(col, **kw)
    for item in items:
        if item.result is None:  # the outputs keep the whole message
            why = (item.error or "").split("; known tasks:")[0]
            tasks = f"[red]{safe(why if len(why) <= 200 else why[:199] + '…')}[/]"
        else:
            tasks = ", ".join(f"{safe(t.id)} " + ("[green]✓[/]" if t.passed else f"[red]✗[/] {t.score:.0%}")
                              for t in item.result.tasks)
        took = "earlier run" if item.resumed else f"{item.elapsed:.2f} s"
        table.add_row(safe(item.name), _status_markup(item), f"{item.score:.0%}", tasks, took)
    console.print(table)
    per = summarize_tasks(items)
    if per:
        t2 = Table(title="tasks", title_justify="left", show_edge=False, pad_edge=False)
        for col in ("task", "graded", "passed", "mean score", "failed most"):
            t2.add_column(col, justify="left" if col in ("task", "failed most") else "right")
        for d in per:
            worst = f"{d['most_failed']} ({d['most_failed_count']})" if d["most_failed"] else "—"
            t2.add_row(d["task"], str(d["graded"]), str(d["passed"]), f"{d['score']:.0%}", worst)
        console.print()
        console.print(t2)
    graded = sum(i.result is not None for i in items)
    passed = sum(i.passed for i in items)
    errors = sum(i.result is None for i in items)
    console.print()
    line = (f"{passed}/{len(batch.entries)} submissions passed; {graded} graded"
            + (f", {errors} could not be graded" if errors else "")
            + f"; seed {batch.seed} (replay one with: quiz grade FILE --seed {batch.seed})")
    console.print(line, highlight=False)
    if batch.interrupted:
        console.print(f"[yellow]interrupted:[/] {len(items)} of {len(batch.entries)} done; the same "
                      "command with --resume goes on from there", highlight=False)
    for p in outputs:
        console.print(f"wrote {safe(p)}", highlight=False)
    if reports is not None:
        console.print(f"wrote one report per submission in {safe(reports)}", highlight=False)
