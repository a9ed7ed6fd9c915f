"""A list's first page and count, read together at once (the rest of its ids come from the
worker): the same rows, in the same order, as the whole list's first ones, and the same
count, filtered or not, with deleted rows left out. The cases list's first page may come
without names and write nothing: the names of a list come only once the audit line of its
read is committed (``audited_names``), and a line that could not be written is tried again
by the next read, never taken as written."""

from __future__ import annotations

import datetime as dt

import pytest

from desktop.core.cases import listing
from desktop.core.outreach import events, query
from desktop.core.security import audit
from desktop.core.security.roles import Role
from tests.core.cases_helpers import D, receive
from tests.core.outreach_helpers import add_event, as_role


def _events(officer) -> list[str]:
    made = [
        add_event(officer, title=f"Buổi {n}", kind="talk" if n % 3 else "banner",
                  held_on=dt.date(2019, 1, 1) + dt.timedelta(days=n // 2))
        for n in range(9)
    ]  # fmt: skip
    events.delete_event(officer, made[4])
    return made


def test_first_events_are_the_head_of_the_whole_list_and_count_it(province):
    officer = as_role(province, Role.PROVINCIAL_OFFICER, "canbo")
    made = _events(officer)
    names = query.names(officer)
    filters = (
        query.EventFilter(),
        query.EventFilter(kind="banner"),
        query.EventFilter(text="buoi"),
    )
    for f in filters:
        for sort, descending in (("held_on", True), ("title", False), ("commune", True)):
            every = query.event_ids(officer, f, sort, descending)
            rows, total = query.first_events(officer, f, 3, names, sort, descending)
            assert [r.id for r in rows] == every[:3]
            assert total == len(every)
    rows, total = query.first_events(officer, query.EventFilter(), 50, names)
    assert total == 8 and made[4] not in [r.id for r in rows], "the deleted one is not counted"
    kinds = {r.id: r.kind for r in rows}
    assert kinds[made[0]] == names.kinds["banner"], "a kind by its name, not its code"


def test_first_cases_are_the_head_of_the_whole_list_count_it_and_are_audited_once(province):
    officer = as_role(province, Role.PROVINCIAL_OFFICER, "canbo")
    for name, on in (("Vi Thị Đào", D(2024, 5, 6)), ("Nông Văn Sáng", D(2025, 9, 2)),
                     ("Hoàng Thị Hòa", D(2025, 9, 3)), ("Lý Thị Mai", D(2025, 1, 7))):  # fmt: skip
        receive(officer, name=name, on=on)
    reads = listing.ListReads()
    filters = (listing.CaseFilter(), listing.CaseFilter(sex="female"),
               listing.CaseFilter(text="thi"), listing.CaseFilter(date_from=D(2025, 1, 1)))  # fmt: skip
    for f in filters:
        every = listing.case_ids(officer, f, reads=listing.ListReads())
        with officer.db.session() as s:
            before = audit.count(s, "case.identity.list")
        rows, total = listing.first_cases(officer, f, 2, reads=reads)
        assert [r.id for r in rows] == every[:2] and total == len(every)
        assert rows[0].name, "names for a role that may see them"
        again = listing.case_ids(officer, f, reads=reads)
        assert again == every
        with officer.db.session() as s:
            assert audit.count(s, "case.identity.list") == before + 1, "one read, one line"


def _lines(p) -> int:
    with p.db.session() as s:
        return audit.count(s, "case.identity.list")


def test_a_first_page_without_names_writes_nothing_and_names_come_only_after_the_line(
    province,
):
    officer = as_role(province, Role.PROVINCIAL_OFFICER, "canbo")
    made = [receive(officer, name=n, on=D(2025, 9, d)) for n, d in (("Vi Thị Đào", 2),
                                                                  ("Lý Thị Mai", 3))]  # fmt: skip
    reads, f = listing.ListReads(), listing.CaseFilter()
    before = _lines(officer)
    rows, total = listing.first_cases(officer, f, 50, reads=reads, names=False)
    assert [r.id for r in rows] == made[::-1] and total == 2
    assert [r.name for r in rows] == ["", ""] and _lines(officer) == before
    assert not reads.audited(f)
    assert listing.case_ids(officer, f, audit=False) == made[::-1]
    assert _lines(officer) == before, "ids read without their line: the caller writes it"
    names = listing.audited_names(officer, f, total, reads, [r.id for r in rows])
    assert names == {made[0]: "Vi Thị Đào", made[1]: "Lý Thị Mai"}
    assert _lines(officer) == before + 1 and reads.audited(f)
    listing.audited_names(officer, f, total, reads, [made[0]])
    assert _lines(officer) == before + 1, "the same read is audited once"
    # A search by name uses names: that first page is audited and shows them.
    found, _n = listing.first_cases(officer, listing.CaseFilter(text="mai"), 50, reads=reads,
                                    names=False)  # fmt: skip
    assert [r.name for r in found] == ["Lý Thị Mai"] and _lines(officer) == before + 2


def test_no_name_without_a_committed_line_and_a_failed_line_is_tried_again(province, monkeypatch):
    officer = as_role(province, Role.PROVINCIAL_OFFICER, "canbo")
    case_id = receive(officer, name="Hoàng Thị Hòa", on=D(2025, 9, 2))
    reads, f = listing.ListReads(), listing.CaseFilter()
    real = audit.record

    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(audit, "record", broken)
    with pytest.raises(OSError):
        listing.audited_names(officer, f, 1, reads, [case_id])
    assert not reads.audited(f), "a line not written is not remembered"
    monkeypatch.setattr(audit, "record", real)
    before = _lines(officer)
    assert listing.audited_names(officer, f, 1, reads, [case_id]) == {case_id: "Hoàng Thị Hòa"}
    assert _lines(officer) == before + 1 and reads.audited(f)


def test_a_role_that_may_not_see_names_gets_none_and_writes_no_line(province):
    officer = as_role(province, Role.PROVINCIAL_OFFICER, "canbo")
    case_id = receive(officer, name="Hoàng Thị Hòa", on=D(2025, 9, 2))
    statistician = as_role(province, Role.STATISTICIAN, "thongke")
    reads, f = listing.ListReads(), listing.CaseFilter()
    before = _lines(statistician)
    assert listing.audited_names(statistician, f, 1, reads, [case_id]) == {}
    assert not listing.audit_list_read(statistician, f, 1, reads)
    rows = listing.case_rows(statistician, [case_id], names=True)
    assert rows[0].name == "" and _lines(statistician) == before
