"""A schedule that learns the person (issue 14): `quiz stats --optimize` fits FSRS parameters to
the user's own review log with fsrs's optimizer, `--retention` sets the desired retention, and
both are kept in the progress store for every later schedule.

The review logs come from simulated learners whose memory follows FSRS with known parameters:
one forgets faster than fsrs's defaults assume (initial stabilities a fifth), one slower (five
times). Reviews happen when the app's default schedule says, recall is drawn from the
learner's true retrievability, and fitting must move the next interval the learner's way.
"""

from __future__ import annotations

import io
import json
import random
import sqlite3
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

import fsrs
import pytest
from fsrs import Rating
from fsrs.scheduler import DEFAULT_PARAMETERS

from grader.cli import main
from grader.progress import ProgressStore
from grader.progress.fitting import MIN_REVIEWS, countable_reviews, optimize, review_logs, typical_intervals
from grader.progress.settings import load_settings, save_retention, scheduler_for

T0 = datetime(2026, 1, 5, 9, tzinfo=timezone.utc)


def simulate(store: ProgressStore, *, stability_scale: float, cards: int, answers: int, seed: int = 0) -> None:
    """Write `cards` × `answers` reviews of a learner whose initial stabilities are fsrs's
    defaults × `stability_scale`; each review at least a day after the card's previous one."""
    rng = random.Random(seed)
    store.conn.execute("PRAGMA synchronous = OFF")  # hundreds of commits: no need to wait for the disk
    true_parameters = [w * stability_scale if i < 4 else w for i, w in enumerate(DEFAULT_PARAMETERS)]
    truth = fsrs.Scheduler(parameters=true_parameters, enable_fuzzing=False, learning_steps=(),
                           relearning_steps=())
    app = fsrs.Scheduler(enable_fuzzing=False)
    for c in range(cards):
        when = T0 + timedelta(days=rng.randrange(20), hours=rng.random() * 8)
        memory, card = fsrs.Card(card_id=c + 1), fsrs.Card(card_id=c + 1)
        for k in range(answers):
            recalled = k == 0 or rng.random() < truth.get_card_retrievability(memory, when)
            rating = Rating.Good if recalled else Rating.Again
            memory, _ = truth.review_card(memory, rating, when)
            state_before = int(card.state)
            card, _ = app.review_card(card, rating, when)
            store.record_review(item_id=f"sim.q{c:03d}", item_type="question", topic="sim",
                                fsrs_json=card.to_json(), due=card.due, when=when, rating=int(rating),
                                state=state_before, duration_ms=4000, correct=recalled,
                                mode="review" if k else "new")
            when = max(card.due, when + timedelta(days=1)) + timedelta(hours=rng.random() * 3)


def _quiz(capsys, *args: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exit_:
        main(list(args))
    out = capsys.readouterr()
    return exit_.value.code, out.out, out.err


def _last_interval_days(parameters, retention: float = 0.9) -> float:
    """The last interval of a card answered right every time (fsrs without fuzz)."""
    return typical_intervals(parameters, desired_retention=retention)["right"][-1] / timedelta(days=1)


def test_min_reviews_is_the_optimizers_own_requirement():
    import fsrs.optimizer

    assert MIN_REVIEWS == fsrs.optimizer.mini_batch_size


# each fit takes fsrs's optimizer ~5 s: the quick loop fits one learner, the slow run both
@pytest.mark.parametrize("scale,faster", [(0.2, True), pytest.param(5.0, False, marks=pytest.mark.slow)])
def test_optimize_fits_the_learner_and_later_schedules_use_it(capsys, isolated_home, scale, faster):
    with ProgressStore(isolated_home) as store:
        simulate(store, stability_scale=scale, cards=110, answers=6)
        assert countable_reviews(review_logs(store)) >= MIN_REVIEWS
    code, out, err = _quiz(capsys, "stats", "--optimize", "--json")
    assert code == 0, err
    report = json.loads(out)
    assert report["optimize"]["fitted"] and report["optimize"]["reviews"] == 660
    assert report["optimize"]["log_loss_after"] < report["optimize"]["log_loss_before"]
    schedule = report["schedule"]
    assert schedule["source"] == "fitted" and schedule["fitted_on_reviews"] == 660
    fitted = schedule["parameters"]
    assert len(fitted) == len(DEFAULT_PARAMETERS) and fitted != pytest.approx(list(DEFAULT_PARAMETERS))
    # the same card, answered the same way, is now due sooner for a fast forgetter, later for a slow one
    before, after = _last_interval_days(DEFAULT_PARAMETERS), _last_interval_days(fitted)
    assert (after < before) if faster else (after > before)
    with ProgressStore(isolated_home) as store:
        assert scheduler_for(store).parameters == pytest.approx(fitted)
        assert load_settings(store).fitted_at is not None
    code, out, _ = _quiz(capsys, "stats", "--json")  # the parameters in use, and where from
    assert code == 0 and json.loads(out)["schedule"]["parameters"] == pytest.approx(fitted)


@pytest.mark.slow  # a second fit of the same learner, for the text
def test_optimize_text_says_what_it_used_and_changed(capsys, isolated_home):
    with ProgressStore(isolated_home) as store:
        simulate(store, stability_scale=0.2, cards=110, answers=6)
    code, out, _ = _quiz(capsys, "stats", "--optimize")
    assert code == 0
    assert "fitted FSRS parameters to your 660 reviews (550 of them" in out
    assert "log loss" in out and "right every time: 10m, " in out and " → 10m, " in out


def test_too_few_reviews_say_how_many_and_change_nothing(capsys, isolated_home):
    with ProgressStore(isolated_home) as store:
        simulate(store, stability_scale=0.2, cards=10, answers=6)
    code, out, _ = _quiz(capsys, "stats", "--optimize")
    assert code == 0
    assert out == ("not enough reviews to fit your schedule yet: 50 of the 512 it needs (reviews a day or "
                   "more after the card's previous one); nothing changed\n")
    with ProgressStore(isolated_home) as store:
        assert store.setting("fsrs_parameters") is None
        assert load_settings(store).source == "default"
        assert optimize(store, now=T0).fitted is None


def test_retention_setting_changes_intervals(capsys, isolated_home):
    code, out, _ = _quiz(capsys, "stats", "--retention", "0.8")
    assert code == 0 and out == "desired retention set to 80%: later intervals aim for it\n"
    with ProgressStore(isolated_home) as store:
        sched = scheduler_for(store, fuzz=False)
        assert sched.desired_retention == 0.8
        low = _last_interval_days(sched.parameters, sched.desired_retention)
        save_retention(store, 0.95, when=T0)
        high = _last_interval_days(DEFAULT_PARAMETERS, scheduler_for(store).desired_retention)
    assert low > _last_interval_days(DEFAULT_PARAMETERS, 0.9) > high  # aiming lower: longer intervals
    code, out, _ = _quiz(capsys, "stats", "--json")
    assert json.loads(out)["schedule"] == {"desired_retention": 0.95, "parameters": list(DEFAULT_PARAMETERS),
                                           "source": "default", "fitted_on_reviews": None, "fitted_at": None}


@pytest.mark.parametrize("value", ["0.5", "1", "0.995"])
def test_retention_out_of_range_is_one_line_exit_2(capsys, isolated_home, value):
    for command in ("stats", "practice"):
        code, out, err = _quiz(capsys, command, "--retention", value)
        assert code == 2 and out == "" and err.count("\n") == 1
        assert f"{float(value)} is not in the range 0.7–0.99" in err
    with ProgressStore(isolated_home) as store:
        assert store.setting("desired_retention") is None


def test_practice_retention_is_kept(capsys, isolated_home, monkeypatch):
    monkeypatch.setenv("QUIZ_BANKS", str(Path(__file__).parent / "practice_bank"))
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    code, _, err = _quiz(capsys, "practice", "--retention", "0.85", "--count", "1", "--json")
    assert code == 0, err
    with ProgressStore(isolated_home) as store:
        assert load_settings(store).desired_retention == 0.85


def test_an_old_store_without_the_settings_table_opens(isolated_home):
    with ProgressStore(isolated_home) as store:
        simulate(store, stability_scale=1.0, cards=2, answers=3)
    conn = sqlite3.connect(isolated_home / "progress.sqlite3")
    conn.execute("DROP TABLE settings")  # as every store written before issue 14
    conn.commit()
    conn.close()
    with ProgressStore(isolated_home) as store:
        assert store.schema_version == 1 and len(store.reviews()) == 6
        assert load_settings(store).source == "default" and store.setting("desired_retention") is None
        save_retention(store, 0.85, when=T0)
        assert scheduler_for(store).desired_retention == 0.85


def test_unusable_stored_settings_read_as_defaults(isolated_home):
    with ProgressStore(isolated_home) as store:
        store.set_setting("desired_retention", "1.5", when=T0)
        store.set_setting("fsrs_parameters", json.dumps({"parameters": [1.0] * 3, "reviews": 600,
                                                         "fitted_at": T0.isoformat()}), when=T0)
        settings = load_settings(store)
    assert settings.desired_retention == 0.9 and settings.source == "default"


def test_optimal_retention_needs_512_reviews(capsys, isolated_home):
    with ProgressStore(isolated_home) as store:
        simulate(store, stability_scale=1.0, cards=10, answers=6)
    code, out, _ = _quiz(capsys, "stats", "--optimize-retention")
    assert code == 0 and out == ("not enough reviews to find your optimal retention yet: 60 of the 512 it needs; "
                                 "nothing changed\n")
    code, _, err = _quiz(capsys, "stats", "--optimize-retention", "--retention", "0.8")
    assert code == 2 and "give one" in err
    with ProgressStore(isolated_home) as store:
        assert store.setting("desired_retention") is None


@pytest.mark.slow  # fsrs simulates 6 × 1000 cards for a year: ~10 s
def test_optimal_retention_is_set(capsys, isolated_home):
    with ProgressStore(isolated_home) as store:
        simulate(store, stability_scale=1.0, cards=100, answers=6)
    code, out, err = _quiz(capsys, "stats", "--optimize-retention", "--json")
    assert code == 0, err
    report = json.loads(out)
    best = report["optimize_retention"]["retention"]
    assert report["optimize_retention"]["reviews"] == 600 and best in (0.7, 0.75, 0.8, 0.85, 0.9, 0.95)
    assert report["schedule"]["desired_retention"] == best


def test_without_fsrs_optimizer_installed_one_line_says_what_to_install(capsys, isolated_home, monkeypatch):
    with ProgressStore(isolated_home) as store:
        simulate(store, stability_scale=1.0, cards=110, answers=6)
    monkeypatch.setitem(sys.modules, "fsrs.optimizer", None)  # `import fsrs.optimizer` raises ImportError
    code, out, err = _quiz(capsys, "stats", "--optimize")
    assert code == 1 and out == ""
    assert err == "error: fitting the schedule needs fsrs's optimizer: pip install 'fsrs[optimizer]'\n"
    with ProgressStore(isolated_home) as store:
        assert store.setting("fsrs_parameters") is None
