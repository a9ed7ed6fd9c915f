"""Shared fixtures: fast key derivation, a fresh provincial profile per test."""

from __future__ import annotations

import os

# Tests never need a screen; set before any Qt import (pytest-qt creates the QApplication).
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop.core import i18n, profile
from desktop.core.security import keystore

ADMIN = "admin"
PASSWORD = "matkhau-123"
PROVINCE = 20  # Lạng Sơn


@pytest.fixture(autouse=True)
def fast_kdf(monkeypatch: pytest.MonkeyPatch) -> None:
    """Argon2id at its real cost takes ~0.3 s; tests use a cheap setting (stored per wrap)."""
    monkeypatch.setattr(keystore, "DEFAULT_KDF", keystore.KdfParams(1, 1024, 1))


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


@pytest.fixture
def province(data_dir: Path) -> Iterator[profile.OpenProfile]:
    """A new Lạng Sơn provincial profile, signed in as its administrator."""
    opened, identity = profile.create_province(
        data_dir,
        province_code=PROVINCE,
        admin_username=ADMIN,
        admin_password=PASSWORD,
        admin_full_name="Nguyễn Văn Quản",
    )
    opened.recovery_identity = identity  # type: ignore[attr-defined]
    yield opened
    opened.db.close()
