"""A profile's files are for their owner only.

On POSIX every file of a profile (the database and its ``-wal``/``-shm`` files, the key
file, the backups folder and what it holds, logs) is made ``0600`` and every folder ``0700``,
whatever the umask: at creation (``private_dir``, ``create_private_file``, ``private_file``)
and again each time the profile is opened (``secure_tree``), which repairs profiles made by
earlier versions. A symbolic link is never followed. A file that cannot be changed (owned
by another user, a read-only or FAT disk) is left as it is: this never stops the program.

Windows: ``os.chmod`` only sets the read-only flag there, so each profile folder (and its
backups folder) gets an access list of its own instead, with Windows' own ``icacls``: the
inherited entries removed, full control for the signed-in user and for SYSTEM (which the
system itself needs), inherited by every file and folder inside, so files made later are
private from their first moment. A folder chosen anywhere (a shared D: drive) is covered,
not only the default ``%LOCALAPPDATA%\\Khien``. A failure is logged and never stops the
program, as on POSIX.
"""

from __future__ import annotations

import logging
import os
import stat
import subprocess
from pathlib import Path

log = logging.getLogger(__name__)

FILE_MODE = 0o600
DIR_MODE = 0o700
ACTIVE = os.name == "posix"
WINDOWS = os.name == "nt"
SYSTEM_SID = "*S-1-5-18"  # LocalSystem, by its well-known SID (the name is translated)


def owner_only_acl(folder: Path) -> list[str]:
    """The ``icacls`` command that makes *folder* and all it will hold the user's only."""
    user = os.environ.get("USERNAME", "")
    domain = os.environ.get("USERDOMAIN", "")
    who = f"{domain}\\{user}" if domain else user
    inherit = "(OI)(CI)F"
    return ["icacls", str(folder), "/inheritance:r", "/grant:r",
            f"{who}:{inherit}", f"{SYSTEM_SID}:{inherit}", "/Q"]  # fmt: skip


def _windows_private(folder: Path) -> None:
    if not WINDOWS or not os.environ.get("USERNAME"):
        return
    try:
        done = subprocess.run(
            owner_only_acl(folder), capture_output=True, text=True, check=False,
            creationflags=getattr(subprocess, "CREATE_NO_WINDOW", 0),
        )  # fmt: skip
    except OSError as exc:
        log.warning("Could not restrict %s: %s", folder, exc)
        return
    if done.returncode != 0:
        log.warning("Could not restrict %s: %s", folder, done.stderr.strip()[:300])


def _fix(path: Path, mode: int) -> None:
    try:
        st = os.lstat(path)
        if stat.S_ISLNK(st.st_mode) or stat.S_IMODE(st.st_mode) == mode:
            return
        os.chmod(path, mode)
    except OSError as exc:  # not ours, a read-only or FAT disk, vanished meanwhile
        log.debug("Could not restrict %s: %s", path, exc)


def private_file(path: Path) -> None:
    """Make an existing file readable and writable by its owner only."""
    if ACTIVE:
        _fix(Path(path), FILE_MODE)


def private_dir(path: Path) -> None:
    """Create *path* (and its missing parents) if needed; the folder itself becomes 0700."""
    path = Path(path)
    path.mkdir(parents=True, exist_ok=True)
    if ACTIVE:
        _fix(path, DIR_MODE)
    _windows_private(path)


def create_private_file(path: Path) -> None:
    """Create an empty file that is 0600 from its first moment, unless it exists already
    (then only its mode is fixed)."""
    path = Path(path)
    if ACTIVE:
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
        except FileExistsError:
            pass
        else:
            os.close(fd)
        _fix(path, FILE_MODE)


def open_private(path: Path) -> int:
    """A file descriptor for writing *path* (created 0600, truncated), for ``os.fdopen``."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0)
    fd = os.open(path, flags, FILE_MODE)
    if ACTIVE:
        try:
            os.fchmod(fd, FILE_MODE)  # an existing file keeps its old mode otherwise
        except OSError as exc:
            log.debug("Could not restrict %s: %s", path, exc)
    return fd


def secure_tree(root: Path) -> None:
    """Folders 0700 and files 0600 in *root* and below (symbolic links left alone); on
    Windows, *root*'s own access list, which everything inside inherits."""
    if WINDOWS and Path(root).is_dir():
        _windows_private(Path(root))
    if not ACTIVE or not Path(root).is_dir():
        return
    _fix(Path(root), DIR_MODE)
    for folder, dirs, files in os.walk(root):
        base = Path(folder)
        for name in dirs:
            _fix(base / name, DIR_MODE)
        for name in files:
            _fix(base / name, FILE_MODE)
