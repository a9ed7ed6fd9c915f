"""The handover record (biên bản bàn giao): who hands over to whom, where and when, the
person, the consent in force, both sides' signatures side by side (and the person's, or
their legal representative's for a child); refused to roles that may not see names, every
print audited."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from desktop.core import i18n, places
from desktop.core.db.models import AuditEvent
from desktop.core.db.models_cases import Handover, ReceptionCase
from desktop.core.errors import PermissionDenied
from desktop.core.i18n import _
from desktop.core.reports import case_docs, service
from desktop.core.security import audit
from desktop.core.security.roles import Role
from tests.core.cases_helpers import D, as_role, consent, hand_over, identify, receive
from tests.core.reports_helpers import flat, page_texts, text_runs

HANDED_ON = D(2025, 9, 20)
ADULT = D(1999, 5, 1)
PLACE = "Trụ sở Ủy ban nhân dân xã Đồng Đăng"


def _handover_id(opened, case_id: str) -> str:
    with opened.db.session() as s:
        return s.execute(select(Handover.id).where(Handover.case_id == case_id)).scalar_one()


def _code(opened, case_id: str) -> str:
    with opened.db.session() as s:
        return s.get(ReceptionCase, case_id).case_code


@pytest.fixture
def officer(province):
    return as_role(province, Role.PROVINCIAL_OFFICER)


def _handed_over(opened, name="Đặng Thị Phương Thảo", birth=ADULT, **handover):
    cid = receive(opened, name=name, birth=birth)
    identify(opened, cid, D(2025, 9, 4), verify_on=D(2025, 9, 3))
    consent(opened, cid, D(2025, 9, 10), representative=handover.pop("representative", ""))
    fields = dict(kind="home_locality", receiver="Lương Văn Bình", receiver_role="Chủ tịch UBND xã",
                  province_code=20, commune_code=6040, place=PLACE)  # fmt: skip
    fields.update(handover)
    hand_over(opened, cid, HANDED_ON, **fields)
    return cid


def test_the_record_says_who_where_when_and_is_signed_by_both_sides(officer, tmp_path):
    cid = _handed_over(officer, record_number="07")
    hid = _handover_id(officer, cid)
    out = case_docs.handover_record(officer, hid, tmp_path / "bg.pdf")
    text = flat("\n".join(page_texts(out)))
    with officer.db.session() as s:
        commune = places.unit_name(s, 6040)
    agency = service.load_header(officer, "handover").agency
    for expected in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Lạng Sơn, ngày 20 tháng 9 năm 2025",
        _("Handover record").upper(), "Đặng Thị Phương Thảo", "Lương Văn Bình",
        "Chủ tịch UBND xã", PLACE, i18n.format_date(HANDED_ON), commune, "Lạng Sơn",
        f"07/BB-{case_docs.abbreviation(agency)}", _("Papers and belongings handed over"),
        _("Representative of the handing-over side").upper(),
        _("Representative of the receiving side").upper(),
        _("The person handed over").upper(), i18n.format_date(D(2025, 9, 10)),
    ):  # fmt: skip
        assert expected in text, expected
    assert _("Recipients:") not in text


def test_the_two_sides_sign_side_by_side(officer, tmp_path):
    cid = _handed_over(officer)
    out = case_docs.handover_record(officer, _handover_id(officer, cid), tmp_path / "bg.pdf")
    runs = text_runs(out)

    def title_lines(title: str):  # a long title may wrap: the runs that begin it
        return [r for r in runs if len(r.text.strip()) > 3 and
                title.upper().startswith(r.text.strip())]  # fmt: skip

    def signed(name: str):  # the name under a signature (the last run that is only it)
        return [r for r in runs if r.text.strip() == name][-1]

    def side_by_side(left, right) -> bool:
        return (left.page == right.page and abs(left.y - right.y) < 1
                and left.x + left.width < right.x)  # fmt: skip

    giving = title_lines(_("Representative of the handing-over side"))
    receiving = title_lines(_("Representative of the receiving side"))
    assert any(side_by_side(g, r) for g in giving for r in receiving)
    officer_name = service.load_header(officer, "handover").signer_name
    assert side_by_side(signed(officer_name), signed("Lương Văn Bình"))
    assert signed("Đặng Thị Phương Thảo").y < signed("Lương Văn Bình").y  # the person under


def test_without_a_number_the_series_numbers_it(officer, tmp_path):
    cid = _handed_over(officer)
    hid = _handover_id(officer, cid)
    out = case_docs.handover_record(officer, hid, tmp_path / "bg.pdf")
    agency = service.load_header(officer, "handover").agency
    number = f"01/BB-{case_docs.abbreviation(agency)}"
    assert number in flat(page_texts(out)[0])
    again = case_docs.handover_record(officer, hid, tmp_path / "bg2.pdf")
    assert number in flat(page_texts(again)[0])  # a re-print keeps its number


def test_a_child_is_signed_for_by_the_legal_representative(officer, tmp_path):
    cid = _handed_over(officer, name="Vi Thị Mai", birth=D(2010, 2, 3), kind="family",
                       receiver="Vi Văn Toàn", receiver_role="Bố đẻ", province_code=None,
                       commune_code=None, representative="Vi Văn Toàn")  # fmt: skip
    out = case_docs.handover_record(officer, _handover_id(officer, cid), tmp_path / "bg.pdf")
    text = flat("\n".join(page_texts(out)))
    assert _("Legal representative of the person handed over").upper() in text
    person, representative = (
        _("The person handed over").upper(),
        _("Legal representative of the person handed over").upper(),
    )
    assert text.count(person) == text.count(representative)  # only inside the other
    assert "Vi Văn Toàn" in text and _("Their legal representative") in text


def test_a_role_without_identity_is_refused(officer, tmp_path):
    cid = _handed_over(officer)
    hid = _handover_id(officer, cid)
    as_role(officer, Role.STATISTICIAN)
    with pytest.raises(PermissionDenied):
        case_docs.handover_record(officer, hid, tmp_path / "x.pdf")
    assert not (tmp_path / "x.pdf").exists()
    with officer.db.session() as s:
        assert audit.count(s, "case.print") == 0


def test_the_print_is_audited(officer, tmp_path):
    cid = _handed_over(officer)
    hid = _handover_id(officer, cid)
    case_docs.handover_record(officer, hid, tmp_path / "bg.pdf")
    with officer.db.session() as s:
        events = list(
            s.execute(select(AuditEvent).where(AuditEvent.action == "case.print")).scalars()
        )
    assert len(events) == 1
    assert events[0].target_id == cid
    details = json.loads(events[0].details)
    assert details["document"] == "handover_record" and details["handover"] == hid


def test_the_header_is_its_own_kind(officer):
    header = service.load_header(officer, "handover")
    header.signer_title = "Phó Giám đốc"
    service.save_header(officer, "handover", header)
    assert service.load_header(officer, "handover").signer_title == "Phó Giám đốc"
    assert service.load_header(officer, "reception").signer_title != "Phó Giám đốc"


@pytest.mark.parametrize(
    ("agency", "abbr"),
    [("Sở Y tế tỉnh Lạng Sơn", "SYT"), ("Ủy ban nhân dân xã Đồng Đăng", "UBND"),
     ("Trung tâm Công tác xã hội tỉnh Lạng Sơn", "TTCTXH"), ("Ban Chỉ đạo 138", "BCĐ"),
     ("", "")],
)  # fmt: skip
def test_abbreviation(agency, abbr):
    assert case_docs.abbreviation(agency) == abbr
