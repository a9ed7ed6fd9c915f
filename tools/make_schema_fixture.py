"""Write a fixture profile of the current schema into tests/fixtures/schema_<rev>/.

Run once when a schema is released (before the next migration is written), then commit
the folder; tests/core/test_migrations.py upgrades every fixture to head.

    .venv/bin/python tools/make_schema_fixture.py
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from desktop.core import profile
from desktop.core.db import migrate
from desktop.core.db.models import OutreachEvent, Person, ReceptionCase
from desktop.core.security import keystore

ROOT = Path(__file__).resolve().parents[1]
USER, PASSWORD = "admin", "fixture-pass-1"


def main() -> None:
    keystore.DEFAULT_KDF = keystore.KdfParams(1, 1024, 1)  # keep the fixture quick to open
    rev = migrate.head_revision()
    target = ROOT / "tests" / "fixtures" / f"schema_{rev}"
    shutil.rmtree(target, ignore_errors=True)
    opened, _identity = profile.create_province(
        target,
        province_code=20,
        admin_username=USER,
        admin_password=PASSWORD,
        admin_full_name="Lương Văn Mẫu",
    )
    with opened.db.session() as s:
        s.add(
            OutreachEvent(
                kind="banner",
                title="Treo băng rôn tại chợ Đông Kinh",
                held_on=dt.date(2025, 7, 30),
                audience_total=0,
            )
        )
        person = Person(full_name="Hà Thị Mẫu", sex="female", birth_year=2009)
        s.add(person)
        s.flush()
        s.add(
            ReceptionCase(
                case_code="LS-2025-00001",
                person_id=person.id,
                received_on=dt.date(2025, 6, 20),
                channel="handed_over_border",
                border_gate="huu_nghi",
                legal_regime="2011",
            )
        )
    opened.close()
    for extra in ("khien.db-wal", "khien.db-shm"):
        (target / extra).unlink(missing_ok=True)
    shutil.rmtree(target / "backups", ignore_errors=True)
    print(f"wrote {target}")


if __name__ == "__main__":
    main()
