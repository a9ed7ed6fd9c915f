"""Names written in a spreadsheet turned back into codes — never guessed.

A name is matched by its spelling first (case, spacing, Unicode form and the apostrophe
used — H’Mông or H'Mông — do not count), then, only when the spelling fits nothing, with
the accents ignored (:func:`desktop.core.text.fold`). A name that still fits several
entries is refused with the choices named, never taken as the first of them: eleven
pre-July-2025 communes of Lạng Sơn share their name with another once accents are
ignored, and nine share it exactly (four are "Xã Hòa Bình"). Such a commune is told apart
by its code, or by its district; the export writes both, so a round trip through Excel or
LibreOffice puts every event back in its commune.

Reference items know their dates: a name is resolved to the item valid on the row's date
(a department of 2019 for a 2019 row), and a name whose items were all out of force that
day is refused, naming the row and the item.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.core.db.models import AdminUnit, ReferenceItem
from desktop.core.db.models_outreach import CampaignPlan, PlanTask
from desktop.core.i18n import _, format_date
from desktop.core.outreach.excel_columns import TASK_SEPARATOR
from desktop.core.outreach.plans import TaskChoice
from desktop.core.places import COMMUNE, LEGACY_COMMUNE, LEGACY_DISTRICT
from desktop.core.text import fold

C = TypeVar("C", bound=Hashable)
ITEM_KINDS = ("outreach_kind", "agency", "language", "ethnic_group")
# Typographic and look-alike apostrophes, all read as "'".
_APOSTROPHES = str.maketrans(dict.fromkeys("\u2019\u2018\u02bc\u02b9\u0060\u00b4\u2032\uff07", "'"))
_DISTRICT_TYPES = ("huyện ", "thành phố ", "thị xã ", "quận ")


def spelling(text: str) -> str:
    """*text* as compared "exactly": NFC, one apostrophe, single spaces, any case."""
    unified = unicodedata.normalize("NFC", text).translate(_APOSTROPHES)
    return " ".join(unified.split()).casefold()


class NameIndex(Generic[C]):
    """Codes by name, exact spelling first, then folded; every code a name fits."""

    def __init__(self) -> None:
        self._exact: dict[str, set[C]] = {}
        self._folded: dict[str, set[C]] = {}

    def add(self, text: str | None, code: C) -> None:
        if not text or not text.strip():
            return
        key = spelling(text)
        self._exact.setdefault(key, set()).add(code)
        self._folded.setdefault(fold(key), set()).add(code)

    def find(self, text: str, keep: Callable[[C], bool] | None = None) -> list[C]:
        """The codes *text* fits (kept by *keep*, if given): those of its exact spelling
        when there are any, else those of its folded spelling. Several means ambiguous."""
        key = spelling(text)
        for table, k in ((self._exact, key), (self._folded, fold(key))):
            found = [c for c in table.get(k, ()) if keep is None or keep(c)]
            if found:
                return sorted(found, key=str)
        return []


@dataclass(frozen=True)
class Place:
    name: str
    district: int | None  # the pre-reform district of a pre-reform commune


@dataclass
class References:
    """Names and codes of what an event refers to, both ways."""

    names: dict[str, dict[str, str]] = field(default_factory=dict)  # kind → code → shown
    items: dict[str, NameIndex[str]] = field(default_factory=dict)  # kind → names → codes
    places: dict[str, dict[int, Place]] = field(default_factory=dict)  # unit kind → code
    place_index: dict[str, NameIndex[int]] = field(default_factory=dict)
    districts: dict[int, str] = field(default_factory=dict)
    district_index: NameIndex[int] = field(default_factory=NameIndex)
    task_labels: dict[str, str] = field(default_factory=dict)  # task id → "78/KH-BCĐ · 2"
    task_index: NameIndex[str] = field(default_factory=NameIndex)
    # kind → code → (valid_from, valid_to) of each item holding the code
    spans: dict[str, dict[str, list[tuple[dt.date | None, dt.date | None]]]] = field(
        default_factory=dict
    )
    tasks: dict[str, TaskChoice] = field(default_factory=dict)  # task id → task and period

    def valid_on(self, kind: str, code: str, on: dt.date) -> bool:
        """True when an item of list *kind* holding *code* is valid on day *on*."""
        return any(
            (first is None or first <= on) and (last is None or on <= last)
            for first, last in self.spans.get(kind, {}).get(code, [])
        )


def load(session: Session, province: int, lang: str) -> References:
    """Every reference item, commune, pre-reform district and plan task of *province*."""
    refs = References()
    q = select(ReferenceItem).where(
        ReferenceItem.kind.in_(ITEM_KINDS), ReferenceItem.deleted.is_(False)
    )
    for item in session.execute(q).scalars():
        shown = item.name_en if lang == "en" and item.name_en else item.name
        refs.names.setdefault(item.kind, {})[item.code] = shown
        index = refs.items.setdefault(item.kind, NameIndex())
        for text in (item.code, item.name, item.name_en):
            index.add(text, item.code)
        spans = refs.spans.setdefault(item.kind, {}).setdefault(item.code, [])
        spans.append((item.valid_from, item.valid_to))
    uq = select(AdminUnit.code, AdminUnit.kind, AdminUnit.name, AdminUnit.parent_code).where(
        AdminUnit.kind.in_([COMMUNE, LEGACY_COMMUNE, LEGACY_DISTRICT]),
        AdminUnit.province_code == province,
    )
    for u in session.execute(uq):
        if u.kind == LEGACY_DISTRICT:
            refs.districts[u.code] = u.name
            for text in (u.name, _short_district(u.name), str(u.code)):
                refs.district_index.add(text, u.code)
            continue
        district = u.parent_code if u.kind == LEGACY_COMMUNE else None
        refs.places.setdefault(u.kind, {})[u.code] = Place(u.name, district)
        refs.place_index.setdefault(u.kind, NameIndex()).add(u.name, u.code)
    tq = select(
        PlanTask.id,
        PlanTask.position,
        PlanTask.title,
        CampaignPlan.id.label("plan_id"),
        CampaignPlan.number,
        CampaignPlan.period_start,
        CampaignPlan.period_end,
        CampaignPlan.deleted.label("plan_deleted"),
    ).join(CampaignPlan, CampaignPlan.id == PlanTask.plan_id)
    for t in session.execute(tq.where(PlanTask.deleted.is_(False))):
        label = f"{t.number}{TASK_SEPARATOR}{t.position}"
        refs.task_labels[t.id] = label
        refs.task_index.add(label, t.id)
        if not t.plan_deleted:
            refs.tasks[t.id] = TaskChoice(
                t.id, t.plan_id, t.number, t.position, t.title, t.period_start, t.period_end
            )
    return refs


def _short_district(name: str) -> str:
    """ "Huyện Bắc Sơn" → "Bắc Sơn" (officers often leave the type out)."""
    low = name.casefold()
    for prefix in _DISTRICT_TYPES:
        if low.startswith(prefix):
            return name[len(prefix) :]
    return name


def _blank(value: Any) -> bool:
    return value is None or str(value).strip() == ""


def item_code(
    refs: References, kind: str, text: str, on: dt.date | None = None, row: int | None = None
) -> tuple[str, str | None]:
    """The code of the reference item named *text*, or ("", why not). With *on*, only
    the items valid on that day count: a name that fits only items out of force then is
    refused (naming the spreadsheet's *row*, when given)."""
    index = refs.items.get(kind, NameIndex())
    if on is None:
        found = index.find(text)
    else:
        found = index.find(text, lambda c: refs.valid_on(kind, c, on))
        if not found and index.find(text):
            if row is None:
                why = _("“{value}” was not in force on {date}.")
            else:
                why = _("Row {row}: “{value}” was not in force on {date}.")
            return "", why.format(row=row, value=text, date=format_date(on))
    if len(found) == 1:
        return found[0], None
    if not found:
        return "", _("“{value}” is not in the list.").format(value=text)
    shown = refs.names.get(kind, {})
    choices = "; ".join(f"{shown.get(c, c)} ({c})" for c in found)
    return "", _(
        "“{value}” fits several entries of the list: {choices}. Write one of them."
    ).format(value=text, choices=choices)


def task_id(refs: References, text: str) -> tuple[str | None, str | None]:
    """The id of the plan task labelled *text*, or (None, why not)."""
    found = refs.task_index.find(text)
    if len(found) == 1:
        return found[0], None
    if not found:
        return None, _("There is no plan task “{value}”.").format(value=text)
    return None, _("“{value}” is the label of several plan tasks.").format(value=text)


def district_name(refs: References, unit: str, code: int | None) -> str:
    """The pre-reform district of commune *code* ("" for a current commune)."""
    place = refs.places.get(unit, {}).get(code or -1)
    if place is None or place.district is None:
        return ""
    return refs.districts.get(place.district, "")


def _as_code(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value) if value.is_integer() else None
    text = str(value).strip()
    return int(text) if text.isdigit() else None


def commune_code(
    refs: References, unit: str, name: Any, district: Any, code: Any
) -> tuple[int | None, str | None]:
    """The commune of a row: by its code when the row has one (the name and district, if
    written, must agree with it), else by its name, narrowed by its district. Returns
    (code, None) or (None, why not); (None, None) when the row names no commune."""
    places = refs.places.get(unit, {})
    districts: list[int] | None = None
    if unit == LEGACY_COMMUNE and not _blank(district):
        districts = refs.district_index.find(str(district))
        if not districts:
            return None, _("There is no district “{value}”.").format(value=district)
    if not _blank(code):
        number = _as_code(code)
        place = places.get(number) if number is not None else None
        if number is None or place is None:
            return None, _("There is no commune with the code {code} on that date.").format(
                code=code
            )
        if not _blank(name) and fold(spelling(place.name)) != fold(spelling(str(name))):
            return None, _("The commune code {code} is “{name}”, not “{value}”.").format(
                code=number, name=place.name, value=name
            )
        if districts is not None and place.district not in districts:
            return None, _("The commune code {code} is in {district}, not in “{value}”.").format(
                code=number, district=refs.districts.get(place.district or -1, ""), value=district
            )
        return number, None
    if _blank(name):
        return None, None
    wanted = set(districts) if districts is not None else None
    found = refs.place_index.get(unit, NameIndex()).find(
        str(name), None if wanted is None else (lambda c: places[c].district in wanted)
    )
    if len(found) == 1:
        return found[0], None
    if not found:
        return None, _("There is no commune “{value}” on that date.").format(value=name)
    choices = "; ".join(
        f"{c} ({district_name(refs, unit, c)})" if district_name(refs, unit, c) else str(c)
        for c in found
    )
    return None, _(
        "“{value}” is the name of several communes: {choices}. Write the commune code or "
        "the district."
    ).format(value=name, choices=choices)
