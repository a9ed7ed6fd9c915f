"""The Sync page: export to a stick, import with a preview, history, conflicts, refusals."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt

from desktop.core.db.models import OutreachEvent
from desktop.core.i18n import _
from desktop.core.security.roles import Role
from desktop.core.sync import conflicts, enrol, exchange
from desktop.core.sync.bundle import BundleRefused
from desktop.ui.pages import sync_texts
from desktop.ui.pages.sync import SyncPage
from tests.conftest import build_once

PASS = "ab2c-de3f-gh4j-km5n-pq6r-st7u"
LAPTOP_USER, LAPTOP_PASSWORD = "canbo.thatkhe", "mat-khau-tam-1"


def _enrol_laptop(province, folder):
    data = enrol.make_setup_package(
        province, level="commune", unit_code=6040, office_name="UBND xã Thất Khê",
        parent_office_id=None, username=LAPTOP_USER, full_name="Nông Thị Hoa",
        role=Role.COMMUNE_OFFICER, password=LAPTOP_PASSWORD, passphrase=PASS,
    )  # fmt: skip
    return {"laptop": enrol.start_from_package(folder / "laptop", data, PASS, LAPTOP_USER,
                                               LAPTOP_PASSWORD)}  # fmt: skip


@pytest.fixture
def laptop(province, tmp_path, tmp_path_factory):
    """A commune laptop enrolled by the province (a copy of the first test's: enrolling takes
    seconds)."""
    opened = build_once("ui-sync-laptop", province, tmp_path, tmp_path_factory, _enrol_laptop)
    opened = opened["laptop"]
    yield opened
    opened.db.close()


@pytest.fixture
def stick(tmp_path, monkeypatch):
    folder = tmp_path / "usb"
    folder.mkdir()
    monkeypatch.setattr(sync_texts, "find_drives", lambda: [(folder, "USB")])
    return folder


def _event(p, title: str) -> str:
    with p.db.session() as s:
        ev = OutreachEvent(kind="talk", title=title, held_on=dt.date(2026, 7, 30))
        s.add(ev)
    return ev.id


def _edit(p, event_id: str, **values) -> None:
    with p.db.session() as s:
        ev = s.get(OutreachEvent, event_id)
        for k, v in values.items():
            setattr(ev, k, v)


def _title(p, event_id: str) -> str | None:
    with p.db.session() as s:
        ev = s.get(OutreachEvent, event_id)
        return ev.title if ev else None


def _page(qtbot, opened) -> SyncPage:
    page = SyncPage(opened)
    qtbot.addWidget(page)
    page.show()
    return page


def _export(qtbot, page: SyncPage) -> None:
    qtbot.mouseClick(page.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.op is not None and page.op.done, timeout=20_000)


def test_export_on_the_laptop_then_import_on_the_province(qtbot, laptop, province, stick):
    eid = _event(laptop, "Nói chuyện chuyên đề tại thôn Nà Lầu")
    sender = _page(qtbot, laptop)
    assert sender.last.text() == _("Never synced")
    _export(qtbot, sender)
    [written] = list(stick.glob("*.khb"))
    assert str(stick) in sender.result.text()
    assert sender.last.text() != _("Never synced")
    [sent] = sender.history_rows()
    assert sent[0] == _("Sent") and sent[4] == _("Awaiting receipt")
    assert sync_texts.kind_label("outreach_events") in sent[3]

    receiver = _page(qtbot, province)
    receiver.choose_bundles = lambda: [written]
    qtbot.mouseClick(receiver.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: receiver.preview_dialog is not None, timeout=20_000)
    dlg = receiver.preview_dialog
    assert dlg.rows["origin"].text() == "UBND xã Thất Khê"
    assert dlg.rows["author"].text() == LAPTOP_USER
    assert sync_texts.kind_label("outreach_events") in dlg.rows["counts"].text()
    assert _title(province, eid) is None, "a preview applies nothing"
    qtbot.mouseClick(dlg.ok, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: receiver.summary_box is not None, timeout=20_000)
    assert written.name in receiver.result.text()
    assert _title(province, eid) == "Nói chuyện chuyên đề tại thôn Nà Lầu"
    [got] = receiver.history_rows()
    assert got[:2] == (_("Received"), "UBND xã Thất Khê") and got[4] == _("Applied")
    assert receiver.last.text() != _("Never synced")

    # The same file again: the preview says so, and the summary too.
    receiver.import_files([written])
    qtbot.waitUntil(lambda: receiver.preview_dialog is not None, timeout=20_000)
    assert receiver.preview_dialog.findChild(type(dlg.rows["origin"]), "already") is not None
    receiver.preview_dialog.accept()
    qtbot.waitUntil(lambda: receiver.import_button.isEnabled(), timeout=20_000)
    assert _("{file}: already imported, nothing changed.").format(file=written.name) in (
        receiver.result.text()
    )
    assert len(receiver.history_rows()) == 1


def test_a_conflict_is_shown_and_resolved_through_the_view(qtbot, laptop, province, stick):
    eid = _event(laptop, "Tọa đàm")
    exchange.import_bundle(province, exchange.export_bundle(laptop, stick).path)
    _edit(laptop, eid, title="Tọa đàm về Luật 53/2024")
    _edit(province, eid, title="Tọa đàm phòng, chống mua bán người")
    exchange.import_bundle(province, exchange.export_bundle(laptop, stick).path)

    page = _page(qtbot, province)
    panel = page.conflicts
    assert page.tabs.tabText(1) == _("Conflicts ({n})").format(n=1)
    assert panel.table.rowCount() == 1
    assert panel.table.item(0, 2).text() == sync_texts.field_label("title")
    assert panel.table.item(0, 1).text() in {
        "Tọa đàm về Luật 53/2024",
        "Tọa đàm phòng, chống mua bán người",
    }
    shown = {panel.findChild(type(panel.empty), f"value_{n}").text() for n in range(2)}
    assert shown == {"Tọa đàm về Luật 53/2024", "Tọa đàm phòng, chống mua bán người"}
    assert panel.findChild(type(panel.empty), "base_value").text() == "Tọa đàm"
    assert not panel.save_typed.isEnabled()
    qtbot.keyClicks(panel.typed, "Toa dam thong nhat")
    assert panel.save_typed.isEnabled()
    panel.typed.clear()

    keep = panel.keep_buttons[1]
    chosen = panel.findChild(type(panel.empty), "value_1").text()
    qtbot.mouseClick(keep, Qt.MouseButton.LeftButton)
    assert panel.table.rowCount() == 0
    assert not panel.empty.isHidden()
    assert page.tabs.tabText(1) == _("Conflicts")
    assert conflicts.open_conflicts(province) == []
    assert _title(province, eid) == chosen


def test_a_typed_value_resolves_a_conflict(qtbot, laptop, province, stick):
    eid = _event(laptop, "Mít tinh")
    exchange.import_bundle(province, exchange.export_bundle(laptop, stick).path)
    _edit(laptop, eid, title="Mít tinh A")
    _edit(province, eid, title="Mít tinh B")
    exchange.import_bundle(province, exchange.export_bundle(laptop, stick).path)
    page = _page(qtbot, province)
    qtbot.keyClicks(page.conflicts.typed, "Mit tinh chung")
    qtbot.mouseClick(page.conflicts.save_typed, Qt.MouseButton.LeftButton)
    assert page.conflicts.table.rowCount() == 0
    assert _title(province, eid) == "Mit tinh chung"


def test_a_tampered_bundle_shows_the_refusal_and_changes_nothing(qtbot, laptop, province, stick):
    eid = _event(laptop, "Treo băng rôn")
    out = exchange.export_bundle(laptop, stick)
    raw = bytearray(out.path.read_bytes())
    raw[len(raw) // 2] ^= 0xFF
    bad = stick / "bad.khb"
    bad.write_bytes(bytes(raw))
    page = _page(qtbot, province)
    page.import_files([bad])
    qtbot.waitUntil(lambda: page.summary_box is not None, timeout=20_000)
    assert page.preview_dialog is None, "nothing to confirm for a refused file"
    with pytest.raises(BundleRefused) as refused:
        exchange.preview(province, bad)
    sentence = _("{file}: refused. {reason}").format(file="bad.khb", reason=refused.value.message)
    assert page.summary_box.text() == sentence == page.result.text()
    assert page.history_rows() == []
    with province.db.session() as s:
        assert s.get(OutreachEvent, eid) is None


def test_export_refusal_is_the_core_sentence(qtbot, province, stick):
    page = _page(qtbot, province)  # the province has nobody upstream: no export button
    assert page.export_button.isHidden() and not page.receipt_button.isHidden()
    page.export_to_usb()
    qtbot.waitUntil(lambda: page.op is not None and page.op.done, timeout=20_000)
    assert page.result.text() == _("This installation has no upstream office to send bundles to.")
    assert list(stick.iterdir()) == []


def test_no_stick_falls_back_to_a_folder(qtbot, laptop, tmp_path, monkeypatch):
    folder = tmp_path / "chosen"
    folder.mkdir()
    monkeypatch.setattr(sync_texts, "find_drives", lambda: [])
    page = _page(qtbot, laptop)
    page.choose_folder = lambda: folder
    _export(qtbot, page)
    assert len(list(folder.glob("*.khb"))) == 1


def test_removable_drive_rules():
    assert sync_texts.is_removable("/media/hoa/USB", True, False)
    assert sync_texts.is_removable("/run/media/hoa/KINGSTON", True, False)
    assert not sync_texts.is_removable("/media/hoa/USB", True, True)
    assert not sync_texts.is_removable("/media/hoa/USB", False, False)
    assert not sync_texts.is_removable("/", True, False)
    assert not sync_texts.is_removable("/home", True, False)
    assert sync_texts.is_removable("E:/", True, False)
    assert not sync_texts.is_removable("C:/", True, False)
    assert isinstance(sync_texts.find_drives(), list)


def test_record_label_names_events_only(laptop):
    eid = _event(laptop, "Chiếu phim")
    assert conflicts.record_label(laptop, "outreach_events", eid) == "Chiếu phim"
    assert conflicts.record_label(laptop, "persons", eid) == ""
    assert conflicts.record_label(laptop, "outreach_events", "nope") == ""


def test_the_status_bar_shows_the_last_sync_after_an_export(qtbot, laptop, stick):
    from desktop.ui.main_window import MainWindow

    _event(laptop, "Phát thanh")
    win = MainWindow(laptop)
    qtbot.addWidget(win)
    win.show()
    assert win.sync_label.text() == _("Never synced")
    page = next(p for p in win.pages if isinstance(p, SyncPage))
    win.show_section(win.pages.index(page))
    _export(qtbot, page)
    assert win.sync_label.text() == page.last.text() != _("Never synced")


def test_a_laptop_refused_for_its_authority_is_flagged_on_the_page(qtbot, laptop, province, stick):
    from desktop.core.db.models import Account
    from desktop.core.sync import authority

    with laptop.db.session() as s:  # an insider deactivates the province's administrator
        for acc in s.query(Account).filter(Account.role == Role.PROVINCIAL_ADMIN.value):
            acc.active = False
    out = exchange.export_bundle(laptop, stick)
    with pytest.raises(authority.Violation):
        exchange.import_bundle(province, out.path)
    page = _page(qtbot, province)
    assert page.flagged.isVisible()
    assert "UBND xã Thất Khê" in page.flagged.text()
    assert authority.flag_text(authority.OUTSIDE_AUTHORITY) in page.flagged.text()
