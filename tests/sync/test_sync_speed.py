"""What made sync fast must not change what it does (issue 18, point 4): the bundle's memory
estimate counted in place gives the figures of its plain definition, the one-pattern scan
for unstorable characters refuses exactly the characters the rule names, and an import asks
the database a number of questions that does not grow with its rows."""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections import Counter
from typing import Any

import pytest
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st
from sqlalchemy import event, func, select

from desktop.core import profile, validation
from desktop.core.db.models import OutreachEvent
from desktop.core.db.models_sync import Revision
from desktop.core.security.roles import Role
from desktop.core.sync import bundle, records
from tests.core.cases_helpers import as_role

# -- the memory estimate -----------------------------------------------------------------


def _reference_cost(obj: Any, level: int = 0, depth: int | None = bundle.MAX_DEPTH) -> int:
    """The estimate as docs/bundle-format.md defines it, value by value."""
    if depth is not None and level >= depth and isinstance(obj, dict | list | tuple):
        raise bundle.BundleRefused("too deep")
    if isinstance(obj, dict):
        return (
            64
            + 48 * len(obj)
            + sum(_text_cost(str(k)) + _reference_cost(v, level + 1, depth) for k, v in obj.items())
        )
    if isinstance(obj, list | tuple):
        return 64 + 8 * len(obj) + sum(_reference_cost(v, level + 1, depth) for v in obj)
    if isinstance(obj, str):
        return _text_cost(obj)
    if isinstance(obj, bool) or obj is None:
        return 0
    if isinstance(obj, int):
        return 32 + 4 * (obj.bit_length() // 30)
    return 24


def _text_cost(text: str) -> int:
    width = 1 if text.isascii() else (2 if max(text) <= "\uffff" else 4)
    return 48 + width * len(text)


_JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**80), max_value=2**80)
    | st.floats(allow_nan=False)
    | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=40,
)


def _outcome(fn: Any, value: Any, depth: int | None) -> Any:
    try:
        return fn(value, depth=depth)
    except bundle.BundleRefused:
        return "refused"


@settings(max_examples=300, deadline=None)
@given(_JSON, st.sampled_from([None, bundle.MAX_DEPTH, 3, 1]))
def test_the_estimate_counted_in_place_is_the_plain_definition(value, depth):
    assert _outcome(bundle._cost, value, depth) == _outcome(_reference_cost, value, depth)


# -- unstorable characters --------------------------------------------------------------

_BIDI = {chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))}


def _reference_unstorable(text: str, multiline: bool) -> bool:
    """The rule letter by letter: Cc and Cs, bidirectional overrides, noncharacters from
    U+FFFE; a multi-line text keeps line feeds and tabs."""
    for ch in text:
        if multiline and ch in "\n\t":
            continue
        cat = unicodedata.category(ch)
        if cat in ("Cc", "Cs") or ch in _BIDI or cat == "Cn" and ord(ch) >= 0xFFFE:
            return True
    return False


_LETTERS = st.characters(min_codepoint=0, max_codepoint=0x10FFFF)
_NEAR = st.sampled_from(["\n", "\t", "\r", "\x7f", "\x9f", "\xa0", "\u202a", "\u2069", "\ud800"])


@settings(max_examples=500, deadline=None)
@given(st.text(_LETTERS | _NEAR | st.sampled_from(["\ufffe", "\U0001fffe", "ệ"])), st.booleans())
def test_one_pattern_refuses_what_the_rule_names(text, multiline):
    assert validation._unstorable(text, multiline) == _reference_unstorable(text, multiline)


# -- questions asked of the database ----------------------------------------------------


def _laptop(tmp_path) -> profile.OpenProfile:
    opened, _identity = profile.create_province(
        tmp_path / "laptop", province_code=20, admin_username="canbo",
        admin_password="matkhau-123", admin_full_name="Lương Thị Cán",
    )  # fmt: skip
    return as_role(opened, Role.PROVINCIAL_OFFICER)


def _since(p: profile.OpenProfile) -> int:
    with p.db.session() as s:
        q = select(func.coalesce(func.max(Revision.change_seq), 0))
        return int(s.execute(q).scalar_one())


def _statements(p: profile.OpenProfile, work: Any) -> Counter[str]:
    """The SELECTs *work(session)* makes, by their first words (in one session)."""
    seen: Counter[str] = Counter()

    def count(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if statement.startswith("SELECT"):
            seen[" ".join(statement.split()[:4])] += 1

    event.listen(p.db.engine, "before_cursor_execute", count)
    try:
        with p.db.session() as s:
            work(s)
    finally:
        event.remove(p.db.engine, "before_cursor_execute", count)
    return seen


def _edited(laptop: profile.OpenProfile, n: int, title: str) -> list[dict[str, Any]]:
    """*n* new events, sent once, then each edited: the records of the edits."""
    since = _since(laptop)
    with laptop.db.session() as s:
        events = [
            OutreachEvent(kind="talk", title=f"Buổi {i}", held_on=dt.date(2026, 7, 30))
            for i in range(n)
        ]
        s.add_all(events)
    with laptop.db.session() as s:
        first = list(records.changes_since(s, since))
    edited_since = _since(laptop)
    with laptop.db.session() as s:
        for e in events:
            s.get(OutreachEvent, e.id).title = title
    with laptop.db.session() as s:
        edits = list(records.changes_since(s, edited_since))
    return first + edits


def test_an_import_asks_the_same_questions_for_ten_rows_or_four_hundred(province, tmp_path):
    """Checked and merged 500 rows a query: ten times the rows, not ten times the SELECTs
    (an edited row held here is read once, its parent revision once, with its batch)."""
    laptop = _laptop(tmp_path)
    try:
        small = _edited(laptop, 10, "Tọa đàm")
        large = _edited(laptop, 400, "Nói chuyện")
    finally:
        laptop.db.close()
    for recs in (small[:10], large[:400]):  # the rows arrive first, as new ones
        with province.db.session() as s:
            records.apply(s, recs)
    asked = []
    for recs in (small[10:], large[400:]):
        checked = _statements(province, lambda s, r=recs: validation.check_records(s, r))
        merged = _statements(province, lambda s, r=recs: records.apply(s, r))
        asked.append(sum(checked.values()) + sum(merged.values()))
    assert asked[1] <= asked[0] + 2, asked
    with province.db.session() as s:
        titles = Counter(s.execute(select(OutreachEvent.title)).scalars())
    assert titles["Tọa đàm"] == 10 and titles["Nói chuyện"] == 400


# -- a bundle's lines made from the stored content --------------------------------------


def test_lines_made_from_stored_revisions_are_the_canonical_json_of_their_records(province):
    """What export writes without serialising again is, byte for byte, what serialising
    the record gives (dates, Vietnamese text, numbers, empty and several parents)."""
    from desktop.core import demo
    from desktop.core.progress import run_job

    run_job(demo.generate(province, events=20, cases=5, seed=4))
    with province.db.session() as s:
        event = OutreachEvent(kind="talk", title="Tuyên truyền “Luật 53” ở Đồng Đăng",
                              held_on=dt.date(2026, 7, 30), audience_total=120)  # fmt: skip
        s.add(event)
    with province.db.session() as s:
        s.get(OutreachEvent, event.id).notes = 'dòng 1\ndòng 2\t"trích" \\ 𝔸'
    with province.db.session() as s:
        plain = list(records.changes_since(s, 0))
        made = list(records.changes_since(s, 0, lines=True))
    assert made == plain
    lines = [r for r in made if isinstance(r, bundle.Line)]
    assert len(lines) > 20 and any(r["parents"] for r in lines)
    for record in lines:
        assert record.text == bundle._canonical(dict(record))


_TEXT = st.text(_LETTERS | _NEAR | st.sampled_from(['"', "\\", "/", "ệ", "𝔸", "\u2028"]))


@settings(max_examples=300, deadline=None)
@given(
    st.tuples(_TEXT, _TEXT, _TEXT, _TEXT, _TEXT, _TEXT),
    st.lists(_TEXT.filter(lambda t: t and not any(c.isspace() for c in t)), max_size=3),
    st.sampled_from(["", "hlc", "rev", "origin_node"]),
)
@example(("t", "id", "r\udfff", "h", "o", "ghi chú"), ["p"], "")  # a lone surrogate beside
@example(("t", "id", "r", "h", "o", 'dòng 1\n"trích" \\ 𝔸'), [], "hlc")
def test_a_line_written_by_hand_is_the_canonical_json_of_its_record(texts, parents, absent):
    """The keys beside the stored content are written by hand (records._line): for any
    text in them — quotes, backslashes, control and non-BMP letters — and for a value that
    is not text (it goes through the encoder), the line is the record's canonical JSON."""
    table, row_id, rev, hlc, origin, note = texts
    # The stored content is UTF-8 text: no lone surrogate in it (the keys beside it may).
    assume(not any("\ud800" <= c <= "\udfff" for c in row_id + note))
    content = bundle._canonical({"id": row_id, "notes": note}).decode()
    values = {"hlc": hlc, "rev": rev, "origin_node": origin}
    if absent:
        values[absent] = None
    row = (table, row_id, values["rev"], " ".join(parents), content, values["hlc"],
           values["origin_node"])  # fmt: skip
    try:
        expected = bundle._canonical(records.record_of(row))
    except UnicodeEncodeError:  # a lone surrogate: neither way writes it
        with pytest.raises(UnicodeEncodeError):
            records._line(row)
        return
    assert records._line(row).text == expected
