"""A commune laptop enrolled from the test province (so it holds the province's recovery
recipient, as a real laptop does), and an event typed on it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from desktop.core import profile
from desktop.core.db.models import OutreachEvent
from desktop.core.security.roles import Role
from desktop.core.sync import enrol

PASSPHRASE = "ab2c-de3f-gh4j-km5n-pq6r-st7u"
OFFICER, PASSWORD = "canbo.thatkhe", "mat-khau-tam-1"


def laptop(province: profile.OpenProfile, folder: Path) -> profile.OpenProfile:
    package = enrol.make_setup_package(
        province, level="commune", unit_code=6040, office_name="UBND xã Thất Khê",
        parent_office_id=None, username=OFFICER, full_name="Nông Thị Hoa",
        role=Role.COMMUNE_OFFICER, password=PASSWORD, passphrase=PASSPHRASE,
    )  # fmt: skip
    return enrol.start_from_package(folder, package, PASSPHRASE, OFFICER, PASSWORD)


def event(opened: profile.OpenProfile, title: str) -> str:
    with opened.db.session() as s:
        ev = OutreachEvent(kind="talk", title=title, held_on=dt.date(2026, 7, 30))
        s.add(ev)
    return ev.id
