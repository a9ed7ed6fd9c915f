"""The Sync page of an office with laptops under it: receipts for a laptop, the offices named
in the history, the result line only when there is something to say, a readable Conflicts
queue."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QInputDialog

from desktop.core.db.models import OutreachEvent
from desktop.core.i18n import _
from desktop.core.security.roles import Role
from desktop.core.sync import enrol, exchange
from desktop.ui.pages import sync_conflicts, sync_texts
from desktop.ui.pages.sync import SyncPage
from tests.conftest import build_once

PASS = "ab2c-de3f-gh4j-km5n-pq6r-st7u"
OFFICE = "UBND xã Thất Khê"


def _enrol_laptop(province, folder):
    data = enrol.make_setup_package(
        province, level="commune", unit_code=6040, office_name=OFFICE, parent_office_id=None,
        username="canbo.tk", full_name="Nông Thị Hoa", role=Role.COMMUNE_OFFICER,
        password="mat-khau-tam-1", passphrase=PASS,
    )  # fmt: skip
    return {"laptop": enrol.start_from_package(folder / "laptop", data, PASS, "canbo.tk",
                                               "mat-khau-tam-1")}  # fmt: skip


@pytest.fixture
def laptop(province, tmp_path, tmp_path_factory):
    """A commune laptop enrolled by the province (a copy of the first test's: enrolling takes
    seconds)."""
    opened = build_once("ui-relay-laptop", province, tmp_path, tmp_path_factory, _enrol_laptop)
    opened = opened["laptop"]
    yield opened
    opened.db.close()


@pytest.fixture
def stick(tmp_path, monkeypatch):
    folder = tmp_path / "usb"
    folder.mkdir()
    monkeypatch.setattr(sync_texts, "find_drives", lambda: [(folder, "USB")])
    return folder


def _event(p, title: str, **values) -> str:
    with p.db.session() as s:
        ev = OutreachEvent(kind="talk", title=title, held_on=dt.date(2026, 7, 30), **values)
        s.add(ev)
    return ev.id


def _page(qtbot, opened) -> SyncPage:
    page = SyncPage(opened)
    qtbot.addWidget(page)
    page.show()
    return page


def test_the_province_writes_a_receipt_for_a_laptop_chosen_by_its_office_name(
    qtbot, laptop, province, stick, monkeypatch
):
    _event(laptop, "Nói chuyện tại chợ")
    exchange.import_bundle(province, exchange.export_bundle(laptop, stick).path)
    offered: list[list[str]] = []

    def pick(_parent, _title, _label, items, *_args):
        offered.append(list(items))
        return OFFICE, True

    monkeypatch.setattr(QInputDialog, "getItem", staticmethod(pick))
    page = _page(qtbot, province)
    assert page.result.isHidden()  # nothing said yet: no empty gap under the buttons
    before = set(stick.glob("*.khb"))
    qtbot.mouseClick(page.receipt_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.op is not None and page.op.done, timeout=20_000)
    assert offered == [[OFFICE]]  # office names, never node ids
    [written] = set(stick.glob("*.khb")) - before
    assert not page.result.isHidden() and OFFICE in page.result.text()
    assert str(stick) in page.result.text()
    newest = page.history_rows()[0]
    assert newest[:2] == (_("Receipt sent"), OFFICE)
    # On the laptop, the receipt acknowledges what it sent.
    got = _page(qtbot, laptop)
    assert got.receipt_button.isHidden() and not got.export_button.isHidden()
    exchange.import_bundle(laptop, written)
    got.refresh()
    sent = [r for r in got.history_rows() if r[0] == _("Sent")]
    assert sent and sent[0][1] == province.node.office_name  # the office, not "upstream"
    assert sent[0][4] == _("Acknowledged")


def test_no_laptop_enrolled_yet_says_so(qtbot, province, stick, monkeypatch):
    said: list[str] = []
    monkeypatch.setattr("desktop.ui.texts.show_info", lambda _p, text, *_a: said.append(text))
    page = _page(qtbot, province)
    assert page.export_receipt() is None
    assert said == [_("No laptop is enrolled under this office yet.")]
    assert list(stick.iterdir()) == []


def test_the_result_line_is_hidden_when_empty(qtbot, laptop, stick):
    page = _page(qtbot, laptop)
    assert page.result.isHidden()
    _event(laptop, "Phát tờ rơi")
    qtbot.mouseClick(page.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.op is not None and page.op.done, timeout=20_000)
    assert not page.result.isHidden()
    page.set_result("")
    assert page.result.isHidden()


def test_the_field_column_fits_the_field_name(qtbot, laptop, province, stick):
    eid = _event(laptop, "Tọa đàm", audience_women=10)
    exchange.import_bundle(province, exchange.export_bundle(laptop, stick).path)
    with laptop.db.session() as s:
        s.get(OutreachEvent, eid).audience_women = 12
    with province.db.session() as s:
        s.get(OutreachEvent, eid).audience_women = 15
    exchange.import_bundle(province, exchange.export_bundle(laptop, stick).path)
    page = _page(qtbot, province)
    table = page.conflicts.table
    label = sync_texts.field_label("audience_women")
    assert table.item(0, 2).text() == label
    needed = table.fontMetrics().horizontalAdvance(label)
    assert table.columnWidth(2) >= max(needed + 12, sync_conflicts.MIN_FIELD_WIDTH)
    # Each version names the office that made it.
    origins = {
        page.conflicts.findChild(type(page.conflicts.empty), f"origin_{n}").text() for n in range(2)
    }
    assert origins == {_("by this office"), _("by {office}").format(office=OFFICE)}


def test_the_audit_logs_tab_shows_a_broken_chain(qtbot, laptop, province, stick):
    from sqlalchemy import select, text

    from desktop.core.db.models import AuditEvent

    assert _page(qtbot, laptop).tabs.count() == 2  # a laptop has no logs from others
    laptop.audit("case.print", "case", "x")
    exchange.import_bundle(province, exchange.export_bundle(laptop, stick).path)
    # (A line altered on the laptop is refused with its bundle: tests/security.) Someone
    # alters the laptop's line where the province keeps it.
    with province.db.session() as s:
        seq = s.execute(select(AuditEvent.seq).where(AuditEvent.target_id == "x")).scalar_one()
        s.execute(text("DROP TRIGGER audit_events_no_update"))
        s.execute(text("UPDATE audit_events SET target_id = 'y' WHERE target_id = 'x'"))
    page = _page(qtbot, province)
    assert page.tabs.tabText(2) == _("Audit logs") and page.chain_rows() == []
    page.tabs.setCurrentIndex(2)
    qtbot.mouseClick(page.verify_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.op is not None and page.op.done, timeout=20_000)
    rows = {r[0]: r for r in page.chain_rows()}
    assert rows[OFFICE][2] == _("Broken at line {n}").format(n=seq)
    assert rows[province.node.office_name][2] == _("Intact")
