"""Outreach records: campaign plans and their tasks, outreach events, their attachments,
and the local drafts of forms being filled."""

import datetime as dt
from typing import Any

from sqlalchemy import (
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from desktop.core.db.base import Base, Synced, utcnow


class CampaignPlan(Synced, Base):
    """A plan such as 78/KH-BCĐ: issued by a steering committee for a period and theme, on
    a legal basis (the documents it carries out), with the day its result report is due."""

    __tablename__ = "campaign_plans"
    __fold__ = {"search_fold": ("number", "title", "theme", "issuer")}
    __sortkey__ = {"title_sort": "title"}

    number: Mapped[str] = mapped_column(String(40))  # number/symbol, e.g. "78/KH-BCĐ"
    issuer: Mapped[str] = mapped_column(String(200), default="")
    issued_on: Mapped[dt.date] = mapped_column(Date)
    title: Mapped[str] = mapped_column(String(500))
    period_start: Mapped[dt.date] = mapped_column(Date)
    period_end: Mapped[dt.date] = mapped_column(Date)
    theme: Mapped[str] = mapped_column(Text, default="")
    office_id: Mapped[str | None] = mapped_column(String(36), nullable=True)
    search_fold: Mapped[str] = mapped_column(Text, default="")
    title_sort: Mapped[str] = mapped_column(String(1500), default="")
    # Added by 0008_plan_period (server defaults fill the plans written before it).
    legal_basis: Mapped[str] = mapped_column(Text, default="", server_default=text("''"))
    report_due_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)


class PlanTask(Synced, Base):
    """One task of a plan. ``area_kind`` is province, office, commune or set (``area_ref``
    then holds the office id, the commune code, or the code of a named set of communes: an
    item of the reference list "area_set"). ``target_measure`` says what ``target``
    counts: events, communes (distinct communes reached), quantity or audience of its
    events; or cases (received in the task's area during the plan's period) or support
    (persons supported there then), which need no linked event."""

    __tablename__ = "plan_tasks"
    __fold__ = {"search_fold": ("title",)}
    __sortkey__ = {"title_sort": "title"}

    plan_id: Mapped[str] = mapped_column(String(36), ForeignKey("campaign_plans.id"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    title: Mapped[str] = mapped_column(String(500))
    lead_agency: Mapped[str] = mapped_column(String(40), default="")
    partner_agencies: Mapped[str] = mapped_column(String(400), default="")  # codes, spaced
    area_kind: Mapped[str] = mapped_column(String(16), default="province")
    area_ref: Mapped[str] = mapped_column(String(40), default="")
    deadline: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    expected_kinds: Mapped[str] = mapped_column(String(400), default="")  # codes, spaced
    target: Mapped[int | None] = mapped_column(Integer, nullable=True)
    target_measure: Mapped[str] = mapped_column(String(16), default="events")
    search_fold: Mapped[str] = mapped_column(Text, default="")
    title_sort: Mapped[str] = mapped_column(String(1500), default="")


class OutreachEvent(Synced, Base):
    """An outreach activity (banner, talk, rally, broadcast…) in draft or final state.

    ``quantity`` counts what the kind produces (banners, leaflets, broadcasts, articles,
    pledges, models founded…); ``minutes`` is airtime for broadcasts. Code lists
    (partner agencies, ethnic groups, languages) are space-separated reference codes.
    """

    __owner_office__ = "office_id"
    __tablename__ = "outreach_events"
    # Covering indexes: search scans (date, folded text) and statistics group by these.
    __table_args__ = (
        Index("ix_outreach_events_search", "held_on", "deleted", "search_fold"),
        Index(
            "ix_outreach_events_stats", "held_on", "kind", "commune_code", "lead_agency", "deleted"
        ),
        # The events list: ids in date order, filtered by the short columns, from the index
        # alone (the table's rows are wide; scanning them costs seconds at 100,000 events).
        Index(
            "ix_outreach_events_list",
            "deleted",
            "held_on",
            "id",
            "state",
            "kind",
            "commune_code",
            "author",
            "plan_task_id",
        ),  # fmt: skip
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
    # Added by 0002_outreach (server defaults fill the rows written before it).
    held_at: Mapped[str] = mapped_column(String(5), default="", server_default=text("''"))  # HH:MM
    partner_agencies: Mapped[str] = mapped_column(
        String(400), default="", server_default=text("''")
    )
    ethnic_groups: Mapped[str] = mapped_column(String(400), default="", server_default=text("''"))
    languages: Mapped[str] = mapped_column(String(200), default="", server_default=text("''"))
    minutes: Mapped[int] = mapped_column(Integer, default=0, server_default=text("0"))
    plan_task_id: Mapped[str | None] = mapped_column(String(36), nullable=True, index=True)
    # Added by 0008_plan_period: why the event serves a task of a plan whose period does not
    # hold its date ("" when it does, or when no task is linked).
    task_link_reason: Mapped[str] = mapped_column(Text, default="", server_default=text("''"))


class EventAttachment(Synced, Base):
    """A photo or scan proving an event; stored in the (encrypted) profile database.

    The bytes are not hashed into the rev as such: ``sha256`` stands for them."""

    __tablename__ = "event_attachments"

    event_id: Mapped[str] = mapped_column(String(36), ForeignKey("outreach_events.id"), index=True)
    file_name: Mapped[str] = mapped_column(String(255))
    mime: Mapped[str] = mapped_column(String(80))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    data: Mapped[bytes] = mapped_column(LargeBinary)
    thumbnail: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)

    def content(self) -> dict[str, Any]:
        out = super().content()
        out.pop("data", None)
        out.pop("thumbnail", None)
        return out


class Draft(Base):
    """A form being filled, saved as the officer types so a crash loses nothing.
    Local to this installation (never synced)."""

    __tablename__ = "drafts"

    key: Mapped[str] = mapped_column(String(120), primary_key=True)
    username: Mapped[str] = mapped_column(String(64), index=True)
    data: Mapped[str] = mapped_column(Text, default="{}")
    saved_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
