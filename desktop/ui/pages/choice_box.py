"""A filter box whose choices are read from the database when first needed: when it opens,
takes the focus, is turned with the wheel or asked for an item by code. Until then it
holds only its first entry ("All …", the filter off), so a list's first screen does not
wait for every box's choices."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtGui import QFocusEvent, QKeyEvent, QWheelEvent
from PySide6.QtWidgets import QComboBox

Choices = list[tuple[Any, str]]  # (data, text) of each entry


class ChoiceBox(QComboBox):
    def __init__(self, name: str, first: tuple[Any, str], load: Callable[[], Choices]) -> None:
        super().__init__()
        self.setAccessibleName(name)
        self.setToolTip(name)
        self.addItem(first[1], first[0])
        self._load: Callable[[], Choices] | None = load

    def fill(self) -> None:
        """Read the choices (once); the entry chosen stays chosen."""
        if self._load is not None:
            load, self._load = self._load, None
            for data, text in load():
                self.addItem(text, data)

    def findData(self, *args: Any, **kwargs: Any) -> int:  # noqa: N802 (Qt's name)
        self.fill()
        return super().findData(*args, **kwargs)

    def showPopup(self) -> None:  # noqa: N802
        self.fill()
        super().showPopup()

    def focusInEvent(self, event: QFocusEvent) -> None:  # noqa: N802
        self.fill()
        super().focusInEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        self.fill()
        super().keyPressEvent(event)

    def wheelEvent(self, event: QWheelEvent) -> None:  # noqa: N802
        self.fill()
        super().wheelEvent(event)
