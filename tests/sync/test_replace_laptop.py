"""A lost laptop replaced: the province enrols a new laptop for the same office, which
starts with the office's records; the old laptop is refused and locks itself."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from desktop import cli
from desktop.core import profile
from desktop.core.db.models import Account, OutreachEvent
from desktop.core.db.models_sync import Peer
from desktop.core.errors import KhienError, PermissionDenied, WrongPassword
from desktop.core.security.roles import Role
from desktop.core.sync import enrol, exchange, receipts, records
from tests.conftest import build_once

PASS = "ab2c-de3f-gh4j-km5n-pq6r-st7u"
PASS2 = "zz2c-de3f-gh4j-km5n-pq6r-st7u"
OFFICE = "UBND xã Thất Khê"


def _enrol(province, folder):
    package = enrol.make_setup_package(
        province, level="commune", unit_code=6040, office_name=OFFICE,
        parent_office_id=None, username="canbo.tk", full_name="Nông Thị Hoa",
        role=Role.COMMUNE_OFFICER, password="mat-khau-tam-1", passphrase=PASS,
    )  # fmt: skip
    old = enrol.start_from_package(folder / "old", package, PASS, "canbo.tk", "mat-khau-tam-1")
    (folder / "usb").mkdir()
    return {"old": old}


@pytest.fixture
def setup(province, tmp_path, tmp_path_factory):
    """The province and the laptop it enrolled first (the first test's, copied: enrolling
    takes seconds), and an empty stick."""
    old = build_once("replaced-laptop", province, tmp_path, tmp_path_factory, _enrol)["old"]
    yield province, old, tmp_path / "usb"
    old.db.close()


def _event(p, title: str) -> str:
    with p.db.session() as s:
        ev = OutreachEvent(kind="banner", title=title, held_on=dt.date(2026, 7, 30))
        s.add(ev)
    return ev.id


def _titles(p) -> set[str]:
    with p.db.session() as s:
        return set(s.execute(select(OutreachEvent.title)).scalars())


def test_a_replacement_laptop_takes_over_and_the_old_one_is_locked_out(setup, tmp_path):
    province, old, stick = setup
    office_id = old.node.office_id
    before = _event(old, "Nói chuyện tại chợ")
    exchange.import_bundle(province, exchange.export_bundle(old, stick).path)
    with province.db.session() as s:  # the province corrects a figure of the old laptop's
        s.get(OutreachEvent, before).audience_total = 80
    after_theft = _event(old, "Sau khi bị mất máy")
    stolen_bundle = exchange.export_bundle(old, stick).path

    package = enrol.make_replacement_package(
        province, office_id, username="CANBO.TK", full_name="",
        password="mat-khau-moi-2", passphrase=PASS2,
    )  # fmt: skip
    new = enrol.start_from_package(tmp_path / "new", package, PASS2, "canbo.tk", "mat-khau-moi-2")
    try:
        assert new.node.office_id == office_id and new.node.node_id != old.node.node_id
        assert new.node.office_name == OFFICE
        # It starts with the office's records the province holds, corrections included.
        assert _titles(new) == {"Nói chuyện tại chợ"}
        with new.db.session() as s:
            assert s.get(OutreachEvent, before).audience_total == 80
            [acc] = [a for a in s.execute(select(Account)).scalars() if a.username == "canbo.tk"]
            assert acc.full_name == "Nông Thị Hoa"  # the same account, not a second one
        # Its work reaches the province.
        _event(new, "Buổi họp thôn")
        got = exchange.import_bundle(province, exchange.export_bundle(new, stick).path)
        assert got.new_revisions >= 1
        assert "Buổi họp thôn" in _titles(province)
        with new.db.session() as s:
            s.get(OutreachEvent, before).title = "Nói chuyện tại chợ phiên"
        exchange.import_bundle(province, exchange.export_bundle(new, stick).path)
        assert "Nói chuyện tại chợ phiên" in _titles(province)
        receipt = receipts.export_receipt(province, new.node.node_id, stick)
        exchange.import_bundle(new, receipt.path)
        assert exchange.history(new)[-1].acknowledged is True
    finally:
        new.close()
    # The stolen laptop's bundle is refused, and nothing of it goes in.
    with pytest.raises(KhienError):
        exchange.import_bundle(province, stolen_bundle)
    assert "Sau khi bị mất máy" not in _titles(province)
    with province.db.session() as s:
        assert s.get(Peer, old.node.node_id).revoked is True
    assert after_theft
    # The old laptop locks itself when a receipt reaches it.
    exchange.import_bundle(old, receipts.export_receipt(province, old.node.node_id, stick).path)
    old.close()
    with pytest.raises(KhienError) as err:
        profile.open_profile(tmp_path / "old", "canbo.tk", "mat-khau-tam-1")
    assert "thu hồi" in err.value.message or "revoked" in err.value.message


def test_a_new_user_name_gets_a_new_account_and_old_passwords_do_not_open_it(setup, tmp_path):
    province, old, _stick = setup
    package = enrol.make_replacement_package(
        province, old.node.office_id, username="canbo.moi", full_name="Hoàng Văn Nam",
        password="mat-khau-moi-2", passphrase=PASS2,
    )  # fmt: skip
    with pytest.raises(WrongPassword):
        enrol.start_from_package(tmp_path / "x", package, PASS2, "canbo.tk", "mat-khau-tam-1")
    new = enrol.start_from_package(tmp_path / "y", package, PASS2, "canbo.moi", "mat-khau-moi-2")
    try:
        assert new.user.role == Role.COMMUNE_OFFICER
        assert new.user.office_id == old.node.office_id
    finally:
        new.close()
    # A second replacement revokes the first replacement too.
    enrol.make_replacement_package(
        province, old.node.office_id, username="canbo.moi", full_name="",
        password="mat-khau-moi-3", passphrase=PASS2,
    )  # fmt: skip
    with province.db.session() as s:
        peers = list(s.execute(select(Peer).where(Peer.office_id == old.node.office_id)).scalars())
    assert len(peers) == 3 and sum(not p.revoked for p in peers) == 1


def test_refusals(setup, tmp_path):
    province, old, _stick = setup
    with pytest.raises(KhienError):  # its own office
        enrol.make_replacement_package(
            province, province.node.office_id, username="a.b", full_name="A B",
            password="mat-khau-moi-2", passphrase=PASS2,
        )  # fmt: skip
    with pytest.raises(KhienError):  # a short passphrase
        enrol.make_replacement_package(
            province, old.node.office_id, username="canbo.tk", full_name="",
            password="mat-khau-moi-2", passphrase="short",
        )  # fmt: skip
    with pytest.raises(PermissionDenied):  # a commune officer
        enrol.make_replacement_package(
            old, old.node.office_id, username="canbo.tk", full_name="",
            password="mat-khau-moi-2", passphrase=PASS2,
        )  # fmt: skip
    with province.db.session() as s:  # nothing was revoked by the refusals
        assert s.get(Peer, old.node.node_id).revoked is False


def test_the_command_line(province, tmp_path, capsys, monkeypatch):
    data_dir = province.data_dir
    province.close()
    monkeypatch.setenv("KHIEN_PASSWORD", "matkhau-123")
    monkeypatch.setenv("KHIEN_SETUP_PASSPHRASE", PASS)
    monkeypatch.setenv("KHIEN_FIRST_PASSWORD", "mat-khau-xa-11")
    base = ["--data-dir", str(data_dir), "--user", province.user.username]
    first = tmp_path / "first.khs"
    assert cli.main(["enrol", *base, "--unit", "6040", "--admin", "canbo.tk",
                     "--office-name", OFFICE, "--out", str(first)]) == 0  # fmt: skip
    again = tmp_path / "again.khs"
    assert cli.main(["enrol", *base, "--unit", "6040", "--admin", "canbo.tk",
                     "--office-name", OFFICE, "--out", str(again)]) == 1  # fmt: skip
    capsys.readouterr()
    monkeypatch.setenv("KHIEN_FIRST_PASSWORD", "mat-khau-xa-22")
    assert cli.main(["enrol", *base, "--replace", "ubnd xa that khe", "--admin", "canbo.tk",
                     "--out", str(again)]) == 0  # fmt: skip
    out = capsys.readouterr().out
    assert str(again) in out and ("thu hồi" in out or "revoked" in out)
    monkeypatch.setenv("KHIEN_PASSWORD", "mat-khau-xa-22")
    lap = tmp_path / "lap"
    assert cli.main(["init", "--data-dir", str(lap), "--setup-package", str(again),
                     "--user", "canbo.tk"]) == 0  # fmt: skip
    monkeypatch.setenv("KHIEN_PASSWORD", "matkhau-123")
    capsys.readouterr()
    assert cli.main(["bundle", "nodes", *base]) == 0
    lines = [ln for ln in capsys.readouterr().out.splitlines() if OFFICE in ln]
    assert len(lines) == 2 and sum(("thu hồi" in ln or "revoked" in ln) for ln in lines) == 1
    assert cli.main(["enrol", *base, "--replace", "Không có", "--admin", "canbo.tk",
                     "--out", str(tmp_path / "none.khs")]) == 1  # fmt: skip


def _replacement(province, office_id: str, folder):
    """The office's replacement laptop, started (its officer keeps the user name)."""
    package = enrol.make_replacement_package(
        province, office_id, username="canbo.tk", full_name="Nông Thị Hoa",
        password="mat-khau-moi-1", passphrase=PASS2,
    )  # fmt: skip
    return enrol.start_from_package(folder, package, PASS2, "canbo.tk", "mat-khau-moi-1")


def test_corrections_to_the_stolen_laptops_records_reach_the_replacement(setup, tmp_path):
    """Receipts carried corrections only to rows the receiving laptop itself had made: the
    province's later corrections of what the stolen laptop had sent never reached its
    replacement (found by tools/simulate.py). Rows now belong to their office."""
    province, old, stick = setup
    office_id = old.node.office_id
    made = _event(old, "Nói chuyện tại chợ")
    exchange.import_bundle(province, exchange.export_bundle(old, stick).path)
    new = _replacement(province, office_id, tmp_path / "new")
    try:
        with province.db.session() as s:  # corrected after the replacement was enrolled
            s.get(OutreachEvent, made).venue = "Hội trường xã (tỉnh sửa)"
        receipt = receipts.export_receipt(province, new.node.node_id, stick)
        exchange.import_bundle(new, receipt.path)
        with new.db.session() as s:
            assert s.get(OutreachEvent, made).venue == "Hội trường xã (tỉnh sửa)"
    finally:
        new.close()


def test_what_the_stolen_laptop_sent_late_reaches_the_replacement(setup, tmp_path):
    """The stolen laptop's last bundle reached the province only after the replacement was
    enrolled (relayed late by an area office, here imported before the revocation took
    effect there): its records must still reach the replacement (tools/simulate.py)."""
    province, old, stick = setup
    office_id = old.node.office_id
    late = _event(old, "Gửi muộn trước khi mất máy")
    with old.db.session() as s:  # what its last bundle carried
        sent = [r for r in records.changes_since(s, 0) if r["table"] == "outreach_events"]
    new = _replacement(province, office_id, tmp_path / "new")
    try:
        with province.db.session() as s:  # as an area office's relay brings it, later
            records.apply(s, sent)
        receipt = receipts.export_receipt(province, new.node.node_id, stick)
        exchange.import_bundle(new, receipt.path)
        with new.db.session() as s:
            assert s.get(OutreachEvent, late).title == "Gửi muộn trước khi mất máy"
    finally:
        new.close()
