"""Keys, accounts, lockout, recovery and the audit log."""

import json

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DatabaseError

from desktop.core import profile
from desktop.core.db.models import AuditEvent
from desktop.core.errors import AccountLocked, ValidationError, WrongPassword
from desktop.core.security import audit, keystore
from desktop.core.security.roles import Role
from tests.conftest import ADMIN, PASSWORD


def _actions(p) -> list[str]:
    with p.db.session() as s:
        return list(s.execute(select(AuditEvent.action).order_by(AuditEvent.seq)).scalars())


def test_keystore_holds_no_plain_key_or_user_name(province, data_dir):
    raw = (data_dir / "keystore.json").read_text()
    assert ADMIN not in raw and "Quản" not in raw
    data = json.loads(raw)
    assert all(len(k) == 64 for k in data["accounts"])  # salted hashes of user names
    assert data["recovery"]["recipient"].startswith("age1")


def test_database_file_has_no_plaintext(province, data_dir):
    province.close()
    blob = b"".join(p.read_bytes() for p in data_dir.glob("khien.db*"))
    assert not blob.startswith(b"SQLite format 3")
    for word in ["Lạng Sơn", "Hữu Nghị", "Nguyễn Văn Quản", "admin", "audit_events"]:
        assert word.encode() not in blob


def test_wrong_password_is_refused_audited_and_changes_nothing(province, data_dir):
    province.close()
    before = (data_dir / "khien.db").read_bytes()
    with pytest.raises(WrongPassword) as err:
        profile.open_profile(data_dir, ADMIN, "not-the-password")
    assert "mật khẩu không đúng" in err.value.message  # in Vietnamese
    assert (data_dir / "khien.db").read_bytes() == before
    again = profile.open_profile(data_dir, ADMIN, PASSWORD)
    assert _actions(again)[-2:] == ["login.failed", "login"]
    again.close()


def test_unknown_user_is_refused_like_a_wrong_password(province, data_dir):
    province.close()
    with pytest.raises(WrongPassword):
        profile.open_profile(data_dir, "nobody", PASSWORD)


def test_lockout_after_repeated_failures(province, data_dir):
    province.close()
    for _ in range(keystore.MAX_FAILURES):
        with pytest.raises(WrongPassword):
            profile.open_profile(data_dir, ADMIN, "wrong-password")
    with pytest.raises(AccountLocked):
        profile.open_profile(data_dir, ADMIN, PASSWORD)  # even the right one, for a while


def test_password_change_rewraps_the_key(province, data_dir):
    province.change_password(PASSWORD, "mat-khau-moi-2026")
    province.close()
    with pytest.raises(WrongPassword):
        profile.open_profile(data_dir, ADMIN, PASSWORD)
    again = profile.open_profile(data_dir, ADMIN, "mat-khau-moi-2026")
    assert "account.password" in _actions(again)
    again.close()


def test_password_change_needs_the_current_password(province):
    with pytest.raises(WrongPassword):
        province.change_password("wrong-one", "mat-khau-moi-2026")
    with pytest.raises(ValidationError):
        province.change_password(PASSWORD, "short")


def test_forgotten_password_is_recovered_with_the_province_identity(province, data_dir):
    identity = province.recovery_identity
    province.close()
    other_identity, _ = keystore.new_recovery_identity()
    with pytest.raises(WrongPassword):
        profile.recover_access(data_dir, other_identity, ADMIN, "mat-khau-khoi-phuc")
    profile.recover_access(data_dir, identity, ADMIN, "mat-khau-khoi-phuc")
    again = profile.open_profile(data_dir, ADMIN, "mat-khau-khoi-phuc")
    assert "account.reset" in _actions(again)
    again.close()


def test_second_account_opens_the_same_database(province, data_dir):
    province.create_account(
        username="canbo",
        full_name="Hoàng Thị Hoà",
        role=Role.PROVINCIAL_OFFICER,
        office_id=province.node.office_id,
        password="canbo-pass-1",
    )
    province.close()
    officer = profile.open_profile(data_dir, "CANBO", "canbo-pass-1")
    assert officer.user.role == Role.PROVINCIAL_OFFICER
    assert officer.user.full_name == "Hoàng Thị Hoà"
    officer.close()


def test_duplicate_user_name_is_refused(province):
    with pytest.raises(ValidationError):
        province.create_account(
            username="Admin", full_name="X", role=Role.STATISTICIAN,
            office_id=province.node.office_id, password="password-1",
        )  # fmt: skip


def test_audit_chain_verifies_and_shows_a_break(province):
    province.audit("export", "bundle", "", {"n": 1})
    province.audit("print", "report", "", {})
    with province.db.session() as s:
        check = audit.verify(s, province.node.node_id)
    assert check.ok and check.count >= 4
    # Tamper below the triggers (as an attacker with the key could): the chain shows it.
    with province.db.session() as s:
        s.execute(text("DROP TRIGGER audit_events_no_update"))
        s.execute(text("UPDATE audit_events SET actor = 'someone' WHERE seq = 2"))
    with province.db.session() as s:
        check = audit.verify(s, province.node.node_id)
    assert not check.ok and check.broken_at == 2


def test_audit_log_is_append_only(province):
    with pytest.raises(DatabaseError), province.db.session() as s:
        s.execute(text("UPDATE audit_events SET actor = 'x'"))
    with pytest.raises(DatabaseError), province.db.session() as s:
        s.execute(text("DELETE FROM audit_events"))
    with province.db.session() as s:
        assert audit.verify(s, province.node.node_id).ok
