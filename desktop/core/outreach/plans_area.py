"""The communes of a plan task's area, and named sets of communes.

A task's area is the whole province, one commune, the communes of an office and the
offices under it, or a named set of communes ("the border communes"): an item of the
reference list ``area_set`` whose code the task names and whose detail holds the current
commune codes (spaces or commas between them). The sets are reference data: the provincial
administrator keeps them, and they travel down with the other lists.

Areas are counted in one set of communes per plan: the pre-reform communes when the plan
ended before 1 July 2025, the current ones otherwise. A record dated in the other set
counts for the communes its commune became (or came from), through the reform's
successor lists.
"""

from __future__ import annotations

import datetime as dt
import re

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.core import refdata
from desktop.core.db.models import AdminUnit, NodeState, Office
from desktop.core.places import COMMUNE, LEGACY_COMMUNE, REFORM_DATE, office_scope

AREA_SET_KIND = "area_set"
_SEPARATORS = re.compile(r"[\s,;]+")


def set_codes(detail: str) -> set[int]:
    """The commune codes an area set's detail lists (anything not a number is ignored)."""
    return {int(part) for part in _SEPARATORS.split(detail) if part.isdigit()}


def area_sets(session: Session) -> dict[str, tuple[str, str, set[int]]]:
    """Every named set of communes: code → (name, English name, current commune codes)."""
    return {
        i.code: (i.name, i.name_en, set_codes(i.detail))
        for i in refdata.items(session, AREA_SET_KIND, include_inactive=True)
    }


class Places:
    """Communes of the home province in a plan's set, and the reform's links."""

    def __init__(self, session: Session, legacy: bool) -> None:
        self.session = session
        self.kind = LEGACY_COMMUNE if legacy else COMMUNE
        self.province = int(session.execute(select(NodeState.province_code)).scalar_one())
        q = select(AdminUnit.code, AdminUnit.successors).where(
            AdminUnit.kind == LEGACY_COMMUNE, AdminUnit.province_code == self.province
        )
        self.successors: dict[int, set[int]] = {}
        self.predecessors: dict[int, set[int]] = {}
        for code, succ in session.execute(q):
            after = {int(c) for c in succ.split()}
            self.successors[int(code)] = after
            for c in after:
                self.predecessors.setdefault(c, set()).add(int(code))
        units = select(AdminUnit.code).where(
            AdminUnit.kind == self.kind, AdminUnit.province_code == self.province
        )
        self.province_communes = {int(c) for c in session.execute(units).scalars()}
        self._sets: dict[str, tuple[str, str, set[int]]] | None = None

    def reached(self, code: int | None, on: dt.date) -> set[int]:
        """The communes of the plan's set that a record of *code* dated *on* counts for."""
        if code is None:
            return set()
        legacy_event = on < REFORM_DATE
        if legacy_event == (self.kind == LEGACY_COMMUNE):
            return {code}
        return set(
            self.successors.get(code, ()) if legacy_event else self.predecessors.get(code, ())
        )

    def current_to_plan(self, codes: set[int]) -> set[int]:
        if self.kind == COMMUNE:
            return codes
        return {p for c in codes for p in self.predecessors.get(c, ())}

    def area(self, kind: str, ref: str) -> set[int]:
        """The communes of a task's area, in the plan's set."""
        if kind == "commune":
            return self.current_to_plan({int(ref)}) if ref.strip().isdigit() else set()
        if kind == "set":
            if self._sets is None:
                self._sets = area_sets(self.session)
            found = self._sets.get(ref.strip())
            return self.current_to_plan(found[2]) if found else set()
        if kind == "office":
            offices = [
                self.session.get(Office, oid) for oid in office_scope(self.session, ref.strip())
            ]
            live = [o for o in offices if o is not None and not o.deleted]
            if any(o.level == "province" for o in live):
                return set(self.province_communes)
            codes = {int(c) for o in live for c in o.area_codes.split()}
            codes |= {o.unit_code for o in live if o.level == "commune" and o.unit_code}
            return self.current_to_plan(codes)
        return set(self.province_communes)
