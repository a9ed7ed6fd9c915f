"""Enrolment: a setup package starts a commune laptop that the province then trusts."""

from __future__ import annotations

import datetime as dt
import json

import pyrage
import pytest

from desktop.core import profile
from desktop.core.db.models import OutreachEvent, ReferenceItem
from desktop.core.errors import KhienError, WrongPassword
from desktop.core.i18n import _
from desktop.core.security import sealed
from desktop.core.security.roles import Role
from desktop.core.sync import enrol, exchange

PASS = "ab2c-de3f-gh4j-km5n-pq6r-st7u"


def _package(province, **over) -> bytes:
    args = dict(
        level="commune", unit_code=6040, office_name="UBND xã Thất Khê", parent_office_id=None,
        username="canbo.thatkhe", full_name="Nông Thị Hoa", role=Role.COMMUNE_OFFICER,
        password="mat-khau-tam-1", passphrase=PASS,
    )  # fmt: skip
    args.update(over)
    return enrol.make_setup_package(province, **args)


def test_passphrase_is_long_and_readable():
    phrase = enrol.new_passphrase()
    assert len(phrase) == 29 and phrase.count("-") == 5
    assert not set(phrase) & set("lo01i")


def test_laptop_starts_from_the_package_and_syncs_up(province, tmp_path):
    data = _package(province)
    assert "Thất Khê".encode() not in data and b"canbo" not in data
    laptop = enrol.start_from_package(
        tmp_path / "laptop", data, PASS, "canbo.thatkhe", "mat-khau-tam-1"
    )
    assert laptop.user.role == Role.COMMUNE_OFFICER
    assert laptop.node.level == "commune" and laptop.node.office_name == "UBND xã Thất Khê"
    with laptop.db.session() as s:  # reference data came down with the package
        assert s.query(ReferenceItem).filter_by(kind="border_gate", code="huu_nghi").one()
        ev = OutreachEvent(
            kind="banner", title="Treo băng rôn tại chợ Thất Khê", held_on=dt.date(2026, 7, 30)
        )
        s.add(ev)
    stick = tmp_path / "usb"
    stick.mkdir()
    out = exchange.export_bundle(laptop, stick)
    got = exchange.import_bundle(province, out.path)
    assert got.conflicts == 0 and got.counts.get("outreach_events") == 1
    with province.db.session() as s:
        assert s.get(OutreachEvent, ev.id).title == "Treo băng rôn tại chợ Thất Khê"
    laptop.close()
    again = profile.open_profile(tmp_path / "laptop", "canbo.thatkhe", "mat-khau-tam-1")
    again.close()


def test_wrong_passphrase_or_password_leaves_no_profile(province, tmp_path):
    data = _package(province)
    target = tmp_path / "laptop"
    with pytest.raises(WrongPassword):
        enrol.start_from_package(
            target, data, "not-the-passphrase", "canbo.thatkhe", "mat-khau-tam-1"
        )
    with pytest.raises(WrongPassword):
        enrol.start_from_package(target, data, PASS, "canbo.thatkhe", "wrong-password-1")
    assert not profile.exists(target)
    with pytest.raises(KhienError):
        enrol.start_from_package(target, b"garbage" * 50, PASS, "canbo.thatkhe", "mat-khau-tam-1")
    laptop = enrol.start_from_package(target, data, PASS, "canbo.thatkhe", "mat-khau-tam-1")
    laptop.close()


def test_a_package_is_sealed_with_its_cost_and_a_format_1_package_still_opens(province, tmp_path):
    data = _package(province)
    assert data.startswith(enrol.MAGIC + b"\n")  # not age: its cost would depend on the machine
    plain = sealed.open_sealed(data, PASS, enrol.MAGIC, damaged="damaged", wrong="wrong")
    package = json.loads(plain)
    assert package["format_version"] == f"{enrol.FORMAT_MAJOR}.0"
    # Khiên 0.1 wrote the same contents as an age file encrypted with the passphrase.
    package["format_version"] = "1.0"
    old = pyrage.passphrase.encrypt(json.dumps(package).encode(), PASS)
    with pytest.raises(WrongPassword):
        enrol.start_from_package(tmp_path / "a", old, "not-the-passphrase", "canbo.thatkhe", "x")
    laptop = enrol.start_from_package(
        tmp_path / "laptop", old, PASS, "canbo.thatkhe", "mat-khau-tam-1"
    )
    assert laptop.node.office_name == "UBND xã Thất Khê"
    laptop.close()


def test_a_package_of_a_newer_format_asks_for_an_update(province, tmp_path):
    plain = sealed.open_sealed(
        _package(province), PASS, enrol.MAGIC, damaged="damaged", wrong="wrong"
    )
    package = json.loads(plain)
    package["format_version"] = f"{enrol.FORMAT_MAJOR + 1}.0"
    newer = sealed.seal(json.dumps(package).encode(), PASS, enrol.MAGIC)
    with pytest.raises(KhienError) as got:
        enrol.start_from_package(tmp_path / "l", newer, PASS, "canbo.thatkhe", "mat-khau-tam-1")
    assert str(got.value) == _(
        "This setup package was made by a newer version of Khiên: update Khiên to use it."
    )
    assert not profile.exists(tmp_path / "l")


def test_only_an_administrator_enrols(province, data_dir):
    province.create_account(
        username="canbo", full_name="Lương Thị Cán", role=Role.PROVINCIAL_OFFICER,
        office_id=province.node.office_id, password="canbo-pass-1",
    )  # fmt: skip
    province.close()
    officer = profile.open_profile(data_dir, "canbo", "canbo-pass-1")
    with pytest.raises(KhienError):
        _package(officer)
    officer.db.close()
