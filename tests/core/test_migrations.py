"""Every released schema's fixture profile opens and upgrades; bad files are refused."""

import hashlib
import shutil
from pathlib import Path

import pytest
from sqlalchemy import select, text

from desktop.core import profile
from desktop.core.db import migrate
from desktop.core.db.models import OutreachEvent, Person, ReceptionCase
from desktop.core.errors import NotADatabase, SchemaTooNew
from tests.conftest import ADMIN, PASSWORD

FIXTURES = sorted((Path(__file__).resolve().parents[1] / "fixtures").glob("schema_*"))


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
            assert s.execute(select(Person.full_name)).scalar_one() == "Hà Thị Mẫu"
            assert s.execute(select(ReceptionCase.case_code)).scalar_one() == "LS-2025-00001"
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

    with province.db.engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"compare_type": True})
        diffs = compare_metadata(ctx, Base.metadata)
    assert diffs == []
