"""The packaging helpers: the icon drawn from its SVG, the ICU data trimmed for the Linux
build, libraries nothing links, and the Linux installer's refusals."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image, ImageChops, ImageStat

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "packaging"))

import make_icons  # noqa: E402
import trim  # noqa: E402

ICONS = ROOT / "resources" / "icons"


# -- the icon ------------------------------------------------------------------------------


def test_path_parser_draws_lines_and_curves():
    (shape,) = make_icons.parse_path("M0 0 L10 0 Q10 10 0 10 C-5 10 -5 0 0 0 Z")
    assert shape[:2] == [(0, 0), (10, 0)]
    assert shape[2 + make_icons.CURVE_STEPS - 1] == pytest.approx((0, 10))
    assert shape[-1] == pytest.approx((0, 0))


@pytest.mark.parametrize("d", ["m0 0 l10 0 z", "M0 0 A5 5 0 0 1 10 0 Z", "M0 0 L10"])
def test_path_parser_refuses_what_it_cannot_draw(d):
    with pytest.raises(ValueError):
        make_icons.parse_path(d)


@pytest.mark.parametrize("size", make_icons.SIZES)
def test_committed_icons_are_drawn_from_the_svg(size):
    """Change khien.svg, then run packaging/make_icons.py and commit what it writes."""
    view, layers = make_icons.load_svg(make_icons.SOURCE)
    fresh = make_icons.render(size, view, layers)
    committed = Image.open(ICONS / f"khien-{size}.png").convert("RGBA")
    assert committed.size == (size, size)
    diff = ImageStat.Stat(ImageChops.difference(fresh, committed)).mean
    assert max(diff) < 2, diff


def test_windows_icon_holds_every_size():
    ico = Image.open(ICONS / "khien.ico")
    assert {(s, s) for s in make_icons.SIZES} <= set(ico.info["sizes"])


# -- ICU data and libraries ----------------------------------------------------------------


def _qt_lib(name: str) -> Path:
    pyside = pytest.importorskip("PySide6")
    found = sorted((Path(pyside.__file__).parent / "Qt" / "lib").glob(name))
    if not found or not sys.platform.startswith("linux"):
        pytest.skip(f"no {name} here (PySide6's Linux wheel carries it)")
    return found[0]


def test_icu_package_keeps_vietnamese_english_and_tables_only():
    data = _qt_lib("libicudata.so.*").read_bytes()
    symbol, offset, size = trim._elf_symbol(data)
    assert symbol.startswith("icudt") and symbol.endswith("_dat")
    package, kept = trim.trim_package(data[offset : offset + size])
    leaves = {name.split("/", 1)[1] for name in kept}
    for wanted in ("root.res", "vi.res", "en.res", "coll/vi.res", "coll/ucadata.icu",
                   "zoneinfo64.res", "pool.res", "cnvalias.icu"):  # fmt: skip
        assert wanted in leaves, wanted
    for dropped in ("de.res", "zh.res", "coll/zh.res", "brkitr/cjdict.dict", "translit/root.res"):
        assert dropped not in leaves, dropped
    assert not [n for n in leaves if n.endswith(".cnv")]
    assert kept == sorted(kept)  # ICU finds items by binary search
    again, kept_again = trim.trim_package(package)  # the result is a valid package
    assert (again, kept_again) == (package, kept)
    assert len(package) < size / 4


def test_a_library_nothing_links_is_found():
    core = _qt_lib("libQt6Core.so.6")
    widgets = _qt_lib("libQt6Widgets.so.6")
    uc = _qt_lib("libicuuc.so.*")
    assert uc.name in trim.elf_needed(core)
    binaries = [
        ("PySide6/Qt/lib/libQt6Core.so.6", str(core), "BINARY"),  # in a folder: kept
        (uc.name, str(uc), "BINARY"),  # alone at the top, linked by Qt Core
        ("libQt6Widgets.so.6", str(widgets), "BINARY"),  # alone, linked by nothing here
    ]
    assert trim.unreachable_libraries(binaries) == {"libQt6Widgets.so.6"}


# -- the Linux installer -------------------------------------------------------------------


@pytest.fixture
def unpacked(tmp_path) -> Path:
    """A stand-in for the unpacked archive: the real scripts, a tiny program folder."""
    top = tmp_path / "khien-9.0.0"
    icons = top / "khien" / "_internal" / "resources" / "icons"
    icons.mkdir(parents=True)
    for png in ICONS.glob("khien-*.png"):
        shutil.copy(png, icons)
    program = top / "khien" / "khien"
    program.write_text("#!/bin/sh\necho khien\n")
    program.chmod(0o755)
    (top / "khien" / "VERSION").write_text("0.2.0\n")
    shutil.copy(ROOT / "packaging" / "linux" / "install.sh", top)
    shutil.copy(ROOT / "packaging" / "linux" / "khien.desktop", top)
    return top


def _install(unpacked: Path, root: Path, home: Path, *args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, KHIEN_INSTALL_ROOT=str(root), HOME=str(home))
    env.pop("XDG_DATA_HOME", None)
    return subprocess.run(
        ["sh", str(unpacked / "install.sh"), *args], env=env, capture_output=True, text=True
    )


def test_linux_install_upgrade_refusals_and_uninstall_keeping_the_records(unpacked, tmp_path):
    root, home = tmp_path / "root", tmp_path / "home"
    data = home / ".local" / "share" / "Khien"
    data.mkdir(parents=True)
    (data / "khien.db").write_bytes(b"records")
    done = _install(unpacked, root, home)
    assert done.returncode == 0, done.stderr
    desktop = (root / "applications" / "khien.desktop").read_text()
    assert f'Exec="{root}/opt/khien/khien"' in desktop and "Name=Khiên" in desktop
    assert (root / "icons" / "hicolor" / "48x48" / "apps" / "khien.png").is_file()
    assert (root / "opt" / "khien" / "VERSION").read_text() == "0.2.0\n"

    (root / "opt" / "khien" / "VERSION").write_text("0.10.0\n")  # a newer one is installed
    refused = _install(unpacked, root, home)
    assert refused.returncode == 1 and "0.10.0" in refused.stderr
    assert "Không cài bản cũ đè lên bản mới" in refused.stderr

    (root / "opt" / "khien" / "VERSION").write_text("0.1.0\n")
    (data / "khien-version.txt").write_text("0.3.0\n")  # a newer Khiên opened the records
    refused = _install(unpacked, root, home)
    assert refused.returncode == 1 and "0.3.0" in refused.stderr

    removed = _install(unpacked, root, home, "--uninstall")
    assert removed.returncode == 0
    assert not (root / "opt" / "khien").exists()
    assert not (root / "applications" / "khien.desktop").exists()
    assert (data / "khien.db").read_bytes() == b"records"
