"""Pack the one-folder Linux build into dist/khien-<version>-linux-<machine>.tar.gz.

    python packaging/linux/make_archive.py          (after pyinstaller; `make package`)

The archive holds one folder, khien-<version>/, with the built program (khien/, with a
VERSION file the installer reads), khien.desktop, the icon, install.sh and a short
README in Vietnamese and English. Symbolic links and file modes are kept.
"""

from __future__ import annotations

import platform
import sys
import tarfile
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HERE = ROOT / "packaging" / "linux"
BUILD = ROOT / "dist" / "khien"
MAX_MB = 150  # the unpacked build (issue 7): trim what does not belong before raising it

README = """\
Khiên {version} cho Linux / for Linux

Cài đặt (cho mọi người dùng):   sudo ./install.sh
Cài đặt (chỉ cho bạn):          ./install.sh
Gỡ bỏ (dữ liệu được giữ lại):   ./install.sh --uninstall
Kiểm tra bản cài đặt:           khien selftest

Install (every user):           sudo ./install.sh
Install (just you):             ./install.sh
Remove (records are kept):      ./install.sh --uninstall
Check the installation:         khien selftest

Khiên cần thư viện giao diện X11 hoặc Wayland của máy (có sẵn trên mọi máy tính để bàn
Linux) và CUPS để in. / Khiên needs the desktop's X11 or Wayland libraries (on every
Linux desktop) and CUPS for printing.
"""


def version() -> str:
    with open(ROOT / "pyproject.toml", "rb") as fh:
        return str(tomllib.load(fh)["project"]["version"])


def folder_size(folder: Path) -> int:
    """Bytes of every file under *folder* (links counted as links, as unpacked)."""
    return sum(p.lstat().st_size for p in folder.rglob("*") if not p.is_dir() or p.is_symlink())


def archive_path(ver: str) -> Path:
    return ROOT / "dist" / f"khien-{ver}-linux-{platform.machine()}.tar.gz"


def main() -> int:
    ver = version()
    program = BUILD / ("khien.exe" if sys.platform == "win32" else "khien")
    if not program.is_file():
        print(f"{program} is missing: build it first (make package).", file=sys.stderr)
        return 1
    size = folder_size(BUILD)
    print(f"dist/khien: {size / 1e6:.1f} MB unpacked")
    if size > MAX_MB * 1e6:
        print(f"The build is over {MAX_MB} MB: see what grew (du -sh dist/khien/_internal/*).",
              file=sys.stderr)  # fmt: skip
        return 1
    (BUILD / "VERSION").write_text(ver + "\n", encoding="ascii")
    top = f"khien-{ver}"
    out = archive_path(ver)
    partial = out.with_name(out.name + ".part")
    with tarfile.open(partial, "w:gz", compresslevel=6) as tar:
        tar.add(BUILD, arcname=f"{top}/khien")
        tar.add(HERE / "khien.desktop", arcname=f"{top}/khien.desktop")
        tar.add(HERE / "install.sh", arcname=f"{top}/install.sh")
        tar.add(ROOT / "resources" / "icons" / "khien.png", arcname=f"{top}/khien.png")
        readme = ROOT / "build" / "README.txt"
        readme.parent.mkdir(parents=True, exist_ok=True)
        readme.write_text(README.format(version=ver), encoding="utf-8")
        tar.add(readme, arcname=f"{top}/README.txt")
    partial.replace(out)
    print(f"{out.relative_to(ROOT)}: {out.stat().st_size / 1e6:.1f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
