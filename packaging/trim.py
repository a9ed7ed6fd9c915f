"""Trimming helpers for khien.spec: a smaller ICU data library (Linux) and the shared
libraries nothing links any more.

ICU data
--------

PySide6's Linux wheels carry ICU with the data of every language: libicudata.so.NN is
31 MB, a fifth of the whole build. Qt Core links it (collation, time zones, character
properties), but Khiên only ever runs in Vietnamese or English. This module rewrites ICU's
common data package keeping the root, Vietnamese and English locale data and every
non-locale table, and drops the legacy character-set converters, the word-break
dictionaries for Chinese, Japanese, Thai, Lao, Khmer and Burmese, and transliteration
rules (none of which Qt uses for Khiên's texts). A language ICU no longer finds falls back
to the root locale, as for any language ICU does not know.

The package is ICU's documented "common data" (CmnD) format: a header, a table of contents
of (name offset, data offset) pairs sorted by name, the names, then each item aligned to
16 bytes. The new library exports the same symbol (``icudtNN_dat``) under the same soname,
assembled with binutils (``as`` and ``ld``). Windows builds use the ICU in Windows itself
and need none of this.

    python packaging/trim.py SOURCE.so OUT.so     # prints what it kept

Unlinked libraries
------------------
The hooks resolve every dependency of every plugin they collect before the spec drops
some plugins: GTK, Cairo and Pango stay behind without the GTK theme plugin.
``unreachable_libraries`` follows the direct links (ELF DT_NEEDED; Linux only) from
everything that is not a bare library and returns the bare libraries nothing kept reaches.
"""

from __future__ import annotations

import re
import shutil
import struct
import subprocess
import sys
import tempfile
from pathlib import Path

KEEP_LOCALES = {"root", "en", "en_US", "en_US_POSIX", "en_001", "en_150", "vi", "vi_VN"}
_LOCALE_RES = re.compile(r"^[a-z]{2,3}(?:_[A-Za-z0-9]+)*\.res$")
_DROP_FOLDERS = {"translit"}
_DROP_SUFFIXES = (".cnv", ".dict")
ALIGN = 16


class IcuDataError(Exception):
    """The library is not an ICU data library this module understands."""


def _elf_symbol(data: bytes) -> tuple[str, int, int]:
    """(name, file offset, size) of the ``icudtNN_dat`` symbol in an ELF64 library."""
    sections = _elf_sections(data)
    for sh in sections:
        if sh[1] != 11:  # SHT_DYNSYM
            continue
        strtab = sections[sh[6]]
        for off in range(sh[4], sh[4] + sh[5], 24):
            st_name, _info, _other, shndx, value, size = struct.unpack_from("<IBBHQQ", data, off)
            start = strtab[4] + st_name
            name = data[start : data.index(b"\0", start)].decode()
            if re.fullmatch(r"icudt\d+_dat", name) and shndx:
                target = sections[shndx]
                return name, value - target[3] + target[4], size
    raise IcuDataError("no icudtNN_dat symbol")


def _elf_sections(data: bytes) -> list[tuple[int, ...]]:
    if data[:4] != b"\x7fELF" or data[4] != 2 or data[5] != 1:
        raise IcuDataError("not a little-endian ELF64 library")
    (shoff,) = struct.unpack_from("<Q", data, 0x28)
    shentsize, shnum = struct.unpack_from("<HH", data, 0x3A)
    return [struct.unpack_from("<IIQQQQIIQQ", data, shoff + i * shentsize) for i in range(shnum)]


def elf_needed(path: Path) -> list[str]:
    """The libraries an ELF64 file links directly (its DT_NEEDED entries)."""
    data = Path(path).read_bytes()
    sections = _elf_sections(data)
    needed = []
    for sh in sections:
        if sh[1] != 6:  # SHT_DYNAMIC
            continue
        strtab = sections[sh[6]]
        for off in range(sh[4], sh[4] + sh[5], 16):
            tag, value = struct.unpack_from("<qQ", data, off)
            if tag == 0:
                break
            if tag == 1:  # DT_NEEDED
                start = strtab[4] + value
                needed.append(data[start : data.index(b"\0", start)].decode())
    return needed


def unreachable_libraries(binaries: list[tuple[str, str, str]]) -> set[str]:
    """Destinations of the bare libraries (alone at the top of the bundle, where the
    hooks put resolved dependencies) that nothing else in *binaries* links."""
    linked = ("BINARY", "EXTENSION")

    def bare_library(dest: str, kind: str) -> bool:
        name = Path(dest).name.lower()
        return (
            kind == "BINARY"
            and len(Path(dest).parts) == 1
            and (".so" in name or name.endswith(".dll"))
            and ".cpython-" not in name
            and not name.startswith(("libpython", "python"))
        )

    by_name = {Path(dest).name: src for dest, src, kind in binaries if kind in linked}
    todo = [src for dest, src, kind in binaries if kind in linked and not bare_library(dest, kind)]
    seen: set[str] = set()
    while todo:
        src = todo.pop()
        if src in seen:
            continue
        seen.add(src)
        todo += [by_name[n] for n in elf_needed(Path(src)) if n in by_name]
    return {dest for dest, src, kind in binaries if bare_library(dest, kind) and src not in seen}


def _keep_item(name: str) -> bool:
    parts = name.split("/")[1:]  # without the "icudtNNl" package prefix
    leaf = parts[-1]
    if parts[0] in _DROP_FOLDERS or leaf.endswith(_DROP_SUFFIXES):
        return False
    if _LOCALE_RES.match(leaf):
        return leaf.removesuffix(".res") in KEEP_LOCALES
    return True  # pools, indexes, supplemental data, rules, normalisation tables…


def trim_package(blob: bytes) -> tuple[bytes, list[str]]:
    """The common data package *blob* with only the items Khiên keeps; and their names."""
    header_size, magic1, magic2 = struct.unpack_from("<HBB", blob, 0)
    if (magic1, magic2) != (0xDA, 0x27) or blob[12:16] != b"CmnD":
        raise IcuDataError("not an ICU common data package")
    toc = blob[header_size:]
    (count,) = struct.unpack_from("<I", toc, 0)
    entries = [struct.unpack_from("<II", toc, 4 + 8 * i) for i in range(count)]
    names = [toc[n : toc.index(b"\0", n)].decode("ascii") for n, _d in entries]
    ends = [d for _n, d in entries[1:]] + [len(toc)]
    items = [(name, toc[d:end]) for name, (_n, d), end in zip(names, entries, ends, strict=True)]
    kept = [(n, data) for n, data in items if _keep_item(n)]
    if not any(n.endswith("/root.res") for n, _data in kept):
        raise IcuDataError("the package has no root locale")
    # The table of contents, then the names, then the items, each on a 16-byte boundary.
    name_start = 4 + 8 * len(kept)
    name_bytes = b"".join(n.encode("ascii") + b"\0" for n, _data in kept)
    offsets, pos = [], name_start
    for n, _data in kept:
        offsets.append(pos)
        pos += len(n) + 1
    data_pos = -(-(name_start + len(name_bytes)) // ALIGN) * ALIGN
    out = bytearray(struct.pack("<I", len(kept)))
    body = bytearray()
    for (_n, data), name_off in zip(kept, offsets, strict=True):
        out += struct.pack("<II", name_off, data_pos + len(body))
        body += data + b"\0" * (-len(data) % ALIGN)
    out += name_bytes
    out += b"\0" * (data_pos - len(out))
    out += body
    return blob[:header_size] + bytes(out), [n for n, _data in kept]


def _soname(data: bytes) -> str:
    found = re.search(rb"libicudata\.so\.\d+", data)
    if not found:
        raise IcuDataError("no soname")
    return found.group().decode()


def build_icu_library(source: Path, out: Path) -> list[str]:
    """Write a trimmed copy of the ICU data library *source* to *out*; returns kept items."""
    data = source.read_bytes()
    symbol, offset, size = _elf_symbol(data)
    package, kept = trim_package(data[offset : offset + size])
    assembler, linker = shutil.which("as"), shutil.which("ld")
    if not assembler or not linker:
        raise IcuDataError("binutils (as, ld) are needed to build the trimmed ICU data")
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        (work / "icudata.bin").write_bytes(package)
        (work / "icudata.s").write_text(
            f"\t.section .rodata\n\t.globl {symbol}\n\t.type {symbol}, @object\n"
            f'\t.balign 16\n{symbol}:\n\t.incbin "icudata.bin"\n'
            f"\t.size {symbol}, . - {symbol}\n"
            '\t.section .note.GNU-stack,"",@progbits\n',
            encoding="ascii",
        )
        subprocess.run([assembler, "-o", "icudata.o", "icudata.s"], cwd=work, check=True)
        out.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [linker, "-shared", "-soname", _soname(data), "-o", str(out.resolve()), "icudata.o"],
            cwd=work,
            check=True,
        )
    check = out.read_bytes()
    if _elf_symbol(check)[0] != symbol:
        raise IcuDataError("the new library does not export the data symbol")
    return kept


def main(argv: list[str]) -> int:
    source, out = Path(argv[0]), Path(argv[1])
    kept = build_icu_library(source, out)
    print(f"{len(kept)} items kept; {source.stat().st_size:,} → {out.stat().st_size:,} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
