"""Sync state of this installation: its keys, the offices it trusts, every revision it has
seen, the bundles it sent and received, and the conflicts waiting for a person."""

import datetime as dt

from sqlalchemy import Boolean, DateTime, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from desktop.core.db.base import Base, new_id, utcnow


class NodeKey(Base):
    """This node's secret keys (one row); they never leave the encrypted database except
    inside a passphrase-protected setup package."""

    __tablename__ = "node_keys"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sign_secret: Mapped[str] = mapped_column(String(64))
    age_identity: Mapped[str] = mapped_column(String(100))


class Peer(Base):
    """Another installation this one knows: whom it sends to and whose bundles it accepts."""

    __tablename__ = "peers"

    node_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    name: Mapped[str] = mapped_column(String(200), default="")
    relation: Mapped[str] = mapped_column(String(16))  # upstream | downstream
    office_id: Mapped[str | None] = mapped_column(String(36), nullable=True)
    sign_public: Mapped[str] = mapped_column(String(64))
    age_recipient: Mapped[str] = mapped_column(String(100))
    revoked: Mapped[bool] = mapped_column(Boolean, default=False)
    acked_seq: Mapped[int] = mapped_column(Integer, default=0)  # what it confirmed holding
    added_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class Revision(Base):
    """One revision of one synced row, kept for merging by ancestry."""

    __tablename__ = "revisions"
    # A receipt reads one table's revisions (reference data) among a province's million.
    __table_args__ = (Index("ix_revisions_table_seq", "table_name", "change_seq"),)

    rev: Mapped[str] = mapped_column(String(64), primary_key=True)
    table_name: Mapped[str] = mapped_column(String(40))
    row_id: Mapped[str] = mapped_column(String(36), index=True)
    parents: Mapped[str] = mapped_column(String(400), default="")  # space-separated revs
    content: Mapped[str] = mapped_column(Text)
    hlc: Mapped[str] = mapped_column(String(40))
    origin_node: Mapped[str] = mapped_column(String(36))
    change_seq: Mapped[int] = mapped_column(Integer, index=True)  # when this node stored it


class Bundle(Base):
    """A bundle this node made or applied (the registry that makes imports idempotent)."""

    __tablename__ = "bundles"
    __table_args__ = (UniqueConstraint("origin_node", "seq", name="origin_seq"),)

    bundle_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    direction: Mapped[str] = mapped_column(String(8))  # out | in
    origin_node: Mapped[str] = mapped_column(String(36))
    seq: Mapped[int] = mapped_column(Integer)
    prev_hash: Mapped[str] = mapped_column(String(64), default="")
    file_sha256: Mapped[str] = mapped_column(String(64))
    high_water: Mapped[int] = mapped_column(Integer, default=0)
    counts: Mapped[str] = mapped_column(Text, default="{}")
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class Conflict(Base):
    """A field edited concurrently to different values, waiting for a person."""

    __tablename__ = "conflicts"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    table_name: Mapped[str] = mapped_column(String(40))
    row_id: Mapped[str] = mapped_column(String(36), index=True)
    field: Mapped[str] = mapped_column(String(64))
    head_rev: Mapped[str] = mapped_column(String(64))
    detail: Mapped[str] = mapped_column(Text)  # JSON: base, values per leaf, winner
    detected_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    resolved_rev: Mapped[str | None] = mapped_column(String(64), nullable=True)
    resolved_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
    resolved_by: Mapped[str] = mapped_column(String(64), default="")
