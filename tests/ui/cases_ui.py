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


def fill(form, **fields) -> None:
    """Set the named widgets of *form*: a combo box by its data, a line by typing."""
    from PySide6.QtWidgets import QComboBox

    for name, value in fields.items():
        widget = getattr(form, name)
        if isinstance(widget, QComboBox):
            choose(widget, value)
        else:
            set_text(widget, value)


def take_step(qtbot, case, status: str, on: str = "03/09/2025", **fields) -> str:
    """Choose *status* in the case window's step form, fill it and record it; the refusal
    shown ("" when the step was recorded)."""
    form = case.workflow
    choose(form.next_status, status)
    set_text(form.step_on, on)
    fill(form, **fields)
    click(qtbot, form.apply_step)
    return form.message()


PAPER = {
    "doc_type": "police",
    "doc_number": "12/XN-CAT",
    "doc_date": "03/09/2025",
    "doc_issuer": "Công an tỉnh Lạng Sơn",
}


def give_consent(qtbot, case, referral=True, sharing=True, on="03/09/2025", by="person",
                 representative="") -> None:  # fmt: skip
    box = case.consent
    box.consent_referral.setChecked(referral)
    box.consent_sharing.setChecked(sharing)
    set_text(box.consent_on, on)
    choose(box.consent_by, by)
    if representative:
        set_text(box.representative, representative)
    click(qtbot, box.apply_consent)
