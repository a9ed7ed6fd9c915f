"""Write the fixture of profiles damaged by the lost sync hook (versions up to 0.1).

tests/fixtures/unstamped_0005/ holds a provincial profile and a commune laptop enrolled
from it. Both hold rows written the way an affected version wrote them after a sign-out
and sign-in: through a session with no metadata hook (no revision, ``change_seq`` 0, empty
search and sort columns), and one edit made the same way (the row's content no longer
matches the revision it names). tests/core/test_repair.py opens them.

    .venv/bin/python tools/make_unstamped_fixture.py
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from sqlalchemy import delete
from sqlalchemy.orm import Session

from desktop.core import profile
from desktop.core.db import repair
from desktop.core.db.models import OutreachEvent, Person, ReceptionCase, Setting
from desktop.core.security import keystore
from desktop.core.security.roles import Role
from desktop.core.sync import enrol

ROOT = Path(__file__).resolve().parents[1]
TARGET = ROOT / "tests" / "fixtures" / "unstamped_0005"
ADMIN, PASSWORD = "admin", "fixture-pass-1"
OFFICER, OFFICER_PASSWORD = "canbo.thatkhe", "fixture-pass-2"
PASSPHRASE = "ab2c-de3f-gh4j-km5n-pq6r-st7u"

# Titles the test looks for (the fixture's content, kept in one place).
PROVINCE_EVENT = "Hội nghị tập huấn tại thành phố Lạng Sơn"
LAPTOP_EVENT = "Tuyên truyền lưu động tại chợ Thất Khê"
LAPTOP_EDITED_FROM = "Nói chuyện tại thôn Nà Pàn"
LAPTOP_EDITED_TO = "Nói chuyện chuyên đề tại thôn Nà Pàn"
LAPTOP_PERSON = "Hoàng Thị Mẫu"
LAPTOP_CASE = "LS-2025-00007"


def _unhooked(opened: profile.OpenProfile) -> Session:
    """A session as the affected versions sometimes had: no sync metadata hook."""
    return Session(bind=opened.db.engine, expire_on_commit=False)


def _forget_repair(opened: profile.OpenProfile) -> None:
    with _unhooked(opened) as s, s.begin():
        s.execute(delete(Setting).where(Setting.key == repair.DONE_KEY))


def _close(opened: profile.OpenProfile, folder: Path) -> None:
    opened.close()
    for extra in ("khien.db-wal", "khien.db-shm"):
        (folder / extra).unlink(missing_ok=True)
    shutil.rmtree(folder / "backups", ignore_errors=True)


def main() -> None:
    keystore.DEFAULT_KDF = keystore.KdfParams(1, 1024, 1)  # keep the fixture quick to open
    shutil.rmtree(TARGET, ignore_errors=True)
    province_dir, laptop_dir = TARGET / "province", TARGET / "laptop"
    province, _identity = profile.create_province(
        province_dir,
        province_code=20,
        admin_username=ADMIN,
        admin_password=PASSWORD,
        admin_full_name="Lương Văn Mẫu",
    )
    package = enrol.make_setup_package(
        province,
        level="commune",
        unit_code=6040,
        office_name="UBND xã Thất Khê",
        parent_office_id=None,
        username=OFFICER,
        full_name="Nông Thị Hoa",
        role=Role.COMMUNE_OFFICER,
        password=OFFICER_PASSWORD,
        passphrase=PASSPHRASE,
    )
    with _unhooked(province) as s, s.begin():
        s.add(
            OutreachEvent(
                kind="training", title=PROVINCE_EVENT, held_on=dt.date(2025, 9, 9),
                office_id=province.node.office_id,
            )
        )  # fmt: skip
    _forget_repair(province)
    _close(province, province_dir)

    laptop = enrol.start_from_package(laptop_dir, package, PASSPHRASE, OFFICER, OFFICER_PASSWORD)
    with laptop.db.session() as s:  # a record written while the hook was there
        edited = OutreachEvent(kind="talk", title=LAPTOP_EDITED_FROM, held_on=dt.date(2025, 9, 2))
        s.add(edited)
    office = laptop.node.office_id  # the app always names the office; only stamps were lost
    with _unhooked(laptop) as s, s.begin():
        s.add(
            OutreachEvent(
                kind="mobile", title=LAPTOP_EVENT, held_on=dt.date(2025, 9, 5), office_id=office
            )
        )
        person = Person(full_name=LAPTOP_PERSON, sex="female", birth_year=2008)
        s.add(person)
        s.flush()
        s.add(
            ReceptionCase(
                case_code=LAPTOP_CASE,
                person_id=person.id,
                received_on=dt.date(2025, 9, 6),
                channel="handed_over_border",
                border_gate="huu_nghi",
                legal_regime="2024",
                office_id=office,
            )
        )
        row = s.get(OutreachEvent, edited.id)
        assert row is not None
        row.title = LAPTOP_EDITED_TO
    _forget_repair(laptop)
    _close(laptop, laptop_dir)
    print(f"wrote {TARGET}")


if __name__ == "__main__":
    main()
