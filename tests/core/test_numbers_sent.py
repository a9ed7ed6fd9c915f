"""The register of document numbers (issue 16 leftovers): what a series keeps about each
number (kind, number as printed, date written), version 1's ``{number: ref}`` still loading,
the "sent" mark (date, to whom) with its refusals changing nothing, a re-issue starting a
new entry, the case summary numbered from the reports' series, and the dashboard's
plan-report reminder ending once the plan's campaign report is marked sent."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from desktop.core import profile
from desktop.core.errors import ValidationError
from desktop.core.i18n import _
from desktop.core.outreach import plans
from desktop.core.reports import case_docs, numbers, service
from desktop.core.security.roles import Role
from desktop.core.stats import dashboard
from tests.core.cases_helpers import D, as_role, receive
from tests.core.outreach_helpers import as_role as officer_as
from tests.core.reports_helpers import flat, page_texts

KEY = "reports.number.BC.2026"


def _stored(p) -> dict:
    return json.loads(profile.get_setting(p, KEY))


def test_version_1_values_still_load_and_stay_as_they_were(province):
    profile.set_setting(province, KEY, json.dumps({"3": "period:2026-01-01:2026-03-31",
                                                   "4": "campaign:p1"}))  # fmt: skip
    assert numbers.taken(province, "period", 2026) == {
        3: "period:2026-01-01:2026-03-31", 4: "campaign:p1",
    }  # fmt: skip
    old = numbers.given(province, "case", 2026)[3]
    assert (old.kind, old.text, old.written_on, old.sent) == ("period", "", None, False)
    assert old.shown_number() == "03/BC"
    assert numbers.next_number(province, "case", 2026) == 5
    numbers.take(province, "case", 2026, 5, "case:c1", text="05/BC-BCĐ", written_on=D(2026, 3, 2))
    stored = _stored(province)
    assert stored["3"] == "period:2026-01-01:2026-03-31"  # untouched entries stay strings
    assert stored["5"] == {"ref": "case:c1", "kind": "case", "text": "05/BC-BCĐ",
                           "written_on": "2026-03-02"}  # fmt: skip
    assert [g.number for g in numbers.register(province, 2026)] == [3, 4, 5]
    profile.set_setting(province, KEY, "not json")
    assert numbers.taken(province, "period", 2026) == {}  # unreadable: nothing, no crash


def test_mark_sent_and_its_refusals_change_nothing(province):
    numbers.take(province, "period", 2026, 2, "period:a", text="02/BC-BCĐ",
                 written_on=D(2026, 7, 5))  # fmt: skip
    numbers.take(province, "reception", 2026, 1, "reception:c", text="01/BB-BCĐ",
                 written_on=D(2026, 2, 5))  # fmt: skip
    today = D(2026, 7, 10)
    before = _stored(province)
    refusals = [
        (dict(sent_on=D(2026, 7, 11)), _("The date it was sent cannot be in the future.")),
        (dict(sent_on=D(2026, 7, 4)), _("A document cannot be sent before its date, {date}.")),
        (dict(sent_on=D(2026, 7, 6), sent_to="x" * 201), None),
    ]
    for kwargs, message in refusals:
        with pytest.raises(ValidationError) as refused:
            numbers.mark_sent(province, "BC", 2026, 2, today=today, **kwargs)  # type: ignore[arg-type]
        if message and "{date}" not in message:
            assert refused.value.message == message
        assert _stored(province) == before
    with pytest.raises(ValidationError):
        numbers.mark_sent(province, "BC", 2026, 9, D(2026, 7, 6), today=today)  # no such number
    with pytest.raises(ValidationError):
        numbers.mark_sent(province, "BC", 2025, 2, D(2026, 7, 6), today=today)  # no series
    assert _stored(province) == before

    marked = numbers.mark_sent(province, "BC", 2026, 2, D(2026, 7, 6),
                               "  Bộ Công an;   UBND tỉnh ", today=today)  # fmt: skip
    assert (marked.sent_on, marked.sent_to) == (D(2026, 7, 6), "Bộ Công an; UBND tỉnh")
    again = numbers.given(province, "period", 2026)[2]
    assert again == marked and again.text == "02/BC-BCĐ"
    assert numbers.sent_refs(province) == {"period:a"}
    register = numbers.register(province, 2026)
    assert [(g.symbol, g.number, g.sent) for g in register] == [("BC", 2, True),
                                                                ("BB", 1, False)]  # fmt: skip


def test_a_reprint_keeps_the_mark_and_a_reissue_starts_a_new_entry(province):
    numbers.take(province, "period", 2026, 2, "period:a", text="02/BC-X", written_on=D(2026, 7, 5))
    numbers.mark_sent(province, "BC", 2026, 2, D(2026, 7, 6), "Bộ Công an")
    numbers.take(province, "period", 2026, 2, "period:a", text="02/BC-X", written_on=D(2026, 7, 8))
    kept = numbers.given(province, "period", 2026)[2]
    assert (kept.sent_on, kept.sent_to, kept.written_on) == (D(2026, 7, 6), "Bộ Công an",
                                                             D(2026, 7, 8))  # fmt: skip
    with pytest.raises(ValidationError):
        numbers.take(province, "campaign", 2026, 2, "campaign:p")
    numbers.take(province, "campaign", 2026, 2, "campaign:p", reissue=True, text="02/BC-X",
                 written_on=D(2026, 7, 9))  # fmt: skip
    new = numbers.given(province, "period", 2026)[2]
    assert (new.ref, new.kind, new.sent) == ("campaign:p", "campaign", False)
    assert numbers.sent_refs(province) == frozenset()


def test_the_case_summary_is_numbered_from_the_reports_series(province, tmp_path):
    as_role(province, Role.PROVINCIAL_OFFICER)
    first = receive(province, name="Đặng Thị Phương Thảo")
    second = receive(province, name="Lò Thị Xuân")
    numbers.take(province, "period", 2026, 1, "period:x")  # reports and summaries: one series
    abbr = numbers.abbreviation(service.load_header(province, "case").agency)
    out = case_docs.case_summary(province, first, tmp_path / "a.pdf", on=D(2026, 3, 2))
    assert _("No.: {number}").format(number=f"02/BC-{abbr}") in flat(page_texts(out)[0])
    case_docs.case_summary(province, second, tmp_path / "b.pdf", on=D(2026, 3, 3))
    again = case_docs.case_summary(province, first, tmp_path / "c.pdf", on=D(2026, 3, 4))
    assert f"02/BC-{abbr}" in flat(page_texts(again)[0])  # a re-print keeps its number
    held = numbers.given(province, "case", 2026)
    assert (held[2].ref, held[2].kind, held[2].text) == (f"case:{first}", "case",
                                                         f"02/BC-{abbr}")  # fmt: skip
    assert held[3].ref == f"case:{second}"
    assert numbers.next_number(province, "period", 2026) == 4
    # A number held by another document is refused by the service before any work…
    header = service.load_header(province, "case")
    header.number = f"03/BC-{abbr}"
    request = service.ReportRequest("case", case_id=first, header=header, on=D(2026, 3, 5))
    with pytest.raises(ValidationError):
        service.check(province, request)
    with pytest.raises(ValidationError):
        case_docs.case_summary(province, first, tmp_path / "d.pdf", header=header,
                               on=D(2026, 3, 5))  # fmt: skip
    assert not (tmp_path / "d.pdf").exists()
    # …and given when the officer re-issues it.
    request.reissue = True
    from desktop.core.progress import run_job

    run_job(service.build_pdf(province, request, tmp_path / "d.pdf"))
    assert numbers.taken(province, "case", 2026)[3] == f"case:{first}"
    listed = service.numbered_documents(province, 2026)
    codes = {d.given.number: (d.kind_name, d.about) for d in listed}
    assert codes[3][0] == _("Case summary") and codes[3][1].startswith("LS-")


def _plan(p, number: str, due: dt.date) -> str:
    return plans.save_plan(
        p,
        plans.PlanInput(number, "Ban Chỉ đạo", D(2026, 1, 1), f"Kế hoạch {number}",
                        D(2026, 1, 1), D(2026, 11, 30), report_due_on=due),
    )  # fmt: skip


def test_the_reminder_ends_once_the_campaign_report_is_marked_sent(province):
    officer = officer_as(province, Role.PROVINCIAL_OFFICER, "canbo")
    today = D(2026, 12, 2)
    ours = _plan(officer, "45/KH-BCĐ", today + dt.timedelta(days=3))
    other = _plan(officer, "46/KH-BCĐ", today - dt.timedelta(days=2))
    loaded = dashboard.figures(officer, today)
    assert {r.plan_id for r in loaded.reports_due} == {ours, other}
    # Written, not yet sent: still reminded.
    numbers.take(officer, "campaign", 2026, 7, f"campaign:{ours}", text="07/BC-BCĐ",
                 written_on=D(2026, 12, 1))  # fmt: skip
    assert {r.plan_id for r in dashboard.reports_due(officer, today)} == {ours, other}
    doc = numbers.given(officer, "campaign", 2026)[7]
    service.mark_sent(officer, doc, D(2026, 12, 2), "Bộ Công an")
    assert [r.plan_id for r in dashboard.reports_due(officer, today)] == [other]
    # The page's cached figures are counted again: the mark is no synced row.
    again = dashboard.figures(officer, today)
    from desktop.core.progress import run_job

    refreshed = run_job(dashboard.load(officer, today, loaded))
    assert refreshed is not loaded
    assert (
        [r.plan_id for r in refreshed.reports_due]
        == [other]
        == [r.plan_id for r in again.reports_due]
    )
    assert run_job(dashboard.load(officer, today, refreshed)) is refreshed  # nothing changed
