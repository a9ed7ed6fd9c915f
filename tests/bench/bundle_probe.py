"""A child process for the sync benchmarks' memory figures: it opens or imports one bundle
and prints, as JSON, the time taken and the peak memory (resident set) during that step
alone. Run by tests/bench/sync.py, never by tests.

    python -m tests.bench.bundle_probe open FILE FACTS_JSON      Khiên's reader
    python -m tests.bench.bundle_probe naive FILE FACTS_JSON     decrypt, gunzip, json.loads
    python -m tests.bench.bundle_probe import FILE DATA_DIR USER (password in KHIEN_PASSWORD)

The peak is Linux's VmHWM, reset just before the step (/proc/self/clear_refs), so what the
process needed before (imports, Argon2id at sign-in) does not count; ``rss_mib`` is the
whole process's peak.
"""

from __future__ import annotations

import gzip
import json
import os
import re
import struct
import sys
import time
from pathlib import Path
from typing import Any


def _kib(field: str) -> int:
    status = Path("/proc/self/status").read_text()
    found = re.search(rf"^{field}:\s+(\d+) kB", status, re.M)
    return int(found.group(1)) if found else 0


def _reset_peak() -> int:
    """Reset the peak to the current resident set; returns it (KiB)."""
    Path("/proc/self/clear_refs").write_text("5")
    return _kib("VmRSS")


def _open(path: Path, facts: dict[str, Any], naive: bool) -> int:
    import pyrage

    from desktop.core.sync import bundle, exchange
    from desktop.core.sync.keys import PublicKeys

    sender = PublicKeys(facts["node"], facts["sign_public"], facts["age_recipient"])
    if naive:  # the former reader's way, plus gunzip: whole copies, no checks
        data = path.read_bytes()
        key = pyrage.x25519.Identity.from_str(facts["identity"])
        inner = gzip.decompress(bytes(pyrage.decrypt(data, [key])))
        pos, sections = len(bundle.MAGIC), []
        for _n in range(3):
            (size,) = struct.unpack(">Q", inner[pos : pos + 8])
            sections.append(inner[pos + 8 : pos + 8 + size])
            pos += 8 + size
        return len([json.loads(line) for line in sections[2].split(b"\n") if line])
    opened = bundle.open_bundle(
        exchange._read(path), facts["identity"], lambda _node: sender,
        province_code=facts["province"], known_schema=lambda _rev: True,
    )  # fmt: skip
    return len(opened.records)


def _import(path: Path, data_dir: Path, user: str) -> int:
    from desktop.core import profile
    from desktop.core.sync import exchange

    opened = profile.open_profile(data_dir, user, os.environ["KHIEN_PASSWORD"])
    try:
        before = _reset_peak()
        start = time.perf_counter()
        result = exchange.import_bundle(opened, path)
        _report(start, before, result.new_revisions)
    finally:
        opened.close()
    return result.new_revisions


def _report(start: float, before_kib: int, records: int) -> None:
    took = time.perf_counter() - start
    print(json.dumps({
        "seconds": took, "records": records,
        "peak_mib": (_kib("VmHWM") - before_kib) / 1024, "rss_mib": _kib("VmHWM") / 1024,
    }))  # fmt: skip


def main() -> int:
    what, path = sys.argv[1], Path(sys.argv[2])
    if what == "import":
        _import(path, Path(sys.argv[3]), sys.argv[4])
        return 0
    facts = json.loads(Path(sys.argv[3]).read_text())
    import pyrage  # noqa: F401 (loaded before the peak is reset, like Khiên's modules)

    from desktop.core.sync import bundle, exchange  # noqa: F401

    before = _reset_peak()
    start = time.perf_counter()
    n = _open(path, facts, naive=what == "naive")
    _report(start, before, n)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
