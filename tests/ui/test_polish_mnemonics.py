"""Alt+letter for every labelled field, chosen at run time from the translated label (no
message carries an "&"): unique in its dialog, never a letter of the dialog's buttons, a
plain ASCII letter (not a Vietnamese letter with a diacritic), and it focuses the field."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

from desktop.ui import forms
from desktop.ui.mnemonics import choose_keys, mnemonic_of, with_mnemonic
from tests.ui.test_dialog_keys import BUILDERS

DIALOGS = ["EventDialog", "NewCaseDialog", "FigureDialog", "SettingsDialog"]


def test_letters_are_plain_first_letters_of_words_and_never_twice():
    assert choose_keys(["Địa chỉ:", "Điện thoại:"], set()) == ["c", "t"]
    assert choose_keys(["Ngày sinh:", "Năm sinh:"], {"n"}) == ["s", "m"]
    # Too few letters for greed: the second text still gets one ("a" moves to the first).
    assert choose_keys(["ab", "a"], set()) == ["b", "a"]
    assert choose_keys(["Ảnh:", "Ừ"], {"n", "h"}) == ["", ""]
    assert with_mnemonic("Địa chỉ:", "c") == "Địa &chỉ:"
    assert with_mnemonic("Tên && mã", "t") == "Tên && mã", "an '&' of its own: left alone"
    assert mnemonic_of("Họ &và tên:<span style='color:#b00020'>\u00a0*</span>") == "v"
    assert mnemonic_of("Tên &amp; mã") == ""


def _labels(dialog: QDialog) -> list[QLabel]:
    return [
        label
        for label in dialog.findChildren(QLabel)
        if label.buddy() is not None
        and label.buddy().focusPolicy() != Qt.FocusPolicy.NoFocus  # not a row of notes
        and label.isVisible()
        and forms.spoken(label.text())
    ]


def _shown(qtbot, province, tmp_path, name: str) -> QDialog:
    cls = next(c for c in BUILDERS if c.__name__ == name)
    dialog, _main = BUILDERS[cls](province, tmp_path)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    return dialog


@pytest.mark.parametrize("name", DIALOGS)
def test_each_labelled_field_has_its_own_alt_letter(qtbot, province, tmp_path, name):
    dialog = _shown(qtbot, province, tmp_path, name)
    labels = _labels(dialog)
    assert labels
    keys = {label: mnemonic_of(label.text()) for label in labels}
    shown = [b.text() for b in dialog.findChildren(QAbstractButton) if b.isVisible()]
    buttons = {mnemonic_of(t) for t in shown} - {""}
    given = [k for k in keys.values() if k]
    assert len(given) == len(set(given)), f"twice: {sorted(given)}"
    assert not set(given) & buttons
    for label, key in keys.items():
        letters = {c.lower() for c in forms.spoken(label.text()) if c.isascii() and c.isalpha()}
        if not key:  # left without only when every letter it has is taken
            assert letters <= set(given) | buttons, forms.spoken(label.text())
    assert len(given) >= min(len(labels), 12)


@pytest.mark.parametrize("name", ["EventDialog", "NewCaseDialog"])
def test_alt_and_the_letter_focuses_the_field(qtbot, province, tmp_path, name):
    dialog = _shown(qtbot, province, tmp_path, name)
    tried = 0
    for label in _labels(dialog):
        key = mnemonic_of(label.text())
        if not key:
            continue
        field = forms.first_input(label.buddy())
        qtbot.keyClick(
            dialog, getattr(Qt.Key, f"Key_{key.upper()}"), Qt.KeyboardModifier.AltModifier
        )
        assert field.hasFocus() or label.buddy().hasFocus(), forms.spoken(label.text())
        tried += 1
    assert tried >= 10


def test_a_required_label_and_a_changed_caption_keep_their_letter(qtbot):
    dialog = QDialog()
    qtbot.addWidget(dialog)
    form = forms.Form(QFormLayout(dialog))
    form.add("name", "Họ và tên:", QLineEdit(), required=True)
    form.add("kind", "Số người dự:", QLineEdit())
    plain = QLabel("Ghi chú:")
    note = QLineEdit()
    plain.setBuddy(note)
    form.layout.addRow(plain, note)
    forms.give_mnemonics(dialog)
    name, kind = form.labels["name"], form.labels["kind"]
    assert mnemonic_of(name.text()) == "h" and forms.is_marked_required(name)
    assert forms.spoken(name.text()) == "Họ và tên"
    assert name.buddy().accessibleName() == "Họ và tên"
    assert mnemonic_of(kind.text()) == "s" and mnemonic_of(plain.text()) == "g"
    form.set_label("kind", "Số băng rôn:")  # the kind of event's own words
    assert kind.text() == "&Số băng rôn:"
    assert mnemonic_of(kind.text()) == "s"
    forms.give_mnemonics(dialog)  # again: nothing changes
    assert [mnemonic_of(w.text()) for w in (name, kind, plain)] == ["h", "s", "g"]


def test_a_page_gets_no_mnemonics(qtbot):
    """A page's Alt+letters belong to the main window's menus."""
    page = QWidget()
    qtbot.addWidget(page)
    label = QLabel("Tìm kiếm:", page)
    label.setBuddy(QLineEdit(page))
    forms.name_fields(page)
    assert label.text() == "Tìm kiếm:"


def test_settings_rebuilt_for_another_language_keep_their_letters(qtbot, province, tmp_path):
    dialog = _shown(qtbot, province, tmp_path, "SettingsDialog")
    dialog.language.setCurrentIndex(dialog.language.findData("en"))  # tabs rebuilt
    for tab in range(dialog.tabs.count()):
        dialog.tabs.setCurrentIndex(tab)
        labels = _labels(dialog)  # (the backups tab has a list and buttons only)
        given = [k for k in (mnemonic_of(label.text()) for label in labels) if k]
        assert len(given) == len(labels), dialog.tabs.tabText(tab)
        assert len(given) == len(set(given)) and not set(given) & {mnemonic_of(dialog.ok.text())}
    assert mnemonic_of(dialog.language_label.text())
