"""Receipts back down: acknowledgement, corrections (never an overwrite), revocation."""

from __future__ import annotations

import datetime as dt

import pytest

from desktop.core import profile
from desktop.core.db.models import OutreachEvent, ReferenceItem
from desktop.core.errors import KhienError
from desktop.core.security.roles import Role
from desktop.core.sync import conflicts, enrol, exchange, node, receipts
from tests.conftest import build_once

PASS = "ab2c-de3f-gh4j-km5n-pq6r-st7u"


def _enrol(province, folder):
    package = enrol.make_setup_package(
        province, level="commune", unit_code=6040, office_name="UBND xã Thất Khê",
        parent_office_id=None, username="canbo.tk", full_name="Nông Thị Hoa",
        role=Role.COMMUNE_OFFICER, password="mat-khau-tam-1", passphrase=PASS,
    )  # fmt: skip
    laptop = enrol.start_from_package(
        folder / "laptop", package, PASS, "canbo.tk", "mat-khau-tam-1"
    )
    (folder / "usb").mkdir()
    return {"laptop": laptop}


@pytest.fixture
def setup(province, tmp_path, tmp_path_factory):
    """The province and a laptop it enrolled (the first test's, copied: enrolling takes
    seconds), and an empty stick."""
    laptop = build_once("receipts-laptop", province, tmp_path, tmp_path_factory, _enrol)["laptop"]
    yield province, laptop, tmp_path / "usb"
    laptop.db.close()


def _event(p, title="Treo băng rôn") -> str:
    with p.db.session() as s:
        ev = OutreachEvent(kind="banner", title=title, held_on=dt.date(2026, 7, 30))
        s.add(ev)
    return ev.id


def test_receipt_acknowledges_so_the_next_bundle_starts_after_it(setup):
    province, laptop, stick = setup
    _event(laptop)
    exchange.import_bundle(province, exchange.export_bundle(laptop, stick).path)
    assert exchange.history(laptop)[0].acknowledged is False
    receipt = receipts.export_receipt(province, laptop.node.node_id, stick)
    exchange.import_bundle(laptop, receipt.path)
    assert exchange.history(laptop)[-1].acknowledged is True
    nothing_new = exchange.export_bundle(laptop, stick)
    assert nothing_new.counts.get("outreach_events", 0) == 0


def test_reference_data_and_corrections_come_down(setup):
    province, laptop, stick = setup
    eid = _event(laptop, "Nói chuyện")
    exchange.import_bundle(province, exchange.export_bundle(laptop, stick).path)
    with province.db.session() as s:
        s.add(
            ReferenceItem(kind="border_gate", code="po_ma", name="Cửa khẩu Pò Mã", name_en="Pò Mã")
        )
        s.get(OutreachEvent, eid).audience_total = 120  # the province corrects a figure
    exchange.import_bundle(
        laptop, receipts.export_receipt(province, laptop.node.node_id, stick).path
    )
    with laptop.db.session() as s:
        assert s.query(ReferenceItem).filter_by(code="po_ma").one().name == "Cửa khẩu Pò Mã"
        assert s.get(OutreachEvent, eid).audience_total == 120
    assert conflicts.open_conflicts(laptop) == []


def test_a_correction_to_a_row_edited_since_becomes_a_conflict(setup):
    province, laptop, stick = setup
    eid = _event(laptop, "Mít tinh")
    exchange.import_bundle(province, exchange.export_bundle(laptop, stick).path)
    with province.db.session() as s:
        s.get(OutreachEvent, eid).title = "Mít tinh hưởng ứng ngày 30/7"
    with laptop.db.session() as s:
        s.get(OutreachEvent, eid).title = "Mít tinh tại chợ"
    exchange.import_bundle(
        laptop, receipts.export_receipt(province, laptop.node.node_id, stick).path
    )
    [c] = conflicts.open_conflicts(laptop)
    assert c.field == "title" and set(c.values.values()) == {
        "Mít tinh hưởng ứng ngày 30/7",
        "Mít tinh tại chợ",
    }


def test_a_revoked_laptop_locks_itself(setup, tmp_path):
    province, laptop, stick = setup
    with province.db.session() as s:
        node.revoke_peer(s, laptop.node.node_id)
    with pytest.raises(KhienError):
        receipts.export_receipt(province, "not-a-node", stick)
    # The revoked laptop still receives the receipt that tells it so.
    with province.db.session() as s:
        from desktop.core.db.models_sync import Peer

        s.get(Peer, laptop.node.node_id).revoked = True
    path = receipts.export_receipt(province, laptop.node.node_id, stick).path
    exchange.import_bundle(laptop, path)
    laptop.close()
    with pytest.raises(KhienError) as err:
        profile.open_profile(tmp_path / "laptop", "canbo.tk", "mat-khau-tam-1")
    assert "thu hồi" in err.value.message or "revoked" in err.value.message
