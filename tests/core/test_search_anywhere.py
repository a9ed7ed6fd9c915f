"""Search as officers expect (issue 17, point 3): a picker finds an item from any part of
its name without diacritics, in any word order; a case code is found from any part of it."""

from __future__ import annotations

import datetime as dt
import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from desktop.core import search
from desktop.core.cases import listing
from desktop.core.security import audit
from desktop.core.security.roles import Role
from desktop.core.text import fold, matches, words
from tests.core.cases_helpers import as_role, receive

LETTERS = "aăâbcdđeêghiklmnoôơpqrstuưvxyAĂÂBCDĐEÊGHIKLMNOÔƠPQRSTUƯVXY0123456789-"
TONES = ["", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323"]


@st.composite
def vietnamese_words(draw: st.DrawFn) -> str:
    letters = draw(st.lists(st.sampled_from(LETTERS), min_size=1, max_size=8))
    tones = draw(st.lists(st.sampled_from(TONES), min_size=len(letters), max_size=len(letters)))
    return unicodedata.normalize("NFC", "".join(a + t for a, t in zip(letters, tones, strict=True)))


names = st.lists(vietnamese_words(), min_size=1, max_size=5).map(" ".join)


def test_examples():
    for typed in ("dong dang", "dang", "xa dong", "Đồng Đăng", "DONG", "ang do", "dang dong"):
        assert matches(typed, "Xã Đồng Đăng"), typed
    assert matches("", "Xã Đồng Đăng") and matches("   ", "anything")
    assert not matches("dong hung", "Xã Đồng Đăng")
    assert not matches("dong dang", "")
    assert matches("y te", "Sở Y tế") and matches("trung", "Trung Quốc")
    assert words("  Xã  Đồng\tĐăng ") == ["xa", "dong", "dang"]


@given(st.text())
def test_folding_is_idempotent(text: str) -> None:
    assert fold(fold(text)) == fold(text)


@given(names)
def test_an_item_matches_its_own_name_typed_without_accents(name: str) -> None:
    assert matches(fold(name), name)
    assert matches(fold(name).upper(), name)
    assert matches(name, name)


@given(names, st.randoms(use_true_random=False))
def test_word_order_does_not_matter(name: str, rnd) -> None:
    typed = fold(name).split()
    rnd.shuffle(typed)
    assert matches(" ".join(typed), name)


@given(names, st.data())
def test_any_part_of_a_word_matches(name: str, data: st.DataObject) -> None:
    word = data.draw(st.sampled_from(fold(name).split()))
    start = data.draw(st.integers(0, len(word) - 1))
    end = data.draw(st.integers(start + 1, len(word)))
    assert matches(word[start:end], name)


@given(names, names)
def test_a_match_means_every_typed_word_is_in_the_name(typed: str, name: str) -> None:
    assert matches(typed, name) == all(w in fold(name) for w in fold(typed).split())


def _codes(p, ids: list[str]) -> set[str]:
    return {row.code for row in listing.case_rows(p, ids)}


def test_a_case_code_is_found_from_any_part_of_it(province):
    officer = as_role(province, Role.PROVINCIAL_OFFICER)
    first = receive(officer, "Lò Thị Mai", on=dt.date(2025, 9, 2))
    second = receive(officer, "Vi Thị Đào", on=dt.date(2025, 9, 3))
    (code,) = _codes(officer, [second])  # LS-2025-00002, say
    tail = code.rsplit("-", 1)[1]
    for typed in (tail, tail[2:], code[3:], code.lower(), f"{code[:2]} {tail}"):
        # The cases list (names shown, the read audited)…
        with officer.db.session() as s:
            before = audit.count(s, "case.identity.list")
        ids = listing.case_ids(officer, listing.CaseFilter(text=typed))
        assert _codes(officer, ids) == {code}, typed
        with officer.db.session() as s:
            assert audit.count(s, "case.identity.list") == before + 1
        # …and the search of the whole profile (names shown, the search audited).
        with officer.db.session() as s:
            before = audit.count(s, "search.identity")
        hits = [h for h in search.search(officer, typed) if h.kind == "case"]
        assert [h.id for h in hits] == [second], typed
        assert code in hits[0].title and "Vi Thị Đào" in hits[0].title
        with officer.db.session() as s:
            assert audit.count(s, "search.identity") == before + 1
    assert first not in listing.case_ids(officer, listing.CaseFilter(text=tail))
    # A name is still matched from the start of its words, and only by those who may see it.
    assert [h.id for h in search.search(officer, "dao") if h.kind == "case"] == [second]
    assert not [h for h in search.search(officer, "ao") if h.kind == "case"]


def test_a_role_without_names_finds_the_code_anywhere_and_never_a_name(province):
    receive(as_role(province, Role.PROVINCIAL_OFFICER), "Vi Thị Đào")
    admin = as_role(province, Role.PROVINCIAL_ADMIN)
    code = listing.match_case_codes(admin, "0")[0][1]
    tail = code.rsplit("-", 1)[1]
    with admin.db.session() as s:
        before = audit.count(s, "search.identity")
    hits = [h for h in search.search(admin, tail) if h.kind == "case"]
    assert [h.title for h in hits] == [code]  # the code, never the name
    assert not [h for h in search.search(admin, "dao") if h.kind == "case"]
    assert _codes(admin, listing.case_ids(admin, listing.CaseFilter(text=tail))) == {code}
    with admin.db.session() as s:
        assert audit.count(s, "search.identity") == before  # no name searched: not audited
    statistician = as_role(province, Role.STATISTICIAN)
    assert not [h for h in search.search(statistician, tail) if h.kind == "case"]
