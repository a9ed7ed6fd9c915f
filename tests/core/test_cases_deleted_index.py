"""Migration 0013: the cases list counts its deleted rows through an index of only them,
and no other query of the list is led astray by it (SQLite keeps no statistics here)."""

from __future__ import annotations

from sqlalchemy import func, select, text
from sqlalchemy.dialects import sqlite

from desktop.core.db.models import ReceptionCase


def _plan(conn, statement) -> str:  # type: ignore[no-untyped-def]
    compiled = statement.compile(dialect=sqlite.dialect(), compile_kwargs={"literal_binds": True})
    rows = conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {compiled}").fetchall()
    return " | ".join(str(r[-1]) for r in rows)


def test_the_index_holds_only_deleted_cases(province):
    with province.db.engine.connect() as conn:
        sql = conn.execute(
            text("SELECT sql FROM sqlite_master WHERE name = 'ix_reception_cases_deleted'")
        ).scalar_one()
    assert sql.endswith("WHERE deleted IS 1")


def test_the_deleted_count_uses_it_and_the_live_list_does_not(province):
    deleted = select(func.count()).select_from(ReceptionCase).where(ReceptionCase.deleted.is_(True))
    live = (
        select(ReceptionCase.id)
        .where(ReceptionCase.deleted.is_(False))
        .order_by(ReceptionCase.received_on.desc())
        .limit(50)
    )
    closed = select(func.count()).where(
        ReceptionCase.deleted.is_(False), ReceptionCase.status == "closed"
    )
    with province.db.engine.connect() as conn:
        assert "ix_reception_cases_deleted" in _plan(conn, deleted)
        assert "ix_reception_cases_deleted" not in _plan(conn, live)
        assert "ix_reception_cases_deleted" not in _plan(conn, closed)
