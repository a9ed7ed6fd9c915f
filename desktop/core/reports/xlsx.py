"""A report's tables as an Excel workbook (openpyxl).

The first sheet names the report (agency, title, date) and carries its notes; every table
follows on a sheet of its own, its title in the first row and bold headers in the report's
language under it. Numbers are number cells, amounts are numbers shown in đồng, dates are
date cells; a suppressed small count is the text "<N" (it must not be summed back). Every
text goes through :mod:`desktop.core.spreadsheet`: a string cell that no spreadsheet takes
for a formula, without the characters a workbook cannot hold.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import TYPE_CHECKING

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from desktop.core import i18n, spreadsheet
from desktop.core.i18n import _
from desktop.core.reports.content import ReportContent, TableData
from desktop.core.reports.render import shown_cells, suppressed, suppression_note

if TYPE_CHECKING:
    from desktop.core.reports.header import ReportHeader

DATE_FORMAT = "DD/MM/YYYY"
COUNT_FORMAT = "#,##0"
MONEY_FORMAT = '#,##0" ₫"'
_BAD = re.compile(r"[\[\]:*?/\\\x00-\x1f]")
_THIN = Side(style="thin", color="808080")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_SHADE = PatternFill("solid", fgColor="E6E6E6")


def _sheet_name(title: str, taken: set[str]) -> str:
    base = _BAD.sub(" ", spreadsheet.clean_text(title)).strip(" '") or _("Table")
    base = base.split(". ", 1)[0] if len(base) > 31 and ". " in base else base
    name = base[:31].strip(" '")
    n = 2
    while name.lower() in taken:
        suffix = f" ({n})"
        name = base[: 31 - len(suffix)].strip(" '") + suffix
        n += 1
    taken.add(name.lower())
    return name


def _width(value: object) -> int:
    if value is None:
        return 0
    if isinstance(value, dt.date):
        return 11
    if isinstance(value, int | float):
        return len(f"{value:,}") + 3
    return max((len(line) for line in str(value).splitlines()), default=0)


def _table_sheet(ws: Worksheet, table: TableData, threshold: int) -> None:
    ws.append(spreadsheet.row(ws, [table.title]))
    ws["A1"].font = Font(bold=True, size=12)
    ws.append(spreadsheet.row(ws, table.columns))
    for cell in ws[2]:
        cell.font = Font(bold=True)
        cell.fill = _SHADE
        cell.border = _BOX
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    widths = [_width(c) for c in table.columns]
    if not table.rows:
        ws.append(spreadsheet.row(ws, [_("Nothing was recorded in the period.")]))
    last = len(table.rows) - 1
    for r, row in enumerate(table.rows):
        values: list[object] = []
        for c, value in enumerate(shown_cells(table, row, threshold)):
            hide = table.suppressible and c in table.counts and suppressed(value, threshold)
            values.append(f"<{threshold}" if hide else value)
        ws.append(spreadsheet.row(ws, values))
        excel_row = ws.max_row
        for c, shown in enumerate(values):
            cell = ws.cell(excel_row, c + 1)
            cell.border = _BOX
            if table.total_row and r == last:
                cell.font = Font(bold=True)
            if isinstance(shown, dt.date):
                cell.number_format = DATE_FORMAT
            elif c in table.money and isinstance(shown, int | float):
                cell.number_format = MONEY_FORMAT
            elif isinstance(shown, int | float):
                cell.number_format = COUNT_FORMAT
            elif isinstance(shown, str) and shown.startswith("<"):
                cell.alignment = Alignment(horizontal="right")
            widths[c] = max(widths[c], _width(shown))
    for c, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(c)].width = min(max(w + 2, 6), 60)
    ws.freeze_panes = "A3"


def write(
    content: ReportContent, header: ReportHeader, on: dt.date, out: Path, threshold: int = 0
) -> Path:
    """Write *content* to *out* (the caller renames it into place)."""
    wb = Workbook()
    first = wb.active
    assert first is not None
    first.title = _sheet_name(_("Report"), set())
    taken = {first.title.lower()}
    lines: list[list[object]] = [
        [header.superior_agency.upper()],
        [header.agency.upper()],
        [(_("No.: {number}").format(number=header.number)) if header.number else ""],
        [i18n.format_place_date(header.place, on)],
        [],
        [" ".join(t for t in (content.doc_type, content.title) if t)],
        [],
    ]
    if content.empty:
        lines.append([content.empty_text or _("Nothing was recorded in the period.")])
    for section in content.sections:
        if content.empty:
            break
        lines.append([section.heading])
        lines += [[p] for p in section.paragraphs]
        if section.empty_text and not section.tables:
            lines.append([section.empty_text])
    lines += [[], [_("Notes:")]]
    lines += [[f"- {n}"] for n in [*content.notes, suppression_note(threshold)]]
    for line in lines:
        first.append(spreadsheet.row(first, line))
    for row in (2, 6):
        first.cell(row, 1).font = Font(bold=True, size=12)
    first.column_dimensions["A"].width = 110
    for row in first.iter_rows(min_row=8):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    if not content.empty:
        for section in content.sections:
            for table in section.tables:
                _table_sheet(wb.create_sheet(_sheet_name(table.title, taken)), table, threshold)
    wb.properties.title = spreadsheet.clean_text(content.title)
    wb.properties.creator = spreadsheet.clean_text(header.agency)
    wb.save(out)
    return out
