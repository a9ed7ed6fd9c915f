"""Fill Vietnamese translations from a Python file defining ``VI = {msgid: msgstr}`` and,
optionally, ``PLURALS = {(singular, plural): msgstr}`` (Vietnamese has one plural form).

Usage: python tools/apply_vi.py FILE   (only empty entries are filled; placeholders checked)
"""

from __future__ import annotations

import re
import runpy
import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

PO = Path(__file__).resolve().parents[1] / "i18n" / "vi" / "LC_MESSAGES" / "khien.po"


def main(path: str) -> int:
    found = runpy.run_path(path)
    table = found.get("VI", {})
    plurals = found.get("PLURALS", {})
    with open(PO, "rb") as fh:
        catalog = read_po(fh, locale="vi")
    filled = 0
    for msg in catalog:
        if isinstance(msg.id, str) and msg.id in table and not msg.string:
            src, dst = table[msg.id], msg.id
            if set(re.findall(r"\{\w+\}", src)) != set(re.findall(r"\{\w+\}", dst)):
                raise SystemExit(f"placeholders differ: {dst!r}")
            msg.string = src
            filled += 1
        elif isinstance(msg.id, tuple | list) and tuple(msg.id) in plurals:
            if not any(msg.string):
                msg.string = (plurals[tuple(msg.id)],)
                filled += 1
    with open(PO, "wb") as fh:
        write_po(fh, catalog, omit_header=False, sort_output=True, width=100)
    print(f"filled {filled}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
