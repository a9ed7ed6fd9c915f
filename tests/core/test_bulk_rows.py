"""The demo's bulk path (db.bulk.NewRows) writes exactly what the flush hook would."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from desktop.core import demo, search_index
from desktop.core.db import repair
from desktop.core.db.base import synced_models
from desktop.core.db.bulk import NewRows, _Words
from desktop.core.db.models import OutreachEvent, Person, ReceptionCase
from desktop.core.db.models_sync import Revision
from desktop.core.db.syncmeta import canonical_json, compute_rev
from desktop.core.progress import run_job
from desktop.core.text import fold, sort_key
from desktop.core.validation import Refs, check_values

TRICKY = [
    "", " ", "a", "Hoà  Bình", " Đào ", "Nà Lầu, xã Đồng Đăng", "x\u0301y", "a \u0301b",
    "tab\there", "Ánh\u00a0Ăn", "ΑΣ ΟΣ", "İstanbul", "Khuổi Phja (đợt 3)", "đ Đ ð",
    "LS-2026-00046", "1 2  3",
]  # fmt: skip


def test_word_cache_folds_and_keys_as_the_text_module():
    words = _Words()
    for _round in range(2):  # the second round is answered from the cache
        for text in TRICKY:
            assert words.fold(text) == fold(text), text
            assert words.sort_key(text) == sort_key(text), text


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("aAđĐeêoơuư iĩ\u0301\u0309 \t,Σ")), max_size=12))
def test_word_cache_any_text(text):
    words = _Words()
    assert (words.fold(text), words.sort_key(text)) == (fold(text), sort_key(text))
    assert (words.fold(text), words.sort_key(text)) == (fold(text), sort_key(text))


def _event(title: str, notes: str) -> dict[str, object]:
    return {
        "kind": "talk", "title": title, "held_on": dt.date(2026, 3, 2), "commune_code": None,
        "village": "Nà  Lầu", "venue": "", "notes": notes, "audience_total": 40,
        "audience_women": 20, "held_at": "08:00",
    }  # fmt: skip


def test_new_rows_equal_rows_the_hook_wrote(province):
    """The same values written once through the ORM (the hook) and once through NewRows:
    every column but the id and the stamps is equal, and so are the revisions' contents."""
    cases = [("Nói chuyện tại thôn Nà Lầu", ""), (" Tọa đàm  về Đồng Đăng ", "Ghi chú\nhai dòng")]
    with province.db.session() as s:
        hooked = [OutreachEvent(**_event(t, n)) for t, n in cases]  # type: ignore[arg-type]
        s.add_all(hooked)
        s.flush()
        out = NewRows(s, len(cases))
        bulk_ids = [out.add(OutreachEvent, _event(t, n))["id"] for t, n in cases]
        out.write()
    stamps = {"id", "rev", "change_seq", "hlc", "updated_at"}
    with province.db.session() as s:
        for orm, bulk_id in zip(hooked, bulk_ids, strict=True):
            a, b = s.get(OutreachEvent, orm.id), s.get(OutreachEvent, bulk_id)
            assert a is not None and b is not None
            for column in OutreachEvent.__table__.columns:
                if column.key not in stamps:
                    assert getattr(a, column.key) == getattr(b, column.key), column.key
            logged = {
                r.row_id: json.loads(r.content)
                for r in s.scalars(select(Revision).where(Revision.row_id.in_([a.id, b.id])))
            }
            assert {**logged[a.id], "id": b.id} == logged[b.id]
            assert b.rev == compute_rev(b.content(), None) and b.parent_rev is None
        seqs = [e.change_seq for e in s.scalars(select(OutreachEvent))]
        assert len(set(seqs)) == len(seqs)


def test_no_more_rows_than_reserved(province):
    with province.db.session() as s:
        out = NewRows(s, 1)
        out.add(OutreachEvent, _event("Nói chuyện", ""))
        with pytest.raises(ValueError):
            out.add(OutreachEvent, _event("Tọa đàm", ""))


def test_demo_leaves_nothing_to_repair(province):
    run_job(demo.generate(province, events=150, cases=60, seed=11))
    with province.db.session() as s:
        written = 0
        for model in synced_models().values():
            assert list(repair._unstamped_ids(s, model)) == [], model
            assert list(repair._drifted_ids(s, model)) == [], model
            for row in s.scalars(select(model)):
                logged = s.get(Revision, row.rev)
                assert logged is not None, model
                assert logged.content == canonical_json(row.content())
                assert row.rev == compute_rev(row.content(), logged.parents or None)
                assert (logged.row_id, logged.change_seq, logged.hlc) == (
                    row.id, row.change_seq, row.hlc,
                )  # fmt: skip
                assert logged.origin_node == row.origin_node == province.node.node_id
                written += 1
        assert written >= 150 + 2 * 60
        revs = s.execute(select(func.count()).select_from(Revision)).scalar_one()
        assert revs == written


def test_demo_rows_pass_validation(province):
    """What the hook's value checks would say of the demo's rows: nothing to refuse and no
    text to clean."""
    run_job(demo.generate(province, events=80, cases=40, seed=5))
    with province.db.session() as s:
        refs = Refs(s)
        for model in synced_models().values():
            table = model.__table__  # type: ignore[attr-defined]
            checked = [c.key for c in table.columns]
            for row in s.scalars(select(model).limit(200)):
                values = {c.key: getattr(row, c.key) for c in table.columns}
                cleaned = check_values(refs, table.name, values, checked)
                assert {k: v for k, v in cleaned.items() if v != values[k]} == {}


def test_demo_rows_are_in_the_search_index(province):
    run_job(demo.generate(province, events=120, cases=30, seed=2))
    with province.db.session() as s:
        for column, word in (
            (OutreachEvent.search_fold, "thon"),
            (Person.name_fold, "thi"),
        ):
            assert search_index.indexed(s, column)
            indexed = search_index.starts_words(s, column, [word])
            like = search_index.like_word_start(column, word)
            table = column.table
            by_index = set(s.scalars(select(table.c.id).where(indexed)))
            by_like = set(s.scalars(select(table.c.id).where(like)))
            assert by_index == by_like and by_index
        code = s.scalars(select(ReceptionCase.case_code).limit(1)).one()
        found = search_index.contains_all(s, ReceptionCase.case_code, [code[-5:].lower()])
        assert code in set(s.scalars(select(ReceptionCase.case_code).where(found)))
