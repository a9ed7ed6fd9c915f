"""The red of refusals and warnings (issue 17): one helper (``forms.set_alert``) and one
colour per theme (``forms.alert_colour``), readable on each theme's background (WCAG AA:
a contrast ratio of at least 4.5), and following a change of theme while a window is open."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QFormLayout, QLabel, QLineEdit, QWidget

from desktop.core.i18n import _
from desktop.ui import forms, theme
from desktop.ui.login_dialog import LoginDialog
from tests.ui.conftest import type_into

THEMES = ("light", "high_contrast")
REDS = {"light": theme.ALERT_ON_LIGHT, "high_contrast": theme.ALERT_ON_DARK}


def luminance(colour: QColor) -> float:
    """WCAG 2 relative luminance."""

    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    return (
        0.2126 * channel(colour.red())
        + 0.7152 * channel(colour.green())
        + 0.0722 * channel(colour.blue())
    )


def contrast(a: QColor, b: QColor) -> float:
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def drawn_colours(widget: QWidget) -> set[str]:
    image = widget.grab().toImage()
    return {
        image.pixelColor(x, y).name() for x in range(image.width()) for y in range(image.height())
    }


@pytest.fixture
def look(qapp) -> Iterator[QApplication]:
    yield qapp
    theme.reset(qapp)


def _form_with_a_refusal(qtbot) -> tuple[QWidget, forms.Form, QLineEdit]:
    holder = QWidget()
    qtbot.addWidget(holder)
    form = forms.Form(QFormLayout(holder))
    edit = QLineEdit()
    form.add("name", _("Full name:"), edit, lambda: "" if edit.text() else _("required"),
             required=True)  # fmt: skip
    holder.show()
    type_into(edit, "x")
    edit.clear()
    form.fields["name"].touched = True
    form.validate()
    return holder, form, edit


def test_the_alert_red_is_each_themes_own_and_readable(qtbot, look):
    for name in THEMES:
        theme.apply(look, 100, name)
        holder, form, _edit = _form_with_a_refusal(qtbot)
        error = form.fields["name"].error
        assert error.isVisible()
        window = error.palette().color(QPalette.ColorRole.Window)
        red = error.palette().color(QPalette.ColorRole.WindowText)
        assert red.name() == REDS[name] == forms.alert_colour().name()
        assert contrast(red, window) >= 4.5, (name, red.name(), window.name())
        # Table items are drawn on the base colour: the same red reads there too.
        base = look.palette().color(QPalette.ColorRole.Base)
        assert contrast(forms.alert_colour(), base) >= 4.5, name
        assert REDS[name] in drawn_colours(error), "the text is drawn in that red"
        assert REDS[name] in form.labels["name"].text(), "the required asterisk too"
        holder.close()


def test_an_open_window_takes_the_new_themes_red(qtbot, look):
    theme.apply(look, 100, "light")
    holder, form, _edit = _form_with_a_refusal(qtbot)
    bold = QLabel("Trẻ em")
    forms.set_alert(bold, bold=True)
    form.layout.addRow(bold)
    bold.ensurePolished()
    size = bold.font().pointSizeF()
    theme.apply(look, 150, "high_contrast")
    error = form.fields["name"].error
    assert error.palette().color(QPalette.ColorRole.WindowText).name() == theme.ALERT_ON_DARK
    assert bold.palette().color(QPalette.ColorRole.WindowText).name() == theme.ALERT_ON_DARK
    assert theme.ALERT_ON_DARK in form.labels["name"].text()
    assert forms.is_marked_required(form.labels["name"])
    assert forms.spoken(form.labels["name"].text()) == _("Full name:").rstrip(":")
    assert bold.font().bold() and bold.font().pointSizeF() == pytest.approx(size * 1.5, abs=0.1)
    forms.set_alert(bold, False)
    text = look.palette().color(QPalette.ColorRole.WindowText).name()
    assert bold.palette().color(QPalette.ColorRole.WindowText).name() == text
    assert not bold.font().bold()


def test_a_refused_line_gets_a_red_frame(qtbot, look):
    theme.apply(look, 100, "high_contrast")
    holder = QWidget()
    qtbot.addWidget(holder)
    edit = QLineEdit("31/02/2026", holder)
    holder.show()
    forms.set_alert(edit)
    assert theme.ALERT_ON_DARK in drawn_colours(edit)
    forms.set_alert(edit, False)
    assert theme.ALERT_ON_DARK not in drawn_colours(edit)


def test_a_pale_status_colour_gets_the_dark_red_in_either_theme(look):
    for name in THEMES:
        theme.apply(look, 100, name)
        pink = QColor("#fde0e0")  # a late plan task, pale in both themes
        assert forms.alert_colour(pink).name() == theme.ALERT_ON_LIGHT
        assert contrast(forms.alert_colour(pink), pink) >= 4.5


def test_the_sign_in_refusal_is_red_in_high_contrast(qtbot, look, data_dir):
    from desktop.ui.prefs import Prefs

    theme.apply(look, 100, "high_contrast")
    dialog = LoginDialog(data_dir, Prefs(data_dir))
    dialog.show()
    qtbot.addWidget(dialog)
    assert dialog.error.palette().color(QPalette.ColorRole.WindowText).name() == (
        theme.ALERT_ON_DARK
    )
    # "Forgot your password?" in the palette's link colour: yellow on black.
    assert theme.YELLOW in drawn_colours(dialog.forgot)


def test_notes_and_cautions_read_on_both_themes(qtbot, look):
    label = QLabel("Điều 27 Luật số 53/2024/QH15")
    qtbot.addWidget(label)
    label.show()
    for name in THEMES:
        theme.apply(look, 100, name)
        tones = theme.TONES_ON_DARK if name == "high_contrast" else theme.TONES_ON_LIGHT
        window = look.palette().color(QPalette.ColorRole.Window)
        for tone, ink in tones.items():
            forms.set_tone(label, tone)
            assert label.palette().color(QPalette.ColorRole.WindowText).name() == ink
            assert contrast(QColor(ink), window) >= 4.5, (name, tone)
    forms.set_tone(label, "")
    assert label.palette().color(QPalette.ColorRole.WindowText) == look.palette().color(
        QPalette.ColorRole.WindowText
    )
