"""Every file the program reads is checked first (issue 13, point 3), for the doors not
covered elsewhere (bundles and setup packages: tests/sync/test_bundle_limits.py; Excel:
tests/core/test_excel_safety.py): photos of persons, event attachments, backups to restore.
A folder, a named pipe, a device or a socket is refused at once in one sentence, a file too
large before it is read, and nothing changes."""

from __future__ import annotations

import os
import socket
import zipfile
from pathlib import Path

import pytest

from desktop.core import backup
from desktop.core.cases import persons
from desktop.core.errors import KhienError
from desktop.core.i18n import _
from desktop.core.outreach import attachments
from desktop.core.security.roles import Role
from tests.conftest import ADMIN, PASSWORD
from tests.core.outreach_helpers import add_event, as_role
from tests.sync.test_bundle_limits import _one_sentence, _quickly


@pytest.fixture
def odd_files(tmp_path: Path):
    fifo = tmp_path / "photo.png"
    os.mkfifo(fifo)
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(tmp_path / "sock.png"))
    yield [fifo, tmp_path, Path("/dev/zero"), tmp_path / "sock.png", tmp_path / "missing.png"]
    sock.close()


def test_a_photo_is_read_only_from_a_regular_file_of_a_sane_size(odd_files, tmp_path):
    for path in odd_files:
        _one_sentence(_quickly(lambda p=path: persons.photo_from_file(p)))
    big = tmp_path / "big.png"
    with open(big, "wb") as fh:
        fh.truncate(persons.PHOTO_MAX_BYTES + 1)  # sparse: refused by its size, never read
    assert "10" in _one_sentence(_quickly(lambda: persons.photo_from_file(big)))


def test_an_attachment_is_read_only_from_a_regular_file(province, odd_files, tmp_path):
    officer = as_role(province, Role.PROVINCIAL_OFFICER, "canbo")
    event_id = add_event(officer)
    for path in odd_files:
        _one_sentence(_quickly(lambda p=path: attachments.add_attachment(officer, event_id, p)))
    big = tmp_path / "big.pdf"
    with open(big, "wb") as fh:
        fh.truncate(attachments.MAX_BYTES + 1)
    _one_sentence(_quickly(lambda: attachments.add_attachment(officer, event_id, big)))
    assert attachments.list_attachments(officer, event_id) == []


def test_a_backup_is_read_only_from_a_regular_file(province, data_dir, odd_files, tmp_path):
    for path in odd_files:
        exc = _quickly(lambda p=path: backup.restore_backup(data_dir, p, ADMIN, PASSWORD))
        _one_sentence(exc)


def test_a_backup_that_unpacks_past_its_limit_is_refused_before_writing(
    province, data_dir, tmp_path, monkeypatch
):
    saved = backup.make_backup(province, tmp_path / "b" / "khien-backup.zip")
    province.close()
    before = (data_dir / "khien.db").read_bytes()
    monkeypatch.setattr(backup, "MAX_UNPACKED", 1024)
    with zipfile.ZipFile(saved) as zf:
        assert sum(zf.getinfo(n).file_size for n in backup.MEMBERS) > 1024
    _one_sentence(_quickly(lambda: backup.restore_backup(data_dir, saved, ADMIN, PASSWORD)))
    assert (data_dir / "khien.db").read_bytes() == before
    monkeypatch.setattr(backup, "MAX_BACKUP", 10)
    exc = _quickly(lambda: backup.restore_backup(data_dir, saved, ADMIN, PASSWORD))
    assert isinstance(exc, KhienError)
    assert exc.message == _("This file is too large to be a Khiên backup.")
