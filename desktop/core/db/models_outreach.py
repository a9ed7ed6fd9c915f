"""Outreach records: events (and, with the outreach register, campaign plans and tasks)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from desktop.core.db.base import Base, Synced


class OutreachEvent(Synced, Base):
    """An outreach activity (banner, talk, rally, broadcast…). Grown by the outreach work."""

    __tablename__ = "outreach_events"
    # Covering indexes: search scans (date, folded text) and statistics group by these.
    __table_args__ = (
        Index("ix_outreach_events_search", "held_on", "deleted", "search_fold"),
        Index(
            "ix_outreach_events_stats", "held_on", "kind", "commune_code", "lead_agency", "deleted"
        ),
    )
    __fold__ = {"search_fold": ("title", "village", "venue", "notes")}
    __sortkey__ = {"title_sort": "title"}

    kind: Mapped[str] = mapped_column(String(40), index=True)
    title: Mapped[str] = mapped_column(String(300))
    held_on: Mapped[dt.date] = mapped_column(Date, index=True)
    commune_code: Mapped[int | None] = mapped_column(Integer, nullable=True, index=True)
    village: Mapped[str] = mapped_column(String(200), default="")
    venue: Mapped[str] = mapped_column(String(200), default="")
    lead_agency: Mapped[str] = mapped_column(String(40), default="")
    audience_total: Mapped[int] = mapped_column(Integer, default=0)
    audience_women: Mapped[int] = mapped_column(Integer, default=0)
    audience_men: Mapped[int] = mapped_column(Integer, default=0)
    audience_youth: Mapped[int] = mapped_column(Integer, default=0)
    quantity: Mapped[int] = mapped_column(Integer, default=0)
    notes: Mapped[str] = mapped_column(Text, default="")
    state: Mapped[str] = mapped_column(String(16), default="final")  # draft | final
    author: Mapped[str] = mapped_column(String(64), default="")
    office_id: Mapped[str | None] = mapped_column(String(36), nullable=True, index=True)
    search_fold: Mapped[str] = mapped_column(Text, default="")
    title_sort: Mapped[str] = mapped_column(String(900), default="")
