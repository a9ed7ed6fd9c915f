"""The headless commands: in-process through ``desktop.cli.main`` and, for a few, as a real
``python -m desktop`` process."""

from __future__ import annotations

import argparse
import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from desktop import cli
from desktop.core import demo, profile
from tests.core.cli_helpers import refused

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "matkhau-123"


@pytest.fixture(autouse=True)
def env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KHIEN_PASSWORD", PASSWORD)
    monkeypatch.delenv("KHIEN_USER", raising=False)


def _init(where: Path, capsys: pytest.CaptureFixture[str], *extra: str) -> None:
    args = [
        "init",
        "--data-dir",
        str(where),
        "--level",
        "province",
        "--unit",
        "20",
        "--admin",
        "admin",
    ]
    assert cli.main([*args, *extra]) == 0
    capsys.readouterr()


def _run(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    full_env = {**os.environ, "KHIEN_PASSWORD": PASSWORD, **env}
    return subprocess.run(
        [sys.executable, "-m", "desktop", *args],
        cwd=ROOT,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_version_in_process(capsys):
    assert cli.main(["--version"]) == 0
    assert capsys.readouterr().out.startswith("khien ")


def test_version_never_imports_qt():
    code = (
        "import sys; from desktop.main import main; rc = main(['--version']); "
        "assert 'PySide6' not in sys.modules, 'Qt imported'; "
        "assert 'sqlalchemy' not in sys.modules; raise SystemExit(rc)"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("khien ")
    assert _run("--version").stdout.startswith("khien ")


def test_cli_commands_never_import_qt(tmp_path):
    # What is checked is which modules a command loads, not the key derivation's cost: the
    # child takes the tests' cheap Argon2id, set in its own code (no variable read by the app).
    code = (
        "import sys; from tests.cheap_argon2 import CHEAP_HASHER, CHEAP_KDF; "
        "from desktop.core.security import accounts, keystore; "
        "keystore.DEFAULT_KDF, accounts._hasher = CHEAP_KDF, CHEAP_HASHER; "
        "from desktop.cli import main; "
        f"main(['demo', '--data-dir', {str(tmp_path / 'd')!r}, '--events', '5', '--cases', '2']); "
        "assert not [m for m in sys.modules if m.startswith(('PySide6', 'desktop.ui'))]"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "KHIEN_PASSWORD": PASSWORD},
    )
    assert done.returncode == 0, done.stderr


def test_init_writes_recovery_file_private(tmp_path, capsys):
    rec = tmp_path / "rec.txt"
    _init(tmp_path / "p", capsys, "--full-name", "Nguyễn Văn A", "--recovery-out", str(rec))
    assert rec.read_text().startswith("AGE-SECRET-KEY-")
    assert stat.S_IMODE(rec.stat().st_mode) == 0o600
    opened = profile.open_profile(tmp_path / "p", "admin", PASSWORD)
    assert opened.user.full_name == "Nguyễn Văn A"
    opened.close()


def test_init_without_file_warns_on_stderr(tmp_path, capsys):
    assert (
        cli.main(["init", "--data-dir", str(tmp_path / "p"), "--unit", "20", "--admin", "admin"])
        == 0
    )
    err = capsys.readouterr().err
    assert "AGE-SECRET-KEY-" in err


def test_init_refusals(tmp_path, capsys):
    where = tmp_path / "p"
    msg = refused(
        capsys,
        ["--lang", "en", "init", "--data-dir", str(where), "--level", "commune", "--admin", "a"],
    )
    assert msg == (
        "Only a province starts with init --level province; "
        "a laptop starts with init --setup-package."
    )
    assert not where.exists()
    refused(
        capsys, ["--lang", "en", "init", "--data-dir", str(where), "--unit", "99", "--admin", "a"]
    )
    _init(where, capsys)
    before = (where / "keystore.json").read_bytes()
    refused(capsys, ["init", "--data-dir", str(where), "--unit", "20", "--admin", "b"])
    assert (where / "keystore.json").read_bytes() == before


def test_demo_creates_demo_profile_and_search_and_stats(tmp_path, capsys, monkeypatch):
    where = tmp_path / "demo"
    monkeypatch.setenv("KHIEN_PASSWORD", demo.DEMO_PASSWORD)
    assert (
        cli.main(
            ["demo", "--data-dir", str(where), "--events", "300", "--cases", "60", "--seed", "2"]
        )
        == 0
    )
    out = capsys.readouterr()
    assert "quantri" in out.out and "%" in out.err
    assert (where / demo.RECOVERY_FILE).exists()

    assert cli.main(["search", "--data-dir", str(where), "--user", "canbo", "mua", "ban"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines and all(len(line.split("\t")) == 4 for line in lines)

    assert cli.main(["stats", "--data-dir", str(where), "--user", "thongke", "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["events"]["total"] == 300 and result["cases"]["total"] == 60
    for section in ("events", "cases"):
        for name, breakdown in result[section].items():
            # A case may have several purposes of trafficking: counted under each.
            if name not in ("total", "participants", "kind_totals", "by_purpose"):
                assert sum(breakdown.values()) == result[section]["total"]
    assert (
        cli.main(
            [
                "stats",
                "--data-dir",
                str(where),
                "--user",
                "thongke",
                "--from",
                "01/07/2025",
                "--to",
                "2025-12-31",
                "--json",
            ]
        )
        == 0
    )
    later = json.loads(capsys.readouterr().out)
    assert 0 < later["cases"]["total"] < 60


def test_demo_fills_existing_profile_as_user(tmp_path, capsys, monkeypatch):
    where = tmp_path / "p"
    _init(where, capsys)
    monkeypatch.setenv("KHIEN_USER", "admin")
    assert cli.main(["demo", "--data-dir", str(where), "--events", "20", "--cases", "5"]) == 0
    capsys.readouterr()
    opened = profile.open_profile(where, "admin", PASSWORD)
    assert demo.count_rows(opened) == {"events": 20, "persons": 5, "cases": 5}
    opened.close()
    other = tmp_path / "other"
    other.mkdir()
    (other / "note.txt").write_text("x")
    refused(capsys, ["demo", "--data-dir", str(other)])


def test_wrong_password_bad_date_and_missing_profile(tmp_path, capsys, monkeypatch):
    where = tmp_path / "p"
    _init(where, capsys)
    db_before = (where / "khien.db").read_bytes()
    refused(capsys, ["stats", "--data-dir", str(where), "--from", "31/02/2025", "--json"])
    refused(
        capsys,
        ["stats", "--data-dir", str(where), "--from", "2025-05-01", "--to", "2025-04-01", "--json"],
    )
    refused(capsys, ["stats", "--data-dir", str(tmp_path / "none"), "--json"])
    monkeypatch.setenv("KHIEN_PASSWORD", "sai-mat-khau")
    refused(capsys, ["search", "--data-dir", str(where), "hoa"])
    assert (where / "khien.db").read_bytes() == db_before


def test_damaged_database_is_one_line(tmp_path, capsys):
    where = tmp_path / "p"
    _init(where, capsys)
    raw = bytearray((where / "khien.db").read_bytes())
    raw[100:4096] = bytes(4096 - 100)  # wreck the first page
    (where / "khien.db").write_bytes(bytes(raw))
    refused(capsys, ["stats", "--data-dir", str(where), "--json"])
    assert (where / "khien.db").read_bytes() == bytes(raw)


def test_backup_restore_round_trip(tmp_path, capsys):
    where = tmp_path / "p"
    _init(where, capsys)
    out = tmp_path / "b.zip"
    assert cli.main(["backup", "--data-dir", str(where), "--out", str(out)]) == 0
    assert cli.main(["demo", "--data-dir", str(where), "--events", "10", "--cases", "2"]) == 0
    capsys.readouterr()
    bad = tmp_path / "bad.zip"
    bad.write_bytes(out.read_bytes()[:1000])
    refused(capsys, ["restore", "--data-dir", str(where), str(bad)])
    assert cli.main(["restore", "--data-dir", str(where), str(out)]) == 0
    assert "replaced" in capsys.readouterr().out
    opened = profile.open_profile(where, "admin", PASSWORD)
    assert demo.count_rows(opened)["events"] == 0
    opened.close()


def test_recover_sets_new_password(tmp_path, capsys, monkeypatch):
    where, rec = tmp_path / "p", tmp_path / "rec.txt"
    _init(where, capsys, "--recovery-out", str(rec))
    monkeypatch.setenv("KHIEN_PASSWORD", "mat-khau-moi")
    assert (
        cli.main(["recover", "--data-dir", str(where), "--identity", str(rec), "--user", "admin"])
        == 0
    )
    opened = profile.open_profile(where, "admin", "mat-khau-moi")
    opened.close()
    wrong = tmp_path / "wrong.txt"
    wrong.write_text("AGE-SECRET-KEY-1QQQQ\n")
    capsys.readouterr()
    refused(
        capsys, ["recover", "--data-dir", str(where), "--identity", str(wrong), "--user", "admin"]
    )


def test_subprocess_demo_and_stats(tmp_path):
    where = tmp_path / "demo"
    made = _run("demo", "--data-dir", str(where), "--events", "50", "--cases", "10")
    assert made.returncode == 0, made.stderr
    shown = _run(
        "--lang",
        "en",
        "stats",
        "--data-dir",
        str(where),
        "--json",
        KHIEN_USER="thongke",
        KHIEN_PASSWORD="khien-demo",
    )
    assert shown.returncode == 0, shown.stderr
    assert json.loads(shown.stdout)["events"]["total"] == 50
    refused = _run(
        "stats", "--data-dir", str(where), "--json", KHIEN_USER="thongke", KHIEN_PASSWORD="x"
    )
    assert refused.returncode == 1 and refused.stderr.count("\n") == 1 and refused.stdout == ""


def test_commands_tuple_matches_parser():
    parser = cli._parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    assert set(sub.choices) == set(cli.COMMANDS)


def test_newer_schema_says_update_and_changes_nothing(tmp_path, capsys):
    where = tmp_path / "p"
    _init(where, capsys)
    opened = profile.open_profile(where, "admin", PASSWORD)
    with opened.db.session() as s:
        from sqlalchemy import text

        s.execute(text("UPDATE alembic_version SET version_num = '9999_newer'"))
    opened.close()
    before = (where / "khien.db").read_bytes()
    message = refused(capsys, ["stats", "--data-dir", str(where), "--json"])
    assert "cập nhật Khiên" in message or "update Khiên" in message
    assert (where / "khien.db").read_bytes() == before
