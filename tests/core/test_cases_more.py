"""Cases in core, the later pieces: editing a person (identity, legacy commune, photo),
the trafficking facts, responsible agencies per step, configurable deadlines, dashboard
counts, list-read audit once per distinct query, child support options."""

from __future__ import annotations

import dataclasses
import io

import pytest
from PIL import Image

from desktop.core.cases import config, eligibility, listing, persons, records, rules, service, views
from desktop.core.errors import PermissionDenied, ValidationError
from desktop.core.places import REFORM_DATE
from desktop.core.security import audit
from desktop.core.security.roles import Role
from tests.core.case_walk import details_for, walk
from tests.core.cases_helpers import D, as_role, receive


@pytest.fixture
def officer(province):
    return as_role(province, Role.PROVINCIAL_OFFICER)


def _audits(p, action: str) -> int:
    with p.db.session() as s:
        return audit.count(s, action)


def _person(p, cid) -> service.PersonInput:
    ident = views.get_case(p, cid).identity
    assert ident is not None
    return service.PersonInput(
        full_name=ident.full_name, sex="female", birth_date=ident.birth_date,
        birth_year=ident.birth_year, home_commune_code=ident.home_commune_code,
    )  # fmt: skip


def _png(tmp_path, size=(1200, 1600)):
    path = tmp_path / "face.png"
    Image.new("RGB", size, (200, 120, 90)).save(path)
    return path


def test_a_person_is_edited_with_every_identity_field(officer):
    cid = receive(officer)
    edit = dataclasses.replace(
        _person(officer, cid), other_names="Hòa Lù", ethnic_group="tay", nationality="VN",
        id_number="020301001234", legacy_commune_code=None, address="Thôn Nà Pàn",
        current_address="Trung tâm CTXH tỉnh", contact="0912 345 678", languages="vi tay",
        guardian_name="Hoàng Văn Tú", guardian_contact="0987 654 321",
    )  # fmt: skip
    persons.update_person(officer, cid, edit)
    ident = views.get_case(officer, cid).identity
    assert ident is not None
    assert (ident.other_names, ident.ethnic_group, ident.id_number, ident.languages) == (
        "Hòa Lù", "tay", "020301001234", "vi tay",
    )  # fmt: skip
    assert (ident.current_address, ident.contact, ident.guardian_contact) == (
        "Trung tâm CTXH tỉnh", "0912 345 678", "0987 654 321",
    )  # fmt: skip


def test_a_new_birth_date_recomputes_the_child_flag(officer):
    cid = receive(officer, birth=D(2001, 3, 4))
    assert not views.get_case(officer, cid).is_child
    persons.update_person(
        officer, cid, dataclasses.replace(_person(officer, cid), birth_date=D(2010, 1, 1))
    )
    d = views.get_case(officer, cid)
    assert d.is_child and d.age == 15


def test_bad_person_edits_are_refused_and_nothing_changes(officer):
    cid = receive(officer)
    before = views.get_case(officer, cid).identity
    for bad, field in (
        (dataclasses.replace(_person(officer, cid), full_name="  "), "full_name"),
        (dataclasses.replace(_person(officer, cid), birth_date=D(2030, 1, 1)), "birth"),
        (dataclasses.replace(_person(officer, cid), status="boss"), "status"),
    ):
        with pytest.raises(ValidationError) as err:
            persons.update_person(officer, cid, bad)
        assert err.value.field == field
    assert views.get_case(officer, cid).identity == before


def test_masked_roles_cannot_edit_or_read_identity(province, tmp_path):
    cid = receive(as_role(province, Role.PROVINCIAL_OFFICER))
    person = _person(province, cid)
    as_role(province, Role.STATISTICIAN)
    with pytest.raises(PermissionDenied):
        persons.update_person(province, cid, person)
    with pytest.raises(PermissionDenied):
        persons.set_photo(province, cid, _png(tmp_path))
    with pytest.raises(PermissionDenied):
        persons.get_photo(province, cid)


def test_legacy_communes_are_offered_for_dates_before_the_reform(officer):
    before = persons.home_commune_choices(officer, REFORM_DATE.replace(year=2024))
    after = persons.home_commune_choices(officer, REFORM_DATE)
    assert len(after) == 65 and len(before) > 150
    assert set(before) != set(after)


def test_a_photo_is_shrunk_stored_and_its_reading_audited(officer, tmp_path):
    cid = receive(officer)
    persons.set_photo(officer, cid, _png(tmp_path))
    assert views.get_case(officer, cid).identity.has_photo
    reads = _audits(officer, "case.identity.read")
    data = persons.get_photo(officer, cid)
    assert data is not None and data.startswith(b"\xff\xd8\xff")
    with Image.open(io.BytesIO(data)) as img:
        assert max(img.size) <= 800
    assert _audits(officer, "case.identity.read") == reads + 1
    persons.set_photo(officer, cid, None)
    assert persons.get_photo(officer, cid) is None


def test_a_file_that_is_not_a_photo_is_refused(officer, tmp_path):
    cid = receive(officer)
    fake = tmp_path / "face.jpg"
    fake.write_bytes(b"%PDF-1.4 not a photo")
    with pytest.raises(ValidationError, match="JPEG"):
        persons.set_photo(officer, cid, fake)
    broken = tmp_path / "broken.jpg"
    broken.write_bytes(b"\xff\xd8\xff" + b"\0" * 50)
    with pytest.raises(ValidationError):
        persons.set_photo(officer, cid, broken)
    assert not views.get_case(officer, cid).identity.has_photo


def test_a_photo_given_at_reception_is_stored(officer, tmp_path):
    encoded = persons.photo_from_file(_png(tmp_path, (100, 100)))
    person = service.PersonInput(full_name="Vi Thị Lan", sex="female", photo=encoded)
    cid = service.create_case(
        officer, person, service.CaseInput(received_on=D(2025, 9, 2), channel="rescued")
    )
    assert views.get_case(officer, cid).identity.has_photo


def test_trafficking_facts_are_edited_and_bad_ones_refused(officer):
    cid = receive(officer)
    facts = service.FactsInput(
        "CN", "Quảng Tây", ["forced_marriage", "labour"], 14, "Qua mạng",
        purposes=["labour", "material"], recruitment_methods=["online_zalo", "job_offer"],
        control_means=["withholds_documents"], recruiter_relation="acquaintance",
        age_trafficked=17,
    )  # fmt: skip
    service.update_facts(officer, cid, facts)
    d = views.get_case(officer, cid)
    assert d.destination_country == "CN" and d.destination_place == "Quảng Tây"
    assert d.exploitation == ("labour", "forced_marriage") and d.months_away == 14  # list order
    assert d.purposes == ("material", "labour")  # Art. 2(1)'s order
    assert d.recruitment_methods == ("job_offer", "online_zalo")
    assert (d.control_means, d.recruiter_relation, d.age_trafficked) == (
        ("withholds_documents",), "acquaintance", 17,
    )  # fmt: skip
    for bad in (dataclasses.replace(facts, exploitation=["x"]),
                dataclasses.replace(facts, months_away=-1),
                dataclasses.replace(facts, purposes=["profit"]),
                dataclasses.replace(facts, recruiter_relation="boss"),
                dataclasses.replace(facts, age_trafficked=40)):  # fmt: skip
        with pytest.raises(ValidationError):
            service.update_facts(officer, cid, bad)
    assert views.get_case(officer, cid).months_away == 14


def test_changing_the_regime_needs_a_reason(officer):
    cid = receive(officer, on=D(2025, 9, 2))
    with pytest.raises(ValidationError):
        service.change_regime(officer, cid, "2011", " ")
    service.change_regime(officer, cid, "2011", "Xác định trước 01/7/2025")
    d = views.get_case(officer, cid)
    assert d.legal_regime == "2011" and d.regime_reason == "Xác định trước 01/7/2025"


def test_agencies_per_step_are_configured_and_recorded_on_a_transition(province):
    officer = as_role(province, Role.PROVINCIAL_OFFICER)
    config.set_step_agencies(officer, {"verifying": "police", "identified": "dolisa"})
    config.set_step_agencies(officer, {"identified": "health"})
    assert config.step_agencies(officer) == {"verifying": "police", "identified": "health"}
    cid = receive(officer)
    service.move(officer, cid, "verifying", D(2025, 9, 2), agency="police")
    assert views.get_case(officer, cid).steps[-1].agency == "police"
    with pytest.raises(ValidationError):
        config.set_step_agencies(officer, {"nowhere": "police"})
    as_role(province, Role.COMMUNE_OFFICER)
    with pytest.raises(PermissionDenied):
        config.set_step_agencies(province, {"verifying": ""})
    assert config.step_agencies(province)["verifying"] == "police"


def test_the_law_deadline_is_fixed_and_the_others_are_configurable(province):
    admin = as_role(province, Role.PROVINCIAL_ADMIN)
    assert config.deadline_days(admin) == {
        "received": 3, "verifying": 20, "identified": 7, "reintegrated": 30,
    }  # fmt: skip
    with pytest.raises(ValidationError):
        config.set_deadline_days(admin, {"closed": 5})
    with pytest.raises(ValidationError):
        config.set_deadline_days(admin, {"identified": "0"})
    config.set_deadline_days(admin, {"identified": "10", "received": "5"})
    assert config.deadline_days(admin)["identified"] == 10
    officer = as_role(province, Role.PROVINCIAL_OFFICER)
    with pytest.raises(PermissionDenied):
        config.set_deadline_days(officer, {"identified": 12})
    border = receive(officer, on=D(2025, 9, 2))  # handed over at the border: 5 days, set
    assert views.get_case(officer, border).due_on == D(2025, 9, 7)
    # Art. 27(2): 3 days from the commune's notice, whatever the settings say.
    cid = receive(officer, on=D(2025, 9, 2), channel="self_reported", notified_on=D(2025, 9, 4))
    assert views.get_case(officer, cid).due_on == D(2025, 9, 7)
    service.move(officer, cid, "verifying", D(2025, 9, 4))
    service.move(officer, cid, "identified", D(2025, 9, 28), details=details_for("identified"))
    assert views.get_case(officer, cid).due_on == D(2025, 10, 8)  # 10 days, configured


def test_deadline_rules_without_settings_keep_the_defaults():
    assert rules.configured_days({"cases.deadline.identified": "junk"})["identified"] == 7
    assert rules.due_date("2024", "received", D(2025, 1, 30), D(2025, 1, 30)) == D(2025, 2, 2)
    assert rules.due_date(
        "2024", "received", D(2025, 1, 30), D(2025, 1, 30), notified_on=D(2025, 2, 1)
    ) == D(2025, 2, 4)
    assert rules.due_date(
        "2011", "identified", D(2025, 1, 1), D(2025, 1, 31), {"identified": 2}
    ) == D(2025, 2, 2)
    assert rules.due_date("2024", "closed", D(2025, 1, 1), D(2025, 1, 1)) is None


def test_dashboard_counts_and_the_awaiting_filter(officer):
    late = receive(officer, on=D(2025, 9, 2))
    done = receive(officer, name="Nông Thị Hạnh", on=D(2025, 9, 2))
    walk(officer, done, "verifying", "identified", on=D(2025, 9, 3))
    assert listing.awaiting_count(officer) == 1
    assert listing.overdue_count(officer, today=D(2025, 9, 6)) == 1
    f = listing.CaseFilter(awaiting_verification=True)
    assert listing.case_ids(officer, f) == [late]
    assert listing.case_ids(officer, listing.CaseFilter(overdue=True), D(2025, 9, 6)) == [late]


def test_a_list_read_is_audited_once_per_distinct_query(officer):
    receive(officer)
    reads = listing.ListReads()
    before = _audits(officer, "case.identity.list")
    for text in ("ho", "hoa", "hoa", "ho", "hoa"):
        listing.case_ids(officer, listing.CaseFilter(text=text), reads=reads)
    assert _audits(officer, "case.identity.list") == before + 2
    listing.case_ids(officer, listing.CaseFilter(text="hoa", children=True), reads=reads)
    assert _audits(officer, "case.identity.list") == before + 3


def test_a_child_is_offered_the_child_support_first():
    eligible = eligibility.entitlement(eligibility.Who("2024", "identified_victim")).types
    child = rules.offered_types(eligible, child=True)
    firsts = [c for c in rules.CHILD_TYPES if c in eligible]
    assert [c for c, prio in child if prio] == firsts == ["a", "b", "g", "h"]
    assert [c for c, _p in child[: len(firsts)]] == firsts
    assert sorted(c for c, _p in child) == sorted(eligible)
    assert not any(p for _c, p in rules.offered_types(eligible, child=False))
    assert [c for c, p in rules.offered_types(("a", "c"), True) if p] == ["a"]


def test_discharge_and_referral_outcome(officer):
    cid = receive(officer)
    stay = records.add_shelter_stay(officer, cid, "Trung tâm CTXH", D(2025, 9, 2))
    with pytest.raises(ValidationError):
        records.discharge(officer, stay, D(2025, 9, 1))
    records.discharge(officer, stay, D(2025, 9, 20))
    walk(officer, cid, "verifying", "identified", "referred", on=D(2025, 9, 3))
    ref = views.get_case(officer, cid).referrals[0].id
    with pytest.raises(ValidationError):
        records.set_referral_outcome(officer, ref, "  ")
    records.set_referral_outcome(officer, ref, "Đã được tư vấn")
    d = views.get_case(officer, cid)
    assert d.stays[0].discharged_on == D(2025, 9, 20) and d.referrals[0].outcome == "Đã được tư vấn"


def test_a_child_is_flagged_with_the_guardian_on_both_documents(officer, tmp_path):
    from pypdf import PdfReader

    from desktop.core.reports import case_docs

    cid = receive(officer, birth=D(2012, 1, 1))
    person = dataclasses.replace(
        _person(officer, cid), guardian_name="Hoàng Văn Tú", guardian_contact="0987 654 321"
    )
    persons.update_person(officer, cid, person)
    for make in (case_docs.reception_record, case_docs.case_summary):
        out = make(officer, cid, tmp_path / f"{make.__name__}.pdf")
        text = " ".join(p.extract_text() for p in PdfReader(str(out)).pages)
        assert "Hoàng Văn Tú" in text and "0987 654 321" in text
        assert "Child: under 18 at reception" in text or "Trẻ em" in text
