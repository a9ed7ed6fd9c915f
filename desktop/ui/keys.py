"""Keys officers expect in lists, and shortcuts written as the system writes them.

In a list, Enter (either key) opens the chosen row and Delete deletes it, where the list
offers deletion (after its usual confirmation, whose default is Cancel). The keys work
while the list has the focus, so Enter in a search field or Delete in a text field keeps
its own meaning.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QAbstractItemView, QPushButton, QWidget

from desktop.core.i18n import _

NEW = QKeySequence.StandardKey.New
FIND = QKeySequence.StandardKey.Find


def native(key: QKeySequence | QKeySequence.StandardKey | str) -> str:
    """The key as the system shows it in menus ("Ctrl+N"; "⌘N" on a Mac)."""
    return QKeySequence(key).toString(QKeySequence.SequenceFormat.NativeText)


def with_key(text: str, key: QKeySequence | QKeySequence.StandardKey | str) -> str:
    """A tooltip naming its shortcut: "New event (Ctrl+N)"."""
    return _("{action} ({key})").format(action=text.rstrip("…").rstrip(), key=native(key))


def list_keys(
    view: QAbstractItemView,
    open_row: Callable[[], object],
    delete_row: Callable[[], object] | None = None,
) -> list[QShortcut]:
    """Enter opens the current row of *view*; Delete deletes it when *delete_row* is given."""
    made = []
    keys: list[tuple[Qt.Key, Callable[[], object]]] = [
        (Qt.Key.Key_Return, open_row),
        (Qt.Key.Key_Enter, open_row),
    ]
    if delete_row is not None:
        keys.append((Qt.Key.Key_Delete, delete_row))
    for key, slot in keys:
        shortcut = QShortcut(QKeySequence(key), view)
        shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
        shortcut.activated.connect(slot)
        made.append(shortcut)
    return made


class _EnterPresses(QObject):
    def __init__(self, button: QPushButton) -> None:
        super().__init__(button)
        self.button = button

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and event.modifiers()
            in (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.KeypadModifier)
        ):
            if self.button.isEnabled():
                self.button.click()
            return True  # the dialog's own main action is not this part's
        return False


def enter_presses(button: QPushButton, *fields: QWidget) -> None:
    """Enter in one of *fields* presses *button* (a part of a dialog with its own action,
    such as the password panel of Settings), not the dialog's main action."""
    watcher = _EnterPresses(button)
    for field in fields:
        field.installEventFilter(watcher)
