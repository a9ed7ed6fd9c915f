"""Shared helpers for the cases UI tests: acting as a role, and small widget actions."""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import Qt

from desktop.core.security.roles import Role
from tests.ui.conftest import type_into


def as_role(province, role: Role):
    province.user = dataclasses.replace(province.user, role=role.value)
    return province


def click(qtbot, widget) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def set_text(edit, text: str) -> None:
    edit.clear()
    type_into(edit, text)


def choose(box, data) -> None:
    box.setCurrentIndex(box.findData(data))
