"""Qt ships no Vietnamese catalog for its own widgets, so this translator answers Qt's
requests for a fixed list of its strings (standard buttons, the line-edit context menu,
file-dialog basics) from our gettext catalog. The strings are marked with N_ so they are
extracted into khien.pot with the rest.

Qt formats the numbers and dates of its own widgets (spin boxes, date edits) by its
default locale: ``follow_language`` keeps that locale on the application's language, so a
spin box shows "2.000" in Vietnamese as ``i18n.format_number`` does."""

from __future__ import annotations

from PySide6.QtCore import QLocale, Qt, QTranslator
from PySide6.QtWidgets import QApplication

from desktop.core import i18n
from desktop.core.i18n import N_, _

QT_STRINGS: frozenset[str] = frozenset(
    {
        # Standard buttons (QPlatformTheme, QDialogButtonBox, QMessageBox)
        N_("OK"),
        N_("Cancel"),
        N_("&Yes"),
        N_("&No"),
        N_("Yes to &All"),
        N_("N&o to All"),
        N_("Save"),
        N_("Save All"),
        N_("Open"),
        N_("Close"),
        N_("Apply"),
        N_("Discard"),
        N_("Don't Save"),
        N_("Close without Saving"),
        N_("Abort"),
        N_("Retry"),
        N_("Ignore"),
        N_("Help"),
        N_("Reset"),
        N_("Restore Defaults"),
        N_("&OK"),
        N_("&Cancel"),
        N_("&Save"),
        N_("&Close"),
        N_("Show Details..."),
        N_("Hide Details..."),
        # Context menu of line and text edits (QLineEdit, QWidgetTextControl)
        N_("&Undo"),
        N_("&Redo"),
        N_("Cu&t"),
        N_("&Copy"),
        N_("&Paste"),
        N_("Delete"),
        N_("Select All"),
        N_("Copy &Link Location"),
        # File dialog (Qt's own, used where no native dialog exists)
        N_("Look in:"),
        N_("File &name:"),
        N_("Files of type:"),
        N_("&Open"),
        N_("&Choose"),
        N_("Save As"),
        N_("Back"),
        N_("Forward"),
        N_("Parent Directory"),
        N_("Create New Folder"),
        N_("New Folder"),
        N_("List View"),
        N_("Detail View"),
        N_("All Files (*)"),
        N_("Name"),
        N_("Size"),
        N_("Type"),
        N_("Date Modified"),
        N_("My Computer"),
        N_("Computer"),
        N_("Confirm Save"),
        N_("Show &hidden files"),
        N_("&Rename"),
        N_("&Delete"),
        N_("Recent Places"),
        N_("Directory:"),
        N_("Directories"),
        N_("Find Directory"),
    }
)


class QtTranslator(QTranslator):
    """Translates Qt's own strings through our catalog, in whatever language is current."""

    def translate(
        self, context: str, source: str, disambiguation: str | None = None, n: int = -1
    ) -> str | None:
        if source not in QT_STRINGS:
            return None  # a null string: not ours, Qt keeps its English
        return _(source)

    def isEmpty(self) -> bool:  # noqa: N802 (Qt's name)
        return False


def qt_locale(lang: str) -> QLocale:
    """Qt's locale for one of the application's languages (Vietnamese for anything else)."""
    if lang == "en":
        return QLocale(QLocale.Language.English, QLocale.Country.UnitedStates)
    return QLocale(QLocale.Language.Vietnamese, QLocale.Country.Vietnam)


def apply_locale(lang: str) -> None:
    """Make *lang* Qt's default locale: widgets made from now on format by it, and the
    open windows take it too (a widget otherwise keeps the locale it was made with, and
    pages rebuilt in a window would inherit the window's old one)."""
    QLocale.setDefault(qt_locale(lang))
    if QApplication.instance() is None:
        return
    for window in QApplication.topLevelWidgets():
        if not window.testAttribute(Qt.WidgetAttribute.WA_SetLocale):
            window.unsetLocale()  # back to the default, passed on to its widgets


def follow_language() -> None:
    """Qt's default locale follows the application's language, now and on every change."""
    apply_locale(i18n.language())
    i18n.on_language_change(apply_locale)
