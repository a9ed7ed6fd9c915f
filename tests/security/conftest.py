"""A province with two enrolled commune laptops, and an insider on the first of them.

The insider knows the laptop's password and runs Python against its profile: every attack
edits the laptop's own database with the app's own session, then exports normally (or
packs a bundle with the laptop's own keys)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from desktop.core.profile import OpenProfile
from desktop.core.security.roles import Role
from desktop.core.sync import enrol
from tests.conftest import build_once
from tests.sync.test_relay import tree  # noqa: F401  (province, area office, commune)

PASS = "ab2c-de3f-gh4j-km5n-pq6r-st7u"
OFFICER, OFFICER_PASSWORD = "canbo.thatkhe", "mat-khau-xa-1"
OTHER, OTHER_PASSWORD = "canbo.tanthanh", "mat-khau-xa-2"


@dataclass
class Chain:
    province: OpenProfile
    laptop: OpenProfile  # Thất Khê, where the insider sits
    other: OpenProfile  # Tân Thanh, another commune
    stick: Path


def _laptop(province, folder, unit, name, user, password) -> OpenProfile:
    data = enrol.make_setup_package(
        province, level="commune", unit_code=unit, office_name=name, parent_office_id=None,
        username=user, full_name=name, role=Role.COMMUNE_OFFICER, password=password,
        passphrase=PASS,
    )  # fmt: skip
    return enrol.start_from_package(folder, data, PASS, user, password)


def _two_laptops(province: OpenProfile, folder: Path) -> dict[str, OpenProfile]:
    laptop = _laptop(province, folder / "thatkhe", 6040, "UBND xã Thất Khê", OFFICER,
                     OFFICER_PASSWORD)  # fmt: skip
    other = _laptop(province, folder / "tanthanh", 6046, "UBND xã Tân Thanh", OTHER,
                    OTHER_PASSWORD)  # fmt: skip
    (folder / "usb").mkdir()
    return {"laptop": laptop, "other": other}


@pytest.fixture
def chain(province, tmp_path, tmp_path_factory) -> Chain:
    """Enrolling the two laptops takes seconds: each test gets a copy of the first test's."""
    made = build_once("security-chain", province, tmp_path, tmp_path_factory, _two_laptops)
    laptop, other = made["laptop"], made["other"]
    yield Chain(province, laptop, other, tmp_path / "usb")
    laptop.db.close()
    other.db.close()
