"""Small timing helpers for `make bench` (never used by tests: tests assert no times)."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import sqlcipher3


@dataclass
class Row:
    """One benchmark line: our figure against a baseline measured in the same run."""

    name: str
    ours_s: float
    base_s: float
    baseline: str
    note: str = ""

    @property
    def ratio(self) -> float:
        return self.ours_s / self.base_s if self.base_s else float("nan")


def median_time(fn: Callable[[], object], repeat: int = 5, warmup: int = 1) -> float:
    """Median wall time of *fn* over *repeat* runs, after *warmup* runs."""
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def fmt_s(seconds: float) -> str:
    if seconds < 1e-3:
        return f"{seconds * 1e6:.0f} µs"
    if seconds < 1:
        return f"{seconds * 1e3:.1f} ms"
    return f"{seconds:.2f} s"


def raw_connection(data_dir: Path, key: bytes) -> sqlcipher3.Connection:
    """A bare SQLCipher connection to a profile's database (the baselines' side), with the
    page cache Khiên's own connections have."""
    conn = sqlcipher3.connect(str(data_dir / "khien.db"))
    conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
    conn.execute("PRAGMA cache_size=-65536")
    return conn
