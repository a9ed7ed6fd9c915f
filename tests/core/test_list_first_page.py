"""A list's first page and count, read together at once (the rest of its ids come from the
worker): the same rows, in the same order, as the whole list's first ones, and the same
count, filtered or not, with deleted rows left out."""

from __future__ import annotations

import datetime as dt

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
