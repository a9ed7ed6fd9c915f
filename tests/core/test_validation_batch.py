"""What made a bundle's value checks fast must not change what they refuse (issue 18, point
4): a text found storable as it is is what clean_text would return, a code value found good
once is not taken as good on a day it is not in force, and in a batch of good rows the one bad
row in the middle is the one named, with the reason it has alone."""

from __future__ import annotations

import datetime as dt
import unicodedata
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.core import refdata, validation
from desktop.core.errors import ValidationError
from desktop.core.i18n import _
from desktop.core.security.roles import Role
from tests.core.outreach_helpers import as_role


@pytest.fixture
def officer(province):
    return as_role(province, Role.PROVINCIAL_OFFICER, "canbo")


def _event(n: int, **content: Any) -> dict[str, Any]:
    row = {"kind": "talk", "title": f"Nói chuyện {n}", "held_on": "2026-01-15",
           "ethnic_groups": "nung tay", "lead_agency": "police", "village": "Nặm Coóc",
           "notes": "", "audience_total": 40}  # fmt: skip
    return {"table": "outreach_events", "id": f"e{n:04d}", "parents": [],
            "content": {**row, **content}}  # fmt: skip


def _check(p, records: list[dict[str, Any]]) -> tuple[str, str]:
    with p.db.session() as s:
        bad, reason = validation.check_records(s, records)
    return (bad.get("id", ""), reason)


def _alone(p, record: dict[str, Any]) -> str:
    return _check(p, [record])[1]


# -- texts --------------------------------------------------------------------------------

TEXTS = st.text(
    alphabet=st.one_of(
        st.characters(),
        st.sampled_from("\r\n\t\x00\x1b\x85\u202e\u2066\ufffe\uffff\U0010fffe\u0301Ạạ"),
    ),
    max_size=12,
)


@settings(max_examples=500, deadline=None)
@given(TEXTS, st.booleans(), st.sampled_from([0, 3, 12, 255]))
def test_a_text_storable_as_it_is_is_what_clean_text_returns(value, multiline, max_len):
    if not validation._storable_as_is(value, max_len, multiline):
        return  # clean_text itself judges it
    assert validation._clean_slowly(value, max_len, multiline, "") == value
    assert validation.clean_text(value, max_len, multiline) == value


@pytest.mark.parametrize(
    "value",
    ["a\r\nb", "x\x00", "Hai\u202edòng", unicodedata.normalize("NFD", "Hòa"), "\ufffe", "a" * 13],
)
def test_a_text_clean_text_changes_or_refuses_is_not_storable_as_it_is(value):
    assert not validation._storable_as_is(value, 12, True)


# -- codes --------------------------------------------------------------------------------

LABOUR = "Sở Lao động - Thương binh và Xã hội"


def test_a_code_value_good_on_one_day_is_still_refused_on_a_day_it_is_not_in_force(officer):
    """The labour department ceased in March 2025: the same lead agency and partners,
    accepted on the rows of 2019, are refused on the row of 2026 in the same batch."""
    old = [_event(n, held_on="2019-06-21", lead_agency="labour",
                  partner_agencies="labour info_comm") for n in range(5)]  # fmt: skip
    late = _event(5, held_on="2026-01-15", lead_agency="police",
                  partner_agencies="labour info_comm")  # fmt: skip
    assert _check(officer, old) == ("", "")
    expected = _("{field}: “{name}” was not in force on that date.").format(
        field=validation.label("partner_agencies"), name=LABOUR
    )
    assert _alone(officer, late) == expected
    assert _check(officer, [*old, late, *old]) == ("e0005", expected)


def test_an_item_arriving_in_the_batch_is_judged_with_its_dates(officer):
    """Codes judged before the batch's reference items are added are judged again after."""
    new_body = {"kind": "agency", "code": "new_body", "name": "Sở Mới", "valid_from": "2026-02-01"}
    item = {"table": "reference_items", "id": refdata.seed_id("agency", "new_body"),
            "parents": [], "content": new_body}  # fmt: skip
    rows = [_event(n, held_on="2026-03-01", lead_agency="new_body") for n in range(3)]
    assert _check(officer, [item, *rows]) == ("", "")
    early = _event(3, held_on="2026-01-31", lead_agency="new_body")
    assert _check(officer, [item, *rows, early])[0] == "e0003"
    unknown = _("{field}: “{code}” is not in the reference list.").format(
        field=validation.label("lead_agency"), code="new_body"
    )
    assert _check(officer, rows) == ("e0000", unknown)


# -- one bad row in the middle ------------------------------------------------------------

BAD_VALUES: list[dict[str, Any]] = [
    {"title": "Chuông\x07"},
    {"title": unicodedata.normalize("NFD", "Hòa") + "x" * 300},
    {"village": "Hai\u202edòng"},
    {"held_on": "1999-12-31"},
    {"held_on": "not a day"},
    {"audience_total": 10**15},
    {"audience_total": "forty"},
    {"ethnic_groups": "nung martian"},
    {"kind": "not_a_kind"},
    {"lead_agency": "labour"},  # not in force on 2026-01-15
    {"commune_code": 70},  # a ward of Hà Nội
]


@pytest.mark.parametrize("bad", BAD_VALUES, ids=lambda v: next(iter(v)))
def test_one_bad_row_in_the_middle_of_good_ones_is_named_with_its_own_reason(officer, bad):
    rows = [_event(n) for n in range(9)]
    reason = _alone(officer, _event(4, **bad))
    assert reason
    rows[4] = _event(4, **bad)
    assert _check(officer, rows) == ("e0004", reason)
    assert _check(officer, [_event(n) for n in range(9)]) == ("", "")


def test_a_good_decomposed_title_is_cleaned_not_refused(officer):
    nfd = unicodedata.normalize("NFD", "Tuyên truyền ở Hòa Bình")
    rows = [_event(n, title=nfd) for n in range(3)]
    assert _check(officer, rows) == ("", "")
    with officer.db.session() as s:
        cleaned = validation.check_values(
            validation.Refs(s), "outreach_events", {"title": nfd, "notes": "a\r\nb"},
            ["title", "notes"], dt.date(2026, 12, 2),
        )  # fmt: skip
    assert cleaned == {"title": unicodedata.normalize("NFC", nfd), "notes": "a\nb"}
    with pytest.raises(ValidationError), officer.db.session() as s:
        validation.check_values(validation.Refs(s), "outreach_events", {"title": "a\r\nb"},
                                ["title"])  # fmt: skip


def test_a_former_commune_good_before_the_reform_is_refused_after_it_in_the_same_batch(officer):
    """Phường Hoàng Văn Thụ (5971) ceased with the July 2025 reform."""
    before = [_event(n, held_on="2024-03-02", commune_code=5971) for n in range(3)]
    after = _event(3, held_on="2025-09-02", commune_code=5971)
    assert _check(officer, before) == ("", "")
    reason = _alone(officer, after)
    assert reason == _("{field}: {code} is not a commune of this province on that date.").format(
        field=validation.label("commune_code"), code=5971
    )
    assert _check(officer, [*before, after, *before]) == ("e0003", reason)
