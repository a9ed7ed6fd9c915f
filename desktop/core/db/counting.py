"""Counting the live rows a list shows."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session


def live_count(session: Session, model: Any, conds: list[ColumnElement[bool]]) -> int:
    """How many rows of *model* (a synced table) pass *conds*, whose first condition keeps
    the live rows. With no other condition the count is every row less the deleted ones:
    SQLite counts a whole table from its pages' headers (microseconds), while a condition
    walks every entry of an index (milliseconds at 100,000 rows)."""
    if len(conds) > 1:
        return int(
            session.execute(select(func.count()).select_from(model).where(*conds)).scalar_one()
        )
    every = session.execute(select(func.count()).select_from(model)).scalar_one()
    deleted = select(func.count()).select_from(model).where(model.deleted.is_(True))
    return int(every) - int(session.execute(deleted).scalar_one())
