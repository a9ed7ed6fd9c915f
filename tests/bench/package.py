"""The built program against the source tree: size on disk and start to the main window.

    make package && python -m tests.bench.package          (writes its section of
                                                             docs/PERFORMANCE.md)

Start-up is timed the same way for both: a child process that imports Qt, loads the fonts
and translator, signs in to a demo profile (2,000 events, 300 cases; Argon2id at its real
cost) and shows the main window offscreen, then prints "shown". From source that is
``python -m tests.bench.startup_probe app``; from the build, the same function through
``dist/khien/khien selftest --qt-child DIR --window-only``. "Cold" runs come right after
the kernel's page cache was dropped (as after a reboot; needs root, else marked warm);
"warm" is the median of the runs after it. The sizes compare the unpacked build with what
the runtime dependencies take in the virtual environment.
"""

from __future__ import annotations

import datetime as dt
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import time
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BUILD = ROOT / "dist" / "khien"
DOC = ROOT / "docs" / "PERFORMANCE.md"
BEGIN, END = "<!-- package: begin -->", "<!-- package: end -->"
WARM_RUNS = 5


def folder_size(folder: Path) -> int:
    return sum(p.lstat().st_size for p in folder.rglob("*") if not p.is_dir() or p.is_symlink())


def runtime_size() -> int:
    """Bytes the runtime dependencies (and theirs) take in site-packages."""
    seen: set[str] = set()
    todo = ["khien"]
    total = 0
    while todo:
        name = re.split(r"[ ;<>=!~\[]", todo.pop(), maxsplit=1)[0].lower().replace("_", "-")
        if name in seen:
            continue
        seen.add(name)
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            continue
        if name != "khien":
            for f in dist.files or []:
                path = Path(str(dist.locate_file(f)))
                if path.is_file():
                    total += path.stat().st_size
        todo += [r for r in dist.requires or [] if "extra ==" not in r]
    return total


def drop_caches() -> bool:
    try:
        os.sync()
        Path("/proc/sys/vm/drop_caches").write_text("3\n")
    except OSError:
        return False
    return True


def _time(cmd: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    out = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False, cwd="/")
    took = time.perf_counter() - start
    if "shown" not in out.stdout:
        raise RuntimeError(f"{cmd[0]} did not show its window: {out.stderr[-500:]}")
    return took


def measure(cmd: list[str], env: dict[str, str]) -> tuple[float, bool, float]:
    """(first run, whether it was cold, median of the warm runs after it)."""
    cold = drop_caches()
    first = _time(cmd, env)
    warm = statistics.median(_time(cmd, env) for _ in range(WARM_RUNS))
    return first, cold, warm


def mb(n: float) -> str:
    return f"{n / 1e6:.1f} MB"


def seconds(s: float) -> str:
    return f"{s:.2f} s"


def section(rows: list[str], archive: Path | None) -> str:
    lines = [
        BEGIN,
        "## Installed build: size and start-up",
        "",
        "Written by `python -m tests.bench.package` after `make package` (packaging/README.md).",
        f"Run: {dt.datetime.now():%Y-%m-%d %H:%M} · Python {platform.python_version()} · "
        f"{os.cpu_count()} cores · {platform.machine()} · {platform.system()}",
        "",
        "| figure | built program | from source | note |",
        "|---|---:|---:|---|",
        *rows,
        "",
        "The build must stay under 150 MB unpacked (`make package` fails above). What it keeps"
        " and trims: packaging/README.md. Start-up includes signing in: Argon2id (64 MiB, t=3)"
        " takes about a third of a second on purpose.",
    ]
    if archive is not None:
        lines.append(f"The Linux archive `{archive.name}` is {mb(archive.stat().st_size)}.")
    lines.append(END)
    return "\n".join(lines) + "\n"


def write_section(text: str) -> None:
    doc = DOC.read_text(encoding="utf-8") if DOC.exists() else "# Performance\n"
    pattern = re.compile(re.escape(BEGIN) + r".*?" + re.escape(END) + r"\n?", re.S)
    doc = pattern.sub(lambda _m: text, doc) if pattern.search(doc) else doc.rstrip() + "\n\n" + text
    DOC.write_text(doc, encoding="utf-8")


def main() -> int:
    from desktop.core import demo
    from desktop.core.progress import run_job

    program = BUILD / ("khien.exe" if sys.platform == "win32" else "khien")
    if not program.is_file():
        print("Build it first: make package", file=sys.stderr)
        return 1
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", KHIEN_PASSWORD=demo.DEMO_PASSWORD)
    env.pop("PYTHONPATH", None)
    with tempfile.TemporaryDirectory(prefix="khien-bench-package-") as tmp:
        data_dir = Path(tmp) / "demo"
        run_job(demo.create_demo_profile(data_dir, events=2000, cases=300, seed=1)).close()
        built = measure(
            [str(program), "selftest", "--qt-child", str(data_dir), "--window-only", "--user", "canbo"],
            env,
        )  # fmt: skip
        source = measure(
            [sys.executable, "-m", "tests.bench.startup_probe", "app", str(data_dir), "canbo",
             demo.DEMO_PASSWORD],
            dict(env, PYTHONPATH=str(ROOT)),
        )  # fmt: skip
    cold = "cold (page cache dropped)" if built[1] and source[1] else "first run (warm cache)"
    archives = sorted((ROOT / "dist").glob("khien-*-linux-*.tar.gz"))
    rows = [
        f"| Size on disk | {mb(folder_size(BUILD))} | {mb(runtime_size())} | build: the whole "
        "unpacked folder; source: the runtime dependencies in the virtual environment |",
        f"| Start to main window, {cold} | {seconds(built[0])} | {seconds(source[0])} | "
        "demo profile of 2,000 events and 300 cases, sign-in included |",
        f"| Start to main window, warm (median of {WARM_RUNS}) | {seconds(built[2])} | "
        f"{seconds(source[2])} | the same, files already in memory |",
    ]
    text = section(rows, archives[-1] if archives else None)
    write_section(text)
    print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
