"""A received person's home anywhere in Viet Nam, the age at reception worked out again
with the presumption of minority, and the cases list: codes found from any part, the age
groups counting a presumed child as a child, the accompanied person's case by its code."""

from __future__ import annotations

import dataclasses

import pytest

from desktop.core.cases import listing, persons, service, views
from desktop.core.db.models_cases import ReceptionCase
from desktop.core.errors import ValidationError
from desktop.core.i18n import _
from desktop.core.security.roles import Role
from desktop.core.stats import AGE_UNKNOWN
from tests.core.cases_helpers import D, as_role, receive

HANOI, HOAN_KIEM = 1, 70  # Thành phố Hà Nội, Phường Hoàn Kiếm
CAO_BANG = 4
LANG_SON, THAT_KHE = 20, 6040


@pytest.fixture
def officer(province):
    return as_role(province, Role.PROVINCIAL_OFFICER)


def _person(p, cid) -> service.PersonInput:
    ident = views.get_case(p, cid).identity
    assert ident is not None
    return service.PersonInput(
        full_name=ident.full_name, sex="female", birth_date=ident.birth_date,
        birth_year=ident.birth_year, home_commune_code=ident.home_commune_code,
        home_province_code=ident.home_province_code,
    )  # fmt: skip


def _case_row(p, cid):
    with p.db.session() as s:
        rc = s.get(ReceptionCase, cid)
        return (rc.age_at_reception, rc.age_approximate, rc.child_presumed, rc.is_child)


def test_provinces_and_their_communes_in_vietnamese_order(officer):
    provinces = persons.province_choices(officer)
    assert len(provinces) == 34 and (LANG_SON, "Lạng Sơn") in provinces
    names = [name.removeprefix("Thành phố ") for _code, name in provinces]
    # Vietnamese order, "Thành phố" aside: Hà Nội among the H's, Đ after C and before G.
    assert names.index("An Giang") == 0
    assert names.index("Hà Nội") < names.index("Hà Tĩnh") < names.index("Huế")
    assert names.index("Cà Mau") < names.index("Đà Nẵng") < names.index("Gia Lai")
    hanoi = persons.commune_choices(officer, HANOI)
    assert (HOAN_KIEM, "Phường Hoàn Kiếm") in hanoi
    assert THAT_KHE not in {code for code, _name in hanoi}
    assert persons.commune_choices(officer, None) == []


def test_a_person_from_another_province_keeps_the_home_province_and_commune(officer):
    cid = receive(officer)
    edit = dataclasses.replace(
        _person(officer, cid), home_province_code=HANOI, home_commune_code=HOAN_KIEM
    )
    persons.update_person(officer, cid, edit)
    ident = views.get_case(officer, cid).identity
    assert (ident.home_province_code, ident.home_commune_code) == (HANOI, HOAN_KIEM)


def test_the_home_province_defaults_to_the_communes(officer):
    cid = receive(officer)
    edit = dataclasses.replace(
        _person(officer, cid), home_province_code=None, home_commune_code=HOAN_KIEM
    )
    persons.update_person(officer, cid, edit)
    assert views.get_case(officer, cid).identity.home_province_code == HANOI


def test_a_commune_of_another_province_is_refused_and_nothing_changes(officer):
    cid = receive(officer)
    before = views.get_case(officer, cid).identity
    wrong = dataclasses.replace(
        _person(officer, cid), home_province_code=CAO_BANG, home_commune_code=HOAN_KIEM
    )
    with pytest.raises(ValidationError) as err:
        persons.update_person(officer, cid, wrong)
    assert err.value.field == "home"
    assert err.value.message == _("The home commune is not a commune of the home province.")
    unknown = dataclasses.replace(_person(officer, cid), home_province_code=999)
    with pytest.raises(ValidationError) as err:
        persons.update_person(officer, cid, unknown)
    assert err.value.field == "home_province"
    assert views.get_case(officer, cid).identity == before
    assert persons.check_home(officer, LANG_SON, THAT_KHE) == LANG_SON
    with pytest.raises(ValidationError):
        persons.check_home(officer, LANG_SON, HOAN_KIEM)


def test_the_age_is_worked_out_again_with_the_presumption_of_minority(officer):
    cid = receive(officer, on=D(2025, 9, 2), birth=D(2001, 3, 4))
    assert _case_row(officer, cid) == (24, False, False, False)
    base = _person(officer, cid)
    # A year alone: approximate; 18 from the year may be 17, so presumed a child.
    persons.update_person(
        officer, cid,
        dataclasses.replace(base, birth_date=None, birth_year=2007, birth_estimated=True),
    )  # fmt: skip
    assert _case_row(officer, cid) == (18, True, True, True)
    # No birth information at all: age unknown, presumed a child.
    persons.update_person(officer, cid, dataclasses.replace(base, birth_date=None, birth_year=None))
    assert _case_row(officer, cid) == (None, False, True, True)
    # The exact date: 17, a child for certain.
    persons.update_person(officer, cid, dataclasses.replace(base, birth_date=D(2008, 1, 1)))
    assert _case_row(officer, cid) == (17, False, False, True)
    # A year that leaves no doubt (25 from the year: at least 24).
    persons.update_person(officer, cid, dataclasses.replace(base, birth_date=None, birth_year=2000))
    assert _case_row(officer, cid) == (25, True, False, False)


def test_stateless_resident_only_without_vietnamese_nationality(officer):
    cid = receive(officer)
    base = _person(officer, cid)
    persons.update_person(
        officer, cid, dataclasses.replace(base, nationality="LA", stateless_resident=True)
    )
    assert views.get_case(officer, cid).identity.stateless_resident
    persons.update_person(officer, cid, dataclasses.replace(base, stateless_resident=True))
    assert not views.get_case(officer, cid).identity.stateless_resident


def test_an_adult_is_not_a_person_under_18_accompanying(officer):
    cid = receive(officer, birth=D(2001, 3, 4))
    with pytest.raises(ValidationError) as err:
        persons.update_person(
            officer, cid, dataclasses.replace(_person(officer, cid), status="accompanying_minor")
        )
    assert err.value.field == "status"
    persons.update_person(
        officer, cid,
        dataclasses.replace(_person(officer, cid), birth_date=D(2015, 1, 1),
                            status="accompanying_minor"),
    )  # fmt: skip
    assert views.get_case(officer, cid).person_status == "accompanying_minor"


def test_a_case_code_is_found_from_any_part_of_it(officer):
    first = receive(officer)
    second = receive(officer, name="Lương Thị Mai")
    code = views.get_case(officer, first).code
    tail = code.rsplit("-", 1)[1]  # "00001"
    assert listing.case_ids(officer, listing.CaseFilter(text=tail)) == [first]
    assert listing.case_ids(officer, listing.CaseFilter(text=tail[2:])) == [first]
    assert set(listing.case_ids(officer, listing.CaseFilter(text="2025"))) == {first, second}
    assert listing.find_case_by_code(officer, tail) == (first, code)
    assert listing.find_case_by_code(officer, code.lower()) == (first, code)
    assert listing.find_case_by_code(officer, "2025") is None  # two cases match
    assert listing.find_case_by_code(officer, tail, exclude=first) is None
    assert len(listing.match_case_codes(officer, "2025")) == 2


def test_the_age_groups_count_a_presumed_child_as_a_child(officer):
    adult = receive(officer, birth=D(2001, 3, 4))
    presumed = receive(officer, name="Vi Thị Lan", birth=None, birth_year=2007)  # ≈ 18
    unknown = receive(officer, name="Hà Thị Nụ", birth=None)

    def group(label: str) -> set[str]:
        return set(listing.case_ids(officer, listing.CaseFilter(age_group=label)))

    assert group("16-17") == {presumed}
    assert group("18-29") == {adult}
    assert group(AGE_UNKNOWN) == {unknown}
    assert set(listing.case_ids(officer, listing.CaseFilter(children=True))) == {
        presumed, unknown,
    }  # fmt: skip
    rows = {r.id: r for r in listing.case_rows(officer, [adult, presumed, unknown])}
    assert rows[presumed].age_approximate and rows[presumed].child_presumed
    assert not rows[adult].age_approximate and rows[unknown].age is None
