"""On Windows a profile folder gets an access list of its own (issue 13, point 5): the
command is built and run as Windows would run it. (These machines have no Windows: what
`icacls` then does is Windows' own, documented behaviour; here the call is checked.)"""

from __future__ import annotations

import logging
import subprocess
from pathlib import Path

import pytest

from desktop.core import profile
from desktop.core.security import file_modes


@pytest.fixture
def windows(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    calls: list[list[str]] = []

    def run(cmd, **kw):
        calls.append(cmd)
        return subprocess.CompletedProcess(cmd, 0, "", "")

    monkeypatch.setattr(file_modes, "WINDOWS", True)
    monkeypatch.setattr(file_modes, "ACTIVE", False)
    monkeypatch.setenv("USERNAME", "canbo")
    monkeypatch.setenv("USERDOMAIN", "LANGSON")
    monkeypatch.setattr(file_modes.subprocess, "run", run)
    return calls


def test_a_profile_folder_is_the_users_and_systems_only(windows, tmp_path: Path) -> None:
    folder = tmp_path / "Khien"
    file_modes.private_dir(folder)
    assert folder.is_dir()
    assert windows == [[
        "icacls", str(folder), "/inheritance:r", "/grant:r",
        "LANGSON\\canbo:(OI)(CI)F", "*S-1-5-18:(OI)(CI)F", "/Q",
    ]]  # fmt: skip


def test_opening_a_profile_restricts_its_folder_each_time(windows, tmp_path: Path) -> None:
    (tmp_path / "backups").mkdir()
    profile.secure_files(tmp_path)
    assert [c[1] for c in windows] == [str(tmp_path), str(tmp_path / "backups")]


def test_a_failure_is_logged_and_never_stops_the_program(
    windows, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr(
        file_modes.subprocess, "run",
        lambda cmd, **kw: subprocess.CompletedProcess(cmd, 5, "", "Access is denied."),
    )  # fmt: skip
    with caplog.at_level(logging.WARNING):
        file_modes.private_dir(tmp_path / "a")
    assert "Access is denied." in caplog.text

    def missing(cmd, **kw):
        raise FileNotFoundError("icacls")

    monkeypatch.setattr(file_modes.subprocess, "run", missing)
    file_modes.private_dir(tmp_path / "b")  # no exception
