"""Settings → General and Documents (issue 17 point 6): each officer's signer, small-count
threshold, text size and theme, kept per account; Enter saves and applies, Escape keeps
nothing; the report form starts from them; the look follows the account at sign-in."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog

from desktop.core import account_settings, profile
from desktop.core.account_settings import AccountSettings
from desktop.core.i18n import _
from desktop.core.reports import numbers
from desktop.ui import theme
from desktop.ui.app import ThemedLauncher
from desktop.ui.pages.reports_form import ReportForm
from desktop.ui.prefs import Prefs
from desktop.ui.settings_dialog import DOCUMENTS, GENERAL, SettingsDialog
from tests.conftest import ADMIN, PASSWORD

BLACK = "#000000"


@pytest.fixture(autouse=True)
def usual_look(qapp) -> Iterator[QApplication]:
    """Every test starts and ends with the usual text size and theme."""
    theme.reset(qapp)
    yield qapp
    theme.reset(qapp)


def _other(p: profile.OpenProfile) -> profile.OpenProfile:
    user = dataclasses.replace(p.user, account_id="another-account", username="canbo2")
    return dataclasses.replace(p, user=user)


def _dialog(qtbot, opened, tab=DOCUMENTS) -> SettingsDialog:
    dialog = SettingsDialog(opened, lambda _lang: None, tab)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def _type(qtbot, edit, text: str) -> None:
    edit.selectAll()
    qtbot.keyClicks(edit, text)


def test_signer_and_threshold_saved_with_enter_become_the_report_form_defaults(qtbot, province):
    dialog = _dialog(qtbot, province)
    docs = dialog.documents
    _type(qtbot, docs.edits["signer_name"], "Hoang Van Binh")
    _type(qtbot, docs.edits["signer_title"], "Truong ban")
    _type(qtbot, docs.edits["signer_authority"], "KT. TRUONG BAN")
    docs.threshold.setValue(10)
    docs.hide_small.setChecked(True)
    qtbot.keyClick(docs.edits["signer_title"], Qt.Key.Key_Return)
    assert not dialog.isVisible() and dialog.result() == QDialog.DialogCode.Accepted
    assert account_settings.load(province) == AccountSettings(
        "Hoang Van Binh", "Truong ban", "KT. TRUONG BAN", 10, True
    )

    form = ReportForm(province)
    qtbot.addWidget(form)
    assert form.header_edits["signer_name"].text() == "Hoang Van Binh"
    assert form.header_edits["signer_title"].text() == "Truong ban"
    assert form.header_edits["signer_authority"].text() == "KT. TRUONG BAN"
    assert form.suppress.isChecked() and form.threshold.isEnabled()
    assert form.threshold.value() == 10
    # What the officer types in the form wins.
    form.header_edits["signer_name"].setText("Ly Thi Hoa")
    form.threshold.setValue(20)
    request = form._build()
    assert request.header is not None and request.header.signer_name == "Ly Thi Hoa"
    assert request.suppress_below == 20

    # The dialog opens again with what was kept.
    again = _dialog(qtbot, province)
    assert again.documents.edits["signer_name"].text() == "Hoang Van Binh"
    assert again.documents.threshold.value() == 10 and again.documents.hide_small.isChecked()


def test_another_account_does_not_see_them(qtbot, province):
    account_settings.save(
        province, AccountSettings("Hoang Van Binh", "Truong ban", suppress_below=10,
                                  hide_small_counts=True, theme="high_contrast"),
    )  # fmt: skip
    other = _other(province)
    dialog = _dialog(qtbot, other)
    assert dialog.documents.edits["signer_name"].text() == ""
    assert dialog.documents.threshold.value() == 0
    assert dialog.theme.currentData() == "light"
    form = ReportForm(other)
    qtbot.addWidget(form)
    assert form.header_edits["signer_name"].text() == ""
    assert not form.suppress.isChecked()


def test_escape_keeps_nothing(qtbot, province):
    dialog = _dialog(qtbot, province)
    _type(qtbot, dialog.documents.edits["signer_name"], "Hoang Van Binh")
    dialog.theme.setCurrentIndex(dialog.theme.findData("high_contrast"))
    qtbot.keyClick(dialog.documents.edits["signer_name"], Qt.Key.Key_Escape)
    assert not dialog.isVisible() and dialog.result() == QDialog.DialogCode.Rejected
    assert account_settings.load(province) == account_settings.DEFAULTS
    assert theme.current_theme(QApplication.instance()) == "light"


def test_a_refused_value_is_said_as_typed_and_save_waits(qtbot, province):
    dialog = _dialog(qtbot, province)
    docs = dialog.documents
    docs.edits["signer_name"].setText("x" * 201)
    docs.edits["signer_name"].textEdited.emit("x")  # as if typed
    assert not dialog.ok.isEnabled()
    assert docs.form.error_of("signer_name") == _(
        "The signer's name is at most {n} characters."
    ).format(n=200)
    docs.edits["signer_name"].setText("Hoang Van Binh")
    docs.edits["signer_name"].textEdited.emit("x")
    docs.threshold.setValue(1)  # "under 1" hides nothing
    assert not dialog.ok.isEnabled()
    assert docs.form.error_of("suppress_below")
    assert dialog.reason.text() == docs.form.error_of("suppress_below")
    qtbot.keyClick(docs.edits["signer_name"], Qt.Key.Key_Return)
    assert dialog.isVisible()
    assert account_settings.load(province) == account_settings.DEFAULTS
    docs.threshold.setValue(0)
    assert dialog.ok.isEnabled() and not dialog.reason.isVisible()


def test_the_numbers_series_is_shown_read_only(qtbot, province):
    year = dt.date.today().year
    numbers.take(province, "period", year, 5, "period:a")
    numbers.take(province, "reception", year, 2, "reception:b")
    dialog = _dialog(qtbot, province)
    text = dialog.documents.series.text()
    assert "06/BC" in text and "03/BB" in text


def test_high_contrast_and_large_text_apply_at_once_and_back(qtbot, province):
    app = QApplication.instance()
    usual_size = app.font().pointSizeF()
    usual_window = app.palette().window().color().name()
    dialog = _dialog(qtbot, province, GENERAL)
    dialog.theme.setCurrentIndex(dialog.theme.findData("high_contrast"))
    dialog.text_size.setCurrentIndex(dialog.text_size.findData(150))
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    assert app.palette().window().color().name() == BLACK != usual_window
    assert app.palette().highlight().color().name() == theme.YELLOW
    assert app.font().pointSizeF() == pytest.approx(usual_size * 1.5, abs=0.1)
    assert theme.current_theme(app) == "high_contrast"

    dialog = _dialog(qtbot, province, GENERAL)
    assert dialog.theme.currentData() == "high_contrast"
    dialog.theme.setCurrentIndex(dialog.theme.findData("light"))
    dialog.text_size.setCurrentIndex(dialog.text_size.findData(100))
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    assert app.palette().window().color().name() == usual_window
    assert app.font().pointSizeF() == pytest.approx(usual_size)
    assert app.styleSheet() == theme.LIGHT_SHEET


def test_the_dialog_fits_a_small_screen_at_150_percent(qtbot, province):
    app = QApplication.instance()
    theme.apply(app, 150, "high_contrast")
    dialog = _dialog(qtbot, province)
    for tab in range(dialog.tabs.count()):
        dialog.tabs.setCurrentIndex(tab)
        assert dialog.width() <= 1366 - 20 and dialog.height() <= 768 - 60
        page = dialog.tabs.currentWidget()
        # Nothing is cut: each tab shows all it wants without scrolling.
        assert page.height() >= page.sizeHint().height() or tab == 3
    assert dialog.ok.isVisible()


def test_the_look_follows_the_account_at_sign_in_and_out(qtbot, province):
    account_settings.save(province, AccountSettings(text_size=130, theme="high_contrast"))
    province.close()
    app = QApplication.instance()
    usual_size = app.font().pointSizeF()
    launcher = ThemedLauncher(province.data_dir, Prefs(province.data_dir))
    try:
        launcher.start()
        dlg = launcher.login_dialog
        assert dlg is not None
        dlg.username.setText(ADMIN)
        qtbot.keyClicks(dlg.password, PASSWORD)
        qtbot.mouseClick(dlg.ok, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: launcher.main_window is not None)
        assert app.palette().window().color().name() == BLACK
        assert app.font().pointSizeF() == pytest.approx(usual_size * 1.3, abs=0.1)
        launcher.main_window.sign_out_requested.emit()
        qtbot.waitUntil(lambda: launcher.login_dialog is not None)
        assert app.palette().window().color().name() != BLACK
        assert app.font().pointSizeF() == pytest.approx(usual_size)
    finally:
        launcher.shutdown()
        if launcher.login_dialog is not None:
            launcher.login_dialog.close()


def test_each_tab_shows_its_icon_also_after_a_change_of_language(qtbot, province):
    dialog = _dialog(qtbot, province, GENERAL)
    names = [dialog.tabs.tabText(t) for t in range(dialog.tabs.count())]
    for tab in range(dialog.tabs.count()):
        assert not dialog.tabs.tabIcon(tab).isNull(), names[tab]
    dialog.language.setCurrentIndex(dialog.language.findData("en"))
    for tab in range(dialog.tabs.count()):
        assert not dialog.tabs.tabIcon(tab).isNull(), dialog.tabs.tabText(tab)
    # Four different pictures, one per tab.
    keys = {dialog.tabs.tabIcon(t).pixmap(16, 16).toImage().bits().tobytes() for t in range(4)}
    assert len(keys) == 4
