"""The Decree 30 layer and the renderer, read back from the PDF: every diacritic of the head,
page numbers from page 2 only, nothing past a margin, table headers repeated on the next
page, long Vietnamese text wrapped inside its cell, charts, notes, suppression."""

from __future__ import annotations

import datetime as dt

import pytest
from reportlab.lib.pagesizes import A4

from desktop.core.i18n import _, language_override
from desktop.core.reports import document as layer
from desktop.core.reports import render
from desktop.core.reports.content import ChartData, ReportContent, Section, TableData
from desktop.core.reports.service import ReportHeader
from tests.core.reports_helpers import Run, flat, page_texts, text_runs

WIDTH, HEIGHT = A4
LEFT = layer.MARGINS["left"]
RIGHT = WIDTH - layer.MARGINS["right"]
TOP = HEIGHT - layer.MARGINS["top"]
BOTTOM = layer.MARGINS["bottom"]

LONG_NAME = (
    "Ủy ban nhân dân xã Đồng Đăng phối hợp với Đồn Biên phòng cửa khẩu quốc tế Hữu Nghị "
    "tổ chức tuyên truyền lưu động tại các thôn, bản giáp biên giới"
)
HEADER = ReportHeader(
    superior_agency="Ủy ban nhân dân tỉnh Lạng Sơn",
    agency="Ban Chỉ đạo phòng, chống tội phạm tỉnh",
    number="27/BC-BCĐ",
    place="Lạng Sơn",
    signer_authority="KT. Trưởng ban",
    signer_title="Phó Trưởng ban thường trực",
    signer_name="Hoàng Văn Quản",
    recipients=["Ban Chỉ đạo 138/CP", "Thường trực Tỉnh ủy", "Lưu: VT, PV05"],
)


def _content(rows: int = 120, *, counts_of_people: bool = True) -> ReportContent:
    table = TableData(
        "Bảng 1. Hoạt động theo xã, phường, thị trấn",
        ["STT", "Nội dung hoạt động", "Số người", "Kinh phí", "Ngày"],
        [[i + 1, LONG_NAME if i % 7 == 0 else f"Xã số {i + 1}", (i % 9) + 1, 150_000 * i,
          dt.date(2026, 1, 1 + i % 28)] for i in range(rows)]
        + [[None, "Tổng cộng", 2, 0, None]],
        counts={2}, money={3}, total_row=True, suppressible=counts_of_people,
        widths=[0.8, 6, 1.6, 2.4, 1.8],
    )  # fmt: skip
    return ReportContent(
        kind="period",
        title="Kết quả công tác phòng, chống mua bán người tháng 07 năm 2026",
        doc_type="Báo cáo",
        sections=[
            Section(
                "I. Kết quả thực hiện",
                ["Trong kỳ, các cơ quan đã tổ chức nhiều hoạt động tuyên truyền."],
                [table],
                [
                    ChartData(
                        "Hoạt động theo tháng", ["01/2026", "02/2026"], [5, 9], vertical=True
                    ),
                    ChartData(
                        "Vụ việc theo trạng thái",
                        ["Đã tiếp nhận", "Đã kết thúc"],
                        [3, 4],
                        kind="pie",
                    ),
                ],
            ),  # fmt: skip
            Section("II. Phần trống", empty_text="Trong kỳ không tiếp nhận trường hợp nào."),
        ],
        notes=["Số liệu tính đến hết ngày 31/7/2026."],
    )


@pytest.fixture
def pdf(tmp_path):
    return render.write_pdf(_content(), HEADER, dt.date(2026, 8, 5), tmp_path / "bc.pdf", 0)


def test_head_and_signature_with_every_diacritic(pdf):
    pages = page_texts(pdf)
    first, text = pages[0], "\n".join(pages)
    for expected in (
        "UBND TỈNH LẠNG SƠN",  # a superior agency too long for its column: abbreviated
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        _("No.: {number}").format(number="27/BC-BCĐ"),
        "Lạng Sơn, ngày 05 tháng 8 năm 2026",  # no zero before months 3–12
        "BÁO CÁO",
        "Kết quả công tác phòng, chống mua bán người tháng 07 năm 2026",
    ):
        assert expected in flat(first), expected
    assert "BAN CHỈ ĐẠO PHÒNG, CHỐNG TỘI PHẠM TỈNH" in flat(first)
    last = flat(pages[-1])
    for expected in ("Nơi nhận:", "- Ban Chỉ đạo 138/CP;", "- Lưu: VT, PV05.", "KT. TRƯỞNG BAN",
                     "PHÓ TRƯỞNG BAN THƯỜNG TRỰC", "Hoàng Văn Quản"):  # fmt: skip
        assert expected in last, expected
    assert "Ghi chú:" in flat(text) and "Số liệu tính đến hết ngày 31/7/2026." in flat(text)


def test_page_numbers_from_page_two_only(pdf):
    runs = text_runs(pdf)
    pages = max(r.page for r in runs)
    assert pages >= 3
    top = [r for r in runs if r.y > TOP]  # above the top margin: page numbers only
    assert all(r.page >= 2 for r in top), [r for r in top if r.page == 1]
    for page in range(2, pages + 1):
        numbers = [r for r in top if r.page == page]
        assert [r.text for r in numbers] == [str(page)]
        centre = numbers[0].x + numbers[0].width / 2
        assert abs(centre - (LEFT + RIGHT) / 2) < 2


def _inside(r: Run) -> bool:
    # A justified line is set with its spaces narrowed a little: allow that much.
    slack = 0.01 * r.width if r.text.count(" ") >= 8 else 0.5
    return r.x >= LEFT - 0.5 and r.x + r.width <= RIGHT + slack and r.y >= BOTTOM - 0.5


def test_nothing_crosses_a_margin(pdf):
    runs = text_runs(pdf)
    outside = [r for r in runs if not _inside(r)]
    assert not outside, outside[:5]
    # and the text really reaches both sides (a test that cannot pass by shrinking all)
    assert min(r.x for r in runs) == pytest.approx(LEFT, abs=1)
    money_right = LEFT + sum(layer.col_widths(5, [0.8, 6, 1.6, 2.4, 1.8])[:4]) - 4  # padding
    assert max(r.x + r.width for r in runs if "₫" in r.text) == pytest.approx(money_right, abs=1)
    assert max(r.x + r.width for r in runs if r.y > TOP - 80) > RIGHT - 10  # the head


def test_table_header_repeats_and_long_text_wraps_in_its_cell(pdf):
    runs = text_runs(pdf)
    pages = max(r.page for r in runs)
    for page in range(1, pages):
        on_page = [r.text for r in runs if r.page == page]
        if any(t.startswith("Xã số") for t in on_page):
            assert "Nội dung hoạt động" in on_page, page
    continued = [p for p in range(2, pages + 1)
                 if any(r.page == p and r.text.startswith("Xã số") for r in runs)]  # fmt: skip
    assert continued, "the table should run onto a second page"
    # The long name wraps inside its column: each piece fits the column, and it is all there.
    column = layer.col_widths(5, [0.8, 6, 1.6, 2.4, 1.8])
    left_edge, right_edge = LEFT + column[0], LEFT + column[0] + column[1]
    pieces = [r for r in runs if r.text.strip() and r.text.strip() in LONG_NAME and len(r.text) > 5]
    assert len({round(r.y) for r in pieces if r.page == 1}) >= 2
    assert all(left_edge <= r.x and r.x + r.width <= right_edge for r in pieces)
    assert LONG_NAME in flat(page_texts(pdf)[0])


def test_column_widths_fill_the_frame_exactly():
    for relative in (None, [1, 2, 3], [0.8, 6, 1.6, 2.4, 1.8]):
        n = 3 if relative is None else len(relative)
        assert sum(layer.col_widths(n, relative)) == pytest.approx(layer.FRAME_WIDTH, abs=1e-6)
    (table,) = [
        f for f in layer.data_table("", ["a", "b"], [["1", "2"]]) if hasattr(f, "_colWidths")
    ]
    assert sum(table._colWidths) == pytest.approx(layer.FRAME_WIDTH)


def test_charts_empty_section_and_money(pdf):
    text = flat(" ".join(page_texts(pdf)))
    assert "Hoạt động theo tháng" in text and "Vụ việc theo trạng thái" in text
    assert "Đã kết thúc: 4 (57,1%)" in text  # the pie's legend with its share
    assert "Trong kỳ không tiếp nhận trường hợp nào." in text
    assert "150.000 ₫" in text and "01/01/2026" in text


def test_small_counts_suppressed_with_the_note(tmp_path):
    out = render.write_pdf(_content(20), HEADER, dt.date(2026, 8, 5), tmp_path / "s.pdf", 5)
    cells = [r.text.strip() for r in text_runs(out)]
    assert "<5" in cells
    for small in ("1", "2", "3", "4"):  # counts 1–4 of the "Số người" column are hidden…
        rows_with = [r for r in text_runs(out) if r.text.strip() == small and r.x > LEFT + 250]
        assert not rows_with, small
    assert "9" in cells  # …counts of 5 and over are not
    text = flat(" ".join(page_texts(out)))
    assert render.suppression_note(5) in text
    full = render.write_pdf(_content(20), HEADER, dt.date(2026, 8, 5), tmp_path / "f.pdf", 0)
    assert render.suppression_note(0) in flat(" ".join(page_texts(full)))


def test_tables_about_activities_are_never_suppressed(tmp_path):
    content = _content(20, counts_of_people=False)
    out = render.write_pdf(content, HEADER, dt.date(2026, 8, 5), tmp_path / "a.pdf", 5)
    assert "<5" not in [r.text.strip() for r in text_runs(out)]  # no cell (the note may say it)


def test_cell_text_rules():
    t = TableData("t", ["a", "b", "c"], [], counts={0}, money={1}, suppressible=True)
    assert render.cell_text(t, 0, 3, 5) == "<5"
    assert render.cell_text(t, 0, 0, 5) == "0"  # a zero is no person
    assert render.cell_text(t, 0, 5, 5) == "5"
    assert render.cell_text(t, 1, 3, 5) == "3\u00a0₫"  # money never
    assert render.cell_text(t, 2, 3, 5) == "3"  # not a counts column
    assert render.cell_text(t, 0, 1234, 0) == "1.234"
    with language_override("en"):
        assert render.cell_text(t, 0, 1234, 0) == "1,234"
        assert render.cell_text(t, 2, dt.date(2026, 2, 5), 0) == "05/02/2026"


def test_empty_report_prints_one_sentence_not_tables(tmp_path):
    content = ReportContent("period", "Kết quả tháng 01 năm 2030", [], empty=True,
                            empty_text="Kỳ này không có số liệu để báo cáo.", doc_type="Báo cáo")  # fmt: skip
    out = render.write_pdf(content, HEADER, dt.date(2030, 2, 2), tmp_path / "e.pdf", 0)
    text = flat(" ".join(page_texts(out)))
    assert "Kỳ này không có số liệu để báo cáo." in text
    assert "STT" not in text


def test_english_document(tmp_path):
    with language_override("en"):
        out = render.write_pdf(_content(5), HEADER, dt.date(2026, 8, 5), tmp_path / "en.pdf")
    text = flat(" ".join(page_texts(out)))
    assert "No.: 27/BC-BCĐ" in text and "Lạng Sơn, 5 August 2026" in text
    assert "Recipients:" in text and "Notes:" in text
    assert "SOCIALIST REPUBLIC OF VIET NAM" in text  # as a translated document carries it
    assert "Independence - Freedom - Happiness" in text
    assert "CỘNG HÒA" not in text


def test_failed_render_leaves_nothing(tmp_path, monkeypatch):
    def boom(*_a, **_k):
        raise RuntimeError("layout failed")

    monkeypatch.setattr(layer.SimpleDocTemplate, "build", boom)
    with pytest.raises(RuntimeError):
        render.write_pdf(_content(5), HEADER, dt.date(2026, 8, 5), tmp_path / "x.pdf")
    assert list(tmp_path.iterdir()) == []


def test_numbers_and_words_are_never_broken(tmp_path):
    table = TableData(
        "Bảng 2. Chỉ tiêu", ["STT", "Nhiệm vụ", "Chỉ tiêu", "Đã đạt", "Còn thiếu", "Trạng thái"],
        [[1, LONG_NAME, 20_000_000, 10_525_000, 9_475_000, "Đang thực hiện"]],
        counts={2, 3, 4}, widths=[0.5, 6, 0.6, 0.6, 0.6, 1.2],
    )  # fmt: skip
    content = ReportContent("period", "Chỉ tiêu", [Section("I. Chỉ tiêu", tables=[table])])
    out = render.write_pdf(content, HEADER, dt.date(2026, 8, 5), tmp_path / "n.pdf")
    cells = [r.text.strip() for r in text_runs(out)]
    assert {"20.000.000", "10.525.000", "9.475.000"} <= set(cells)
    assert not any(r for r in text_runs(out) if not _inside(r))
