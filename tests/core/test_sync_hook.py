"""No record can be written through the core without its revision (issue: the sync hook).

A sign-out frees the profile's Database and its session factory; a sign-in makes new ones.
Whatever the process did before, every session the core hands out must stamp synced rows.
"""

from __future__ import annotations

import datetime as dt
import gc

from sqlalchemy import func, select

from desktop.core.db.database import Database
from desktop.core.db.models import OutreachEvent
from desktop.core.db.models_sync import Revision
from desktop.core.db.syncmeta import compute_rev

ROUNDS = 60


def _write_event(db: Database, n: int) -> OutreachEvent:
    with db.session() as s:
        ev = OutreachEvent(kind="talk", title=f"Nói chuyện số {n}", held_on=dt.date(2026, 7, 30))
        s.add(ev)
    return ev


def test_every_database_stamps_after_many_factories_were_freed(province):
    """Hundreds of Database handles made and freed in one process (as sign-outs and
    sign-ins do): each new one still stamps every record it writes."""
    engine, path = province.db.engine, province.db.path
    unstamped = []
    # Each full collection walked every object the earlier tests of the run left (6 min
    # of a whole run): the objects alive now are set aside, so each one walks what this
    # loop made — every freed handle and factory still goes.
    gc.collect()
    gc.freeze()
    try:
        for n in range(ROUNDS):
            db = Database(engine, path)
            ev = _write_event(db, n)
            if not ev.rev or ev.change_seq == 0 or not ev.search_fold:
                unstamped.append(n)
            del db, ev
            gc.collect()
    finally:
        gc.unfreeze()
    assert unstamped == []
    with province.db.session() as s:
        rows = s.execute(select(OutreachEvent)).scalars().all()
        assert len(rows) == ROUNDS
        for ev in rows:
            assert ev.rev == compute_rev(ev.content(), None)
            assert ev.change_seq > 0 and ev.title_sort and ev.search_fold.startswith("noi chuyen")
        logged = s.execute(select(func.count()).select_from(Revision)).scalar_one()
        held = set(s.execute(select(Revision.row_id)).scalars())
        assert {ev.id for ev in rows} <= held
        assert logged >= ROUNDS
