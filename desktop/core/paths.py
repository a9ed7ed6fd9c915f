"""Where Khiên keeps its files: the profile (data directory) and the bundled resources."""

from __future__ import annotations

import sys
from pathlib import Path

from platformdirs import user_data_dir, user_state_dir

APP_NAME = "Khien"

DB_FILE = "khien.db"
KEYSTORE_FILE = "keystore.json"
BACKUP_DIR = "backups"
LOG_DIR = "logs"


def keystore_path(data_dir: Path) -> Path:
    return data_dir / KEYSTORE_FILE


def profile_exists(data_dir: Path) -> bool:
    """True when *data_dir* holds a profile (its key file): what the launcher asks before
    the sign-in dialog, without loading the database layer."""
    return keystore_path(data_dir).exists()


def default_data_dir() -> Path:
    """The per-user data directory used when none is given."""
    return Path(user_data_dir(APP_NAME, appauthor=False))


def signin_state_dir() -> Path:
    """Where this computer keeps its own copy of each profile's sign-in counters, outside
    every profile folder (a name of its own: on Windows the state and data folders are the
    same, and the default profile lives there)."""
    return Path(user_state_dir(APP_NAME + "-signin", appauthor=False))


def package_root() -> Path:
    """The directory that holds the ``desktop`` package (or the frozen bundle)."""
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen)
    return Path(__file__).resolve().parents[2]


def resources_dir() -> Path:
    """Bundled fonts, icons and data files."""
    return package_root() / "resources"


def locale_dir() -> Path:
    """Compiled gettext catalogs (built from i18n/ by ``make catalogs``)."""
    return Path(__file__).resolve().parents[1] / "locale"


def catalog_source_dir() -> Path:
    """The gettext sources (.po files) in a source checkout."""
    return package_root() / "i18n"
