"""Document numbers from a series per kind of document and year: offered without being
consumed, taken when the document is written, a number held by another document refused
unless re-issued, the series shared by the kinds of one type (BC, BB), each year its own;
the reception record numbered from the series with the body's abbreviation."""

from __future__ import annotations

import pytest

from desktop.core import profile
from desktop.core.errors import ValidationError
from desktop.core.i18n import _
from desktop.core.reports import case_docs, numbers, service
from desktop.core.security.roles import Role
from tests.core.cases_helpers import D, as_role, receive
from tests.core.reports_helpers import flat, page_texts


def test_offered_not_consumed_then_taken(province):
    assert numbers.next_number(province, "period", 2026) == 1
    assert numbers.next_number(province, "period", 2026) == 1  # offering takes nothing
    numbers.take(province, "period", 2026, 1, "period:a")
    assert numbers.next_number(province, "period", 2026) == 2
    numbers.take(province, "period", 2026, 7, "period:b")  # a number typed by hand
    assert numbers.next_number(province, "period", 2026) == 8
    assert numbers.taken(province, "period", 2026) == {1: "period:a", 7: "period:b"}
    assert profile.get_setting(province, "reports.number.BC.2026")  # stored locally


def test_a_number_held_by_another_document_is_refused_unless_reissued(province):
    numbers.take(province, "period", 2026, 5, "period:first-half")
    with pytest.raises(ValidationError) as refused:
        numbers.take(province, "period", 2026, 5, "period:third-quarter")
    message = refused.value.message
    assert message == _(
        "Number {number} of {year} has already been given to another document: "
        "use the next one, {next}, or choose to re-issue it."
    ).format(number="05", year=2026, next="06")
    assert refused.value.field == "number"
    with pytest.raises(ValidationError):
        numbers.check(province, "campaign", 2026, 5, "campaign:x")  # one series for reports
    numbers.take(province, "period", 2026, 5, "period:first-half")  # the same document again
    numbers.take(province, "period", 2026, 5, "period:third-quarter", reissue=True)
    assert numbers.taken(province, "period", 2026)[5] == "period:third-quarter"


def test_series_per_type_and_year(province):
    numbers.take(province, "period", 2026, 3, "period:a")
    assert numbers.next_number(province, "campaign", 2026) == 4  # reports share "BC"
    assert numbers.next_number(province, "reception", 2026) == 1  # records are "BB"
    assert numbers.next_number(province, "period", 2027) == 1  # a new year starts at 01
    assert numbers.next_number(province, "case", 2026) == 4  # a case summary is a report
    assert numbers.symbol("case") == "BC" and numbers.symbol("note") == ""
    numbers.take(province, "note", 2026, 1)  # a kind without a series records nothing
    assert numbers.taken(province, "note", 2026) == {}


def test_number_text():
    assert numbers.leading("05/BC-BCĐ") == 5
    assert numbers.leading(" 12 ") == 12
    assert numbers.leading("/BC") is None and numbers.leading("") is None
    assert numbers.formatted(5, "period", "Ban Chỉ đạo phòng, chống tội phạm tỉnh") == (
        "05/BC-BCĐPCTP"
    )
    assert numbers.formatted(12, "reception", "Sở Y tế tỉnh Lạng Sơn") == "12/BB-SYT"
    assert numbers.abbreviation("Ủy ban nhân dân xã Đồng Đăng") == "UBND"
    assert case_docs.abbreviation is numbers.abbreviation  # one helper


def test_the_offer(province):
    agency = "Sở Y tế tỉnh Lạng Sơn"
    assert numbers.offer(province, "period", 2026, "/BC", agency) == "01/BC-SYT"
    assert numbers.offer(province, "period", 2026, "", agency) == "01/BC-SYT"
    assert numbers.offer(province, "period", 2026, "04/BC-BCĐ", agency) == "04/BC-BCĐ"  # free
    numbers.take(province, "period", 2026, 4, "period:a")
    assert numbers.offer(province, "period", 2026, "04/BC-BCĐ", agency) == "05/BC-BCĐ"
    assert numbers.offer(province, "period", 2026, "04/BC-BCĐ", agency, "period:a") == (
        "04/BC-BCĐ"  # this same document keeps its number
    )
    assert numbers.offer(province, "note", 2026, "x", agency) == "x"


def test_the_report_takes_its_number_when_written_and_refuses_it_then(province, tmp_path):
    header = service.default_header(province, "period")
    header.number = "09/BC-BCĐ"
    header.signer_name = "Hoàng Văn Quản"
    request = service.ReportRequest("period", D(2026, 1, 1), D(2026, 6, 30), header=header,
                                    on=D(2026, 7, 5))  # fmt: skip
    service.check(province, request)
    assert numbers.taken(province, "period", 2026) == {}  # checked, not taken
    from desktop.core.progress import run_job

    run_job(service.build_pdf(province, request, tmp_path / "a.pdf"))
    assert 9 in numbers.taken(province, "period", 2026)
    run_job(service.build_pdf(province, request, tmp_path / "b.pdf"))  # regenerated: same
    other = service.ReportRequest("period", D(2026, 7, 1), D(2026, 9, 30), header=header,
                                  on=D(2026, 10, 5))  # fmt: skip
    with pytest.raises(ValidationError):
        service.check(province, other)
    with pytest.raises(ValidationError):
        service.build_pdf(province, other, tmp_path / "c.pdf")
    assert not (tmp_path / "c.pdf").exists()
    other.reissue = True
    run_job(service.build_pdf(province, other, tmp_path / "c.pdf"))
    assert (tmp_path / "c.pdf").exists()


def test_the_reception_record_is_numbered_from_the_series(province, tmp_path):
    as_role(province, Role.PROVINCIAL_OFFICER)
    first = receive(province, name="Đặng Thị Phương Thảo")
    second = receive(province, name="Lò Thị Xuân")
    agency = service.load_header(province, "reception").agency
    abbr = numbers.abbreviation(agency)
    out = case_docs.reception_record(province, first, tmp_path / "a.pdf", on=D(2026, 2, 5))
    assert _("No.: {number}").format(number=f"01/BB-{abbr}") in flat(page_texts(out)[0])
    out = case_docs.reception_record(province, second, tmp_path / "b.pdf", on=D(2026, 2, 6))
    assert _("No.: {number}").format(number=f"02/BB-{abbr}") in flat(page_texts(out)[0])
    again = case_docs.reception_record(province, first, tmp_path / "c.pdf", on=D(2026, 2, 7))
    assert f"01/BB-{abbr}" in flat(page_texts(again)[0])  # a re-print keeps its number
    assert numbers.next_number(province, "handover", 2026) == 3  # the records' series
    header = service.load_header(province, "reception")
    header.number = "02/BB-ĐBP"  # held by the second case's record
    with pytest.raises(ValidationError):
        case_docs.reception_record(province, first, tmp_path / "d.pdf", header=header,
                                   on=D(2026, 2, 8))  # fmt: skip
    assert not (tmp_path / "d.pdf").exists()
