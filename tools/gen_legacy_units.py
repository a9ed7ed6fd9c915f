"""Regenerate resources/data/legacy_units_20.json, consistent with the pinned `vietnam-provinces`.

Khiên pins one release of `vietnam-provinces` (pyproject.toml): 2025.10.1, the newest that
installs on Python 3.11. That release has the current units only (34 provinces and their
communes and wards, after the July 2025 reform). The pre-reform districts and communes, and
the table of the current communes each one became, come only with later releases, which
need Python >= 3.12, so Khiên keeps them as a data snapshot. A later release may number a
current commune differently from the pinned one (2026.9.0 renumbers five communes of Lạng
Sơn), and a legacy commune mapped to a code that the pinned release does not have would be
silently lost. So the tool works in two steps:

1. Extract the legacy units of the province and the current units each one became: from a
   later release, run by a Python 3.12+ interpreter that has it (``--legacy-python``); or,
   by default, from the existing snapshot, which records the later release's own targets
   (``source_new_codes``) wherever they differ from the pinned release's.
2. Reconcile every target against the pinned release installed beside this tool (run the
   tool with the project's own interpreter). A target the pinned release has, under the
   same name, is kept; a target that the later release renumbered is replaced by the code
   that RENUMBERED below gives, after checking the names on both sides; any other target
   stops the tool with an error naming the candidates. Every current commune of the
   province must be the target of at least one legacy commune, or the tool stops too.

From a later release (the way the snapshot was made)::

    python3.12 -m venv /tmp/vp312
    /tmp/vp312/bin/pip install vietnam-provinces==2026.9.0
    .venv/bin/python tools/gen_legacy_units.py --legacy-python /tmp/vp312/bin/python \\
        -o resources/data/legacy_units_20.json

From the existing snapshot (e.g. after changing the pin), or only to check it::

    .venv/bin/python tools/gen_legacy_units.py -o resources/data/legacy_units_20.json
    .venv/bin/python tools/gen_legacy_units.py --check
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

PROVINCE = 20  # Lạng Sơn
PACKAGE = "vietnam-provinces"
ROOT = Path(__file__).resolve().parent.parent
SNAPSHOT = ROOT / "resources" / "data" / f"legacy_units_{PROVINCE}.json"


@dataclass(frozen=True)
class Renumbered:
    """A current commune that a later release numbers differently from the pinned one."""

    source_code: int  # the code in the later release the legacy table was taken from
    code: int  # the code of the same commune in the pinned release
    name: str  # its name, the same in both releases
    legacy: tuple[int, ...]  # the legacy communes that the later release maps to source_code


# Each decision taken when reconciling vietnam-provinces 2026.9.0 (the legacy table) with
# the pinned 2025.10.1 (current units), found by name within province 20. Each name names
# exactly one commune of Lạng Sơn in each release, with the same type (xã); the two code
# sets are disjoint (2026.9.0 has no 6016, 6193, 6202, 6214 or 6421; 2025.10.1 has no 6004,
# 6124, 6196, 6211 or 6436), so no code stands for two different communes. The five
# communes are renumbered, not renamed or split; fifteen legacy communes are mapped there.
RENUMBERED: tuple[Renumbered, ...] = (
    # Quốc Khánh, Tri Phương, Đội Cấn (Tràng Định)
    Renumbered(6004, 6016, "Xã Quốc Khánh", (6004, 6016, 6025)),
    # Thị trấn Na Sầm, Bắc Hùng, Hoàng Việt (Văn Lãng)
    Renumbered(6124, 6214, "Xã Na Sầm", (6124, 6139, 6157)),
    # Cao Lâu, Xuất Lễ, Mẫu Sơn (Cao Lộc)
    Renumbered(6196, 6202, "Xã Ba Sơn", (6196, 6202, 6238)),
    # Thanh Lòa, Thạch Đạn, Lộc Yên (Cao Lộc)
    Renumbered(6211, 6193, "Xã Cao Lộc", (6193, 6199, 6211)),
    # Thiện Tân, Thanh Sơn, Đồng Tiến (Hữu Lũng)
    Renumbered(6436, 6421, "Xã Thiện Tân", (6406, 6421, 6436)),
)


class Unresolved(Exception):
    """The legacy table cannot be made consistent with the pinned release."""


def _same_name(a: str, b: str) -> bool:
    # 2026.9.0 writes "xã Bắc Sơn" where 2025.10.1 writes "Xã Bắc Sơn": case is no difference.
    return unicodedata.normalize("NFC", a).casefold() == unicodedata.normalize("NFC", b).casefold()


# -- step 1: extract ----------------------------------------------------------------------


def extract_from_package(province: int) -> dict[str, Any]:
    """The legacy units of *province* from a release that has them (Python >= 3.12)."""
    from importlib.metadata import version

    from vietnam_provinces import Ward as CurrentWard
    from vietnam_provinces import _ward_conversion_2025 as conv  # type: ignore[attr-defined]
    from vietnam_provinces.legacy import District, Province, ProvinceCode, Ward

    prov = Province.from_code(ProvinceCode(province))
    districts = [d for d in District.iter_all() if int(d.province_code) == province]
    wards = [w for w in Ward.iter_all() if int(w.province_code) == province]
    return {
        "version": version(PACKAGE),
        "effective_date": conv.EFFECTIVE_DATE,
        "province": {"code": int(prov.code), "name": prov.name},
        "districts": [
            {"code": int(d.code), "name": d.name, "type": str(d.division_type)}
            for d in sorted(districts, key=lambda d: int(d.code))
        ],
        "communes": [
            {
                "code": int(w.code),
                "name": w.name,
                "type": str(w.division_type),
                "district_code": int(w.district_code),
                "new_codes": [n.code for n in conv.OLD_TO_NEW[int(w.code)].new_wards]
                if int(w.code) in conv.OLD_TO_NEW
                else [],
            }
            for w in sorted(wards, key=lambda w: int(w.code))
        ],
        # The release's own current units of the province, to check names against.
        "current": {
            str(int(w.code)): w.name
            for w in CurrentWard.iter_all()
            if int(w.province_code) == province
        },
    }


def extract_with(python: str, province: int) -> dict[str, Any]:
    """Run step 1 under another interpreter (one with a later release installed)."""
    done = subprocess.run(
        [python, str(Path(__file__).resolve()), "--extract", "--province", str(province)],
        capture_output=True,
        text=True,
        encoding="utf-8",
    )
    if done.returncode != 0:
        raise Unresolved(f"extracting with {python} failed:\n{done.stderr}")
    data: dict[str, Any] = json.loads(done.stdout)
    return data


def extract_from_snapshot(path: Path) -> dict[str, Any]:
    """The legacy units as an earlier run recorded them, with the later release's targets."""
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    if not text.strip():
        raise Unresolved(f"{path} is missing or empty: nothing to regenerate from")
    snap: dict[str, Any] = json.loads(text)
    return {
        "version": snap.get("legacy_source_version", "unrecorded"),
        "effective_date": snap["effective_date"],
        "province": snap["province"],
        "districts": snap["districts"],
        "communes": [
            {
                "code": c["code"],
                "name": c["name"],
                "type": c["type"],
                "district_code": c["district_code"],
                "new_codes": c.get("source_new_codes", c["new_codes"]),
            }
            for c in snap["communes"]
        ],
        "current": None,  # not recorded: names are checked only for renumbered communes
    }


# -- step 2: reconcile --------------------------------------------------------------------


def pinned_communes(province: int) -> dict[int, str]:
    """The current communes of *province* in the installed (pinned) release."""
    from vietnam_provinces import Ward

    return {int(w.code): w.name for w in Ward.iter_all() if int(w.province_code) == province}


def pinned_version() -> str:
    from importlib.metadata import version

    return version(PACKAGE)


def reconcile(
    raw: dict[str, Any], pinned: dict[int, str], pinned_ver: str, province: int
) -> dict[str, Any]:
    """The snapshot whose every target is a commune of the pinned release; raises
    Unresolved, listing every problem, when that cannot be done."""
    source_current: dict[int, str] | None = (
        {int(k): v for k, v in raw["current"].items()} if raw.get("current") else None
    )
    renumbered = {r.source_code: r for r in RENUMBERED}
    problems: list[str] = []

    for r in RENUMBERED:
        if not _same_name(pinned.get(r.code, ""), r.name):
            problems.append(
                f"RENUMBERED {r.source_code}→{r.code}: {pinned_ver} has "
                f"{pinned.get(r.code)!r} at {r.code}, not {r.name!r}"
            )
        if source_current is None:
            continue
        if not _same_name(source_current.get(r.source_code, ""), r.name):
            problems.append(
                f"RENUMBERED {r.source_code}→{r.code}: {raw['version']} has "
                f"{source_current.get(r.source_code)!r} at {r.source_code}, not {r.name!r}"
            )
        if r.code in source_current and not _same_name(source_current[r.code], r.name):
            problems.append(
                f"RENUMBERED {r.source_code}→{r.code}: {raw['version']} has another "
                f"commune, {source_current[r.code]!r}, at {r.code}"
            )

    def target(code: int, legacy: dict[str, Any]) -> int | None:
        if code in renumbered:
            return renumbered[code].code
        if code in pinned:
            source_name = source_current.get(code) if source_current is not None else None
            if source_name is not None and not _same_name(source_name, pinned[code]):
                problems.append(
                    f"{legacy['name']} ({legacy['code']}) → {code}: that code is "
                    f"{source_name!r} in {raw['version']} but {pinned[code]!r} in {pinned_ver}"
                )
                return None
            return code
        name = source_current.get(code) if source_current is not None else None
        candidates = [f"{c} {n}" for c, n in sorted(pinned.items()) if name and _same_name(n, name)]
        problems.append(
            f"{legacy['name']} ({legacy['code']}) → {code} ({name or 'name unknown'}): "
            f"{pinned_ver} has no commune {code} in province {province}; same name in "
            f"{pinned_ver}: {', '.join(candidates) or 'none'} — add it to RENUMBERED"
        )
        return None

    communes: list[dict[str, Any]] = []
    for c in raw["communes"]:
        source_targets = [int(n) for n in c["new_codes"]]
        if not source_targets:
            problems.append(f"{c['name']} ({c['code']}) maps to no current commune")
        targets = [t for t in (target(n, c) for n in source_targets) if t is not None]
        targets = list(dict.fromkeys(targets))
        row = {
            "code": int(c["code"]),
            "name": c["name"],
            "type": c["type"],
            "district_code": int(c["district_code"]),
            "new_codes": targets,
        }
        if targets != source_targets:
            row["source_new_codes"] = source_targets
        communes.append(row)

    covered = {t for c in communes for t in c["new_codes"]}
    for code, name in sorted(pinned.items()):
        if code not in covered:
            problems.append(f"{name} ({code}) is the target of no legacy commune")
    for r in RENUMBERED:
        mapped = tuple(int(c["code"]) for c in raw["communes"] if r.source_code in c["new_codes"])
        if mapped != r.legacy:
            problems.append(
                f"RENUMBERED {r.source_code}→{r.code} ({r.name}) lists legacy communes "
                f"{r.legacy}, but {raw['version']} maps {mapped or 'none'} there"
            )
    if problems:
        raise Unresolved("\n".join(problems))

    return {
        "source": "vietnam-provinces legacy divisions and 2025 conversion table",
        "legacy_source_version": raw["version"],
        "package_version": pinned_ver,
        "effective_date": raw["effective_date"],
        "province": raw["province"],
        "renumbered": [
            {"source_code": r.source_code, "code": r.code, "name": r.name} for r in RENUMBERED
        ],
        "districts": raw["districts"],
        "communes": communes,
    }


def render(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--province", type=int, default=PROVINCE)
    ap.add_argument("--legacy-python", help="a Python 3.12+ with a later vietnam-provinces")
    ap.add_argument("--snapshot", type=Path, default=SNAPSHOT, help="read from this snapshot")
    ap.add_argument("-o", "--output", type=Path, help="write here (default: standard output)")
    ap.add_argument("--check", action="store_true", help="fail if the snapshot would change")
    ap.add_argument("--extract", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)

    if args.extract:  # step 1, run by the other interpreter
        sys.stdout.write(json.dumps(extract_from_package(args.province), ensure_ascii=False))
        return 0
    try:
        raw = (
            extract_with(args.legacy_python, args.province)
            if args.legacy_python
            else extract_from_snapshot(args.snapshot)
        )
        out = render(
            reconcile(raw, pinned_communes(args.province), pinned_version(), args.province)
        )
    except Unresolved as exc:
        sys.stderr.write(f"gen_legacy_units: not consistent with the pinned release:\n{exc}\n")
        return 1
    if args.check:
        current = args.snapshot.read_text(encoding="utf-8")
        if current != out:
            sys.stderr.write(f"gen_legacy_units: {args.snapshot} is not up to date\n")
            return 1
        return 0
    if args.output:
        args.output.write_text(out, encoding="utf-8")
    else:
        sys.stdout.write(out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
