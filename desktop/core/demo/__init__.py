"""Synthetic demonstration data for Lạng Sơn: outreach events, persons and reception cases.

The data is made up but shaped like the field's (DOMAIN.md): Tày, Nùng and Kinh names,
real communes of the province (current units from 1 July 2025, the pre-reform communes
before), agencies (those valid on each event's date), outreach kinds and border gates from
the reference lists. The same seed gives the same content (row ids are fresh, so two demo
profiles never collide in sync).

Rows are written in batches inside one transaction through ``db.bulk.NewRows``, not through
the ORM one object at a time, so 100,000 records take seconds. It stamps each row as the
flush hook would (sync metadata, derived columns, the revision logged), so a demo row is
indistinguishable from one an officer typed.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable, Iterator
from pathlib import Path

from sqlalchemy import Connection, func, select
from sqlalchemy.orm import Session

from desktop.core.db.bulk import NewRows
from desktop.core.db.models import (
    DEMO_SETTING,
    AdminUnit,
    OutreachEvent,
    Person,
    ReceptionCase,
    ReferenceItem,
    Setting,
)
from desktop.core.db.models_figures import OtherBodyFigure
from desktop.core.demo import cases as demo_cases
from desktop.core.demo import plans as demo_plans
from desktop.core.demo import rows
from desktop.core.errors import KhienError
from desktop.core.i18n import _
from desktop.core.places import COMMUNE, LEGACY_COMMUNE
from desktop.core.profile import OpenProfile, create_province
from desktop.core.progress import Job, Progress
from desktop.core.security import audit
from desktop.core.security.roles import Role

BATCH = 5000
DEMO_PASSWORD = "khien-demo"
DEMO_ACCOUNTS = (
    ("quantri", "Hoàng Văn Quản", Role.PROVINCIAL_ADMIN),
    ("canbo", "Lương Thị Cán", Role.PROVINCIAL_OFFICER),
    ("thongke", "Vi Văn Kê", Role.STATISTICIAN),
)
RECOVERY_FILE = "recovery-identity-DEMO.txt"


def _load_places(conn: Connection, province: int) -> rows.Places:
    def units(kind: str) -> list[tuple[int, str]]:
        q = (
            select(AdminUnit.code, AdminUnit.name)
            .where(AdminUnit.kind == kind, AdminUnit.province_code == province)
            .order_by(AdminUnit.code)
        )
        return [(int(r.code), str(r.name)) for r in conn.execute(q)]

    current = units(COMMUNE)
    if not current:
        raise RuntimeError(f"no communes loaded for province {province}")
    return rows.Places(current, units(LEGACY_COMMUNE), province)


def _load_refs(conn: Connection) -> rows.Refs:
    def codes(kind: str) -> list[str]:
        q = (
            select(ReferenceItem.code)
            .where(
                ReferenceItem.kind == kind,
                ReferenceItem.deleted.is_(False),
                ReferenceItem.active.is_(True),
            )
            .order_by(ReferenceItem.position, ReferenceItem.code)
        )
        return [str(c) for c in conn.execute(q).scalars()] or [""]

    dated = select(ReferenceItem.code, ReferenceItem.valid_from, ReferenceItem.valid_to).where(
        ReferenceItem.kind == "agency",
        ReferenceItem.deleted.is_(False),
        ReferenceItem.active.is_(True),
        (ReferenceItem.valid_from.is_not(None)) | (ReferenceItem.valid_to.is_not(None)),
    )
    spans = {str(r.code): (r.valid_from, r.valid_to) for r in conn.execute(dated)}
    return rows.Refs(
        codes("agency"),
        codes("outreach_kind"),
        codes("border_gate"),
        codes("ethnic_group"),
        agency_spans=spans,
    )


def _case_numbers(conn: Connection) -> Callable[[int], str]:
    """Hand out case codes LS-<year>-<number>, continuing after codes already used."""
    last: dict[int, int] = {}
    for code in conn.execute(select(ReceptionCase.case_code)).scalars():
        parts = str(code).split("-")
        if len(parts) == 3 and parts[1].isdigit() and parts[2].isdigit():
            year = int(parts[1])
            last[year] = max(last.get(year, 0), int(parts[2]))

    def next_code(year: int) -> str:
        last[year] = last.get(year, 0) + 1
        return f"LS-{year}-{last[year]:05d}"

    return next_code


def _batches(total: int) -> Iterator[int]:
    while total > 0:
        size = min(BATCH, total)
        yield size
        total -= size


def generate(
    profile: OpenProfile, *, events: int, cases: int, seed: int, author: str | None = None
) -> Job[dict[str, int]]:
    """Add *events* outreach events and *cases* persons with reception cases (one each).

    A generator: yields Progress and returns the counts written. Everything happens in one
    transaction, so cancelling (closing the generator) leaves the profile as it was.
    Audited as ``demo.generate``.
    """
    if events < 0 or cases < 0:
        raise ValueError("counts must not be negative")
    check_installation(profile)
    rng = random.Random(seed)
    who = author or profile.user.username
    office = profile.node.office_id
    total = events + 2 * cases
    done = 0
    message = _("Making demonstration data…")
    yield Progress(0, total, message)
    # Reads places and references, then fills: the write lock from the start (on the worker).
    with profile.db.session() as session:
        conn = session.connection()
        places = _load_places(conn, profile.node.province_code)
        refs = _load_refs(conn)
        link = demo_plans.add_plans(session, seed, rows.LAST_DAY.year)
        _other_bodies(session, seed, office)
        next_code = _case_numbers(conn)
        # Each batch is inserted on NewRows' helper thread while the next one is made; the
        # session is not used again before the block ends (and waits for the last batch).
        with NewRows(session, events + demo_cases.MAX_ROWS_PER_CASE * cases) as out:
            for size in _batches(events):
                for _i in range(size):
                    row = rows.event_row(rng, refs, places, who, office)
                    link(row)
                    out.add(OutreachEvent, row)
                out.write(behind=True)
                done += size
                yield Progress(done, total, message)
            for size in _batches(cases):
                for _i in range(size):
                    person, case = rows.person_and_case_rows(
                        rng, refs, places, who, office, next_code
                    )
                    walked = demo_cases.walk(rng, person, case, who)
                    case["person_id"] = out.add(Person, person)["id"]
                    case_id = out.add(ReceptionCase, case)["id"]
                    for model, made in walked.items():
                        for row in made:
                            row["case_id"] = case_id
                            out.add(model, row)
                out.write(behind=True)
                done += 2 * size
                yield Progress(done, total, message)
        counts = {"events": events, "persons": cases, "cases": cases}
        _audit_in(session, profile, counts, seed)
    return counts


# The figures other bodies report, as the province would copy them from their reports:
# the police each quarter, the court each half-year (made-up values, demo profiles only).
_DEMO_BODIES = (
    ("Công an tỉnh Lạng Sơn", "BC-CAT-PC02", 3, ("cases_detected", "offenders_detected",
                                                   "victims_rescued")),
    ("Tòa án nhân dân tỉnh Lạng Sơn", "BC-TA", 6, ("cases_tried", "defendants_tried")),
)  # fmt: skip


def _other_bodies(session: Session, seed: int, office: str | None) -> None:
    """Add the demo figures of other bodies once per profile, for every finished quarter
    (half-year) from the first demo day to the last."""
    if session.execute(select(OtherBodyFigure.id).limit(1)).first() is not None:
        return
    rng = random.Random(seed * 138 + 1)
    for body, symbol, months, figures in _DEMO_BODIES:
        start = rows.FIRST_DAY
        number = 10
        while True:
            month = start.month - 1 + months
            after = dt.date(start.year + month // 12, month % 12 + 1, 1)
            end = after - dt.timedelta(days=1)
            if end > rows.LAST_DAY:
                break
            number += rng.randint(5, 40)
            reported = after + dt.timedelta(days=rng.randint(2, 9))
            detected = rng.randint(1, 6)
            values = {"cases_detected": detected, "offenders_detected": detected + rng.randint(0, 5),
                      "victims_rescued": rng.randint(0, 8), "cases_tried": rng.randint(0, 4),
                      "defendants_tried": rng.randint(0, 7)}  # fmt: skip
            for figure in figures:
                session.add(OtherBodyFigure(
                    figure=figure, period_start=start, period_end=end, value=values[figure],
                    source_body=body, source_document=f"Báo cáo số {number}/{symbol}",
                    source_date=min(reported, rows.LAST_DAY), office_id=office,
                ))  # fmt: skip
            start = after
    session.flush()


def _audit_in(session: Session, profile: OpenProfile, counts: dict[str, int], seed: int) -> None:
    audit.record(
        session,
        profile.node.node_id,
        profile.user.username,
        "demo.generate",
        details={**counts, "seed": seed},
    )


def check_installation(profile: OpenProfile) -> None:
    """Refuse an enrolled laptop: its made-up records would travel up to a real province."""
    if profile.node.level != "province":
        raise KhienError(
            _(
                "Demonstration data can only be made on a provincial installation, never on "
                "an enrolled laptop."
            )
        )


def is_demo(profile: OpenProfile) -> bool:
    """True for a profile made by ``create_demo_profile``."""
    with profile.db.session(read=True) as s:
        row = s.get(Setting, DEMO_SETTING)
        return row is not None and row.value == "1"


def count_rows(profile: OpenProfile) -> dict[str, int]:
    """Live rows per demo table (for messages and tests)."""
    with profile.db.session(read=True) as s:
        out = {}
        for key, model in (
            ("events", OutreachEvent),
            ("persons", Person),
            ("cases", ReceptionCase),
        ):
            q = select(func.count()).select_from(model).where(model.deleted.is_(False))
            out[key] = int(s.execute(q).scalar_one())
        return out


def create_demo_profile(data_dir: Path, *, events: int, cases: int, seed: int) -> Job[OpenProfile]:
    """Create a Lạng Sơn demo profile in an empty folder and fill it.

    Accounts (password ``khien-demo`` for all): ``quantri`` provincial administrator,
    ``canbo`` provincial officer, ``thongke`` statistician. The recovery identity is written
    to ``recovery-identity-DEMO.txt`` in the folder — acceptable for a demo only. Returns the
    open profile, signed in as ``quantri``.
    """
    if data_dir.exists() and any(data_dir.iterdir()):
        raise KhienError(_("A demo profile can only be made in an empty folder."))
    admin, admin_name, _role = DEMO_ACCOUNTS[0]
    profile, identity = create_province(
        data_dir,
        province_code=20,
        admin_username=admin,
        admin_password=DEMO_PASSWORD,
        admin_full_name=admin_name,
    )
    try:
        if identity:
            (data_dir / RECOVERY_FILE).write_text(identity + "\n", encoding="utf-8")
        office = profile.node.office_id or ""
        for username, full_name, role in DEMO_ACCOUNTS[1:]:
            profile.create_account(
                username=username,
                full_name=full_name,
                role=role,
                office_id=office,
                password=DEMO_PASSWORD,
            )
        with profile.db.session() as s:
            s.add(Setting(key=DEMO_SETTING, value="1"))
        # Plan 78's 2019 events are part of the requested count (large demos only).
        history = demo_plans.HISTORY_EVENTS if events >= 10 * demo_plans.HISTORY_EVENTS else 0
        yield from generate(
            profile, events=events - history, cases=cases, seed=seed, author=DEMO_ACCOUNTS[1][0]
        )
        if history:
            with profile.db.session() as s:
                demo_plans.add_history(s, seed, profile.node.province_code, DEMO_ACCOUNTS[1][0])
    except BaseException:
        profile.db.close()
        raise
    return profile
