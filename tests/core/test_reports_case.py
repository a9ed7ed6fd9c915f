"""Case documents: Decree 30 layout, Vietnamese text intact, confidential summary on every
page, printing audited and refused to roles that may not see names."""

from __future__ import annotations

import pytest
from pypdf import PdfReader

from desktop.core.cases import records, service
from desktop.core.db.models_cases import ReceptionCase
from desktop.core.errors import PermissionDenied
from desktop.core.reports import case_docs
from desktop.core.security import audit
from desktop.core.security.roles import Role
from tests.core.cases_helpers import D, as_role, receive


@pytest.fixture
def case_id(province):
    as_role(province, Role.PROVINCIAL_OFFICER)
    cid = receive(province, name="Đặng Thị Phương Thảo", birth=D(2009, 5, 1))
    service.move(province, cid, "verifying", D(2025, 9, 3))
    service.move(province, cid, "identified", D(2025, 9, 4))
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
                     "Lạng Sơn, ngày 02 tháng 09 năm 2025", "Đặng Thị Phương Thảo",
                     "BIÊN BẢN TIẾP NHẬN", "Nơi nhận:", code):  # fmt: skip
        assert expected in text, expected
    flat = " ".join(text.split())
    assert "Hữu Nghị" in flat and "huu_nghi" not in flat  # a gate's name, never its code
    with province.db.session() as s:
        assert audit.count(s, "case.print") == 1


def test_summary_is_confidential_on_every_page_with_numbers_from_page_two(
    province, case_id, tmp_path
):
    pages = _pages(case_docs.case_summary(province, case_id, tmp_path / "tt.pdf"))
    assert len(pages) >= 2
    assert all("MẬT" in p for p in pages)
    assert "150.000" in pages[0] and "₫" in pages[0]
    first_lines = [p.split("\n") for p in pages]
    assert "1" not in first_lines[0][:2]
    assert any(line.strip() == "2" for line in first_lines[1])


def test_statistician_cannot_print(province, case_id, tmp_path):
    as_role(province, Role.STATISTICIAN)
    with pytest.raises(PermissionDenied):
        case_docs.reception_record(province, case_id, tmp_path / "x.pdf")
    assert not (tmp_path / "x.pdf").exists()
