"""Demo data: realistic, deterministic, and indistinguishable from ORM-made rows."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from desktop.core import demo, profile
from desktop.core.db.models import (
    AdminUnit,
    NodeState,
    OutreachEvent,
    Person,
    ReceptionCase,
    ReferenceItem,
)
from desktop.core.db.models_cases import CaseTransition
from desktop.core.db.syncmeta import compute_rev
from desktop.core.demo import rows as demo_rows
from desktop.core.errors import KhienError
from desktop.core.places import REFORM_DATE
from desktop.core.progress import Progress, run_job
from desktop.core.security import audit
from desktop.core.text import fold, sort_key


def _fill(
    p: profile.OpenProfile, events: int = 300, cases: int = 80, seed: int = 7
) -> dict[str, int]:
    return run_job(demo.generate(p, events=events, cases=cases, seed=seed))


def test_counts_progress_and_audit(province):
    steps: list[Progress] = []
    counts = run_job(demo.generate(province, events=120, cases=30, seed=1), steps.append)
    assert counts == {"events": 120, "persons": 30, "cases": 30}
    assert demo.count_rows(province) == counts
    assert steps[0].done == 0 and steps[-1].done == steps[-1].total == 180
    with province.db.session() as s:
        assert audit.count(s, "demo.generate") == 1
        assert audit.verify(s, province.node.node_id).ok


def test_rows_carry_true_sync_metadata(province):
    _fill(province)
    with province.db.session() as s:
        node = s.execute(select(NodeState)).scalar_one()
        for model in (OutreachEvent, Person, ReceptionCase):
            for obj in s.execute(select(model).limit(40)).scalars():
                assert obj.parent_rev is None
                assert obj.origin_node == node.node_id
                assert obj.rev == compute_rev(obj.content(), None)
                for target, sources in model.__fold__.items():
                    expected = " ".join(fold(getattr(obj, c) or "") for c in sources).strip()
                    assert getattr(obj, target) == expected
                for target, source in model.__sortkey__.items():
                    assert getattr(obj, target) == sort_key(getattr(obj, source))
        seqs = []
        for model in (OutreachEvent, Person, ReceptionCase):
            seqs += list(s.execute(select(model.change_seq)).scalars())
        assert len(set(seqs)) == len(seqs) == 300 + 2 * 80
        assert max(seqs) <= node.change_seq
        hlcs = list(
            s.execute(select(OutreachEvent.hlc).order_by(OutreachEvent.change_seq)).scalars()
        )
        assert hlcs == sorted(hlcs)


def test_orm_edit_after_demo_gets_next_change_seq(province):
    _fill(province, events=10, cases=2)
    with province.db.session() as s:
        top = s.execute(select(func.max(OutreachEvent.change_seq))).scalar_one()
        top = max(top, s.execute(select(func.max(ReceptionCase.change_seq))).scalar_one())
        ev = s.execute(select(OutreachEvent).limit(1)).scalar_one()
        old_rev = ev.rev
        ev.title = "Tuyên truyền tại thôn Nà Lầu"
    with province.db.session() as s:
        ev2 = s.get(OutreachEvent, ev.id)
        assert ev2 is not None
        assert ev2.change_seq > top
        assert ev2.parent_rev == old_rev
        assert ev2.search_fold.startswith("tuyen truyen tai thon na lau")


def test_same_seed_same_content(tmp_path, province):
    _fill(province, events=50, cases=20, seed=42)
    other, _identity = profile.create_province(
        tmp_path / "other",
        province_code=20,
        admin_username="admin",
        admin_password="matkhau-123",
        admin_full_name="Lê Văn Hai",
    )
    try:
        _fill(other, events=50, cases=20, seed=42)

        def content(p: profile.OpenProfile) -> list[tuple[object, ...]]:
            with p.db.session() as s:
                q = select(OutreachEvent.title, OutreachEvent.held_on, OutreachEvent.audience_total)
                evs = list(s.execute(q.order_by(OutreachEvent.change_seq)).all())
                q2 = select(Person.full_name, ReceptionCase.case_code).join(
                    Person, Person.id == ReceptionCase.person_id
                )
                return evs + list(s.execute(q2.order_by(ReceptionCase.change_seq)).all())

        assert content(province) == content(other)
    finally:
        other.db.close()


def test_data_is_plausible(province):
    _fill(province, events=600, cases=200, seed=3)
    with province.db.session() as s:
        refs = {(k, c) for k, c in s.execute(select(ReferenceItem.kind, ReferenceItem.code)).all()}
        units = {(c, k) for c, k in s.execute(select(AdminUnit.code, AdminUnit.kind)).all()}
        for ev in s.execute(select(OutreachEvent)).scalars():
            assert ev.audience_women + ev.audience_men <= ev.audience_total
            assert ev.audience_youth <= ev.audience_total
            assert ("outreach_kind", ev.kind) in refs and ("agency", ev.lead_agency) in refs
            kind = "legacy_commune" if ev.held_on < REFORM_DATE else "commune"
            assert (ev.commune_code, kind) in units
            assert " tại thôn " in ev.title or " tại khối " in ev.title
        codes = set()
        minors = 0
        for case, person in s.execute(
            select(ReceptionCase, Person).join(Person, Person.id == ReceptionCase.person_id)
        ).all():
            # The regime follows the identification date (reception until identified).
            identified = s.execute(
                select(CaseTransition.effective_on).where(
                    CaseTransition.case_id == case.id, CaseTransition.to_status == "identified"
                )
            ).scalar_one_or_none()
            assert case.legal_regime == (
                "2011" if (identified or case.received_on) < REFORM_DATE else "2024"
            )
            steps = (
                s.execute(
                    select(CaseTransition.to_status)
                    .where(CaseTransition.case_id == case.id)
                    .order_by(CaseTransition.change_seq)
                )
                .scalars()
                .all()
            )
            assert (steps[-1] if steps else "received") == case.status
            assert case.case_code.startswith(f"LS-{case.received_on.year}-")
            assert case.channel in demo.rows.CHANNELS
            if case.border_gate:
                assert ("border_gate", case.border_gate) in refs
            assert case.channel != "handed_over_border" or case.border_gate
            assert len(person.full_name.split()) >= 3
            assert person.sex in ("female", "male", "other")
            assert person.birth_year is not None
            if person.birth_date is not None:
                assert person.birth_date.year == person.birth_year
            minors += case.received_on.year - person.birth_year < 18
            codes.add(case.case_code)
        assert len(codes) == 200
        assert 0 < minors < 100


def test_second_run_continues_case_codes(province):
    _fill(province, events=0, cases=30, seed=1)
    _fill(province, events=0, cases=30, seed=1)
    with province.db.session() as s:
        codes = list(s.execute(select(ReceptionCase.case_code)).scalars())
    assert len(set(codes)) == 60


def test_cancel_leaves_nothing(province):
    job = demo.generate(province, events=12000, cases=0, seed=1)
    next(job)
    next(job)  # one batch written inside the open transaction
    job.close()
    assert demo.count_rows(province)["events"] == 0
    with province.db.session() as s:
        assert audit.count(s, "demo.generate") == 0


def test_create_demo_profile(tmp_path):
    where = tmp_path / "demo"
    opened = run_job(demo.create_demo_profile(where, events=40, cases=10, seed=5))
    try:
        assert demo.is_demo(opened)
        assert demo.count_rows(opened)["cases"] == 10
        assert (where / demo.RECOVERY_FILE).read_text().startswith("AGE-SECRET-KEY-")
    finally:
        opened.close()
    for username, _name, role in demo.DEMO_ACCOUNTS:
        p = profile.open_profile(where, username, demo.DEMO_PASSWORD)
        assert p.user.role == role
        p.close()
    with pytest.raises(KhienError):
        run_job(demo.create_demo_profile(where, events=1, cases=1, seed=5))


def test_dates_in_range(province):
    _fill(province, events=200, cases=50)
    with province.db.session() as s:
        lo, hi = s.execute(
            select(func.min(OutreachEvent.held_on), func.max(OutreachEvent.held_on))
        ).one()
    assert lo >= demo_rows.FIRST_DAY and hi <= demo_rows.LAST_DAY < dt.date.today()
