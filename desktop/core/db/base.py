"""Declarative base and the sync metadata every synced row carries (DESIGN.md §2)."""

import datetime as dt
from typing import Any, ClassVar

from sqlalchemy import Boolean, DateTime, Integer, MetaData, String
from sqlalchemy.orm import DeclarativeBase, Mapped, configure_mappers, mapped_column
from uuid6 import uuid7

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def new_id() -> str:
    """A time-ordered UUIDv7, made on this machine, as text."""
    return str(uuid7())


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


SYNC_COLUMNS = ("id", "rev", "parent_rev", "origin_node", "change_seq", "hlc", "deleted")


class Synced:
    """Mixin for rows that travel between installations.

    The columns are maintained by ``desktop.core.db.syncmeta`` on every flush: callers
    never set them by hand. ``__fold__`` maps a folded search column to the text columns
    it is built from; ``__sortkey__`` maps a Vietnamese sort-key column to its source;
    ``__owner_office__`` names the owning office's column, where the row has one.
    Such derived columns are not part of the row's content (nor of its rev).
    """

    __fold__: ClassVar[dict[str, tuple[str, ...]]] = {}
    __sortkey__: ClassVar[dict[str, str]] = {}
    # The column naming the office that owns the row (DESIGN.md §5a); a new row written
    # without one belongs to this node's office.
    __owner_office__: ClassVar[str | None] = None

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    rev: Mapped[str] = mapped_column(String(64), default="")
    parent_rev: Mapped[str | None] = mapped_column(String(64), nullable=True)
    origin_node: Mapped[str] = mapped_column(String(36), default="")
    change_seq: Mapped[int] = mapped_column(Integer, default=0, index=True)
    hlc: Mapped[str] = mapped_column(String(40), default="")
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)

    def content(self) -> dict[str, Any]:
        """The row's content: every column but sync metadata and derived columns."""
        skip = set(SYNC_COLUMNS) - {"deleted", "id"} | {"updated_at"}
        skip |= set(self.__fold__) | set(self.__sortkey__)
        table = self.__table__  # type: ignore[attr-defined]
        return {c.key: getattr(self, c.key) for c in table.columns if c.key not in skip}


def configure_models() -> None:
    """Configure the mappers of every model imported so far, now: SQLAlchemy otherwise does
    it at the first query (about 50 ms; the start-up's preload thread calls this meanwhile).
    SQLAlchemy holds a lock while it configures, so no query sees half of it."""
    configure_mappers()


def synced_models() -> dict[str, type[Synced]]:
    """Every table whose rows travel, by table name (of the models imported so far)."""
    out: dict[str, type[Synced]] = {}
    for mapper in Base.registry.mappers:
        cls = mapper.class_
        if issubclass(cls, Synced):
            out[cls.__tablename__] = cls  # type: ignore[attr-defined]
    return out
