"""Who may receive which support: the table of Law 53/2024/QH15, Art. 37(1)–(4), and of
Law 66/2011/QH12, Art. 32, one row per situation with the provision that decides it."""

from __future__ import annotations

import pytest

from desktop.core.cases import eligibility, records, rules, service, views
from desktop.core.cases.eligibility import ACCOMPANYING_MINOR as MINOR
from desktop.core.cases.eligibility import BEING_IDENTIFIED as BEING
from desktop.core.cases.eligibility import NOT_VICTIM, VICTIM
from desktop.core.errors import ValidationError
from desktop.core.i18n import _
from desktop.core.security.roles import Role
from tests.core.case_walk import walk
from tests.core.cases_helpers import D, as_role

A_TO_K = ("a", "b", "c", "d", "dd", "e", "g", "h", "i", "k")
A_TO_H = A_TO_K[:8]
A_TO_G = A_TO_K[:7]
A_TO_D = A_TO_K[:4]
FOREIGN = ("a", "b", "c", "d", "dd", "g")

# (regime, group, citizen, stateless resident, trafficked in VN, abroad, accompanies)
#   → (types, provision)
TABLE = [
    # Art. 37(1): a victim who is a citizen or a stateless permanent resident: a–k.
    (("2024", VICTIM, True, False, False, False, None), (A_TO_K, "Art. 37(1)")),
    (("2024", VICTIM, False, True, False, False, None), (A_TO_K, "Art. 37(1)")),
    (("2024", VICTIM, True, False, False, True, None), (A_TO_K, "Art. 37(1)")),
    # Art. 37(2): a minor accompanying such a victim: a–h.
    (("2024", MINOR, True, False, False, False, VICTIM), (A_TO_H, "Art. 37(2)")),
    (("2024", MINOR, False, True, False, False, VICTIM), (A_TO_H, "Art. 37(2)")),
    # Art. 37(3), first paragraph: a citizen being identified, and a minor with them,
    # abroad: a–d.
    (("2024", BEING, True, False, False, True, None), (A_TO_D, "Art. 37(3), first paragraph")),
    (("2024", MINOR, True, False, False, True, BEING), (A_TO_D, "Art. 37(3), first paragraph")),
    # Abroad, the first paragraph names citizens only.
    (("2024", BEING, False, True, False, True, None), ((), "Art. 37(3)")),
    # Art. 37(3), second paragraph: in the country, citizens and stateless residents being
    # identified, and the minors with them: a–g.
    (("2024", BEING, True, False, False, False, None), (A_TO_G, "Art. 37(3), second paragraph")),
    (("2024", BEING, False, True, False, False, None), (A_TO_G, "Art. 37(3), second paragraph")),
    (("2024", MINOR, True, False, False, False, BEING), (A_TO_G, "Art. 37(3), second paragraph")),
    # A minor whose accompanied person the case does not name: the narrower rule.
    (("2024", MINOR, True, False, False, False, None), (A_TO_G, "Art. 37(3), second paragraph")),
    # Art. 37(4): a foreigner trafficked in Viet Nam, victim or being identified: a, b, c,
    # d, đ, g, case by case.
    (("2024", VICTIM, False, False, True, False, None), (FOREIGN, "Art. 37(4)")),
    (("2024", BEING, False, False, True, False, None), (FOREIGN, "Art. 37(4)")),
    # A foreigner not trafficked in Viet Nam: nothing under Art. 37.
    (("2024", VICTIM, False, False, False, False, None), ((), "Art. 37(4)")),
    # Art. 37(2) names the minors accompanying citizens and stateless residents only.
    (("2024", MINOR, False, False, True, False, VICTIM), ((), "Art. 37(2)")),
    # Law 66/2011, Art. 32(1): a victim who is a citizen or stateless resident: a–e of
    # its own list.
    (("2011", VICTIM, True, False, False, False, None),
     (("11a", "11b", "11c", "11d", "11dd", "11e"), "Art. 32(1)")),
    # Art. 32(2): a foreign victim trafficked in Viet Nam: a–d.
    (("2011", VICTIM, False, False, True, False, None),
     (("11a", "11b", "11c", "11d"), "Art. 32(2)")),
    # Art. 32(3): a minor accompanying a victim: a–c.
    (("2011", MINOR, True, False, False, False, VICTIM), (("11a", "11b", "11c"), "Art. 32(3)")),
    # The 2011 law knew no "person being identified".
    (("2011", BEING, True, False, False, False, None), ((), "Art. 32")),
]  # fmt: skip


@pytest.mark.parametrize(("who", "expected"), TABLE, ids=lambda v: str(v))
def test_the_law_s_table(who, expected):
    regime, group, citizen, stateless, in_vn, abroad, accompanies = who
    types, provision = expected
    got = eligibility.entitlement(
        eligibility.Who(regime, group, citizen, stateless, in_vn, abroad, accompanies)
    )
    assert got.types == types
    law = _("Law 53/2024/QH15") if regime == "2024" else _("Law 66/2011/QH12")
    assert got.basis == _("{provision}, {law}").format(provision=_(provision), law=law)
    assert bool(got.refusal) == (types == ())  # a refusal always says why


def test_not_a_victim_gets_nothing_under_either_law():
    for regime in ("2011", "2024"):
        got = eligibility.entitlement(eligibility.Who(regime, NOT_VICTIM))
        assert got.types == () and got.refusal


def test_foreigners_are_supported_case_by_case():
    foreign = eligibility.Who("2024", VICTIM, citizen=False, trafficked_in_vn=True)
    assert eligibility.entitlement(foreign).case_by_case
    assert not eligibility.entitlement(eligibility.Who("2024", VICTIM)).case_by_case


def test_every_type_of_each_law_is_labelled_in_its_own_words():
    assert list(rules.SUPPORT_TYPES) == list(A_TO_K)
    assert [rules.support_label(c)[:2] for c in A_TO_K] == [
        "a)", "b)", "c)", "d)", "đ)", "e)", "g)", "h)", "i)", "k)",
    ]  # fmt: skip
    assert set(rules.regime_types("2011")) == {"11a", "11b", "11c", "11d", "11dd", "11e"}


@pytest.fixture
def officer(province):
    return as_role(province, Role.PROVINCIAL_OFFICER)


def _receive(p, **kw) -> str:
    person = service.PersonInput(full_name="Lò Thị Ba", sex="female", birth_year=1990,
                                 nationality=kw.pop("nationality", "VN"),
                                 stateless_resident=kw.pop("stateless", False))  # fmt: skip
    case = service.CaseInput(received_on=D(2025, 9, 2), channel="rescued", **kw)
    return service.create_case(p, person, case)


def test_the_case_s_situation_decides_what_the_form_offers(officer):
    foreign = _receive(officer, nationality="CN", trafficked_in_vn=True)
    assert views.get_case(officer, foreign).eligible == FOREIGN
    stranger = _receive(officer, nationality="LA")
    d = views.get_case(officer, stranger)
    assert d.eligible == () and d.entitlement.refusal
    service.update_situation(officer, stranger, service.Situation(trafficked_in_vn=True))
    assert views.get_case(officer, stranger).eligible == FOREIGN
    abroad = _receive(officer, abroad=True)
    assert views.get_case(officer, abroad).eligible == A_TO_D
    stateless = _receive(officer, nationality="", stateless=True)
    walk(officer, stateless, "verifying", "identified")
    assert views.get_case(officer, stateless).eligible == A_TO_K


def test_a_minor_takes_the_rule_of_the_person_accompanied(officer):
    mother = _receive(officer)
    child_person = service.PersonInput(full_name="Lò Văn Út", sex="male", birth_year=2019,
                                       status="accompanying_minor")  # fmt: skip
    child = service.create_case(
        officer, child_person,
        service.CaseInput(received_on=D(2025, 9, 2), channel="rescued", accompanied_case_id=mother),
    )  # fmt: skip
    assert views.get_case(officer, child).eligible == A_TO_G  # mother being identified
    walk(officer, mother, "verifying", "identified")
    assert views.get_case(officer, child).eligible == A_TO_H  # mother a victim: Art. 37(2)
    with pytest.raises(ValidationError):
        service.update_situation(officer, child, service.Situation(accompanied_case_id=child))


def test_support_outside_the_entitlement_is_kept_with_its_reason(officer):
    cid = _receive(officer)  # being identified, in the country: a–g
    with pytest.raises(ValidationError) as err:
        records.add_support(officer, cid, records.SupportInput("k", D(2025, 9, 3), 1_000_000))
    assert err.value.message == _(
        "This support is outside what the person is entitled to: give a reason."
    )
    records.add_support(officer, cid, records.SupportInput("a", D(2025, 9, 3), 300_000))
    entry = views.get_case(officer, cid).support[0]
    assert not entry.outside_eligibility
    assert entry.legal_basis == _("{provision}, {law}").format(
        provision=_("Art. 37(3), second paragraph"), law=_("Law 53/2024/QH15")
    )
