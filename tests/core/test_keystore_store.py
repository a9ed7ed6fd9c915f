"""The sign-in store leaks nothing (issue 13, point 5): no name as typed in the key file,
lockout counters that editing the file does not lift (or that are reported), and profile
files for their owner only."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest
from sqlalchemy import select

from desktop.core import backup, profile
from desktop.core.db.models import AuditEvent
from desktop.core.errors import AccountLocked, WrongPassword
from desktop.core.security import file_modes, keystore
from desktop.core.security.roles import Role
from tests.conftest import ADMIN, PASSWORD

TYPED = "Mật-khẩu-gõ-nhầm-ô-tên"  # a password typed in the name field by mistake


@pytest.fixture(autouse=True)
def shadow_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "signin-state"
    monkeypatch.setattr(keystore, "SHADOW_DIR", folder)
    return folder


def _ks(data_dir: Path) -> dict:
    return json.loads((data_dir / "keystore.json").read_text(encoding="utf-8"))


def _write_ks(data_dir: Path, data: dict) -> None:
    (data_dir / "keystore.json").write_text(json.dumps(data), encoding="utf-8")


def _fail(data_dir: Path, user: str = ADMIN, times: int = 1) -> None:
    for _ in range(times):
        with pytest.raises(WrongPassword):
            profile.open_profile(data_dir, user, "not-the-password")


def _audit(p: profile.OpenProfile, action: str) -> list[AuditEvent]:
    with p.db.session() as s:
        rows = s.execute(
            select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.seq)
        ).scalars()
        return list(rows)


def _details(event: AuditEvent) -> dict:
    raw = event.details
    return json.loads(raw) if isinstance(raw, str) else dict(raw or {})


# -- (a) no name as typed --------------------------------------------------------------


def test_failed_sign_ins_keep_no_typed_name(province, data_dir):
    province.close()
    _fail(data_dir, TYPED)
    _fail(data_dir, ADMIN)
    raw = (data_dir / "keystore.json").read_text(encoding="utf-8")
    assert TYPED not in raw and json.dumps(TYPED) not in raw
    assert ADMIN not in raw
    store = keystore.Keystore.load(data_dir / "keystore.json")
    typed_hash = store.user_key(TYPED)
    assert typed_hash not in raw and typed_hash[:8] not in raw  # only 16 bits of it
    pending = _ks(data_dir)["pending_audit"]
    assert [p["account"] for p in pending] == [None, store.user_key(ADMIN)]


def test_audit_says_how_many_failures_and_for_which_account(province, data_dir):
    province.close()
    _fail(data_dir, TYPED)
    _fail(data_dir, ADMIN, times=2)
    opened = profile.open_profile(data_dir, ADMIN, PASSWORD)
    try:
        failed = _audit(opened, "login.failed")
        assert [(f.actor, _details(f)["account_exists"]) for f in failed] == [
            (profile.UNKNOWN_ACTOR, False),
            (ADMIN, True),
            (ADMIN, True),
        ]
        assert TYPED not in json.dumps([_details(f) for f in failed], ensure_ascii=False)
        assert not _audit(opened, "login.counters_reset")
    finally:
        opened.close()
    assert "pending_audit" not in _ks(data_dir)


def test_old_key_file_with_typed_names_is_cleaned(province, data_dir):
    province.close()
    data = _ks(data_dir)
    data["pending_audit"] = [
        {"at": "2026-01-05T08:00:00", "username": TYPED, "locked": False},
        {"at": "2026-01-05T08:01:00", "username": ADMIN, "locked": False},
    ]
    _write_ks(data_dir, data)
    opened = profile.open_profile(data_dir, ADMIN, PASSWORD)
    try:
        failed = _audit(opened, "login.failed")
        assert [f.actor for f in failed] == [profile.UNKNOWN_ACTOR, ADMIN]
    finally:
        opened.close()
    assert TYPED not in (data_dir / "keystore.json").read_text(encoding="utf-8")


# -- (b) counters that editing the file does not reset ---------------------------------


def _lock(data_dir: Path) -> None:
    _fail(data_dir, ADMIN, times=keystore.MAX_FAILURES)
    with pytest.raises(AccountLocked):
        profile.open_profile(data_dir, ADMIN, PASSWORD)


def test_zeroing_the_counters_in_the_file_does_not_lift_a_lock(province, data_dir):
    province.close()
    _lock(data_dir)
    data = _ks(data_dir)
    data["failures"] = {}
    data["attempts"] = 0
    data.pop("pending_audit")
    _write_ks(data_dir, data)
    with pytest.raises(AccountLocked):
        profile.open_profile(data_dir, ADMIN, PASSWORD)


def test_an_older_key_file_put_back_does_not_lift_a_lock(province, data_dir):
    province.close()
    before = (data_dir / "keystore.json").read_bytes()
    _lock(data_dir)
    (data_dir / "keystore.json").write_bytes(before)
    with pytest.raises(AccountLocked):
        profile.open_profile(data_dir, ADMIN, PASSWORD)


def _expire_locks(folder: Path, data_dir: Path) -> None:
    """Fifteen minutes later: every lock in both copies has ended."""
    past = "2000-01-01T00:00:00+00:00"
    for path in [data_dir / "keystore.json", *folder.glob("*.json")]:
        data = json.loads(path.read_text(encoding="utf-8"))
        for entry in data["failures"].values():
            if entry.get("locked_until"):
                entry["locked_until"] = past
        path.write_text(json.dumps(data), encoding="utf-8")


def test_reset_counters_are_reported_to_the_administrator(province, data_dir, shadow_dir):
    province.create_account(
        username="canbo", full_name="Cán bộ", role=Role.PROVINCIAL_OFFICER,
        office_id=province.node.office_id or "", password="canbo-matkhau-1",
    )  # fmt: skip
    province.close()
    _fail(data_dir, times=2)
    profile.open_profile(data_dir, ADMIN, PASSWORD).close()  # records the count: 2
    _lock(data_dir)
    # an attacker who knows the design rewrites both copies, lowering the counts
    data = _ks(data_dir)
    data["failures"], data["attempts"] = {}, 0
    data.pop("pending_audit")
    _write_ks(data_dir, data)
    for path in shadow_dir.glob("*.json"):
        path.write_text(json.dumps({"attempts": 0, "failures": {}}), encoding="utf-8")
    officer = profile.open_profile(data_dir, "canbo", "canbo-matkhau-1")
    assert officer.notices == []  # the sign-in works; only an administrator is told
    officer.close()
    opened = profile.open_profile(data_dir, ADMIN, PASSWORD)
    try:
        assert opened.notices == [profile.counters_notice_text()]
        (found,) = _audit(opened, "login.counters_reset")
        assert "went_back" in _details(found)["problems"]
    finally:
        opened.close()
    again = profile.open_profile(data_dir, ADMIN, PASSWORD)
    assert again.notices == []  # told once
    again.close()


def test_removed_failures_and_edits_against_this_computer_are_reported(province, data_dir):
    province.close()
    profile.open_profile(data_dir, ADMIN, PASSWORD).close()
    _fail(data_dir, ADMIN, times=2)
    data = _ks(data_dir)
    data["failures"] = {}
    data["pending_audit"] = data["pending_audit"][:1]  # one failure hidden
    _write_ks(data_dir, data)
    opened = profile.open_profile(data_dir, ADMIN, PASSWORD)
    try:
        (found,) = _audit(opened, "login.counters_reset")
        assert set(_details(found)["problems"]) == {"failures_removed", "behind_this_computer"}
        assert opened.notices
    finally:
        opened.close()


def test_an_ended_lock_counts_from_zero_in_both_copies(province, data_dir, shadow_dir):
    province.close()
    _lock(data_dir)
    _expire_locks(shadow_dir, data_dir)
    _fail(data_dir)  # one more failure after the lock ended does not lock again
    opened = profile.open_profile(data_dir, ADMIN, PASSWORD)
    try:
        assert not _audit(opened, "login.counters_reset")
        assert len(_audit(opened, "login.failed")) == keystore.MAX_FAILURES + 1
    finally:
        opened.close()


def test_ordinary_use_reports_nothing_and_a_missing_copy_is_no_problem(
    province, data_dir, shadow_dir
):
    province.close()
    _fail(data_dir, times=2)
    for path in shadow_dir.glob("*.json"):
        path.unlink()  # the profile was carried to another computer
    opened = profile.open_profile(data_dir, ADMIN, PASSWORD)
    try:
        assert opened.notices == [] and not _audit(opened, "login.counters_reset")
    finally:
        opened.close()
    _fail(data_dir)
    opened = profile.open_profile(data_dir, ADMIN, PASSWORD)
    assert not _audit(opened, "login.counters_reset")
    opened.close()


def test_recovery_lifts_the_lock_in_both_copies(province, data_dir, shadow_dir):
    identity = province.recovery_identity
    province.close()
    _lock(data_dir)
    profile.recover_access(data_dir, identity, ADMIN, "mat-khau-khoi-phuc")
    assert not _ks(data_dir)["failures"]
    assert all(not json.loads(p.read_text())["failures"] for p in shadow_dir.glob("*.json"))
    opened = profile.open_profile(data_dir, ADMIN, "mat-khau-khoi-phuc")
    assert not _audit(opened, "login.counters_reset")
    opened.close()


# -- (c) files for their owner only ----------------------------------------------------

posix_only = pytest.mark.skipif(os.name != "posix", reason="POSIX modes")


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _profile_paths(data_dir: Path) -> list[Path]:
    found = [data_dir, *data_dir.glob("khien.db*"), data_dir / "keystore.json"]
    backups = data_dir / "backups"
    if backups.exists():
        found += [backups, *backups.rglob("*")]
    return found


@posix_only
def test_new_profile_files_are_private_whatever_the_umask(tmp_path, data_dir):
    from tests.conftest import PROVINCE

    old = os.umask(0o000)
    try:
        opened, _identity = profile.create_province(
            data_dir, province_code=PROVINCE, admin_username=ADMIN,
            admin_password=PASSWORD, admin_full_name="Quản trị",
        )  # fmt: skip
        made = backup.make_backup(opened, data_dir / "backups" / "by-hand.zip")
        paths = _profile_paths(data_dir)
        assert data_dir / "khien.db-wal" in paths
        opened.close()
    finally:
        os.umask(old)
    assert made.exists()
    for path in paths:
        if path.exists():
            want = 0o700 if path.is_dir() else 0o600
            assert _mode(path) == want, (path, oct(_mode(path)))


@posix_only
def test_existing_profile_is_made_private_when_opened(province, data_dir):
    province.close()
    (data_dir / "backups").mkdir(exist_ok=True)
    (data_dir / "backups" / "old.zip").write_bytes(b"x")
    (data_dir / "notes.txt").write_text("mine")  # not the profile's: left alone
    os.chmod(data_dir / "notes.txt", 0o644)
    for path in _profile_paths(data_dir):
        os.chmod(path, 0o755 if path.is_dir() else 0o644)
    profile.open_profile(data_dir, ADMIN, PASSWORD).close()
    for path in _profile_paths(data_dir):
        assert _mode(path) == (0o700 if path.is_dir() else 0o600), path
    assert _mode(data_dir / "notes.txt") == 0o644


@posix_only
def test_keystore_save_and_this_computers_copy_are_private(province, data_dir, shadow_dir):
    province.close()
    os.chmod(data_dir / "keystore.json", 0o644)
    old = os.umask(0o000)
    try:
        _fail(data_dir)
    finally:
        os.umask(old)
    assert _mode(data_dir / "keystore.json") == 0o600
    assert _mode(shadow_dir) == 0o700
    assert all(_mode(p) == 0o600 for p in shadow_dir.iterdir())


@posix_only
def test_modes_never_follow_a_link(tmp_path):
    target = tmp_path / "elsewhere.txt"
    target.write_text("x")
    os.chmod(target, 0o644)
    tree = tmp_path / "tree"
    tree.mkdir()
    (tree / "link").symlink_to(target)
    file_modes.secure_tree(tree)
    assert _mode(target) == 0o644 and _mode(tree) == 0o700
