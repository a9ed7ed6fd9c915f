"""A ``ReportContent`` laid out on the Decree 30 layer, with small counts suppressed.

Suppression (for reports that leave the office): in a table marked ``suppressible``, a cell
of a ``counts`` column whose value is above 0 and under the threshold N prints "<N"; a total
under N is suppressed the same way (totals are never recomputed, so the printed cells never
let anyone subtract their way to a hidden one from a single row). Charts marked
``suppressible`` draw such a value as "<N" with no bar. The choice — suppressed below N, or
shown in full — is always printed in the notes.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Spacer

from desktop.core import i18n
from desktop.core.i18n import _
from desktop.core.reports import document as layer
from desktop.core.reports.content import Cell, ChartData, ReportContent, TableData

if TYPE_CHECKING:
    from desktop.core.reports.header import ReportHeader


def suppressed(value: Cell, threshold: int) -> bool:
    """True when *value* is a count to hide: above 0 and under *threshold*."""
    return (
        threshold > 0
        and isinstance(value, int | float)
        and not isinstance(value, bool)
        and 0 < value < threshold
    )


def hidden_by_sources(table: TableData, row: list[Cell], column: int, threshold: int) -> bool:
    """True when *column* is computed from cells of *row* of which one is suppressed."""
    if not table.suppressible or column not in table.derived:
        return False
    return any(c in table.counts and suppressed(row[c], threshold) for c in table.derived[column])


def shown_cells(table: TableData, row: list[Cell], threshold: int) -> list[Cell]:
    """*row* as printed: a derived cell of a suppressed count is left empty."""
    return [
        None if hidden_by_sources(table, row, c, threshold) else value
        for c, value in enumerate(row)
    ]


def cell_text(table: TableData, column: int, value: Cell, threshold: int = 0) -> str:
    """How a cell prints: numbers and dates by the i18n helpers, money in đồng, small counts
    of a suppressible table as "<N"."""
    if value is None:
        return ""
    if column in table.counts and table.suppressible and suppressed(value, threshold):
        return f"<{threshold}"
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if column in table.money and isinstance(value, int | float):
        return i18n.format_money(int(value))
    if isinstance(value, int):
        return i18n.format_number(value)
    if isinstance(value, float):
        return i18n.format_number(value, 1)
    if isinstance(value, dt.date):
        return i18n.format_date(value)
    return str(value)


def suppression_note(threshold: int) -> str:
    """The sentence of the notes that says which choice was made."""
    if threshold > 0:
        return _(
            "Counts under {n} are shown as “<{n}” so that no person can be recognised; "
            "totals under {n} are shown the same way."
        ).format(n=threshold)
    return _("Small counts are shown in full: this report is for use inside the office.")


def table_flowables(table: TableData, threshold: int = 0) -> list[Flowable]:
    """One table; a table with no rows becomes one sentence."""
    if not table.rows or (table.total_row and len(table.rows) == 1 and not _any(table)):
        return [
            layer.caption(table.title),
            layer.empty_line(_("Nothing was recorded in the period.")),
        ]
    right = table.counts | table.money
    right |= {
        i
        for i in range(len(table.columns))
        if table.rows and all(isinstance(r[i], int | float) for r in table.rows if r[i] is not None)
        and any(r[i] is not None for r in table.rows)
    }  # fmt: skip
    rows = [
        [
            cell_text(table, c, v, threshold)
            for c, v in enumerate(shown_cells(table, row, threshold))
        ]
        for row in table.rows
    ]
    if len(table.columns) <= 3 and len(rows) > TWIN_ROWS:
        return _twin(table, rows, right)
    return layer.data_table(
        table.title, table.columns, rows, widths=table.widths, right=right,
        total_row=table.total_row,
    )  # fmt: skip


TWIN_ROWS = 30  # a narrow table longer than this prints as two sets of columns


def _twin(table: TableData, rows: list[list[str]], right: set[int]) -> list[Flowable]:
    """A long narrow table (communes…) with two rows on each line, read left to right, so
    it takes half the pages; the total stays in the left set of the last line."""
    total = rows.pop() if table.total_row else None
    n = len(table.columns)
    lines = []
    for i in range(0, len(rows), 2):
        pair = rows[i : i + 2]
        lines.append(pair[0] + (pair[1] if len(pair) > 1 else [""] * n))
    if total is not None:
        lines.append(total + [""] * n)
    half = layer.FRAME_WIDTH / 2
    widths = [11 * mm, half - 31 * mm, 20 * mm] if n == 3 else [half / n] * n
    return layer.data_table(
        table.title, table.columns * 2, lines, widths=widths * 2,
        right=right | {c + n for c in right}, total_row=total is not None, twin=True,
    )  # fmt: skip


def _any(table: TableData) -> bool:
    return any(isinstance(v, int | float) and v for v in table.rows[-1])


def chart_flowable(chart: ChartData, threshold: int = 0) -> Flowable | None:
    """A chart, or None when it has nothing to draw."""
    if not chart.labels or not any(chart.values):
        return None
    hide = threshold > 0 and chart.suppressible
    if hide:
        shown = [f"<{threshold}" if suppressed(v, threshold) else i18n.format_number(v)
                 for v in chart.values]  # fmt: skip
        values = [0 if suppressed(v, threshold) else v for v in chart.values]
        return layer.hbar_chart(chart.title, chart.labels, values, shown)
    if chart.kind == "pie":
        return layer.pie_chart(chart.title, chart.labels, chart.values)
    if chart.vertical:
        return layer.vbar_chart(chart.title, chart.labels, chart.values)
    return layer.hbar_chart(chart.title, chart.labels, chart.values)


def _charts(charts: list[ChartData], threshold: int) -> list[Flowable]:
    out: list[Flowable] = []
    for chart in charts:
        drawn = chart_flowable(chart, threshold)
        if drawn is not None:
            out += [Spacer(1, 8), KeepTogether([drawn]), Spacer(1, 4)]
    return out


def body(content: ReportContent, threshold: int = 0) -> list[Flowable]:
    """The body flowables: sections (heading, text, charts, tables), then the notes."""
    out: list[Flowable] = []
    if content.empty:
        out.append(layer.paragraph(content.empty_text or _("Nothing was recorded in the period.")))
    else:
        for section in content.sections:
            out.append(CondPageBreak(40 * mm))
            if section.heading:
                out.append(layer.heading(section.heading))
            out += [layer.paragraph(p) for p in section.paragraphs]
            if section.empty_text and not section.tables and not section.charts:
                out.append(layer.empty_line(section.empty_text))
            count = len(section.tables)
            placed = {i: [c for c in section.charts if c.after_table == i] for i in range(count)}
            first = [c for c in section.charts
                     if c.after_table is None or not 0 <= c.after_table < count]  # fmt: skip
            out += _charts(first, threshold)
            for i, table in enumerate(section.tables):
                out += table_flowables(table, threshold)
                out += _charts(placed[i], threshold)
    lines = [*content.notes, suppression_note(threshold)]
    out += layer.notes(_("Notes:"), lines)
    return out


def _notes_count(content: ReportContent) -> int:
    return 2 + len(content.notes)  # the heading and each line (the suppression one too)


def document(
    content: ReportContent, header: ReportHeader, on: dt.date, threshold: int = 0
) -> layer.Document:
    """The whole document: the office's header fields around the report's body."""
    number = _("No.: {number}").format(number=header.number) if header.number else _("No.:")
    return layer.Document(
        superior_agency=header.superior_agency,
        agency=header.agency,
        number=number,
        place=header.place,
        date=on,
        title=content.doc_type or content.title,
        body=body(content, threshold),
        signer_authority=header.signer_authority,
        signer_title=header.signer_title,
        signer_name=header.signer_name,
        recipients=list(header.recipients),
        summary=content.title if content.doc_type else "",
        keep_last=_notes_count(content),
    )


def write_pdf(
    content: ReportContent, header: ReportHeader, on: dt.date, out: Path, threshold: int = 0
) -> Path:
    """Lay *content* out and write it to *out* (atomically)."""
    return layer.render(document(content, header, on, threshold), out)
