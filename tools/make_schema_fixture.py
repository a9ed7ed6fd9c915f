"""Write a fixture profile of the current schema into tests/fixtures/schema_<rev>/.

Run once when a schema is released (before the next migration is written), then commit
the folder; tests/core/test_migrations.py upgrades every fixture to head.

    .venv/bin/python tools/make_schema_fixture.py
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from sqlalchemy.orm import Session

from desktop.core import profile
from desktop.core.db import migrate
from desktop.core.db.models import OutreachEvent, Person, ReceptionCase
from desktop.core.db.models_cases import (
    CaseConsent,
    CaseTransition,
    Handover,
    Referral,
    SupportEntry,
)
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
        _law_case(s)
    opened.close()
    for extra in ("khien.db-wal", "khien.db-shm"):
        (target / extra).unlink(missing_ok=True)
    shutil.rmtree(target / "backups", ignore_errors=True)
    print(f"wrote {target}")


def _law_case(s: Session) -> None:
    """A case with every kind of record of schema 0006 (consent, paper, referral, handover,
    a support entry and its counter-entry), so later migrations are tested against them."""
    person = Person(full_name="Lò Thị Bốn", sex="female", birth_year=2008, status="identified_victim",
                    home_province_code=4, home_commune_code=None)  # fmt: skip
    s.add(person)
    s.flush()
    day = dt.date(2025, 9, 2)
    case = ReceptionCase(
        case_code="LS-20-2025-00004", person_id=person.id, received_on=day,
        channel="self_reported", notified_on=day, legal_regime="2024", status="handed_over",
        status_on=day, age_at_reception=17, age_approximate=True, child_presumed=False,
        is_child=True, purposes="material labour", recruitment_methods="job_offer online_zalo",
        control_means="withholds_documents", recruiter_relation="acquaintance",
        id_doc_type="police", id_doc_number="12/XN", id_doc_date=day,
        id_doc_issuer="Công an tỉnh Lạng Sơn",
    )  # fmt: skip
    s.add(case)
    s.flush()
    for src, dst in (("received", "verifying"), ("verifying", "identified"),
                     ("identified", "referred"), ("referred", "handed_over")):  # fmt: skip
        s.add(CaseTransition(case_id=case.id, from_status=src, to_status=dst,
                             effective_on=day, actor="admin"))  # fmt: skip
    s.add(CaseConsent(case_id=case.id, referral=True, sharing=True, given_on=day,
                      given_by="representative", representative="Lò Văn Bố"))  # fmt: skip
    s.add(Referral(case_id=case.id, to_agency="Trung tâm CTXH tỉnh", referred_on=day))
    s.add(Handover(case_id=case.id, kind="family", handed_on=day, receiver="Lò Văn Bố",
                   receiver_role="bố", province_code=4))  # fmt: skip
    wrong = SupportEntry(case_id=case.id, support_type="a", given_on=day, amount=500_000)
    s.add(wrong)
    s.flush()
    s.add(SupportEntry(case_id=case.id, support_type="a", given_on=day, amount=-500_000,
                       corrects_id=wrong.id, reason="Nhập nhầm"))  # fmt: skip


if __name__ == "__main__":
    main()
