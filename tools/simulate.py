#!/usr/bin/env python3
"""A province's year of work through the USB chain, simulated with the real core (issue 14).

The province, area offices and commune laptops are real profiles in a work folder; every
bundle and receipt is a real file written to a folder standing for a stick and imported
from it. Each simulated week the communes record outreach events and cases (with their
steps and support) and edit their records; the province corrects some; a province or an
area office and a commune sometimes edit the same field of the same record in the same
week; then sticks travel: communes → their area office (or the province), areas → the
province, receipts back down. Faults come from a seeded random source: a stick lost, a
stick carried twice, a bundle imported after a newer one, a laptop stolen and replaced, a
laptop restored from an old backup, and older laptops writing bundles of the previous
format until they are upgraded mid-year.

After the last week the sticks travel a few more times without faults, and the invariants
are checked:

- ``converged``: every laptop's records equal the province's copy of them, and the province
  holds every record of every office;
- ``lost_revisions``: revisions written anywhere (but on a stolen laptop after its last
  bundle) that the province lacks — must be 0;
- ``conflicts_seen`` (the fields the province's conflict queue shows) equals
  ``conflicts_expected`` (the concurrent same-field edits the simulation made).

Usage::

    python tools/simulate.py [--communes 65] [--areas 11] [--weeks 52] [--seed 1]
                             [--json OUT] [--work DIR]

Exit status 1 names the invariant that failed. Key derivation is made cheap (a setting
tests use too): the simulation measures sync, not Argon2.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import random
import shutil
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import pyrage  # noqa: E402
from sqlalchemy import select  # noqa: E402

from desktop.core import backup, i18n, places, profile  # noqa: E402
from desktop.core.cases import records as case_records  # noqa: E402
from desktop.core.cases import service, steps  # noqa: E402
from desktop.core.db.base import synced_models  # noqa: E402
from desktop.core.db.models import Office, OutreachEvent  # noqa: E402
from desktop.core.db.models_sync import Conflict, Peer, Revision  # noqa: E402
from desktop.core.errors import KhienError  # noqa: E402
from desktop.core.security import keystore  # noqa: E402
from desktop.core.security.roles import Role  # noqa: E402
from desktop.core.sync import authority, bundle, enrol, exchange, receipts, restored  # noqa: E402

PROVINCE_CODE = 20  # Lạng Sơn
PASSPHRASE = "ab2c-de3f-gh4j-km5n-pq6r-st7u"
PASSWORD = "mat-khau-mo-phong-1"
ADMIN = "quantri"
KINDS = ("talk", "banner", "loudspeaker", "rally", "web_post", "forum")
AGENCIES = ("womens_union", "police", "border_guard", "youth_union")
SETTLE_ROUNDS = 4


@dataclass
class Laptop:
    name: str
    level: str  # "area" | "commune"
    folder: Path
    opened: profile.OpenProfile
    office_id: str
    area: Laptop | None = None
    unit_code: int | None = None
    old_format_until: int = -1  # writes format-1 bundles before this week (not upgraded)
    backup_file: Path | None = None
    held: list[Path] = field(default_factory=list)  # bundles delayed to a later trip

    @property
    def node_id(self) -> str:
        return self.opened.node.node_id


@dataclass
class Figures:
    bundles: int = 0
    receipts: int = 0
    bundle_bytes: list[int] = field(default_factory=list)
    import_seconds: list[float] = field(default_factory=list)
    week_import_seconds: list[float] = field(default_factory=list)
    faults: dict[str, int] = field(default_factory=dict)
    refusals: dict[str, int] = field(default_factory=dict)

    def fault(self, name: str) -> None:
        self.faults[name] = self.faults.get(name, 0) + 1


def _version_1_pack(manifest: dict[str, Any], records: Any, signer: Any, recipients: Any) -> bytes:
    """A bundle as builds before format 2 wrote it (the container, not compressed)."""
    payload = b"".join(bundle._canonical(r) + b"\n" for r in records)
    m = dict(manifest, format=bundle.FORMAT, format_version="1.0", app_version="0.1.0")
    m["payload_sha256"] = hashlib.sha256(payload).hexdigest()
    body = bundle._canonical(m)
    inner = (
        bundle.MAGIC + bundle._section(body) + bundle._section(signer.sign(body))
        + bundle._section(payload)
    )  # fmt: skip
    keys = [pyrage.x25519.Recipient.from_str(r) for r in recipients]
    return bytes(pyrage.encrypt(inner, keys))


@contextmanager
def _old_build(active: bool) -> Iterator[None]:
    """While *active*, bundles are written as Khiên 0.1 wrote them."""
    if not active:
        yield
        return
    saved = bundle.pack
    bundle.pack = _version_1_pack  # type: ignore[assignment]
    try:
        yield
    finally:
        bundle.pack = saved  # type: ignore[assignment]


class Simulation:
    def __init__(self, args: argparse.Namespace, work: Path) -> None:
        self.args, self.work = args, work
        self.rng = random.Random(args.seed)
        self.fig = Figures()
        self.sticks = 0
        weeks = args.weeks
        self.today = dt.date.today()
        self.start = self.today - dt.timedelta(days=7 * weeks + 7)
        self.expected: set[tuple[str, str]] = set()  # (row id, field) edited concurrently
        self.edit_revs: dict[tuple[str, str], tuple[str, str]] = {}  # the two revisions
        self.stolen: dict[str, int] = {}  # node id -> revisions it wrote never sent
        keystore.DEFAULT_KDF = keystore.KdfParams(1, 1024, 1)
        i18n.set_language("vi")
        self.province, _identity = profile.create_province(
            work / "province", province_code=PROVINCE_CODE, admin_username=ADMIN,
            admin_password=PASSWORD, admin_full_name="Quản trị mô phỏng",
        )  # fmt: skip
        with self.province.db.session() as s:
            units = [u.code for u in places.communes(s, PROVINCE_CODE)][: args.communes]
        self.areas: list[Laptop] = []
        self.communes: list[Laptop] = []
        groups = self._groups(units, args.areas)
        for n, codes in enumerate(groups):
            self.areas.append(self._enrol_area(n, codes))
        direct = [c for c in units if not any(c in g for g in groups)]
        for n, code in enumerate(units):
            area = next((a for a, g in zip(self.areas, groups, strict=True) if code in g), None)
            laptop = self._enrol_commune(n, code, area)
            if n % 2 == 1:
                laptop.old_format_until = weeks // 2  # half the laptops upgrade mid-year
            self.communes.append(laptop)
        self.direct = direct
        # The area offices learn of the communes enrolled under them from a receipt.
        for area in self.areas:
            self._receipt(self.province, area)
        self.replace_week = weeks // 3 if weeks >= 3 else -1
        self.backup_week = max(0, weeks // 2 - 2) if weeks >= 4 else -1
        self.restore_week = weeks // 2 if weeks >= 4 else -1

    # -- set-up --------------------------------------------------------------------------

    def _groups(self, units: list[int], areas: int) -> list[list[int]]:
        """Each area office covers a share of the communes; every fifth commune reports to
        the province directly."""
        if areas <= 0:
            return []
        covered = [c for n, c in enumerate(units) if n % 5 != 4]
        return [covered[n::areas] for n in range(areas) if covered[n::areas]]

    def _office_id(self, name: str) -> str:
        with self.province.db.session() as s:
            return str(s.execute(select(Peer.office_id).where(Peer.name == name)).scalar_one())

    def _enrol_area(self, n: int, codes: list[int]) -> Laptop:
        name = f"Phòng khu vực {n + 1}"
        user = f"canbo.khuvuc{n + 1}"
        data = enrol.make_setup_package(
            self.province, level="area", unit_code=None, office_name=name,
            parent_office_id=None, username=user, full_name=f"Cán bộ khu vực {n + 1}",
            role=Role.DISTRICT_OFFICER, password=PASSWORD, passphrase=PASSPHRASE,
            area_codes=codes,
        )  # fmt: skip
        folder = self.work / f"area-{n + 1}"
        opened = enrol.start_from_package(folder, data, PASSPHRASE, user, PASSWORD)
        return Laptop(name, "area", folder, opened, self._office_id(name))

    def _enrol_commune(self, n: int, code: int, area: Laptop | None) -> Laptop:
        name = f"UBND xã {code}"
        user = f"canbo.xa{code}"
        data = enrol.make_setup_package(
            self.province, level="commune", unit_code=code, office_name=name,
            parent_office_id=area.office_id if area else None, username=user,
            full_name=f"Cán bộ xã {code}", role=Role.COMMUNE_OFFICER, password=PASSWORD,
            passphrase=PASSPHRASE,
        )  # fmt: skip
        folder = self.work / f"commune-{code}"
        opened = enrol.start_from_package(folder, data, PASSPHRASE, user, PASSWORD)
        return Laptop(name, "commune", folder, opened, self._office_id(name), area, code)

    # -- sticks --------------------------------------------------------------------------

    def _stick(self) -> Path:
        self.sticks += 1
        path = self.work / "sticks" / f"{self.sticks:06d}"
        path.mkdir(parents=True)
        return path

    def _import(self, into: profile.OpenProfile, path: Path, timed: bool = False) -> None:
        began = time.perf_counter()
        try:
            exchange.import_bundle(into, path)
        except KhienError as exc:
            older = i18n._(
                "This bundle is older than one already imported from the same laptop; nothing "
                "was changed."
            )
            if isinstance(exc, authority.Violation) or exc.message != older:
                raise SystemExit(f"invariant: a bundle was refused: {exc.message}") from None
            # A bundle carried late, after a newer one: harmless, bundles are cumulative.
            self.fig.refusals[exc.message] = self.fig.refusals.get(exc.message, 0) + 1
        if timed:
            self.fig.import_seconds.append(time.perf_counter() - began)

    def _receipt(self, sender: profile.OpenProfile, to: Laptop) -> None:
        try:
            out = receipts.export_receipt(sender, to.node_id, self._stick())
        except KhienError:
            return  # a restored area office catches up first
        self.fig.receipts += 1
        self.fig.bundle_bytes.append(out.path.stat().st_size)
        self._import(to.opened, out.path)

    def _export(self, laptop: Laptop, week: int) -> Path | None:
        with _old_build(week < laptop.old_format_until):
            try:
                out = exchange.export_bundle(laptop.opened, self._stick())
            except KhienError:
                return None  # restored: waits for a receipt
        self.fig.bundles += 1
        self.fig.bundle_bytes.append(out.path.stat().st_size)
        return out.path

    def _carry(self, laptop: Laptop, to: profile.OpenProfile, week: int, faults: bool) -> None:
        """One trip of *laptop*'s stick to the office above."""
        path = self._export(laptop, week)
        if path is None:
            return
        timed = to is self.province
        if faults and self.rng.random() < 0.04:
            self.fig.fault("stick_lost")
            path.unlink()
            return
        if faults and self.rng.random() < 0.04:
            self.fig.fault("bundle_delayed")  # imported next time, after a newer one
            laptop.held.append(path)
            return
        self._import(to, path, timed)
        for late in laptop.held:
            self._import(to, late, timed)
        laptop.held.clear()
        if faults and self.rng.random() < 0.03:
            self.fig.fault("stick_carried_twice")
            self._import(to, path, timed)
        if faults and laptop.area is not None and self.rng.random() < 0.05:
            self.fig.fault("carried_past_the_area_office")  # straight to the province
            self._import(self.province, path, True)

    def _trip(self, week: int, faults: bool) -> None:
        began = len(self.fig.import_seconds)
        for laptop in self.communes:
            upper = laptop.area.opened if laptop.area else self.province
            self._carry(laptop, upper, week, faults)
        for area in self.areas:
            self._carry(area, self.province, week, faults)
        for area in self.areas:
            self._receipt(self.province, area)
        for laptop in self.communes:
            if faults and self.rng.random() < 0.04:
                self.fig.fault("receipt_lost")
                continue
            self._receipt(laptop.area.opened if laptop.area else self.province, laptop)
        self.fig.week_import_seconds.append(sum(self.fig.import_seconds[began:]))

    # -- work ----------------------------------------------------------------------------

    def _day(self, week: int) -> dt.date:
        return min(self.start + dt.timedelta(days=7 * week + self.rng.randint(0, 6)), self.today)

    def _restoring(self, laptop: Laptop) -> bool:
        with laptop.opened.db.session() as s:
            return restored.state(s) is not None

    def _events(self, p: profile.OpenProfile, office_id: str) -> list[OutreachEvent]:
        with p.db.session() as s:
            q = select(OutreachEvent).where(
                OutreachEvent.office_id == office_id, OutreachEvent.deleted.is_(False)
            )
            return list(s.execute(q.order_by(OutreachEvent.id)).scalars())

    def _work(self, laptop: Laptop, week: int) -> None:
        p, day = laptop.opened, self._day(week)
        with p.db.session() as s:
            for n in range(self.rng.randint(0, 4)):
                total = self.rng.randint(20, 300)
                s.add(
                    OutreachEvent(
                        kind=self.rng.choice(KINDS), title=f"Tuyên truyền tuần {week} số {n}",
                        held_on=day, commune_code=laptop.unit_code, author=p.user.username,
                        audience_total=total, audience_women=total // 2,
                        lead_agency=self.rng.choice(AGENCIES),
                    )
                )  # fmt: skip
        if self.rng.random() < 0.15:
            self._case(laptop, day)
        if self._restoring(laptop):
            return  # edits of older rows wait until the laptop has its records back
        # An officer edits what the conflicts queue does not flag: an edit of a row whose
        # fields conflict takes every concurrent revision as its parent, which resolves the
        # conflict with the value shown (syncmeta._parents).
        flagged = self._conflicted(p)
        mine = [e for e in self._events(p, laptop.office_id) if e.id not in flagged]
        if mine and self.rng.random() < 0.6:
            target = self.rng.choice(mine)
            with p.db.session() as s:
                row = s.get(OutreachEvent, target.id)
                row.audience_total = (row.audience_total or 0) + self.rng.randint(1, 20)

    def _conflicted(self, p: profile.OpenProfile) -> set[str]:
        with p.db.session() as s:
            q = select(Conflict.row_id).where(Conflict.resolved_rev.is_(None))
            return set(s.execute(q).scalars())

    def _case(self, laptop: Laptop, day: dt.date) -> None:
        p = laptop.opened
        n = self.rng.randint(1, 10**6)
        person = service.PersonInput(
            full_name=f"Nạn nhân {n}", sex=self.rng.choice(("female", "male")),
            birth_year=self.rng.randint(1980, 2010), home_commune_code=laptop.unit_code,
        )  # fmt: skip
        case = service.CaseInput(
            received_on=day, channel="handed_over_border", border_gate="huu_nghi",
            commune_code=laptop.unit_code,
        )  # type: ignore[call-arg]  # fmt: skip
        case_id = service.create_case(p, person, case)
        service.move(p, case_id, "verifying", day)
        if self.rng.random() < 0.7:
            paper = steps.IdDocument("police", f"{n}/XN", day, "Công an tỉnh Lạng Sơn")
            service.move(p, case_id, "identified", day, details=steps.StepDetails(document=paper))
            case_records.add_support(
                p, case_id,
                case_records.SupportInput(support_type="a", given_on=day, amount=500_000,
                                          provider="Hội Phụ nữ xã"),
            )  # fmt: skip

    def _correct(self, week: int) -> None:
        """The province corrects a field no laptop edits (the venue) of a settled record."""
        laptop = self.rng.choice(self.communes)
        rows = self._events(self.province, laptop.office_id)
        if not rows:
            return
        flagged = self._conflicted(self.province)
        rows = [r for r in rows if r.id not in flagged]
        if not rows:
            return
        with self.province.db.session() as s:
            row = s.get(OutreachEvent, self.rng.choice(rows).id)
            row.venue = f"Hội trường (tỉnh sửa tuần {week})"

    def _concurrent(self, week: int, upper: profile.OpenProfile, laptop: Laptop, col: str) -> None:
        """*upper* and *laptop* edit *col* of the same record, both at the same revision."""
        if self._restoring(laptop):
            return
        theirs = {e.id: e.rev for e in self._events(laptop.opened, laptop.office_id)}
        ours = {e.id: e.rev for e in self._events(upper, laptop.office_id)}
        flagged = self._conflicted(upper) | self._conflicted(laptop.opened)
        same = sorted(
            i
            for i in theirs
            if ours.get(i) == theirs[i] and (i, col) not in self.expected and i not in flagged
        )
        if upper is not self.province:  # the province must hold that revision too
            held = {e.id: e.rev for e in self._events(self.province, laptop.office_id)}
            same = [i for i in same if held.get(i) == theirs[i]]
        if not same:
            return
        row_id = self.rng.choice(same)
        revs = []
        for who, p in (("trên", upper), ("xã", laptop.opened)):
            with p.db.session() as s:
                row = s.get(OutreachEvent, row_id)
                setattr(row, col, f"Sửa đồng thời ({who}) tuần {week}")
                s.flush()
                revs.append(row.rev)
        self.expected.add((row_id, col))
        self.edit_revs[(row_id, col)] = (revs[0], revs[1])

    def _replace(self, week: int) -> None:
        """A commune laptop is stolen: the province enrols a replacement for its office."""
        laptop = self.communes[0]
        with laptop.opened.db.session() as s:
            sent = set(s.execute(select(Revision.rev).where(
                Revision.origin_node == laptop.node_id)).scalars())  # fmt: skip
        with self.province.db.session() as s:
            held = set(s.execute(select(Revision.rev).where(
                Revision.origin_node == laptop.node_id)).scalars())  # fmt: skip
        self.stolen[laptop.node_id] = len(sent - held)
        laptop.opened.close()
        user = f"canbo.xa{laptop.unit_code}"
        data = enrol.make_replacement_package(
            self.province, laptop.office_id, username=user, full_name=f"Cán bộ xã {laptop.unit_code}",
            password=PASSWORD, passphrase=PASSPHRASE,
        )  # fmt: skip
        folder = self.work / f"commune-{laptop.unit_code}-new"
        laptop.opened = enrol.start_from_package(folder, data, PASSPHRASE, user, PASSWORD)
        laptop.folder, laptop.held = folder, []
        if laptop.area is not None:  # its area office learns of the new laptop first
            self._receipt(self.province, laptop.area)
        self.fig.fault("laptop_stolen_and_replaced")

    def _backup(self) -> None:
        laptop = self.communes[-1]
        laptop.backup_file = backup.make_backup(
            laptop.opened, self.work / "backups" / f"{laptop.unit_code}.zip"
        )

    def _restore(self) -> None:
        laptop = self.communes[-1]
        assert laptop.backup_file is not None
        laptop.opened.close()
        user = f"canbo.xa{laptop.unit_code}"
        backup.restore_backup(laptop.folder, laptop.backup_file, user, PASSWORD)
        laptop.opened = profile.open_profile(laptop.folder, user, PASSWORD)
        laptop.held = []  # bundles written before the restore are of the old history
        self.fig.fault("laptop_restored_from_backup")

    # -- the year ------------------------------------------------------------------------

    def run(self) -> dict[str, Any]:
        began = time.perf_counter()
        for week in range(self.args.weeks):
            if week == self.replace_week and self.communes:
                self._replace(week)
            if week == self.backup_week and self.communes:
                self._backup()
            if week == self.restore_week and self.communes and self.communes[-1].backup_file:
                self._restore()
            for laptop in self.communes:
                self._work(laptop, week)
            if self.rng.random() < 0.5:
                self._correct(week)
            if self.communes and self.rng.random() < 0.4:
                self._concurrent(week, self.province, self.rng.choice(self.communes), "title")
            under = [c for c in self.communes if c.area is not None]
            if under and self.rng.random() < 0.4:
                laptop = self.rng.choice(under)
                assert laptop.area is not None
                self._concurrent(week, laptop.area.opened, laptop, "village")
            self._trip(week, faults=True)
        for _round in range(SETTLE_ROUNDS):
            self._trip(self.args.weeks + _round, faults=False)
        return self._summary(time.perf_counter() - began)

    # -- invariants ----------------------------------------------------------------------

    def _rows(self, p: profile.OpenProfile, offices: set[str] | None) -> dict[tuple[str, str], str]:
        """Every synced row's content (JSON) by (table, id): all of them, or only those of
        events and cases owned by *offices* and the rows hanging off those cases."""
        out: dict[tuple[str, str], str] = {}
        skip = set(authority.PROVINCE_TABLES)
        with p.db.session() as s:
            cases: set[str] = set()
            for table, model in synced_models().items():
                if table in skip:
                    continue
                for row in s.execute(select(model)).scalars():
                    owner = getattr(row, "office_id", None) if table in (
                        "outreach_events", "reception_cases") else None  # fmt: skip
                    if offices is not None and table in ("outreach_events", "reception_cases"):
                        if owner not in offices:
                            continue
                        if table == "reception_cases":
                            cases.add(row.id)
                    out[(table, row.id)] = json.dumps(row.content(), sort_keys=True, default=str)
            if offices is not None:
                keep = {}
                for (table, row_id), content in out.items():
                    case_id = json.loads(content).get("case_id")
                    if table in ("outreach_events", "reception_cases") or case_id in cases:
                        keep[(table, row_id)] = content
                out = keep
        return out

    def _offices_under(self, laptop: Laptop) -> set[str]:
        with self.province.db.session() as s:
            offices = {laptop.office_id}
            changed = True
            while changed:
                below = set(
                    s.execute(select(Office.id).where(Office.parent_id.in_(offices))).scalars()
                )
                changed = not below <= offices
                offices |= below
        return offices

    def _summary(self, seconds: float) -> dict[str, Any]:
        failures: list[str] = []
        province_rows = self._rows(self.province, None)
        diverged = []
        for laptop in self.areas + self.communes:
            offices = self._offices_under(laptop)
            theirs = self._rows(laptop.opened, offices)
            ours = {k: v for k, v in self._rows(self.province, offices).items()}
            if theirs != ours:
                missing_here = len(set(ours) - set(theirs))
                missing_above = len(set(theirs) - set(ours))
                keys = sorted(k for k in set(ours) & set(theirs) if ours[k] != theirs[k])
                sample = []
                for table, row_id in keys[:3]:
                    a, b = json.loads(theirs[(table, row_id)]), json.loads(ours[(table, row_id)])
                    fields = sorted(f for f in a.keys() | b.keys() if a.get(f) != b.get(f))
                    sample.append(f"{table} {row_id[:8]}: {', '.join(fields)}")
                diverged.append({"laptop": laptop.name, "missing_on_laptop": missing_here,
                                 "missing_at_province": missing_above, "different": len(keys),
                                 "sample": sample})  # fmt: skip
        if diverged:
            failures.append("converged")
        with self.province.db.session() as s:
            held = set(s.execute(select(Revision.rev)).scalars())
            open_conflicts = {
                (c.row_id, c.field)
                for c in s.execute(
                    select(Conflict).where(Conflict.resolved_rev.is_(None))
                ).scalars()
            }
        lost = 0
        for laptop in self.areas + self.communes:
            with laptop.opened.db.session() as s:
                mine = set(s.execute(select(Revision.rev).where(
                    Revision.origin_node == laptop.node_id)).scalars())  # fmt: skip
            lost += len(mine - held)
        if lost:
            failures.append("lost_revisions")
        # A concurrent edit made on a laptop that was stolen, or rolled back by a restore,
        # before it sent the edit never reaches the province: no conflict is due for it.
        due = {k for k in self.expected if all(r in held for r in self.edit_revs[k])}
        if open_conflicts != due:
            failures.append("conflicts")
        imports = self.fig.import_seconds or [0.0]
        sizes = self.fig.bundle_bytes or [0]
        return {
            "ok": not failures,
            "failed": failures,
            "communes": len(self.communes),
            "areas": len(self.areas),
            "weeks": self.args.weeks,
            "seed": self.args.seed,
            "converged": not diverged,
            "diverged": diverged[:10],
            "records": len(province_rows),
            "revisions_at_province": len(held),
            "lost_revisions": lost,
            "unsent_on_stolen_laptops": sum(self.stolen.values()),
            "conflicts_expected": len(due),
            "conflicts_seen": len(open_conflicts),
            "conflicts_unexpected": len(open_conflicts - due),
            "conflicts_missing": len(due - open_conflicts),
            "concurrent_edits_lost_with_a_laptop": len(self.expected - due),
            "bundles": self.fig.bundles,
            "receipts": self.fig.receipts,
            "bundle_bytes_max": max(sizes),
            "bundle_bytes_mean": round(sum(sizes) / len(sizes)),
            "province_import_seconds_max": round(max(imports), 3),
            "province_weekly_import_seconds_max": round(
                max(self.fig.week_import_seconds or [0]), 2
            ),
            "run_seconds": round(seconds, 1),
            "faults": dict(sorted(self.fig.faults.items())),
            "refused_as_expected": sum(self.fig.refusals.values()),
        }

    def close(self) -> None:
        for laptop in self.areas + self.communes:
            laptop.opened.close()
        self.province.close()


BEGIN, END = "<!-- simulate: begin -->", "<!-- simulate: end -->"


def report(summary: dict[str, Any], path: Path) -> None:
    """Write the run's figures into the marked section of docs/PERFORMANCE.md."""
    s = summary
    faults = ", ".join(f"{k.replace('_', ' ')} {v}" for k, v in s["faults"].items())
    lines = [
        BEGIN,
        "## Field-scale simulation: a province's year through the USB chain",
        "",
        f"Written by `make simulate` (tools/simulate.py, seed {s['seed']}) on "
        f"{dt.datetime.now().strftime('%Y-%m-%d %H:%M')}: {s['communes']} commune laptops, "
        f"{s['areas']} area offices relaying, {s['weeks']} weeks of weekly sticks, then "
        f"{SETTLE_ROUNDS} trips without faults. Faults: {faults}.",
        "",
        "| figure | value |",
        "|---|---:|",
        f"| Invariants | {'all hold' if s['ok'] else 'FAILED: ' + ', '.join(s['failed'])} |",
        f"| Records at the province (events, cases and what hangs off them) | {s['records']:,} |",
        f"| Revisions at the province | {s['revisions_at_province']:,} |",
        f"| Revisions lost (must be 0) | {s['lost_revisions']} |",
        f"| Revisions unsent on the stolen laptop (lost with it, by design) | "
        f"{s['unsent_on_stolen_laptops']} |",
        f"| Concurrent same-field edits made / conflicts shown at the province | "
        f"{s['conflicts_expected']} / {s['conflicts_seen']} |",
        f"| Bundles / receipts written | {s['bundles']:,} / {s['receipts']:,} |",
        f"| Largest bundle / mean | {s['bundle_bytes_max']:,} B / {s['bundle_bytes_mean']:,} B |",
        f"| Slowest single import at the province | {s['province_import_seconds_max']} s |",
        f"| Slowest week of imports at the province (all sticks of a week) | "
        f"{s['province_weekly_import_seconds_max']} s |",
        f"| Whole run | {s['run_seconds']} s |",
        "",
        "Times are wall-clock on a shared machine; they bound, not benchmark. A reduced run "
        "(8 communes, 2 areas, 6 weeks) is part of `make test` (tests/sync/test_simulate.py).",
        END,
    ]
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    block = "\n".join(lines)
    if BEGIN in text and END in text:
        text = text[: text.index(BEGIN)] + block + text[text.index(END) + len(END) :]
    else:
        text = text.rstrip("\n") + "\n\n" + block + "\n"
    path.write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--communes", type=int, default=65)
    ap.add_argument("--areas", type=int, default=11)
    ap.add_argument("--weeks", type=int, default=52)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--json", type=Path, help="write the summary here")
    ap.add_argument("--work", type=Path, help="keep the profiles and sticks in this folder")
    ap.add_argument("--report", type=Path, help="write the figures into this Markdown file")
    args = ap.parse_args(argv)
    work = args.work or Path(tempfile.mkdtemp(prefix="khien-sim-"))
    if args.work and work.exists():
        shutil.rmtree(work)
    work.mkdir(parents=True, exist_ok=True)
    sim = Simulation(args, work)
    try:
        summary = sim.run()
    finally:
        sim.close()
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)
    text = json.dumps(summary, ensure_ascii=False, indent=2)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(text + "\n", encoding="utf-8")
    if args.report:
        report(summary, args.report)
    print(text)
    if summary["failed"]:
        print("invariant failed: " + ", ".join(summary["failed"]), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
