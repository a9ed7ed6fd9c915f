"""The Sync section: write a bundle to a USB stick, read bundles from one, the history of
bundles sent and received, and the Conflicts queue."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.core import i18n
from desktop.core.i18n import N_, _, ngettext
from desktop.core.profile import OpenProfile
from desktop.core.sync import authority, exchange, receipts, restored, summary
from desktop.ui import icons, texts
from desktop.ui.empty_note import EmptyNote
from desktop.ui.forms import alert_colour, set_alert, set_tone
from desktop.ui.ops import Op, error_text
from desktop.ui.pages import sync_texts
from desktop.ui.pages.base import Page, last_sync_text
from desktop.ui.pages.sync_conflicts import ConflictsPanel
from desktop.ui.pages.sync_import import PreviewDialog

HISTORY_COLUMNS = (N_("Direction"), N_("Office"), N_("Date"), N_("Records"), N_("State"))
CHAIN_COLUMNS = (N_("Office"), N_("Lines"), N_("State"))


class SyncPage(Page):
    title = N_("Sync")

    def __init__(self, profile: OpenProfile, parent: QWidget | None = None) -> None:
        super().__init__(profile, parent)
        self.op: Op | None = None
        self.preview_dialog: PreviewDialog | None = None
        self.summary_box: QMessageBox | None = None
        self.summary: list[str] = []
        self._queue: list[Path] = []

        # The last sync, in the same words as the status bar, which says it for the page:
        # kept hidden here so the state is said once (the empty history says what to do).
        self.last = QLabel()
        self.last.setObjectName("last_sync")
        self.last.hide()
        self.export_button = QPushButton(_("Export to USB…"))
        self.export_button.setObjectName("export")
        self.export_button.setIcon(icons.icon("export"))
        self.export_button.clicked.connect(self.export_to_usb)
        self.import_button = QPushButton(_("Import from USB…"))
        self.import_button.setObjectName("import")
        self.import_button.setIcon(icons.icon("import"))
        self.import_button.clicked.connect(self.import_from_usb)
        # An office with laptops under it writes their receipts (acknowledgements, reference
        # data, corrections) to a stick too.
        self.receipt_button = QPushButton(_("Export for a laptop…"))
        self.receipt_button.setObjectName("receipt")
        self.receipt_button.setIcon(icons.icon("send"))
        self.receipt_button.setToolTip(
            _("Write the receipt for one laptop enrolled under this office: what was merged "
              "from it, reference data, corrections and revoked laptops.")
        )  # fmt: skip
        self.receipt_button.clicked.connect(self.export_receipt)
        self.receipt_button.setVisible(profile.node.level in ("province", "area"))
        self.export_button.setVisible(exchange.has_upstream(profile))
        self.result = QLabel()
        self.result.setObjectName("result")
        self.result.setWordWrap(True)
        self.result.hide()  # shown only when there is something to say
        # Offices whose bundles were refused for what they tried to change (DESIGN.md §5a).
        self.flagged = QLabel()
        self.flagged.setObjectName("flagged")
        self.flagged.setWordWrap(True)
        set_alert(self.flagged, bold=True)
        self.flagged.hide()
        # A laptop restored from a backup catches up with a receipt (sync.restored).
        self.restore_note = QLabel()
        self.restore_note.setObjectName("restore_note")
        self.restore_note.setWordWrap(True)
        set_tone(self.restore_note, "caution", bold=True)
        self.restore_note.hide()
        buttons = QHBoxLayout()
        buttons.addWidget(self.export_button)
        buttons.addWidget(self.receipt_button)
        buttons.addWidget(self.import_button)
        buttons.addWidget(self.last)
        buttons.addStretch(1)

        self.history = QTableWidget(0, len(HISTORY_COLUMNS))
        self.history.setObjectName("history")
        self.history.setHorizontalHeaderLabels([_(c) for c in HISTORY_COLUMNS])
        self.history.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.history.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.history.verticalHeader().hide()
        self.history.setStyleSheet("QTableView::item { padding: 0px 6px; }")
        header = self.history.horizontalHeader()
        for col in range(len(HISTORY_COLUMNS)):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.history_empty = EmptyNote(self.history)
        self.conflicts = ConflictsPanel(profile)
        self.conflicts.resolved.connect(self._conflicts_changed)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.history, _("Bundles sent and received"))
        self.tabs.addTab(self.conflicts, "")
        self.chains: QTableWidget | None = None
        if profile.node.level in ("province", "area"):
            self.tabs.addTab(self._chains_tab(), _("Audit logs"))

        self.layout_.addLayout(buttons)
        self.layout_.addWidget(self.result)
        self.layout_.addWidget(self.flagged)
        self.layout_.addWidget(self.restore_note)
        self.layout_.addWidget(self.tabs, 1)
        self.refresh()

    def _chains_tab(self) -> QWidget:
        """Every office's audit log as received here, checked on demand (it reads them all)."""
        tab = QWidget()
        layout = QVBoxLayout(tab)
        intro = QLabel(
            _("Each computer's audit log is a chain: a line removed or altered breaks it from "
              "that line on. The logs come here with the bundles.")
        )  # fmt: skip
        intro.setWordWrap(True)
        self.verify_button = QPushButton(_("Check the audit logs"))
        self.verify_button.setObjectName("verify_chains")
        self.verify_button.setIcon(icons.icon("check"))
        self.verify_button.clicked.connect(self.verify_chains)
        row = QHBoxLayout()
        row.addWidget(intro, 1)
        row.addWidget(self.verify_button)
        self.chains = QTableWidget(0, len(CHAIN_COLUMNS))
        self.chains.setObjectName("chains")
        self.chains.setHorizontalHeaderLabels([_(c) for c in CHAIN_COLUMNS])
        self.chains.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.chains.verticalHeader().hide()
        self.chains.setStyleSheet("QTableView::item { padding: 0px 6px; }")
        header = self.chains.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for col in (1, 2):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        layout.addLayout(row)
        layout.addWidget(self.chains, 1)
        return tab

    def verify_chains(self) -> Op:
        self.op = Op(
            self, _("Checking the audit logs…"), lambda: exchange.audit_chains(self.profile),
            cancellable=False,
        )  # fmt: skip
        self.op.on_success(self._show_chains).on_failure(self._export_failed).run()
        return self.op

    def _show_chains(self, rows: list[exchange.ChainRow]) -> None:
        assert self.chains is not None
        self.chains.setRowCount(len(rows))
        for n, c in enumerate(rows):
            if c.broken_at is None:
                state = _("Intact")
            else:
                state = _("Broken at line {n}").format(n=i18n.format_number(c.broken_at))
            cells = (c.office or c.node_id[:8], i18n.format_number(c.lines), state)
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if c.broken_at is not None:
                    item.setForeground(alert_colour())
                self.chains.setItem(n, col, item)

    def chain_rows(self) -> list[tuple[str, ...]]:
        """What the audit logs table shows, row by row."""
        assert self.chains is not None
        return [
            tuple(self.chains.item(r, c).text() for c in range(self.chains.columnCount()))
            for r in range(self.chains.rowCount())
        ]

    # -- showing --------------------------------------------------------------------

    def refresh(self) -> None:
        self.last.setText(last_sync_text(self.profile))
        self._fill_flags()
        self._fill_restore_note()
        self._fill_history()
        self.conflicts.refresh()
        self._conflicts_changed()

    def _conflicts_changed(self) -> None:
        n = len(self.conflicts.rows)
        label = _("Conflicts")
        if n:
            label = _("Conflicts ({n})").format(n=i18n.format_number(n))
        self.tabs.setTabText(1, label)

    def _fill_flags(self) -> None:
        lines = [
            _("Flagged: {office} — {why} ({when}); check this laptop with your IT officer.").format(
                office=row.name or row.node_id[:8],
                why=authority.flag_text(row.flag),
                when=sync_texts.when_text(row.flagged_at),
            )
            for row in authority.node_rows(self.profile)
            if row.flag
        ]
        self.flagged.setText("\n".join(lines))
        self.flagged.setVisible(bool(lines))

    def _fill_restore_note(self) -> None:
        st = restored.status(self.profile)
        lines = []
        if st.phase == restored.WAITING_RECEIPT:
            lines.append(
                _("This laptop was restored from a backup: import a receipt from the office "
                  "above before exporting.")
            )  # fmt: skip
        elif st.phase == restored.WAITING_RECORDS:
            lines.append(
                _("This laptop was restored from a backup: export now; the next receipt "
                  "brings back the records it had sent since that backup was made.")
            )  # fmt: skip
        lines += [
            _("{office} was restored from a backup: its next receipt carries its records "
              "back.").format(office=name)
            for name in st.resending
        ]  # fmt: skip
        self.restore_note.setText("\n".join(lines))
        self.restore_note.setVisible(bool(lines))

    def set_result(self, text: str) -> None:
        """The line under the buttons: what the last export or import did; hidden when empty."""
        self.result.setText(text)
        self.result.setVisible(bool(text))

    def _fill_history(self) -> None:
        rows = exchange.history(self.profile)
        self.history.setRowCount(len(rows))
        for n, b in enumerate(rows):
            if b.direction == exchange.OUT:
                direction = _("Sent")
                state = _("Acknowledged") if b.acknowledged else _("Awaiting receipt")
            elif b.direction == exchange.DOWN:
                direction, state = _("Receipt sent"), _("Written to the stick")
            else:
                direction, state = _("Received"), _("Applied")
            cells = (
                direction, b.peer_name or _("(unnamed office)"), sync_texts.when_text(b.at),
                sync_texts.counts_text(b.counts), state,
            )  # fmt: skip
            for col, text in enumerate(cells):
                self.history.setItem(n, col, QTableWidgetItem(text))
        self.history_empty.set_text(self.empty_text())

    def empty_text(self) -> str:
        """What the empty history tells the officer to do next, naming the page's buttons."""
        export, receipt = self.export_button.text(), self.receipt_button.text()
        import_ = self.import_button.text()
        up = exchange.has_upstream(self.profile)
        down = self.profile.node.level in ("province", "area")
        if up and down:
            text = _(
                "No bundle has been exchanged yet: plug in the USB stick and click “{export}” "
                "to send this office's records to the office above, or “{import_}” to read "
                "a bundle from a laptop below; then “{receipt}” writes that laptop's receipt."
            )
        elif up:
            text = _(
                "No bundle has been exchanged yet: plug in the USB stick and click “{export}” "
                "to send this office's records to the office above; bring back its receipt "
                "and read it with “{import_}”."
            )
        else:
            text = _(
                "No bundle has been exchanged yet: when a laptop's bundle arrives on a USB "
                "stick, plug the stick in and click “{import_}”; then “{receipt}” writes "
                "the receipt to take back to that laptop."
            )
        return text.format(export=export, import_=import_, receipt=receipt)

    def history_rows(self) -> list[tuple[str, ...]]:
        """What the history table shows, row by row."""
        return [
            tuple(self.history.item(r, c).text() for c in range(self.history.columnCount()))
            for r in range(self.history.rowCount())
        ]

    def _synced(self) -> None:
        self.refresh()
        win = self.window()
        update = getattr(win, "update_status", None)
        if callable(update):
            update()

    # -- export ---------------------------------------------------------------------

    def choose_folder(self) -> Path | None:
        """No stick found: the officer picks a folder (a stick Khiên did not recognise)."""
        chosen = QFileDialog.getExistingDirectory(self, _("Choose a folder…"))
        return Path(chosen) if chosen else None

    def choose_drive(self, drives: list[tuple[Path, str]]) -> Path | None:
        if len(drives) == 1:
            return drives[0][0]
        names = [name for _path, name in drives]
        name, ok = QInputDialog.getItem(
            self, _("Export to USB"), _("Write the bundle to:"), names, 0, False
        )
        return drives[names.index(name)][0] if ok else None

    def export_to_usb(self) -> Op | None:
        drives = sync_texts.find_drives()
        folder = self.choose_drive(drives) if drives else self.choose_folder()
        if folder is None:
            return None
        self.set_result("")
        self.op = Op(
            self,
            _("Writing the bundle…"),
            lambda: exchange.export_bundle(self.profile, folder),
            cancellable=False,
        )
        self.op.on_success(self._exported).on_failure(self._export_failed).run()
        return self.op

    def _exported(self, out: exchange.ExportResult) -> None:
        n = sum(out.counts.values())
        self.set_result(
            ngettext(
                "Bundle written to {folder}: {n} record.",
                "Bundle written to {folder}: {n} records.",
                n,
            ).format(folder=str(out.path.parent), n=i18n.format_number(n))
        )
        self._synced()

    def _export_failed(self, exc: BaseException) -> None:
        text = error_text(exc)
        self.set_result(text)
        texts.show_error(self, text)

    # -- receipts for the laptops below ----------------------------------------------

    def choose_peer(self, peers: list[tuple[str, str]]) -> str | None:
        """The laptop to write a receipt for, chosen by its office's name."""
        counts: dict[str, int] = {}
        for _nid, name in peers:
            counts[name] = counts.get(name, 0) + 1
        names = [
            name if counts[name] == 1 else f"{name} ({nid[:8]})" for nid, name in peers
        ]  # two laptops of one office are told apart by their id
        name, ok = QInputDialog.getItem(
            self, _("Export for a laptop"), _("Write the receipt for:"), names, 0, False
        )
        return peers[names.index(name)][0] if ok and name in names else None

    def export_receipt(self) -> Op | None:
        peers = receipts.receipt_peers(self.profile)
        if not peers:
            texts.show_info(self, _("No laptop is enrolled under this office yet."))
            return None
        peer = self.choose_peer(peers)
        if peer is None:
            return None
        drives = sync_texts.find_drives()
        folder = self.choose_drive(drives) if drives else self.choose_folder()
        if folder is None:
            return None
        name = dict(peers)[peer]
        self.set_result("")
        self.op = Op(
            self, _("Writing the receipt…"),
            lambda: receipts.export_receipt(self.profile, peer, folder), cancellable=False,
        )  # fmt: skip
        self.op.on_success(lambda out: self._receipt_written(name, out))
        self.op.on_failure(self._export_failed).run()
        return self.op

    def _receipt_written(self, name: str, out: exchange.ExportResult) -> None:
        self.set_result(
            _("Receipt for {office} written to {folder}: take it to that laptop and import it.")
            .format(office=name, folder=str(out.path.parent))
        )  # fmt: skip
        self._synced()

    # -- import ---------------------------------------------------------------------

    def choose_bundles(self) -> list[Path]:
        start = str(self._default_import_folder())
        names, _filter = QFileDialog.getOpenFileNames(
            self, _("Choose bundles to import"), start, _("Khiên bundles (*.khb)")
        )
        return [Path(n) for n in names]

    def _default_import_folder(self) -> Path:
        drives = sync_texts.find_drives()
        return drives[0][0] if drives else Path.home()

    def import_from_usb(self) -> None:
        paths = self.choose_bundles()
        if paths:
            self.import_files(paths)

    def import_files(self, paths: list[Path]) -> None:
        """Each file: verify and preview, confirm, apply; then one summary of them all."""
        self._queue = list(paths)
        self.summary = []
        self.set_result("")
        self.import_button.setEnabled(False)
        self._next()

    def _next(self) -> None:
        if not self._queue:
            self._imports_done()
            return
        path = self._queue[0]
        self.op = Op(
            self, _("Checking the bundle…"), lambda: exchange.preview(self.profile, path),
            cancellable=False,
        )  # fmt: skip
        self.op.on_success(lambda p: self._previewed(path, p))
        self.op.on_failure(lambda exc: self._file_failed(path, exc)).run()

    def _previewed(self, path: Path, preview: exchange.Preview) -> None:
        dlg = PreviewDialog(preview, path.name, self)
        dlg.accepted.connect(lambda: self._apply(path))
        dlg.rejected.connect(lambda: self._skipped(path))
        self.preview_dialog = dlg
        dlg.open()

    def _close_preview(self) -> None:
        if self.preview_dialog is not None:
            self.preview_dialog.deleteLater()
            self.preview_dialog = None

    def _skipped(self, path: Path) -> None:
        self._close_preview()
        self.summary.append(_("{file}: not imported.").format(file=path.name))
        self._queue.pop(0)
        self._next()

    def _apply(self, path: Path) -> None:
        self._close_preview()
        self.op = Op(
            self, _("Importing the bundle…"), lambda: exchange.import_bundle(self.profile, path),
            cancellable=False,
        )  # fmt: skip
        self.op.on_success(lambda r: self._applied(path, r))
        self.op.on_failure(lambda exc: self._file_failed(path, exc)).run()

    def _applied(self, path: Path, result: exchange.ImportResult) -> None:
        if result.already_imported:
            line = _("{file}: already imported, nothing changed.").format(file=path.name)
        else:
            line = summary.imported_line(path.name, result.new_revisions, result.conflicts)
            if result.missed:
                line += " " + _(
                    "An earlier bundle from the same office never came here; nothing is lost, "
                    "as every bundle carries what was not acknowledged."
                )
        self.summary.append(line)
        self._queue.pop(0)
        self._next()

    def _file_failed(self, path: Path, exc: BaseException) -> None:
        self.summary.append(
            _("{file}: refused. {reason}").format(file=path.name, reason=error_text(exc))
        )
        self._queue.pop(0)
        self._next()

    def _imports_done(self) -> None:
        self.import_button.setEnabled(True)
        text = "\n".join(self.summary)
        self.set_result(text)
        self._synced()
        if text:
            self.summary_box = texts.show_info(self, text, _("Import finished"))
