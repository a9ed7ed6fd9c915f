"""Relay through an area (district) office: province → area office → commune.

The province enrols an area office and a commune under it; the commune's bundles can be
read by both offices; the area office imports them, and its own bundles carry them on to
the province, which stores what comes by both roads once. The area office writes receipts
for its communes. The audit log travels from the acknowledged line on, and the province
still sees a break in any node's chain.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from desktop.core.db.models import AuditEvent, OutreachEvent
from desktop.core.db.models_sync import Bundle, Peer, Revision
from desktop.core.profile import OpenProfile
from desktop.core.security import audit
from desktop.core.security.roles import Role
from desktop.core.sync import authority, conflicts, enrol, exchange, node, receipts
from desktop.core.sync.bundle import BundleRefused
from tests.conftest import build_once

PASS = "ab2c-de3f-gh4j-km5n-pq6r-st7u"
AREA_NAME = "Phòng Khu vực Tràng Định"
COMMUNE_NAME = "UBND xã Thất Khê"


def _office_of(opened, name: str) -> str:
    with opened.db.session(read=True) as s:
        return s.execute(select(Peer.office_id).where(Peer.name == name)).scalar_one()


def _area_and_commune(province, folder: Path) -> dict[str, OpenProfile]:
    data = enrol.make_setup_package(
        province, level="area", unit_code=None, office_name=AREA_NAME, parent_office_id=None,
        username="canbo.khuvuc", full_name="Hoàng Văn Khu", role=Role.DISTRICT_OFFICER,
        password="mat-khau-khu-1", passphrase=PASS, area_codes=[6040, 6046],
    )  # fmt: skip
    area = enrol.start_from_package(folder / "area", data, PASS, "canbo.khuvuc", "mat-khau-khu-1")
    data = enrol.make_setup_package(
        province, level="commune", unit_code=6040, office_name=COMMUNE_NAME,
        parent_office_id=_office_of(province, AREA_NAME), username="canbo.xa",
        full_name="Nông Thị Hoa", role=Role.COMMUNE_OFFICER, password="mat-khau-xa-1",
        passphrase=PASS,
    )  # fmt: skip
    commune = enrol.start_from_package(folder / "commune", data, PASS, "canbo.xa", "mat-khau-xa-1")
    stick = folder / "usb"
    stick.mkdir()
    # The area office learns of the commune enrolled under it from the province's receipt.
    exchange.import_bundle(area, receipts.export_receipt(province, area.node.node_id, stick).path)
    return {"area": area, "commune": commune}


@pytest.fixture
def tree(province, tmp_path, tmp_path_factory):
    """The province, an area office covering two communes, and a commune under it (enrolling
    takes seconds: each test gets a copy of what the first test's enrolling made)."""
    made = build_once("relay-tree", province, tmp_path, tmp_path_factory, _area_and_commune)
    area, commune, stick = made["area"], made["commune"], tmp_path / "usb"
    yield province, area, commune, stick
    area.db.close()
    commune.db.close()


def _event(p, title: str) -> str:
    with p.db.session() as s:
        ev = OutreachEvent(
            kind="talk", title=title, held_on=dt.date(2026, 7, 30), commune_code=6040,
            author=p.user.username,
        )  # fmt: skip
        s.add(ev)
    return ev.id


def _get(p, event_id: str) -> OutreachEvent | None:
    with p.db.session() as s:
        return s.get(OutreachEvent, event_id)


def _revisions(p, row_id: str) -> int:
    with p.db.session() as s:
        q = select(func.count()).select_from(Revision).where(Revision.row_id == row_id)
        return int(s.execute(q).scalar_one())


def _records(reader, path) -> list[dict]:
    """The records of a bundle, as an office able to read it sees them."""
    with reader.db.session() as s:
        return exchange._verified(s, path.read_bytes()).records


def test_the_area_office_covers_its_communes_and_the_commune_sends_to_both(tree):
    province, area, commune, stick = tree
    with province.db.session() as s:
        from desktop.core.db.models import Office

        office = s.get(Office, _office_of(province, AREA_NAME))
        assert (office.level, office.area_codes) == ("area", "6040 6046")
    assert area.node.level == "area"
    with commune.db.session() as s:
        ups = {p.node_id: p.name for p in node.upstream(s)}
    assert ups == {area.node.node_id: AREA_NAME, province.node.node_id: province.node.office_name}
    _event(commune, "Nói chuyện tại chợ Thất Khê")
    out = exchange.export_bundle(commune, stick)
    for reader in (area, province):  # either office can read and verify it
        assert exchange.preview(reader, out.path).origin_name == COMMUNE_NAME
    with area.db.session() as s:
        assert {p.node_id for p in node.downstream(s)} == {commune.node.node_id}


@pytest.mark.parametrize("direct_first", [False, True])
def test_records_reach_the_province_through_the_area_office_and_are_stored_once(tree, direct_first):
    province, area, commune, stick = tree
    eid = _event(commune, "Tuyên truyền tại thôn Nà Lầu")
    from_commune = exchange.export_bundle(commune, stick)
    got = exchange.import_bundle(area, from_commune.path)
    assert got.new_revisions >= 1 and got.conflicts == 0
    assert _get(area, eid).title == "Tuyên truyền tại thôn Nà Lầu"  # the area office sees it
    from_area = exchange.export_bundle(area, stick)
    carried = [r for r in _records(province, from_area.path) if r.get("id") == eid]
    assert [r["origin_node"] for r in carried] == [commune.node.node_id]
    roads = [from_commune.path, from_area.path]
    first, second = roads if direct_first else roads[::-1]
    assert exchange.import_bundle(province, first).new_revisions >= 1
    again = exchange.import_bundle(province, second)
    assert not again.already_imported and again.conflicts == 0
    theirs, mine = _get(province, eid), _get(commune, eid)
    assert (theirs.title, theirs.rev) == (mine.title, mine.rev)
    assert _revisions(province, eid) == 1
    with province.db.session() as s:
        n = s.execute(select(func.count()).select_from(OutreachEvent)).scalar_one()
    assert n == 1
    assert conflicts.open_conflicts(province) == []


def test_the_area_office_keeps_its_own_sequence_and_hash_chain(tree):
    province, area, commune, stick = tree
    _event(commune, "Buổi 1")
    exchange.import_bundle(area, exchange.export_bundle(commune, stick).path)
    first = exchange.export_bundle(area, stick)
    # A receipt for the commune in between does not break the chain the province sees.
    receipt = receipts.export_receipt(area, commune.node.node_id, stick)
    _event(commune, "Buổi 2")
    exchange.import_bundle(area, exchange.export_bundle(commune, stick).path)
    second = exchange.export_bundle(area, stick)
    third = exchange.export_bundle(area, stick)
    got = [exchange.import_bundle(province, b.path) for b in (first, second)]
    assert [g.missed for g in got] == [False, False]
    with province.db.session() as s:
        rows = (
            s.execute(
                select(Bundle)
                .where(Bundle.origin_node == area.node.node_id, Bundle.direction == exchange.IN)
                .order_by(Bundle.seq)
            )
            .scalars()
            .all()
        )
        seqs = [b.seq for b in rows]
        assert seqs == sorted(set(seqs)) and rows[1].prev_hash == rows[0].file_sha256
    with area.db.session() as s:
        ours = {b.bundle_id: b for b in s.execute(select(Bundle)).scalars()}
    assert ours[receipt.bundle_id].seq < ours[second.bundle_id].seq  # one rising sequence
    assert ours[second.bundle_id].prev_hash == ours[first.bundle_id].file_sha256
    assert ours[third.bundle_id].prev_hash == ours[second.bundle_id].file_sha256
    # The third bundle is lost; the fourth shows the gap, and costs nothing.
    fourth = exchange.export_bundle(area, stick)
    assert exchange.import_bundle(province, fourth.path).missed
    with pytest.raises(BundleRefused):
        exchange.import_bundle(province, third.path)  # older than the fourth


def test_the_area_office_writes_receipts_for_its_communes(tree):
    province, area, commune, stick = tree
    eid = _event(commune, "Mít tinh")
    exchange.import_bundle(area, exchange.export_bundle(commune, stick).path)
    with area.db.session() as s:  # the area office corrects a figure
        s.get(OutreachEvent, eid).audience_total = 150
    first = receipts.export_receipt(area, commune.node.node_id, stick)
    assert exchange.import_bundle(commune, first.path).missed is False
    assert _get(commune, eid).audience_total == 150
    assert exchange.history(commune)[-1].acknowledged
    assert exchange.export_bundle(commune, stick).counts.get("outreach_events", 0) == 0
    second = receipts.export_receipt(area, commune.node.node_id, stick)
    assert exchange.import_bundle(commune, second.path).missed is False  # its own chain
    # The correction reaches the province through the area office's own bundle.
    exchange.import_bundle(province, exchange.export_bundle(area, stick).path)
    assert _get(province, eid).audience_total == 150
    [down, *_rest] = [r for r in exchange.history(area) if r.direction == exchange.DOWN]
    assert down.peer_name == COMMUNE_NAME
    [up] = [r for r in exchange.history(area) if r.direction == exchange.OUT]
    assert up.peer_name == province.node.office_name
    assert receipts.receipt_peers(area) == [(commune.node.node_id, COMMUNE_NAME)]


def test_a_correction_by_the_province_comes_down_through_the_area_office(tree):
    province, area, commune, stick = tree
    eid = _event(commune, "Chiếu phim")
    exchange.import_bundle(area, exchange.export_bundle(commune, stick).path)
    exchange.import_bundle(province, exchange.export_bundle(area, stick).path)
    with province.db.session() as s:
        s.get(OutreachEvent, eid).venue = "Nhà văn hóa khối 3"
    exchange.import_bundle(area, receipts.export_receipt(province, area.node.node_id, stick).path)
    assert _get(area, eid).venue == "Nhà văn hóa khối 3"
    exchange.import_bundle(commune, receipts.export_receipt(area, commune.node.node_id, stick).path)
    assert _get(commune, eid).venue == "Nhà văn hóa khối 3"
    # Neither office sends the province's own revision back up to it.
    back = exchange.export_bundle(area, stick)
    assert not [r for r in _records(province, back.path) if r.get("id") == eid]


def test_unknown_or_revoked_communes_are_refused_by_the_area_office(tree, tmp_path):
    province, area, commune, stick = tree
    data = enrol.make_setup_package(
        province, level="commune", unit_code=6046, office_name="UBND xã Tràng Định",
        parent_office_id=_office_of(province, AREA_NAME), username="canbo.td",
        full_name="Lý Văn Định", role=Role.COMMUNE_OFFICER, password="mat-khau-td-1",
        passphrase=PASS,
    )  # fmt: skip
    late = enrol.start_from_package(tmp_path / "late", data, PASS, "canbo.td", "mat-khau-td-1")
    try:
        _event(late, "Treo băng rôn")
        out = exchange.export_bundle(late, stick)
        with pytest.raises(BundleRefused):  # the area office has not heard of it yet
            exchange.import_bundle(area, out.path)
        exchange.import_bundle(
            area, receipts.export_receipt(province, area.node.node_id, stick).path
        )
        assert exchange.import_bundle(area, out.path).new_revisions >= 1
        with province.db.session() as s:
            node.revoke_peer(s, late.node.node_id)
        exchange.import_bundle(
            area, receipts.export_receipt(province, area.node.node_id, stick).path
        )
        _event(late, "Phát thanh")
        with pytest.raises(BundleRefused):
            exchange.import_bundle(area, exchange.export_bundle(late, stick).path)
    finally:
        late.db.close()


def _audit_lines(records: list[dict], node_id: str) -> list[int]:
    return sorted(
        r["seq"] for r in records if r["table"] == "audit_events" and r["node_id"] == node_id
    )


def test_audit_lines_travel_once_and_a_tampered_line_shows_a_break(tree, capsys, monkeypatch):
    province, area, commune, stick = tree
    me = commune.node.node_id
    commune.audit("case.print", "case", "x")
    first = exchange.export_bundle(commune, stick)
    sent = _audit_lines(_records(area, first.path), me)
    assert sent and sent[0] == 1
    exchange.import_bundle(area, first.path)
    exchange.import_bundle(commune, receipts.export_receipt(area, me, stick).path)
    commune.audit("case.print", "case", "y")
    second = exchange.export_bundle(commune, stick)
    again = _audit_lines(_records(area, second.path), me)
    assert again and again[0] == sent[-1] + 1  # only the lines after the acknowledged one
    exchange.import_bundle(area, second.path)
    exchange.import_bundle(province, exchange.export_bundle(area, stick).path)
    with province.db.session() as s, commune.db.session() as t:
        there, here = audit.verify(s, me), audit.verify(t, me)
        assert there.ok and there.count >= max(again)  # verified across both bundles
        assert here.count == there.count + 1  # all but the commune's last export line
    # Someone edits the commune's database to hide what an officer printed: the area
    # office refuses the bundle whose audit line no longer matches its hash.
    commune.audit("case.print", "case", "z")
    with commune.db.session() as t:
        target = t.execute(
            select(AuditEvent.seq).where(AuditEvent.node_id == me, AuditEvent.target_id == "z")
        ).scalar_one()
        t.execute(text("DROP TRIGGER audit_events_no_update"))
        t.execute(
            text("UPDATE audit_events SET target_id = 'w' WHERE node_id = :n AND seq = :q"),
            {"n": me, "q": target},
        )
    with pytest.raises(authority.Violation) as caught:
        exchange.import_bundle(area, exchange.export_bundle(commune, stick).path)
    assert caught.value.reason == authority.HISTORY_REWRITTEN
    # A line altered where it is kept (here, at the province) breaks the chain there.
    with province.db.session() as s:
        last = s.execute(
            select(func.max(AuditEvent.seq)).where(AuditEvent.node_id == me)
        ).scalar_one()
        s.execute(text("DROP TRIGGER audit_events_no_update"))
        s.execute(
            text("UPDATE audit_events SET target_id = 'w' WHERE node_id = :n AND seq = :q"),
            {"n": me, "q": last},
        )
    target = last
    with province.db.session() as s:
        check = audit.verify(s, me)
        assert check.broken_at == target
        assert [c.node_id for c in audit.verify_all(s) if not c.ok] == [me]
    # ``khien audit`` shows the break too, and fails.
    from desktop import cli
    from tests.conftest import ADMIN, PASSWORD

    monkeypatch.setenv("KHIEN_PASSWORD", PASSWORD)
    capsys.readouterr()
    assert cli.main(["audit", "--data-dir", str(province.data_dir), "--user", ADMIN]) == 1
    lines = capsys.readouterr().out.splitlines()
    [broken] = [line for line in lines if line.startswith(COMMUNE_NAME)]
    assert str(target) in broken and len(lines) == 3


def test_a_bundle_for_the_area_office_cannot_be_read_by_another(tree, tmp_path):
    province, area, commune, stick = tree
    out = exchange.export_bundle(area, stick)
    with pytest.raises(BundleRefused):
        exchange.preview(commune, out.path)  # encrypted to the province only
