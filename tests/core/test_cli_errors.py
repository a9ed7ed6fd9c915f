"""A user's mistake on the command line never ends in a traceback (issue 13, point 4): one
or two lines in the user's language on stderr and a non-zero status, in process through
``desktop.cli.main`` and as a real ``python -m desktop`` with stdin closed."""

from __future__ import annotations

import getpass
import os
import subprocess
import sys
from pathlib import Path

import pytest

from desktop import cli
from desktop.core import i18n, profile
from tests.conftest import ADMIN, PASSWORD

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KHIEN_PASSWORD", PASSWORD)
    monkeypatch.delenv("KHIEN_USER", raising=False)
    monkeypatch.setattr(cli.base, "has_terminal", lambda: False)  # never prompt a developer


@pytest.fixture
def made(province: profile.OpenProfile, data_dir: Path) -> Path:
    """A closed provincial profile, its administrator signed out (the conftest's copy)."""
    province.close()
    return data_dir


def _vi(text: str) -> str:
    i18n.set_language("vi")
    return i18n._(text)


def _fails(capsys: pytest.CaptureFixture[str], argv: list[str], status: int) -> str:
    assert cli.main(argv) == status
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert 1 <= err.count("\n") <= 2, err
    return err


def test_no_password_and_no_terminal(made, capsys, monkeypatch):
    monkeypatch.delenv("KHIEN_PASSWORD")
    err = _fails(capsys, ["stats", "--data-dir", str(made)], cli.EXIT_REFUSED)
    assert (
        _vi("No password was given: set KHIEN_PASSWORD, or run the command in a terminal.") in err
    )


def test_ctrl_d_and_ctrl_c_at_the_prompt(made, capsys, monkeypatch):
    monkeypatch.delenv("KHIEN_PASSWORD")
    monkeypatch.setattr(cli.base, "has_terminal", lambda: True)

    def ctrl_d(prompt: str = "") -> str:
        raise EOFError

    def ctrl_c(prompt: str = "") -> str:
        raise KeyboardInterrupt

    monkeypatch.setattr(getpass, "getpass", ctrl_d)
    err = _fails(capsys, ["stats", "--data-dir", str(made)], cli.EXIT_REFUSED)
    assert "KHIEN_PASSWORD" in err
    monkeypatch.setattr(getpass, "getpass", ctrl_c)
    err = _fails(capsys, ["stats", "--data-dir", str(made)], cli.EXIT_INTERRUPTED)
    assert err.strip() == _vi("Stopped.")


def test_missing_and_unreadable_files(made, tmp_path, capsys):
    missing = str(tmp_path / "nowhere.zip")
    err = _fails(capsys, ["restore", "--data-dir", str(made), missing], cli.EXIT_REFUSED)
    assert err.strip()
    err = _fails(
        capsys, ["recover", "--data-dir", str(made), "--identity", missing, "--user", ADMIN],
        cli.EXIT_REFUSED,
    )  # fmt: skip
    assert _vi("The recovery identity file could not be read.") in err
    err = _fails(capsys, ["bundle", "import", "--data-dir", str(made), missing], cli.EXIT_REFUSED)
    assert missing in err
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    err = _fails(
        capsys, ["backup", "--data-dir", str(made), "--out", str(blocker / "b.zip")],
        cli.EXIT_REFUSED,
    )  # fmt: skip
    assert _vi("a part of the path is not a folder") in err or str(blocker) in err


def test_file_problems_are_told_in_the_users_language(capsys):
    err = cli._file_problem(FileNotFoundError(2, "No such file or directory", "/x/y.zip"))
    assert err == _vi("{file} could not be used: {reason}.").format(
        file="/x/y.zip", reason=_vi("it does not exist")
    )
    assert "No such file" not in err
    odd = cli._file_problem(OSError(999, "Strange thing"))
    assert "Strange thing" in odd


@pytest.mark.parametrize("where", ["missing", "empty", "file", "other"])
def test_a_folder_that_is_not_a_profile(tmp_path, capsys, where):
    folder = tmp_path / "x"
    if where == "empty":
        folder.mkdir()
    elif where == "file":
        folder.write_text("not a folder")
    elif where == "other":
        folder.mkdir()
        (folder / "notes.txt").write_text("x")
    err = _fails(capsys, ["stats", "--data-dir", str(folder)], cli.EXIT_REFUSED)
    assert _vi("No Khiên profile was found in this folder.") in err


def test_a_damaged_key_file(made, capsys):
    (made / "keystore.json").write_text("{not json", encoding="utf-8")
    err = _fails(capsys, ["stats", "--data-dir", str(made)], cli.EXIT_REFUSED)
    assert _vi("The profile's key file is damaged; it was left untouched.") in err


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["stats", "--from", "31/31/2024"], "31/31/2024"),
        (["stats", "--from", "hôm qua"], "hôm qua"),
        (["record", "case", "--name", "A", "--sex", "female", "--received", "zz"], "zz"),
    ],
)
def test_malformed_dates(made, capsys, argv, expected):
    err = _fails(capsys, [*argv, "--data-dir", str(made)], cli.EXIT_REFUSED)
    assert expected in err


def test_wrong_kinds_of_value_are_told_in_two_lines(made, capsys):
    err = _fails(capsys, ["demo", "--data-dir", str(made), "--events", "x"], cli.EXIT_USAGE)
    first, second = err.splitlines()
    assert first == "khien demo: " + _vi("{arg}: “{value}” is not a number.").format(
        arg="--events", value="x"
    )
    assert second == _vi("Type “{command} --help” to see what it takes.").format(
        command="khien demo"
    )
    err = _fails(
        capsys, ["export", "xlsx", "foo", "--data-dir", str(made), "--out", "a.xlsx"],
        cli.EXIT_USAGE,
    )  # fmt: skip
    assert (
        _vi("{arg}: “{value}” is not one of {choices}.").format(
            arg="what", value="foo", choices="events, report"
        )
        in err
    )
    err = _fails(capsys, ["backup", "--data-dir", str(made)], cli.EXIT_USAGE)
    assert _vi("Missing: {arg}.").format(arg="--out") in err
    err = _fails(capsys, ["stats", "--data-dir", str(made), "--bogus"], cli.EXIT_USAGE)
    assert _vi("Not understood: {arg}.").format(arg="--bogus") in err
    err = _fails(capsys, ["--lang", "xx", "stats"], cli.EXIT_USAGE)
    assert "xx" in err and "usage:" not in err


def test_english_when_asked(made, capsys):
    err = _fails(
        capsys, ["--lang", "en", "demo", "--data-dir", str(made), "--events", "x"],
        cli.EXIT_USAGE,
    )  # fmt: skip
    assert "--events: “x” is not a number." in err


def test_any_khien_error_from_the_core_is_one_clean_line(made, capsys, monkeypatch):
    from desktop.core.errors import ValidationError
    from desktop.core.outreach import events

    def refuse(*args: object, **kwargs: object) -> str:
        raise ValidationError("Tiêu đề: có ký tự điều khiển.", "title")

    monkeypatch.setattr(events, "parse", refuse)
    err = _fails(
        capsys, ["record", "event", "--data-dir", str(made), "--title", "x"], cli.EXIT_REFUSED
    )
    assert err.strip() == "Tiêu đề: có ký tự điều khiển."


def test_a_bug_still_shows_its_traceback(made, monkeypatch):
    from desktop.core import stats

    def boom(*args: object, **kwargs: object) -> None:
        raise ZeroDivisionError("a bug")

    monkeypatch.setattr(stats, "compute", boom)
    with pytest.raises(ZeroDivisionError):
        cli.main(["stats", "--data-dir", str(made)])


# -- as a real process, stdin closed, no KHIEN_PASSWORD ---------------------------------


def _run(*args: str, password: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("KHIEN_PASSWORD", "KHIEN_USER")}
    if password is not None:
        env["KHIEN_PASSWORD"] = password
    return subprocess.run(
        [sys.executable, "-m", "desktop", *args],
        cwd=ROOT,
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=120,
        start_new_session=True,  # no controlling terminal, as under a scheduler
    )


def _clean_failure(done: subprocess.CompletedProcess[str], expected: str) -> None:
    assert done.returncode != 0
    assert "Traceback" not in done.stderr, done.stderr
    assert expected in done.stderr, done.stderr
    assert done.stderr.count("\n") <= 2, done.stderr


def test_subprocess_user_mistakes(made, tmp_path):
    _clean_failure(
        _run("stats", "--data-dir", str(made)),
        _vi("No password was given: set KHIEN_PASSWORD, or run the command in a terminal."),
    )
    _clean_failure(
        _run("--lang", "en", "record", "event", "--data-dir", str(made), "--title", "x"),
        "No password was given: set KHIEN_PASSWORD, or run the command in a terminal.",
    )
    _clean_failure(
        _run("stats", "--data-dir", str(tmp_path / "nothing")),
        _vi("No Khiên profile was found in this folder."),
    )
    _clean_failure(
        _run("stats", "--data-dir", str(made), "--from", "2024-13-01", password=PASSWORD),
        "2024-13-01",
    )
    _clean_failure(
        _run("demo", "--data-dir", str(made), "--events", "nhiều", password=PASSWORD),
        _vi("{arg}: “{value}” is not a number.").format(arg="--events", value="nhiều"),
    )
