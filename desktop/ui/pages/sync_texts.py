"""Words and helpers the Sync page shares: readable names for record kinds and fields,
dates of bundles in local time, and the removable drives a bundle may be written to."""

from __future__ import annotations

import datetime as dt
import os
import sys
from pathlib import Path
from typing import Any

from PySide6.QtCore import QStorageInfo

from desktop.core import i18n
from desktop.core.i18n import N_, _

KINDS = {
    "outreach_events": N_("Outreach events"),
    "event_attachments": N_("Event attachments"),
    "campaign_plans": N_("Plans"),
    "plan_tasks": N_("Plan tasks"),
    "other_body_figures": N_("Figures of other bodies"),
    "persons": N_("Persons"),
    "reception_cases": N_("Cases"),
    "case_transitions": N_("Case steps"),
    "support_entries": N_("Support given"),
    "shelter_stays": N_("Shelter stays"),
    "referrals": N_("Referrals"),
    "follow_ups": N_("Follow-ups"),
    "case_notes": N_("Case notes"),
    "case_step_assignments": N_("Case assignments"),
    "reference_items": N_("Reference list items"),
    "offices": N_("Offices"),
    "accounts": N_("Accounts"),
    "audit_events": N_("Audit log entries"),
}

FIELDS = {
    "title": N_("Title"),
    "venue": N_("Venue"),
    "village": N_("Village"),
    "held_on": N_("Date held"),
    "kind": N_("Kind"),
    "audience_total": N_("Audience"),
    "audience_women": N_("Women in the audience"),
    "notes": N_("Notes"),
    "name": N_("Name"),
    "status": N_("Status"),
    "deleted": N_("Deleted"),
    # A received person's fields (their values stay hidden from roles that may not see
    # identity; their names do not).
    "full_name": N_("Full name"),
    "other_names": N_("Other names"),
    "sex": N_("Sex"),
    "birth_date": N_("Date of birth"),
    "birth_year": N_("Year of birth"),
    "birth_estimated": N_("Year of birth estimated"),
    "ethnic_group": N_("Ethnic group"),
    "nationality": N_("Nationality"),
    "id_number": N_("Identity or passport number"),
    "home_commune_code": N_("Home commune"),
    "legacy_commune_code": N_("Home commune before 1/7/2025"),
    "address": N_("Home address"),
    "current_address": N_("Current address"),
    "contact": N_("Contact"),
    "guardian_name": N_("Guardian"),
    "guardian_contact": N_("Guardian's contact"),
    "languages": N_("Languages"),
    "photo": N_("Photo"),
}

REMOVABLE_ROOTS = ("/media/", "/run/media/", "/mnt/")


def kind_label(table: str) -> str:
    return _(KINDS[table]) if table in KINDS else table


def field_label(name: str) -> str:
    return _(FIELDS[name]) if name in FIELDS else name


def counts_text(counts: dict[str, int]) -> str:
    """“Outreach events: 3; Plans: 1” in the user's language, or “nothing” when empty."""
    parts = [
        f"{kind_label(t)}: {i18n.format_number(n)}"
        for t, n in sorted(counts.items(), key=lambda kv: kind_label(kv[0]))
        if n
    ]
    return "; ".join(parts) if parts else _("no records")


def local_time(value: dt.datetime | str) -> dt.datetime:
    """A UTC time from the database or a manifest, as this computer's local time."""
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value)
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    return value.astimezone().replace(tzinfo=None)


def when_text(value: dt.datetime | str) -> str:
    try:
        return i18n.format_datetime(local_time(value))
    except ValueError:
        return str(value)


def value_text(value: Any) -> str:
    if value is None or value == "":
        return _("(empty)")
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, int | float):
        return i18n.format_number(value)
    return str(value)


def _system_drive() -> str:
    return os.environ.get("SYSTEMDRIVE", "C:").upper().rstrip("\\/")


def is_removable(root: str, ready: bool, read_only: bool) -> bool:
    if not ready or read_only:
        return False
    if sys.platform == "win32" or (len(root) >= 2 and root[1] == ":"):
        return len(root) >= 2 and root[1] == ":" and root[:2].upper() != _system_drive()
    return any((root.rstrip("/") + "/").startswith(p) for p in REMOVABLE_ROOTS)


def find_drives() -> list[tuple[Path, str]]:
    """Removable drives that can be written to now: (root folder, name to show)."""
    out = []
    for vol in QStorageInfo.mountedVolumes():
        root = vol.rootPath()
        if is_removable(root, vol.isReady(), vol.isReadOnly()):
            name = vol.displayName() or root
            out.append((Path(root), name if name == root else f"{name} ({root})"))
    return out
