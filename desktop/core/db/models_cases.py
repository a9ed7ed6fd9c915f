"""Victim reception records: persons and cases (grown by the cases work)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from desktop.core.db.base import Base, Synced


class Person(Synced, Base):
    """A person received: identity fields are confidential (DOMAIN.md, Law 91/2025)."""

    __tablename__ = "persons"
    __fold__ = {"name_fold": ("full_name", "other_names")}
    __sortkey__ = {"name_sort": "full_name"}

    full_name: Mapped[str] = mapped_column(String(200))
    other_names: Mapped[str] = mapped_column(String(300), default="")
    sex: Mapped[str] = mapped_column(String(8))  # female | male | other
    birth_date: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    birth_year: Mapped[int | None] = mapped_column(Integer, nullable=True)
    ethnic_group: Mapped[str] = mapped_column(String(40), default="")
    nationality: Mapped[str] = mapped_column(String(40), default="VN")
    id_number: Mapped[str] = mapped_column(String(40), default="")
    home_commune_code: Mapped[int | None] = mapped_column(Integer, nullable=True, index=True)
    address: Mapped[str] = mapped_column(String(300), default="")
    status: Mapped[str] = mapped_column(String(24), default="under_verification")
    name_fold: Mapped[str] = mapped_column(String(500), default="", index=True)
    name_sort: Mapped[str] = mapped_column(String(600), default="")


class ReceptionCase(Synced, Base):
    """A reception case: one person's path from reception to closure."""

    __tablename__ = "reception_cases"
    __table_args__ = (
        Index("ix_reception_cases_search", "received_on", "deleted", "case_code", "person_id"),
    )

    case_code: Mapped[str] = mapped_column(String(24), unique=True)
    person_id: Mapped[str] = mapped_column(String(36), ForeignKey("persons.id"), index=True)
    received_on: Mapped[dt.date] = mapped_column(Date, index=True)
    channel: Mapped[str] = mapped_column(String(24))
    border_gate: Mapped[str] = mapped_column(String(40), default="")
    commune_code: Mapped[int | None] = mapped_column(Integer, nullable=True, index=True)
    legal_regime: Mapped[str] = mapped_column(String(8))  # 2011 | 2024
    status: Mapped[str] = mapped_column(String(24), default="received")
    office_id: Mapped[str | None] = mapped_column(String(36), nullable=True, index=True)
    author: Mapped[str] = mapped_column(String(64), default="")
