"""The reads behind lists, figures, reports and the sync screen take no write lock: they go on
while another connection holds it (the worker importing a bundle, a dialog saving), instead of
waiting for it with the window frozen. Each connection here gives up on a lock after 0.2 s, so
a read that asked for the lock by mistake fails at once instead of after the usual 30 s."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import event
from sqlalchemy.exc import OperationalError

from desktop.core import refdata
from desktop.core.cases import listing
from desktop.core.db.engine import BEGIN_OPTION, WRITE
from desktop.core.db.settings import put
from desktop.core.outreach import plans, query
from desktop.core.reports import period
from desktop.core.security.roles import Role
from desktop.core.stats import dashboard
from desktop.core.sync import conflicts, exchange
from tests.core.outreach_helpers import add_event, as_role


@pytest.fixture
def locked(province) -> Iterator[Any]:
    """*province* while another connection holds the write lock."""
    add_event(as_role(province, Role.PROVINCIAL_OFFICER), title="Tuyên truyền ở Đồng Đăng")
    engine = province.db.engine
    engine.dispose()  # the connections made from here on wait 0.2 s for a lock

    @event.listens_for(engine, "connect")
    def _short_wait(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.execute("PRAGMA busy_timeout=200")

    holder = engine.connect().execution_options(**{BEGIN_OPTION: WRITE})
    holder.begin()
    try:
        yield province
    finally:
        holder.rollback()
        holder.close()


def test_a_write_session_cannot_begin_while_the_lock_is_held(locked):
    """The control: the fixture does hold the lock."""
    with pytest.raises(OperationalError, match="locked"), locked.db.session() as s:
        put(s, "test.blocked", "1")


def test_list_figure_report_and_sync_reads_need_no_lock(locked):
    today = dt.date(2026, 12, 1)
    ids = query.event_ids(locked, query.EventFilter())
    assert len(ids) == 1
    rows, total = query.first_events(locked, query.EventFilter(), 50, query.names(locked))
    assert total == 1 and rows[0].title == "Tuyên truyền ở Đồng Đăng"
    case_ids = listing.case_ids(locked, listing.CaseFilter(), today, audit=False)
    listing.case_rows(locked, case_ids, today, names=False)
    listing.overdue_count(locked, today)
    listing.awaiting_count(locked)
    dashboard.figures(locked, today)
    period.figures(locked, dt.date(2026, 1, 1), dt.date(2026, 12, 31), today)
    plans.list_plans(locked)
    refdata.choices(locked, "outreach_kind", today)
    conflicts.open_conflicts(locked)
    exchange.history(locked)
