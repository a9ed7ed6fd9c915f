"""Excel in and out (openpyxl): the filtered events list exported with headings in the
user's language and real date and number cells; a template officers fill; and an import
that checks every row first and writes nothing until the file is clean, unless the officer
chooses to import only the good rows."""

from __future__ import annotations

import datetime as dt
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils.exceptions import InvalidFileException
from sqlalchemy import select

from desktop.core import i18n
from desktop.core.db.models_outreach import OutreachEvent
from desktop.core.errors import KhienError, ValidationError
from desktop.core.i18n import _
from desktop.core.outreach import events, query
from desktop.core.outreach.excel_columns import (
    COLUMNS,
    LIST_SEPARATOR,
    REQUIRED,
    STATE_WORDS,
    Lookups,
    header_keys,
    headers,
    load_lookups,
    state_keys,
)
from desktop.core.places import COMMUNE, LEGACY_COMMUNE, REFORM_DATE
from desktop.core.profile import OpenProfile
from desktop.core.progress import Job, Progress
from desktop.core.security import audit
from desktop.core.text import fold

CHUNK = 2000
DATE_FORMAT = "DD/MM/YYYY"
_LIST_KINDS = {
    "partner_agencies": "agency",
    "ethnic_groups": "ethnic_group",
    "languages": "language",
}
_NUMBERS = events.COUNTS + events.QUANTITIES


def _lookups(profile: OpenProfile) -> Lookups:
    with profile.db.session() as s:
        return load_lookups(s, profile.node.province_code, i18n.language())


def _cells(ev: OutreachEvent, lk: Lookups) -> list[Any]:
    unit = LEGACY_COMMUNE if ev.held_on < REFORM_DATE else COMMUNE
    names = lk.names

    def listed(key: str) -> str:
        ref = names.get(_LIST_KINDS[key], {})
        return LIST_SEPARATOR.join(ref.get(c, c) for c in getattr(ev, key).split())

    values: dict[str, Any] = {
        "kind": names.get("outreach_kind", {}).get(ev.kind, ev.kind),
        "commune": lk.communes.get(unit, {}).get(ev.commune_code or -1, ""),
        "lead_agency": names.get("agency", {}).get(ev.lead_agency, ev.lead_agency),
        "plan_task": lk.task_labels.get(ev.plan_task_id or "", ""),
        "state": _(STATE_WORDS.get(ev.state, ev.state)),
    }
    for key in _LIST_KINDS:
        values[key] = listed(key)
    return [values[key] if key in values else getattr(ev, key) for key, _l in COLUMNS]


def export_events(profile: OpenProfile, f: query.EventFilter, out: Path) -> Job[int]:
    """Write the events matching *f* (newest first) to *out*; returns the number written.
    Audited as ``export.events``."""
    ids = query.event_ids(profile, f)
    lk = _lookups(profile)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(_("Outreach events"))
    ws.freeze_panes = "A2"
    bold = Font(bold=True)
    head = []
    for text in headers():
        cell = WriteOnlyCell(ws, value=text)
        cell.font = bold
        head.append(cell)
    ws.append(head)
    message = _("Writing the spreadsheet…")
    yield Progress(0, len(ids), message)
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        with profile.db.session() as s:
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
            row = _cells(ev, lk)
            date_cell = WriteOnlyCell(ws, value=row[0])
            date_cell.number_format = DATE_FORMAT
            ws.append([date_cell, *row[1:]])
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
    ws.append(headers())
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
    refused = ValidationError(_("This file is not an Excel workbook (.xlsx)."))
    if path.suffix.lower() != ".xlsx":
        raise refused
    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, OSError):
        raise refused from None
    try:
        ws = wb.worksheets[0]
        return [tuple(r) for r in ws.iter_rows(values_only=True)]
    finally:
        wb.close()


def _map_headers(first: tuple[Any, ...]) -> dict[int, str]:
    known = header_keys()
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
    values: dict[str, Any], lk: Lookups, states: dict[str, str]
) -> tuple[dict[str, Any], dict[str, str]]:
    wrong: dict[str, str] = {}
    raw: dict[str, Any] = {k: values.get(k) for k in ("held_on", "held_at", "title") + _NUMBERS}
    for k in ("village", "venue", "notes"):
        raw[k] = str(values.get(k) or "")

    def code_of(kind: str, key: str, text: Any) -> str:
        if text is None or str(text).strip() == "":
            return ""
        code = lk.codes.get(kind, {}).get(fold(str(text)))
        if code is None:
            wrong[key] = _("“{value}” is not in the list.").format(value=text)
            return ""
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
    raw["plan_task_id"] = lk.task_ids.get(fold(str(task))) if task else None
    if task and raw["plan_task_id"] is None:
        wrong["plan_task"] = _("There is no plan task “{value}”.").format(value=task)
    commune = values.get("commune")
    if commune:
        try:
            day = events.parse_day(values.get("held_on"))
        except ValidationError:
            day = dt.date.today()
        unit = LEGACY_COMMUNE if day < REFORM_DATE else COMMUNE
        raw["commune_code"] = lk.commune_codes.get(unit, {}).get(fold(str(commune)))
        if raw["commune_code"] is None:
            wrong["commune"] = _("There is no commune “{value}” on that date.").format(
                value=commune
            )
    return raw, wrong


def check_file(profile: OpenProfile, path: Path, today: dt.date | None = None) -> ImportCheck:
    """Read and check every row of *path*; nothing is written."""
    rows = _open_rows(path)
    if not rows:
        raise ValidationError(_("The file is empty."))
    mapped = _map_headers(rows[0])
    heading = {key: str(rows[0][n]) for n, key in mapped.items()}
    lk, states = _lookups(profile), state_keys()
    result = ImportCheck()
    for number, row in enumerate(rows[1:], start=2):
        values = {key: row[n] for n, key in mapped.items() if n < len(row)}
        if all(v is None or str(v).strip() == "" for v in values.values()):
            continue
        raw, wrong = _row_raw(values, lk, states)
        found = {**events.problems(raw, today), **wrong}
        if found:
            for key, message in found.items():
                column = heading.get("commune" if key == "commune_code" else key, key)
                result.problems.append(RowProblem(number, column, message))
        else:
            result.good.append((number, events.parse(raw, today)))
    return result


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
    with profile.db.session() as s:
        for n, (_row, data) in enumerate(check.good, start=1):
            ev = OutreachEvent(author=profile.user.username, office_id=profile.user.office_id)
            events.apply_input(ev, data)
            s.add(ev)
            if n % 500 == 0:
                s.flush()
                yield Progress(n, total, message)
        audit.record(
            s, profile.node.node_id, profile.user.username, "import.events",
            details={"rows": total, "skipped": check.bad_rows},
        )  # fmt: skip
    return total
