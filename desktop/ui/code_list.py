"""A short list of reference items to tick (partner agencies, languages, ethnic groups)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QWidget


class CodeList(QListWidget):
    def __init__(self, items: list[tuple[str, str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.set_items(items)

    def set_items(self, items: list[tuple[str, str]]) -> None:
        """Offer *items* (code, name), keeping the ticks of the codes still offered."""
        ticked = set(self.values())
        self.clear()
        for code, name in items:
            item = QListWidgetItem(name)
            item.setData(Qt.ItemDataRole.UserRole, code)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            checked = Qt.CheckState.Checked if code in ticked else Qt.CheckState.Unchecked
            item.setCheckState(checked)
            self.addItem(item)
        rows = min(max(len(items), 1), 4)
        self.setFixedHeight(rows * (self.fontMetrics().height() + 8) + 6)

    def values(self) -> list[str]:
        out = []
        for n in range(self.count()):
            item = self.item(n)
            if item.checkState() == Qt.CheckState.Checked:
                out.append(str(item.data(Qt.ItemDataRole.UserRole)))
        return out

    def set_values(self, codes: list[str]) -> None:
        wanted = set(codes)
        for n in range(self.count()):
            item = self.item(n)
            code = str(item.data(Qt.ItemDataRole.UserRole))
            item.setCheckState(Qt.CheckState.Checked if code in wanted else Qt.CheckState.Unchecked)
