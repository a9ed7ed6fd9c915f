"""``khien selftest``: every check passes on a good installation; a broken one is named in
one line and the command exits non-zero."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

from desktop import cli, selftest
from desktop.core import paths
from desktop.core.errors import KhienError
from desktop.core.i18n import N_, _


def _run(**kw) -> tuple[int, list[str]]:
    lines: list[str] = []
    failures = selftest.run(lines.append, **kw)
    return failures, lines


def test_every_check_passes_here_including_qt(tmp_path):
    failures, lines = _run(work_dir=tmp_path)
    assert failures == 0, lines
    assert all(line.startswith(selftest.OK) for line in lines), lines
    # one line per check, the Qt ones from the child process
    assert len(lines) == len(selftest.CHECKS) + 5
    assert not list(tmp_path.iterdir())  # the temporary profiles are gone


@pytest.fixture
def fonts_without_one(tmp_path, monkeypatch):
    res = tmp_path / "resources"
    shutil.copytree(paths.resources_dir(), res)
    (res / "fonts" / "LiberationSans-Bold.ttf").unlink()
    monkeypatch.setattr(paths, "resources_dir", lambda: res)
    return res


def test_a_missing_font_fails_names_the_file_and_exits_non_zero(
    fonts_without_one, monkeypatch, capsys
):
    monkeypatch.setattr(
        selftest,
        "CHECKS",
        [(N_("Fonts"), selftest.check_fonts), (N_("Place names"), selftest.check_places)],
    )
    monkeypatch.setattr(selftest, "_qt_checks", lambda ctx, emit: 0)
    code = cli.main(["--lang", "en", "selftest"])
    out = capsys.readouterr().out.splitlines()
    assert code != 0
    assert out[0].startswith("FAIL Fonts: missing LiberationSans-Bold.ttf in ")
    assert out[1] == "OK   Place names"
    assert out[-1] == "1 check failed."


def test_a_font_without_vietnamese_letters_is_refused(tmp_path, monkeypatch):
    res = tmp_path / "resources"
    shutil.copytree(paths.resources_dir(), res)
    # DejaVu is not bundled; a Latin-only font stands in: reportlab's own Vera has no ư/ơ.
    from reportlab import rl_config

    vera = next(
        Path(d) / "Vera.ttf" for d in rl_config.TTFSearchPath if (Path(d) / "Vera.ttf").exists()
    )
    shutil.copyfile(vera, res / "fonts" / "LiberationSerif-Italic.ttf")
    monkeypatch.setattr(paths, "resources_dir", lambda: res)
    failures, lines = _run(qt=False, checks=[(N_("Fonts"), selftest.check_fonts)])
    assert failures == 1
    assert "LiberationSerif-Italic.ttf" in lines[0] and "ư" in lines[0]


def test_missing_or_damaged_catalogs_are_named(tmp_path, monkeypatch):
    import desktop.core.paths as core_paths

    locale = tmp_path / "locale"
    monkeypatch.setattr(core_paths, "locale_dir", lambda: locale)
    check = [(N_("Translations"), selftest.check_catalogs)]
    failures, lines = _run(qt=False, checks=check)
    assert failures == 1 and "vi" in lines[0] and "khien.mo" in lines[0]
    for lang in ("vi", "en"):
        (locale / lang / "LC_MESSAGES").mkdir(parents=True)
        (locale / lang / "LC_MESSAGES" / "khien.mo").write_bytes(b"not a catalog at all")
    failures, lines = _run(qt=False, checks=check)
    assert failures == 1 and lines[0].startswith(selftest.FAIL) and "khien.mo" in lines[0]


def test_checks_after_a_failed_profile_say_they_were_not_checked(monkeypatch):
    from desktop.core import profile

    def broken(*_a, **_kw):
        raise KhienError("The disk is full.")

    monkeypatch.setattr(profile, "create_province", broken)
    failures, lines = _run()
    sqlcipher = [ln for ln in lines if "SQLCipher" in ln]
    assert len(sqlcipher) == 1 and sqlcipher[0].startswith(selftest.FAIL)
    assert sqlcipher[0].endswith(": The disk is full.")
    later = lines[lines.index(sqlcipher[0]) + 1 :]
    assert later and all(ln.startswith(selftest.FAIL) for ln in later)
    assert all(ln.endswith(selftest.reason(selftest.NotChecked())) for ln in later)
    assert failures == len(later) + 1


def test_a_qt_that_cannot_start_is_one_readable_line(monkeypatch):
    crash = "import sys; sys.stderr.write('qt.qpa.plugin: Could not load the Qt platform plugin\\n'); sys.exit(134)"
    monkeypatch.setattr(selftest, "child_command", lambda: [sys.executable, "-c", crash])
    failures, lines = _run(
        checks=[(N_("Encrypted database (SQLCipher)"), selftest.check_sqlcipher)]
    )
    assert failures == 1
    assert lines[-1].startswith(selftest.FAIL)
    assert lines[-1].endswith("qt.qpa.plugin: Could not load the Qt platform plugin")


def test_an_unexpected_error_names_its_kind():
    assert (
        selftest.reason(OSError("No space left\non device")) == "OSError: No space left on device"
    )


def test_pdf_text_reads_vietnamese(tmp_path):
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfgen import canvas

    from desktop.core.reports.document import SERIF, register_fonts

    register_fonts()
    out = tmp_path / "t.pdf"
    c = canvas.Canvas(str(out))
    c.setFont(SERIF, 12)
    c.drawString(72, 700, "BÁO CÁO Đường Ưu")
    c.save()
    assert SERIF in pdfmetrics.getRegisteredFontNames()
    assert "BÁO CÁO Đường Ưu" in selftest.pdf_text(out)


def test_a_database_that_writes_without_revisions_fails_the_check(monkeypatch):
    from sqlalchemy.orm import Session

    from desktop.core.db import database

    checks = [
        (N_("Encrypted database (SQLCipher)"), selftest.check_sqlcipher),
        (N_("Revisions stamped on every write"), selftest.check_revisions),
    ]
    failures, lines = _run(qt=False, checks=checks)
    assert failures == 0, lines
    # A build whose sessions lose the metadata hook (as versions up to 0.1 sometimes did)
    monkeypatch.setattr(database, "SyncSession", Session)
    failures, lines = _run(qt=False, checks=checks)
    assert failures == 1
    assert lines[1] == "{}{}: {}".format(
        selftest.FAIL,
        _("Revisions stamped on every write"),
        _("a record was written without its revision"),
    )
