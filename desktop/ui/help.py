"""Help inside the app: the Help menu with the user guide (F1), the keyboard shortcuts,
the first-run tour again and About.

The guide is the Markdown of docs/ in the app's language (``about.guide_path``), shown in a
window of its own that does not block the main one: its ## and ### headings in a side list,
the links between its parts and to the other guides followed, its screenshots scaled to the
window's width, and a search box that finds "báo cáo" when "bao cao" is typed (the text is
folded letter by letter with ``text.fold``, so a match maps back to the text as written).

The main window calls ``install_help_menu(window, profile)`` each time it builds its menus
(changing the language rebuilds them) and ``maybe_start_tour(window, profile)`` once signed in.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, QUrl, qVersion
from PySide6.QtGui import (
    QAction,
    QBrush,
    QColor,
    QDesktopServices,
    QImageReader,
    QKeySequence,
    QShortcut,
    QTextBlock,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextFragment,
    QTextImageFormat,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QTextEdit,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.core import about, i18n
from desktop.core.i18n import _
from desktop.core.text import fold
from desktop.ui import keys, texts, window_state
from desktop.ui.tour import TourDialog, maybe_start_tour, start_tour

if TYPE_CHECKING:  # the database layer is loaded after the sign-in dialog is shown
    from desktop.core.profile import OpenProfile

__all__ = [
    "AboutDialog",
    "GuideWindow",
    "Help",
    "ShortcutsDialog",
    "find_all",
    "help_for",
    "install_help_menu",
    "maybe_start_tour",
]

GUIDE_KEY = QKeySequence.StandardKey.HelpContents  # F1 (Ctrl+? on a Mac)

# -- searching without diacritics ------------------------------------------------------------


@lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    if ch.isspace():
        return " "
    return fold(ch)


def folded_with_map(text: str) -> tuple[str, list[int]]:
    """*text* folded as ``text.fold`` folds it (no diacritics, đ → d, lower case, one space
    for any run of spaces), and for each folded character the index of the character of
    *text* it comes from."""
    out: list[str] = []
    where: list[int] = []
    for i, ch in enumerate(text):
        folded = _fold_char(ch)
        if folded == " " and out and out[-1] == " ":
            continue
        for f in folded:
            out.append(f)
            where.append(i)
    return "".join(out), where


def find_all(
    text: str, query: str, folded: tuple[str, list[int]] | None = None
) -> list[tuple[int, int]]:
    """Where *query* occurs in *text*, ignoring diacritics and case: (start, end) indexes
    of *text*, in order. *folded* is ``folded_with_map(text)`` when already made."""
    needle = fold(query)
    if not needle:
        return []
    haystack, where = folded or folded_with_map(text)
    found: list[tuple[int, int]] = []
    start = haystack.find(needle)
    while start >= 0:
        end = where[start + len(needle) - 1] + 1
        while end < len(text) and not _fold_char(text[end]):
            end += 1  # the marks of the last letter (decomposed text) go with it
        found.append((where[start], end))
        start = haystack.find(needle, start + len(needle))
    return found


# -- the guide --------------------------------------------------------------------------------


def anchor_of(heading: str) -> str:
    """The anchor GitHub gives a heading ("8. Lập và in báo cáo" → "8-lập-và-in-báo-cáo"),
    which the guides' own links use."""
    text = unicodedata.normalize("NFC", heading).strip().lower()
    text = re.sub(r"[^\w\- ]", "", text)
    return text.replace(" ", "-")


@dataclass(frozen=True)
class Heading:
    level: int
    text: str
    anchor: str
    block: int  # its block number in the document


def _images_of(doc: QTextDocument) -> Iterator[tuple[QTextBlock, QTextFragment, QTextImageFormat]]:
    """Every picture of *doc*, as the walk meets it: its block, fragment and format."""
    block = doc.begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            fragment = it.fragment()
            fmt = fragment.charFormat()
            if fmt.isImageFormat():
                yield block, fragment, fmt.toImageFormat()
            it += 1
        block = block.next()


class GuideWindow(QWidget):
    """The user guide in a window of its own (not modal): contents, search, links."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("guide_window")
        self.path: Path | None = None
        self.language = ""
        self.headings: list[Heading] = []
        self.matches: list[tuple[int, int]] = []
        self.current = -1
        self._folded: tuple[str, list[int]] | None = None
        self._images: dict[str, tuple[int, int]] = {}

        self.browser = QTextBrowser()
        self.browser.setObjectName("guide_text")
        self.browser.setOpenLinks(False)
        self.browser.anchorClicked.connect(self.follow)
        self.browser.viewport().installEventFilter(self)
        self.toc = QTreeWidget()
        self.toc.setObjectName("guide_contents")
        self.toc.setHeaderHidden(True)
        self.toc.setRootIsDecorated(False)
        self.toc.setIndentation(14)
        self.toc.setMinimumWidth(200)
        self.toc.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.toc.itemActivated.connect(self._toc_chosen)
        self.toc.itemClicked.connect(self._toc_chosen)
        self.search = QLineEdit()
        self.search.setObjectName("guide_search")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._search_changed)
        self.search.returnPressed.connect(self.find_next)
        self.previous_button = QPushButton()
        self.previous_button.setAutoDefault(False)
        self.previous_button.clicked.connect(self.find_previous)
        self.next_button = QPushButton()
        self.next_button.setAutoDefault(False)
        self.next_button.clicked.connect(self.find_next)
        self.found = QLabel()
        self.found.setObjectName("guide_found")
        self.found.setMinimumWidth(120)
        self.missing = QLabel()
        self.missing.setObjectName("guide_missing")
        self.missing.setWordWrap(True)
        self.missing.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.missing.hide()

        bar = QHBoxLayout()
        self.search_label = QLabel()
        self.search_label.setBuddy(self.search)
        bar.addWidget(self.search_label)
        bar.addWidget(self.search, 1)
        bar.addWidget(self.previous_button)
        bar.addWidget(self.next_button)
        bar.addWidget(self.found)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.toc)
        self.splitter.addWidget(self.browser)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([300, 740])
        box = QVBoxLayout(self)
        box.addLayout(bar)
        box.addWidget(self.splitter, 1)
        box.addWidget(self.missing, 1)

        for key, slot in (
            (QKeySequence.StandardKey.Find, self.focus_search),
            (QKeySequence.StandardKey.FindNext, self.find_next),
            (QKeySequence.StandardKey.FindPrevious, self.find_previous),
            (QKeySequence(Qt.Key.Key_Escape), self.close),
        ):
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
            shortcut.activated.connect(slot)
        self.retranslate()
        self._fit_to_screen()

    def retranslate(self) -> None:
        self.setWindowTitle(_("Khiên — user guide"))
        self.search_label.setText(_("&Search:"))
        self.search.setPlaceholderText(_("Words to find, with or without diacritics"))
        self.search.setToolTip(keys.with_key(_("Search the guide"), QKeySequence.StandardKey.Find))
        self.search.setAccessibleName(_("Search the guide"))
        self.previous_button.setText(_("Previous"))
        self.previous_button.setToolTip(
            keys.with_key(_("Previous"), QKeySequence.StandardKey.FindPrevious)
        )
        self.next_button.setText(_("Next"))
        self.next_button.setToolTip(keys.with_key(_("Next"), QKeySequence.StandardKey.FindNext))
        self.toc.setAccessibleName(_("Contents of the guide"))
        self.browser.setAccessibleName(_("User guide"))
        self.missing.setText(
            _("The user guide was not found: it should be in the “docs” folder beside Khiên.")
        )
        self._show_found()

    def _fit_to_screen(self) -> None:
        window_state.fit_to_screen(self, 1040, 700)

    # -- loading ----------------------------------------------------------------------------

    def open_guide(self, lang: str | None = None) -> bool:
        """Show the user guide in *lang* (the app's language by default); False when no
        guide was found (the window then says so)."""
        self.language = lang or i18n.language()
        return self.load(about.guide_path(self.language))

    def load(self, path: Path | None, anchor: str = "") -> bool:
        self.path = path
        found = path is not None and path.is_file()
        self.splitter.setVisible(found)
        self.missing.setVisible(not found)
        self.search.setEnabled(found)
        self.headings = []
        self.toc.clear()
        self._images = {}
        if not found:
            self.browser.clear()
            self._folded = None
            self._search_changed()
            return False
        assert path is not None
        doc = self.browser.document()
        folder = path.parent.resolve()
        self.browser.setSearchPaths([str(folder)])
        doc.setBaseUrl(QUrl.fromLocalFile(str(folder) + "/"))
        doc.setMarkdown(path.read_text(encoding="utf-8"))
        self._mark_headings(doc)
        self._find_images(doc, folder)
        self._fit_images()
        self._folded = folded_with_map(doc.toPlainText())
        self._fill_toc()
        self._search_changed()
        if anchor:
            self.go_to(anchor)
        else:
            self.browser.moveCursor(QTextCursor.MoveOperation.Start)
        return True

    def _mark_headings(self, doc: QTextDocument) -> None:
        """Give each heading the anchor the guide's links name (Qt's Markdown reader
        makes none); let code blocks wrap."""
        seen: dict[str, int] = {}
        block = doc.begin()
        while block.isValid():
            if block.blockFormat().nonBreakableLines():  # a command line: wrapped, not scrolled
                wrapped = QTextBlockFormat()
                wrapped.setNonBreakableLines(False)
                QTextCursor(block).mergeBlockFormat(wrapped)
            level = block.blockFormat().headingLevel()
            if level:
                anchor = anchor_of(block.text())
                if anchor in seen:  # GitHub numbers repeated headings
                    seen[anchor] += 1
                    anchor = f"{anchor}-{seen[anchor]}"
                else:
                    seen[anchor] = 0
                cursor = QTextCursor(block)
                cursor.movePosition(
                    QTextCursor.MoveOperation.EndOfBlock, QTextCursor.MoveMode.KeepAnchor
                )
                mark = QTextCharFormat()
                mark.setAnchor(True)
                mark.setAnchorNames([anchor])
                cursor.mergeCharFormat(mark)
                self.headings.append(Heading(level, block.text(), anchor, block.blockNumber()))
            block = block.next()

    def _fill_toc(self) -> None:
        parent: QTreeWidgetItem | None = None
        for heading in self.headings:
            if heading.level == 2:
                parent = QTreeWidgetItem([heading.text])
                parent.setToolTip(0, heading.text)
                parent.setData(0, Qt.ItemDataRole.UserRole, heading.anchor)
                self.toc.addTopLevelItem(parent)
            elif heading.level == 3:
                item = QTreeWidgetItem([heading.text])
                item.setToolTip(0, heading.text)
                item.setData(0, Qt.ItemDataRole.UserRole, heading.anchor)
                if parent is None:
                    self.toc.addTopLevelItem(item)
                else:
                    parent.addChild(item)
        self.toc.expandAll()

    def toc_texts(self) -> list[str]:
        """The contents as listed (## and ### headings, in order)."""
        return [h.text for h in self.headings if h.level in (2, 3)]

    def _find_images(self, doc: QTextDocument, folder: Path) -> None:
        for _block, _fragment, image in _images_of(doc):
            name = image.name()
            if name not in self._images:
                size = QImageReader(str(folder / name)).size()
                if size.isValid():
                    self._images[name] = (size.width(), size.height())

    def _fit_images(self) -> None:
        """Screenshots at most as wide as the text (never enlarged)."""
        if not self._images:
            return
        doc = self.browser.document()
        room = max(200, self.browser.viewport().width() - 2 * int(doc.documentMargin()) - 8)
        for block, fragment, image in _images_of(doc):
            natural = self._images.get(image.name())
            if natural is None:
                continue
            width = min(natural[0], room - self._indent(block))
            if abs(image.width() - width) > 1:
                image.setWidth(width)
                image.setHeight(natural[1] * width / natural[0])
                cursor = QTextCursor(doc)
                cursor.setPosition(fragment.position())
                cursor.setPosition(
                    fragment.position() + fragment.length(), QTextCursor.MoveMode.KeepAnchor
                )
                cursor.setCharFormat(image)

    def _indent(self, block: QTextBlock) -> int:
        """How far *block* starts from the left margin (a list item's picture)."""
        doc = self.browser.document()
        fmt = block.blockFormat()
        indent = fmt.leftMargin() + fmt.indent() * doc.indentWidth()
        listed = block.textList()
        if listed is not None:
            indent += listed.format().indent() * doc.indentWidth()
        return int(indent) + 2

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if watched is self.browser.viewport() and event.type() == QEvent.Type.Resize:
            self._fit_images()
        return False

    # -- moving about -----------------------------------------------------------------------

    def go_to(self, anchor: str) -> None:
        """Show the heading named *anchor* at the top, the text cursor on it (where a
        search goes on from)."""
        for heading in self.headings:
            if heading.anchor == anchor:
                block = self.browser.document().findBlockByNumber(heading.block)
                self.browser.setTextCursor(QTextCursor(block))
                break
        self.browser.scrollToAnchor(anchor)

    def _toc_chosen(self, item: QTreeWidgetItem) -> None:
        anchor = item.data(0, Qt.ItemDataRole.UserRole)
        if anchor:
            self.go_to(str(anchor))

    def follow(self, url: QUrl) -> None:
        """A link of the guide: a part of it, another guide of docs/, or a web address."""
        if url.scheme() in ("http", "https", "mailto"):
            QDesktopServices.openUrl(url)
            return
        anchor = url.fragment(QUrl.ComponentFormattingOption.FullyDecoded)
        name = Path(url.path(QUrl.ComponentFormattingOption.FullyDecoded)).name
        if name and (self.path is None or name != self.path.name):
            target = about.docs_dir() / name
            if name.endswith(".md") and target.is_file():
                self.load(target, anchor)
            return
        if anchor:
            self.go_to(anchor)

    # -- search -----------------------------------------------------------------------------

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def _search_changed(self, _text: str = "") -> None:
        text = self.browser.document().toPlainText() if self._folded else ""
        self.matches = find_all(text, self.search.text(), self._folded) if text else []
        self._highlight()
        self.current = -1
        if self.matches:
            start = self.browser.textCursor().selectionStart()
            self._select(next((i for i, m in enumerate(self.matches) if m[0] >= start), 0))
        self._show_found()

    def _highlight(self) -> None:
        marks: list[QTextEdit.ExtraSelection] = []
        fmt = QTextCharFormat()
        fmt.setBackground(QBrush(QColor("#fff176")))
        fmt.setForeground(QBrush(QColor("#000000")))
        for start, end in self.matches:
            mark = QTextEdit.ExtraSelection()
            cursor = QTextCursor(self.browser.document())
            cursor.setPosition(start)
            cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
            mark.cursor = cursor  # type: ignore[assignment]
            mark.format = fmt  # type: ignore[assignment]
            marks.append(mark)
        self.browser.setExtraSelections(marks)

    def _select(self, n: int) -> None:
        self.current = n
        start, end = self.matches[n]
        cursor = QTextCursor(self.browser.document())
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        self.browser.setTextCursor(cursor)
        self.browser.ensureCursorVisible()

    def find_next(self) -> bool:
        if not self.matches:
            self._show_found()
            return False
        self._select((self.current + 1) % len(self.matches))
        self._show_found()
        return True

    def find_previous(self) -> bool:
        if not self.matches:
            self._show_found()
            return False
        self._select((self.current - 1) % len(self.matches))
        self._show_found()
        return True

    def selected_text(self) -> str:
        return self.browser.textCursor().selectedText()

    def _show_found(self) -> None:
        if not self.search.text().strip():
            self.found.setText("")
        elif not self.matches:
            self.found.setText(_("Not found"))
        else:
            self.found.setText(
                _("{n} of {total}").format(
                    n=i18n.format_number(self.current + 1),
                    total=i18n.format_number(len(self.matches)),
                )
            )
        has = bool(self.matches)
        self.next_button.setEnabled(has)
        self.previous_button.setEnabled(has)


# -- keyboard shortcuts --------------------------------------------------------------------------


def _sections(window: QMainWindow) -> list[str]:
    titles = getattr(window, "section_titles", None)  # without building every page
    return titles() if titles else []


def shortcut_rows(window: QMainWindow) -> list[tuple[str, str, str]]:
    """(keys, where, what) of every shortcut the app has, keys as the system writes them."""
    n = keys.native
    std = QKeySequence.StandardKey
    anywhere = _("Main window")
    rows: list[tuple[str, str, str]] = []
    for i, title in enumerate(_sections(window)):
        rows.append((n(f"Ctrl+{i + 1}"), anywhere, _("Go to {section}").format(section=title)))
    lists = _("Outreach, Cases")
    rows += [
        (n(std.New), lists, _("New event, new case")),
        (n(std.Find), lists, _("Go to the search box")),
        (n(std.Undo), anywhere, _("Undo the last deletion (for 15 seconds)")),
        (n("Ctrl+,"), anywhere, _("Settings")),
        (n(GUIDE_KEY), anywhere, _("User guide")),
        (n("Ctrl+Q"), anywhere, _("Quit Khiên")),
    ]
    dialogs = _("Forms and dialogs")
    a_list = _("Lists")
    rows += [
        (n(Qt.Key.Key_Enter), dialogs, _("The main action (Sign in, Save, Create…)")),
        (n(Qt.Key.Key_Escape), dialogs, _("Cancel and close")),
        (n(Qt.Key.Key_Enter), a_list, _("Open the chosen row")),
        (n(Qt.Key.Key_Delete), a_list, _("Delete the chosen row, after a question")),
    ]
    reports = _("Reports")
    preview = _("Report preview")
    rows += [
        (n("Ctrl+Return"), reports, _("Generate the report")),
        (n("Ctrl+P"), preview, _("Print")),
        (n("Ctrl+S"), preview, _("Save as PDF")),
        (n(std.ZoomIn), preview, _("Zoom in")),
        (n(std.ZoomOut), preview, _("Zoom out")),
        (n("Ctrl+0"), preview, _("Fit the page width")),
        (n("PgDown"), preview, _("Next page")),
        (n("PgUp"), preview, _("Previous page")),
    ]
    guide = _("User guide")
    rows += [
        (n(std.Find), guide, _("Search the guide")),
        (n(std.FindNext), guide, _("Next match")),
        (n(std.FindPrevious), guide, _("Previous match")),
    ]
    return rows


class ShortcutsDialog(QDialog):
    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.setObjectName("shortcuts_dialog")
        self.setWindowTitle(_("Keyboard shortcuts"))
        rows = shortcut_rows(window)
        self.table = QTableWidget(len(rows), 3)
        self.table.setTabKeyNavigation(False)  # Tab moves on to Close, as in any dialog
        self.table.setAccessibleName(_("Keyboard shortcuts"))
        self.table.setHorizontalHeaderLabels([_("Keys"), _("Where"), _("Does")])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                self.table.setItem(r, c, QTableWidgetItem(value))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        note = QLabel(_("Buttons and sections show their shortcut when the mouse rests on them."))
        note.setWordWrap(True)
        buttons, close = texts.button_box(_("Close"), cancel=False)
        buttons.accepted.connect(self.accept)
        box = QVBoxLayout(self)
        box.addWidget(self.table, 1)
        box.addWidget(note)
        box.addWidget(buttons)
        window_state.fit_to_screen(self, 760, 600)

    def keys_listed(self) -> list[str]:
        return [self.table.item(r, 0).text() for r in range(self.table.rowCount())]


# -- About -------------------------------------------------------------------------------------


class AboutDialog(QDialog):
    def __init__(self, window: QWidget, profile: OpenProfile) -> None:
        super().__init__(window)
        self.setObjectName("about_dialog")
        self.setWindowTitle(_("About Khiên"))
        self.data_dir = Path(profile.data_dir)
        title = QLabel(about.APP_NAME)
        title.setObjectName("about_title")
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        title.setFont(font)
        blurb = QLabel(
            _(
                "Offline records of outreach and victim support for officers who fight human trafficking."
            )
        )
        blurb.setWordWrap(True)
        spdx = about.licence_id()
        self.version = QLabel(about.version())
        self.licence = QLabel(
            _("{licence} ({spdx})").format(licence=_(about.licence_name(spdx)), spdx=spdx)
        )
        self.licence.setWordWrap(True)
        self.data = QLabel(str(self.data_dir))
        self.data.setObjectName("about_data_dir")
        self.data.setWordWrap(True)
        self.runtime = QLabel(
            _("Python {python}, Qt {qt}").format(python=sys.version.split()[0], qt=qVersion())
        )
        for label in (self.version, self.licence, self.data, self.runtime):
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form = QFormLayout()
        form.addRow(_("Version:"), self.version)
        form.addRow(_("Licence:"), self.licence)
        form.addRow(_("Data folder:"), self.data)
        form.addRow(_("Built with:"), self.runtime)
        privacy = QLabel(
            _(
                "Everything is kept encrypted in the data folder; back it up with Settings → Backups."
            )
        )
        privacy.setWordWrap(True)
        self.copied = QLabel()
        self.copy_button = QPushButton(_("&Copy a support report"))
        self.copy_button.setObjectName("copy_support")
        self.copy_button.setToolTip(
            _("Versions and the system, for the IT officer: nothing about people.")
        )
        self.copy_button.clicked.connect(self.copy_report)
        self.open_button = QPushButton(_("&Open the data folder"))
        self.open_button.clicked.connect(self.open_folder)
        buttons, close = texts.button_box(_("Close"), cancel=False)
        buttons.accepted.connect(self.accept)
        row = QHBoxLayout()
        row.addWidget(self.copy_button)
        row.addWidget(self.open_button)
        row.addWidget(self.copied, 1)
        box = QVBoxLayout(self)
        box.addWidget(title)
        box.addWidget(blurb)
        box.addLayout(form)
        box.addWidget(privacy)
        box.addStretch(1)
        box.addLayout(row)
        box.addWidget(buttons)
        window_state.fit_to_screen(self, 600, 300)

    def report(self) -> str:
        return about.support_report(qVersion())

    def copy_report(self) -> None:
        QApplication.clipboard().setText(self.report())
        self.copied.setText(_("Copied."))

    def open_folder(self) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.data_dir)))


# -- the menu --------------------------------------------------------------------------------


class Help(QObject):
    """What the Help menu opens for one main window (kept across its menus' rebuilds)."""

    def __init__(self, window: QMainWindow, profile: OpenProfile) -> None:
        super().__init__(window)
        self.setObjectName("khien_help")
        self.window = window
        self.profile = profile
        self.guide: GuideWindow | None = None
        self.shortcuts: ShortcutsDialog | None = None
        self.about: AboutDialog | None = None
        self.tour: TourDialog | None = None
        self.menu: QMenu | None = None
        self.guide_action: QAction | None = None

    def show_guide(self) -> GuideWindow:
        if self.guide is None:
            self.guide = GuideWindow(self.window)
        if self.guide.language != i18n.language() or self.guide.path is None:
            self.guide.retranslate()
            self.guide.open_guide()
        self.guide.show()
        self.guide.raise_()
        self.guide.activateWindow()
        return self.guide

    def show_shortcuts(self) -> ShortcutsDialog:
        if self.shortcuts is not None:
            self.shortcuts.deleteLater()
        self.shortcuts = ShortcutsDialog(self.window)
        self.shortcuts.open()
        return self.shortcuts

    def show_about(self) -> AboutDialog:
        if self.about is not None:
            self.about.deleteLater()
        self.about = AboutDialog(self.window, self.profile)
        self.about.open()
        return self.about

    def show_tour(self) -> TourDialog:
        self.tour = start_tour(self.window, self.profile)
        return self.tour

    def language_changed(self) -> None:
        """The menus were rebuilt in another language: an open guide follows."""
        if self.guide is not None and self.guide.isVisible():
            self.guide.retranslate()
            self.guide.open_guide()


def help_for(window: QMainWindow) -> Help | None:
    return window.findChild(Help, "khien_help")


def install_help_menu(window: QMainWindow, profile: OpenProfile) -> QMenu:
    """Add the Help menu (User guide F1, Keyboard shortcuts, the tour, About) to *window*'s
    menu bar; call it again after the menus are rebuilt (a new language)."""
    helper = help_for(window)
    if helper is None:
        helper = Help(window, profile)
    else:
        helper.language_changed()
    bar = window.menuBar()
    for action in bar.actions():  # installed twice without a rebuild: one menu only
        menu = action.menu()
        if isinstance(menu, QMenu) and menu.objectName() == "help_menu":
            bar.removeAction(action)
    menu = bar.addMenu(_("&Help"))
    menu.setObjectName("help_menu")
    guide = menu.addAction(_("&User guide"))
    guide.setObjectName("help_guide")
    guide.setShortcut(QKeySequence(GUIDE_KEY))
    guide.triggered.connect(helper.show_guide)
    # F1 works wherever the window has the focus (the menu's own actions are not enough for
    # every platform); the last menu's action gives its place to this one.
    if helper.guide_action is not None:
        window.removeAction(helper.guide_action)
    window.addAction(guide)
    helper.guide_action = guide
    shortcuts = menu.addAction(_("&Keyboard shortcuts"))
    shortcuts.setObjectName("help_shortcuts")
    shortcuts.triggered.connect(helper.show_shortcuts)
    tour = menu.addAction(_("Show the &tour again"))
    tour.setObjectName("help_tour")
    tour.triggered.connect(helper.show_tour)
    menu.addSeparator()
    about_action = menu.addAction(_("&About Khiên"))
    about_action.setObjectName("help_about")
    about_action.setMenuRole(about_action.MenuRole.AboutRole)
    about_action.triggered.connect(helper.show_about)
    helper.menu = menu
    return menu
