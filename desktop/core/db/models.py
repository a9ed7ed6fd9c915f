"""Installation state, places, reference data, accounts and the audit log.

Names are the field's own words (DOMAIN.md). Every table whose rows travel between
installations mixes in ``Synced``; append-only rows (audit) carry their own chain instead.
"""

import datetime as dt

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from desktop.core.db.base import Base, Synced, new_id, utcnow


class NodeState(Base):
    """This installation: its node id and the counters behind sync metadata (one row)."""

    __tablename__ = "node_state"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    node_id: Mapped[str] = mapped_column(String(36))
    level: Mapped[str] = mapped_column(String(16))  # province | area | commune
    province_code: Mapped[int] = mapped_column(Integer)
    office_id: Mapped[str | None] = mapped_column(String(36), nullable=True)
    change_seq: Mapped[int] = mapped_column(Integer, default=0)
    hlc_ms: Mapped[int] = mapped_column(Integer, default=0)
    hlc_counter: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


# The Setting marking a profile made for training (``khien demo``) and laptops enrolled by
# one: their bundles say so, and a real province refuses them.
DEMO_SETTING = "demo"


class Setting(Base):
    """Local settings of this installation (not synced)."""

    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text, default="")


class AdminUnit(Base):
    """An administrative unit: the current two tiers and the pre-July-2025 units.

    ``kind`` is province, commune (current, incl. wards), legacy_district or
    legacy_commune. Legacy communes list the current units they became in ``successors``
    (space-separated codes). Rebuilt from the bundled public data; never edited.
    """

    __tablename__ = "admin_units"

    code: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(16), primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    division_type: Mapped[str] = mapped_column(String(32), default="")
    parent_code: Mapped[int | None] = mapped_column(Integer, nullable=True, index=True)
    province_code: Mapped[int] = mapped_column(Integer, index=True)
    successors: Mapped[str] = mapped_column(String(200), default="")
    name_fold: Mapped[str] = mapped_column(String(120), default="", index=True)
    name_sort: Mapped[str] = mapped_column(String(400), default="")


class Office(Synced, Base):
    """An office in the installation tree: province → optional area office → commune."""

    __tablename__ = "offices"
    __fold__ = {"name_fold": ("name",)}
    __sortkey__ = {"name_sort": "name"}

    level: Mapped[str] = mapped_column(String(16))  # province | area | commune
    name: Mapped[str] = mapped_column(String(200))
    unit_code: Mapped[int | None] = mapped_column(Integer, nullable=True)
    parent_id: Mapped[str | None] = mapped_column(
        String(36), ForeignKey("offices.id"), nullable=True, index=True
    )
    # Current communes this office covers (space-separated codes); empty = its unit only.
    area_codes: Mapped[str] = mapped_column(Text, default="")
    name_fold: Mapped[str] = mapped_column(String(200), default="")
    name_sort: Mapped[str] = mapped_column(String(600), default="")


class ReferenceItem(Synced, Base):
    """Editable reference data: agencies, border gates, facilities, ethnic groups, languages,
    outreach kinds… ``kind`` says which list; ``code`` is stable across installations.

    (kind, code) is a natural key, not a database constraint: see ``sync.unique``."""

    __tablename__ = "reference_items"
    __table_args__ = (Index("ix_reference_items_kind_code", "kind", "code"),)
    __natural_key__ = ("kind", "code")
    __fold__ = {"name_fold": ("name", "name_en", "code")}
    __sortkey__ = {"name_sort": "name"}

    kind: Mapped[str] = mapped_column(String(32), index=True)
    code: Mapped[str] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(200), default="")
    detail: Mapped[str] = mapped_column(
        Text, default=""
    )  # e.g. a gate's type, a facility's address
    unit_code: Mapped[int | None] = mapped_column(Integer, nullable=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    # The first and last day the item is valid (None = open): a body merged away keeps its
    # item, ended the day before the reform, so old records show the name of their day.
    valid_from: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    valid_to: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    name_fold: Mapped[str] = mapped_column(String(400), default="")
    name_sort: Mapped[str] = mapped_column(String(600), default="")


class Account(Synced, Base):
    """A local account. Its password also unwraps the database key (keystore).

    The user name is a natural key, not a database constraint: an account made offline on
    another installation may carry a name already used here (see ``sync.unique``)."""

    __tablename__ = "accounts"
    __natural_key__ = ("username",)
    __natural_fold__ = True  # compared folded, as sign-in does
    __fold__ = {"name_fold": ("username", "full_name")}
    __sortkey__ = {"name_sort": "full_name"}

    username: Mapped[str] = mapped_column(String(64), index=True)
    full_name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(32))
    office_id: Mapped[str] = mapped_column(String(36), ForeignKey("offices.id"))
    password_hash: Mapped[str] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    language: Mapped[str] = mapped_column(String(8), default="vi")
    name_fold: Mapped[str] = mapped_column(String(400), default="")
    name_sort: Mapped[str] = mapped_column(String(600), default="")


class AuditEvent(Base):
    """One line of the append-only, hash-chained audit log of this node."""

    __tablename__ = "audit_events"
    __table_args__ = (UniqueConstraint("node_id", "seq", name="node_seq"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    node_id: Mapped[str] = mapped_column(String(36))
    seq: Mapped[int] = mapped_column(Integer)
    at: Mapped[dt.datetime] = mapped_column(DateTime)
    actor: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(40), index=True)
    target_type: Mapped[str] = mapped_column(String(40), default="")
    target_id: Mapped[str] = mapped_column(String(36), default="")
    details: Mapped[str] = mapped_column(Text, default="{}")
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


# The outreach and cases records live in their own modules; importing them here puts their
# tables in Base.metadata (for Alembic) and keeps `from desktop.core.db.models import X`.
from desktop.core.db.models_cases import Person, ReceptionCase  # noqa: E402
from desktop.core.db.models_figures import OtherBodyFigure  # noqa: E402
from desktop.core.db.models_outreach import OutreachEvent  # noqa: E402
from desktop.core.db.models_sync import Bundle, Conflict, NodeKey, Peer, Revision  # noqa: E402

__all__ = [
    "Account",
    "AdminUnit",
    "AuditEvent",
    "Bundle",
    "Conflict",
    "NodeKey",
    "Peer",
    "Revision",
    "NodeState",
    "Office",
    "OtherBodyFigure",
    "OutreachEvent",
    "Person",
    "ReceptionCase",
    "ReferenceItem",
    "Setting",
]
