"""Catalogs complete, placeholders matching, formatting through one helper."""

import datetime as dt
import re
from decimal import Decimal
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from desktop.core import i18n
from desktop.core.errors import ValidationError

ROOT = Path(__file__).resolve().parents[2]
FIELD = re.compile(r"\{(\w*)[^{}]*\}")


def _catalog(lang: str):
    with open(ROOT / "i18n" / lang / "LC_MESSAGES" / "khien.po", "rb") as fh:
        return read_po(fh, locale=lang)


def _source_ids() -> set[str]:
    keywords = {"_": None, "_t": None, "N_": None, "ngettext": (1, 2)}
    ids = set()
    for _file, _line, message, _comments, _ctx in extract_from_dir(
        str(ROOT / "desktop"), method_map=[("**.py", "python")], keywords=keywords
    ):
        ids.add(message if isinstance(message, str) else message[0])
    return ids


# A literal marked for translation anywhere in the source, f-strings included (the
# extractor does not look inside f-string expressions, so such strings went missing).
LITERAL = re.compile(r"""\b(?:_|N_|_t)\(\s*(['"])((?:(?!\1).)+)\1\s*\)""")


def _literal_ids() -> set[str]:
    found = set()
    for path in (ROOT / "desktop").rglob("*.py"):
        for match in LITERAL.finditer(path.read_text(encoding="utf-8")):
            if "\\" not in match.group(2):
                found.add(match.group(2))
    return found


def test_no_marked_string_hides_from_the_extractor():
    missing = _literal_ids() - _source_ids()
    assert not missing, f"move these out of f-strings so `make i18n` sees them: {sorted(missing)}"


def _ids(catalog) -> set[str]:
    return {m.id if isinstance(m.id, str) else m.id[0] for m in catalog if m.id}


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
def test_catalog_has_every_source_string(lang):
    missing = _source_ids() - _ids(_catalog(lang))
    assert not missing, f"run `make i18n` and translate: {sorted(missing)[:10]}"


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
def test_catalog_is_complete_and_placeholders_match(lang):
    for msg in _catalog(lang):
        if not msg.id:
            continue
        ids = (msg.id,) if isinstance(msg.id, str) else msg.id
        strings = (msg.string,) if isinstance(msg.string, str) else msg.string
        assert all(strings), f"{lang}: untranslated {ids[0]!r}"
        assert "fuzzy" not in msg.flags, f"{lang}: fuzzy {ids[0]!r}"
        wanted = sorted(FIELD.findall(ids[0]))
        for s in strings:
            assert sorted(FIELD.findall(s)) == wanted, f"{lang}: placeholders differ in {ids[0]!r}"


def test_compiled_vietnamese_catalog_is_used():
    i18n.set_language("vi")
    assert i18n.catalog_loaded()
    assert i18n._("The user name or password is wrong.") != "The user name or password is wrong."
    i18n.set_language("en")
    assert i18n._("The user name or password is wrong.") == "The user name or password is wrong."


def test_vietnamese_formats():
    i18n.set_language("vi")
    assert i18n.format_date(dt.date(2026, 2, 5)) == "05/02/2026"
    assert i18n.format_datetime(dt.datetime(2026, 2, 5, 14, 3)) == "05/02/2026 14:03"
    assert i18n.format_number(1234567.5) == "1.234.567,5"
    assert i18n.format_number(Decimal("1234567")) == "1.234.567"
    assert i18n.format_money(1_500_000) == "1.500.000\u00a0₫"
    assert (
        i18n.format_place_date("Lạng Sơn", dt.date(2026, 2, 5))
        == "Lạng Sơn, ngày 05 tháng 02 năm 2026"
    )


def test_english_formats():
    i18n.set_language("en")
    assert i18n.format_date(dt.date(2026, 2, 5)) == "05/02/2026"
    assert i18n.format_number(1234567.5) == "1,234,567.5"
    assert i18n.format_money(1_500_000) == "1,500,000\u00a0₫"


@pytest.mark.parametrize(
    "typed, expected",
    [
        ("2026-07-30", dt.date(2026, 7, 30)),
        ("30/07/2026", dt.date(2026, 7, 30)),
        ("5/2/2026", dt.date(2026, 2, 5)),
    ],
)
def test_parse_date_accepts_both_forms(typed, expected):
    assert i18n.parse_date(typed) == expected


@pytest.mark.parametrize("typed", ["31/02/2026", "2026/07/30", "hôm qua", "", "30-07-26"])
def test_parse_date_refuses_with_one_sentence(typed):
    with pytest.raises(ValidationError) as err:
        i18n.parse_date(typed)
    assert err.value.message.count(".") == 1 and "\n" not in err.value.message
