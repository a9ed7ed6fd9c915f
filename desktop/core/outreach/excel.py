"""Excel in and out (openpyxl): the filtered events list exported with headings in the
user's language and real date and number cells; a template officers fill; and an import
that checks every row first and writes nothing until the file is clean, unless the officer
chooses to import only the good rows.

Every text cell is written by :mod:`desktop.core.spreadsheet`, so no title or note ever
becomes a live formula and no old row's stray control character stops an export. Besides
the commune's name, the export carries its code and, for a commune before July 2025, its
district: several communes share a name, and the import never guesses between them
(:mod:`desktop.core.outreach.excel_names`). The import reads .xlsx and .ods files, checked
first as regular files of a sane size; a formula in a cell is read as its text.

Names of agencies and kinds resolve to the items valid on the row's date; a final row
linked to a task of a plan whose period does not hold its date needs the reason column
filled (the rule of :mod:`desktop.core.outreach.plans`, as for an event typed in the form).
"""

from __future__ import annotations

import datetime as dt
import gettext
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from sqlalchemy import select

from desktop.core import i18n, spreadsheet
from desktop.core.db.models_outreach import OutreachEvent
from desktop.core.errors import KhienError, ValidationError
from desktop.core.i18n import DOMAIN, LANGUAGES, N_, _
from desktop.core.outreach import events, plans, query
from desktop.core.outreach import excel_names as names
from desktop.core.outreach.excel_columns import (
    COLUMNS,
    LIST_SEPARATOR,
    REQUIRED,
    STATE_WORDS,
    header_keys,
    state_keys,
)
from desktop.core.paths import locale_dir
from desktop.core.places import COMMUNE, LEGACY_COMMUNE, REFORM_DATE
from desktop.core.profile import OpenProfile
from desktop.core.progress import Job, Progress
from desktop.core.safe_files import read_regular_file
from desktop.core.security import audit
from desktop.core.text import fold

CHUNK = 2000
DATE_FORMAT = "DD/MM/YYYY"
MAX_IMPORT_FILE = 50 * 1024 * 1024
IMPORT_SUFFIXES = (".xlsx", ".ods")
# After the template's columns, so that files filled before they existed still fit.
CODE_COLUMNS: tuple[tuple[str, str], ...] = (
    ("commune_code", N_("Commune code")),
    ("district", N_("District before July 2025")),
)
ALL_COLUMNS = COLUMNS + CODE_COLUMNS
_LIST_KINDS = {
    "partner_agencies": "agency",
    "ethnic_groups": "ethnic_group",
    "languages": "language",
}
_NUMBERS = events.COUNTS + events.QUANTITIES


def _references(profile: OpenProfile) -> names.References:
    with profile.db.session(read=True) as s:
        return names.load(s, profile.node.province_code, i18n.language())


def _headers() -> list[str]:
    return [_(label) for _key, label in ALL_COLUMNS]


def _header_keys() -> dict[str, str]:
    """Folded heading (in any language Khiên speaks) → column key, code columns included."""
    out = header_keys()
    for lang in LANGUAGES:
        t = gettext.translation(DOMAIN, str(locale_dir()), languages=[lang], fallback=True)
        out.update({fold(t.gettext(label)): key for key, label in CODE_COLUMNS})
    out.update({fold(label): key for key, label in CODE_COLUMNS})
    out.update({fold(_(label)): key for key, label in CODE_COLUMNS})
    return out


def _unit(day: dt.date) -> str:
    return LEGACY_COMMUNE if day < REFORM_DATE else COMMUNE


def _cells(ev: OutreachEvent, refs: names.References) -> list[Any]:
    unit = _unit(ev.held_on)
    shown = refs.names

    def listed(key: str) -> str:
        ref = shown.get(_LIST_KINDS[key], {})
        return LIST_SEPARATOR.join(ref.get(c, c) for c in getattr(ev, key).split())

    place = refs.places.get(unit, {}).get(ev.commune_code or -1)
    values: dict[str, Any] = {
        "kind": shown.get("outreach_kind", {}).get(ev.kind, ev.kind),
        "commune": place.name if place else "",
        "commune_code": ev.commune_code,
        "district": names.district_name(refs, unit, ev.commune_code),
        "lead_agency": shown.get("agency", {}).get(ev.lead_agency, ev.lead_agency),
        "plan_task": refs.task_labels.get(ev.plan_task_id or "", ""),
        "state": _(STATE_WORDS.get(ev.state, ev.state)),
    }
    for key in _LIST_KINDS:
        values[key] = listed(key)
    return [values[key] if key in values else getattr(ev, key) for key, _l in ALL_COLUMNS]


def export_events(profile: OpenProfile, f: query.EventFilter, out: Path) -> Job[int]:
    """Write the events matching *f* (newest first) to *out*; returns the number written.
    Audited as ``export.events``."""
    ids = query.event_ids(profile, f)
    refs = _references(profile)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(_("Outreach events"))
    ws.freeze_panes = "A2"
    bold = Font(bold=True)
    head = []
    for cell in spreadsheet.row(ws, _headers()):
        cell.font = bold
        head.append(cell)
    ws.append(head)
    message = _("Writing the spreadsheet…")
    yield Progress(0, len(ids), message)
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        with profile.db.session(read=True) as s:
            found = {
                e.id: e
                for e in s.execute(
                    select(OutreachEvent).where(OutreachEvent.id.in_(chunk))
                ).scalars()
            }
        for event_id in chunk:
            ev = found.get(event_id)
            if ev is None:
                continue
            row = _cells(ev, refs)
            date_cell = WriteOnlyCell(ws, value=row[0])
            date_cell.number_format = DATE_FORMAT
            ws.append([date_cell, *spreadsheet.row(ws, row[1:])])
        yield Progress(min(start + CHUNK, len(ids)), len(ids), message)
    tmp = out.with_name(out.name + ".part")
    wb.save(tmp)
    tmp.replace(out)
    profile.audit("export.events", details={"rows": len(ids), "file": out.name})
    return len(ids)


def save_template(out: Path) -> None:
    """An empty spreadsheet with the import columns, for officers to fill."""
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = _("Outreach events")
    ws.append(spreadsheet.row(ws, _headers()))
    for cell in ws[1]:
        cell.font = Font(bold=True)
        ws.column_dimensions[cell.column_letter].width = max(12, len(str(cell.value)) + 4)
    ws.freeze_panes = "A2"
    wb.save(out)


# -- import ---------------------------------------------------------------------------


@dataclass(frozen=True)
class RowProblem:
    row: int  # as Excel numbers it
    column: str  # the heading, as in the file
    message: str


@dataclass
class ImportCheck:
    good: list[tuple[int, events.EventInput]] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)

    @property
    def bad_rows(self) -> int:
        return len({p.row for p in self.problems})


def _open_rows(path: Path) -> list[tuple[Any, ...]]:
    """The first sheet's rows. The file is read as bytes first (a regular file, at most
    :data:`MAX_IMPORT_FILE`); a formula cell reads as its text (see
    :mod:`desktop.core.spreadsheet`)."""
    suffix = path.suffix.lower()
    if suffix not in IMPORT_SUFFIXES:
        raise ValidationError(
            _("This file is not an Excel workbook (.xlsx) or an OpenDocument spreadsheet (.ods).")
        )
    data = read_regular_file(
        path,
        MAX_IMPORT_FILE,
        not_a_file=_("Only a file can be imported, not a folder or a device."),
        too_large=_("This file is larger than {n} MB; split it into smaller files.").format(
            n=MAX_IMPORT_FILE // (1024 * 1024)
        ),
        unreadable=_("The file could not be read."),
        error=ValidationError,
    )
    return spreadsheet.read_rows(data, suffix)


def _map_headers(first: tuple[Any, ...]) -> dict[int, str]:
    known = _header_keys()
    mapped: dict[int, str] = {}
    unknown = []
    for n, text in enumerate(first):
        if text is None or str(text).strip() == "":
            continue
        key = known.get(fold(str(text)))
        if key is None:
            unknown.append(str(text))
        else:
            mapped[n] = key
    missing = [_(label) for key, label in COLUMNS if key in REQUIRED and key not in mapped.values()]
    if missing or unknown:
        raise ValidationError(
            _("The file's columns do not match the template: {details}.").format(
                details="; ".join(
                    ([_("missing {columns}").format(columns=", ".join(missing))] if missing else [])
                    + (
                        [_("unknown {columns}").format(columns=", ".join(unknown))]
                        if unknown
                        else []
                    )
                )
            )
        )
    return mapped


def _row_raw(
    values: dict[str, Any], refs: names.References, states: dict[str, str], number: int = 0
) -> tuple[dict[str, Any], dict[str, str]]:
    wrong: dict[str, str] = {}
    raw: dict[str, Any] = {k: values.get(k) for k in ("held_on", "held_at", "title") + _NUMBERS}
    for k in ("village", "venue", "notes", "task_link_reason"):
        raw[k] = str(values.get(k) or "")
    try:
        held: dt.date | None = events.parse_day(values.get("held_on"))
    except ValidationError:
        held = None  # the date's own problem is told; names are then read whatever their dates

    def code_of(kind: str, key: str, text: Any) -> str:
        if text is None or str(text).strip() == "":
            return ""
        code, why = names.item_code(refs, kind, str(text), held, number or None)
        if why:
            wrong.setdefault(key, why)
        return code

    raw["kind"] = code_of("outreach_kind", "kind", values.get("kind"))
    raw["lead_agency"] = code_of("agency", "lead_agency", values.get("lead_agency"))
    for key, kind in _LIST_KINDS.items():
        parts = [p for p in str(values.get(key) or "").split(";") if p.strip()]
        raw[key] = [c for c in (code_of(kind, key, p.strip()) for p in parts) if c]
    state = values.get("state")
    raw["state"] = states.get(fold(str(state)), "") if state else "final"
    if not raw["state"]:
        wrong["state"] = _("“{value}” is not in the list.").format(value=state)
    task = values.get("plan_task")
    raw["plan_task_id"] = None
    if task is not None and str(task).strip():
        raw["plan_task_id"], why = names.task_id(refs, str(task))
        if why:
            wrong["plan_task"] = why
    raw["commune_code"], why = names.commune_code(
        refs,
        _unit(held or dt.date.today()),
        values.get("commune"),
        values.get("district"),
        values.get("commune_code"),
    )
    if why:
        wrong["commune"] = why
    return raw, wrong


def _column_of(key: str, heading: dict[str, str]) -> str:
    """The heading, as in the file, of the column a problem with *key* belongs to."""
    if key in ("commune", "commune_code", "district"):
        for k in ("commune", "commune_code", "district"):
            if k in heading:
                return heading[k]
    return heading.get(key, key)


def check_file(profile: OpenProfile, path: Path, today: dt.date | None = None) -> ImportCheck:
    """Read and check every row of *path* (.xlsx or .ods); nothing is written.

    A formula in a cell is read as its text, never evaluated, and never replaced by the
    value the spreadsheet program cached for it: a formula in a title becomes the title's
    text (harmless, since every export writes it as text), and in a date or a number it
    is refused with the row like any other value that is not one."""
    rows = _open_rows(path)
    if not rows:
        raise ValidationError(_("The file is empty."))
    mapped = _map_headers(rows[0])
    heading = {key: str(rows[0][n]) for n, key in mapped.items()}
    refs, states = _references(profile), state_keys()
    result = ImportCheck()
    for number, row in enumerate(rows[1:], start=2):
        values = {key: row[n] for n, key in mapped.items() if n < len(row)}
        if all(v is None or str(v).strip() == "" for v in values.values()):
            continue
        raw, wrong = _row_raw(values, refs, states, number)
        found = {**events.problems(raw, today), **wrong}
        if not found:
            data = events.parse(raw, today)
            link = _link_problem(refs, data)
            if link:
                found["plan_task"] = link
        if found:
            for key, message in found.items():
                result.problems.append(RowProblem(number, _column_of(key, heading), message))
        else:
            result.good.append((number, data))
    return result


def _link_problem(refs: names.References, data: events.EventInput) -> str:
    """Why a row may not be linked to its plan task ("" when it may): the event service's
    rule (``plans.link_refusal``), on the tasks read with the file's references."""
    if not data.plan_task_id:
        return ""
    choice = refs.tasks.get(data.plan_task_id)
    return plans.link_refusal(
        choice, data.held_on, data.task_link_reason, data.state == events.FINAL
    )


def import_events(profile: OpenProfile, check: ImportCheck, only_good: bool = False) -> Job[int]:
    """Write the checked rows in one transaction; refused while any row is wrong unless
    *only_good*. Returns how many events were added. Audited as ``import.events``."""
    if check.problems and not only_good:
        raise KhienError(_("The file has wrong rows: nothing was imported."))
    if not events.can_record_role(profile):
        raise events.record_refusal()
    total = len(check.good)
    message = _("Importing events…")
    yield Progress(0, total, message)
    # Reads plans and codes, then writes: the write lock from the start (on the worker).
    with profile.db.session() as s:
        for n, (_row, data) in enumerate(check.good, start=1):
            # Checked again as the event service does (a reason is kept only for a link
            # outside the plan's period).
            reason = plans.check_task_link(
                s, data.plan_task_id, data.held_on, data.task_link_reason,
                data.state == events.FINAL,
            )  # fmt: skip
            ev = OutreachEvent(author=profile.user.username, office_id=profile.user.office_id)
            events.apply_input(ev, replace(data, task_link_reason=reason))
            s.add(ev)
            if n % 500 == 0:
                s.flush()
                yield Progress(n, total, message)
        audit.record(
            s, profile.node.node_id, profile.user.username, "import.events",
            details={"rows": total, "skipped": check.bad_rows},
        )  # fmt: skip
    return total
