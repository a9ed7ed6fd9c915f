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
import functools
from pathlib import Path
from typing import TYPE_CHECKING, Any
from xml.sax.saxutils import escape

from reportlab.lib.units import mm
from reportlab.pdfbase import pdfdoc
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Spacer

from desktop.core import i18n
from desktop.core.i18n import _
from desktop.core.reports import document as layer
from desktop.core.reports.content import Cell, ChartData, ReportContent, TableData

if TYPE_CHECKING:
    from desktop.core.reports.service import ReportHeader


# -- PDF/A-2b ---------------------------------------------------------------------------

SRGB = "sRGB IEC61966-2.1"


@functools.cache
def srgb_profile() -> bytes:
    """An sRGB ICC profile (Little CMS's built-in one, through Pillow). Its header says
    version 4.4, the newest Little CMS writes; its tags (desc, cprt, wtpt, chad, r/g/bXYZ,
    r/g/bTRC as 'para', chrm) are all of ICC.1:2004-10, version 4.2, the one PDF 1.7 and so
    PDF/A-2 name, so the header is set to 4.2 (its profile ID is zero: no digest to redo)."""
    from PIL import ImageCms

    data = bytearray(ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes())
    data[8:12] = bytes((4, 0x20, 0, 0))
    return bytes(data)


def _xmp_date(doc: Any) -> str:
    (year, month, day, hour, minute, second), hh, mm_ = doc._timeStamp.YMDhms, *(
        doc._timeStamp.dhh, doc._timeStamp.dmm)  # fmt: skip
    sign = "-" if hh < 0 else "+"
    return (f"{year:04d}-{month:02d}-{day:02d}T{hour:02d}:{minute:02d}:{second:02d}"
            f"{sign}{abs(hh):02d}:{abs(mm_):02d}")  # fmt: skip


def _xmp(doc: Any, lang: str) -> bytes:
    """The XMP packet: PDF/A-2b identification and the same title, author, subject,
    producer, creator tool and dates as the document information dictionary."""
    info = doc.info
    date = _xmp_date(doc)
    e = escape
    packet = f"""<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/"
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
    xmlns:xmp="http://ns.adobe.com/xap/1.0/">
   <pdfaid:part>2</pdfaid:part>
   <pdfaid:conformance>B</pdfaid:conformance>
   <dc:format>application/pdf</dc:format>
   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">{e(info.title)}</rdf:li></rdf:Alt></dc:title>
   <dc:creator><rdf:Seq><rdf:li>{e(info.author)}</rdf:li></rdf:Seq></dc:creator>
   <dc:description><rdf:Alt><rdf:li xml:lang="x-default">{e(info.subject)}</rdf:li></rdf:Alt></dc:description>
   <dc:language><rdf:Bag><rdf:li>{e(lang)}</rdf:li></rdf:Bag></dc:language>
   <pdf:Producer>{e(info.producer)}</pdf:Producer>
   <pdf:Keywords>{e(info.keywords)}</pdf:Keywords>
   <pdf:Trapped>{e(str(info.trapped))}</pdf:Trapped>
   <xmp:CreatorTool>{e(info.creator)}</xmp:CreatorTool>
   <xmp:CreateDate>{date}</xmp:CreateDate>
   <xmp:ModifyDate>{date}</xmp:ModifyDate>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>"""  # noqa: E501
    return packet.encode("utf-8")


def archival(canvas: Any, *, title: str, subject: str, author: str, lang: str) -> None:
    """Make the PDF *canvas* is writing a PDF/A-2b file (called once, on its first page):
    title, subject, author and language in the information dictionary and the catalog, and
    the same in an XMP metadata stream (unfiltered, as PDF/A asks) marked part 2,
    conformance B; an sRGB output intent for the DeviceRGB colours. Fonts are embedded by
    the layer (TrueType subsets only). *title* and *subject* must never hold a person's name:
    a case document's title is its kind and the case code."""
    doc = canvas._doc
    canvas.setTitle(title)
    canvas.setSubject(subject)
    canvas.setAuthor(author)
    canvas.setCreator("Khiên")
    catalog = doc.Catalog
    catalog.Lang = pdfdoc.PDFString(lang)
    metadata = _Xmp(
        pdfdoc.PDFDictionary({"Type": pdfdoc.PDFName("Metadata"),
                              "Subtype": pdfdoc.PDFName("XML")}),
        b"", filters=[],
    )  # fmt: skip
    metadata.lang = lang
    catalog.Metadata = metadata
    icc = pdfdoc.PDFStream(pdfdoc.PDFDictionary({"N": 3}), srgb_profile())
    intent = pdfdoc.PDFDictionary({
        "Type": pdfdoc.PDFName("OutputIntent"), "S": pdfdoc.PDFName("GTS_PDFA1"),
        "OutputConditionIdentifier": pdfdoc.PDFString(SRGB), "Info": pdfdoc.PDFString(SRGB),
        "RegistryName": pdfdoc.PDFString("http://www.color.org"),
        "DestOutputProfile": doc.Reference(icc),
    })  # fmt: skip
    catalog.OutputIntents = pdfdoc.PDFArray([intent])
    if "OutputIntents" not in catalog.__NoDefault__:
        catalog.__NoDefault__ = [*catalog.__NoDefault__, "OutputIntents"]


class _Xmp(pdfdoc.PDFStream):  # type: ignore[misc]
    """The XMP stream, made when the file is written (it repeats the information dictionary
    as it stands then), with no Filter key at all: PDF/A forbids filtering it, and ReportLab
    would write an empty ``/Filter []``."""

    lang = ""

    def format(self, document: Any) -> bytes:
        content = _xmp(document, self.lang)
        dictionary = pdfdoc.PDFDictionary(self.dictionary.dict.copy())
        dictionary["Length"] = len(content)
        head: bytes = pdfdoc.format(dictionary, document)
        return head + b"\nstream\n" + content + b"\nendstream\n"


def _eol_before_endstream() -> None:
    """PDF/A (ISO 19005-2, 6.1.7.1) wants an end-of-line before every ``endstream``, which
    ReportLab does not write (its streams end right before the keyword): add it to every
    stream ReportLab formats. The stream's Length is unchanged (it does not count that
    end-of-line), and cross-reference offsets are computed from the formatted objects."""
    original = pdfdoc.PDFStream.format
    if getattr(original, "khien_eol", False):
        return

    def format(self: Any, document: Any) -> bytes:
        out: bytes = original(self, document)
        if out.endswith(b"endstream\n") and not out.endswith(b"\nendstream\n"):
            out = out[: -len(b"endstream\n")] + b"\nendstream\n"
        return out

    format.khien_eol = True  # type: ignore[attr-defined]
    pdfdoc.PDFStream.format = format


_eol_before_endstream()


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
