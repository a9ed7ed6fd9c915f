"""Search by index (issue 18, point 2): the FTS5 tables answer exactly as the LIKE path does,
stay in step with every kind of write, and are built for the rows an old profile holds."""

from __future__ import annotations

import datetime as dt
import shutil
import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import and_, func, literal_column, select, table, update

from desktop.core import demo, profile, search, search_index
from desktop.core.db.models import OutreachEvent, Person, ReceptionCase
from desktop.core.db.models_outreach import CampaignPlan
from desktop.core.db.syncmeta import tombstone
from desktop.core.outreach import plans
from desktop.core.progress import run_job
from desktop.core.search_index import Way, like_contains, like_word_start, starts_words
from desktop.core.text import fold

FIXTURES_DIR = Path(__file__).resolve().parents[1] / "fixtures"
INDEXES = {**search_index.WORD_INDEXES, **search_index.CODE_INDEXES}
D = dt.date


def _in_step(p: profile.OpenProfile) -> None:
    """Every base row has exactly one entry in each index, under its own rowid, and the
    triggers that keep it so are on the base table (a later migration that copies the
    table in batch mode drops them: it must build them and the index again)."""
    with p.db.session() as s:
        for (base, _column), fts in INDEXES.items():
            q = "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ?"
            triggers = set(s.connection().exec_driver_sql(q, (base,)).scalars())
            assert {f"{fts}_ai", f"{fts}_au", f"{fts}_ad"} <= triggers, base
            rowids = select(literal_column("rowid")).select_from(table(base))
            rows = set(s.execute(rowids).scalars())
            entries = list(s.connection().exec_driver_sql(f"SELECT rowid FROM {fts}").scalars())
            assert sorted(entries) == sorted(rows), fts


def _event_ids(p: profile.OpenProfile, text: str) -> set[str]:
    words = search_index.terms(text)
    with p.db.session() as s:
        q = select(OutreachEvent.id).where(starts_words(s, OutreachEvent.search_fold, words))
        return set(s.execute(q).scalars())


def _event(p: profile.OpenProfile, title: str, **kw: object) -> str:
    with p.db.session() as s:
        ev = OutreachEvent(kind="talk", title=title, held_on=D(2025, 3, 1), **kw)
        s.add(ev)
        s.flush()
        return ev.id


def _case(p: profile.OpenProfile, name: str, code: str) -> str:
    with p.db.session() as s:
        person = Person(full_name=name, sex="female")
        s.add(person)
        s.flush()
        case = ReceptionCase(
            case_code=code, person_id=person.id, received_on=D(2025, 9, 2),
            channel="self_reported", legal_regime="2024", commune_code=6040,
        )  # fmt: skip
        s.add(case)
        s.flush()
        return case.id


def test_an_upgraded_profile_has_its_old_rows_in_the_index(tmp_path):
    data_dir = tmp_path / "old"
    shutil.copytree(FIXTURES_DIR / "schema_0006_law_cases", data_dir)
    opened = profile.open_profile(data_dir, "admin", "fixture-pass-1")
    try:
        with opened.db.session() as s:
            for fts in INDEXES.values():
                assert search_index.has_index(s, fts)
        _in_step(opened)
        assert len(_event_ids(opened, "cho dong kinh")) == 1  # "Treo băng rôn tại chợ Đông Kinh"
        with opened.db.session() as s:
            names = starts_words(s, Person.name_fold, ["ha", "mau"])
            found = s.execute(select(Person.full_name).where(names)).scalars().all()
            assert found == ["Hà Thị Mẫu"]
            codes = search_index.contains_all(s, ReceptionCase.case_code, ["2025-00001"])
            found = s.execute(select(ReceptionCase.case_code).where(codes)).scalars().all()
            assert found == ["LS-2025-00001"]
    finally:
        opened.close()


def test_every_kind_of_write_keeps_the_index_in_step(province):
    first = _event(province, "Nói chuyện tại thôn Hòa Bình", village="Nà Lầu")
    assert _event_ids(province, "hoa binh") == {first}
    with province.db.session() as s:  # an edit through the ORM: the old words leave
        ev = s.get(OutreachEvent, first)
        assert ev is not None
        ev.title = "Mít tinh tại chợ Đồng Đăng"
    assert _event_ids(province, "hoa binh") == set()
    assert _event_ids(province, "dong dang mit") == {first}
    assert _event_ids(province, "na lau") == {first}  # the village stays
    with province.db.session() as s:  # a write in Core SQL, as repairs and bulk jobs do
        s.execute(update(OutreachEvent).where(OutreachEvent.id == first).values(
            search_fold="treo bang ron"))  # fmt: skip
    assert _event_ids(province, "bang ron") == {first}
    assert _event_ids(province, "dong dang") == set()
    with province.db.session() as s:  # the flush folds the row's own text again
        ev = s.get(OutreachEvent, first)
        assert ev is not None
        tombstone(ev)
    assert _event_ids(province, "dong dang") == {first}
    assert first not in {h.id for h in search.search(province, "dong dang")}
    with province.db.session() as s:  # brought back, as trash.restore does
        ev = s.get(OutreachEvent, first)
        assert ev is not None
        ev.deleted = False
    assert first in {h.id for h in search.search(province, "dong dang")}
    # The demo's bulk inserts (Core, not the ORM) and the plans it writes.
    run_job(demo.generate(province, events=30, cases=5, seed=3))
    _in_step(province)
    with province.db.session() as s:
        title = s.execute(select(OutreachEvent.title).limit(1).offset(3)).scalar_one()
        plan = s.execute(select(CampaignPlan.number, CampaignPlan.title)).first()
    assert any(h.title == title for h in search.search(province, fold(title)))
    assert plan is not None
    hits = search.search(province, f"{plan.number} {plan.title}")
    assert [h.title for h in hits if h.kind == "plan"] == [f"{plan.number} — {plan.title}"]


def test_plans_are_found_by_their_number_title_theme_and_issuer(province):
    plan_id = plans.save_plan(
        province,
        plans.PlanInput(
            number="78/KH-BCĐ", issuer="Ban Chỉ đạo 138 tỉnh", issued_on=D(2025, 2, 10),
            title="Kế hoạch tuyên truyền phòng, chống mua bán người năm 2025",
            period_start=D(2025, 1, 1), period_end=D(2025, 12, 31), theme="Đường biên an toàn",
        ),
    )  # fmt: skip
    for typed in ("78/kh", "tuyen truyen mua ban", "duong bien", "ban chi dao 138", "KẾ HOẠCH"):
        hits = [h for h in search.search(province, typed) if h.kind == "plan"]
        assert [h.id for h in hits] == [plan_id], typed
        assert hits[0].place == "Ban Chỉ đạo 138 tỉnh" and hits[0].date == D(2025, 2, 10)
    assert not [h for h in search.search(province, "ruyen") if h.kind == "plan"]


@pytest.mark.parametrize(("gather", "way"), [(4096, Way.LISTED), (2, Way.WALK)])
def test_many_matches_are_walked_in_the_database(province, monkeypatch, gather, way):
    """Past FEW matches the rows are walked, those among the matches kept: up to GATHER
    matches fetched as a list, more asked of the index again in SQL. Same ids."""
    ids = {_event(province, f"Tuyên truyền tại thôn {n}") for n in range(5)}
    few = _event_ids(province, "tuyen")
    monkeypatch.setattr(search_index, "FEW", 2)
    monkeypatch.setattr(search_index, "GATHER", gather)
    with province.db.session() as s:
        assert search_index.word_match(s, OutreachEvent.search_fold, ["tuyen"]).way is way
    assert _event_ids(province, "tuyen") == few == ids
    assert _event_ids(province, "t") == ids
    hits = search.search(province, "tuyen")  # the statements search builds once per way
    assert {h.id for h in hits if h.kind == "event"} == ids


def test_without_the_index_the_same_function_answers_with_like(province, monkeypatch):
    hoa = _event(province, "Nói chuyện tại thôn Hòa Bình")
    _event(province, "Tập huấn tại trường Khoa học")
    case = _case(province, "Nguyễn Thị Hòa", "LS-2025-00046")
    monkeypatch.setattr(search_index, "has_index", lambda _s, _fts: False)
    assert _event_ids(province, "hoa") == {hoa}
    with province.db.session() as s:
        sql = str(starts_words(s, OutreachEvent.search_fold, ["hoa"]).compile())
        assert "LIKE" in sql and "MATCH" not in sql
        codes = search_index.contains_all(s, ReceptionCase.case_code, ["00046", "ls"])
        assert s.execute(select(ReceptionCase.id).where(codes)).scalars().all() == [case]


# Vietnamese letters (with and without tones), digits and the punctuation of titles.
LETTERS = "aăâbcdđeêghiklmnoôơpqrstuưvxyAĐÔ0123456789-/(),.'\"%_\\"
TONES = ["", "", "", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323"]


@st.composite
def _word(draw: st.DrawFn, size: int = 6) -> str:
    letters = draw(st.lists(st.sampled_from(LETTERS), min_size=1, max_size=size))
    tones = draw(st.lists(st.sampled_from(TONES), min_size=len(letters), max_size=len(letters)))
    return unicodedata.normalize("NFC", "".join(a + t for a, t in zip(letters, tones, strict=True)))


_texts = st.lists(_word(), min_size=0, max_size=6).map(" ".join)
_codes = st.lists(st.sampled_from("LS-0123456789aZ"), min_size=3, max_size=14).map("".join)


@st.composite
def _query(draw: st.DrawFn, stored: list[str]) -> str:
    """Terms that often occur (parts of stored words, from their start or not) and terms
    that rarely do: one or two letters, digits, random words."""
    words = [w for text in stored for w in fold(text).split()]
    out = []
    for _ in range(draw(st.integers(1, 4))):
        if words and draw(st.booleans()):
            word = draw(st.sampled_from(words))
            start = draw(st.sampled_from([0, 0, min(1, len(word) - 1)]))
            out.append(word[start : start + draw(st.integers(1, len(word)))])
        else:
            out.append(draw(_word(size=3)))
    return " ".join(out)


def _both(s, column, words, indexed, like):  # type: ignore[no-untyped-def]
    fts = set(s.execute(select(column.table.c.id).where(indexed)).scalars())
    plain = set(s.execute(select(column.table.c.id).where(like)).scalars())
    assert fts == plain, words


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data(), titles=st.lists(_texts, min_size=1, max_size=4),
       names=st.lists(_texts, min_size=1, max_size=2), codes=st.lists(_codes, max_size=2))  # fmt: skip
def test_the_index_and_like_find_the_same_rows(province, data, titles, names, codes):
    """For any stored texts and any query, the index finds exactly what LIKE finds, whichever
    way it takes to the rows (looked up by rowid, walked among those listed, walked among
    those the index answers again)."""
    for n, title in enumerate(titles):
        _event(province, title or "-", notes=names[n % len(names)])
    for n, code in enumerate(codes):
        _case(province, names[n % len(names)], f"{code}-{n}")
    typed = data.draw(_query([*titles, *names, *codes]))
    words = search_index.terms(typed)
    if not words:
        return
    few, gather = data.draw(st.sampled_from([(256, 4096), (0, 4096), (0, 0)]))
    with pytest.MonkeyPatch.context() as mp, province.db.session() as s:
        mp.setattr(search_index, "FEW", few)
        mp.setattr(search_index, "GATHER", gather)
        ev, person, rc = OutreachEvent, Person, ReceptionCase
        _both(s, ev.search_fold, words, starts_words(s, ev.search_fold, words),
              and_(*(like_word_start(ev.search_fold, w) for w in words)))  # fmt: skip
        _both(s, person.name_fold, words, starts_words(s, person.name_fold, words),
              and_(*(like_word_start(person.name_fold, w) for w in words)))  # fmt: skip
        lower = func.lower(rc.case_code)
        _both(s, rc.case_code, words, search_index.contains_all(s, rc.case_code, words),
              and_(*(like_contains(lower, w) for w in words)))  # fmt: skip


def test_a_common_short_term_is_tested_row_by_row_when_few_rows_are_read(province, monkeypatch):
    """One or two letters found in most rows: with a limit, each row walked is tested in
    the index (no gathering of every match); the answer is the same as LIKE's."""
    found = {_event(province, f"Tuyên truyền tại thôn {n}") for n in range(6)}
    found.add(_event(province, "Mít tinh"))
    _event(province, "Họp dân")
    monkeypatch.setattr(search_index, "MANY", 2)  # as at scale: MANY matches are more than
    monkeypatch.setattr(search_index, "FEW", 1)  # FEW and GATHER
    monkeypatch.setattr(search_index, "GATHER", 1)
    with province.db.session() as s:
        for first in (None, 50):
            cond = starts_words(s, OutreachEvent.search_fold, ["t"], first=first)
            assert ("EXISTS" in str(cond.compile())) == (first is not None)
            assert set(s.execute(select(OutreachEvent.id).where(cond)).scalars()) == found
    by_index = [h.id for h in search.search(province, "t", limit=4)]
    monkeypatch.setattr(search_index, "has_index", lambda _session, _fts: False)
    assert [h.id for h in search.search(province, "t", limit=4)] == by_index
    assert len(by_index) == 4
