"""A country chosen from a list (stored as its ISO code, which the core requires): the
usual ones first, then every country in the language's order (names from Babel)."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox

from desktop.core import i18n


class CountryBox(QComboBox):
    def __init__(self, usual: tuple[str, ...], blank: str | None = None) -> None:
        super().__init__()
        if blank is not None:
            self.addItem(blank, "")
        for code in usual:
            self.addItem(i18n.country_name(code), code)
        self.insertSeparator(self.count())
        for code, name in i18n.country_names():
            if code not in usual:
                self.addItem(name, code)

    def set_code(self, code: str) -> None:
        """Show *code*; a value typed before countries were codes stays shown until changed."""
        found = self.findData(code)
        if found < 0:
            self.addItem(code, code)
            found = self.count() - 1
        self.setCurrentIndex(found)

    def code(self) -> str:
        return str(self.currentData() or "")
