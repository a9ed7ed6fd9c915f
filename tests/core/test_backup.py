"""Backup and restore: one checked file; a damaged or foreign backup never replaces data."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import zipfile
from pathlib import Path

import pytest
from sqlalchemy import select

from desktop.core import backup, profile
from desktop.core.db.models import OutreachEvent
from desktop.core.errors import KhienError, WrongPassword
from desktop.core.security import audit
from tests.conftest import ADMIN, PASSWORD


def _add(p: profile.OpenProfile, title: str) -> None:
    with p.db.session() as s:
        s.add(OutreachEvent(kind="talk", title=title, held_on=dt.date(2025, 8, 1)))


def _titles(p: profile.OpenProfile) -> set[str]:
    with p.db.session() as s:
        return set(s.execute(select(OutreachEvent.title)).scalars())


def _fingerprint(data_dir: Path) -> dict[str, bytes]:
    return {n: (data_dir / n).read_bytes() for n in ("khien.db", "keystore.json")}


@pytest.fixture
def saved(province, tmp_path):
    _add(province, "Trước khi sao lưu")
    out = backup.make_backup(province, tmp_path / "out" / "khien-backup.zip")
    _add(province, "Sau khi sao lưu")
    province.close()
    return out


def test_backup_file_is_complete(province, tmp_path):
    _add(province, "Một sự kiện")
    out = backup.make_backup(province, tmp_path / "b.zip")
    with zipfile.ZipFile(out) as zf:
        assert sorted(zf.namelist()) == ["keystore.json", "khien.db", "manifest.json"]
        manifest = json.loads(zf.read("manifest.json"))
        assert manifest["format"] == "khien-backup" and manifest["format_version"] == 1
        assert manifest["schema_revision"]
        assert not zf.read("khien.db").startswith(b"SQLite format 3")  # still encrypted
    assert not [f for f in out.parent.iterdir() if f.name.startswith(".khien")]
    with province.db.session() as s:
        assert audit.count(s, "backup") == 1


def test_good_restore_brings_back_old_data(saved, data_dir):
    replaced = backup.restore_backup(data_dir, saved, ADMIN, PASSWORD)
    assert replaced is not None and (replaced / "khien.db").exists()
    assert replaced.parent == data_dir / "backups"
    again = profile.open_profile(data_dir, ADMIN, PASSWORD)
    try:
        assert _titles(again) == {"Trước khi sao lưu"}
        with again.db.session() as s:
            assert audit.count(s, "restore") == 1
            assert audit.verify(s, again.node.node_id).ok
    finally:
        again.close()


def test_restore_into_empty_folder(saved, tmp_path):
    fresh = tmp_path / "fresh"
    assert backup.restore_backup(fresh, saved, ADMIN, PASSWORD) is None
    again = profile.open_profile(fresh, ADMIN, PASSWORD)
    assert _titles(again) == {"Trước khi sao lưu"}
    again.close()


def _damaged_copies(saved: Path, tmp_path: Path) -> list[Path]:
    raw = saved.read_bytes()
    with zipfile.ZipFile(saved) as zf:
        info = zf.getinfo("khien.db")
        start = info.header_offset + 30 + len(info.filename) + len(info.extra)
    flipped = bytearray(raw)
    flipped[start + 5000] ^= 0x01
    truncated = raw[: len(raw) // 2]
    out = []
    for name, data in (
        ("flipped.zip", bytes(flipped)),
        ("truncated.zip", truncated),
        ("text.zip", b"hello"),
    ):
        path = tmp_path / name
        path.write_bytes(data)
        out.append(path)
    # A well-formed zip whose database does not match the manifest's hash.
    forged = tmp_path / "forged.zip"
    with zipfile.ZipFile(saved) as src, zipfile.ZipFile(forged, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "khien.db":
                data = data[:-16] + bytes(16)
            dst.writestr(item.filename, data)
    out.append(forged)
    # Not our manifest.
    foreign = tmp_path / "foreign.zip"
    with zipfile.ZipFile(foreign, "w") as dst:
        dst.writestr("manifest.json", json.dumps({"format": "something-else"}))
    out.append(foreign)
    return out


def test_damaged_backups_are_refused_and_profile_untouched(saved, data_dir, tmp_path):
    before = _fingerprint(data_dir)
    for bad in _damaged_copies(saved, tmp_path):
        with pytest.raises(KhienError) as info:
            backup.restore_backup(data_dir, bad, ADMIN, PASSWORD)
        assert "\n" not in str(info.value) and str(info.value).endswith(".")
        assert _fingerprint(data_dir) == before, bad.name
    assert not (data_dir / "backups").exists() or not list(
        (data_dir / "backups").glob("replaced-*")
    )
    assert not [f for f in data_dir.iterdir() if f.name.startswith(".khien-restore")]
    again = profile.open_profile(data_dir, ADMIN, PASSWORD)
    assert _titles(again) == {"Trước khi sao lưu", "Sau khi sao lưu"}
    again.close()


def test_wrong_password_is_refused(saved, data_dir):
    before = _fingerprint(data_dir)
    with pytest.raises(WrongPassword):
        backup.restore_backup(data_dir, saved, ADMIN, "sai-mat-khau")
    with pytest.raises(WrongPassword):
        backup.restore_backup(data_dir, saved, "ai-do", PASSWORD)
    assert _fingerprint(data_dir) == before


def test_backup_of_another_key_fails_integrity(saved, data_dir, tmp_path):
    """A backup whose keystore unwraps a key that does not open its database."""
    other_dir = tmp_path / "other"
    other, _identity = profile.create_province(
        other_dir,
        province_code=20,
        admin_username=ADMIN,
        admin_password=PASSWORD,
        admin_full_name="Lê Văn B",
    )
    other.close()
    mixed = tmp_path / "mixed.zip"
    with zipfile.ZipFile(saved) as src:
        manifest = json.loads(src.read("manifest.json"))
        db = src.read("khien.db")
    ks = (other_dir / "keystore.json").read_bytes()

    manifest["members"]["keystore.json"]["sha256"] = hashlib.sha256(ks).hexdigest()
    with zipfile.ZipFile(mixed, "w") as dst:
        dst.writestr("manifest.json", json.dumps(manifest))
        dst.writestr("khien.db", db)
        dst.writestr("keystore.json", ks)
    before = _fingerprint(data_dir)
    with pytest.raises(KhienError):
        backup.restore_backup(data_dir, mixed, ADMIN, PASSWORD)
    assert _fingerprint(data_dir) == before


def test_missing_file(data_dir, tmp_path):
    with pytest.raises(KhienError):
        backup.restore_backup(data_dir, tmp_path / "nope.zip", ADMIN, PASSWORD)
