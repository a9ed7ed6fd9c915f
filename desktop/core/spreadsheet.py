"""Spreadsheets in and out without surprises: every Excel writer builds its text cells here,
and the events import reads its files here.

Writing. openpyxl turns a str that starts with "=" into a formula and one that reads
"#N/A" into an error value, and refuses control characters with IllegalCharacterError.
So every text cell is built by :func:`cell`:

- its type is set to string (``data_type == "s"``) whatever the text looks like: Excel and
  LibreOffice show a string cell as it is and never evaluate it on opening;
- when the text begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return (the
  OWASP formula-injection prefixes) the cell also gets the "quote prefix" flag, which is
  how Excel stores a value typed after an apostrophe: the text is shown without a quote,
  and editing the cell later keeps it text instead of turning it into a formula
  (LibreOffice reads the flag too). The text itself is not changed — no apostrophe is
  added to it — so a title exported and imported again is the same title;
- characters a workbook cannot hold (control characters other than tab and line feed;
  lone surrogates; U+FFFE/U+FFFF) are removed, carriage returns become line feeds (as
  XML would read them back anyway) and the text is cut to Excel's 32,767 characters, so
  an old row holding them can never stop an export.

Reading. :func:`read_rows` takes the bytes of an .xlsx or .ods file (the caller reads
them with :func:`desktop.core.safe_files.read_regular_file`), refuses an archive that
would unpack to more than :data:`MAX_UNPACKED` bytes, and returns the first sheet's rows
as plain Python values. A formula cell is read as its text (``=SUM(A1:A3)``), never
evaluated and never replaced by the value a spreadsheet program cached for it: a formula
that had no cached value does not silently become an empty cell, and what the officer
sees in the import report is what the cell holds.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterable, Iterator
from typing import Any

from odf.namespaces import OFFICENS, TABLENS, TEXTNS
from odf.opendocument import load as load_ods
from odf.table import Table
from openpyxl import load_workbook
from openpyxl.cell.cell import Cell
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet.worksheet import Worksheet

from desktop.core import i18n
from desktop.core.errors import ValidationError
from desktop.core.i18n import _

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
MAX_CELL = 32_767
MAX_UNPACKED = 256 * 1024 * 1024
MAX_ROWS = 200_000
_NOT_HELD = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


# -- writing ------------------------------------------------------------------------------


def clean_text(text: str) -> str:
    """*text* without the characters a workbook cannot hold, at most 32,767 characters.

    Line ends become line feeds: a carriage return would be read back as one anyway
    (XML turns it into a line feed)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _NOT_HELD.sub("", text)[:MAX_CELL]


def looks_like_formula(text: str) -> bool:
    """True when a spreadsheet could take *text* for a formula (OWASP's prefixes)."""
    return text.startswith(FORMULA_PREFIXES)


def cell(ws: Worksheet | WriteOnlyWorksheet, value: Any) -> Any:
    """What to append to *ws* for *value*: text as a string cell that is never a formula,
    anything else (numbers, dates, None) as it is."""
    if not isinstance(value, str):
        return value
    text = clean_text(value)
    out = Cell(ws, row=1, column=1)  # placed by append (a write-only sheet takes it too)
    out.value = text
    out.data_type = "s"
    if looks_like_formula(text):
        out.quotePrefix = True
    return out


def row(ws: Worksheet | WriteOnlyWorksheet, values: Iterable[Any]) -> list[Any]:
    """*values* ready for ``ws.append``: every text as :func:`cell` builds it."""
    return [cell(ws, v) for v in values]


# -- reading ------------------------------------------------------------------------------


def read_rows(data: bytes, suffix: str) -> list[tuple[Any, ...]]:
    """The rows of the first sheet of the .xlsx or .ods file whose bytes are *data*.

    Raises ValidationError with one sentence for anything that is not such a file, or
    that would unpack to too much.
    """
    refused = ValidationError(
        _("This file is not an Excel workbook (.xlsx) or an OpenDocument spreadsheet (.ods).")
    )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            unpacked = sum(info.file_size for info in z.infolist())
    except (zipfile.BadZipFile, ValueError, OSError):
        raise refused from None
    if unpacked > MAX_UNPACKED:
        raise ValidationError(_("This spreadsheet is too large to import."))
    try:
        rows = _ods_rows(data) if suffix == ".ods" else _xlsx_rows(data)
    except ValidationError:
        raise
    except Exception:  # a broken file can fail anywhere inside the readers
        raise refused from None
    return rows


def _too_many() -> ValidationError:
    return ValidationError(
        _("This spreadsheet has more than {n} rows; split it into smaller files.").format(
            n=i18n.format_number(MAX_ROWS)
        )
    )


def _xlsx_rows(data: bytes) -> list[tuple[Any, ...]]:
    # data_only=False: a formula cell reads as its text, not as a cached value.
    wb = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    try:
        ws = wb.worksheets[0]
        out: list[tuple[Any, ...]] = []
        for values in ws.iter_rows(values_only=True):
            if len(out) > MAX_ROWS:
                raise _too_many()
            out.append(tuple(_plain(v) for v in values))
        return out
    finally:
        wb.close()


def _plain(value: Any) -> Any:
    """A cell's value as str, int, float, bool, date, time or None; formulas as text."""
    if value is None or isinstance(value, str | int | float | bool | dt.date | dt.time):
        return value
    text = getattr(value, "text", None)  # an array formula
    if isinstance(text, str):
        return text
    r1, r2 = getattr(value, "r1", None), getattr(value, "r2", None)  # a data-table formula
    if r1 is not None:
        return f"=TABLE({r1},{r2 or ''})"
    return str(value)


# -- OpenDocument -------------------------------------------------------------------------

_DURATION = re.compile(r"^-?P(?:\d+D)?T?(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)(?:\.\d+)?S)?$")


def _ods_rows(data: bytes) -> list[tuple[Any, ...]]:
    doc = load_ods(io.BytesIO(data))
    tables = doc.spreadsheet.getElementsByType(Table)
    if not tables:
        return []
    out: list[tuple[Any, ...]] = []
    pending_rows = 0  # empty rows are kept only when a row with values follows
    for element in _children(tables[0]):
        if element.qname != (TABLENS, "table-row"):
            continue
        values = _ods_row(element)
        repeat = _count(element.getAttrNS(TABLENS, "number-rows-repeated"))
        if not any(v is not None for v in values):
            pending_rows += repeat
            continue
        if len(out) + pending_rows + repeat > MAX_ROWS:
            raise _too_many()
        out.extend([()] * pending_rows)
        pending_rows = 0
        out.extend([values] * repeat)
    return out


def _children(element: Any) -> Iterator[Any]:
    """Rows of a table, looking inside row groups and header rows."""
    for child in element.childNodes:
        name = getattr(child, "qname", None)
        if name == (TABLENS, "table-row"):
            yield child
        elif name in (
            (TABLENS, "table-rows"),
            (TABLENS, "table-header-rows"),
            (TABLENS, "table-row-group"),
        ):
            yield from _children(child)


def _count(text: Any) -> int:
    try:
        return max(1, int(text)) if text else 1
    except ValueError:
        return 1


def _ods_row(element: Any) -> tuple[Any, ...]:
    values: list[Any] = []
    pending = 0  # empty cells are kept only when a cell with a value follows
    for child in element.childNodes:
        if getattr(child, "qname", None) not in (
            (TABLENS, "table-cell"),
            (TABLENS, "covered-table-cell"),
        ):
            continue
        value = _ods_value(child)
        repeat = _count(child.getAttrNS(TABLENS, "number-columns-repeated"))
        if value is None:
            pending += repeat
            continue
        if len(values) + pending + repeat > 1024:  # far more columns than the template has
            break
        values.extend([None] * pending)
        pending = 0
        values.extend([value] * repeat)
    return tuple(values)


def _ods_value(element: Any) -> Any:
    formula = element.getAttrNS(TABLENS, "formula")
    if formula:
        # "of:=SUM([.A1:.A3])": the text after the namespace prefix, as the file holds it.
        prefix, sep, rest = formula.partition(":")
        return rest if sep and prefix.isalpha() and rest.startswith("=") else formula
    kind = element.getAttrNS(OFFICENS, "value-type")
    if kind in ("float", "percentage", "currency"):
        number = float(element.getAttrNS(OFFICENS, "value"))
        return int(number) if number.is_integer() else number
    if kind == "date":
        text = element.getAttrNS(OFFICENS, "date-value") or ""
        return dt.datetime.fromisoformat(text) if "T" in text else _midnight(text)
    if kind == "time":
        m = _DURATION.match(element.getAttrNS(OFFICENS, "time-value") or "")
        if m:
            h, mi, s = (int(g or 0) for g in m.groups())
            return dt.time(h % 24, mi % 60, s % 60)
    if kind == "boolean":
        return element.getAttrNS(OFFICENS, "boolean-value") == "true"
    text = "\n".join(_text_of(p) for p in element.childNodes if _is_paragraph(p))
    return text if text else None


def _midnight(text: str) -> dt.datetime:
    return dt.datetime.combine(dt.date.fromisoformat(text), dt.time())


def _is_paragraph(node: Any) -> bool:
    return getattr(node, "qname", None) in ((TEXTNS, "p"), (TEXTNS, "h"))


def _text_of(node: Any) -> str:
    """The text of a paragraph: spans, links, runs of spaces, tabs and line breaks."""
    parts: list[str] = []
    for child in node.childNodes:
        if child.nodeType == child.TEXT_NODE:
            parts.append(str(child.data))
            continue
        name = getattr(child, "qname", None)
        if name == (TEXTNS, "s"):
            parts.append(" " * _count(child.getAttrNS(TEXTNS, "c")))
        elif name == (TEXTNS, "tab"):
            parts.append("\t")
        elif name == (TEXTNS, "line-break"):
            parts.append("\n")
        elif name == (TEXTNS, "note"):  # a footnote is not the cell's text
            continue
        else:
            parts.append(_text_of(child))
    return "".join(parts)
