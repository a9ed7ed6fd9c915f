"""Outreach events: validation as a form or a spreadsheet gives values, saving and editing
rights, revisions, the duplicate warning and form drafts."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from desktop.core.db.models_outreach import OutreachEvent
from desktop.core.errors import PermissionDenied, ValidationError
from desktop.core.outreach import drafts, events
from desktop.core.security.roles import Role
from tests.core.outreach_helpers import DAY, add_event, as_role, communes

TODAY = dt.date(2026, 11, 28)


@pytest.fixture
def officer(province):
    return as_role(province, Role.PROVINCIAL_OFFICER, "canbo")


def _raw(**values):
    raw = {"kind": "talk", "title": "Tọa đàm", "held_on": "30/07/2019", "audience_total": "100"}
    raw.update(values)
    return raw


def test_a_clean_event_has_no_problems():
    assert events.problems(_raw(audience_women="60", audience_men="40"), TODAY) == {}


@pytest.mark.parametrize(
    ("field", "value"),
    [("audience_total", "-3"), ("audience_total", "2,5"), ("audience_women", "abc")],
)
def test_counts_are_whole_and_not_negative(field, value):
    found = events.problems(_raw(**{field: value}), TODAY)
    assert found[field] == "Nhập một số nguyên, từ 0 trở lên."


def test_thousands_separators_are_read_as_officers_type_them():
    assert events.parse(_raw(audience_total="1.250"), TODAY).audience_total == 1250


def test_breakdown_never_exceeds_its_total():
    found = events.problems(_raw(audience_women="70", audience_men="40"), TODAY)
    assert set(found) == {"audience_men"}
    assert "110" in found["audience_men"] and "100" in found["audience_men"]
    assert "audience_youth" in events.problems(_raw(audience_youth="101"), TODAY)
    assert "audience_women" in events.problems(_raw(audience_women="101"), TODAY)


def test_a_finished_event_cannot_be_in_the_future_but_a_draft_can():
    future = (TODAY + dt.timedelta(days=3)).isoformat()
    assert "held_on" in events.problems(_raw(held_on=future), TODAY)
    assert events.problems(_raw(held_on=future, state="draft"), TODAY) == {}


def test_missing_title_kind_date_and_bad_time_each_name_their_field():
    found = events.problems({"held_at": "25:00"}, TODAY)
    assert set(found) == {"kind", "title", "held_on", "held_at"}


def test_fields_outside_the_kind_are_not_counted():
    data = events.parse(_raw(kind="banner", quantity="12", audience_total="999x"), TODAY)
    assert (data.quantity, data.audience_total) == (12, 0)
    talk = events.parse(_raw(quantity="5"), TODAY)
    assert talk.quantity == 0


def test_save_edit_and_every_edit_is_a_new_revision(officer):
    code = communes(officer)[0][0]
    event_id = add_event(officer, commune_code=code, partner_agencies="police labour")
    first = events.load_event(officer, event_id)
    assert first.author == "canbo" and first.data.partner_agencies == ["police", "labour"]
    changed = first.data
    changed.audience_total = 130
    events.save_event(officer, changed, event_id, today=TODAY)
    second = events.load_event(officer, event_id)
    assert second.data.audience_total == 130 and second.rev != first.rev
    with officer.db.session() as s:
        row = s.get(OutreachEvent, event_id)
        assert row.parent_rev == first.rev


def test_a_final_event_is_edited_only_by_its_author_or_a_supervisor(officer):
    event_id = add_event(as_role(officer, Role.COMMUNE_OFFICER, "xa1"))
    other = as_role(officer, Role.COMMUNE_OFFICER, "xa2")
    data = events.load_event(other, event_id).data
    with pytest.raises(PermissionDenied):
        events.save_event(other, data, event_id, today=TODAY)
    assert events.can_edit(as_role(officer, Role.DISTRICT_OFFICER, "huyen"), "xa1")
    events.save_event(as_role(officer, Role.DISTRICT_OFFICER, "huyen"), data, event_id, today=TODAY)


def test_an_administrator_does_not_record_events(province):
    with pytest.raises(PermissionDenied):
        add_event(province)


def test_bad_data_is_refused_by_the_service_too(officer):
    bad = events.EventInput(kind="talk", title="x", held_on=DAY, audience_total=1, audience_women=5)
    with pytest.raises(ValidationError) as err:
        events.save_event(officer, bad, today=TODAY)
    assert err.value.field == "audience_women"
    with officer.db.session() as s:
        assert s.execute(select(OutreachEvent)).first() is None


def test_probable_duplicate_same_kind_day_commune_similar_title(officer):
    code, other_code = communes(officer)[0][0], communes(officer)[1][0]
    add_event(officer, commune_code=code, title="Nói chuyện chuyên đề tại thôn Nà Lầu")
    probe = events.parse(
        _raw(title="noi chuyen chuyen de tai thon Na Lau", commune_code=code), TODAY
    )
    assert len(events.probable_duplicates(officer, probe)) == 1
    assert (
        events.probable_duplicates(officer, events.parse(_raw(commune_code=other_code), TODAY))
        == []
    )
    unrelated = events.parse(_raw(title="Mít tinh hưởng ứng", commune_code=code), TODAY)
    assert events.probable_duplicates(officer, unrelated) == []
    next_day = events.parse(
        _raw(title="Nói chuyện chuyên đề tại thôn Nà Lầu", commune_code=code, held_on="31/07/2019"),
        TODAY,
    )
    assert events.probable_duplicates(officer, next_day) == []


def test_save_and_new_keeps_place_agency_and_plan():
    data = events.parse(_raw(commune_code=1, village="Nà Lầu", lead_agency="police"), TODAY)
    data.plan_task_id = "task-1"
    kept = events.keep_for_next(data)
    assert (kept.commune_code, kept.village, kept.lead_agency, kept.plan_task_id) == (
        1, "Nà Lầu", "police", "task-1",
    )  # fmt: skip
    assert kept.title == "" and kept.audience_total == 0


def test_drafts_survive_and_belong_to_their_user(officer):
    key = drafts.draft_key(officer, "event")
    drafts.save_draft(officer, key, {"title": "Đang gõ dở", "audience_total": "12"})
    drafts.save_draft(officer, key, {"title": "Đang gõ dở…", "audience_total": "12"})
    assert drafts.load_draft(officer, key)["title"] == "Đang gõ dở…"
    assert drafts.load_draft(as_role(officer, Role.COMMUNE_OFFICER, "xa1"), key) is None
    drafts.discard_draft(officer, key)
    assert drafts.load_draft(officer, key) is None
