"""The columns of the events spreadsheet (export, template and import share them) and the
lookups that turn names typed in a cell back into reference codes."""

from __future__ import annotations

import gettext
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.core.db.models import AdminUnit, ReferenceItem
from desktop.core.db.models_outreach import CampaignPlan, PlanTask
from desktop.core.i18n import DOMAIN, LANGUAGES, N_, _
from desktop.core.paths import locale_dir
from desktop.core.places import COMMUNE, LEGACY_COMMUNE
from desktop.core.text import fold

COLUMNS: tuple[tuple[str, str], ...] = (
    ("held_on", N_("Date")),
    ("held_at", N_("Time")),
    ("kind", N_("Kind of activity")),
    ("title", N_("Title")),
    ("commune", N_("Commune")),
    ("village", N_("Village")),
    ("venue", N_("Venue")),
    ("lead_agency", N_("Lead agency")),
    ("partner_agencies", N_("Partner agencies")),
    ("audience_total", N_("Audience, total")),
    ("audience_women", N_("Women")),
    ("audience_men", N_("Men")),
    ("audience_youth", N_("Young people and students")),
    ("ethnic_groups", N_("Ethnic groups")),
    ("quantity", N_("Quantity")),
    ("minutes", N_("Minutes on air")),
    ("languages", N_("Languages used")),
    ("plan_task", N_("Plan task")),
    # Why an event serves a task of a plan whose period does not hold its date.
    ("task_link_reason", N_("Reason for the plan task")),
    ("notes", N_("Notes")),
    ("state", N_("State")),
)
REQUIRED = ("held_on", "kind", "title")
LIST_SEPARATOR = "; "
TASK_SEPARATOR = " · "
STATE_WORDS = {"draft": N_("Draft"), "final": N_("Final")}


def headers() -> list[str]:
    """Column headings in the current language."""
    return [_(label) for _key, label in COLUMNS]


def header_keys() -> dict[str, str]:
    """Folded heading (in any language Khiên speaks) → column key."""
    out: dict[str, str] = {}
    for lang in LANGUAGES:
        t = gettext.translation(DOMAIN, str(locale_dir()), languages=[lang], fallback=True)
        for key, label in COLUMNS:
            out[fold(t.gettext(label))] = key
    for key, label in COLUMNS:
        out[fold(label)] = key
        out[fold(_(label))] = key
    return out


def state_keys() -> dict[str, str]:
    out = {"draft": "draft", "final": "final"}
    for lang in LANGUAGES:
        t = gettext.translation(DOMAIN, str(locale_dir()), languages=[lang], fallback=True)
        out.update({fold(t.gettext(w)): code for code, w in STATE_WORDS.items()})
    return out


@dataclass
class Lookups:
    """Names and codes of reference items, communes and plan tasks, both ways."""

    names: dict[str, dict[str, str]] = field(default_factory=dict)  # kind → code → name
    codes: dict[str, dict[str, str]] = field(default_factory=dict)  # kind → folded → code
    communes: dict[str, dict[int, str]] = field(default_factory=dict)  # unit kind → code → name
    commune_codes: dict[str, dict[str, int]] = field(default_factory=dict)
    task_labels: dict[str, str] = field(default_factory=dict)  # task id → "78/KH-BCĐ · 2"
    task_ids: dict[str, str] = field(default_factory=dict)  # folded label → task id


def load_lookups(session: Session, province: int, lang: str) -> Lookups:
    lk = Lookups()
    kinds = ("outreach_kind", "agency", "language", "ethnic_group")
    q = select(ReferenceItem).where(ReferenceItem.kind.in_(kinds), ReferenceItem.deleted.is_(False))
    for item in session.execute(q).scalars():
        shown = item.name_en if lang == "en" and item.name_en else item.name
        lk.names.setdefault(item.kind, {})[item.code] = shown
        codes = lk.codes.setdefault(item.kind, {})
        for text in (item.code, item.name, item.name_en):
            if text:
                codes.setdefault(fold(text), item.code)
    uq = select(AdminUnit.code, AdminUnit.kind, AdminUnit.name).where(
        AdminUnit.kind.in_([COMMUNE, LEGACY_COMMUNE]), AdminUnit.province_code == province
    )
    for r in session.execute(uq):
        lk.communes.setdefault(r.kind, {})[r.code] = r.name
        lk.commune_codes.setdefault(r.kind, {}).setdefault(fold(r.name), r.code)
    tq = select(PlanTask.id, PlanTask.position, CampaignPlan.number).join(
        CampaignPlan, CampaignPlan.id == PlanTask.plan_id
    )
    for t in session.execute(tq.where(PlanTask.deleted.is_(False))):
        label = f"{t.number}{TASK_SEPARATOR}{t.position}"
        lk.task_labels[t.id] = label
        lk.task_ids[fold(label)] = t.id
    return lk
