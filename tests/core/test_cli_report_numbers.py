"""``khien report`` takes its number from the office's series as the Reports page does:
without ``--number`` the offered one (this same document's, else the next), ``--number`` as
given, a number held by another document refused (non-zero exit, the one-sentence refusal
on stderr, no file, nothing taken) unless ``--reissue``; the case summary is numbered from
the reports' series."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from desktop import cli
from desktop.core import demo, profile
from desktop.core.db.models_cases import ReceptionCase
from desktop.core.i18n import _
from desktop.core.reports import numbers, service
from tests.conftest import folder_once
from tests.core.reports_helpers import flat, page_texts

H1 = ["--from", "01/01/2026", "--to", "30/06/2026", "--on", "05/07/2026"]
Q3 = ["--from", "01/07/2026", "--to", "30/09/2026", "--on", "05/10/2026"]
SIGNER = ["--signer", "Hoàng Văn Quản"]


@pytest.fixture(autouse=True)
def env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KHIEN_PASSWORD", demo.DEMO_PASSWORD)
    monkeypatch.setenv("KHIEN_USER", "canbo")


def _demo(folder: Path) -> None:
    argv = ["demo", "--data-dir", str(folder), "--events", "30", "--cases", "6", "--seed", "2"]
    assert cli.main(argv) == 0


@pytest.fixture
def where(tmp_path, tmp_path_factory, capsys) -> Path:
    """A closed demo profile (the first test's, copied: making one takes seconds)."""
    folder = folder_once("report-numbers-demo", tmp_path / "demo", tmp_path_factory, _demo)
    capsys.readouterr()
    return folder


def _series(where: Path, year: int = 2026) -> dict[int, numbers.Given]:
    opened = profile.open_profile(where, "canbo", demo.DEMO_PASSWORD)
    try:
        return numbers.given(opened, "period", year)
    finally:
        opened.close()


def _abbr(where: Path) -> str:
    opened = profile.open_profile(where, "canbo", demo.DEMO_PASSWORD)
    try:
        return numbers.abbreviation(service.load_header(opened, "period").agency)
    finally:
        opened.close()


def _no(number: str) -> str:
    return _("No.: {number}").format(number=number)


def test_the_offered_number_a_refusal_and_a_reissue(where, tmp_path, capsys):
    base = ["report", "period", "--data-dir", str(where), *SIGNER]
    abbr = _abbr(where)
    first = tmp_path / "h1.pdf"
    assert cli.main([*base, *H1, "--out", str(first)]) == 0, capsys.readouterr().err
    assert _no(f"01/BC-{abbr}") in flat(page_texts(first)[0])
    given = _series(where)[1]
    assert (given.ref, given.text) == ("period:2026-01-01:2026-06-30", f"01/BC-{abbr}")
    # The same period again keeps its number; another period is offered the next.
    assert cli.main([*base, *H1, "--out", str(tmp_path / "h1b.pdf")]) == 0
    assert _no(f"01/BC-{abbr}") in flat(page_texts(tmp_path / "h1b.pdf")[0])
    assert set(_series(where)) == {1}

    capsys.readouterr()
    refused = tmp_path / "q3.pdf"
    argv = [*base, *Q3, "--number", f"01/BC-{abbr}", "--out", str(refused)]
    assert cli.main(argv) == cli.EXIT_REFUSED
    captured = capsys.readouterr()
    assert captured.err.count("\n") == 1 and captured.out == ""
    assert captured.err.strip() == _(
        "Number {number} of {year} has already been given to another document: "
        "use the next one, {next}, or choose to re-issue it."
    ).format(number="01", year=2026, next="02")
    assert not refused.exists() and not list(tmp_path.glob("q3.pdf*"))
    assert _series(where)[1].ref == "period:2026-01-01:2026-06-30"  # nothing taken

    assert cli.main([*argv, "--reissue"]) == 0, capsys.readouterr().err
    assert _no(f"01/BC-{abbr}") in flat(page_texts(refused)[0])
    assert _series(where)[1].ref == "period:2026-07-01:2026-09-30"

    typed = tmp_path / "typed.pdf"
    argv = [*base, "--from", "01/01/2026", "--to", "31/03/2026", "--on", "06/04/2026",
            "--number", "05/BC-BCĐ", "--out", str(typed)]  # fmt: skip
    assert cli.main(argv) == 0
    assert _no("05/BC-BCĐ") in flat(page_texts(typed)[0])
    nxt = tmp_path / "next.pdf"
    assert cli.main([*base, "--from", "01/04/2026", "--to", "30/06/2026", "--on", "01/07/2026",
                     "--out", str(nxt)]) == 0  # fmt: skip
    assert _no(f"06/BC-{abbr}") in flat(page_texts(nxt)[0])
    assert sorted(_series(where)) == [1, 5, 6]
    assert 1 in _series(where, 2026) and _series(where, 2027) == {}


def test_the_case_summary_takes_a_report_number(where, tmp_path, capsys):
    opened = profile.open_profile(where, "canbo", demo.DEMO_PASSWORD)
    try:
        with opened.db.session() as s:
            code = s.execute(select(ReceptionCase.case_code).where(
                ReceptionCase.deleted.is_(False)).limit(1)).scalar_one()  # fmt: skip
        abbr = numbers.abbreviation(service.load_header(opened, "case").agency)
        numbers.take(opened, "period", 2026, 3, "period:x")
    finally:
        opened.close()
    out = tmp_path / "tt.pdf"
    argv = ["report", "case", "--data-dir", str(where), "--case", code, "--on", "02/03/2026",
            "--out", str(out)]  # fmt: skip
    assert cli.main(argv) == 0, capsys.readouterr().err
    assert _no(f"04/BC-{abbr}") in flat(page_texts(out)[0])
    assert _series(where)[4].kind == "case"
    capsys.readouterr()
    argv = ["report", "case", "--data-dir", str(where), "--case", code, "--on", "02/03/2026",
            "--number", "03/BC-X", "--out", str(tmp_path / "refused.pdf")]  # fmt: skip
    assert cli.main(argv) == cli.EXIT_REFUSED
    assert capsys.readouterr().err.count("\n") == 1
    assert not (tmp_path / "refused.pdf").exists()
