"""One validation layer for every write (issue 13, point 1): each case of the issue through
the core service, a direct write with the app's own session, and `khien record event`."""

from __future__ import annotations

import datetime as dt
import unicodedata

import pytest
from sqlalchemy import select, text

from desktop import cli
from desktop.core import validation
from desktop.core.db.models import OutreachEvent
from desktop.core.db.models_cases import Person
from desktop.core.errors import ValidationError
from desktop.core.outreach import events
from desktop.core.security.roles import Role
from tests.conftest import PASSWORD
from tests.core.outreach_helpers import add_event, as_role
from tests.core.outreach_helpers import refused as _refused

THAT_KHE = 6040  # Xã Thất Khê, Lạng Sơn (after the July 2025 reform)
HOAN_KIEM = 70  # Phường Hoàn Kiếm, Hà Nội: another province
AFTER_REFORM = dt.date(2025, 9, 2)


@pytest.fixture
def officer(province):
    return as_role(province, Role.PROVINCIAL_OFFICER, "canbo")


def _count(p) -> int:
    with p.db.session() as s:
        return len(s.execute(select(OutreachEvent.id)).all())


@pytest.mark.parametrize(
    "bad", ["Nói chuyện\x1b[31m", "Chuông\x07", "Hai\u202edòng", "Ký tự\x9blạ"]
)
def test_control_characters_in_a_title_are_refused_at_every_door(officer, bad):
    assert "title" in events.problems({"kind": "talk", "title": bad, "held_on": "2019-07-30"})
    _refused(lambda: add_event(officer, title=bad), "title")
    with pytest.raises(ValidationError), officer.db.session() as s:  # the session's own check
        s.add(OutreachEvent(kind="talk", title=bad, held_on=dt.date(2019, 7, 30)))
    assert _count(officer) == 0


def test_notes_keep_their_line_breaks_but_no_other_control_character(officer):
    eid = add_event(officer, notes="Dòng một\r\nDòng hai\tcột")
    assert events.load_event(officer, eid).data.notes == "Dòng một\nDòng hai\tcột"
    _refused(lambda: add_event(officer, notes="Xấu\x00"), "notes")


def test_text_is_stored_in_nfc(officer):
    decomposed = unicodedata.normalize("NFD", "Hòa Bình tuyên truyền")
    assert decomposed != "Hòa Bình tuyên truyền"
    eid = add_event(officer, title=decomposed)
    assert events.load_event(officer, eid).data.title == "Hòa Bình tuyên truyền"
    with officer.db.session() as s:  # a direct write too
        ev = OutreachEvent(kind="talk", title="x", held_on=dt.date(2019, 7, 30), village=decomposed)
        s.add(ev)
    with officer.db.session() as s:
        assert s.get(OutreachEvent, ev.id).village == "Hòa Bình tuyên truyền"


@pytest.mark.parametrize("day", [dt.date(1, 1, 1), dt.date(1999, 12, 31)])
def test_a_date_outside_the_window_is_refused(officer, day):
    message = _refused(lambda: add_event(officer, held_on=day), "held_on")
    assert "01/01/2000" in message
    assert "held_on" in events.problems({"kind": "talk", "title": "t", "held_on": day})


def test_a_reception_date_is_not_before_2000_nor_in_the_future(officer):
    validation.check_date("reception_cases", "received_on", dt.date(2000, 1, 1))
    for day in (dt.date(1999, 12, 31), dt.date.today() + dt.timedelta(days=1)):
        with pytest.raises(ValidationError):
            validation.check_date("reception_cases", "received_on", day)


@pytest.mark.parametrize("code", [999_999, HOAN_KIEM])
def test_a_commune_that_does_not_exist_or_is_elsewhere_is_refused(officer, code):
    _refused(lambda: add_event(officer, commune_code=code, held_on=AFTER_REFORM), "commune_code")
    assert _count(officer) == 0
    add_event(officer, commune_code=THAT_KHE, held_on=AFTER_REFORM)


def test_a_pre_reform_commune_is_valid_only_before_the_reform(officer):
    with officer.db.session() as s:
        legacy = s.execute(
            text("SELECT code FROM admin_units WHERE kind = 'legacy_commune' LIMIT 1")
        ).scalar_one()
    add_event(officer, commune_code=legacy, held_on=dt.date(2024, 5, 1))
    _refused(lambda: add_event(officer, commune_code=legacy, held_on=AFTER_REFORM), "commune_code")


def test_unknown_codes_are_refused(officer):
    _refused(lambda: add_event(officer, kind="bogus_kind"), "kind")
    _refused(lambda: add_event(officer, lead_agency="nobody"), "lead_agency")
    _refused(lambda: add_event(officer, partner_agencies=["police", "nobody"]), "partner_agencies")
    assert _count(officer) == 0


def test_a_very_long_name_is_refused(officer):
    with pytest.raises(ValidationError) as caught, officer.db.session() as s:
        s.add(Person(full_name="A" * 10_000, sex="female"))
    assert caught.value.field == "full_name"
    with pytest.raises(ValidationError), officer.db.session() as s:
        s.add(Person(full_name="Nông Thị Hoa", sex="unknown"))


def test_an_old_row_with_a_value_from_before_the_rules_can_still_be_edited(officer):
    eid = add_event(officer)
    with officer.db.session() as s:  # as a row written by Khiên 0.1 would be
        s.execute(text("UPDATE outreach_events SET venue = 'Hội trường\x07' WHERE id = :i"),
                  {"i": eid})  # fmt: skip
    with officer.db.session() as s:
        s.get(OutreachEvent, eid).audience_total = 130  # only the changed field is judged
    with officer.db.session() as s:
        assert s.get(OutreachEvent, eid).audience_total == 130


def test_khien_record_event_refuses_in_one_sentence(province, data_dir, monkeypatch, capsys):
    province.create_account(
        username="canbo", full_name="Lương Thị Cán", role=Role.PROVINCIAL_OFFICER,
        office_id=province.node.office_id, password="canbo-pass-1",
    )  # fmt: skip
    province.close()
    monkeypatch.setenv("KHIEN_PASSWORD", "canbo-pass-1")
    base = ["record", "event", "--data-dir", str(data_dir), "--user", "canbo",
            "--title", "Nói chuyện", "--date", "02/09/2025"]  # fmt: skip
    cases = [
        ["--kind", "talk", "--commune", str(HOAN_KIEM)],
        ["--kind", "talk", "--commune", "999999"],
        ["--kind", "not_a_kind"],
        ["--kind", "talk", "--title", "Chuông\x07"],
    ]
    for extra in cases:
        code = cli.main(base + extra)
        err = capsys.readouterr().err
        assert code != 0 and "Traceback" not in err and err.strip().count("\n") <= 1, err
    code = cli.main([*base[:4], "--user", "canbo", "--title", "Ngày lạ", "--date", "01/01/0001",
                     "--kind", "talk"])  # fmt: skip
    assert code != 0 and "Traceback" not in capsys.readouterr().err
    assert cli.main(base + ["--kind", "talk", "--commune", str(THAT_KHE)]) == 0
    assert PASSWORD  # the administrator's password is not what signs the officer in


def test_countries_are_two_letter_codes_stored_in_capitals(officer):
    from tests.core.cases_helpers import receive

    case_id = receive(officer, destination_country="cn")
    from desktop.core.db.models_cases import ReceptionCase

    with officer.db.session() as s:
        assert s.get(ReceptionCase, case_id).destination_country == "CN"
    with pytest.raises(ValidationError) as caught:
        receive(officer, name="Lò Thị Mai", destination_country="Trung Quốc")
    assert caught.value.field == "destination_country"
