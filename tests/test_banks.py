"""Bank loading: the shipped banks are valid; broken files report every problem with file:line."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from grader.banks import bank_paths, load_bank, load_bank_files
from grader.errors import BankError

BROKEN = Path(__file__).parent / "banks_broken"
TASK_IDS = {"sigmoid", "softmax", "softmax_cross_entropy", "linear", "mlp_backprop", "l1_l2_penalty",
            "dropout", "sgd_momentum", "adam", "conv2d", "lstm_cell", "gan_step"}


def test_shipped_banks_hold_the_first_twelve_tasks():
    bank = load_bank()
    assert TASK_IDS <= set(bank.tasks)
    for task in bank.tasks.values():
        assert "TODO" not in task.prompt.en + task.prompt.zh + task.explanation.en + task.explanation.zh
        assert len(task.hints) >= 2
        for f in task.forward_functions:
            assert f.name in task.prompt.en and f.name in task.prompt.zh, (task.id, f.name)


def test_every_problem_is_reported_with_file_and_line():
    with pytest.raises(BankError) as info:
        load_bank_files(sorted(BROKEN.glob("*.yaml")))
    problems = info.value.problems
    text = "\n".join(problems)
    expected = [
        r"activations\.yaml:5: tasks\.0\.difficulty: Input should be less than or equal to 3",
        r"activations\.yaml:6: tasks\.0\.prompt\.zh: Field required",
        r"activations\.yaml:12: tasks\.0\.cases\.0\.x\.lowest: Extra inputs are not permitted",
        r"activations\.yaml:13: tasks\.0\.checks\.1: Input should be 'values', .*",
        r"cnn\.yaml:8: tasks\.0\.functions\.0\.signature: .*not a Python signature",
        r"rnn\.yaml:\d+: YAML syntax",
    ]
    for pattern in expected:
        assert re.search(pattern, text), f"{pattern!r} not in:\n{text}"


def test_duplicate_ids_and_wrong_topic(tmp_path):
    good = Path(bank_paths()[0]).read_text(encoding="utf-8")
    topic = Path(bank_paths()[0]).stem
    (tmp_path / f"{topic}.yaml").write_text(good, encoding="utf-8")
    (tmp_path / "other.yaml").write_text(good, encoding="utf-8")
    with pytest.raises(BankError) as info:
        load_bank_files(sorted(tmp_path.glob("*.yaml")))
    text = "\n".join(info.value.problems)
    assert "duplicate task id" in text and f"first at {tmp_path / (topic + '.yaml')}:" in text


BROKEN_Q = Path(__file__).parent / "banks_broken_questions"


def test_lint_rejects_each_broken_question_with_file_and_line(quiz_cli):
    r = quiz_cli("lint", BROKEN_Q)
    assert r.returncode == 1
    expected = [
        r"astrology\.yaml:2: questions\.0\.topic: unknown topic 'astrology'",
        r"cnn\.yaml:2: questions\.0: answer \['e'\] is not among the option keys",
        r"cnn\.yaml:13: questions\.1: two options have the same en text",
        r"cnn\.yaml:28: questions\.2\.prompt\.zh: Field required",
        r"cnn\.yaml:31: cnn\.english-zh: prompt\.zh has no Chinese text",
        r"cnn\.yaml:38: cnn\.bad-import: answer\.compute .*no_such_function.* not found",
        r"cnn\.yaml:46: questions\.5: prompt uses \['k'\], which are not parameters",
        r"cnn\.yaml:54: cnn\.never-valid: no combination of parameters gives an answer",
        r"cnn\.yaml:62: questions\.7: answer\.line 5 is past the end of the code",
        r"cnn\.yaml:72: cnn\.placeholder-in-explanation: explanation\.en: placeholders \['mystery'\]",
    ]
    for pattern in expected:
        assert re.search(pattern, r.stdout), f"{pattern!r} not in:\n{r.stdout}"
    assert "Traceback" not in r.stdout + r.stderr
    assert "10 problems" in r.stderr


def test_duplicate_question_ids_across_files(quiz_cli):
    r = quiz_cli("lint", BROKEN_Q / "astrology.yaml", Path(__file__).parent.parent / "questions" / "cnn.yaml")
    assert r.returncode == 1 and "duplicate id 'cnn.pooling-params'" in r.stdout


def test_schema_file_is_current(quiz_cli):
    r = quiz_cli("schema")
    assert r.returncode == 0
    shipped = (Path(__file__).parent.parent / "questions" / "_schema.json").read_text(encoding="utf-8")
    assert r.stdout == shipped, "run: quiz schema > questions/_schema.json"
    for path in bank_paths():
        assert path.read_text(encoding="utf-8").startswith("# yaml-language-server: $schema=_schema.json")


def test_shipped_banks_lint_clean_and_meet_the_counts(quiz_cli):
    from grader.banks.lint import lint_paths

    report = lint_paths()
    assert report.problems == []
    topics = load_bank().topics
    assert len(topics) == 35
    assert report.questions >= 400
    for topic in topics:
        assert sum(report.by_topic.get(topic, {}).values()) >= 8, topic
    assert report.parameterised >= 40
    assert sum(c.get("spot_the_bug", 0) for c in report.by_topic.values()) >= 30


# --- the fast path: libyaml, the disk cache of parsed files, tasks first -------------------

PRACTICE_BANK = Path(__file__).parent / "practice_bank"


@pytest.fixture(autouse=True)
def private_cache(tmp_path, monkeypatch):
    """Parsed banks are cached in a temporary folder, never in the user's cache directory."""
    monkeypatch.setenv("QUIZ_CACHE_DIR", str(tmp_path / "cache"))


@pytest.fixture
def bank_folder(tmp_path, monkeypatch):
    """A copy of the small practice bank as QUIZ_BANKS, with its own empty cache folder."""
    import shutil

    from grader.banks import loader

    folder = tmp_path / "banks"
    shutil.copytree(PRACTICE_BANK, folder)
    monkeypatch.setenv("QUIZ_BANKS", str(folder))
    monkeypatch.setattr(loader, "_cache", {})
    return folder


def _fresh_load():
    from grader.banks import loader

    loader._cache.clear()  # a new process: only the disk cache remains
    return load_bank()


def _forbid_parsing(monkeypatch):
    from grader.banks import loader

    def parse(*args, **kwargs):
        raise AssertionError("parsed a file the cache holds")

    monkeypatch.setattr(loader, "compose_with_lines", parse)


def test_the_cache_serves_an_unchanged_bank_and_drops_a_changed_file(bank_folder, tmp_path,
                                                                     monkeypatch):
    import os

    first = _fresh_load()
    assert list((tmp_path / "cache").glob("banks-*.json"))
    with monkeypatch.context() as m:
        _forbid_parsing(m)
        again = _fresh_load()
        assert again.tasks == first.tasks and dict(again.questions) == dict(first.questions)
        assert dict(again.sources) == dict(first.sources)

    path = bank_folder / "activations.yaml"
    text = path.read_text(encoding="utf-8")
    st = path.stat()
    old = "Stable sigmoid and its backward pass"
    new = "Stable SIGMOID and its backward pass"  # same size, and the mtime is put back
    path.write_text(text.replace(old, new), encoding="utf-8")
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert path.stat().st_size == st.st_size and path.stat().st_mtime_ns == st.st_mtime_ns
    assert _fresh_load().tasks["sigmoid"].title.en == new

    (bank_folder / "cnn.yaml").unlink()
    assert "conv2d" not in _fresh_load().tasks


def test_a_new_parser_or_version_drops_the_whole_cache(bank_folder, monkeypatch):
    from grader.banks import cache, loader, parse

    _fresh_load()
    parsed = []
    monkeypatch.setattr(loader, "compose_with_lines",
                        lambda *a, **k: parsed.append(a[1]) or parse.compose_with_lines(*a, **k))
    _fresh_load()
    assert parsed == []
    real = cache._header
    for change in ({"parser": "edited"}, {"quiz": "0.0.0"}, {"yaml": "0"}):
        monkeypatch.setattr(cache, "_header", lambda change=change: {**real(), **change})
        _fresh_load()
        assert len(parsed) == 2, change  # both files of the bank
        parsed.clear()


def test_a_corrupt_or_foreign_cache_is_ignored(bank_folder, tmp_path):
    expected = _fresh_load().tasks
    (cache,) = (tmp_path / "cache").glob("banks-*.json")
    for junk in (b"\x80not json", b"[]", b'{"header": {"format": 0}, "files": {}}',
                 cache.read_bytes().replace(b'"format":1', b'"format":"x"')):
        cache.write_bytes(junk)
        assert _fresh_load().tasks == expected


def test_a_problem_in_a_cached_file_still_names_its_own_line(bank_folder, monkeypatch):
    path = bank_folder / "activations.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("difficulty: 1", "difficulty: 9", 1),
                    encoding="utf-8")
    with pytest.raises(BankError) as cold:
        _fresh_load()
    with monkeypatch.context() as m:
        from grader.banks import parse

        calls = []
        m.setattr("grader.banks.loader.compose_with_lines",
                  lambda *a, **k: calls.append(a) or parse.compose_with_lines(*a, **k))
        with pytest.raises(BankError) as warm:
            _fresh_load()
    assert warm.value.problems == cold.value.problems
    assert re.search(r"activations\.yaml:\d+: tasks\.0\.difficulty: ", "\n".join(warm.value.problems))
    assert len(calls) == 2  # only the broken file, parsed again for its lines (tasks, then all)


def test_grading_loads_the_tasks_and_the_questions_on_first_use(bank_folder, monkeypatch):
    from grader.banks import loader

    validated = []
    real = loader._QUESTION

    class Counting:
        def validate_python(self, item):
            validated.append(item)
            return real.validate_python(item)

    monkeypatch.setattr(loader, "_QUESTION", Counting())
    bank = _fresh_load()
    assert "sigmoid" in bank.tasks and validated == []
    assert len(bank.questions) > 0 and len(validated) == len(bank.questions)
    assert bank.require_topics(["cnn"]) == ["cnn"]


def test_a_broken_question_fails_on_first_use_with_every_problem(tmp_path, monkeypatch):
    monkeypatch.setenv("QUIZ_BANKS", str(BROKEN_Q))
    from grader.banks import loader

    monkeypatch.setattr(loader, "_cache", {})
    with pytest.raises(BankError) as eager:
        load_bank_files(sorted(BROKEN_Q.glob("*.yaml")))
    bank = load_bank()
    with pytest.raises(BankError) as lazy:
        bank.questions["cnn.english-zh"]
    assert lazy.value.problems == eager.value.problems


def test_libyaml_gives_the_same_data_lines_and_errors_as_pure_python():
    import yaml

    from grader.banks.parse import HAS_LIBYAML, compose_with_lines

    if not HAS_LIBYAML:
        pytest.skip("PyYAML is built without libyaml here")
    files = bank_paths() + sorted(BROKEN.glob("*.yaml")) + sorted(BROKEN_Q.glob("*.yaml"))
    for path in files:
        text = path.read_text(encoding="utf-8")
        try:
            pure = compose_with_lines(text, str(path), fast=False)
        except yaml.YAMLError as exc:
            with pytest.raises(yaml.YAMLError) as fast:
                compose_with_lines(text, str(path))
            assert str(fast.value) == str(exc)
            continue
        assert compose_with_lines(text, str(path)) == pure, path


def test_the_fast_bank_equals_the_pure_python_bank(monkeypatch):
    from grader.banks import parse

    fast = load_bank_files(bank_paths())
    monkeypatch.setattr(parse, "_FAST_LOADER", parse._LineLoader)
    pure = load_bank_files(bank_paths())
    assert fast == pure


# --- tasks whose checks would compare nothing (issue 9): lint rejects them, line by line ---

def test_lint_rejects_tasks_whose_checks_would_compare_nothing(quiz_cli):
    r = quiz_cli("lint", BROKEN / "nothing_to_compare")
    assert r.returncode == 1
    expected = [
        r"activations\.yaml:13: affine: no case supplies every argument of affine \(x, W, b\) and "
        r"nothing else: values, gradients would compare nothing for affine and affine_backward",
        r"activations\.yaml:27: soft: no stability case supplies every argument of soft \(x\)",
        r"activations\.yaml:41: untouched: check 'inputs_unchanged' needs another check",
        r"optimizers\.yaml:14: stepper: cases\.0 lacks \['v'\]: its trajectory of step_fn would "
        r"compare nothing",
        r"optimizers\.yaml:30: stepper_unstarted: check 'steps' needs `cases`",
        r"optimizers\.yaml:29: stepper_unstarted: trajectory\.carry: v: 5 is not the index of one "
        r"of the outputs \['w', 'v'\]",
        r"optimizers\.yaml:29: stepper_unstarted: trajectory\.counter 't' is not an argument",
        r"dropout\.yaml:14: drop: dropout\.probabilities is empty: no statistics would be drawn",
        r"gan\.yaml:13: gan_idle: gan\.optimizers is empty",
        r"optimizers\.yaml:46: stepper_values: values would compare nothing: a task with a "
        r"`trajectory` follows its cases step by step",
    ]
    for pattern in expected:
        assert re.search(pattern, r.stdout), f"{pattern!r} not in:\n{r.stdout}"
    assert "10 problems" in r.stderr and "Traceback" not in r.stdout + r.stderr


def test_lint_rejects_stateful_and_stochastic_tasks_without_their_specs(quiz_cli):
    r = quiz_cli("lint", BROKEN / "missing_specs")
    assert r.returncode == 1
    expected = [
        r"optimizers\.yaml:4: tasks\.0: check 'steps' needs a `trajectory` section",
        r"optimizers\.yaml:17: tasks\.1: check 'dropout' needs a `dropout` section",
        r"optimizers\.yaml:28: tasks\.2: check 'gan' needs a `gan` section",
        r"optimizers\.yaml:51: certain_drop: dropout\.probabilities \[1\.0\]: each must lie strictly "
        r"between 0 and 1",
        r"optimizers\.yaml:51: certain_drop: dropout\.shape \[40, 0\] has an empty axis",
    ]
    for pattern in expected:
        assert re.search(pattern, r.stdout), f"{pattern!r} not in:\n{r.stdout}"
    assert "5 problems" in r.stderr


def test_every_question_has_a_hint_and_a_quarter_are_senior_level():
    """Issue 14: a hint for every concept question (en and zh), and difficulty 3 for at least
    a quarter of them; every spot-the-bug snippet carries a check that can run."""
    from grader.banks import load_bank

    questions = list(load_bank().questions.values())
    assert not [q.id for q in questions if not q.hints or not all(h.en.strip() and h.zh.strip() for h in q.hints)]
    senior = sum(q.difficulty == 3 for q in questions)
    assert senior >= len(questions) / 4, f"{senior} of {len(questions)} at difficulty 3"
    bugs = [q for q in questions if q.kind == "spot_the_bug"]
    assert bugs and not [q.id for q in bugs if q.check is None]
