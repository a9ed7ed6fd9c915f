"""Statistics: exact figures on a hand-made data set, and agreement with independent
queries over demo data. Every breakdown adds up to its total."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

import pytest
from sqlalchemy import func, select

from desktop.core import stats
from desktop.core.db.models import OutreachEvent, Person, ReceptionCase
from desktop.core.db.syncmeta import tombstone
from tests.core.reports_helpers import demo_with_records

D = dt.date


def _add_event(
    s: Any,
    kind: str,
    on: dt.date,
    commune: int | None,
    agency: str = "police",
    audience: tuple[int, int, int, int] = (0, 0, 0, 0),
) -> OutreachEvent:
    total, women, men, youth = audience
    ev = OutreachEvent(
        kind=kind,
        title=f"{kind} {on}",
        held_on=on,
        commune_code=commune,
        lead_agency=agency,
        audience_total=total,
        audience_women=women,
        audience_men=men,
        audience_youth=youth,
    )
    s.add(ev)
    return ev


def _add_case(
    s: Any,
    code: str,
    on: dt.date,
    sex: str,
    birth_year: int | None,
    channel: str,
    gate: str = "",
    status: str = "received",
) -> ReceptionCase:
    person = Person(full_name="Nguyễn Thị A", sex=sex, birth_year=birth_year)
    s.add(person)
    s.flush()
    case = ReceptionCase(
        case_code=code,
        person_id=person.id,
        received_on=on,
        channel=channel,
        border_gate=gate,
        legal_regime="2024",
        status=status,
    )
    s.add(case)
    return case


@pytest.fixture
def small(province):
    with province.db.session() as s:
        _add_event(s, "talk", D(2025, 1, 1), 6040, audience=(40, 25, 15, 10))
        _add_event(s, "talk", D(2025, 1, 31), 6040, agency="", audience=(12, 5, 7, 0))
        _add_event(s, "banner", D(2025, 2, 1), None)
        _add_event(s, "rally", D(2025, 3, 15), 6001, agency="womens_union", audience=(300, 0, 0, 0))
        gone = _add_event(s, "rally", D(2025, 2, 10), 6001, audience=(999, 500, 499, 100))
        _add_case(
            s, "LS-2025-00001", D(2025, 1, 5), "female", 2010, "handed_over_border", "huu_nghi"
        )
        _add_case(s, "LS-2025-00002", D(2025, 2, 5), "female", 1990, "self_reported")
        _add_case(s, "LS-2025-00003", D(2025, 2, 28), "male", None, "rescued", status="closed")
        _add_case(s, "LS-2025-00004", D(2025, 3, 1), "female", 2008, "handed_over_border", "chi_ma")
        gone_case = _add_case(s, "LS-2025-00005", D(2025, 2, 6), "female", 1970, "rescued")
        s.flush()
        tombstone(gone)
        tombstone(gone_case)
    return province


def test_exact_figures_on_a_small_set(small):
    with small.db.session() as s:
        result = stats.compute(s, today=D(2025, 6, 1))
    assert result == {
        "events": {
            "total": 4,
            "by_kind": {"banner": 1, "rally": 1, "talk": 2},
            "by_commune": {"": 1, "legacy-6001": 1, "legacy-6040": 2},  # dated before the reform
            "by_agency": {"": 1, "police": 2, "womens_union": 1},
            "by_month": {"2025-01": 2, "2025-02": 1, "2025-03": 1},
            "participants": {"total": 352, "women": 30, "men": 22, "youth": 10},
            "kind_totals": {
                "banner": {"events": 1, "participants": 0, "quantity": 0},
                "rally": {"events": 1, "participants": 300, "quantity": 0},
                "talk": {"events": 2, "participants": 52, "quantity": 0},
            },
        },
        "cases": {
            "total": 4,
            "by_status": {"closed": 1, "received": 3},
            "by_sex": {"female": 3, "male": 1},
            "by_channel": {"handed_over_border": 2, "rescued": 1, "self_reported": 1},
            "by_border_gate": {"": 2, "chi_ma": 1, "huu_nghi": 1},
            "by_age_group": {"0-15": 1, "16-17": 1, "30-49": 1, "unknown": 1},
            "by_ethnic_group": {"": 4},
            "by_regime": {"2024": 4},
            "by_minor": {"adult": 1, "child": 3},  # the age not known: presumed a child
            "by_destination": {"": 4},
            "by_return": {"handed_over_foreign": 2, "in_viet_nam": 1, "rescued": 1},
            "by_purpose": {"": 4},
        },
        "persons": {
            "total": 4,
            "children": 3,
            "identified": 0,
            "supported": 0,
            "by_sex": {"female": 3, "male": 1},
            "by_age_group": {"0-15": 1, "16-17": 1, "30-49": 1, "unknown": 1},
            "by_ethnic_group": {"": 4},
            "by_home_province": {"": 4},
            "by_destination": {"": 4},
            "by_return": {"handed_over_foreign": 2, "in_viet_nam": 1, "rescued": 1},
            "by_minor": {"adult": 1, "child": 3},
            "by_purpose": {"": 4},
        },
        "support": {"count": 0, "amount": 0, "cases": 0, "by_type": {}},
        "steps": {},
        "shelter": {"admitted": 0, "discharged": 0, "staying_at_end": 0, "by_facility": {}},
        "referrals": {"total": 0, "cases": 0, "by_agency": {}},
        "overdue": {"as_of": "2025-06-01", "total": 0, "by_status": {}},
        "other_bodies": {"by_figure": {}, "partial": []},
    }


def test_dates_are_inclusive(small):
    with small.db.session() as s:
        jan = stats.compute(s, D(2025, 1, 1), D(2025, 1, 31))
        feb_on = stats.compute(s, D(2025, 2, 1))
        until_feb5 = stats.compute(s, None, D(2025, 2, 5))
    assert jan["events"]["total"] == 2 and jan["cases"]["total"] == 1
    assert feb_on["events"]["total"] == 2 and feb_on["cases"]["total"] == 3
    assert until_feb5["events"]["total"] == 3 and until_feb5["cases"]["total"] == 2
    assert jan["events"]["by_month"] == {"2025-01": 2}
    assert jan["events"]["participants"] == {"total": 52, "women": 30, "men": 22, "youth": 10}
    assert feb_on["events"]["participants"]["total"] == 300  # the deleted rally is not counted


def test_empty_profile(province):
    with province.db.session() as s:
        result = stats.compute(s)
    assert result["events"] == {
        "total": 0,
        "by_kind": {},
        "by_commune": {},
        "by_agency": {},
        "by_month": {},
        "participants": {"total": 0, "women": 0, "men": 0, "youth": 0},
        "kind_totals": {},
    }
    assert result["cases"]["total"] == 0 and result["cases"]["by_sex"] == {}


def _commune_key(e: OutreachEvent) -> str:
    if e.commune_code is None:
        return ""
    return ("legacy-" if e.held_on < dt.date(2025, 7, 1) else "") + str(e.commune_code)


def _independent(s: Any, lo: dt.date, hi: dt.date) -> dict[str, Any]:
    """The same figures computed a different way: per-value COUNT queries and Python."""
    evs = list(
        s.execute(
            select(OutreachEvent).where(
                OutreachEvent.held_on.between(lo, hi),
                OutreachEvent.deleted == False,  # noqa: E712
            )
        ).scalars()
    )
    kinds = {k for (k,) in s.execute(select(OutreachEvent.kind).distinct())}
    by_kind = {}
    for k in kinds:
        n = s.execute(
            select(func.count(OutreachEvent.id)).where(
                OutreachEvent.kind == k,
                OutreachEvent.held_on >= lo,
                OutreachEvent.held_on <= hi,
                OutreachEvent.deleted == False,  # noqa: E712
            )
        ).scalar_one()
        if n:
            by_kind[k] = n
    pairs = s.execute(
        select(ReceptionCase, Person)
        .join(Person, Person.id == ReceptionCase.person_id)
        .where(ReceptionCase.received_on.between(lo, hi), ReceptionCase.deleted == False)  # noqa: E712
    ).all()

    def years(c: ReceptionCase, p: Person) -> int | None:
        if c.age_at_reception is not None:
            return c.age_at_reception
        return None if p.birth_year is None else c.received_on.year - p.birth_year

    def age(c: ReceptionCase, p: Person) -> str:
        n = years(c, p)
        if n is None:
            return "unknown"
        if c.child_presumed:  # a child, in the group of the youngest age they may be
            n = min(n - 1, 17)
        return (
            "unknown"
            if n < 0
            else "0-15"
            if n < 16
            else "16-17"
            if n < 18
            else "18-29"
            if n < 30
            else "30-49"
            if n < 50
            else "50+"
        )

    def minor(c: ReceptionCase, p: Person) -> str:
        n = years(c, p)
        child = c.is_child or c.child_presumed or n is None or n < 18
        return "child" if child else "adult"

    return {
        "events": {
            "total": len(evs),
            "by_kind": by_kind,
            "by_commune": dict(Counter(_commune_key(e) for e in evs)),
            "by_agency": dict(Counter(e.lead_agency for e in evs)),
            "by_month": dict(Counter(e.held_on.strftime("%Y-%m") for e in evs)),
            "participants": {
                "total": sum(e.audience_total for e in evs),
                "women": sum(e.audience_women for e in evs),
                "men": sum(e.audience_men for e in evs),
                "youth": sum(e.audience_youth for e in evs),
            },
            "kind_totals": {
                k: {
                    "events": sum(1 for e in evs if e.kind == k),
                    "participants": sum(e.audience_total for e in evs if e.kind == k),
                    "quantity": sum(e.quantity for e in evs if e.kind == k),
                }
                for k in sorted({e.kind for e in evs})
            },
        },
        "cases": {
            "total": len(pairs),
            "by_status": dict(Counter(c.status for c, _p in pairs)),
            "by_sex": dict(Counter(p.sex for _c, p in pairs)),
            "by_channel": dict(Counter(c.channel for c, _p in pairs)),
            "by_border_gate": dict(Counter(c.border_gate for c, _p in pairs)),
            "by_age_group": dict(Counter(age(c, p) for c, p in pairs)),
            "by_ethnic_group": dict(Counter(p.ethnic_group for _c, p in pairs)),
            "by_regime": dict(Counter(c.legal_regime for c, _p in pairs)),
            "by_minor": dict(Counter(minor(c, p) for c, p in pairs)),
        },
        "support": _support(s, lo, hi),
        **_case_records(s, lo, hi),
    }


TODAY = D(2025, 3, 1)


def _case_records(s: Any, lo: dt.date, hi: dt.date, today: dt.date = TODAY) -> dict:
    """Steps, shelter stays, referrals and overdue cases, row by row in Python."""
    from desktop.core.db.models_cases import CaseTransition, Referral, ShelterStay

    live = {c.id for c in s.execute(select(ReceptionCase)).scalars() if not c.deleted}
    steps: dict[str, set[str]] = {}
    for t in s.execute(select(CaseTransition)).scalars():
        if t.case_id in live and not t.deleted and lo <= t.effective_on <= hi:
            steps.setdefault(t.to_status, set()).add(t.case_id)
    stays = [
        st
        for st in s.execute(select(ShelterStay)).scalars()
        if st.case_id in live and not st.deleted
    ]
    admitted = [st for st in stays if lo <= st.admitted_on <= hi]
    refs = [
        r
        for r in s.execute(select(Referral)).scalars()
        if r.case_id in live and not r.deleted and lo <= r.referred_on <= hi
    ]
    as_of = min(hi, today)
    late = [
        c
        for c in s.execute(select(ReceptionCase)).scalars()
        if not c.deleted and c.status != "closed" and c.due_on is not None
        and c.due_on < as_of and c.received_on <= hi
    ]  # fmt: skip
    return {
        "steps": {k: len(v) for k, v in sorted(steps.items())},
        "shelter": {
            "admitted": len(admitted),
            "discharged": sum(
                1 for st in stays if st.discharged_on and lo <= st.discharged_on <= hi
            ),
            "staying_at_end": sum(
                1
                for st in stays
                if st.admitted_on <= hi and (st.discharged_on is None or st.discharged_on > hi)
            ),
            "by_facility": dict(sorted(Counter(st.facility for st in admitted).items())),
        },
        "referrals": {
            "total": len(refs),
            "cases": len({r.case_id for r in refs}),
            "by_agency": dict(sorted(Counter(r.to_agency for r in refs).items())),
        },
        "overdue": {
            "as_of": as_of.isoformat(),
            "total": len(late),
            "by_status": dict(sorted(Counter(c.status for c in late).items())),
        },
    }


def _support(s, lo, hi) -> dict:
    from desktop.core.db.models_cases import SupportEntry

    by_type: dict[str, dict[str, int]] = {}
    cases: set[str] = set()
    live = {c.id for c in s.execute(select(ReceptionCase)).scalars() if not c.deleted}
    entries = [e for e in s.execute(select(SupportEntry)).scalars() if not e.deleted]
    corrected = {e.corrects_id for e in entries if e.corrects_id}
    for e in entries:
        if e.corrects_id or e.id in corrected:  # a correction cancels its entry
            continue
        if lo <= e.given_on <= hi and e.case_id in live:
            cases.add(e.case_id)
            slot = by_type.setdefault(e.support_type, {"count": 0, "amount": 0})
            slot["count"] += 1
            slot["amount"] += e.amount
    return {
        "count": sum(v["count"] for v in by_type.values()),
        "amount": sum(v["amount"] for v in by_type.values()),
        "cases": len(cases),
        "by_type": dict(sorted(by_type.items())),
    }


@pytest.mark.parametrize("lo,hi", [(D(2000, 1, 1), D(2100, 1, 1)), (D(2024, 3, 10), D(2025, 7, 1))])
def test_agrees_with_independent_queries(province, lo, hi):
    demo_with_records(province, events=700, cases=250, seed=11)
    with province.db.session() as s:
        for ev in s.execute(select(OutreachEvent).limit(25)).scalars():
            tombstone(ev)
    with province.db.session() as s:
        got = stats.compute(s, lo, hi, today=TODAY)
        want = _independent(s, lo, hi)
    # The figures added since (persons, destinations…) are checked by test_period_golden,
    # those of other bodies by test_other_figures.
    older = {k: v for k, v in got.items() if k not in ("persons", "other_bodies")}
    for section in ("cases", "support"):
        older[section] = {k: v for k, v in got[section].items() if k in want[section]}
    assert older == want
    assert got["events"]["participants"]["total"] > 0
    assert got["shelter"]["admitted"] > 0 and got["referrals"]["total"] > 0
    assert got["steps"].get("identified", 0) > 0 and got["overdue"]["total"] > 0
    for section in ("events", "cases"):
        for name, breakdown in got[section].items():
            if name not in ("total", "participants", "kind_totals", "by_purpose"):
                assert sum(breakdown.values()) == got[section]["total"], name
    assert got["events"]["total"] > 0 and got["cases"]["total"] > 0


def test_age_group_labels():
    assert [stats.age_group(a, presumed_child=True) for a in (None, 0, 16, 17, 18)] == [
        "unknown", "unknown", "0-15", "16-17", "16-17",
    ]  # fmt: skip
    assert [stats.age_group(a) for a in (None, -1, 0, 15, 16, 17, 18, 29, 30, 49, 50, 90)] == [
        "unknown",
        "unknown",
        "0-15",
        "0-15",
        "16-17",
        "16-17",
        "18-29",
        "18-29",
        "30-49",
        "30-49",
        "50+",
        "50+",
    ]


def _officer(province):
    from desktop.core.security.roles import Role
    from tests.core.cases_helpers import as_role

    return as_role(province, Role.PROVINCIAL_OFFICER)


def test_ages_at_reception_and_presumed_children(province):
    from tests.core.cases_helpers import receive

    officer = _officer(province)
    receive(officer, name="A", birth=D(2001, 3, 4))  # 24: adult
    receive(officer, name="B", birth=D(2008, 9, 3))  # 16 on 2 September 2025 (birthday next day)
    receive(officer, name="C", birth=None, birth_year=2007)  # ≈ 18: presumed a child
    receive(officer, name="D", birth=None)  # no age at all: presumed a child
    with officer.db.session() as s:
        cases = stats.compute(s)["cases"]
    assert cases["by_age_group"] == {"16-17": 2, "18-29": 1, "unknown": 1}
    assert cases["by_minor"] == {"adult": 1, "child": 3}


def test_a_corrected_support_entry_is_not_counted(province):
    from desktop.core.cases import records
    from tests.core.cases_helpers import identify, receive

    officer = _officer(province)
    cid = receive(officer)
    identify(officer, cid, D(2025, 9, 4))
    wrong = records.add_support(officer, cid, records.SupportInput("a", D(2025, 9, 5), 900_000))
    records.add_support(officer, cid, records.SupportInput("b", D(2025, 9, 6), 300_000))
    records.correct_support(officer, wrong, "Nhập nhầm")
    with officer.db.session() as s:
        support = stats.compute(s)["support"]
        sept = stats.compute(s, D(2025, 9, 1), D(2025, 9, 30))["support"]
    assert support == sept == {
        "count": 1, "amount": 300_000, "cases": 1, "by_type": {"b": {"count": 1, "amount": 300_000}},
    }  # fmt: skip


def test_cases_referred_are_the_cases_with_a_referral(province):
    from tests.core.cases_helpers import consent, identify, receive, refer

    officer = _officer(province)
    referred = []
    for n, day in enumerate((D(2025, 9, 10), D(2025, 9, 20), D(2025, 10, 5))):
        cid = receive(officer, name=f"Người {n}")
        identify(officer, cid, D(2025, 9, 4))
        consent(officer, cid, D(2025, 9, 8))
        refer(officer, cid, day, agency="Sở Y tế" if n else "Công an tỉnh")
        referred.append(cid)
    receive(officer, name="Chưa chuyển")  # not referred
    with officer.db.session() as s:
        for lo, hi, want in ((D(2025, 9, 1), D(2025, 9, 30), 2), (D(2025, 10, 1), D(2025, 10, 31), 1),
                             (None, None, 3)):  # fmt: skip
            got = stats.compute(s, lo, hi)
            assert got["steps"].get("referred", 0) == got["referrals"]["cases"] == want
            assert got["referrals"]["total"] == want


def test_the_same_period_of_the_previous_year():
    assert stats.previous_period(D(2026, 1, 1), D(2026, 6, 30)) == (D(2025, 1, 1), D(2025, 6, 30))
    assert stats.previous_period(D(2028, 2, 1), D(2028, 2, 29)) == (D(2027, 2, 1), D(2027, 2, 28))
    assert stats.previous_period(D(2028, 2, 29), D(2028, 3, 31)) == (D(2027, 2, 28), D(2027, 3, 31))
    assert stats.change(12, 10) == (2, 20.0)
    assert stats.change(0, 4) == (-4, -100.0)
    assert stats.change(3, 0) == (3, None)  # no percentage of nothing


def test_every_channel_has_a_way_of_return():
    from desktop.core.cases import rules

    ways = {c: stats.return_way(c) for c in (*rules.CHANNELS, *rules.LEGACY_CHANNELS)}
    assert ways == {
        "self_reported": "in_viet_nam", "rescued": "rescued", "mission_abroad": "mission_abroad",
        "handed_over_border": "handed_over_foreign", "self_returned": "self_returned",
        "handed_over_body": "in_viet_nam", "family_hotline": "in_viet_nam",
    }  # fmt: skip
    assert stats.return_way("") == stats.return_way("no_such") == stats.UNKNOWN


def test_a_person_received_twice_is_one_person_and_two_cases(small):
    with small.db.session() as s:
        first = s.execute(
            select(ReceptionCase).where(ReceptionCase.case_code == "LS-2025-00002")
        ).scalar_one()
        person = s.get(Person, first.person_id)
        person.home_province_code, person.ethnic_group = 20, "tay"
        first.purposes, first.destination_country = "sexual labour", "CN"
        again = ReceptionCase(case_code="LS-2025-00009", person_id=person.id,
                              received_on=D(2025, 3, 20), channel="rescued", legal_regime="2024",
                              age_at_reception=35, purposes="organs", destination_country="MY")  # fmt: skip
        s.add(again)
        s.add(ReceptionCase(case_code="LS-2024-00001", person_id=person.id,
                            received_on=D(2024, 2, 29), channel="self_returned",
                            legal_regime="2011"))  # fmt: skip
    with small.db.session() as s:
        got = stats.compute(s, D(2025, 1, 1), D(2025, 3, 31), compare=True)
        whole = stats.compute(s)
    cases, persons = got["cases"], got["persons"]
    assert cases["total"] == 5 and persons["total"] == 4
    assert cases["by_channel"]["rescued"] == 2 and persons["by_return"]["rescued"] == 1
    # the person's first reception in the period gives their facts
    assert persons["by_return"]["in_viet_nam"] == 1 and persons["by_destination"] == {
        "": 3,
        "CN": 1,
    }
    assert persons["by_purpose"] == {"": 3, "labour": 1, "sexual": 1}
    assert cases["by_purpose"] == {"": 3, "labour": 1, "organs": 1, "sexual": 1}
    assert persons["by_home_province"] == {"": 3, "20": 1}
    assert persons["by_ethnic_group"] == {"": 3, "tay": 1}
    assert sum(persons["by_sex"].values()) == persons["total"]
    assert got["period"] == {"from": "2025-01-01", "to": "2025-03-31"}
    previous = got["previous"]
    assert previous["period"] == {"from": "2024-01-01", "to": "2024-03-31"}
    assert previous["cases"]["total"] == previous["persons"]["total"] == 1
    assert previous["persons"]["by_return"] == {"self_returned": 1}
    assert "previous" not in whole and "period" not in whole  # no period, nothing to compare
    assert whole["persons"]["total"] == 4 and whole["cases"]["total"] == 6
