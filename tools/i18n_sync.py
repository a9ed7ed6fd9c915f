"""After `pybabel update`: English is the source language, so its catalog's translations
are the source strings; report what the Vietnamese catalog still lacks.

Usage: python tools/i18n_sync.py   (run by `make i18n`)
"""

from __future__ import annotations

from pathlib import Path

from babel.messages.pofile import read_po, write_po

I18N = Path(__file__).resolve().parents[1] / "i18n"


def _load(lang: str):
    with open(I18N / lang / "LC_MESSAGES" / "khien.po", "rb") as fh:
        return read_po(fh, locale=lang)


def _save(lang: str, catalog) -> None:
    with open(I18N / lang / "LC_MESSAGES" / "khien.po", "wb") as fh:
        write_po(fh, catalog, omit_header=False, sort_output=True, width=100)


def main() -> int:
    en = _load("en")
    for msg in en:
        if msg.id:
            msg.string = msg.id
            msg.flags.discard("fuzzy")
    _save("en", en)
    vi = _load("vi")
    missing = [
        m.id
        for m in vi
        if m.id and (not m.string or (isinstance(m.string, tuple) and not all(m.string)))
    ]
    for mid in missing:
        print("untranslated (vi):", mid if isinstance(mid, str) else mid[0])
    print(f"{len(missing)} Vietnamese strings to translate")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
