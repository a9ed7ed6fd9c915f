"""The demo generator's bulk fill ends where the flush hook would: the same schema, the same
answers from the search index, also when it adds to a profile that has rows; and its helper
thread has every batch in before the session is used again."""

from __future__ import annotations

import datetime as dt
import threading
from typing import Any

import pytest
from sqlalchemy import literal_column, select, table
from sqlalchemy.exc import IntegrityError

from desktop.core import demo, profile, search, search_index
from desktop.core.db.base import Base, synced_models
from desktop.core.db.bulk import NewRows
from desktop.core.db.models import OutreachEvent
from desktop.core.progress import run_job

QUERIES = ("na lau", "hoa", "t", "thon", "tuyen truyen", "nguyen thi", "ls-20", "zzz", "mit tinh")
INDEXES = {**search_index.WORD_INDEXES, **search_index.CODE_INDEXES}


def _schema(p: profile.OpenProfile) -> list[tuple[Any, ...]]:
    """Every table, index, trigger and view with its SQL (not where its pages start)."""
    with p.db.session() as s:
        q = "SELECT type, name, tbl_name, sql FROM sqlite_master"
        return sorted(tuple(r) for r in s.connection().exec_driver_sql(q))


def _copy_through_the_hook(src: profile.OpenProfile, dst: profile.OpenProfile) -> int:
    """The synced rows of *src* that *dst* lacks, added to *dst* through the ORM (its flush
    hook folds, keys, stamps and logs them; the triggers index them)."""
    synced = {m.__table__.name: m for m in synced_models().values()}  # type: ignore[attr-defined]
    added = 0
    with src.db.session() as s, dst.db.session() as d:
        for t in Base.metadata.sorted_tables:  # parents first
            model = synced.get(t.name)
            if model is None:
                continue
            have = set(d.scalars(select(t.c.id)))
            for row in s.scalars(select(model).order_by(model.change_seq)):
                if row.id not in have:
                    d.add(model(**row.content()))
                    added += 1
            d.flush()
    return added


def _found(p: profile.OpenProfile, fts: str, base: str, term: str) -> set[str]:
    """Ids of the rows of *base* whose entry in the index *fts* matches *term*."""
    query = f'"{term}"*' if fts in search_index.WORD_INDEXES.values() else f'"{term}"'
    with p.db.session() as s:
        rowids = (
            select(literal_column(f"{fts}.rowid"))
            .select_from(table(fts))
            .where(literal_column(fts).op("MATCH")(query))
        )
        q = select(literal_column("id")).select_from(table(base))
        q = q.where(literal_column(f"{base}.rowid").in_(rowids))
        return set(s.execute(q).scalars())


def _answers(p: profile.OpenProfile) -> dict[tuple[str, str], Any]:
    out: dict[tuple[str, str], Any] = {}
    for text in QUERIES:
        out[("search", text)] = sorted(h.id for h in search.search(p, text, limit=10_000))
        for (base, _column), fts in INDEXES.items():
            for term in search_index.terms(text):
                out[(fts, term)] = _found(p, fts, base, term)
    return out


def test_a_demo_fill_ends_as_the_hook_path_would(province, tmp_path):
    """Generated twice into one profile (the second run adds to rows already there, as the
    sync bench does), the same rows written through the ORM into another: the schema and
    every search answer are the same, and the answers are not empty."""
    run_job(demo.generate(province, events=150, cases=40, seed=3))
    run_job(demo.generate(province, events=60, cases=0, seed=4))
    other, _identity = profile.create_province(
        tmp_path / "hooked", province_code=20, admin_username="admin",
        admin_password="matkhau-123", admin_full_name="Lê Văn Hai",
    )  # fmt: skip
    try:
        assert _copy_through_the_hook(province, other) >= 210 + 2 * 40
        assert _schema(province) == _schema(other)
        bulk, hooked = _answers(province), _answers(other)
        assert bulk == hooked
        assert bulk[("search", "thon")] and bulk[("reception_cases_fts", "ls-20")]
        assert not bulk[("search", "zzz")]
    finally:
        other.db.close()


def _event(title: str, kind: str | None = "talk") -> dict[str, Any]:
    return {"kind": kind, "title": title, "held_on": dt.date(2026, 3, 2), "held_at": "08:00"}


def _helpers() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name.startswith("khien-bulk")]


def test_rows_written_behind_are_in_when_the_block_ends(province):
    with province.db.session() as s:
        with NewRows(s, 4) as out:
            first = out.add(OutreachEvent, _event("Nói chuyện tại thôn Nà Lầu"))["id"]
            out.write(behind=True)
            second = out.add(OutreachEvent, _event("Tọa đàm tại chợ Đồng Đăng"))["id"]
            out.write(behind=True)
        assert not _helpers()
        assert set(s.scalars(select(OutreachEvent.id))) == {first, second}


def test_a_failed_write_behind_is_raised(province):
    """A row SQLite refuses (no kind: NOT NULL) fails on the helper thread; the error comes
    out of the block, not lost with the thread."""
    with province.db.session() as s:
        with pytest.raises(IntegrityError), NewRows(s, 2) as out:
            out.add(OutreachEvent, _event("Nói chuyện", kind=None))
            out.write(behind=True)
        assert not _helpers()
        s.rollback()


def test_leaving_early_waits_for_the_helper(province):
    """An error (or a cancel) in the caller while a batch is being written: the block waits
    for the helper before the error goes on (the session then rolls back alone), and the
    caller's error is the one raised."""
    with pytest.raises(KeyError), province.db.session() as s, NewRows(s, 2) as out:
        out.add(OutreachEvent, _event("Nói chuyện tại thôn Nà Lầu"))
        out.write(behind=True)
        raise KeyError("stopped")
    assert not _helpers()
    assert demo.count_rows(province)["events"] == 0
