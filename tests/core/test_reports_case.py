"""Case documents: Decree 30 layout, Vietnamese text intact, the personal-data notice (never
"MẬT") on every page, printing audited and refused to roles that may not see names."""

from __future__ import annotations

import pytest
from pypdf import PdfReader

from desktop.core import i18n
from desktop.core.cases import facts, records, rules
from desktop.core.db.models_cases import ReceptionCase, SupportEntry
from desktop.core.errors import PermissionDenied
from desktop.core.i18n import _
from desktop.core.reports import case_docs
from desktop.core.security import audit
from desktop.core.security.roles import Role
from tests.core.cases_helpers import D, as_role, consent, hand_over, identify, receive
from tests.core.reports_helpers import flat


@pytest.fixture
def case_id(province):
    as_role(province, Role.PROVINCIAL_OFFICER)
    cid = receive(province, name="Đặng Thị Phương Thảo", birth=D(2009, 5, 1))
    identify(province, cid, D(2025, 9, 4), verify_on=D(2025, 9, 3))
    for n in range(40):  # long enough for several pages
        records.add_support(
            province, cid, records.SupportInput("a", D(2025, 9, 5), amount=150_000 + n,
                                                provider="Ủy ban nhân dân xã Đồng Đăng"))  # fmt: skip
    return cid


def _pages(path) -> list[str]:
    return [page.extract_text() for page in PdfReader(str(path)).pages]


def test_reception_record(province, case_id, tmp_path):
    out = case_docs.reception_record(province, case_id, tmp_path / "bb.pdf", on=D(2025, 9, 2))
    text = "\n".join(_pages(out))
    with province.db.session() as s:
        code = s.get(ReceptionCase, case_id).case_code
    for expected in ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
                     "Lạng Sơn, ngày 02 tháng 9 năm 2025", "Đặng Thị Phương Thảo",
                     "BIÊN BẢN TIẾP NHẬN", "Nơi nhận:", code):  # fmt: skip
        assert expected in text, expected
    flat = " ".join(text.split())
    assert "Hữu Nghị" in flat and "huu_nghi" not in flat  # a gate's name, never its code
    with province.db.session() as s:
        assert audit.count(s, "case.print") == 1


def test_summary_has_the_notice_on_every_page_with_numbers_from_page_two(
    province, case_id, tmp_path
):
    pages = _pages(case_docs.case_summary(province, case_id, tmp_path / "tt.pdf"))
    assert len(pages) >= 2
    notice = flat(case_docs.personal_data_notice())
    assert all(notice in flat(p) for p in pages)
    assert not any("MẬT" in p or "CONFIDENTIAL" in p for p in pages)  # a state-secret grade
    assert any("150.000" in p and "₫" in p for p in pages)
    first_lines = [p.split("\n") for p in pages]
    assert "1" not in first_lines[0][:2]
    assert any(line.strip() == "2" for line in first_lines[1])


def test_statistician_cannot_print(province, case_id, tmp_path):
    as_role(province, Role.STATISTICIAN)
    with pytest.raises(PermissionDenied):
        case_docs.reception_record(province, case_id, tmp_path / "x.pdf")
    assert not (tmp_path / "x.pdf").exists()


def test_reception_record_states_the_channel_basis_deadline_and_age(province, tmp_path):
    as_role(province, Role.PROVINCIAL_OFFICER)
    cid = receive(province, name="Lò Thị Xuân", birth=None, birth_year=2007,
                  channel="self_reported", notified_on=D(2025, 9, 4))  # fmt: skip
    out = case_docs.reception_record(province, cid, tmp_path / "bb.pdf")
    text = flat("\n".join(_pages(out)))
    assert rules.channel_basis("self_reported", "2024") in text
    assert _(rules.CHANNELS["self_reported"]) in text
    # Art. 27(2): three days from the commune's notice, not from the reception
    assert i18n.format_date(D(2025, 9, 7)) in text
    assert _(rules.LAW_DEADLINES[("2024", "received")][2]) in text
    assert "≈ 18" in text  # from the year alone: perhaps still 17
    assert _("presumed a child until the age is established") in text


def test_reception_record_of_a_legacy_channel(province, tmp_path):
    as_role(province, Role.PROVINCIAL_OFFICER)
    cid = receive(province)
    with province.db.session() as s:
        s.get(ReceptionCase, cid).channel = "family_hotline"  # a 0.1 laptop's bundle
    text = flat("\n".join(_pages(case_docs.reception_record(province, cid, tmp_path / "b.pdf"))))
    assert _(rules.LEGACY_CHANNELS["family_hotline"]) in text


def test_summary_has_the_facts_paper_consent_ledger_and_handovers(province, tmp_path):
    as_role(province, Role.PROVINCIAL_OFFICER)
    cid = receive(province, name="Hà Thị Lan", purposes=["sexual", "labour"],
                  exploitation=["forced_marriage"], recruitment_methods=["online_zalo"],
                  control_means=["withholds_documents"])  # fmt: skip
    identify(province, cid, D(2025, 9, 4), number="77/XN-CAT")
    first = records.add_support(province, cid, records.SupportInput("a", D(2025, 9, 5), 900_000))
    records.add_support(province, cid, records.SupportInput("b", D(2025, 9, 6), 300_000))
    records.correct_support(province, first, "Nhập nhầm số tiền")
    consent(province, cid, D(2025, 9, 8))
    hand_over(province, cid, D(2025, 9, 9), record_number="5")
    text = flat("\n".join(_pages(case_docs.case_summary(province, cid, tmp_path / "tt.pdf"))))
    for label in (facts.PURPOSES["sexual"], facts.PURPOSES["labour"],
                  facts.EXPLOITATION["forced_marriage"], facts.RECRUITMENT["online_zalo"],
                  facts.CONTROL["withholds_documents"], rules.ID_DOCUMENTS["police"],
                  rules.HANDOVER_KINDS["family"], rules.STATUSES[rules.HANDED_OVER]):  # fmt: skip
        assert _(label) in text, label
    assert "77/XN-CAT" in text and "Công an tỉnh Lạng Sơn" in text
    assert "Hoàng Văn Bình" in text  # whom the person was handed over to
    assert i18n.format_date(D(2025, 9, 8)) in text  # the consent's date
    assert "-900.000" in text.replace("\u2212", "-") and "Nhập nhầm số tiền" in text
    assert _("Correction of No. {n}: {type}").format(n=1, type=rules.support_label("a")) in text
    assert _("Net total") in text and flat(i18n.format_money(300_000)) in text
    with province.db.session() as s:
        assert sum(e.amount for e in s.query(SupportEntry)) == 300_000
