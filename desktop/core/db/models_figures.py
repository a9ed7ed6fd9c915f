"""Figures that other bodies report (the police's cases detected and offenders, the
prosecutors' and courts' cases), entered by the province with their source so that the
periodic report can print them beside Khiên's own figures, as given, never computed."""

import datetime as dt

from sqlalchemy import Date, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from desktop.core.db.base import Base, Synced


class OtherBodyFigure(Synced, Base):
    """One figure given by another body for a period: what it counts (a code of
    ``desktop.core.other_figures.FIGURES``), the value, and the document it was taken from
    (the body, the document's number and symbol, its date). Changed only by the province
    (DESIGN.md §5a, first row)."""

    __tablename__ = "other_body_figures"

    figure: Mapped[str] = mapped_column(String(32))
    period_start: Mapped[dt.date] = mapped_column(Date)
    period_end: Mapped[dt.date] = mapped_column(Date)
    value: Mapped[int] = mapped_column(Integer)
    source_body: Mapped[str] = mapped_column(String(200))
    source_document: Mapped[str] = mapped_column(String(200), default="")
    source_date: Mapped[dt.date] = mapped_column(Date)
    notes: Mapped[str] = mapped_column(Text, default="")
    office_id: Mapped[str | None] = mapped_column(String(36), nullable=True)
