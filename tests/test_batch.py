"""Batch grading (`quiz grade PATH...`): finding submissions, outputs, resume, isolation.

What a batch promises, each asserted by its effect:
- a submission graded in a batch gets exactly the result it gets alone with the same seed;
- a hostile submission in the middle (hang, fork bomb, memory bomb, output flood, exit)
  changes no other submission's result, leaves no process, and fails;
- `--cluster local:2` (a Dask LocalCluster of two worker processes) gives the same results;
- the outputs (CSV, JSON, JUnit XML) hold one row per submission × task × check, and text
  from a submission is inert in each;
- Ctrl-C keeps what was graded, and `--resume` grades only what is left or changed.
"""

from __future__ import annotations

import csv
import json
import os
import shutil
import signal
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from conftest import GOOD_SIGMOID, ROOT
from grader.errors import UsageError
from grader.grading import GradeOptions, grade_file
from grader.grading.batch import Entry, Item, discover, run_batch
from grader.grading.results import CheckResult, GradeResult, TaskResult

SOLUTIONS = ROOT / "solutions"
WRONG = ROOT / "tests" / "wrong"

# a mix: NumPy and PyTorch, right and wrong, several tasks
MIX = [SOLUTIONS / "sigmoid.py", WRONG / "softmax__no_max_subtraction.py", SOLUTIONS / "linear_torch.py",
       WRONG / "conv2d__flipped_kernel.py", SOLUTIONS / "adam.py", WRONG / "sigmoid__exp_ratio_torch.py"]


def _comparable(result_json: dict) -> dict:
    """A result as JSON, without what may differ between two runs of the same grade."""
    out = dict(result_json)
    out.pop("file", None)
    return out


def _folder(tmp_path: Path, files: list[Path], name: str = "cohort") -> Path:
    folder = tmp_path / name
    folder.mkdir()
    for i, f in enumerate(files):
        shutil.copy(f, folder / f"s{i:02d}_{f.name}")
    return folder


# ------------------------------------------------------------------------------- finding
def test_discover_files_folders_and_one_file_sub_folders(tmp_path):
    root = tmp_path / "in"
    (root / "alice").mkdir(parents=True)
    (root / "alice" / "solution.py").write_text("x = 1\n")
    (root / "alice" / "data.csv").write_text("1,2\n")
    (root / "bob" / "deep" / "er").mkdir(parents=True)
    (root / "bob" / "deep" / "er" / "nb.ipynb").write_text("{}")
    (root / "carol").mkdir()
    (root / "carol" / "a.py").write_text("")
    (root / "carol" / "b.py").write_text("")
    (root / "notes").mkdir()  # nothing gradable: not a submission
    (root / "notes" / "readme.txt").write_text("")
    (root / "dave.py").write_text("")
    (root / ".hidden.py").write_text("")
    (root / "__pycache__").mkdir()
    (root / "__pycache__" / "x.py").write_text("")
    extra = tmp_path / "erin.py"
    extra.write_text("")
    entries = discover([root, extra, root / "dave.py"])  # dave twice: graded once
    names = [e.name for e in entries]
    assert names == ["alice", "bob", "carol", "dave.py", str(extra)]
    by = {e.name: e for e in entries}
    assert by["alice"].path == root / "alice" / "solution.py"
    assert by["bob"].path.name == "nb.ipynb"
    assert by["carol"].path is None and "2 .py/.ipynb files (a.py, b.py)" in by["carol"].problem


def test_discover_refuses_a_missing_path_and_an_empty_folder(tmp_path):
    with pytest.raises(UsageError, match="no such file or folder"):
        discover([tmp_path / "nope"])
    (tmp_path / "empty").mkdir()
    with pytest.raises(UsageError, match="no submissions"):
        discover([tmp_path / "empty"])


# ------------------------------------------------------------------------------- outputs
def _hand_batch(tmp_path):
    """A batch built by hand, with hostile text in names and messages (no grading)."""
    from grader.grading.batch import Batch

    evil = '=HYPERLINK("http://x")\x1b[2J</failure><x>&\u202e\x00'
    res = GradeResult("f.py", 7, [TaskResult("sigmoid", "Sigmoid", "numpy", [
        CheckResult("values: sigmoid", "passed", "", "cpu"),
        CheckResult("gradients: sigmoid_backward", "failed", evil, "cpu"),
        CheckResult("inputs_unchanged", "error", "raised", "cpu")], ["cpu"])], {})
    entries = [Entry(evil + ".py", tmp_path / "a.py"), Entry("ok.py", tmp_path / "b.py")]
    b = Batch(7, "bank0", entries)
    b.items[entries[0].name] = Item(entries[0].name, "a.py", "0" * 64, res, None, 0.5)
    b.items["ok.py"] = Item("ok.py", "b.py", None, None, "defines none of the functions", 0.0)
    return b, evil


def test_csv_json_and_junit_hold_every_check_and_keep_untrusted_text_inert(tmp_path):
    from grader.render.batch import batch_csv, batch_json, batch_junit

    b, evil = _hand_batch(tmp_path)
    rows = list(csv.DictReader(batch_csv(b).splitlines()))
    assert [(r["task"], r["check"], r["status"]) for r in rows] == [
        ("sigmoid", "values: sigmoid", "passed"), ("sigmoid", "gradients: sigmoid_backward", "failed"),
        ("sigmoid", "inputs_unchanged", "error"), ("", "submission", "error")]
    for r in rows:  # no cell a spreadsheet would run, no control character
        for v in r.values():
            assert v[:1] not in ("=", "+", "-", "@") and "\x1b" not in v and "\x00" not in v
    assert rows[1]["message"].startswith("'=HYPERLINK")
    data = json.loads(json.dumps(batch_json(b)))
    assert data["submissions"][0]["result"]["tasks"][0]["checks"][1]["status"] == "failed"
    assert [s["status"] for s in data["submissions"]] == ["failed", "error"]
    xml = batch_junit(b)
    root = ET.fromstring(xml.encode())  # parses: nothing escaped its attribute or element
    assert root.get("tests") == "4" and root.get("failures") == "1" and root.get("errors") == "2"
    suites = root.findall("testsuite")
    assert suites[0].get("name").startswith("=HYPERLINK") and "\x1b" not in xml
    assert suites[0].find("testcase[@name='gradients: sigmoid_backward']/failure") is not None
    assert root.find(".//x") is None


def test_report_file_names_are_safe_and_unique():
    from grader.render.batch import report_name

    used: set[str] = set()
    names = [report_name(n, used, ".html") for n in ("../../etc/passwd", "a b", "a_b", "\x1b[31m", "")]
    assert names == ["etc_passwd.html", "a_b.html", "a_b-2.html", "31m.html", "submission.html"]
    assert all("/" not in n for n in names)


# ------------------------------------------------------------------------------- grading
pytestmark_slow = pytest.mark.slow


@pytestmark_slow
def test_each_result_in_a_batch_is_the_result_alone_with_the_same_seed(tmp_path):
    folder = _folder(tmp_path, MIX)
    batch = run_batch(discover([folder]), GradeOptions(seed=4242), jobs=2, journal=tmp_path / "j.jsonl")
    assert batch.seed == 4242 and len(batch.items) == len(MIX) and not batch.interrupted
    for e in batch.entries:
        alone = grade_file(e.path, GradeOptions(seed=4242))
        assert batch.items[e.name].result.to_json() == alone.to_json(), e.name
    assert [batch.items[e.name].passed for e in batch.entries] == [True, False, True, False, True, False]


HOSTILE = {
    "hang": "while True:\n    pass\n",
    "fork_bomb": "import os\nwhile True:\n    try:\n        os.fork()\n    except OSError:\n        pass\n",
    "memory_bomb": "x = []\nwhile True:\n    x.append(bytearray(50 << 20))\n",
    "flood": "import sys\nwhile True:\n    sys.stdout.write('\\x1b[2J\\x1b]0;owned\\x07' * 1000)\n",
    "exit": "import os\nos._exit(0)\n",
}


def _hostile_source(attack: str) -> str:
    """A sigmoid file whose first call runs the attack (a bomb in the body, not at import)."""
    body = "\n".join("        " + line for line in HOSTILE[attack].splitlines())
    return GOOD_SIGMOID.replace("def sigmoid(x):\n", "_done = []\ndef sigmoid(x):\n    if not _done:\n"
                                "        _done.append(1)\n" + body + "\n", 1)


def _our_processes() -> set[int]:
    """Every process descended from this one (by /proc's parent links)."""
    parents = {}
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            stat = Path(f"/proc/{pid}/stat").read_text()
            parents[int(pid)] = int(stat.rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            pass
    mine, grew = {os.getpid()}, True
    while grew:
        grew = False
        for pid, ppid in parents.items():
            if ppid in mine and pid not in mine:
                mine.add(pid)
                grew = True
    return mine - {os.getpid()}


@pytestmark_slow
def test_hostile_submissions_in_the_middle_change_no_other_result(tmp_path):
    good = [SOLUTIONS / "sigmoid.py", WRONG / "softmax__no_max_subtraction.py", SOLUTIONS / "linear.py",
            SOLUTIONS / "sigmoid_torch.py"]
    calm = _folder(tmp_path, good, "calm")
    options = GradeOptions(seed=99, timeout=6)
    before = run_batch(discover([calm]), options, jobs=2, journal=tmp_path / "calm.jsonl")

    mixed = tmp_path / "mixed"
    mixed.mkdir()
    order = []
    for i, f in enumerate(good):  # the hostile ones between the calm ones
        shutil.copy(f, mixed / f"{2 * i:02d}_{f.name}")
        order.append(f"{2 * i:02d}_{f.name}")
    for i, attack in enumerate(HOSTILE):
        (mixed / f"{2 * i + 1:02d}_{attack}.py").write_text(_hostile_source(attack))
    outside = tmp_path / "outside.txt"
    outside.write_text("unchanged\n")
    already = _our_processes()  # (another test's helpers, such as multiprocessing's tracker)
    after = run_batch(discover([mixed]), options, jobs=2, journal=tmp_path / "mixed.jsonl")

    calm_names = [e.name for e in before.entries]
    for name_before, name_after in zip(calm_names, order):
        assert after.items[name_after].result.to_json() == before.items[name_before].result.to_json() | \
            {"file": str(mixed / name_after)}, name_after
    for attack in HOSTILE:
        item = next(i for n, i in after.items.items() if n.endswith(f"_{attack}.py"))
        assert item.result is not None and not item.passed, attack
        text = json.dumps(item.to_json(), ensure_ascii=False)
        assert "\x1b" not in text and "\x07" not in text
    assert outside.read_text() == "unchanged\n"
    time.sleep(0.5)
    assert not _our_processes() - already, [_cmdline(p) for p in _our_processes() - already]


@pytestmark_slow
def test_a_dask_local_cluster_of_two_workers_gives_the_same_results(tmp_path):
    pytest.importorskip("distributed", reason="MISSING PYTHON PACKAGE: distributed (pip install -e '.[test]')")
    folder = _folder(tmp_path, MIX[:4])
    here = run_batch(discover([folder]), GradeOptions(seed=7), jobs=2, journal=tmp_path / "a.jsonl")
    already = _our_processes()
    import warnings

    with warnings.catch_warnings():  # Dask's own start-up and shut-down chatter
        warnings.simplefilter("ignore")
        there = run_batch(discover([folder]), GradeOptions(seed=7), cluster="local:2",
                          journal=tmp_path / "b.jsonl")
    assert set(there.items) == set(here.items)
    for name, item in here.items.items():
        assert there.items[name].result.to_json() == item.result.to_json(), name
    time.sleep(0.5)
    left = [_cmdline(p) for p in _our_processes() - already]
    # multiprocessing's resource tracker outlives a LocalCluster by design; nothing else may
    assert not [c for c in left if "resource_tracker" not in c], left


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


@pytestmark_slow
def test_a_grader_failure_on_one_submission_is_that_submissions_error(tmp_path, monkeypatch):
    from grader.grading import engine

    folder = _folder(tmp_path, [SOLUTIONS / "sigmoid.py", SOLUTIONS / "relu.py", SOLUTIONS / "softmax.py"])
    real = engine.GradingSession.grade

    def flaky(self, sub, options=GradeOptions(), **kw):
        if "relu" in sub.path.name:
            raise RuntimeError("a bug of the grader's own")
        return real(self, sub, options, **kw)

    monkeypatch.setattr(engine.GradingSession, "grade", flaky)
    batch = run_batch(discover([folder]), GradeOptions(seed=3), jobs=2, journal=tmp_path / "j.jsonl")
    status = {n: (i.status, i.error) for n, i in batch.items.items()}
    assert status["s01_relu.py"] == ("error", "the grader failed on this submission: RuntimeError: "
                                              "a bug of the grader's own")
    assert status["s00_sigmoid.py"][0] == status["s02_softmax.py"][0] == "passed"


# ------------------------------------------------------------------------------- the CLI
def _cli(*args, timeout=300, **kw):
    env = {**os.environ, "COLUMNS": "120", **kw.pop("env", {})}
    return subprocess.run([sys.executable, "-m", "grader", *map(str, args)], capture_output=True,
                          text=True, timeout=timeout, cwd=ROOT, env=env, **kw)


@pytestmark_slow
def test_cli_batch_writes_outputs_reports_and_a_summary(tmp_path):
    folder = _folder(tmp_path, MIX[:3])
    (folder / "nothing.py").write_text("x = 1\n")
    sub = folder / "zed"
    sub.mkdir()
    shutil.copy(SOLUTIONS / "relu.py", sub / "main.py")
    evil_name = folder / "\x1b[31mred[bold]x.py"
    shutil.copy(SOLUTIONS / "relu.py", evil_name)
    outs = [tmp_path / "r.csv", tmp_path / "r.json", tmp_path / "junit.xml"]
    r = _cli("grade", folder, "--seed", "5", "--jobs", "2", *sum((["--out", o] for o in outs), []),
             "--report-dir", tmp_path / "reports", "--report-format", "md")
    assert r.returncode == 1, r.stderr  # two submissions fail
    assert "\x1b" not in r.stdout and "\x1b" not in r.stderr
    assert "[bold]x.py" in r.stdout.replace("\\x1b", "")  # the name shows as text
    assert "seed 5" in r.stdout and "submissions passed" in r.stdout
    data = json.loads(outs[1].read_text())
    status = {s["name"]: s["status"] for s in data["submissions"]}
    assert status["nothing.py"] == "error" and status["zed"] == "passed"
    assert sum(v == "passed" for v in status.values()) == 4
    assert len(list(csv.DictReader(outs[0].read_text().splitlines()))) == sum(
        max(1, sum(len(t["checks"]) for t in (s["result"] or {"tasks": []})["tasks"])) for s in data["submissions"])
    ET.parse(outs[2])
    reports = sorted(p.name for p in (tmp_path / "reports").iterdir())
    assert len(reports) == 5 and all(p.endswith(".md") for p in reports)  # no report for an error


@pytestmark_slow
def test_cli_batch_refuses_what_it_cannot_do_in_one_line(tmp_path):
    f = tmp_path / "a.py"
    f.write_text(GOOD_SIGMOID)
    cases = [(["grade", f, f, "--report", tmp_path / "r.html"], "--report-dir"),
             (["grade", f, "--out", tmp_path / "r.txt"], ".csv, .json or .xml"),
             (["grade", f, "--out", tmp_path / "no" / "r.csv"], "no such directory"),
             (["grade", tmp_path / "missing", f], "no such file or folder"),
             (["grade", f, "--cluster", "local:zero"], "local:N")]
    for args, says in cases:
        r = _cli(*args)
        assert r.returncode == 2, (args, r.stderr)
        assert says in r.stderr and len(r.stderr.strip().splitlines()) == 1 and "Traceback" not in r.stderr


@pytestmark_slow
def test_ctrl_c_keeps_what_was_graded_and_resume_grades_only_the_rest(tmp_path):
    files = [SOLUTIONS / "sigmoid.py"] * 3 + [SOLUTIONS / "relu.py"] * 3
    folder = tmp_path / "cohort"
    folder.mkdir()
    for i, f in enumerate(files):
        shutil.copy(f, folder / f"s{i}.py")
    slow = folder / "s3.py"  # a hang in the middle gives Ctrl-C its moment
    slow.write_text(_hostile_source("hang"))
    journal = tmp_path / "j.jsonl"
    already = _our_processes()
    args = ["grade", folder, "--jobs", "1", "--journal", journal, "--timeout", "30",
            "--out", tmp_path / "r.json"]
    proc = subprocess.Popen([sys.executable, "-m", "grader", *map(str, args)], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:  # wait for three results in the journal
        if journal.exists() and len(journal.read_text().splitlines()) >= 4:
            break
        time.sleep(0.1)
    time.sleep(1.0)  # s3 is hanging now
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert "interrupted" in out and "--resume" in out
    lines = journal.read_text().splitlines()
    seed = json.loads(lines[0])["seed"]
    graded = {json.loads(x)["name"] for x in lines[1:]}
    assert graded == {"s0.py", "s1.py", "s2.py"}
    assert json.loads((tmp_path / "r.json").read_text())["interrupted"] is True
    time.sleep(0.5)
    assert not _our_processes() - already, [_cmdline(p) for p in _our_processes() - already]

    slow.write_text(GOOD_SIGMOID)  # fixed: graded anew; s1 edited: graded anew
    (folder / "s1.py").write_text((SOLUTIONS / "sigmoid.py").read_text() + "\n# edited\n")
    r = _cli(*args[:-2], "--resume", "--json")
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    assert data["seed"] == seed
    assert {s["name"] for s in data["submissions"] if s["resumed"]} == {"s0.py", "s2.py"}
    assert all(s["passed"] for s in data["submissions"]) and len(data["submissions"]) == 6
    lines = journal.read_text().splitlines()
    assert {json.loads(x)["name"] for x in lines[1:]} == {f"s{i}.py" for i in range(6)}
    assert len(lines) == 1 + 6
