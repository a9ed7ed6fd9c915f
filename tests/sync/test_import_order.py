"""records.apply writes rows table by table (one flush each, parents first) and checks the
revisions it already holds in one query per 500: the order of records in a bundle and a
record sent twice change nothing."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select

from desktop.core import profile
from desktop.core.db.models import OutreachEvent, Person, ReceptionCase
from desktop.core.db.models_sync import Revision
from desktop.core.security.roles import Role
from desktop.core.sync import records
from tests.core.cases_helpers import as_role, receive


def _laptop(tmp_path) -> profile.OpenProfile:
    opened, _identity = profile.create_province(
        tmp_path / "laptop", province_code=20, admin_username="canbo",
        admin_password="matkhau-123", admin_full_name="Lương Thị Cán",
    )  # fmt: skip
    return as_role(opened, Role.PROVINCIAL_OFFICER)


def _count(p, model) -> int:
    with p.db.session() as s:
        return int(s.execute(select(func.count()).select_from(model)).scalar_one())


def test_children_before_parents_and_repeated_records_import_once(province, tmp_path):
    laptop = _laptop(tmp_path)
    try:
        with laptop.db.session() as s:
            since = int(
                s.execute(select(func.coalesce(func.max(Revision.change_seq), 0))).scalar_one()
            )
        ids = [receive(laptop, name=f"Hoàng Thị Hòa {n}") for n in range(3)]
        with laptop.db.session() as s:
            s.add(OutreachEvent(kind="talk", title="Nói chuyện", held_on=dt.date(2026, 7, 30)))
        with laptop.db.session() as s:
            recs = list(records.changes_since(s, since))
        tables = [r["table"] for r in recs]
        assert tables.index("persons") < tables.index("reception_cases")
        # Cases (and their steps) before the persons they refer to, and everything twice.
        backwards = list(reversed(recs)) + recs
        before = (_count(province, Person), _count(province, ReceptionCase))
        with province.db.session() as s:
            new, conflicts = records.apply(s, backwards)
        assert (new, conflicts) == (len(recs), 0)
        assert _count(province, Person) == before[0] + 3
        assert _count(province, ReceptionCase) == before[1] + 3
        with province.db.session() as s:
            assert {c.id for c in s.execute(select(ReceptionCase)).scalars()} >= set(ids)
            again = records.apply(s, recs)
        assert again == (0, 0)
    finally:
        laptop.db.close()


def test_an_import_larger_than_one_batch_merges_every_row(province, tmp_path):
    """Rows are read 500 at a time: edits on both sides of a batch's edge merge right."""
    laptop = _laptop(tmp_path)
    try:
        with laptop.db.session() as s:
            since = int(
                s.execute(select(func.coalesce(func.max(Revision.change_seq), 0))).scalar_one()
            )
            events = [
                OutreachEvent(kind="talk", title=f"Buổi {n}", held_on=dt.date(2026, 7, 30))
                for n in range(1_100)
            ]
            s.add_all(events)
        with laptop.db.session() as s:
            recs = list(records.changes_since(s, since))
        with province.db.session() as s:
            assert records.apply(s, recs) == (1_100, 0)
        first = recs
        ids = [e.id for e in events]
        # Both offices edit rows 499, 500 and 1,099: one field each side merges, the same
        # field edited on both sides is a conflict.
        for p, values in ((laptop, {"title": "Tại xã"}), (province, {"venue": "Nhà văn hóa"})):
            with p.db.session() as s:
                for eid in (ids[499], ids[500], ids[1_099]):
                    for k, v in values.items():
                        setattr(s.get(OutreachEvent, eid), k, v)
                s.get(OutreachEvent, ids[500]).notes = f"ghi chú {p.user.username}"
        with laptop.db.session() as s:
            recs = list(records.changes_since(s, since))
        with province.db.session() as s:
            new, conflicts = records.apply(s, recs)
            fresh = [r for r in recs if r["rev"] not in {x["rev"] for x in first}]
            assert {r["id"] for r in fresh} == {ids[499], ids[500], ids[1_099]}
            assert (new, conflicts) == (len(fresh), 1)  # the notes of row 500
            rows = [s.get(OutreachEvent, ids[i]) for i in (499, 500, 1_099)]
            assert {(r.title, r.venue) for r in rows} == {("Tại xã", "Nhà văn hóa")}
            assert s.get(OutreachEvent, ids[0]).title == "Buổi 0"
    finally:
        laptop.db.close()


def test_changes_of_some_tables_are_those_of_all_tables_filtered(province):
    """A receipt asks for the reference tables only (an index answers): the same records,
    in the same order, as reading every change and keeping those tables' — including rows
    written in bulk without a revision log."""
    from desktop.core import demo
    from desktop.core.progress import run_job
    from desktop.core.sync.enrol import DOWNWARD_TABLES

    run_job(demo.generate(province, events=30, cases=5, seed=3))
    with province.db.session() as s:
        s.add(OutreachEvent(kind="talk", title="Nói chuyện", held_on=dt.date(2026, 7, 30)))
    with province.db.session() as s:
        every = list(records.changes_since(s, 0))
        some = list(records.changes_since(s, 0, tables=DOWNWARD_TABLES))
    assert some == [r for r in every if r["table"] in DOWNWARD_TABLES]
    assert {r["table"] for r in some} >= {"offices", "accounts", "reference_items"}
    assert len(every) > len(some) + 30
