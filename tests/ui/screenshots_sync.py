"""Render the Sync page of an area office (history, conflicts) in Vietnamese to PNG files.

Not a test (pytest does not collect it). Run:
    QT_QPA_PLATFORM=offscreen .venv/bin/python -m tests.ui.screenshots_sync OUT_DIR
"""

from __future__ import annotations

import datetime as dt
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from sqlalchemy import select

from desktop.core import i18n, profile
from desktop.core.db.models import OutreachEvent
from desktop.core.db.models_sync import Peer
from desktop.core.security import keystore
from desktop.core.security.roles import Role
from desktop.core.sync import enrol, exchange, receipts
from desktop.ui.app import prepare
from desktop.ui.pages.sync import SyncPage

PASS = "ab2c-de3f-gh4j-km5n-pq6r-st7u"


def _shoot(app: QApplication, widget: QWidget, path: Path) -> None:
    widget.show()
    for _n in range(5):
        app.processEvents()
    widget.grab().save(str(path))
    print(path)


def build(work: Path) -> tuple[profile.OpenProfile, profile.OpenProfile, profile.OpenProfile]:
    """A province, an area office and a commune under it, with bundles and one conflict."""
    keystore.DEFAULT_KDF = keystore.KdfParams(1, 1024, 1)
    stick = work / "usb"
    stick.mkdir()
    prov, _identity = profile.create_province(
        work / "province", province_code=20, admin_username="quantri",
        admin_password="mat-khau-tinh", admin_full_name="Hoàng Thị Lan",
    )  # fmt: skip
    data = enrol.make_setup_package(
        prov, level="area", unit_code=None, office_name="Phòng Khu vực Tràng Định",
        parent_office_id=None, username="canbo.khuvuc", full_name="Hoàng Văn Khu",
        role=Role.DISTRICT_OFFICER, password="mat-khau-khu-1", passphrase=PASS,
        area_codes=[6040, 6046],
    )  # fmt: skip
    area = enrol.start_from_package(work / "area", data, PASS, "canbo.khuvuc", "mat-khau-khu-1")
    with prov.db.session() as s:
        area_office = s.execute(
            select(Peer.office_id).where(Peer.node_id == area.node.node_id)
        ).scalar_one()
    data = enrol.make_setup_package(
        prov, level="commune", unit_code=6040, office_name="UBND xã Thất Khê",
        parent_office_id=area_office, username="canbo.xa", full_name="Nông Thị Hoa",
        role=Role.COMMUNE_OFFICER, password="mat-khau-xa-1", passphrase=PASS,
    )  # fmt: skip
    xa = enrol.start_from_package(work / "commune", data, PASS, "canbo.xa", "mat-khau-xa-1")
    exchange.import_bundle(area, receipts.export_receipt(prov, area.node.node_id, stick).path)
    with xa.db.session() as s:
        ev = OutreachEvent(
            kind="talk", title="Nói chuyện chuyên đề tại thôn Nà Lầu",
            held_on=dt.date(2026, 7, 28), commune_code=6040, author="canbo.xa",
        )  # fmt: skip
        s.add(ev)
    exchange.import_bundle(area, exchange.export_bundle(xa, stick).path)
    exchange.import_bundle(prov, exchange.export_bundle(area, stick).path)
    exchange.import_bundle(xa, receipts.export_receipt(area, xa.node.node_id, stick).path)
    with xa.db.session() as s:
        row = s.get(OutreachEvent, ev.id)
        row.title, row.audience_total = "Nói chuyện về Luật Phòng, chống mua bán người 2024", 85
    with area.db.session() as s:
        row = s.get(OutreachEvent, ev.id)
        row.title, row.audience_total = "Tọa đàm phòng, chống mua bán người tại Nà Lầu", 90
    exchange.import_bundle(area, exchange.export_bundle(xa, stick).path)
    return prov, area, xa


def main(out: Path) -> int:
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication([])
    work = Path(tempfile.mkdtemp(prefix="khien-sync-shots-"))
    prepare(app, work)
    i18n.set_language("vi")
    prov, area, xa = build(work)
    page = SyncPage(area)
    page.resize(1100, 620)
    _shoot(app, page, out / "sync-area-history.png")
    page.tabs.setCurrentIndex(1)
    _shoot(app, page, out / "sync-area-conflicts.png")
    page.set_result("Đã ghi gói đồng bộ vào /media/canbo/USB: 12 bản ghi.")
    page.tabs.setCurrentIndex(0)
    _shoot(app, page, out / "sync-area-result.png")
    page.close()
    province_page = SyncPage(prov)
    province_page.resize(1100, 500)
    _shoot(app, province_page, out / "sync-province.png")
    province_page.tabs.setCurrentIndex(2)
    province_page._show_chains(exchange.audit_chains(prov))
    _shoot(app, province_page, out / "sync-province-audit.png")
    province_page.close()
    from desktop.ui.pages.enrol_dialog import EnrolDialog

    dialog = EnrolDialog(prov)
    dialog.level.setCurrentIndex(dialog.level.findData("area"))
    dialog.office.setText("Phòng Khu vực Văn Lãng")
    for i in range(3):
        dialog.covered.item(i).setCheckState(Qt.CheckState.Checked)
    _shoot(app, dialog, out / "enrol-area.png")
    dialog.close()
    for p in (prov, area, xa):
        p.db.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1] if len(sys.argv) > 1 else "shots")))
