"""The reception form at 150 % text on a small screen: its scrolled form is as wide as the
window shows it from the first paint (no resize needed to settle it)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QRect
from PySide6.QtWidgets import QApplication

from desktop.ui import theme, window_state
from desktop.ui.pages.case_new import NewCaseDialog

SMALL = QRect(0, 0, 1280, 680)  # 1280×720 logical less a taskbar


@pytest.fixture
def large_text(qapp) -> Iterator[QApplication]:
    theme.apply(qapp, 150, "light")
    yield qapp
    theme.reset(qapp)


def test_the_form_fits_its_window_as_soon_as_it_is_shown(qtbot, province, monkeypatch, large_text):
    monkeypatch.setattr(window_state, "available_geometry", lambda _widget=None: SMALL)
    dialog = NewCaseDialog(province)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    scroll = dialog.form_scroll
    # No event processed since: what the first paint shows.
    assert scroll.widget().width() <= scroll.viewport().width()
    # A row the officer's choice adds keeps within the window too.
    dialog.group.setCurrentIndex(dialog.group.findData("accompanying_minor"))
    large_text.processEvents()
    assert not dialog.accompanied.isHidden()
    assert scroll.widget().width() <= scroll.viewport().width()
