"""Search: accent-insensitive, every term must match, victims' names kept confidential."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator

import pytest
from sqlalchemy import select

from desktop.core import profile, search, search_index
from desktop.core.db.models import AuditEvent, OutreachEvent, Person, ReceptionCase
from desktop.core.db.syncmeta import tombstone
from desktop.core.security import audit
from desktop.core.security.roles import Role
from tests.conftest import PASSWORD

D = dt.date


@pytest.fixture(autouse=True, params=["index", "like"])
def answered_by(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Every test twice: by the FTS5 index, and by the portable LIKE path other databases
    take (the same function chooses)."""
    if request.param == "like":
        monkeypatch.setattr(search_index, "has_index", lambda _session, _fts: False)
    return str(request.param)


def _event(p: profile.OpenProfile, title: str, on: dt.date, **kw: object) -> str:
    with p.db.session() as s:
        ev = OutreachEvent(kind="talk", title=title, held_on=on, **kw)
        s.add(ev)
        s.flush()
        return ev.id


def _case(p: profile.OpenProfile, name: str, code: str, on: dt.date) -> str:
    with p.db.session() as s:
        person = Person(full_name=name, sex="female")
        s.add(person)
        s.flush()
        case = ReceptionCase(
            case_code=code,
            person_id=person.id,
            received_on=on,
            channel="self_reported",
            legal_regime="2024" if on >= D(2025, 7, 1) else "2011",
            commune_code=6040,
        )
        s.add(case)
        s.flush()
        return case.id


@pytest.fixture
def data(province: profile.OpenProfile) -> dict[str, str]:
    ids = {
        "hoa_event": _event(
            province,
            "Nói chuyện tại thôn Hòa Bình",
            D(2025, 3, 1),
            village="Nà Lầu",
            commune_code=6040,
        ),
        "khoa_event": _event(province, "Tập huấn tại trường Khoa học", D(2025, 4, 1)),
        "dao_event": _event(province, "Mít tinh tại xã Đào Viên", D(2025, 8, 1)),
        "hoa_case": _case(province, "Nguyễn Thị Hòa", "LS-2025-00001", D(2025, 9, 2)),
        "hoa2_case": _case(province, "Lương Thị Hoà", "LS-2024-00007", D(2024, 5, 6)),
        "dao_case": _case(province, "Vi Thị Đào", "LS-2025-00002", D(2025, 9, 3)),
    }
    for username, role in (("canbo", Role.PROVINCIAL_OFFICER), ("thongke", Role.STATISTICIAN)):
        province.create_account(
            username=username,
            full_name=username,
            role=role,
            office_id=province.node.office_id or "",
            password=PASSWORD,
        )
    return ids


@pytest.fixture
def officer(province: profile.OpenProfile, data: dict[str, str]) -> Iterator[profile.OpenProfile]:
    p = profile.open_profile(province.data_dir, "canbo", PASSWORD)
    yield p
    p.db.close()


@pytest.fixture
def statistician(
    province: profile.OpenProfile, data: dict[str, str]
) -> Iterator[profile.OpenProfile]:
    p = profile.open_profile(province.data_dir, "thongke", PASSWORD)
    yield p
    p.db.close()


def _ids(hits: list[search.Hit]) -> set[str]:
    return {h.id for h in hits}


@pytest.mark.parametrize("query", ["Hoà", "hoa", "HÒA", "Hòa", "hoà"])
def test_hoa_spellings_all_match(officer, data, query):
    ids = _ids(search.search(officer, query))
    assert {data["hoa_event"], data["hoa_case"], data["hoa2_case"]} <= ids
    assert data["khoa_event"] not in ids  # "hoa" starts a word; "Khoa" does not match


def test_dao_finds_dao_with_stroke(officer, data):
    ids = _ids(search.search(officer, "dao"))
    assert ids == {data["dao_event"], data["dao_case"]}
    assert _ids(search.search(officer, "ĐÀO")) == ids


def test_every_term_must_match(officer, data):
    assert _ids(search.search(officer, "hoa binh")) == {data["hoa_event"]}
    assert _ids(search.search(officer, "nguyen hoa")) == {data["hoa_case"]}
    assert search.search(officer, "hoa khoa") == []
    assert _ids(search.search(officer, "na lau")) == {data["hoa_event"]}


def test_newest_first_and_limit(officer, data):
    hits = search.search(officer, "hoa")
    dates = [h.date for h in hits]
    assert dates == sorted(dates, reverse=True)
    assert len(search.search(officer, "hoa", limit=2)) == 2


def test_officer_sees_names_and_is_audited(officer, data):
    with officer.db.session() as s:
        before = audit.count(s, "search.identity")
    hits = [h for h in search.search(officer, "hoa") if h.kind == "case"]
    assert any("Nguyễn Thị Hòa" in h.title and "LS-2025-00001" in h.title for h in hits)
    assert hits[0].place == "Xã Thất Khê"
    with officer.db.session() as s:
        assert audit.count(s, "search.identity") == before + 1


def test_a_search_that_shows_no_case_writes_no_audit_line(officer, data):
    """DESIGN.md §4 audits every read of a victim's identity. A search by name that shows
    no case read none, whatever else it shows, and writes nothing; one that shows a case
    writes one line with the query and the cases it found."""
    with officer.db.session() as s:
        before = audit.count(s, "search.identity")
    hits = search.search(officer, "hoa binh")
    assert [h.id for h in hits] == [data["hoa_event"]]  # an event, no case
    assert search.search(officer, "zzzz") == []
    with officer.db.session() as s:
        assert audit.count(s, "search.identity") == before
    hits = search.search(officer, "nguyen hoa")
    assert [h.id for h in hits] == [data["hoa_case"]]
    with officer.db.session() as s:
        assert audit.count(s, "search.identity") == before + 1
        q = select(AuditEvent).where(AuditEvent.action == "search.identity")
        line = s.execute(q.order_by(AuditEvent.seq.desc()).limit(1)).scalar_one()
        assert line.actor == "canbo"
        assert json.loads(line.details) == {"query": "nguyen hoa", "cases": [data["hoa_case"]]}


def test_statistician_finds_no_case(statistician, data):
    hits = search.search(statistician, "Nguyễn Thị Hòa")
    assert all(h.kind == "event" for h in hits)
    assert search.search(statistician, "LS-2025-00001") == []
    with statistician.db.session() as s:
        assert audit.count(s, "search.identity") == 0


def test_admin_finds_case_by_code_not_name(province, data):
    assert province.user.role == Role.PROVINCIAL_ADMIN
    assert not [h for h in search.search(province, "nguyen thi hoa") if h.kind == "case"]
    hits = search.search(province, "ls-2025-00001")
    assert [(h.kind, h.title) for h in hits] == [("case", "LS-2025-00001")]


def test_event_place_uses_the_units_of_its_date(officer, data):
    hit = next(h for h in search.search(officer, "hoa binh"))
    assert hit.place.startswith("Nà Lầu, ")
    assert hit.title == "Nói chuyện tại thôn Hòa Bình"


def test_tombstoned_rows_are_not_found(officer, data):
    with officer.db.session() as s:
        ev = s.get(OutreachEvent, data["dao_event"])
        assert ev is not None
        tombstone(ev)
    assert _ids(search.search(officer, "dao")) == {data["dao_case"]}


def test_wildcards_are_literal(officer, data):
    assert search.search(officer, "%") == []
    assert search.search(officer, "_") == []
    assert search.search(officer, "   ") == []


def test_terms():
    assert search.terms("  Hòa  HOÀ bình ") == ["hoa", "binh"]
