"""What the Help menu tells without Qt: the version and licence, where the user guides are,
a support report with no personal data, and whether an account has seen the first-run tour.

The guides are the Markdown files of ``docs/`` (with their images under ``docs/images/``):
beside the ``desktop`` package in a source checkout, and in the frozen bundle's own
``docs/`` folder (packaging/khien.spec puts them there).

"Tour seen" is kept per account in the profile's local ``Setting`` table (not synced: it is
this officer's first look at this laptop), ``account.<account id>.tour``, like the
officer's own settings (account_settings).
"""

from __future__ import annotations

import platform
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import desktop
from desktop.core import paths
from desktop.core.i18n import N_

if TYPE_CHECKING:
    from desktop.core.profile import OpenProfile

APP_NAME = "Khiên"
LICENCE_ID = "GPL-3.0-or-later"  # pyproject.toml's `license`, used when no metadata is found
LICENCE_NAMES = {
    "GPL-3.0-or-later": N_("GNU General Public License, version 3 or any later version"),
}
GUIDES = {"vi": "huong-dan-su-dung.md", "en": "user-guide.md"}
ADMIN_GUIDES = {"vi": "huong-dan-quan-tri.md", "en": "admin-guide.md"}
TOUR_SEEN = "seen"


def version() -> str:
    return desktop.__version__


def licence_id() -> str:
    """The SPDX licence expression of the installed package (its metadata, which the frozen
    bundle carries too), or the one pyproject.toml declares."""
    from importlib import metadata  # slow to import: only the About window asks

    try:
        meta = metadata.metadata("khien")
    except metadata.PackageNotFoundError:
        return LICENCE_ID
    for field in ("License-Expression", "License"):
        values = meta.get_all(field) or []
        if values and values[0].strip():
            return str(values[0]).strip()
    return LICENCE_ID


def licence_name(spdx: str) -> str:
    """The licence's full name (an ``N_`` msgid to translate), or *spdx* itself."""
    return LICENCE_NAMES.get(spdx, spdx)


def docs_dir() -> Path:
    """The folder of the user guides (source checkout or frozen bundle)."""
    return paths.package_root() / "docs"


def guide_path(lang: str, admin: bool = False) -> Path | None:
    """The user guide (or the administrator guide) in *lang*, else in the other language;
    ``None`` when neither is there."""
    names = ADMIN_GUIDES if admin else GUIDES
    order = [lang, *(code for code in names if code != lang)]
    for code in order:
        name = names.get(code)
        if name and (docs_dir() / name).is_file():
            return docs_dir() / name
    return None


def support_report(qt_version: str) -> str:
    """A few lines for the IT officer: versions and the system, nothing about people (not
    even the data folder, whose path holds the Windows user name)."""
    lines = [
        f"{APP_NAME} {version()} ({licence_id()})",
        f"OS: {platform.system()} {platform.release()} ({platform.version()}; {platform.machine()})",
        f"Python: {platform.python_version()} ({sys.implementation.name})",
        f"Qt: {qt_version}",
        f"Frozen: {'yes' if getattr(sys, 'frozen', False) else 'no'}",
    ]
    return "\n".join(lines)


def tour_key(account_id: str) -> str:
    return f"account.{account_id}.tour"


def tour_seen(opened: OpenProfile) -> bool:
    """True once the signed-in account has seen (or skipped) the first-run tour."""
    from desktop.core import profile

    return profile.get_setting(opened, tour_key(opened.user.account_id), "") == TOUR_SEEN


def mark_tour_seen(opened: OpenProfile) -> None:
    from desktop.core import profile

    profile.set_setting(opened, tour_key(opened.user.account_id), TOUR_SEEN)
