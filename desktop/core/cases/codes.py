"""Case codes that are unique by construction: ``LS-<office>-<year>-<number>``.

Laptops make case codes offline. A code numbered per laptop alone (``LS-2025-00001``, the
form used until schema 0005) is made by every laptop alike, so the province received the
same code twice. The office part tells the makers apart:

- an office's part is the code of its administrative unit: the province's two digits
  (``20``), a former district's three (``178``, for an area office) or a commune's five
  (``06040``) — the lengths differ, so two levels never share a part; an area office
  without a unit is ``KV``;
- offices are created only by the province, and the province allows one live office per
  commune; a later office for the same unit (after the first was retired) adds a letter in
  the order the offices were made (their ids are time-ordered UUIDv7, and every
  installation holds every office): ``06040B``, ``06040C``…
- the number counts that office's cases of the year; only that office's installation makes
  codes with its part, so it sees every one of them. A replacement laptop for an office
  (``enrol.make_replacement_package``) keeps the office and starts with the office's
  records the province holds, so it numbers on after them; the lost laptop's bundles are
  refused once it is revoked, and a clash that slipped through anyway is queued, not fatal.

Codes made before 0005 stay valid: they are opaque text to lists and search. Should two
old codes clash anyway, the import keeps both cases and queues the clash (``sync.unique``).
"""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.core.db.models import Office
from desktop.core.db.models_cases import ReceptionCase

PROVINCE_PREFIX = {20: "LS"}
NO_UNIT = "KV"
_WIDTH = {"province": 2, "area": 3, "commune": 5}
_LETTERS = "BCDEFGHJKLMNPQRSTUVWXYZ"


def province_prefix(province: int) -> str:
    return PROVINCE_PREFIX.get(province, f"P{province}")


def _unit_part(office: Office) -> str:
    if office.unit_code is None:
        return NO_UNIT
    return f"{office.unit_code:0{_WIDTH.get(office.level, 1)}d}"


def office_part(session: Session, office_id: str | None, node_id: str) -> str:
    """The office's part of a case code (see the module docstring).

    An installation without an office (none made by Khiên today) uses its node id."""
    office = session.get(Office, office_id) if office_id else None
    if office is None:
        return "N" + node_id.replace("-", "")[:6].upper()
    base = _unit_part(office)
    same = [
        o.id
        for o in session.execute(select(Office).order_by(Office.id)).scalars()
        if _unit_part(o) == base
    ]
    n = same.index(office.id) if office.id in same else 0
    if n == 0:
        return base
    return base + (_LETTERS[n - 1] if n <= len(_LETTERS) else f"Z{n}")


def next_code(session: Session, province: int, office: str, year: int) -> str:
    """The next free code of *office* (its part) for *year*."""
    prefix = f"{province_prefix(province)}-{office}-{year}-"
    # A range, not LIKE, so the case_code index finds the office's codes of the year; the
    # longest, then greatest, is the last (a 100,000th case would have six digits).
    last = session.execute(
        select(ReceptionCase.case_code)
        .where(ReceptionCase.case_code >= prefix, ReceptionCase.case_code < prefix + "~")
        .order_by(func.length(ReceptionCase.case_code).desc(), ReceptionCase.case_code.desc())
        .limit(1)
    ).scalar()
    number = int(str(last).rsplit("-", 1)[1]) + 1 if last else 1
    return f"{prefix}{number:05d}"
