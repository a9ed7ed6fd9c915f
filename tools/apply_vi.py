"""Fill Vietnamese translations from a Python file defining ``VI = {msgid: msgstr}``.

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
    table = runpy.run_path(path)["VI"]
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
    with open(PO, "wb") as fh:
        write_po(fh, catalog, omit_header=False, sort_output=True, width=100)
    print(f"filled {filled}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
