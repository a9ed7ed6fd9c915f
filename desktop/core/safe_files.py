"""Reading a file chosen by the user (a bundle, a setup package) without trusting it.

Only a regular file is opened: a folder, a named pipe, a device or a socket is refused at
once, before anything is opened (opening a named pipe would wait for a writer forever;
reading a device would never end). The size is checked before reading, and never more
than the limit plus one byte is read, even if the file grows meanwhile.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from desktop.core.errors import KhienError

CHUNK = 1024 * 1024
# Open flags: never wait on a pipe swapped in after the check, never take a terminal,
# never translate line ends (Windows).
_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NONBLOCK", 0)
    | getattr(os, "O_NOCTTY", 0)
    | getattr(os, "O_BINARY", 0)
)


def read_regular_file(
    path: Path,
    limit: int,
    *,
    not_a_file: str,
    too_large: str,
    unreadable: str,
    error: type[KhienError] = KhienError,
) -> bytes:
    """The bytes of the regular file at *path* (a link to one is followed), at most *limit*.

    Each refusal raises *error* with the caller's sentence: *not_a_file* for a folder, pipe,
    device or socket, *too_large* above *limit*, *unreadable* when the system says no.
    """
    try:
        info = os.stat(path)
    except (OSError, ValueError) as exc:
        raise error(unreadable) from exc
    if not stat.S_ISREG(info.st_mode):
        raise error(not_a_file)
    if info.st_size > limit:
        raise error(too_large)
    try:
        fd = os.open(path, _FLAGS)
    except OSError as exc:
        raise error(unreadable) from exc
    try:
        opened = os.fstat(fd)
        if not stat.S_ISREG(opened.st_mode):  # swapped for something else since the check
            raise error(not_a_file)
        if opened.st_size > limit:
            raise error(too_large)
        data = _read_at_most(fd, min(opened.st_size, limit) + 1, limit)
    except OSError as exc:
        raise error(unreadable) from exc
    finally:
        os.close(fd)
    if data is None:
        raise error(too_large)
    return data


def _read_at_most(fd: int, first: int, limit: int) -> bytes | None:
    """Read to the end; None past *limit*. An ordinary file comes in one read (no copy)."""
    parts: list[bytes] = []
    total, want = 0, first
    while total <= limit:
        chunk = os.read(fd, want)
        if not chunk:
            break
        parts.append(chunk)
        total += len(chunk)
        want = min(CHUNK, limit + 1 - total)
    if total > limit:
        return None
    return parts[0] if len(parts) == 1 else b"".join(parts)  # b"" when empty
