"""What a tabular report says, independent of how it is printed.

A report builder (periodic, campaign…) turns figures from ``desktop.core.stats`` into a
``ReportContent``; the PDF renderer lays it out on the Decree 30 layer and the Excel writer
puts every table on a sheet. Cells hold real values — ``int``/``float`` for numbers,
``datetime.date`` for dates, ``str`` for text, ``None`` for an empty cell — so the Excel
file gets numbers as numbers and dates as dates, and the renderers format them with the
one i18n helper. Small-count suppression is applied by the renderers, only to cells of
columns marked ``counts`` in tables marked ``suppressible``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

Cell = int | float | str | dt.date | None


@dataclass
class TableData:
    title: str
    columns: list[str]  # headers, already translated
    rows: list[list[Cell]]
    # Indexes of columns holding counts of people or events (suppressible, right-aligned).
    counts: set[int] = field(default_factory=set)
    # Indexes of columns holding amounts of money in đồng (right-aligned, never suppressed).
    money: set[int] = field(default_factory=set)
    total_row: bool = False  # the last row is a total (printed bold)
    suppressible: bool = True
    # Columns computed from others of the same row (derived column → its sources), such as
    # the change from the same period last year: blanked where a source is suppressed, or
    # "+3" beside "<5" and 10 would give the hidden count back.
    derived: dict[int, tuple[int, ...]] = field(default_factory=dict)
    widths: list[float] | None = None  # relative column widths; None → even


@dataclass
class ChartData:
    title: str
    labels: list[str]
    values: list[int]
    kind: Literal["bar", "pie"] = "bar"
    vertical: bool = False  # bars standing up (months along the bottom); else lying down
    suppressible: bool = False  # counts of people: small values hidden like table cells
    after_table: int | None = None  # drawn after the section's table of this index; None → first


@dataclass
class Section:
    heading: str
    paragraphs: list[str] = field(default_factory=list)
    tables: list[TableData] = field(default_factory=list)
    charts: list[ChartData] = field(default_factory=list)
    # Printed instead when the section has no tables and no charts ("No cases were…").
    empty_text: str = ""


@dataclass
class ReportContent:
    kind: str  # "period" | "campaign"
    title: str  # document type and summary, e.g. "Báo cáo kết quả … tháng 07 năm 2026"
    sections: list[Section]
    notes: list[str] = field(default_factory=list)  # printed under "Ghi chú" at the end
    empty: bool = False  # nothing happened in the period: the renderer prints one sentence
    empty_text: str = ""  # that sentence (a generic one when blank)
    # The document type on its own line ("Báo cáo"); ``title`` is then the summary line
    # under it ("Kết quả công tác phòng, chống mua bán người tháng 07 năm 2026").
    doc_type: str = ""
