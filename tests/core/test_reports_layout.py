"""Decree 30/2020 (appendix I) exactly, read back from the PDF of a periodic report and of a
case document: the date line's zeros, "Số: …" and the place-and-date line on one row, a
clear space between the two blocks of the head, the personal-data notice (never "MẬT"),
page numbers from page 2, no total row alone on a page; and the file fit for archiving:
every font embedded, PDF/A-2b metadata, an sRGB output intent, vi-VN, a title and a
subject without a person's name."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from pypdf import PdfReader
from reportlab.lib.pagesizes import A4

from desktop.core import i18n
from desktop.core.i18n import _, language_override
from desktop.core.reports import case_docs, render
from desktop.core.reports import document as layer
from desktop.core.reports.content import ReportContent, Section, TableData
from desktop.core.reports.service import ReportHeader
from desktop.core.security.roles import Role
from tests.core.cases_helpers import D, as_role, identify, receive
from tests.core.reports_helpers import Run, flat, page_texts, text_runs

NAME = "Đặng Thị Phương Thảo"
HEADER = ReportHeader(
    superior_agency="Ủy ban nhân dân tỉnh Lạng Sơn",
    agency="Ban Chỉ đạo phòng, chống tội phạm tỉnh",
    number="05/BC-BCĐ",
    place="Lạng Sơn",
    signer_authority="KT. Trưởng ban",
    signer_title="Phó Trưởng ban thường trực",
    signer_name="Hoàng Văn Quản",
    recipients=["Ban Chỉ đạo 138/CP", "Lưu: VT"],
)
TOP = A4[1] - layer.MARGINS["top"]


def _content(rows: int = 60) -> ReportContent:
    table = TableData(
        "Bảng 1. Hoạt động theo xã",
        ["STT", "Xã, phường", "Số hoạt động"],
        [[i + 1, f"Xã số {i + 1}", i % 9 + 1] for i in range(rows)] + [[None, "Tổng cộng", 99]],
        counts={2}, total_row=True, widths=[1, 6, 2],
    )  # fmt: skip
    return ReportContent(
        kind="period", title="Kết quả công tác phòng, chống mua bán người 6 tháng đầu năm 2026",
        doc_type="Báo cáo",
        sections=[Section("I. Kết quả", ["Trong kỳ đã tổ chức nhiều hoạt động."], [table])],
        notes=["Số liệu tính đến hết ngày 30/6/2026."],
    )  # fmt: skip


def _report(tmp_path, on: dt.date, rows: int = 60, name: str = "bc.pdf"):
    return render.write_pdf(_content(rows), HEADER, on, tmp_path / name, 0)


@pytest.fixture
def report(tmp_path):
    return _report(tmp_path, dt.date(2026, 7, 5))


@pytest.fixture
def summary(province, tmp_path):
    as_role(province, Role.PROVINCIAL_OFFICER)
    cid = receive(province, name=NAME, birth=D(2009, 5, 1))
    identify(province, cid, D(2025, 9, 4), verify_on=D(2025, 9, 3))
    return case_docs.case_summary(province, cid, tmp_path / "tt.pdf", on=D(2026, 2, 15))


@pytest.fixture
def reception(province, tmp_path):
    as_role(province, Role.PROVINCIAL_OFFICER)
    cid = receive(province, name=NAME, birth=D(2009, 5, 1))
    return case_docs.reception_record(province, cid, tmp_path / "bb.pdf", on=D(2026, 2, 5))


# -- the date line ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "line"),
    [
        (dt.date(2026, 7, 5), "Lạng Sơn, ngày 05 tháng 7 năm 2026"),
        (dt.date(2026, 2, 15), "Lạng Sơn, ngày 15 tháng 02 năm 2026"),
        (dt.date(2026, 1, 9), "Lạng Sơn, ngày 09 tháng 01 năm 2026"),
        (dt.date(2026, 12, 31), "Lạng Sơn, ngày 31 tháng 12 năm 2026"),
        (dt.date(2026, 3, 1), "Lạng Sơn, ngày 01 tháng 3 năm 2026"),
    ],
)
def test_the_date_line_zeros(day, line):
    assert i18n.format_place_date("Lạng Sơn", day) == line


def test_the_date_line_in_the_pdf(tmp_path):
    for on, line in ((dt.date(2026, 7, 5), "ngày 05 tháng 7 năm 2026"),
                     (dt.date(2026, 2, 15), "ngày 15 tháng 02 năm 2026")):  # fmt: skip
        first = flat(page_texts(_report(tmp_path, on, 5, f"{on}.pdf"))[0])
        assert f"Lạng Sơn, {line}" in first, first[:300]
    assert "tháng 07" not in flat(page_texts(_report(tmp_path, dt.date(2026, 7, 5), 5))[0])


# -- the head ----------------------------------------------------------------------------


def _head_runs(path) -> tuple[Run, Run]:
    runs = [r for r in text_runs(path) if r.page == 1]
    number = next(r for r in runs if r.text.strip().startswith(_("No.: {number}").split("{")[0]))
    date = next(r for r in runs if "ngày" in r.text and "tháng" in r.text)
    return number, date


@pytest.mark.parametrize("which", ["report", "reception"])
def test_number_and_place_date_on_the_same_row(which, request):
    path = request.getfixturevalue(which)
    number, date = _head_runs(path)
    assert number.y == pytest.approx(date.y, abs=0.5)  # the same baseline
    left = layer.MARGINS["left"]
    assert number.x + number.width <= left + layer.HEAD_LEFT + 0.5  # under the issuing body
    assert date.x >= left + layer.HEAD_LEFT + layer.HEAD_GAP - 0.5  # under the motto
    assert date.size == number.size == 13


def test_a_clear_space_between_the_two_blocks(report):
    runs = [r for r in text_runs(report) if r.page == 1 and r.y > TOP - 70]
    left_end = layer.MARGINS["left"] + layer.HEAD_LEFT
    right_start = left_end + layer.HEAD_GAP
    left = [r for r in runs if r.x < left_end]
    right = [r for r in runs if r.x >= left_end]
    assert any("UBND" in r.text for r in left) and any("CỘNG HÒA" in r.text for r in right)
    assert max(r.x + r.width for r in left) <= left_end + 0.5
    assert min(r.x for r in right) >= right_start - 0.5
    assert layer.HEAD_GAP >= 4 * 2.83


# -- the notice and page numbers ---------------------------------------------------------


@pytest.mark.parametrize("which", ["summary", "reception"])
def test_documents_naming_persons_carry_the_notice_not_a_secret_grade(which, request):
    pages = page_texts(request.getfixturevalue(which))
    notice = flat(case_docs.personal_data_notice())
    assert "91/2025/QH15" in notice
    for page in pages:
        assert notice in flat(page)
        assert "MẬT" not in page.upper() and "CONFIDENTIAL" not in page.upper()


def test_a_report_has_no_notice(report):
    assert flat(case_docs.personal_data_notice()) not in flat(" ".join(page_texts(report)))


def test_page_numbers_from_page_two(report):
    runs = text_runs(report)
    pages = max(r.page for r in runs)
    assert pages >= 2
    top = [r for r in runs if r.y > TOP]
    assert not [r for r in top if r.page == 1]
    for page in range(2, pages + 1):
        assert [r.text.strip() for r in top if r.page == page] == [str(page)]


# -- tables ------------------------------------------------------------------------------


def test_no_total_row_alone_on_a_page(tmp_path):
    """Whatever the number of rows, the page of the total shows rows of the table too."""
    moved = 0
    for rows in range(24, 52):
        runs = text_runs(_report(tmp_path, dt.date(2026, 7, 5), rows, f"t{rows}.pdf"))
        total = next(r for r in runs if r.text.strip() == "Tổng cộng")
        with_it = [r for r in runs if r.page == total.page and r.text.startswith("Xã số")]
        assert len(with_it) >= 2, rows
        moved += total.page > 1
    assert moved  # the table did run onto a second page for some of them


# -- fonts and archiving -----------------------------------------------------------------


@pytest.mark.parametrize("which", ["report", "summary", "reception"])
def test_every_font_is_embedded(which, request):
    reader = PdfReader(str(request.getfixturevalue(which)))
    for number, page in enumerate(reader.pages, start=1):
        fonts = page["/Resources"]["/Font"]
        assert fonts, number
        for name, ref in fonts.items():
            font = ref.get_object()
            assert "Helvetica" not in str(font.get("/BaseFont")), (number, name)
            descriptor = font["/FontDescriptor"].get_object()
            assert "/FontFile2" in descriptor, (number, name, font.get("/BaseFont"))


def _xmp(reader: PdfReader) -> str:
    stream = reader.trailer["/Root"]["/Metadata"].get_object()
    assert "/Filter" not in stream  # PDF/A: the metadata stream is not filtered
    return bytes(stream.get_data()).decode("utf-8")


def _li(xmp: str, tag: str) -> str:
    m = re.search(rf"<{tag}>.*?<rdf:li[^>]*>(.*?)</rdf:li>", xmp, re.S)
    assert m, tag
    return m.group(1)


@pytest.mark.parametrize("which", ["report", "summary", "reception"])
def test_pdf_a_2b(which, request):
    reader = PdfReader(str(request.getfixturevalue(which)))
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "vi-VN"
    xmp = _xmp(reader)
    assert "<pdfaid:part>2</pdfaid:part>" in xmp
    assert "<pdfaid:conformance>B</pdfaid:conformance>" in xmp
    info = reader.metadata
    assert info.title and info.subject
    assert _li(xmp, "dc:title") == info.title  # the same in both places
    assert _li(xmp, "dc:description") == info.subject
    assert f"<pdf:Producer>{info.producer}</pdf:Producer>" in xmp
    (intent,) = root["/OutputIntents"]
    intent = intent.get_object()
    assert intent["/S"] == "/GTS_PDFA1"
    profile = intent["/DestOutputProfile"].get_object()
    assert profile["/N"] == 3
    icc = profile.get_data()
    assert icc[36:40] == b"acsp" and icc[16:20] == b"RGB " and icc[8] <= 4
    if which != "report":  # a person's document: the kind and the case code, no name
        for text in (info.title, info.subject, info.author or "", xmp):
            assert NAME not in text and "Thảo" not in text
        assert re.search(r"LS-[\w-]+\d{5}$", info.title), info.title


def test_an_english_document_says_so(tmp_path):
    with language_override("en"):
        out = render.write_pdf(_content(5), HEADER, dt.date(2026, 2, 5), tmp_path / "en.pdf")
    assert PdfReader(str(out)).trailer["/Root"]["/Lang"] == "en-GB"
