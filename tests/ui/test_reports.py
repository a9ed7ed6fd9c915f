"""The Reports page, driven as an officer would: choose, generate, look, print, save, export."""

from __future__ import annotations

import datetime as dt
import threading
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from PySide6.QtPrintSupport import QPrinter

from desktop.core import demo, i18n
from desktop.core.i18n import _
from desktop.core.progress import run_job
from desktop.core.reports import service
from desktop.core.security import audit
from desktop.ui import print_pdf
from desktop.ui.pages import reports_preview
from desktop.ui.pages.reports import ReportsPage
from tests.conftest import build_once
from tests.ui.conftest import type_into

SIGNER = "Hoàng Văn Thắng"


def _demo(province, _folder) -> dict:
    run_job(demo.generate(province, events=300, cases=60, seed=7))
    return {}


@pytest.fixture
def demo_profile(province, tmp_path, tmp_path_factory):
    """300 events, 60 cases (the first test's, copied: generating them takes seconds)."""
    build_once("ui-reports-demo", province, tmp_path, tmp_path_factory, _demo)
    return province


def _page(qtbot, opened) -> ReportsPage:
    page = ReportsPage(opened)
    qtbot.addWidget(page)
    page.resize(1000, 700)
    page.show()
    qtbot.waitExposed(page)
    return page


def _set_text(edit, text: str) -> None:
    edit.selectAll()
    edit.del_()
    type_into(edit, text)


def _choose_year(page: ReportsPage, year: int = 2025) -> None:
    _set_text(page.form.date_from, f"01/01/{year}")
    _set_text(page.form.date_to, f"31/12/{year}")
    _set_text(page.form.header_edits["signer_name"], SIGNER)


def _generate(qtbot, page: ReportsPage) -> None:
    assert page.form.generate.isEnabled(), page.form.refusal.text()
    page.form.generate.click()
    assert page.op is not None
    qtbot.waitUntil(lambda: page.op.done, timeout=60_000)
    assert page.op.error_box is None


def test_periodic_report_previews_prints_saves_and_exports(qtbot, demo_profile, tmp_path):
    page = _page(qtbot, demo_profile)
    _choose_year(page)
    # Typed dates select the preset that matches them (“last year”), else “any dates”.
    year = (dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    assert page.form.preset.currentData() in (None, year)
    assert (page.form.preset.currentData() == year) == (dt.date.today().year == 2026)
    assert not page.preview.save_button.isEnabled()
    assert not page.excel_button.isEnabled()
    _generate(qtbot, page)
    temp = page.op.temp_dir
    assert not Path(temp.path()).exists(), "the temporary copy goes once the pages are shown"

    # The preview shows every page of the document.
    shown = page.preview.view
    saved = tmp_path / "bao-cao.pdf"
    page.preview.choose_pdf = lambda suggested: (
        suggested.startswith(_("periodic-report-{start}-{end}").split("-{")[0])
        and str(tmp_path / "bao-cao")  # no extension typed: .pdf is added
    )
    assert page.preview.save_as() == saved
    pages = len(PdfReader(saved).pages)
    assert pages >= 2 and shown.page_count() == pages
    assert shown.count_label.text() == _("of {count}").format(count=pages)
    assert str(pages) in page.status.text() or _("Saved as {path}.").format(path=saved) in (
        page.status.text()
    )
    text = PdfReader(saved).pages[0].extract_text()
    assert "01/01/2025" in text or "năm 2025" in text
    assert SIGNER in "".join(p.extract_text() for p in PdfReader(saved).pages)
    qtbot.waitUntil(lambda: shown.pages.is_rendered(0))

    # Export to Excel: a real workbook with the report's tables.
    book = tmp_path / "bao-cao.xlsx"
    page.choose_xlsx = lambda _suggested: str(book)
    op = page.export_xlsx()
    qtbot.waitUntil(lambda: op.done, timeout=60_000)
    assert op.error_box is None
    sheets = load_workbook(book).worksheets
    assert sheets and sheets[0].max_row > 1

    # Print to a PDF printer: the same number of pages.
    printed = tmp_path / "in.pdf"
    flow = page.preview.print_()
    flow.dialog.close()  # the test drives the printer itself
    printer = print_pdf.prepare_printer(shown.pdf)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(printed))
    printer.setResolution(72)
    op = print_pdf.start_print(page, shown.pdf.data, printer, list(range(pages)))
    qtbot.waitUntil(lambda: op.done, timeout=60_000)
    assert len(PdfReader(printed).pages) == pages
    # Saving and exporting are in the audit log (printing too, through the dialog).
    with demo_profile.db.session() as s:
        assert audit.count(s, "report.save") == 1
        assert audit.count(s, "report.export") == 1


def test_print_button_goes_through_the_print_dialog(qtbot, demo_profile, tmp_path):
    from PySide6.QtWidgets import QComboBox, QLineEdit

    page = _page(qtbot, demo_profile)
    _choose_year(page)
    _generate(qtbot, page)
    page.preview.print_button.click()
    flow = page.preview.print_flow
    assert flow is not None and flow.dialog.isVisible()
    printers = flow.dialog.findChild(QComboBox, "printers")
    printers.setCurrentIndex(printers.count() - 1)  # print to a PDF file
    flow.dialog.findChild(QLineEdit, "filename").setText(str(tmp_path / "in.pdf"))
    flow.dialog.accept()
    qtbot.waitUntil(lambda: flow.op is not None and flow.op.done, timeout=60_000)
    assert len(PdfReader(tmp_path / "in.pdf").pages) == page.preview.view.page_count()
    assert page.status.text() == _("Pages sent to the printer: {n}.").format(
        n=page.preview.view.page_count()
    )
    with demo_profile.db.session() as s:
        assert audit.count(s, "report.print") == 1


def test_end_before_start_disables_generate_and_says_why(qtbot, province):
    page = _page(qtbot, province)
    _set_text(page.form.header_edits["signer_name"], SIGNER)
    assert page.form.generate.isEnabled()
    _set_text(page.form.date_from, "15/03/2025")
    _set_text(page.form.date_to, "14/03/2025")
    assert not page.form.generate.isEnabled()
    assert page.form.form.error_of("date_to") == _("The period ends before it starts.")
    _set_text(page.form.date_to, "15/03/2025")
    assert page.form.generate.isEnabled()
    assert page.form.form.error_of("date_to") == ""
    _set_text(page.form.date_to, "31/02/2025")
    assert not page.form.generate.isEnabled()
    assert "31/02/2025" in page.form.form.error_of("date_to")


def test_a_missing_signer_is_said_before_generating(qtbot, province):
    page = _page(qtbot, province)
    _set_text(page.form.header_edits["signer_name"], "")
    assert not page.form.generate.isEnabled()
    sentence = _("Enter the name of the person who signs the report in the header.")
    assert page.form.refusal.text() == sentence or (
        page.form.form.error_of("signer_name") == sentence
    )
    assert page.generate() is None  # Ctrl+Enter while refused does nothing but say why
    assert page.form.form.error_of("signer_name") == sentence


def test_campaign_report_needs_a_plan_with_tasks(qtbot, province):
    page = _page(qtbot, province)
    page.form.kind.setCurrentIndex(page.form.kind.findData("campaign"))
    _set_text(page.form.header_edits["signer_name"], SIGNER)
    rows, labels = page.form.form.layout, page.form.form.labels
    assert not rows.isRowVisible(labels["date_from"]) and rows.isRowVisible(labels["plan"])
    assert not page.form.generate.isEnabled()
    assert page.form.refusal.text() == _("Choose the plan the report is about.")


def test_campaign_report_of_a_demo_plan(qtbot, demo_profile):
    page = _page(qtbot, demo_profile)
    page.form.kind.setCurrentIndex(page.form.kind.findData("campaign"))
    assert page.form.plan.count() > 0
    _set_text(page.form.header_edits["signer_name"], SIGNER)
    _generate(qtbot, page)
    assert page.preview.view.page_count() >= 1
    assert page.shown_request is not None and page.shown_request.kind == "campaign"


def test_cancel_leaves_no_file_and_no_preview(qtbot, demo_profile, monkeypatch):
    gate = threading.Event()
    real = service.build_pdf

    def held(opened, request, out):
        job = real(opened, request, out)
        yield next(job)
        gate.wait(30)  # the officer presses Cancel while the report is being made
        return (yield from job)

    monkeypatch.setattr(reports_preview.service, "build_pdf", held)
    page = _page(qtbot, demo_profile)
    _choose_year(page)
    page.form.generate.click()
    op = page.op
    qtbot.waitUntil(lambda: op.last_progress is not None, timeout=30_000)
    folder = Path(op.temp_dir.path())
    op.cancel()
    gate.set()
    qtbot.waitUntil(lambda: op.done, timeout=60_000)
    assert not folder.exists()
    assert page.preview.view.page_count() == 0
    assert not page.preview.save_button.isEnabled()
    assert page.status.text() == _("Generating the report was cancelled.")


def test_save_to_an_unwritable_place_says_so_and_leaves_nothing(qtbot, demo_profile, tmp_path):
    page = _page(qtbot, demo_profile)
    _choose_year(page)
    _generate(qtbot, page)
    target = tmp_path / "no-such-folder" / "bao-cao.pdf"
    page.preview.choose_pdf = lambda _suggested: str(target)
    assert page.preview.save_as() is None
    box = page.preview.error_box
    assert box is not None and box.text().endswith(".")
    assert str(target.parent) in box.text()
    assert not target.parent.exists()


def test_header_fields_are_remembered_after_reopening(qtbot, demo_profile):
    page = _page(qtbot, demo_profile)
    _choose_year(page)
    _set_text(page.form.header_edits["number"], "15/BC-BCĐ")
    _set_text(page.form.header_edits["signer_authority"], "KT. TRƯỞNG BAN")
    _set_text(page.form.header_edits["signer_title"], "Phó Trưởng ban")
    page.form.recipients.setPlainText("Ban Chỉ đạo 138 tỉnh\n\nLưu: VT")
    _generate(qtbot, page)
    page.close()

    again = _page(qtbot, demo_profile)
    edits = again.form.header_edits
    # 15 was given to that report: the form offers the next number of the series
    assert edits["number"].text() == "16/BC-BCĐ"
    assert edits["signer_authority"].text() == "KT. TRƯỞNG BAN"
    assert edits["signer_title"].text() == "Phó Trưởng ban"
    assert edits["signer_name"].text() == SIGNER
    assert again.form.recipients.toPlainText() == "Ban Chỉ đạo 138 tỉnh\nLưu: VT"
    # The campaign report keeps a header of its own.
    again.form.kind.setCurrentIndex(again.form.kind.findData("campaign"))
    assert again.form.header_edits["number"].text() not in ("15/BC-BCĐ", "16/BC-BCĐ")
    again.form.kind.setCurrentIndex(again.form.kind.findData("period"))
    assert again.form.header_edits["number"].text() == "16/BC-BCĐ"


def test_small_count_suppression_reaches_the_report(qtbot, demo_profile, tmp_path):
    page = _page(qtbot, demo_profile)
    _choose_year(page)
    assert not page.form.suppress.isChecked() and not page.form.threshold.isEnabled()
    page.form.suppress.setChecked(True)
    page.form.threshold.setValue(7)
    _generate(qtbot, page)
    assert page.shown_request.suppress_below == 7
    page.preview.choose_pdf = lambda _suggested: str(tmp_path / "an.pdf")
    page.preview.save_as()
    text = "".join(p.extract_text() for p in PdfReader(tmp_path / "an.pdf").pages)
    assert "<7" in text
    again = _page(qtbot, demo_profile)
    assert again.form.threshold.value() == 7 and not again.form.suppress.isChecked()


def test_the_form_offers_the_next_number_and_refuses_a_given_one(qtbot, demo_profile):
    from desktop.core.reports import numbers

    page = _page(qtbot, demo_profile)
    _choose_year(page)
    number = page.form.header_edits["number"]
    year = i18n.parse_date(page.form.on.text()).year
    agency = page.form.header_edits["agency"].text()
    assert number.text() == numbers.formatted(1, "period", agency)  # offered, not taken
    assert numbers.taken(demo_profile, "period", year) == {}
    _generate(qtbot, page)
    assert 1 in numbers.taken(demo_profile, "period", year)  # taken when written
    _set_text(page.form.date_from, "01/01/2024")  # another report: 01 is given
    _set_text(page.form.date_to, "31/12/2024")
    page.form.form.validate()
    assert number.text() == numbers.formatted(2, "period", agency)
    _set_text(number, numbers.formatted(1, "period", agency))  # typed back: refused
    page.form.form.validate()
    assert not page.form.generate.isEnabled()
    page.form.reissue.setChecked(True)  # unless re-issued deliberately
    assert page.form.generate.isEnabled()
