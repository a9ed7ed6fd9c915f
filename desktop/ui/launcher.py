"""The path from start to work: first-run setup (or sign-in), then the main window; signing
out comes back to sign-in. Windows open without blocking, so tests can drive each one.

The first-run dialogs (setup, recovery key) are imported only on a first run: the setup
pulls in enrolment and the sync records, which a sign-in never needs. The main window's
modules are imported on a second thread while the sign-in dialog waits (``preload``)."""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from desktop.core import paths
from desktop.ui import texts
from desktop.ui.login_dialog import LoginDialog
from desktop.ui.prefs import Prefs
from desktop.ui.preload import Preload

if TYPE_CHECKING:
    from desktop.core.profile import OpenProfile
    from desktop.ui.main_window import MainWindow
    from desktop.ui.recovery_key_dialog import RecoveryKeyDialog
    from desktop.ui.setup_dialog import SetupDialog

log = logging.getLogger(__name__)


class Launcher(QObject):
    finished = Signal()

    def __init__(self, data_dir: Path, prefs: Prefs) -> None:
        super().__init__()
        self.data_dir = data_dir
        self.prefs = prefs
        self.setup_dialog: SetupDialog | None = None
        self.key_dialog: RecoveryKeyDialog | None = None
        self.login_dialog: LoginDialog | None = None
        self.main_window: MainWindow | None = None
        self.notice_box: QMessageBox | None = None
        self.profile: OpenProfile | None = None
        self.preload: Preload | None = None

    def start(self) -> None:
        if paths.profile_exists(self.data_dir):
            self.show_login()
        else:
            self.show_setup()

    # -- first run --------------------------------------------------------------------

    def show_setup(self) -> None:
        from desktop.ui.setup_dialog import SetupDialog

        dlg = SetupDialog(self.data_dir)
        dlg.created.connect(self._created)
        dlg.rejected.connect(self.finished)
        self.setup_dialog = dlg
        dlg.show()

    def _created(self, opened: OpenProfile, identity: str) -> None:
        self.profile = opened
        self.prefs.last_username = opened.user.username
        self.prefs.save()
        if self.setup_dialog is not None:
            self.setup_dialog.deleteLater()
            self.setup_dialog = None
        if not identity:
            self.show_main()
            return
        from desktop.ui.recovery_key_dialog import RecoveryKeyDialog

        self.key_dialog = RecoveryKeyDialog(identity)
        self.key_dialog.accepted.connect(self._key_kept)
        self.key_dialog.show()

    def _key_kept(self) -> None:
        if self.key_dialog is not None:
            self.key_dialog.deleteLater()
            self.key_dialog = None
        self.show_main()

    # -- sign in and out --------------------------------------------------------------

    def show_login(self) -> None:
        dlg = LoginDialog(self.data_dir, self.prefs)
        dlg.signed_in.connect(self._signed_in)
        dlg.rejected.connect(self.finished)
        self.login_dialog = dlg
        dlg.show()
        if self.preload is None:
            self.preload = Preload(self.prefs.window.get("section", ""), start=False)
            self.preload.start_after_paint(dlg)  # the dialog is the officer's first wait
        dlg.preload = self.preload

    def _signed_in(self, opened: OpenProfile) -> None:
        self.profile = opened
        if self.login_dialog is not None:
            self.login_dialog.deleteLater()
            self.login_dialog = None
        self.show_main()

    def show_main(self) -> None:
        assert self.profile is not None
        if self.preload is not None:
            self.preload.wait()
        from desktop.ui.help import maybe_start_tour
        from desktop.ui.main_window import MainWindow

        win = MainWindow(self.profile)
        win.sign_out_requested.connect(self._sign_out)
        win.quit_requested.connect(self._quit)
        win.language_changed.connect(self._language_changed)
        self.main_window = win
        win.show()
        maybe_start_tour(win, self.profile)  # a new officer's first sign-in
        # What signing in found that the person must know (a key file whose sign-in
        # counters went back: profile.counters_notice_text), shown once, over the window.
        self.notice_box = (
            texts.show_error(win, "\n\n".join(self.profile.notices))
            if self.profile.notices
            else None
        )

    def _language_changed(self, lang: str) -> None:
        self.prefs.language = lang
        self.prefs.save()

    def _close_profile(self) -> None:
        # Open dialogs close first, so what they hold (an event's draft) is saved while
        # the database is still open.
        for widget in QApplication.topLevelWidgets():
            if (
                isinstance(widget, QDialog)
                and not isinstance(widget, QMessageBox)  # a message outlives the sign-out
                and widget.isVisible()
            ):
                widget.reject()
        if self.main_window is not None:
            self.main_window.hide()
            self.main_window.deleteLater()
            self.main_window = None
        if self.profile is not None:
            try:
                self.profile.close()
            except Exception:
                log.exception("Closing the profile failed")
            self.profile = None

    def _sign_out(self) -> None:
        self._close_profile()
        self.show_login()

    def _quit(self) -> None:
        self._close_profile()
        self.finished.emit()

    def shutdown(self) -> None:
        """Close whatever is still open (the application is ending). The preload thread's
        imports end first if they started (nothing is left half-imported), then the
        background work is asked to stop (a long job stops at its next step instead of
        holding the database), the profile is closed and the worker is waited for
        (``ops.finish_all``). No op ran if the op runner was never imported (no sign-in):
        importing it here would only load the database layer to find nothing to wait for."""
        if self.preload is not None:
            self.preload.finish()
        ops = sys.modules.get("desktop.ui.ops")
        if ops is not None:
            ops.cancel_all()
        self._close_profile()
        if ops is not None:
            ops.finish_all()
