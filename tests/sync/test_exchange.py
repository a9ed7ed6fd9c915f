"""Bundles between two installations: export, import, fast-forward, conflicts, refusals."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import pytest
from sqlalchemy import select

from desktop.core import profile
from desktop.core.db.models import OutreachEvent
from desktop.core.db.models_sync import Conflict
from desktop.core.errors import KhienError
from desktop.core.security.roles import Role
from desktop.core.sync import conflicts, enrol, exchange, node
from desktop.core.sync.bundle import BundleRefused
from tests.conftest import build_once

PASS = "ab2c-de3f-gh4j-km5n-pq6r-st7u"


def _enrol(province: profile.OpenProfile, folder: Path) -> dict[str, profile.OpenProfile]:
    data = enrol.make_setup_package(
        province, level="commune", unit_code=6040, office_name="Xã Tân Thanh",
        parent_office_id=None, username="canbo.xa", full_name="Lương Thị Cán",
        role=Role.COMMUNE_OFFICER, password="matkhau-123", passphrase=PASS,
    )  # fmt: skip
    laptop = enrol.start_from_package(folder / "laptop", data, PASS, "canbo.xa", "matkhau-123")
    (folder / "usb").mkdir()
    return {"laptop": laptop}


@pytest.fixture
def pair(province, tmp_path, tmp_path_factory):
    """A commune laptop enrolled by the province, and the province (the first test's pair,
    copied: enrolling takes seconds; each test has its own folders)."""
    laptop = build_once("exchange-pair", province, tmp_path, tmp_path_factory, _enrol)["laptop"]
    yield laptop, province, tmp_path / "usb"
    laptop.db.close()


def _event(p: profile.OpenProfile, title: str) -> str:
    with p.db.session() as s:
        ev = OutreachEvent(
            kind="talk", title=title, held_on=dt.date(2026, 7, 30), commune_code=6040
        )
        s.add(ev)
    return ev.id


def _edit(p: profile.OpenProfile, event_id: str, **values) -> None:
    with p.db.session() as s:
        ev = s.get(OutreachEvent, event_id)
        for k, v in values.items():
            setattr(ev, k, v)


def _get(p: profile.OpenProfile, event_id: str) -> OutreachEvent | None:
    with p.db.session() as s:
        return s.get(OutreachEvent, event_id)


def _digest(p: profile.OpenProfile) -> str:
    with p.db.session() as s:
        rows = s.execute(
            select(OutreachEvent.id, OutreachEvent.rev).order_by(OutreachEvent.id)
        ).all()
    return hashlib.sha256(repr(rows).encode()).hexdigest()


def test_a_new_event_reaches_the_province_once(pair):
    laptop, province, stick = pair
    eid = _event(laptop, "Nói chuyện chuyên đề tại thôn Nà Lầu")
    out = exchange.export_bundle(laptop, stick)
    with laptop.db.session() as s:  # what the log held, should this ever fail again
        from desktop.core.db.models_sync import Revision

        logged = s.execute(select(Revision.table_name, Revision.change_seq)).all()
    assert out.path.name.endswith(".khb")
    assert out.counts.get("outreach_events", 0) >= 1, (out.counts, logged[-5:])
    got = exchange.import_bundle(province, out.path)
    assert got.new_revisions >= 1 and got.conflicts == 0
    theirs, mine = _get(province, eid), _get(laptop, eid)
    assert (theirs.title, theirs.rev, theirs.search_fold) == (
        mine.title,
        mine.rev,
        mine.search_fold,
    )
    again = exchange.import_bundle(province, out.path)
    assert again.already_imported


def test_cumulative_bundles_fast_forward_and_older_ones_are_refused(pair):
    laptop, province, stick = pair
    eid = _event(laptop, "Mít tinh")
    first = exchange.export_bundle(laptop, stick)
    _edit(laptop, eid, audience_total=150, audience_women=80)
    second = exchange.export_bundle(laptop, stick)
    exchange.import_bundle(province, second.path)  # the first stick was lost: no matter
    assert _get(province, eid).audience_total == 150
    before = _digest(province)
    with pytest.raises(BundleRefused):
        exchange.import_bundle(province, first.path)  # replayed after a newer one
    assert _digest(province) == before


def test_concurrent_edits_merge_fields_or_queue_a_conflict(pair):
    laptop, province, stick = pair
    eid = _event(laptop, "Tọa đàm")
    exchange.import_bundle(province, exchange.export_bundle(laptop, stick).path)
    _edit(laptop, eid, village="Bản Chắt", title="Tọa đàm về Luật 53/2024")
    _edit(province, eid, venue="Nhà văn hóa", title="Tọa đàm phòng, chống mua bán người")
    exchange.import_bundle(province, exchange.export_bundle(laptop, stick).path)
    row = _get(province, eid)
    assert (row.village, row.venue) == ("Bản Chắt", "Nhà văn hóa")  # disjoint fields merged
    queue = conflicts.open_conflicts(province)
    assert [(c.field, sorted(c.values.values())) for c in queue] == [
        ("title", ["Tọa đàm phòng, chống mua bán người", "Tọa đàm về Luật 53/2024"])
    ]
    rev = conflicts.resolve(province, "outreach_events", eid, {"title": "Tọa đàm (đã thống nhất)"})
    assert conflicts.open_conflicts(province) == []
    assert _get(province, eid).rev == rev
    # Both edits stay stored as revisions; the resolution descends from both.
    with province.db.session() as s:
        from desktop.core.db.models_sync import Revision

        resolution = s.get(Revision, rev)
        assert len(resolution.parents.split()) == 2
        assert s.execute(select(Conflict).where(Conflict.resolved_rev == rev)).scalars().all()


def test_tampered_bundle_changes_nothing(pair):
    laptop, province, stick = pair
    _event(laptop, "Treo băng rôn")
    out = exchange.export_bundle(laptop, stick)
    raw = bytearray(out.path.read_bytes())
    raw[len(raw) // 2] ^= 0xFF
    bad = stick / "bad.khb"
    bad.write_bytes(bytes(raw))
    before = _digest(province)
    with pytest.raises(BundleRefused):
        exchange.import_bundle(province, bad)
    assert _digest(province) == before
    exchange.import_bundle(province, out.path)  # the good one still goes in afterwards


def test_revoked_laptop_is_refused(pair):
    laptop, province, stick = pair
    _event(laptop, "Phát thanh")
    out = exchange.export_bundle(laptop, stick)
    with province.db.session() as s:
        node.revoke_peer(s, laptop.node.node_id)
    with pytest.raises(BundleRefused):
        exchange.import_bundle(province, out.path)


def test_export_refuses_a_missing_folder_and_no_upstream(pair, tmp_path):
    laptop, province, _stick = pair
    with pytest.raises(KhienError):
        exchange.export_bundle(laptop, tmp_path / "no-such-stick")
    with pytest.raises(KhienError):
        exchange.export_bundle(province, tmp_path)  # the province has nobody upstream


def test_preview_says_what_a_bundle_holds_and_history_lists_it(pair):
    laptop, province, stick = pair
    _event(laptop, "Chiếu phim")
    out = exchange.export_bundle(laptop, stick)
    seen = exchange.preview(province, out.path)
    assert seen.origin_name == "Xã Tân Thanh" and seen.counts == out.counts
    assert not seen.already_imported
    assert exchange.history(province) == []  # a preview applies nothing
    exchange.import_bundle(province, out.path)
    assert exchange.preview(province, out.path).already_imported
    [sent] = exchange.history(laptop)
    assert (sent.direction, sent.acknowledged) == ("out", False)
    [got] = exchange.history(province)
    assert (got.direction, got.peer_name) == ("in", "Xã Tân Thanh")


def test_last_sync_is_remembered_on_both_sides(pair):
    laptop, province, stick = pair
    assert profile.get_setting(laptop, "last_sync") == ""
    _event(laptop, "Tập huấn")
    exchange.import_bundle(province, exchange.export_bundle(laptop, stick).path)
    for side in (laptop, province):
        assert (
            dt.datetime.fromisoformat(profile.get_setting(side, "last_sync")).date()
            == dt.date.today()
        )


def test_the_audit_log_travels_upstream_and_verifies_per_node(pair):
    from desktop.core.security import audit

    laptop, province, stick = pair
    laptop.audit("case.print", "case", "x")
    out = exchange.export_bundle(laptop, stick)
    exchange.import_bundle(province, out.path)
    exchange.import_bundle(province, exchange.export_bundle(laptop, stick).path)  # twice: once kept
    with province.db.session() as s, laptop.db.session() as t:
        mine = audit.verify(t, laptop.node.node_id)
        there = audit.verify(s, laptop.node.node_id)
        assert there.ok and there.count == mine.count - 1  # all but the last export line
        assert laptop.node.node_id in audit.nodes(s)


def test_resolving_one_field_asks_about_the_other_fields_in_conflict(pair):
    laptop, province, stick = pair
    eid = _event(laptop, "Tọa đàm")
    exchange.import_bundle(province, exchange.export_bundle(laptop, stick).path)
    _edit(laptop, eid, title="A", village="Bản A")
    _edit(province, eid, title="B", village="Bản B")
    exchange.import_bundle(province, exchange.export_bundle(laptop, stick).path)
    assert {c.field for c in conflicts.open_conflicts(province)} == {"title", "village"}
    with pytest.raises(conflicts.OtherFieldsInConflict) as err:
        conflicts.resolve(province, "outreach_events", eid, {"title": "C"})
    assert err.value.fields == ["village"]
    assert len(conflicts.open_conflicts(province)) == 2  # nothing changed
    conflicts.resolve(province, "outreach_events", eid, {"title": "C"}, keep_others=True)
    assert conflicts.open_conflicts(province) == []
