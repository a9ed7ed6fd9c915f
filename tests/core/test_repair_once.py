"""Issue 18, point 1: the repairs a profile runs when it opens cost nothing once they have
run — each searches every row only until it has completed once on that database — and a
database this version creates starts with all of them marked as done."""

from __future__ import annotations

from sqlalchemy import delete

from desktop.core.db import repair, repair_cases
from desktop.core.db.models import Setting


def _unmark(opened) -> None:
    with opened.db.session() as s:
        s.execute(delete(Setting).where(Setting.key.in_(list(repair.ONE_TIME))))


def test_the_referral_repair_searches_the_steps_only_until_it_has_run_once(province, monkeypatch):
    _unmark(province)
    searches = []
    search = repair_cases.referrals_from_steps

    def counted(s):  # type: ignore[no-untyped-def]
        searches.append(1)
        return search(s)

    monkeypatch.setattr(repair_cases, "referrals_from_steps", counted)
    with province.db.session() as s:
        assert not repair.has_run(s, repair.REFERRALS_KEY, repair.REFERRALS_VERSION)
        assert repair_cases.referrals_once(s) == 0  # nothing to make on a new profile
    with province.db.session() as s:
        assert repair.has_run(s, repair.REFERRALS_KEY, repair.REFERRALS_VERSION)
        assert repair_cases.referrals_once(s) == 0
    assert len(searches) == 1, "the second opening does not search again"


def test_a_raised_version_runs_the_repair_once_more(province):
    with province.db.session() as s:
        repair.mark_run(s, repair.REFERRALS_KEY, "0")
    with province.db.session() as s:
        assert not repair.has_run(s, repair.REFERRALS_KEY, repair.REFERRALS_VERSION)
        repair_cases.referrals_once(s)
    with province.db.session() as s:
        assert s.get(Setting, repair.REFERRALS_KEY).value == repair.REFERRALS_VERSION


def test_mark_new_marks_every_one_time_repair(province):
    _unmark(province)
    assert repair.needed(province.db)
    with province.db.session() as s:
        repair.mark_new(s)
    assert not repair.needed(province.db)
    with province.db.session() as s:
        assert all(repair.has_run(s, k, v) for k, v in repair.ONE_TIME.items())
    assert repair.stamp_unstamped(province.db) == {}


def test_a_new_profile_starts_with_every_repair_marked(province):
    with province.db.session() as s:
        assert all(repair.has_run(s, k, v) for k, v in repair.ONE_TIME.items())
