"""fold and sort_key by their per-character tables give what the letter-by-letter way gives,
for any text: the tables only make it faster (a sync import folds and keys thousands of
names and titles)."""

import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.core import text
from desktop.core.text import fold, sort_key

# Combining marks (Vietnamese tones and others), a capital sigma (lower-cased by its
# place in the word), a Hangul syllable (several clusters), white space of every kind.
AWKWARD = (
    "\u0300\u0301\u0309\u0303\u0323\u0302\u0306\u031b\u0345\u0344\u034f"
    "\u03a3\u03c3\u03c2\uac00\u0130\u01c5đĐðÐ \t\n\x1c\u00a0\u2003\u3000"
)
awkward_text = st.text(alphabet=st.one_of(st.characters(), st.sampled_from(AWKWARD)), max_size=30)


def _key_slowly(value: str) -> str:
    return text._letter_by_letter(text._SPACES.sub(" ", value).strip()) if value else ""


@given(awkward_text)
@settings(max_examples=400)
def test_fold_by_table_is_fold_letter_by_letter(value: str):
    assert fold(value) == (text._fold_slowly(value) if value else "")


@given(awkward_text)
@settings(max_examples=400)
def test_sort_key_by_table_is_sort_key_letter_by_letter(value: str):
    try:
        expected = _key_slowly(value)
    except (TypeError, ValueError) as exc:  # a character no key can hold
        expected = type(exc).__name__
    try:
        got = sort_key(value)
    except (TypeError, ValueError) as exc:
        got = type(exc).__name__
    assert got == expected


def test_vietnamese_in_both_normal_forms():
    for name in ["Nguyễn Thị Ánh Tuyết", "Đặng  Quốc Bảo ", "Sùng A Páo", "ƯỚC"]:
        for form in ("NFC", "NFD"):
            value = unicodedata.normalize(form, name)
            assert sort_key(value) == _key_slowly(value)
            assert fold(value) == text._fold_slowly(value)


def test_context_and_decomposed_starts_go_the_slow_way():
    # A final capital sigma lower-cases to "ς" only in a word.
    assert fold("ΟΔΟΣ") == "οδος"
    assert fold("Σ") == "σ"
    # A mark after a letter that has no precomposed form joins its cluster (a tone).
    assert sort_key("x\u0309") == _key_slowly("x\u0309")
    assert sort_key("x\u0309")[-1] == "3"
    # A text starting with a mark, and a Hangul syllable (several clusters).
    assert sort_key("\u0301a") == _key_slowly("\u0301a")
    assert sort_key("\uac00") == _key_slowly("\uac00")
