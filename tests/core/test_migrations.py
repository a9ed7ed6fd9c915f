"""Every released schema's fixture profile opens and upgrades; bad files are refused."""

import datetime as dt
import hashlib
import shutil
from pathlib import Path

import pytest
from sqlalchemy import select, text

from desktop.core import places, profile
from desktop.core.cases import rules
from desktop.core.db import migrate, repair_cases
from desktop.core.db.models import AdminUnit, OutreachEvent, Person, ReceptionCase, Setting
from desktop.core.db.models_cases import CaseTransition, Referral
from desktop.core.errors import NotADatabase, SchemaTooNew
from desktop.core.i18n import _
from tests.conftest import ADMIN, PASSWORD

FIXTURES_DIR = Path(__file__).resolve().parents[1] / "fixtures"
FIXTURES = sorted(FIXTURES_DIR.glob("schema_*"))


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_there_is_a_fixture_for_the_first_schema():
    assert any(f.name == "schema_0001_first" for f in FIXTURES)


@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda p: p.name)
def test_fixture_profile_upgrades_to_head_and_keeps_its_records(fixture, tmp_path):
    data_dir = tmp_path / "old"
    shutil.copytree(fixture, data_dir)
    fixture_rev = fixture.name.removeprefix("schema_")
    opened = profile.open_profile(data_dir, "admin", "fixture-pass-1")
    try:
        assert migrate.current_revision(opened.db.engine) == migrate.head_revision()
        if fixture_rev != migrate.head_revision():
            assert opened.backup_made is not None and opened.backup_made.exists()
        with opened.db.session() as s:
            assert (
                s.execute(select(OutreachEvent.title)).scalar_one()
                == "Treo băng rôn tại chợ Đông Kinh"
            )
            names = set(s.execute(select(Person.full_name)).scalars())
            assert "Hà Thị Mẫu" in names
            codes = set(s.execute(select(ReceptionCase.case_code)).scalars())
            assert "LS-2025-00001" in codes
    finally:
        opened.close()


def test_cases_of_version_0_1_are_carried_to_the_law_exact_model(tmp_path):
    """Migration 0006 and the referral repair on the 0005 fixture (tools/make_schema_fixture
    plus three legacy cases): "supported" → "identified", the family's report → Art. 27's
    report, the home province from the commune, the presumption of minority, a referred
    case gets its referral record from its step, free text kept."""
    data_dir = tmp_path / "old"
    shutil.copytree(FIXTURES_DIR / "schema_0005_natural_keys", data_dir)
    opened = profile.open_profile(data_dir, "admin", "fixture-pass-1")
    try:
        with opened.db.session() as s:
            by_code = {c.case_code: c for c in s.execute(select(ReceptionCase)).scalars()}
            first, second, third = (by_code[f"LS-2025-0000{n}"] for n in (1, 2, 3))
            # No age was recorded for it: presumed a child until the age is established.
            assert (first.age_at_reception, first.child_presumed, first.is_child) == (
                None, True, True,
            )  # fmt: skip
            assert (second.status, second.channel) == ("identified", "self_reported")
            assert second.recruitment == "Hứa việc làm qua Zalo"  # free text kept
            person = s.get(Person, second.person_id)
            assert (person.home_commune_code, person.home_province_code) == (6253, 20)
            referrals = list(
                s.execute(select(Referral).where(Referral.case_id == third.id)).scalars()
            )
            assert len(referrals) == 1
            assert referrals[0].referred_on == dt.date(2025, 9, 9)
            assert referrals[0].reason == "Cần điều trị" and referrals[0].rev  # travels
            assert referrals[0].id == repair_cases.referral_id(
                s.execute(
                    select(CaseTransition.id).where(
                        CaseTransition.case_id == third.id, CaseTransition.to_status == "referred"
                    )
                ).scalar_one()
            )
            # The history keeps the old step, with its old name.
            assert rules.status_label("supported") == _(rules.LEGACY_STATUSES["supported"])
    finally:
        opened.close()
    # Opening again makes no second referral.
    opened = profile.open_profile(data_dir, "admin", "fixture-pass-1")
    try:
        with opened.db.session() as s:
            assert len(list(s.execute(select(Referral)).scalars())) == 1
    finally:
        opened.close()


def test_pre_upgrade_backup_is_an_encrypted_copy(province, data_dir):
    backup = migrate.backup_file(
        province.db.engine, data_dir / "khien.db", data_dir / "backups", "test"
    )
    assert backup.exists() and backup.stat().st_size > 0
    assert not backup.read_bytes().startswith(b"SQLite format 3")


def test_newer_schema_is_refused_and_file_untouched(province, data_dir):
    with province.db.session() as s:
        s.execute(text("UPDATE alembic_version SET version_num = '9999_from_the_future'"))
    province.close()
    before = _digest(data_dir / "khien.db")
    with pytest.raises(SchemaTooNew) as err:
        profile.open_profile(data_dir, ADMIN, PASSWORD)
    assert "Khiên" in err.value.message
    assert _digest(data_dir / "khien.db") == before
    assert not (data_dir / "backups").exists() or not any((data_dir / "backups").iterdir())


@pytest.mark.parametrize("damage", ["garbage", "truncated", "flipped"])
def test_damaged_database_is_refused_and_left_alone(province, data_dir, damage):
    province.close()
    db = data_dir / "khien.db"
    raw = bytearray(db.read_bytes())
    if damage == "garbage":
        db.write_bytes(b"this is not a database at all\n" * 100)
    elif damage == "truncated":
        db.write_bytes(bytes(raw[:100]))
    else:
        raw[200] ^= 0xFF  # inside page 1, covered by its HMAC
        db.write_bytes(bytes(raw))
    before = _digest(db)
    with pytest.raises(NotADatabase):
        profile.open_profile(data_dir, ADMIN, PASSWORD)
    assert _digest(db) == before


def test_migrations_build_exactly_the_models(province):
    """A new model column or table without its migration (or the reverse) fails here."""
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    from desktop.core.db.models import Base
    from desktop.core.search_index import is_index_table

    def declared(name: str | None, kind: str, _parent: object) -> bool:
        return not (kind == "table" and name and is_index_table(name))  # FTS5: not models

    with province.db.engine.connect() as conn:
        opts = {"compare_type": True, "include_name": declared}
        ctx = MigrationContext.configure(conn, opts=opts)
        diffs = compare_metadata(ctx, Base.metadata)
    assert diffs == []


def test_natural_keys_upgrade_keeps_rows_that_refer_to_a_copied_table(province, data_dir):
    """0005 copies reception_cases (rows of other tables refer to it): from a 0004 database
    with a case and its note, the upgrade keeps every row and reference, foreign keys are
    enforced again afterwards, and a case code may then be stored twice (clashes travel)."""
    from alembic import command

    from desktop.core.cases import records as case_records
    from desktop.core.security.roles import Role
    from tests.core.cases_helpers import as_role, receive

    as_role(province, Role.PROVINCIAL_OFFICER)
    case_id = receive(province)
    case_records.add_note(province, case_id, "Đã liên hệ gia đình")
    engine = province.db.engine
    with engine.connect() as conn:  # back to the released 0004 schema
        conn.connection.dbapi_connection.execute("PRAGMA foreign_keys=OFF")
        with conn.begin():
            cfg = migrate._config()
            cfg.attributes["connection"] = conn
            command.downgrade(cfg, "0004_sync")
        conn.connection.dbapi_connection.execute("PRAGMA foreign_keys=ON")
    assert migrate.current_revision(engine) == "0004_sync"
    backup = migrate.upgrade(engine, data_dir / "khien.db", data_dir / "backups")
    assert backup is not None and migrate.current_revision(engine) == migrate.head_revision()
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA foreign_key_check").first() is None
        notes = conn.exec_driver_sql("SELECT case_id FROM case_notes").scalars().all()
        assert notes == [case_id]
        code = conn.exec_driver_sql("SELECT case_code FROM reception_cases").scalar_one()
        row = conn.exec_driver_sql("SELECT * FROM reception_cases").mappings().one()
        copy = {**row, "id": "00000000-0000-7000-8000-000000000001"}
        cols = ", ".join(copy)
        conn.exec_driver_sql(
            f"INSERT INTO reception_cases ({cols}) VALUES ({', '.join('?' * len(copy))})",
            tuple(copy.values()),
        )
        assert (
            conn.exec_driver_sql(
                "SELECT count(*) FROM reception_cases WHERE case_code = ?", (code,)
            ).scalar()
            == 2
        )
        conn.rollback()


def test_an_old_profile_gets_the_reconciled_units_at_open(tmp_path):
    """Profiles made before the legacy table was reconciled with the pinned package had 15
    former communes pointing at codes that do not exist: opening rebuilds the table once."""
    data_dir = tmp_path / "old"
    shutil.copytree(FIXTURES_DIR / "schema_0005_natural_keys", data_dir)
    opened = profile.open_profile(data_dir, "admin", "fixture-pass-1")
    try:
        with opened.db.session() as s:
            current = set(
                s.execute(select(AdminUnit.code).where(AdminUnit.kind == "commune")).scalars()
            )
            for successors in s.execute(
                select(AdminUnit.successors).where(AdminUnit.kind == "legacy_commune")
            ).scalars():
                assert {int(c) for c in successors.split()} <= current
            version = s.get(Setting, places.UNITS_SETTING).value
        assert version == places.units_version(20)
        with opened.db.session() as s:
            assert not places.refresh_units(s, 20)  # once only
    finally:
        opened.close()
