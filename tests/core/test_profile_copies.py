"""The conftest's `province` is a copy of a profile made once a session, and `build_once` hands
out copies of what a fixture built once: each copy must be what making it anew gives, and
nothing a test does to its copy may reach another test's."""

from __future__ import annotations

import datetime as dt
import filecmp
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from desktop.core import profile
from desktop.core.db.models import Account, AuditEvent, OutreachEvent
from tests.conftest import ADMIN, PASSWORD, PROVINCE, _made_province, build_once


def _counts(opened: profile.OpenProfile) -> dict[str, int]:
    with opened.db.session() as s:
        tables = s.execute(
            text("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")
        ).scalars()
        return {t: s.execute(text(f'SELECT count(*) FROM "{t}"')).scalar_one() for t in tables}


def _actions(opened: profile.OpenProfile) -> list[str]:
    with opened.db.session() as s:
        return list(s.execute(select(AuditEvent.action).order_by(AuditEvent.seq)).scalars())


def test_the_copy_holds_what_creating_a_province_writes(province, tmp_path):
    made, _identity = profile.create_province(
        tmp_path / "made-here", province_code=PROVINCE, admin_username=ADMIN,
        admin_password=PASSWORD, admin_full_name="Nguyễn Văn Quản",
    )  # fmt: skip
    try:
        assert _counts(province) == _counts(made)
        assert _actions(province) == _actions(made) == ["account.create", "profile.create", "login"]
        assert province.node.office_name == made.node.office_name
        assert (province.node.level, province.node.province_code) == ("province", PROVINCE)
        assert province.user.username == ADMIN
        assert province.recovery_identity.startswith("AGE-SECRET-KEY-")
        assert province.data_dir == tmp_path / "profile"
    finally:
        made.db.close()


def test_the_copy_opens_with_its_password_and_its_recovery_identity(province, data_dir):
    identity = province.recovery_identity
    province.close()
    again = profile.open_profile(data_dir, ADMIN, PASSWORD)
    again.close()
    profile.recover_access(data_dir, identity, ADMIN, "mat-khau-moi-1")
    profile.open_profile(data_dir, ADMIN, "mat-khau-moi-1").close()


def _event(opened: profile.OpenProfile, title: str) -> None:
    with opened.db.session() as s:
        s.add(OutreachEvent(kind="talk", title=title, held_on=dt.date(2026, 7, 30)))


def _titles(opened: profile.OpenProfile) -> list[str]:
    with opened.db.session() as s:
        return list(s.execute(select(OutreachEvent.title)).scalars())


def test_copies_share_nothing(tmp_path_factory: pytest.TempPathFactory, tmp_path: Path):
    made = _made_province(tmp_path_factory)
    first, second = made.open_copy(tmp_path / "a"), made.open_copy(tmp_path / "b")
    try:
        _event(first, "Chỉ ở bản thứ nhất")
        assert _titles(first) == ["Chỉ ở bản thứ nhất"]
        assert _titles(second) == []
    finally:
        first.db.close()
        second.db.close()
    third = made.open_copy(tmp_path / "c")
    third.db.close()
    for name in ("khien.db", "keystore.json"):
        assert filecmp.cmp(made.folder / name, tmp_path / "c" / name, shallow=False)


def _second_admin(province: profile.OpenProfile, folder: Path) -> dict[str, profile.OpenProfile]:
    province.create_account(
        username="quantri.hai", full_name="Quản Trị Hai", role=province.user.role,
        office_id=province.node.office_id or "", password="mat-khau-hai-2",
    )  # fmt: skip
    (folder / "note.txt").write_text("made by the build", encoding="utf-8")
    return {}


def _accounts(opened: profile.OpenProfile) -> int:
    with opened.db.session() as s:
        return s.execute(select(func.count()).select_from(Account)).scalar_one()


@pytest.mark.parametrize("round_", [1, 2])
def test_a_build_is_copied_with_the_province_it_changed(
    province, tmp_path, tmp_path_factory, round_
):
    """Twice: the first test in a run builds, the other copies; both see the same."""
    before = _accounts(province)
    build_once("copies-test", province, tmp_path, tmp_path_factory, _second_admin)
    assert _accounts(province) == before + 1
    assert (tmp_path / "note.txt").read_text(encoding="utf-8") == "made by the build"
    _event(province, f"Lần {round_}")  # must not reach the other round's copy
    assert _titles(province) == [f"Lần {round_}"]
    province.close()
    profile.open_profile(province.data_dir, "quantri.hai", "mat-khau-hai-2").close()


def test_a_province_changed_before_is_built_on_as_it_is(province, tmp_path, tmp_path_factory):
    _event(province, "Có trước")
    build_once("copies-test", province, tmp_path, tmp_path_factory, _second_admin)
    assert _titles(province) == ["Có trước"]
    assert (tmp_path / "note.txt").exists()
    with province.db.session() as s:
        assert s.execute(select(Account).where(Account.username == "quantri.hai")).scalar()
