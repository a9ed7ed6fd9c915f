"""The profile's backup folder: full backups before an upgrade, the list the Administration
page shows, restoring the open profile (after a copy of the current data), and the bare
database copies Khiên 0.1.0 made before its upgrades."""

from __future__ import annotations

import datetime as dt
import hashlib
import shutil
import zipfile
from pathlib import Path

import pytest
from sqlalchemy import select

from desktop.core import backup, profile
from desktop.core.db import migrate
from desktop.core.db.models import OutreachEvent
from desktop.core.errors import PermissionDenied, WrongPassword
from desktop.core.progress import run_job
from desktop.core.security.roles import Role
from tests.conftest import ADMIN, PASSWORD

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "schema_0004_sync"
FIXTURE_USER, FIXTURE_PASSWORD = "admin", "fixture-pass-1"


def _add(p: profile.OpenProfile, title: str) -> None:
    with p.db.session() as s:
        s.add(OutreachEvent(kind="talk", title=title, held_on=dt.date(2026, 8, 1)))


def _titles(p: profile.OpenProfile) -> set[str]:
    with p.db.session() as s:
        return set(s.execute(select(OutreachEvent.title)).scalars())


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def old_profile(tmp_path) -> Path:
    data_dir = tmp_path / "old"
    shutil.copytree(FIXTURE, data_dir)
    return data_dir


def test_the_upgrade_of_a_released_profile_leaves_a_full_listed_backup(old_profile):
    opened = profile.open_profile(old_profile, FIXTURE_USER, FIXTURE_PASSWORD)
    try:
        made = opened.backup_made
        assert made is not None and made.suffix == ".zip" and made.parent.name == "backups"
        with zipfile.ZipFile(made) as zf:
            assert sorted(zf.namelist()) == ["keystore.json", "khien.db", "manifest.json"]
            assert not zf.read("khien.db").startswith(b"SQLite format 3")
        listed = backup.list_backups(old_profile)
        assert [b.path for b in listed] == [made]
        info = listed[0]
        assert info.reason == backup.UPGRADE and not info.problem
        assert info.schema_revision == "0004_sync"
        assert info.created is not None
        assert (
            abs(info.created - dt.datetime.now(dt.UTC).replace(tzinfo=None)).total_seconds() < 600
        )
        _add(opened, "Ghi sau khi nâng cấp")
    finally:
        opened.close()
    # The pre-upgrade backup brings the records back as they were before the upgrade.
    backup.restore_backup(old_profile, made, FIXTURE_USER, FIXTURE_PASSWORD)
    again = profile.open_profile(old_profile, FIXTURE_USER, FIXTURE_PASSWORD)
    try:
        assert migrate.current_revision(again.db.engine) == migrate.head_revision()
        assert "Ghi sau khi nâng cấp" not in _titles(again)
        assert "Treo băng rôn tại chợ Đông Kinh" in _titles(again)
    finally:
        again.close()


def test_restore_job_keeps_a_copy_first_and_closes_the_profile(province, data_dir):
    _add(province, "Trước")
    saved = backup.backup_now(province)
    _add(province, "Sau")
    replaced = run_job(backup.restore_job(province, saved, PASSWORD))
    assert province.closed and replaced is not None
    listed = backup.list_backups(data_dir)
    assert [b.reason for b in listed] == [backup.BEFORE_RESTORE, backup.MANUAL]
    again = profile.open_profile(data_dir, ADMIN, PASSWORD)
    assert _titles(again) == {"Trước"}
    # The copy made first undoes the restore.
    run_job(backup.restore_job(again, listed[0].path, PASSWORD))
    third = profile.open_profile(data_dir, ADMIN, PASSWORD)
    try:
        assert _titles(third) == {"Trước", "Sau"}
    finally:
        third.close()


def test_a_wrong_password_restores_nothing_and_keeps_the_profile_open(province, data_dir):
    _add(province, "Trước")
    saved = backup.backup_now(province)
    _add(province, "Sau")
    with pytest.raises(WrongPassword):
        run_job(backup.restore_job(province, saved, "sai-mat-khau-9"))
    assert not province.closed
    assert _titles(province) == {"Trước", "Sau"}  # still open and unchanged
    assert not (data_dir / "backups" / "replaced").exists()
    assert not [p for p in (data_dir / "backups").iterdir() if p.name.startswith("replaced-")]


def test_only_an_administrator_restores_or_backs_up(province):
    saved = backup.backup_now(province)
    province.create_account(
        username="canbo", full_name="Lương Thị Cán", role=Role.PROVINCIAL_OFFICER,
        office_id=province.node.office_id, password="canbo-pass-1",
    )  # fmt: skip
    officer = profile.open_profile(province.data_dir, "canbo", "canbo-pass-1")
    try:
        with pytest.raises(PermissionDenied):
            run_job(backup.restore_job(officer, saved, "canbo-pass-1"))
        with pytest.raises(PermissionDenied):
            backup.backup_now(officer)
        assert not officer.closed
    finally:
        officer.close()


def _legacy_copy(p: profile.OpenProfile, revision: str) -> Path:
    """What Khiên 0.1.0 left before an upgrade: the database file alone."""
    with p.db.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    target = p.data_dir / "backups" / f"khien-20250101-080000-before-{revision}.db"
    target.parent.mkdir(exist_ok=True)
    shutil.copyfile(p.db.path, target)
    return target


def test_a_database_only_copy_is_listed_and_restores_with_the_current_key_file(province, data_dir):
    _add(province, "Trong bản sao cũ")
    legacy = _legacy_copy(province, "0005_natural_keys")
    _add(province, "Sau bản sao")
    (info,) = backup.list_backups(data_dir)
    assert info.reason == backup.LEGACY_UPGRADE and info.created == dt.datetime(2025, 1, 1, 8)
    run_job(backup.restore_job(province, legacy, PASSWORD))
    again = profile.open_profile(data_dir, ADMIN, PASSWORD)
    try:
        assert _titles(again) == {"Trong bản sao cũ"}
    finally:
        again.close()


def test_a_database_copy_from_before_a_password_change_is_refused_unchanged(province, data_dir):
    legacy = _legacy_copy(province, "0005_natural_keys")
    province.change_password(PASSWORD, "mat-khau-moi-2")
    province.close()
    before = _digest(data_dir / "khien.db")
    with pytest.raises(WrongPassword):
        backup.restore_backup(data_dir, legacy, ADMIN, "mat-khau-moi-2")
    assert _digest(data_dir / "khien.db") == before
    profile.open_profile(data_dir, ADMIN, "mat-khau-moi-2").close()


def test_a_damaged_file_is_listed_with_its_problem(province, data_dir):
    backup.backup_now(province)
    bad = data_dir / "backups" / "khien-20260101-000000-manual.zip"
    bad.write_bytes(b"not a zip")
    (data_dir / "backups" / "notes.txt").write_text("x")
    listed = backup.list_backups(data_dir)
    assert len(listed) == 2
    damaged = [b for b in listed if b.problem]
    assert [b.path for b in damaged] == [bad]
    assert listed[0].created is not None and listed[0].problem == ""  # newest first
