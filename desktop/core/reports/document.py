"""An administrative document in the layout of Decree 30/2020/NĐ-CP, appendix I.

A4 portrait, margins 20 mm top and bottom, 30 mm left, 15 mm right; Liberation Serif
(metric-compatible with Times New Roman, covers Vietnamese). First page: agency and number
on the left, national title and motto (with a rule under it) on the right, the place-and-
date line in italic, then the title, the body, the signature block and "Nơi nhận:".
Page numbers are centred at the top from page 2. A confidential document carries its
marking on every page.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from desktop.core.i18n import _, format_place_date
from desktop.core.paths import resources_dir

SERIF = "KhienSerif"
MARGINS = {"top": 20 * mm, "bottom": 20 * mm, "left": 30 * mm, "right": 15 * mm}
NATIONAL_TITLE = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"


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
    return ParagraphStyle(name, fontName=font, fontSize=size, leading=size * 1.3,
                          alignment=align, **kw)  # fmt: skip


# Paragraphs resolve <b>/<i> against the family when they are made, so register first.
register_fonts()
BODY = style("body", 13, spaceAfter=4, firstLineIndent=10 * mm)
PLAIN = style("plain", 13, TA_LEFT, spaceAfter=2)
TITLE = style("title", 14, TA_CENTER, SERIF + "-Bold", spaceBefore=14, spaceAfter=10)
CENTER = style("center", 13, TA_CENTER)
CENTER_BOLD = style("center_bold", 13, TA_CENTER, SERIF + "-Bold")


@dataclass
class Document:
    """What a document says; ``render`` lays it out."""

    superior_agency: str
    agency: str
    number: str  # "Số: 12/BB-UBND"
    place: str
    date: dt.date
    title: str
    body: list[Flowable]
    signer_authority: str = ""
    signer_title: str = ""
    signer_name: str = ""
    recipients: list[str] = field(default_factory=list)
    confidential: str = ""  # the marking printed on every page, if any


class _Rule(Flowable):  # type: ignore[misc]
    """The short rule under the motto (and under the agency name)."""

    def __init__(self, width: float) -> None:
        super().__init__()
        self.width, self.height = width, 2

    def draw(self) -> None:
        self.canv.setLineWidth(0.6)
        self.canv.line(-self.width / 2, 1, self.width / 2, 1)


def _head(doc: Document) -> Table:
    left = [
        Paragraph(doc.superior_agency.upper(), style("sup", 12.5, TA_CENTER)),
        Paragraph(f"<b>{doc.agency.upper()}</b>", style("ag", 12.5, TA_CENTER)),
        _Centered(_Rule(30 * mm)),
        Paragraph(doc.number, style("num", 13, TA_CENTER, spaceBefore=4)),
    ]
    right = [
        Paragraph(f"<b>{NATIONAL_TITLE}</b>", style("nt", 12, TA_CENTER)),
        Paragraph(f"<b>{MOTTO}</b>", style("motto", 13.5, TA_CENTER)),
        _Centered(_Rule(60 * mm)),
        Paragraph(
            f"<i>{format_place_date(doc.place, doc.date)}</i>",
            style("pd", 13, TA_CENTER, spaceBefore=8),
        ),  # fmt: skip
    ]
    table = Table([[left, right]], colWidths=[70 * mm, 95 * mm])
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                               ("LEFTPADDING", (0, 0), (-1, -1), 0),
                               ("RIGHTPADDING", (0, 0), (-1, -1), 0)]))  # fmt: skip
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


def _tail(doc: Document) -> Table:
    heading = _("Recipients:")
    recipients = [Paragraph(f"<b><i>{heading}</i></b>", style("nn", 12, TA_LEFT))]
    recipients += [Paragraph(f"- {r};", style("nr", 11, TA_LEFT)) for r in doc.recipients]
    sign = [Paragraph(f"<b>{doc.signer_authority.upper()}</b>", CENTER_BOLD)] if (
        doc.signer_authority) else []  # fmt: skip
    sign += [Paragraph(f"<b>{doc.signer_title.upper()}</b>", CENTER_BOLD),
             Spacer(1, 26 * mm), Paragraph(f"<b>{doc.signer_name}</b>", CENTER_BOLD)]  # fmt: skip
    table = Table([[recipients, sign]], colWidths=[80 * mm, 85 * mm])
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                               ("LEFTPADDING", (0, 0), (-1, -1), 0)]))  # fmt: skip
    return table


def render(doc: Document, out: Path) -> Path:
    """Write *doc* as a PDF to *out* (written beside it first, then renamed)."""
    register_fonts()
    tmp = out.with_name(out.name + ".part")

    def page(canvas: Any, pdf: Any) -> None:
        canvas.saveState()
        width, height = A4
        if pdf.page >= 2:
            canvas.setFont(SERIF, 13)
            canvas.drawCentredString(
                MARGINS["left"] + (width - MARGINS["left"] - MARGINS["right"]) / 2,
                height - 12 * mm, str(pdf.page),
            )  # fmt: skip
        if doc.confidential:
            canvas.setFont(SERIF + "-Bold", 12)
            canvas.setStrokeColorRGB(0.7, 0, 0)
            canvas.setFillColorRGB(0.7, 0, 0)
            label = doc.confidential
            w = pdfmetrics.stringWidth(label, SERIF + "-Bold", 12) + 6 * mm
            x, y = width - MARGINS["right"] - w, height - 14 * mm
            canvas.rect(x, y - 2 * mm, w, 7 * mm)
            canvas.drawCentredString(x + w / 2, y, label)
        canvas.restoreState()

    pdf = SimpleDocTemplate(
        str(tmp), pagesize=A4, topMargin=MARGINS["top"], bottomMargin=MARGINS["bottom"],
        leftMargin=MARGINS["left"], rightMargin=MARGINS["right"], title=doc.title,
        author=doc.agency,
    )  # fmt: skip
    story: list[Flowable] = [_head(doc), Paragraph(f"<b>{doc.title.upper()}</b>", TITLE)]
    story += doc.body
    story += [Spacer(1, 8 * mm), KeepTogether([_tail(doc)])]
    pdf.build(story, onFirstPage=page, onLaterPages=page)
    tmp.replace(out)
    return out
