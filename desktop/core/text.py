"""Vietnamese text: accent-insensitive folding and alphabetical sort keys.

Folding serves search: officers type with or without diacritics, and official data mixes
"Hoà" and "Hòa". Sorting follows the Vietnamese alphabet, with tones as a secondary
difference, so "Dương" comes after "Duy" and "Đào" after every "D…".
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_SPACES = re.compile(r"\s+")

# Combining marks that change the letter itself (part of the alphabet).
_BREVE = "\u0306"
_CIRCUMFLEX = "\u0302"
_HORN = "\u031b"
# Tone marks, in the conventional order: ngang (none), huyền, sắc, hỏi, ngã, nặng.
_TONES = {"\u0300": 1, "\u0301": 2, "\u0309": 3, "\u0303": 4, "\u0323": 5}

_ALPHABET = [
    "a", "ă", "â", "b", "c", "d", "đ", "e", "ê", "f", "g", "h", "i", "j", "k", "l", "m",
    "n", "o", "ô", "ơ", "p", "q", "r", "s", "t", "u", "ư", "v", "w", "x", "y", "z",
]  # fmt: skip
_RANK = {letter: i for i, letter in enumerate(_ALPHABET)}
# Primary weights are placed after the digits so that "A1" < "AB" keeps working.
_LETTER_BASE = 0x100
# Characters whose weights are remembered (Vietnamese text uses a few hundred).
_WEIGHED_LIMIT = 20_000


# Code point → that character folded alone, for ``str.translate`` (filled by ``_learn``).
_FOLDS: dict[int, str] = {}
_FOLDED: set[str] = set()  # the characters of that table
# Characters folding otherwise within a word than alone: Python lower-cases a capital sigma
# at the end of a word to "ς", elsewhere to "σ".
_FOLD_IN_CONTEXT = frozenset("\u03a3")


def fold(text: str | None) -> str:
    """Return *text* folded for search: no diacritics, đ → d, lower case, single spaces."""
    if not text:
        return ""
    if _FOLDED.issuperset(text) or _learn(text):
        # A text folds character by character: lower case, NFD and dropping the marks
        # each act on one character (the marks a decomposition reorders are all
        # dropped). One translation in C instead of a loop over letters in Python.
        return " ".join(text.translate(_FOLDS).split())
    return _fold_slowly(text)


def _learn(text: str) -> bool:
    """Put the characters of *text* not in the fold table yet into it; False when one
    folds by its context (the text is then folded whole)."""
    for ch in set(text) - _FOLDED:
        if ch in _FOLD_IN_CONTEXT or len(_FOLDED) >= _WEIGHED_LIMIT:
            return False
        _FOLDS[ord(ch)] = _fold_slowly(ch, spaces=False)
        _FOLDED.add(ch)
    return True


def _fold_slowly(text: str, spaces: bool = True) -> str:
    """``fold`` letter by letter (*spaces*: runs of white space made one space, and none
    at the ends)."""
    decomposed = unicodedata.normalize("NFD", text.lower())
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    stripped = stripped.replace("đ", "d").replace("ð", "d")
    return _SPACES.sub(" ", stripped).strip() if spaces else stripped


def _clusters(text: str) -> list[str]:
    """Split NFD text into base characters each followed by its combining marks."""
    out: list[str] = []
    for ch in unicodedata.normalize("NFD", text):
        if out and unicodedata.combining(ch):
            out[-1] += ch
        else:
            out.append(ch)
    return out


@lru_cache(maxsize=4096)
def _cluster_weights(cluster: str) -> tuple[int, int]:
    """(primary weight, tone) of one letter with its marks."""
    base = cluster[0].lower()
    if base == "đ":
        return _LETTER_BASE + _RANK["đ"], 0
    tone = 0
    letter = base
    for mark in cluster[1:]:
        if mark in _TONES:
            tone = _TONES[mark]
        elif mark in (_BREVE, _CIRCUMFLEX, _HORN):
            letter += mark
    letter = unicodedata.normalize("NFC", letter)
    rank = _RANK.get(letter, _RANK.get(base))
    if rank is not None:
        return _LETTER_BASE + rank, tone
    code = ord(base)
    if code < _LETTER_BASE:
        return code, tone
    return _LETTER_BASE + len(_ALPHABET) + code, tone


# Code point → the primary weight, and the tone, of that one character as a cluster, for
# ``str.translate``; filled the first time a character is met (``_weigh``).
_PRIMARY: dict[int, str] = {}
_TONE: dict[int, str] = {}
_WEIGHED: set[str] = set()  # the characters of those tables


def _weigh(text: str) -> bool:
    """Put the characters of *text* not weighed yet into the tables; False when one cannot
    be weighed alone.

    A character weighs alone when its NFD is one cluster (a base letter and its marks):
    every precomposed Vietnamese letter, every ASCII character. The key of a text of such
    characters is then their weights side by side, as ``_clusters`` would cut the text. A
    combining mark (it joins the cluster before it) or a character decomposing into
    several clusters (a Hangul syllable) is not: such a text goes letter by letter."""
    for ch in set(text) - _WEIGHED:
        clusters = _clusters(ch)
        if len(clusters) != 1 or unicodedata.combining(clusters[0][0]):
            return False
        weight, tone = _cluster_weights(clusters[0])
        if len(_WEIGHED) < _WEIGHED_LIMIT:  # texts of every script cannot fill the memory
            _PRIMARY[ord(ch)], _TONE[ord(ch)] = chr(weight), chr(0x30 + tone)
            _WEIGHED.add(ch)
        else:
            return False
    return True


def sort_key(text: str | None) -> str:
    """Return a string whose code-point order is Vietnamese alphabetical order of *text*.

    Letters compare by the Vietnamese alphabet first; tones break ties afterwards, so
    "An" < "Ánh" < "Ăn" < "Ân" and "Duy" < "Dương" < "Đào". The key is plain text, so it
    can be stored in an indexed column and compared by any database.
    """
    if not text:
        return ""
    normalized = " ".join(text.split())  # as _SPACES.sub(" ", text).strip(), faster
    if _WEIGHED.issuperset(normalized) or _weigh(normalized):
        # Two translations in C: a sync import computes the keys of thousands of names.
        return normalized.translate(_PRIMARY) + "\x01" + normalized.translate(_TONE)
    return _letter_by_letter(normalized)


def _letter_by_letter(normalized: str) -> str:
    """``sort_key`` of any text, one cluster of its NFD at a time."""
    primary: list[str] = []
    tones: list[str] = []
    for cluster in _clusters(normalized):
        weight, tone = _cluster_weights(cluster)
        primary.append(chr(weight))
        tones.append(chr(0x30 + tone))
    # \x01 sorts below every primary weight, so a prefix comes before its extensions.
    return "".join(primary) + "\x01" + "".join(tones)


def collate(a: str | None, b: str | None) -> int:
    """Three-way comparison in Vietnamese order, for a database collation."""
    ka, kb = sort_key(a), sort_key(b)
    return (ka > kb) - (ka < kb)


def words(query: str | None) -> list[str]:
    """The folded words of what an officer typed in a picker or a search box."""
    return fold(query).split()


def matches(query: str | None, text: str | None) -> bool:
    """True when every word of *query*, folded, occurs anywhere in *text* folded.

    The rule of every picker: "dong dang", "dang" and "xa dong" all find "Xã Đồng Đăng",
    in any word order; an empty query matches everything.
    """
    folded = fold(text)
    return all(word in folded for word in words(query))
