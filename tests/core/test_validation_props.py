"""Random text through every door (issue 13): the core's write, `khien record event`, the
Excel import and a bundle row. Whatever comes in is either refused in one sentence with
nothing written, or stored as a value that goes out to Excel, a bundle and a PDF and reads
back equal."""

from __future__ import annotations

import datetime as dt
import json
import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from pypdf import PdfReader
from sqlalchemy import select

from desktop import cli
from desktop.core.db.models import OutreachEvent
from desktop.core.errors import ValidationError
from desktop.core.outreach import events, excel, query
from desktop.core.progress import run_job
from desktop.core.reports import case_docs
from desktop.core.security.roles import Role
from desktop.core.sync import records
from tests.core.cases_helpers import receive
from tests.core.outreach_helpers import DAY, add_event, as_role

HOSTILE = st.one_of(
    st.text(max_size=80),
    st.text(st.characters(categories=["Cc", "Cf", "Zl", "Zp", "Mn", "Lo"]), max_size=30),
    st.tuples(
        st.sampled_from(["=", "+", "-", "@", "\t", "\r", "=HYPERLINK("]), st.text(max_size=40)
    ).map("".join),
    st.text(st.sampled_from("aăâđeêioôơuưy ÀÁẢÃẠàáảãạ\u0300\u0301"), min_size=290, max_size=320),
)
SETTINGS = settings(
    max_examples=40, deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)  # fmt: skip


def _expected(title: str) -> str:
    return unicodedata.normalize("NFC", " ".join(title.split()))


def _one_sentence(exc: ValidationError) -> None:
    assert exc.message and "\n" not in exc.message and exc.message.endswith((".", "”"))


@pytest.fixture
def officer(province):
    return as_role(province, Role.PROVINCIAL_OFFICER, "canbo")


@SETTINGS
@given(title=HOSTILE)
def test_a_title_is_refused_cleanly_or_travels_unchanged(officer, tmp_path_factory, title):
    with officer.db.session() as s:
        before = len(s.execute(select(OutreachEvent.id)).all())
    try:
        eid = add_event(officer, title=title)
    except ValidationError as exc:
        _one_sentence(exc)
        with officer.db.session() as s:
            assert len(s.execute(select(OutreachEvent.id)).all()) == before
        return
    stored = events.load_event(officer, eid).data.title
    assert stored == _expected(title)
    # A bundle carries it as it is.
    with officer.db.session() as s:
        [rec] = [r for r in records.changes_since(s, 0) if r["id"] == eid][-1:]
    assert json.loads(json.dumps(rec, ensure_ascii=False))["content"]["title"] == stored
    # Excel: a string cell, never a formula, equal to what is stored; and it imports back.
    out = tmp_path_factory.mktemp("x") / "events.xlsx"
    run_job(excel.export_events(officer, query.EventFilter(), out))
    cells = [c for r in load_workbook(out).worksheets[0].iter_rows() for c in r]
    assert not [c for c in cells if c.data_type in ("f", "e")]
    assert stored in {c.value for c in cells}
    check = excel.check_file(officer, out, dt.date(2026, 11, 28))
    assert stored in {data.title for _row, data in check.good}


@SETTINGS
@given(title=HOSTILE)
def test_khien_record_event_refuses_in_one_line_or_stores_the_title(
    province, data_dir, monkeypatch, capsys, title
):
    assume("\x00" not in title)  # a command line cannot carry NUL
    monkeypatch.setenv("KHIEN_PASSWORD", "canbo-pass-1")
    code = cli.main(
        ["record", "event", "--data-dir", str(data_dir), "--user", "canbo", "--kind", "talk",
         "--title", title, "--date", DAY.isoformat()]
    )  # fmt: skip
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    if code:
        assert err.strip() and err.strip().count("\n") <= 1
        return
    assert events.load_event(province, out.strip()).data.title == _expected(title)


@pytest.fixture
def province(province):
    """The test province with an officer who records (the CLI test signs in as them)."""
    province.create_account(
        username="canbo", full_name="Lương Thị Cán", role=Role.PROVINCIAL_OFFICER,
        office_id=province.node.office_id, password="canbo-pass-1",
    )  # fmt: skip
    return province


@pytest.mark.parametrize(
    "name",
    ["Hoàng Thị Hòa", '=HYPERLINK("x")', "+84 Lò Văn Páo", "Nguyễn " * 20, "H’Mông Sùng A"],
)
def test_a_stored_name_prints_in_the_pdf(officer, tmp_path: Path, name):
    cases_officer = as_role(officer, Role.PROVINCIAL_OFFICER, "canbo")
    case_id = receive(cases_officer, name=name.strip())
    out = tmp_path / "record.pdf"
    case_docs.reception_record(cases_officer, case_id, out)
    extracted = "".join(PdfReader(out).pages[0].extract_text().split())
    assert "".join(unicodedata.normalize("NFC", name).split()) in unicodedata.normalize(
        "NFC", extracted
    )
