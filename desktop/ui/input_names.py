"""Accessible names for the inputs of a window that gave them none (issue 17, point 7).

A screen reader says an input's accessible name when it gets the focus. Forms name their
fields from their labels (``forms.Form.add``, ``forms.name_fields``); the pages' filter
bars and lists are laid out by hand, so ``name_inputs`` names what is still nameless, from
what an officer sees beside it:

1. the label of its form row, or the label whose buddy it is (``forms.name_fields``);
2. a short caption just before it in its row or column (“Status:” then the status box, a
   check box then the number it enables);
3. its own placeholder (“Search by case code…”) or tooltip;
4. for a list or table: the title of its group box or tab, else the window's (*title*).

An input with a name of its own keeps it.
"""

from __future__ import annotations

import re

from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QBoxLayout,
    QCheckBox,
    QComboBox,
    QGridLayout,
    QGroupBox,
    QLabel,
    QLayout,
    QLineEdit,
    QPlainTextEdit,
    QStackedWidget,
    QTabWidget,
    QTextEdit,
    QWidget,
)

from desktop.ui import forms

_NAMED = (QLineEdit, QComboBox, QAbstractSpinBox, QPlainTextEdit, QTextEdit, QAbstractItemView)
# A caption is a few words; a longer label before a field is a note about it.
CAPTION_CHARS = 60
_TAGS = re.compile(r"<[^>]+>")


def name_inputs(root: QWidget, title: str = "") -> None:
    """Give every nameless input inside *root* an accessible name (see the module's
    docstring); *title* names a list that nothing else names (a page's main list)."""
    forms.name_fields(root)
    for widget in root.findChildren(QWidget):
        if widget.accessibleName() or not _needs_name(widget) or _part_of_another(widget, root):
            continue
        name = _caption_before(widget) or _hint(widget)
        if not name and isinstance(widget, QAbstractItemView):
            name = _holder_title(widget, root) or title
        if name:
            widget.setAccessibleName(name)


def _needs_name(widget: QWidget) -> bool:
    if isinstance(widget, QAbstractButton):
        return not forms.spoken(widget.text())  # a button says its text
    return isinstance(widget, _NAMED)


def _part_of_another(widget: QWidget, root: QWidget) -> bool:
    """Qt's own parts, and what a combo box, spin box, list or line edit holds (its line
    edit, a cell's editor, a clear button): the outer input is the one named."""
    if widget.objectName().startswith("qt_"):
        return True
    holder = widget.parentWidget()
    while holder is not None and holder is not root:
        if isinstance(holder, QComboBox | QAbstractSpinBox | QAbstractItemView | QLineEdit):
            return True
        holder = holder.parentWidget()
    return False


def _spoken(text: str) -> str:
    return forms.spoken(_TAGS.sub("", text))


def _caption_before(widget: QWidget) -> str:
    """The text of the label (or check box) just before *widget* in its layout, when it is
    short enough to be a caption."""
    before = _before(widget)
    if isinstance(before, QLabel | QCheckBox):
        text = _spoken(before.text())
        if 0 < len(text) <= CAPTION_CHARS:
            return text
    return ""


def _before(widget: QWidget) -> QWidget | None:
    """The widget before *widget* in the layout that holds it: the one to its left in a
    grid, the previous one in a row or column."""
    holder = widget.parentWidget()
    found = _holding(holder.layout(), widget) if holder is not None else None
    if found is None:
        return None
    layout, index = found
    if isinstance(layout, QGridLayout):
        row, column, _rows, _columns = layout.getItemPosition(index)
        item = layout.itemAtPosition(row, column - 1) if column > 0 else None
    elif isinstance(layout, QBoxLayout) and index > 0:
        item = layout.itemAt(index - 1)
    else:
        item = None
    return item.widget() if item is not None else None


def _holding(layout: QLayout | None, widget: QWidget) -> tuple[QLayout, int] | None:
    """The layout (inside *layout*, nested ones too) that holds *widget*, and where."""
    if layout is None:
        return None
    for index in range(layout.count()):
        item = layout.itemAt(index)
        if item.widget() is widget:
            return layout, index
        found = _holding(item.layout(), widget)
        if found is not None:
            return found
    return None


def _hint(widget: QWidget) -> str:
    if isinstance(widget, QLineEdit | QPlainTextEdit | QTextEdit | QComboBox):
        placeholder = _spoken(widget.placeholderText()).rstrip("…").strip()
        if placeholder:
            return placeholder
    return _spoken(widget.toolTip())


def _holder_title(widget: QWidget, root: QWidget) -> str:
    """The title of the group box or tab that holds *widget* (inside *root*)."""
    child, holder = widget, widget.parentWidget()
    while holder is not None and child is not root:
        if isinstance(holder, QGroupBox) and holder.title():
            return _spoken(holder.title())
        tabs = holder.parentWidget()
        if isinstance(holder, QStackedWidget) and isinstance(tabs, QTabWidget):
            return _spoken(tabs.tabText(tabs.indexOf(child)))
        child, holder = holder, holder.parentWidget()
    return ""
