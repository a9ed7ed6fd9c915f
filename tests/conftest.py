"""Shared fixtures: fast key derivation and password hashes, a fresh provincial profile per
test (a copy of one made once per session)."""

from __future__ import annotations

import os

# Tests never need a screen; set before any Qt import (pytest-qt creates the QApplication).
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import filecmp
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from desktop.core import i18n, profile
from desktop.core.db.database import Database
from desktop.core.db.engine import open_engine
from desktop.core.security import accounts, keystore
from desktop.core.security.accounts import SignedIn
from tests.cheap_argon2 import CHEAP_HASHER, CHEAP_KDF

ADMIN = "admin"
PASSWORD = "matkhau-123"
PROVINCE = 20  # Lạng Sơn


@pytest.fixture(autouse=True)
def fast_kdf(monkeypatch: pytest.MonkeyPatch) -> None:
    """Argon2id at its real cost takes ~0.3 s, for the key file's wraps and for the accounts'
    password hashes alike; tests use a cheap setting (stored with each wrap and each hash, so
    what tests write still opens, and real-cost files in tests/fixtures still verify)."""
    monkeypatch.setattr(keystore, "DEFAULT_KDF", CHEAP_KDF)
    monkeypatch.setattr(accounts, "_hasher", CHEAP_HASHER)


@pytest.fixture(autouse=True)
def own_sign_in_state(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """This computer's copy of the sign-in counters (outside every profile) is per test: a
    test's failed sign-ins must not lock another test, nor a later run, out."""
    monkeypatch.setattr(keystore, "SHADOW_DIR", tmp_path_factory.mktemp("signin-state"))


@pytest.fixture(autouse=True)
def vietnamese() -> Iterator[None]:
    i18n.set_language("vi")
    yield
    i18n.set_language("vi")


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "profile"


@dataclass(frozen=True)
class Frozen:
    """An open profile's folder, closed where it lies, and what opens a copy of it as the
    profile was open: the database key, the signed-in user, the node."""

    folder: Path
    key: bytes
    user: SignedIn
    node: profile.NodeInfo
    identity: str | None

    @classmethod
    def of(cls, opened: profile.OpenProfile) -> Frozen:
        """Close *opened*'s database (no sign-out: the copies are still signed in)."""
        assert opened.backup_made is None and not opened.notices, "not kept in a copy"
        identity = getattr(opened, "recovery_identity", None)
        made = cls(opened.data_dir, opened._key, opened.user, opened.node, identity)  # noqa: SLF001
        opened.db.close()
        return made

    def open_in(self, data_dir: Path) -> tuple[Database, keystore.Keystore]:
        db_file = profile.db_path(data_dir)
        store = keystore.Keystore.load(profile.keystore_path(data_dir))
        return Database(open_engine(db_file, self.key), db_file), store

    def open_copy(self, data_dir: Path) -> profile.OpenProfile:
        """A copy of the folder at *data_dir* (which must not exist), open."""
        shutil.copytree(self.folder, data_dir)
        db, store = self.open_in(data_dir)
        opened = profile.OpenProfile(data_dir, db, store, self.user, self.node, _key=self.key)
        opened.recovery_identity = self.identity  # type: ignore[attr-defined]
        return opened


def _what_creating_writes() -> tuple[object, ...]:
    """What changes the files create_province writes: the language of the office's name and
    both Argon2id settings."""
    office_name = i18n._("{province} provincial office")
    return (office_name, keystore.DEFAULT_KDF, accounts._hasher)  # noqa: SLF001


# One made profile per setting that changes what create_province writes; every test gets its
# own copy of the folder.
_made: dict[tuple[object, ...], Frozen] = {}


def _made_province(factory: pytest.TempPathFactory) -> Frozen:
    settings = _what_creating_writes()
    made = _made.get(settings)
    if made is None:
        opened, identity = profile.create_province(
            factory.mktemp("province-made-once") / "profile",
            province_code=PROVINCE,
            admin_username=ADMIN,
            admin_password=PASSWORD,
            admin_full_name="Nguyễn Văn Quản",
        )
        opened.recovery_identity = identity  # type: ignore[attr-defined]
        made = _made[settings] = Frozen.of(opened)
    return made


@pytest.fixture
def province(
    data_dir: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[profile.OpenProfile]:
    """A new Lạng Sơn provincial profile, signed in as its administrator: a copy of the files
    ``create_province`` wrote once this session (making one takes 1–2 s: the migrations from
    the first, the province's units), open as the call left it open."""
    opened = _made_province(tmp_path_factory).open_copy(data_dir)
    yield opened
    opened.db.close()


# What a build_once build left: the province after it, the profiles it opened, its folder.
_built: dict[tuple[object, ...], tuple[Frozen, dict[str, Frozen], Path]] = {}


def build_once(
    name: str,
    province: profile.OpenProfile,
    tmp_path: Path,
    factory: pytest.TempPathFactory,
    build: Callable[[profile.OpenProfile, Path], dict[str, profile.OpenProfile]],
) -> dict[str, profile.OpenProfile]:
    """``build(province, tmp_path)`` as a copy of what it did the first time this session.

    *build* makes profiles (enrolled laptops…) and any other files under the folder it is
    given, and may change the province; it returns the profiles it leaves open, by name. The
    first call runs it in a folder of its own on a copy of the made province; each call then
    puts the province it got back to what the build left (the same object, its files
    replaced) and copies the other profiles and files into *tmp_path*, open. A province some
    fixture changed before is not the made one: *build* then runs on it, as it is."""
    made = _made_province(factory)
    assert province.data_dir.parent == tmp_path
    province.db.close()
    untouched = all(
        filecmp.cmp(made.folder / part, province.data_dir / part, shallow=False)
        for part in (profile.db_path(made.folder).name, profile.keystore_path(made.folder).name)
    )
    province.db, province.keystore = made.open_in(province.data_dir)
    if not untouched:
        return build(province, tmp_path)
    key = (name, province.user, *_what_creating_writes())
    if key not in _built:
        root = factory.mktemp(f"built-once-{name}")
        first = made.open_copy(root / province.data_dir.name)
        first.user = province.user  # a fixture may have given it another role
        opened = build(first, root)
        _built[key] = (Frozen.of(first), {k: Frozen.of(p) for k, p in opened.items()}, root)
    after, others, root = _built[key]
    province.db.close()
    shutil.rmtree(province.data_dir)
    shutil.copytree(root, tmp_path, dirs_exist_ok=True)
    province.db, province.keystore = after.open_in(province.data_dir)
    copies = {}
    for k, frozen in others.items():
        data_dir = tmp_path / frozen.folder.relative_to(root)
        db, store = frozen.open_in(data_dir)
        copies[k] = profile.OpenProfile(
            data_dir, db, store, frozen.user, frozen.node, _key=frozen.key
        )
    return copies


_folders: dict[tuple[object, ...], Path] = {}


def folder_once(
    name: str, to: Path, factory: pytest.TempPathFactory, make: Callable[[Path], None]
) -> Path:
    """``make(to)`` as a copy of what it made the first time this session: *make* fills a
    folder that must not exist yet (a closed profile the CLI made…); *to* gets a copy."""
    key = (name, *_what_creating_writes())
    if key not in _folders:
        first = factory.mktemp(f"folder-once-{name}") / to.name
        make(first)
        _folders[key] = first
    shutil.copytree(_folders[key], to)
    return to
