"""Smaller parts of the shell: Qt's own strings, the crash hook, settings, preferences."""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QApplication

from desktop.core import i18n
from desktop.core.i18n import _
from desktop.ui import crash, qt_translator
from desktop.ui.prefs import Prefs
from desktop.ui.settings_dialog import PASSWORD, SettingsDialog
from tests.conftest import PASSWORD as OLD_PASSWORD


def test_qt_strings_come_from_our_catalog(qtbot, monkeypatch):
    monkeypatch.setattr(qt_translator, "_", lambda s: "[vi] " + s)
    translator = qt_translator.QtTranslator()
    QCoreApplication.installTranslator(translator)
    try:
        assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "[vi] Cancel"
        assert QCoreApplication.translate("QLineEdit", "&Paste") == "[vi] &Paste"
        assert QCoreApplication.translate("QFileDialog", "Not one of ours") == "Not one of ours"
    finally:
        QCoreApplication.removeTranslator(translator)


def test_uncaught_exception_is_logged_and_shown_readably(qtbot, caplog):
    reporter = crash.CrashReporter(QApplication.instance())
    try:
        raise KeyError("some internal detail")
    except KeyError as exc:
        with caplog.at_level(logging.ERROR):
            reporter.excepthook(type(exc), exc, exc.__traceback__)
    qtbot.waitUntil(lambda: reporter.box is not None)
    assert reporter.box.text() == crash.readable(KeyError())
    assert "internal detail" not in reporter.box.text()
    assert any(r.exc_info and r.exc_info[0] is KeyError for r in caplog.records)
    reporter.box.close()
    reporter.deleteLater()


def test_change_password_in_settings(qtbot, province):
    dlg = SettingsDialog(province, lambda lang: None, PASSWORD)
    qtbot.addWidget(dlg)
    panel = dlg.password
    qtbot.keyClicks(panel.old, "wrong-password")
    qtbot.keyClicks(panel.new, "mat-khau-moi-9")
    qtbot.keyClicks(panel.confirm, "mat-khau-moi-9")
    qtbot.mouseClick(panel.change, Qt.MouseButton.LeftButton)
    assert panel.form.error_of("old") == _("The current password is wrong.")
    panel.old.clear()
    qtbot.keyClicks(panel.old, OLD_PASSWORD)
    qtbot.mouseClick(panel.change, Qt.MouseButton.LeftButton)
    assert panel.done.text() == _("Your password was changed.")
    assert panel.new.text() == ""


def test_language_preference_is_kept(tmp_path):
    prefs = Prefs(tmp_path)
    assert prefs.language == i18n.DEFAULT_LANGUAGE == "vi"
    prefs.language, prefs.last_username = "en", "admin"
    prefs.save()
    again = Prefs(tmp_path)
    assert (again.language, again.last_username) == ("en", "admin")
    (tmp_path / "ui-preferences.json").write_text("{not json")
    assert Prefs(tmp_path).language == "vi"
