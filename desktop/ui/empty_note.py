"""What an empty list says: one sentence over the empty table, telling the officer what to
do next — why it is empty (nothing recorded yet, or nothing matches the search and the
filters) and which button, with its shortcut, fills it.

Every list uses the same helper: ``EmptyNote(view)`` lays a label over the view's empty
area (the column headers stay visible), shown only while the view has no row and a
sentence was given. The sentences are built by ``nothing_yet`` and ``no_match`` so that the
lists word them alike.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeySequence, QPalette
from PySide6.QtWidgets import QAbstractItemView, QLabel

from desktop.core.i18n import _
from desktop.ui import keys


class EmptyNote(QLabel):
    """A sentence shown over *view* while it has no row (hidden otherwise)."""

    MARGIN = 16

    def __init__(self, view: QAbstractItemView) -> None:
        super().__init__(view.viewport())
        self.view = view
        self.setObjectName("empty_note")
        self.setWordWrap(True)
        self.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        # The palette's placeholder colour: readable in the light and high-contrast themes.
        self.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.hide()
        view.viewport().installEventFilter(self)
        model = view.model()
        if model is not None:
            for signal in (model.modelReset, model.rowsInserted, model.rowsRemoved,
                           model.layoutChanged):  # fmt: skip
                signal.connect(self.update_state)

    def set_text(self, text: str) -> None:
        """The sentence for an empty list ("" for none); shown at once if the view is empty."""
        self.setText(text)
        self.update_state()

    def empty(self) -> bool:
        model = self.view.model()
        return model is None or model.rowCount() == 0

    def update_state(self) -> None:
        self._place()
        self.setVisible(bool(self.text()) and self.empty())

    def _place(self) -> None:
        area = (
            self.view.viewport()
            .rect()
            .adjusted(self.MARGIN, self.MARGIN * 2, -self.MARGIN, -self.MARGIN)
        )
        self.setGeometry(area)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.Resize:
            self._place()
        return False


def button_name(text: str) -> str:
    """A button's text as a sentence names it (without its "&" mnemonic marker)."""
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&")


def nothing_yet(what: str, button: str = "", key: QKeySequence.StandardKey | str = "") -> str:
    """“No event yet: click “New event…” (Ctrl+N) to add one.” — *what* is the sentence's
    start ("No event yet"); without a button the officer is only told the list is empty."""
    if not button:
        return what + "."
    if key:
        return _("{what}: click “{button}” ({key}) to add one.").format(
            what=what, button=button_name(button), key=keys.native(key)
        )
    return _("{what}: click “{button}” to add one.").format(what=what, button=button_name(button))


def no_match(what: str, search: str = "") -> str:
    """“No event matches “abc”: check the spelling or clear the filters.” — *what* is the
    sentence's subject ("No event"); *search* the words typed, if any."""
    search = " ".join(search.split())
    if search:
        return _("{what} matches “{search}”: check the spelling or clear the filters.").format(
            what=what, search=search
        )
    return _("{what} matches the filters: clear them to see everything.").format(what=what)
