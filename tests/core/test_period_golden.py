"""Golden figures: the periodic report of a fixed demo seed, every table's figures (this
period and the same period of the previous year) checked against SQL written here, apart
from ``desktop.core.stats`` — plain SQLite over the profile's tables. Names are taken from
the report's own naming functions: only the figures are under test."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import text

from desktop.core import i18n
from desktop.core.cases import facts, rules
from desktop.core.i18n import _
from desktop.core.outreach import kinds
from desktop.core.reports import period
from desktop.core.reports.content import ReportContent, TableData
from tests.core.reports_helpers import add_variety, demo_with_records

D = dt.date
SEED = 13
PERIOD = (D(2026, 1, 1), D(2026, 6, 30))  # the first six months of 2026
BEFORE = (D(2025, 1, 1), D(2025, 6, 30))  # cùng kỳ: the first six months of 2025
TODAY = D(2026, 7, 10)
Figures = dict[str, tuple[int, int]]

# One row per live case received in the period, with the facts the tables count.
CASES = """
SELECT c.id, c.person_id, c.case_code, c.received_on, c.channel, c.border_gate, c.status,
       c.legal_regime, c.destination_country, c.purposes,
       COALESCE(p.sex, '') AS sex, COALESCE(p.ethnic_group, '') AS ethnic,
       COALESCE(CAST(p.home_province_code AS TEXT), '') AS home,
       CASE c.channel
         WHEN 'self_returned' THEN 'self_returned'
         WHEN 'rescued' THEN 'rescued'
         WHEN 'handed_over_border' THEN 'handed_over_foreign'
         WHEN 'mission_abroad' THEN 'mission_abroad'
         WHEN 'self_reported' THEN 'in_viet_nam'
         WHEN 'handed_over_body' THEN 'in_viet_nam'
         WHEN 'family_hotline' THEN 'in_viet_nam'
         ELSE '' END AS way,
       CASE
         WHEN a.age IS NULL OR a.youngest < 0 THEN 'unknown'
         WHEN a.youngest <= 15 THEN '0-15'
         WHEN a.youngest <= 17 OR c.child_presumed THEN '16-17'
         WHEN a.youngest <= 29 THEN '18-29'
         WHEN a.youngest <= 49 THEN '30-49'
         ELSE '50+' END AS age_group,
       (c.is_child OR c.child_presumed OR a.age IS NULL OR a.age < 18) AS child
FROM reception_cases c
LEFT JOIN persons p ON p.id = c.person_id
JOIN (SELECT x.id AS case_id, x.age, CASE WHEN x.child_presumed THEN x.age - 1 ELSE x.age END
             AS youngest
      FROM (SELECT r.id, r.child_presumed,
                   COALESCE(r.age_at_reception,
                            CAST(strftime('%Y', r.received_on) AS INTEGER) - q.birth_year) AS age
            FROM reception_cases r LEFT JOIN persons q ON q.id = r.person_id) x) a
  ON a.case_id = c.id
WHERE c.deleted = 0 AND c.received_on BETWEEN :lo AND :hi
"""
# Each person once: their first case in the period (no earlier one, by date then code).
FIRSTS = f"""
SELECT * FROM ({CASES}) f
WHERE NOT EXISTS (
  SELECT 1 FROM reception_cases e
  WHERE e.person_id = f.person_id AND e.deleted = 0 AND e.received_on BETWEEN :lo AND :hi
    AND (e.received_on < f.received_on
         OR (e.received_on = f.received_on AND e.case_code < f.case_code)
         OR (e.received_on = f.received_on AND e.case_code = f.case_code AND e.id < f.id)))
"""
# Support entries that stand: no counter-entry, not cancelled by one, of a live case.
SUPPORT = """
SELECT s.support_type, s.amount, c.person_id FROM support_entries s
JOIN reception_cases c ON c.id = s.case_id
WHERE s.deleted = 0 AND c.deleted = 0 AND s.corrects_id IS NULL
  AND NOT EXISTS (SELECT 1 FROM support_entries k WHERE k.corrects_id = s.id AND k.deleted = 0)
  AND s.given_on BETWEEN :lo AND :hi
"""
# Steps taken in the period (a reopening is no step), on live cases.
STEPS = """
SELECT t.to_status, c.id AS case_id, c.person_id FROM case_transitions t
JOIN reception_cases c ON c.id = t.case_id
WHERE t.deleted = 0 AND c.deleted = 0 AND t.from_status != 'closed'
  AND t.effective_on BETWEEN :lo AND :hi
"""
EVENTS = "SELECT * FROM outreach_events WHERE deleted = 0 AND held_on BETWEEN :lo AND :hi"
LIVE = "deleted = 0 AND case_id IN (SELECT id FROM reception_cases WHERE deleted = 0)"


@pytest.fixture
def golden(province):
    demo_with_records(province, events=800, cases=320, seed=SEED)
    add_variety(province, seed=SEED)
    return province


class Sql:
    """The same query over this period and the same period of the previous year."""

    def __init__(self, session: Any) -> None:
        self.s = session

    def one(self, sql: str) -> tuple[int, int]:
        now, before = (self.s.execute(text(sql), {"lo": lo, "hi": hi}).scalar_one()
                       for lo, hi in (PERIOD, BEFORE))  # fmt: skip
        return int(now or 0), int(before or 0)

    def grouped(self, sql: str) -> Figures:
        """``SELECT key, n …``: {key: (this period, same period last year)}."""
        out: dict[str, list[int]] = {}
        for i, (lo, hi) in enumerate((PERIOD, BEFORE)):
            for key, n in self.s.execute(text(sql), {"lo": lo, "hi": hi}):
                out.setdefault("" if key is None else str(key), [0, 0])[i] += int(n)
        return {k: (v[0], v[1]) for k, v in out.items()}


def _tables(content: ReportContent) -> dict[str, TableData]:
    return {t.title.split(". ", 1)[1]: t for s in content.sections for t in s.tables}


def _rows(table: TableData) -> Figures:
    rows = table.rows[:-1] if table.total_row else table.rows
    return {str(r[1]): (int(r[2]), int(r[3])) for r in rows}  # type: ignore[arg-type]


def _total(table: TableData) -> tuple[int, int]:
    assert table.total_row
    return int(table.rows[-1][2]), int(table.rows[-1][3])  # type: ignore[arg-type]


def _named(figures: Figures, name: Callable[[str], str]) -> Figures:
    return {name(k): v for k, v in figures.items() if v != (0, 0)}


def _sum(figures: Figures) -> tuple[int, int]:
    return sum(v[0] for v in figures.values()), sum(v[1] for v in figures.values())


def test_every_table_equals_independent_sql(golden):
    content = period.build(golden, *PERIOD, today=TODAY)
    t = _tables(content)
    with golden.db.session() as s:
        q = Sql(s)
        names = period.Names(s)

        # -- outreach ---------------------------------------------------------------------
        def kind(code: str) -> str:
            return names.ref("outreach_kind", code)

        events = q.grouped(f"SELECT kind, COUNT(*) FROM ({EVENTS}) GROUP BY kind")
        assert _rows(t[_("Outreach activities by kind")]) == _named(events, kind)
        assert _total(t[_("Outreach activities by kind")]) == q.one(
            f"SELECT COUNT(*) FROM ({EVENTS})"
        )
        people = q.grouped(f"SELECT kind, SUM(audience_total) FROM ({EVENTS}) GROUP BY kind")
        shown = _rows(t[_("People reached by kind of activity")])
        assert {k: v for k, v in shown.items() if v != (0, 0)} == _named(people, kind)
        quantity = q.grouped(f"SELECT kind, SUM(quantity) FROM ({EVENTS}) GROUP BY kind")
        assert _rows(t[_("Quantities produced by kind of activity")]) == _named(
            quantity, lambda c: _("{kind} ({unit})").format(
                kind=kind(c), unit=kinds.fields_for(c).quantity_label))  # fmt: skip
        groups = [q.one(f"SELECT SUM(audience_{g}) FROM ({EVENTS})")
                  for g in ("total", "women", "men", "youth")]  # fmt: skip
        assert [(r[2], r[3]) for r in t[_("People reached by group")].rows] == groups
        agencies = q.grouped(f"SELECT lead_agency, COUNT(*) FROM ({EVENTS}) GROUP BY lead_agency")
        assert _rows(t[_("Outreach activities by lead agency")]) == _named(
            agencies, lambda c: names.ref("agency", c))  # fmt: skip
        communes = t[_("Outreach activities by commune")]  # across the reform: this period only
        assert communes.rows[-1][2] == q.one(f"SELECT COUNT(*) FROM ({EVENTS})")[0]

        # -- persons and cases ------------------------------------------------------------
        cases_n = q.one(f"SELECT COUNT(*) FROM ({CASES})")
        persons_n = q.one(f"SELECT COUNT(DISTINCT person_id) FROM ({CASES})")
        assert persons_n == q.one(f"SELECT COUNT(*) FROM ({FIRSTS})")
        assert persons_n[0] < cases_n[0]  # someone was received twice in the period
        summary = [(r[2], r[3]) for r in t[_("Persons and cases received")].rows]
        assert summary == [
            cases_n,
            persons_n,
            q.one(f"SELECT SUM(child) FROM ({FIRSTS})"),
            q.one(
                f"SELECT COUNT(DISTINCT person_id) FROM ({STEPS}) WHERE to_status = 'identified'"
            ),
            q.one(f"SELECT COUNT(DISTINCT person_id) FROM ({SUPPORT})"),
        ]

        def persons(column: str) -> Figures:
            return q.grouped(f"SELECT {column}, COUNT(*) FROM ({FIRSTS}) GROUP BY {column}")

        def cases(column: str) -> Figures:
            return q.grouped(f"SELECT {column}, COUNT(*) FROM ({CASES}) GROUP BY {column}")

        checks: list[tuple[str, Figures, Callable[[str], str], tuple[int, int]]] = [
            ("Persons received by sex", persons("sex"),
             lambda c: _(rules.SEXES[c]) if c else _("Not recorded"), persons_n),
            ("Persons received by age group at reception", persons("age_group"),
             period._age_label, persons_n),
            ("Persons received by ethnic group", persons("ethnic"),
             lambda c: names.ref("ethnic_group", c), persons_n),
            ("Persons received by home province", persons("home"), names.province, persons_n),
            ("Persons received by destination country", persons("destination_country"),
             lambda c: i18n.country_name(c) if c else _("Not recorded"), persons_n),
            ("Persons received by way of return", persons("way"),
             lambda c: _(period.RETURN_LABELS[c]) if c else _("Not recorded"), persons_n),
            ("Cases received by how they started", cases("channel"), period.channel_name,
             cases_n),
            ("Cases received by border gate", cases("border_gate"),
             lambda c: names.ref("border_gate", c) if c else _("Not through a border gate"),
             cases_n),
            ("Cases received by legal regime", cases("legal_regime"),
             lambda c: _(rules.REGIMES[c]), cases_n),
            ("Present status of the cases received", cases("status"), period.status_name,
             cases_n),
        ]  # fmt: skip
        for title, want, name, total in checks:
            table = t[_(title)]
            assert _rows(table) == _named(want, name), title
            assert _total(table) == total == _sum(want), title
        home = persons("home")
        assert len(home) > 2 and home["20"][0] > 0  # Lạng Sơn and other provinces
        assert len(persons("destination_country")) > 2

        # purposes: a person under each purpose their first case records
        purposes = {
            _(label): q.one(f"SELECT COUNT(*) FROM ({FIRSTS}) "
                            f"WHERE ' ' || purposes || ' ' LIKE '% {code} %'")
            for code, label in facts.PURPOSES.items()
        }  # fmt: skip
        purposes[_("Not recorded")] = q.one(
            f"SELECT COUNT(*) FROM ({FIRSTS}) WHERE TRIM(COALESCE(purposes, '')) = ''"
        )
        by_purpose = t[_("Persons received by purpose of trafficking")]
        assert _rows(by_purpose) == {k: v for k, v in purposes.items() if v != (0, 0)}
        assert _total(by_purpose) == persons_n
        assert _sum(purposes)[0] > persons_n[0]  # some record several purposes

        steps = q.grouped(f"SELECT to_status, COUNT(DISTINCT case_id) FROM ({STEPS}) "
                          "GROUP BY to_status")  # fmt: skip
        shown = _rows(t[_("Steps taken on cases in the period")])
        for code in period.STEP_ROWS:
            assert shown[period.status_name(code)] == steps.get(code, (0, 0)), code

        # -- support, shelter, referrals --------------------------------------------------
        times = q.grouped(f"SELECT support_type, COUNT(*) FROM ({SUPPORT}) GROUP BY support_type")
        amounts = q.grouped(f"SELECT support_type, SUM(amount) FROM ({SUPPORT}) "
                            "GROUP BY support_type")  # fmt: skip
        by_times = t[_("Support given by type: times given")]
        by_amount = t[_("Support given by type: amounts")]
        assert _rows(by_times) == _named(times, rules.support_label)
        assert _rows(by_amount) == _named(amounts, rules.support_label)
        assert _total(by_times) == _sum(times) and _total(by_amount) == _sum(amounts)
        assert _sum(amounts)[0] > 0 and _sum(amounts)[1] > 0
        hi_now, hi_before = PERIOD[1], BEFORE[1]
        staying = [
            int(s.execute(text(
                f"SELECT COUNT(*) FROM shelter_stays WHERE {LIVE} AND admitted_on <= :hi "
                "AND (discharged_on IS NULL OR discharged_on > :hi)"), {"hi": hi}).scalar_one())
            for hi in (hi_now, hi_before)
        ]  # fmt: skip
        stays = [(r[2], r[3]) for r in t[_("Shelter stays")].rows]
        assert stays == [
            q.one(f"SELECT COUNT(*) FROM shelter_stays WHERE {LIVE} "
                  "AND admitted_on BETWEEN :lo AND :hi"),
            q.one(f"SELECT COUNT(*) FROM shelter_stays WHERE {LIVE} "
                  "AND discharged_on BETWEEN :lo AND :hi"),
            tuple(staying),
        ]  # fmt: skip
        referrals = q.grouped(f"SELECT to_agency, COUNT(*) FROM referrals WHERE {LIVE} "
                              "AND referred_on BETWEEN :lo AND :hi GROUP BY to_agency")  # fmt: skip
        assert _rows(t[_("Referrals by agency referred to")]) == _named(
            referrals, lambda c: " ".join(c.split()) or _("Not recorded"))  # fmt: skip

        # -- overdue: as the cases stand now (no same period) -----------------------------
        overdue = s.execute(text(
            "SELECT status, COUNT(*) FROM reception_cases WHERE deleted = 0 AND status != "
            "'closed' AND due_on < :asof AND received_on <= :hi GROUP BY status"),
            {"asof": min(PERIOD[1], TODAY), "hi": PERIOD[1]}).all()  # fmt: skip
        table = t[_("Overdue steps by status")]
        rows = table.rows[:-1]
        assert {str(r[1]): r[2] for r in rows} == {
            period.status_name(k): n for k, n in overdue
        }  # fmt: skip
