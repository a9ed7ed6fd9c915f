"""A combo box the officer can type into to find an item, matched by the one rule of every
picker (``desktop.core.text.matches``): every typed word, without diacritics, anywhere in
the item's name, in any order ("dong dang", "dang" and "dang dong" find "Xã Đồng Đăng";
"son" finds "Lạng Sơn").

``make_searchable`` turns an existing combo (a ``CountryBox``, say) into one; ``SearchBox``
is a combo built searchable from (label, data) pairs; ``FoldCompleter`` offers the same
matching to any model (a free-text line's suggestions). The chosen item stays the combo's
current item: text typed and left without a match goes back to it (``settle``).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    QTimer,
)
from PySide6.QtWidgets import QComboBox, QCompleter, QWidget

from desktop.core.text import fold, matches

# Kept for models built elsewhere that still set it; matching reads the display text.
FOLD_ROLE = Qt.ItemDataRole.UserRole + 40


class FoldFilter(QSortFilterProxyModel):
    """The rows of a model whose display text matches the words typed (the core rule)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.query = ""

    def set_query(self, text: str) -> None:
        if fold(text) == fold(self.query):
            self.query = text
            return
        self.beginFilterChange()
        self.query = text
        self.endFilterChange()

    def filterAcceptsRow(  # noqa: N802 - Qt's name
        self, source_row: int, source_parent: QModelIndex | QPersistentModelIndex
    ) -> bool:
        model = self.sourceModel()
        label = model.index(source_row, 0, source_parent).data(Qt.ItemDataRole.DisplayRole)
        return bool(label) and matches(self.query, str(label))


class FoldCompleter(QCompleter):
    """Offers the items of *model* that match what is typed (``FoldFilter``); on a combo
    box, choosing one makes it the combo's current item (Qt maps the row through the
    filter to the combo's own model)."""

    def __init__(self, model: QAbstractItemModel, parent: QWidget | None = None) -> None:
        self.filter = FoldFilter(parent)
        self.filter.setSourceModel(model)
        super().__init__(self.filter, parent)
        self.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.setModelSorting(QCompleter.ModelSorting.UnsortedModel)
        self.setMaxVisibleItems(12)

    def splitPath(self, path: str) -> list[str]:  # noqa: N802 - Qt's name
        # The filter does the matching; the completer then offers every row it keeps.
        self.filter.set_query(path)
        return [""]

    def pathFromIndex(self, index: QModelIndex | QPersistentModelIndex) -> str:  # noqa: N802
        return str(index.data(Qt.ItemDataRole.DisplayRole) or "")


class _EditEvents(QObject):
    """The line edit of a searchable box: select the label shown when it gets the focus
    (typing replaces it); Enter after typing picks the item typed instead of pressing the
    dialog's default button, and Enter on the chosen item is the dialog's (its main
    action)."""

    def __init__(self, box: QComboBox) -> None:
        super().__init__(box)
        self.box = box

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.FocusIn:
            # A screen reader names the text the officer types in by the box's own name.
            watched.setAccessibleName(self.box.accessibleName())  # type: ignore[attr-defined]
            QTimer.singleShot(0, watched, watched.selectAll)  # type: ignore[attr-defined]
        elif event.type() == QEvent.Type.KeyPress and event.key() in (  # type: ignore[attr-defined]
            Qt.Key.Key_Return,
            Qt.Key.Key_Enter,
        ):
            current = self.box.currentIndex()
            if current >= 0 and self.box.currentText() == self.box.itemText(current):
                return False  # nothing typed to pick: the dialog takes Enter
            settle(self.box)
            return True
        return False


def matching_rows(box: QComboBox, text: str) -> list[int]:
    """The rows whose label *text* matches (``desktop.core.text.matches``); an exact
    match alone when there is one. Items without a value (a blank, a separator) never
    match."""
    wanted = fold(text)
    if not wanted:
        return []
    rows = [
        r
        for r in range(box.count())
        if box.itemData(r) not in (None, "") and matches(text, box.itemText(r))
    ]
    exact = [r for r in rows if fold(box.itemText(r)) == wanted]
    return exact or rows


def settle(box: QComboBox) -> None:
    """After typing: choose the one item the text names; an empty text chooses the blank
    item when there is one; anything else goes back to the current item."""
    edit = box.lineEdit()
    text = edit.text() if edit is not None else ""
    current = box.currentIndex()
    if current >= 0 and text == box.itemText(current):
        return
    if not text.strip():
        blank = next(
            (r for r in range(box.count()) if box.itemData(r) in (None, "") and box.itemText(r)),
            -1,
        )  # a separator (no text) is not a blank item
        if blank >= 0:
            box.setCurrentIndex(blank)
            box.setEditText(box.itemText(blank))
            return
    rows = matching_rows(box, text)
    if len(rows) == 1:
        box.setCurrentIndex(rows[0])
    box.setEditText(box.itemText(box.currentIndex()) if box.currentIndex() >= 0 else "")


def make_searchable(box: QComboBox, placeholder: str = "") -> QComboBox:
    """Make *box* editable, offering the items the typed words match (the core rule)."""
    box.setEditable(True)
    box.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    box.setCompleter(FoldCompleter(box.model(), box))
    edit = box.lineEdit()
    assert edit is not None  # an editable combo has one
    if placeholder:
        edit.setPlaceholderText(placeholder)
        if not box.accessibleDescription():  # said after the name: the box can be typed in
            box.setAccessibleDescription(placeholder)
    edit.installEventFilter(_EditEvents(box))
    edit.editingFinished.connect(lambda: settle(box))
    return box


class SearchBox(QComboBox):
    """A searchable choice among (label, data) items, with an optional blank first item."""

    def __init__(
        self,
        items: Iterable[tuple[str, Any]] = (),
        blank: str | None = None,
        placeholder: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.blank = blank
        self.set_items(items)
        make_searchable(self, placeholder)

    def set_items(self, items: Iterable[tuple[str, Any]], keep: bool = True) -> None:
        """Replace the items (keeping the chosen value when it is still offered)."""
        old = self.currentData() if keep else None
        self.blockSignals(True)
        self.clear()
        if self.blank is not None:
            self.addItem(self.blank, None)
        for label, value in items:
            self.addItem(label, value)
        found = self.findData(old) if old is not None else -1
        self.setCurrentIndex(max(found, 0) if self.count() else -1)
        self.blockSignals(False)
        self.currentIndexChanged.emit(self.currentIndex())

    def choose(self, value: Any) -> bool:
        """Make the item holding *value* current; False when there is none."""
        found = self.findData(value)
        if found >= 0:
            self.setCurrentIndex(found)
        return found >= 0
