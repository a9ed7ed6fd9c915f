"""Signing out and in again, many times in one run of the program, loses no record for sync.

Every sign-out frees the profile's database handle and every sign-in makes a new one; an
event typed after any of them must still travel in the next bundle.
"""

from __future__ import annotations

import datetime as dt
import gc
import weakref

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, Qt
from sqlalchemy import select

from desktop.core.db.models import OutreachEvent
from desktop.core.security.roles import Role
from desktop.core.sync import enrol, exchange
from desktop.ui import ops
from desktop.ui.event_dialog import EventDialog
from desktop.ui.launcher import Launcher
from desktop.ui.pages import sync_texts
from desktop.ui.pages.outreach import OutreachPage
from desktop.ui.pages.sync import SyncPage
from desktop.ui.prefs import Prefs
from tests.ui.conftest import type_into
from tests.ui.test_sync import LAPTOP_PASSWORD, LAPTOP_USER, PASS

ROUNDS = 30


@pytest.fixture
def laptop_dir(province, tmp_path):
    data = enrol.make_setup_package(
        province, level="commune", unit_code=6040, office_name="UBND xã Thất Khê",
        parent_office_id=None, username=LAPTOP_USER, full_name="Nông Thị Hoa",
        role=Role.COMMUNE_OFFICER, password=LAPTOP_PASSWORD, passphrase=PASS,
    )  # fmt: skip
    folder = tmp_path / "laptop"
    enrol.start_from_package(folder, data, PASS, LAPTOP_USER, LAPTOP_PASSWORD).close()
    return folder


@pytest.fixture
def laptop_app(laptop_dir):
    app = Launcher(laptop_dir, Prefs(laptop_dir))
    yield app
    app.shutdown()
    if app.login_dialog is not None:
        app.login_dialog.close()


def _sign_in(qtbot, app: Launcher):
    dlg = app.login_dialog
    assert dlg is not None and dlg.isVisible()
    dlg.username.clear()
    qtbot.keyClicks(dlg.username, LAPTOP_USER)
    qtbot.keyClicks(dlg.password, LAPTOP_PASSWORD)
    qtbot.mouseClick(dlg.ok, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: app.main_window is not None)
    return app.main_window


def _record_event(qtbot, win, title: str, day: dt.date) -> None:
    win.show_section(1)
    page = win.stack.currentWidget()
    assert isinstance(page, OutreachPage)
    page.new_event()
    dlg: EventDialog = page.dialog
    dlg.kind.setCurrentIndex(dlg.kind.findData("talk"))
    type_into(dlg.title, title)
    dlg.w["held_on"].setText("")
    type_into(dlg.w["held_on"], day.strftime("%d/%m/%Y"))  # a new day: no duplicate warning
    type_into(dlg.w["audience_total"], "40")
    dlg.lead.setCurrentIndex(dlg.lead.findData("womens_union"))
    assert dlg.save_btn.isEnabled(), dlg.form.error_of("title")
    qtbot.mouseClick(dlg.save_btn, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dlg.isVisible())


def test_events_typed_between_sign_outs_all_reach_the_province(
    qtbot, province, laptop_app, tmp_path, monkeypatch, vi_sections
):
    titles = [f"Nói chuyện lần {n} tại thôn Nà Lầu" for n in range(1, ROUNDS + 1)]
    laptop_app.start()
    # Each full collection below walked every object the earlier tests of the run left (a
    # minute or more of a whole run): the objects alive now are set aside, so each one walks
    # what the rounds made. Every profile and handle a round makes is made after this line,
    # so what the assertion below watches is still collected as before.
    gc.collect()
    gc.freeze()
    try:
        for n, title in enumerate(titles):
            day = dt.date(2026, 3, 2) + dt.timedelta(days=n)
            win = _sign_in(qtbot, laptop_app)
            _record_event(qtbot, win, title, day)
            signed_out = weakref.ref(laptop_app.profile.db)
            win.action_sign_out.trigger()
            assert laptop_app.main_window is None
            del win
            # What a long working day does in time: the pages' last background jobs end and
            # the freed profile's handles are reclaimed before the next sign-in.
            qtbot.waitUntil(lambda: not ops._running)
            QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
            gc.collect()
            assert signed_out() is None, "a signed-out profile's database handle is freed"
    finally:
        gc.unfreeze()

    stick = tmp_path / "usb"
    stick.mkdir()
    monkeypatch.setattr(sync_texts, "find_drives", lambda: [(stick, "USB")])
    win = _sign_in(qtbot, laptop_app)
    win.show_section(4)
    page = win.stack.currentWidget()
    assert isinstance(page, SyncPage)
    qtbot.mouseClick(page.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.op is not None and page.op.done, timeout=20_000)
    (bundle,) = stick.glob("*.khb")

    exchange.import_bundle(province, bundle)
    with province.db.session() as s:
        held = set(s.execute(select(OutreachEvent.title)).scalars())
    assert set(titles) <= held
