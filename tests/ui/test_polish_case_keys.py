"""Enter in a field of a part of the case window presses that part's own button (Save the
facts, Record this step, Add support…), never another part's nor the window's."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractSpinBox, QCheckBox, QComboBox, QLineEdit, QWidget

from desktop.core.security.roles import Role
from desktop.ui.pages.case_dialog import CaseDialog
from desktop.ui.pages.case_parts import Section
from tests.core.cases_helpers import receive
from tests.ui.cases_ui import as_role

ONE_LINE = (QLineEdit, QComboBox, QCheckBox, QAbstractSpinBox)


def _part_of(widget: QWidget) -> Section | None:
    parent = widget.parentWidget()
    while parent is not None and not (isinstance(parent, Section) and parent.main_button):
        parent = parent.parentWidget()
    return parent


def _inputs(case: CaseDialog) -> list[QWidget]:
    found = [w for w in case.findChildren(QWidget) if isinstance(w, ONE_LINE)]
    # A combo box's or spin box's own line is part of it.
    return [w for w in found if not isinstance(w.parentWidget(), (QComboBox, QAbstractSpinBox))]


def test_every_field_of_the_case_window_belongs_to_a_part_with_a_button(qtbot, province):
    officer = as_role(province, Role.PROVINCIAL_OFFICER)
    case = CaseDialog(officer, receive(officer))
    qtbot.addWidget(case)
    case.show()
    inputs = _inputs(case)
    assert len(inputs) > 20
    loose = [f"{type(w).__name__} {w.objectName() or w.accessibleName()}" for w in inputs
             if _part_of(w) is None]  # fmt: skip
    assert not loose, f"Enter there presses no part's button: {loose}"


def test_enter_presses_the_button_of_the_part_it_is_typed_in(qtbot, province):
    officer = as_role(province, Role.PROVINCIAL_OFFICER)
    case = CaseDialog(officer, receive(officer))
    qtbot.addWidget(case)
    case.show()
    pressed: list[str] = []
    parts: dict[str, Section] = {}
    for part in case.findChildren(Section):
        if part.main_button is None:
            continue
        name = part.main_button.objectName()
        parts[name] = part
        part.main_button.setEnabled(True)
        # Record the press instead of running the part's action.
        part.main_button.click = lambda name=name: pressed.append(name)  # type: ignore[method-assign]
    assert {"apply_step", "apply_facts", "apply_situation", "apply_regime", "apply_consent",
            "apply_support"} <= set(parts)  # fmt: skip
    for name, part in parts.items():
        field = next(w for w in _inputs(case) if _part_of(w) is part)
        case.tabs.setCurrentWidget(_tab_of(case, part))
        pressed.clear()
        qtbot.keyClick(field, Qt.Key.Key_Return)
        assert pressed == [name], f"Enter in {field.objectName()} pressed {pressed}"
        assert case.isVisible()


def _tab_of(case: CaseDialog, widget: QWidget) -> QWidget:
    while widget.parentWidget() is not None and case.tabs.indexOf(widget) < 0:
        widget = widget.parentWidget()
    return widget
