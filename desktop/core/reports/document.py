"""An administrative document in the layout of Decree 30/2020/NĐ-CP, appendix I.

A4 portrait, margins 20 mm top and bottom, 30 mm left, 15 mm right; Liberation Serif
(metric-compatible with Times New Roman, covers Vietnamese), embedded: every style, bullet
and the canvas's own initial font are that family, so no standard PDF font is referenced.
First page: the issuing body on the left and the national title and motto (with a rule
under it) on the right, a clear space between them; under them, on one row, "Số: …" on the
left and the place-and-date line in italic on the right; then the title, the body, the
signature block and "Nơi nhận:". Page numbers are centred at the top from page 2. A
document that names persons carries a restricted-circulation notice about personal data
(Law 91/2025/QH15) at the foot of every page — never "MẬT", a state-secret grade. The file
is PDF/A-2b (``pdfa.archival``): XMP metadata, an sRGB output intent, its language, a
title and subject that never hold a person's name.

The body's building blocks live here too, so every report looks the same: section
headings, tables whose header row repeats on each page they run onto and whose cells wrap
long Vietnamese text, bar and pie charts drawn with ReportLab graphics, and the notes block.
Every width is a share of the frame, so nothing runs past a margin.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.charts.piecharts import Pie
from reportlab.graphics.shapes import Drawing, Rect, String
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from desktop.core.i18n import _, format_number, format_place_date, language
from desktop.core.paths import resources_dir
from desktop.core.reports import pdfa

SERIF = "KhienSerif"
MARGINS = {"top": 20 * mm, "bottom": 20 * mm, "left": 30 * mm, "right": 15 * mm}
FRAME_WIDTH = A4[0] - MARGINS["left"] - MARGINS["right"]  # 165 mm: every table spans it
FRAME_PAD = 6  # ReportLab's default frame padding (points)
NATIONAL_TITLE = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
# The English version of a document carries them in English, as translated documents do.
NATIONAL_TITLE_EN = "SOCIALIST REPUBLIC OF VIET NAM"
MOTTO_EN = "Independence - Freedom - Happiness"


def _national() -> tuple[str, str]:
    if language() == "en":
        return NATIONAL_TITLE_EN, MOTTO_EN
    return NATIONAL_TITLE, MOTTO


def register_fonts() -> None:
    """Register Liberation Serif (regular, bold, italic, bold italic) once."""
    if SERIF in pdfmetrics.getRegisteredFontNames():
        return
    fonts = resources_dir() / "fonts"
    for suffix, style in (("", "Regular"), ("-Bold", "Bold"), ("-Italic", "Italic"),
                          ("-BoldItalic", "BoldItalic")):  # fmt: skip
        pdfmetrics.registerFont(TTFont(SERIF + suffix, str(fonts / f"LiberationSerif-{style}.ttf")))
    pdfmetrics.registerFontFamily(
        SERIF, normal=SERIF, bold=SERIF + "-Bold", italic=SERIF + "-Italic",
        boldItalic=SERIF + "-BoldItalic",
    )  # fmt: skip


def style(name: str, size: float = 13, align: int = TA_JUSTIFY, font: str = SERIF,
          **kw: Any) -> ParagraphStyle:  # fmt: skip
    kw.setdefault("bulletFontName", font)  # ReportLab's default bullet font is Helvetica
    return ParagraphStyle(name, fontName=font, fontSize=size, leading=size * 1.3,
                          alignment=align, **kw)  # fmt: skip


# Paragraphs resolve <b>/<i> against the family when they are made, so register first.
register_fonts()
BODY = style("body", 13, spaceAfter=4, firstLineIndent=10 * mm)
PLAIN = style("plain", 13, TA_LEFT, spaceAfter=2)
TITLE = style("title", 14, TA_CENTER, SERIF + "-Bold", spaceBefore=14, spaceAfter=10)
CENTER = style("center", 13, TA_CENTER)
CENTER_BOLD = style("center_bold", 13, TA_CENTER, SERIF + "-Bold")
CENTER_ITALIC = style("center_italic", 12, TA_CENTER, SERIF + "-Italic")


@dataclass
class Party:
    """One signature of a record drawn up between parties (a handover record's "ĐẠI DIỆN
    BÊN GIAO"): the title in capitals, the hint under it, room to sign, the name."""

    title: str
    name: str = ""
    hint: str = ""  # "(Ký, ghi rõ họ tên)"


@dataclass
class Document:
    """What a document says; ``render`` lays it out."""

    superior_agency: str
    agency: str
    number: str  # "Số: 12/BB-UBND"
    place: str
    date: dt.date
    title: str  # the document type ("Báo cáo"), or type and summary in one line
    body: list[Flowable]
    signer_authority: str = ""
    signer_title: str = ""
    signer_name: str = ""
    recipients: list[str] = field(default_factory=list)
    # The restricted-circulation notice printed at the foot of every page of a document
    # that names persons (personal data, Law 91/2025/QH15), if any.
    notice: str = ""
    summary: str = ""  # the summary line under the type ("Kết quả công tác … tháng 07")
    # The last flowables of the body kept on the page of the signature (the notes), so the
    # signature never stands alone on a page.
    keep_last: int = 0
    # A record signed by its parties instead of one signer: their signatures two by two,
    # side by side (an odd last one centred under them); "Nơi nhận:" only when given.
    parties: list[Party] = field(default_factory=list)
    # The file's title and subject (metadata); by default the type and summary. A document
    # about a person gives its kind and the case code: never the person's name.
    pdf_title: str = ""
    pdf_subject: str = ""


# Every table's cells in the serif: a table sets its cells' font (Helvetica by default) even
# where a cell holds paragraphs.
SERIF_CELLS = ("FONT", (0, 0), (-1, -1), SERIF, 12)


class _Rule(Flowable):  # type: ignore[misc]
    """The short rule under the motto (and under the agency name)."""

    def __init__(self, width: float) -> None:
        super().__init__()
        self.width, self.height = width, 2

    def draw(self) -> None:
        self.canv.setLineWidth(0.6)
        self.canv.line(-self.width / 2, 1, self.width / 2, 1)


# The head's columns: the issuing body on the left, the national title on the right (wide
# enough for "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in 12 pt bold, 88 mm), and an empty gutter
# between them, so the two blocks never touch.
HEAD_RIGHT = 95 * mm
HEAD_GAP = 5 * mm
HEAD_LEFT = FRAME_WIDTH - HEAD_RIGHT - HEAD_GAP


# Common phrases Decree 30 (appendix I, II.4) lets the superior agency's name abbreviate.
_SUPERIOR_SHORT = (("ỦY BAN NHÂN DÂN", "UBND"), ("UỶ BAN NHÂN DÂN", "UBND"),
                   ("HỘI ĐỒNG NHÂN DÂN", "HĐND"))  # fmt: skip


def _superior(name: str) -> str:
    """The superior agency in capitals, its common phrases abbreviated ("UBND TỈNH LẠNG
    SƠN") when the whole name would not fit the left column on one line."""
    text = name.upper()
    if pdfmetrics.stringWidth(text, SERIF, 12) <= HEAD_LEFT:
        return text
    for long, short in _SUPERIOR_SHORT:
        text = text.replace(long, short)
    return text


def _head(doc: Document) -> Table:
    """Two rows of three columns (left block, gutter, right block): the issuing body beside
    the national title and motto; then "Số: …" beside the place-and-date line, on the same
    row and so on the same baseline (same size, same leading, both aligned to the top)."""
    left = [
        Paragraph(escape(_superior(doc.superior_agency)), style("sup", 12, TA_CENTER)),
        Paragraph(f"<b>{escape(doc.agency.upper())}</b>", style("ag", 12, TA_CENTER)),
        _Centered(_Rule(30 * mm)),
    ]
    right = [
        Paragraph(f"<b>{_national()[0]}</b>", style("nt", 12, TA_CENTER)),
        Paragraph(f"<b>{_national()[1]}</b>", style("motto", 13.5, TA_CENTER)),
        _Centered(_Rule(60 * mm)),
    ]
    number = Paragraph(escape(doc.number), style("num", 13, TA_CENTER))
    place_date = Paragraph(
        f"<i>{escape(format_place_date(doc.place, doc.date))}</i>",
        style("pd", 13, TA_CENTER, SERIF + "-Italic"),
    )  # fmt: skip
    table = Table([[left, "", right], [number, "", place_date]],
                  colWidths=[HEAD_LEFT, HEAD_GAP, HEAD_RIGHT])  # fmt: skip
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                               ("LEFTPADDING", (0, 0), (-1, -1), 0),
                               ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                               ("TOPPADDING", (0, 1), (-1, 1), 6),
                               SERIF_CELLS]))  # fmt: skip
    return table


class _Centered(Flowable):  # type: ignore[misc]
    def __init__(self, inner: Flowable) -> None:
        super().__init__()
        self.inner = inner

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self._avail = avail_width
        return avail_width, 4

    def draw(self) -> None:
        self.canv.saveState()
        self.canv.translate(self._avail / 2, 1)
        self.inner.canv = self.canv
        self.inner.draw()
        self.canv.restoreState()


def _party(p: Party) -> list[Flowable]:
    out: list[Flowable] = [Paragraph(f"<b>{escape(p.title.upper())}</b>", CENTER_BOLD)]
    if p.hint:
        out.append(Paragraph(f"<i>{escape(p.hint)}</i>", CENTER_ITALIC))
    out += [Spacer(1, 20 * mm), Paragraph(f"<b>{escape(p.name)}</b>", CENTER_BOLD)]
    return out


def _parties_tail(doc: Document) -> Table:
    """The parties' signatures two by two, side by side; an odd last one centred."""
    half = FRAME_WIDTH / 2
    rows: list[list[Any]] = []
    commands: list[tuple[Any, ...]] = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 2),
        ("RIGHTPADDING", (0, 0), (-1, -1), 2),
        ("TOPPADDING", (0, 0), (-1, -1), 0),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
    ]
    for i in range(0, len(doc.parties), 2):
        pair = doc.parties[i : i + 2]
        if len(pair) == 2:
            rows.append([_party(pair[0]), _party(pair[1])])
        else:
            rows.append([_party(pair[0]), ""])
            commands.append(("SPAN", (0, len(rows) - 1), (1, len(rows) - 1)))
    if doc.recipients:
        heading = _("Recipients:")
        block = [Paragraph(f"<b><i>{heading}</i></b>", style("nn", 12, TA_LEFT))]
        last = len(doc.recipients) - 1
        block += [
            Paragraph(escape(f"- {r}{'.' if i == last else ';'}"), style("nr", 11, TA_LEFT))
            for i, r in enumerate(doc.recipients)
        ]
        rows.append([block, ""])
        commands.append(("SPAN", (0, len(rows) - 1), (1, len(rows) - 1)))
    table = Table(rows, colWidths=[half, FRAME_WIDTH - half])
    table.setStyle(TableStyle([*commands, SERIF_CELLS]))
    return table


def _tail(doc: Document) -> Table:
    if doc.parties:
        return _parties_tail(doc)
    heading = _("Recipients:")
    recipients = [Paragraph(f"<b><i>{heading}</i></b>", style("nn", 12, TA_LEFT))]
    last = len(doc.recipients) - 1
    recipients += [
        Paragraph(escape(f"- {r}{'.' if i == last else ';'}"), style("nr", 11, TA_LEFT))
        for i, r in enumerate(doc.recipients)
    ]
    sign = [Paragraph(f"<b>{escape(doc.signer_authority.upper())}</b>", CENTER_BOLD)] if (
        doc.signer_authority) else []  # fmt: skip
    sign += [Paragraph(f"<b>{escape(doc.signer_title.upper())}</b>", CENTER_BOLD),
             Spacer(1, 26 * mm),
             Paragraph(f"<b>{escape(doc.signer_name)}</b>", CENTER_BOLD)]  # fmt: skip
    table = Table([[recipients, sign]], colWidths=[FRAME_WIDTH - 90 * mm, 90 * mm])
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                               ("LEFTPADDING", (0, 0), (-1, -1), 0),
                               ("RIGHTPADDING", (0, 0), (-1, -1), 0), SERIF_CELLS]))  # fmt: skip
    return table


def _title(doc: Document) -> list[Flowable]:
    if not doc.summary:
        return [Paragraph(f"<b>{escape(doc.title.upper())}</b>", TITLE)]
    return [
        Paragraph(
            f"<b>{escape(doc.title.upper())}</b>",
            style("type", 14, TA_CENTER, SERIF + "-Bold", spaceBefore=14),
        ),  # fmt: skip
        Paragraph(
            f"<b>{escape(doc.summary)}</b>",
            style("summary", 14, TA_CENTER, SERIF + "-Bold", spaceAfter=6),
        ),  # fmt: skip
        _Centered(_Rule(40 * mm)),
        Spacer(1, 8),
    ]


def render(doc: Document, out: Path) -> Path:
    """Write *doc* as a PDF to *out* (written beside it first, then renamed; nothing is
    left behind when it fails)."""
    register_fonts()
    tmp = out.with_name(out.name + ".part")
    title = doc.pdf_title or f"{doc.title} {doc.summary}".strip()
    subject = doc.pdf_subject or doc.summary or doc.title
    lang = "en-GB" if language() == "en" else "vi-VN"

    def page(canvas: Any, pdf: Any) -> None:
        if pdf.page == 1:
            pdfa.archival(canvas, title=title, subject=subject, author=doc.agency, lang=lang)
        canvas.saveState()
        _width, height = A4
        centre = MARGINS["left"] + FRAME_WIDTH / 2
        if pdf.page >= 2:
            canvas.setFont(SERIF, 13)
            canvas.drawCentredString(centre, height - 12 * mm, str(pdf.page))
        if doc.notice:  # in the bottom margin, under the frame, on every page
            size = 10.0
            while size > 7 and pdfmetrics.stringWidth(doc.notice, SERIF + "-Italic",
                                                      size) > FRAME_WIDTH:  # fmt: skip
                size -= 0.5
            canvas.setFont(SERIF + "-Italic", size)
            canvas.drawCentredString(centre, 11 * mm, doc.notice)
        canvas.restoreState()

    pdf = SimpleDocTemplate(
        # The frame pads its content by FRAME_PAD: the margins given here are that much
        # smaller, so the content starts and ends exactly at the Decree 30 margins.
        str(tmp), pagesize=A4, topMargin=MARGINS["top"] - FRAME_PAD,
        bottomMargin=MARGINS["bottom"] - FRAME_PAD, leftMargin=MARGINS["left"] - FRAME_PAD,
        rightMargin=MARGINS["right"] - FRAME_PAD,
        title=title, subject=subject, author=doc.agency, creator="Khiên", lang=lang,
        initialFontName=SERIF, initialFontSize=13, initialLeading=13 * 1.3,
    )  # fmt: skip
    story: list[Flowable] = [_head(doc), *_title(doc)]
    split = len(doc.body) - max(0, min(doc.keep_last, len(doc.body)))
    story += doc.body[:split]
    story += [KeepTogether([*doc.body[split:], Spacer(1, 8 * mm), _tail(doc)])]
    try:
        pdf.build(story, onFirstPage=page, onLaterPages=page)
        tmp.replace(out)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return out


# -- body building blocks ---------------------------------------------------------------

HEADING = style("heading", 13, TA_LEFT, SERIF + "-Bold", spaceBefore=10, spaceAfter=4,
                keepWithNext=1)  # fmt: skip
CAPTION = style("caption", 12, TA_LEFT, SERIF + "-BoldItalic", spaceBefore=8, spaceAfter=3)
CELL = style("cell", 11, TA_LEFT)
CELL_PAD = 4  # left and right padding of a table cell (points)
CELL_RIGHT = style("cell_right", 11, TA_RIGHT)
CELL_CENTER = style("cell_center", 11, TA_CENTER)
CELL_HEAD = style("cell_head", 11, TA_CENTER, SERIF + "-Bold")
NOTE = style("note", 12, TA_JUSTIFY, spaceAfter=2, leftIndent=5 * mm, bulletIndent=0)
NOTE_HEAD = style("note_head", 12, TA_LEFT, SERIF + "-BoldItalic", spaceBefore=10,
                  spaceAfter=3, keepWithNext=1)  # fmt: skip
EMPTY = style("empty", 12.5, TA_LEFT, SERIF + "-Italic", spaceAfter=4, leftIndent=5 * mm)
GRID = colors.black
SHADE = colors.Color(0.9, 0.9, 0.9)


def heading(text: str) -> Paragraph:
    """A section heading ("I. CÔNG TÁC TUYÊN TRUYỀN")."""
    return Paragraph(escape(text), HEADING)


def paragraph(text: str) -> Paragraph:
    """A paragraph of body text, justified with the first line indented."""
    return Paragraph(escape(text), BODY)


def caption(text: str) -> Paragraph:
    """A table's caption ("Bảng 1. …"), kept with what follows it."""
    return Paragraph(escape(text), CAPTION)


def empty_line(text: str) -> Paragraph:
    """The sentence printed where a table would have had no rows."""
    return Paragraph(escape(text), EMPTY)


def col_widths(count: int, relative: list[float] | None, width: float = FRAME_WIDTH) -> list[float]:
    """Column widths in points that add up to *width* exactly."""
    shares = list(relative) if relative and len(relative) == count else [1.0] * count
    total = sum(shares) or 1.0
    widths = [width * s / total for s in shares]
    widths[-1] = width - sum(widths[:-1])
    return widths


def data_table(
    caption: str,
    columns: list[str],
    rows: list[list[str]],
    *,
    widths: list[float] | None = None,
    right: set[int] | None = None,
    total_row: bool = False,
    twin: bool = False,
) -> list[Flowable]:
    """A captioned table across the frame: the header row repeats on every page the table
    runs onto, a cell too long for its column is a paragraph (the text wraps inside it; a
    short one is drawn as a plain string, which is much cheaper), columns in *right* are
    right-aligned, and a last total row is bold."""
    right = right or set()
    head = [Paragraph(escape(c), CELL_HEAD) for c in columns]
    widths_pt = _fit_words(col_widths(len(columns), widths), columns, rows, right)
    room = [w - 2 * CELL_PAD for w in widths_pt]
    body: list[list[str | Paragraph]] = []
    last = len(rows) - 1
    for r, row in enumerate(rows):
        bold = total_row and r == last
        font = SERIF + "-Bold" if bold else SERIF
        cells: list[str | Paragraph] = []
        for c, text in enumerate(row):
            if "\n" not in text and pdfmetrics.stringWidth(text, font, CELL.fontSize) <= room[c]:
                cells.append(text)
                continue
            markup = f"<b>{escape(text)}</b>" if bold else escape(text)
            cells.append(Paragraph(markup, CELL_RIGHT if c in right else CELL))
        body.append(cells)
    table = Table([head, *body], colWidths=widths_pt, repeatRows=1, hAlign="LEFT")
    commands: list[tuple[Any, ...]] = [
        ("GRID", (0, 0), (-1, -1), 0.5, GRID),
        ("BACKGROUND", (0, 0), (-1, 0), SHADE),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ("LEFTPADDING", (0, 0), (-1, -1), CELL_PAD),
        ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PAD),
        ("FONT", (0, 0), (-1, -1), SERIF, CELL.fontSize, CELL.leading),
        *(("ALIGN", (c, 1), (c, -1), "RIGHT") for c in sorted(right)),
    ]
    # Never a page with the header alone, nor with the total row alone: the first row stays
    # with the header, and the total with the two rows before it.
    commands.append(("NOSPLIT", (0, 0), (-1, min(1, len(rows)))))
    if total_row and rows:
        commands.append(("NOSPLIT", (0, max(1, len(rows) - 2)), (-1, len(rows))))
        commands.append(("BACKGROUND", (0, len(rows)), (-1, len(rows)), SHADE))
        commands.append(("FONT", (0, len(rows)), (-1, len(rows)), SERIF + "-Bold",
                         CELL.fontSize, CELL.leading))  # fmt: skip
    if twin and rows:  # two sets of columns side by side: a heavier rule between them
        half = len(columns) // 2
        commands.append(("LINEAFTER", (half - 1, 0), (half - 1, -1), 1.4, GRID))
        if total_row:  # the total sits in the left set; the right one is a blank span
            commands.append(("SPAN", (half, len(rows)), (-1, len(rows))))
    table.setStyle(TableStyle(commands))
    # A caption never ends a page: room for it, the header and a few rows, or a new page.
    out: list[Flowable] = [CondPageBreak(30 * mm)]
    if caption:
        out.append(Paragraph(escape(caption), CAPTION))
    out.append(table)
    return out


def _fit_words(widths: list[float], columns: list[str], rows: list[list[str]],
               right: set[int]) -> list[float]:  # fmt: skip
    """Widen a column whose longest word (a whole number, in a right-aligned column) would
    not fit, taking the room from columns that have some to spare, so that no word or
    number is ever broken across lines; the total width stays the same."""
    size = CELL.fontSize
    need = []
    for c, header in enumerate(columns):
        words = [pdfmetrics.stringWidth(w, SERIF + "-Bold", size) for w in header.split(" ")]
        for row in rows:
            text = row[c] if c < len(row) else ""
            parts = [text] if c in right else text.split(" ")
            words += [pdfmetrics.stringWidth(w, SERIF + "-Bold", size) for w in parts]
        need.append(max(words, default=0) + 2 * CELL_PAD + 1)
    short = sum(max(0.0, n - w) for n, w in zip(need, widths, strict=True))
    spare = [max(0.0, w - n) for n, w in zip(need, widths, strict=True)]
    if short <= 0 or sum(spare) < short:
        return widths
    out = [max(w, n) for n, w in zip(need, widths, strict=True)]
    total_spare = sum(spare)
    out = [
        w - (short * sp / total_spare if sp > 0 else 0) for w, sp in zip(out, spare, strict=True)
    ]
    out[-1] += sum(widths) - sum(out)  # rounding: the same total exactly
    return out


def notes(heading_text: str, lines: list[str]) -> list[Flowable]:
    """The notes block ("Ghi chú:") at the end of the body."""
    if not lines:
        return []
    out: list[Flowable] = [Paragraph(f"<b><i>{escape(heading_text)}</i></b>", NOTE_HEAD)]
    out += [Paragraph(escape(line), NOTE, bulletText="-") for line in lines]
    return out


# -- charts -----------------------------------------------------------------------------

BAR_FILL = colors.Color(0.23, 0.36, 0.55)
PIE_FILLS = [
    colors.Color(0.23, 0.36, 0.55), colors.Color(0.75, 0.35, 0.22),
    colors.Color(0.42, 0.6, 0.33), colors.Color(0.85, 0.68, 0.2),
    colors.Color(0.5, 0.4, 0.62), colors.Color(0.3, 0.62, 0.68),
    colors.Color(0.62, 0.5, 0.38), colors.Color(0.6, 0.6, 0.6),
    colors.Color(0.78, 0.45, 0.6), colors.Color(0.35, 0.35, 0.35),
]  # fmt: skip
CHART_FONT = 9.5


def _fit(text: str, width: float, size: float = CHART_FONT) -> str:
    """*text* cut with an ellipsis so that it fits *width* points."""
    if pdfmetrics.stringWidth(text, SERIF, size) <= width:
        return text
    while text and pdfmetrics.stringWidth(text + "…", SERIF, size) > width:
        text = text[:-1]
    return text.rstrip() + "…"


def _drawing(width: float, height: float) -> Drawing:
    """A drawing whose renderer starts in the embedded serif (its default is Helvetica,
    which it would reference even with every string in the serif)."""
    d = Drawing(width, height)
    d.initialFontName, d.initialFontSize = SERIF, CHART_FONT
    return d


def _caption_string(title: str, width: float, y: float) -> String:
    return String(width / 2, y, _fit(title, width, 11), fontName=SERIF + "-Bold",
                  fontSize=11, textAnchor="middle")  # fmt: skip


def hbar_chart(title: str, labels: list[str], values: list[int],
               shown: list[str] | None = None, width: float = FRAME_WIDTH) -> Drawing:  # fmt: skip
    """Horizontal bars, one per label, the value printed at the end of its bar (*shown*
    replaces the printed values, e.g. "<5" for a suppressed count)."""
    row, label_w, value_w = 15.0, width * 0.42, 40.0
    height = 22 + row * len(labels)
    d = _drawing(width, height)
    d.add(_caption_string(title, width, height - 12))
    peak = max(values, default=0) or 1
    bar_room = width - label_w - value_w - 6
    for i, (label, value) in enumerate(zip(labels, values, strict=True)):
        y = height - 22 - row * (i + 1) + 3
        d.add(String(label_w - 4, y + 2, _fit(label, label_w - 6), fontName=SERIF,
                     fontSize=CHART_FONT, textAnchor="end"))  # fmt: skip
        length = bar_room * value / peak
        if length > 0:
            d.add(Rect(label_w, y, length, row - 5, fillColor=BAR_FILL, strokeColor=None))
        text = shown[i] if shown else format_number(value)
        d.add(String(label_w + length + 3, y + 2, text, fontName=SERIF, fontSize=CHART_FONT))
    return d


def vbar_chart(title: str, labels: list[str], values: list[int],
               width: float = FRAME_WIDTH) -> Drawing:  # fmt: skip
    """Vertical bars (months along the bottom)."""
    height = 62 * mm
    d = _drawing(width, height)
    d.add(_caption_string(title, width, height - 12))
    chart = VerticalBarChart()
    chart.x, chart.y = 36, 34
    chart.width, chart.height = width - 46, height - 56
    chart.data = [values or [0]]
    chart.categoryAxis.categoryNames = labels or [""]
    chart.categoryAxis.labels.fontName = SERIF
    chart.categoryAxis.labels.fontSize = 8 if len(labels) <= 14 else 6.5
    if len(labels) > 14:
        chart.categoryAxis.labels.angle = 90
        chart.categoryAxis.labels.boxAnchor = "e"
        chart.categoryAxis.labels.dy = -4
    else:
        chart.categoryAxis.labels.dy = -3
    chart.valueAxis.labels.fontName = SERIF
    chart.valueAxis.labels.fontSize = 8
    chart.valueAxis.valueMin = 0
    chart.valueAxis.labelTextFormat = lambda v: format_number(int(v))
    chart.valueAxis.visibleGrid = True
    chart.valueAxis.gridStrokeColor = SHADE
    chart.bars[0].fillColor = BAR_FILL
    chart.bars[0].strokeColor = None
    chart.barLabels.fontName = SERIF
    chart.barLabels.fontSize = 7
    chart.barLabelFormat = lambda v: format_number(int(v)) if len(labels) <= 24 else ""
    chart.barLabels.nudge = 6
    d.add(chart)
    return d


def pie_chart(title: str, labels: list[str], values: list[int],
              width: float = FRAME_WIDTH) -> Drawing:  # fmt: skip
    """A pie with a legend of labels and values beside it."""
    row = 14.0
    size = 48 * mm
    height = max(size + 26, 26 + row * len(labels))
    d = _drawing(width, height)
    d.add(_caption_string(title, width, height - 12))
    pie = Pie()
    pie.x, pie.y = 10, height - 22 - size
    pie.width = pie.height = size
    pie.data = [max(v, 0) for v in values] if any(values) else [1]
    pie.labels = None
    pie.slices.strokeColor = colors.white
    pie.slices.strokeWidth = 0.6
    for i in range(len(pie.data)):
        pie.slices[i].fillColor = PIE_FILLS[i % len(PIE_FILLS)]
    d.add(pie)
    total = sum(values) or 1
    left = 10 + size + 16
    for i, (label, value) in enumerate(zip(labels, values, strict=True)):
        y = height - 22 - row * (i + 1) + 3
        d.add(Rect(left, y, 8, 8, fillColor=PIE_FILLS[i % len(PIE_FILLS)], strokeColor=None))
        share = format_number(100 * value / total, 1)
        text = f"{label}: {format_number(value)} ({share}%)"
        d.add(String(left + 12, y + 1, _fit(text, width - left - 14), fontName=SERIF,
                     fontSize=CHART_FONT))  # fmt: skip
    return d
