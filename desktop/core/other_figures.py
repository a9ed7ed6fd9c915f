"""Figures other bodies report, entered by the province with their source.

The Steering Committee's periodic report carries figures Khiên does not record: the cases
of human trafficking the police and the border guard detected and their offenders, the
cases the prosecutors brought and the courts tried. The provincial office copies them from
the reports those bodies send (body, number and symbol, date) for the period they cover;
the periodic report prints them as given, with their source, beside Khiên's own figures
(``stats.compute``, key ``"other_bodies"``).

An entry counts for a report when the period it covers lies within the report's period;
entries of one figure from one body never overlap (two entries would count the same
months twice), so entries for the quarters of a half-year add up to the half-year.
An entry straddling the report's edge is listed in the report as not counted.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.core import i18n
from desktop.core.db.models_figures import OtherBodyFigure
from desktop.core.errors import KhienError, PermissionDenied, ValidationError
from desktop.core.i18n import N_, _
from desktop.core.security import audit
from desktop.core.security.roles import Role
from desktop.core.text import fold

if TYPE_CHECKING:  # the profile's database checks values with FIGURES (validation)
    from desktop.core.profile import OpenProfile

# The figures, in the order the report prints them, with the body that usually gives each.
# The terms are those of the Criminal Procedure Code (Law No. 101/2015/QH13): a case is
# "khởi tố" (prosecuted) with its "bị can" (accused), "xét xử sơ thẩm" (tried at first
# instance) with its "bị cáo" (defendants); victims rescued are those of Art. 28 of Law
# No. 53/2024/QH15, rescued by the police and the border guard.
FIGURES: dict[str, str] = {
    "cases_detected": N_("Cases of human trafficking detected"),
    "offenders_detected": N_("Offenders detected"),
    "victims_rescued": N_("Victims rescued by the police and the border guard"),
    "cases_prosecuted": N_("Cases prosecuted"),
    "accused_prosecuted": N_("Accused persons prosecuted"),
    "cases_tried": N_("Cases tried at first instance"),
    "defendants_tried": N_("Defendants tried at first instance"),
}
MAX_VALUE = 10_000_000
# Who enters them: the province, as it edits plans (DESIGN.md §5a, first row).
EDITORS = {Role.PROVINCIAL_ADMIN, Role.PROVINCIAL_OFFICER}


def figure_name(code: str) -> str:
    return _(FIGURES[code]) if code in FIGURES else code


def can_edit(role: str) -> bool:
    try:
        return Role(role) in EDITORS
    except ValueError:
        return False


@dataclass
class FigureInput:
    figure: str
    period_start: dt.date
    period_end: dt.date
    value: int
    source_body: str
    source_document: str
    source_date: dt.date
    notes: str = ""


@dataclass(frozen=True)
class FigureView:
    id: str
    figure: str
    period_start: dt.date
    period_end: dt.date
    value: int
    source_body: str
    source_document: str
    source_date: dt.date
    notes: str

    @property
    def name(self) -> str:
        return figure_name(self.figure)

    def source(self) -> str:
        """ "Công an tỉnh Lạng Sơn, Báo cáo số 215/BC-CAT, ngày 05/7/2026"."""
        return source_text(self.source_body, self.source_document, self.source_date)

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "figure": self.figure,
            "period_start": self.period_start.isoformat(),
            "period_end": self.period_end.isoformat(),
            "value": self.value,
            "source_body": self.source_body,
            "source_document": self.source_document,
            "source_date": self.source_date.isoformat(),
        }


def source_text(body: str, document: str, on: dt.date) -> str:
    day = i18n.format_date(on)
    if document:
        return _("{body}, {document}, dated {date}").format(body=body, document=document, date=day)
    return _("{body}, dated {date}").format(body=body, date=day)


def _view(row: OtherBodyFigure) -> FigureView:
    return FigureView(row.id, **vars(input_of(row)))


def check_input(data: FigureInput, today: dt.date | None = None) -> FigureInput:
    """The entry cleaned (spaces tidied); one-sentence ValidationError naming the field."""
    today = today or dt.date.today()
    if data.figure not in FIGURES:
        raise ValidationError(_("Choose what the figure counts from the list."), "figure")
    if data.period_end < data.period_start:
        raise ValidationError(_("The period cannot end before it starts."), "period_end")
    if data.period_start > today:
        raise ValidationError(_("The period has not started yet."), "period_start")
    if isinstance(data.value, bool) or not 0 <= data.value <= MAX_VALUE:
        raise ValidationError(
            _("Enter a whole number from 0 to {n}.").format(n=i18n.format_number(MAX_VALUE)),
            "value",
        )
    body = " ".join(data.source_body.split())
    if not body:
        raise ValidationError(
            _("Enter the body that gave the figure, such as the provincial police."),
            "source_body",
        )
    if data.source_date > today:
        raise ValidationError(_("The source document cannot be dated in the future."),
                              "source_date")  # fmt: skip
    if data.source_date < data.period_start:
        raise ValidationError(
            _("The source document cannot be dated before the period it reports on."),
            "source_date",
        )
    return FigureInput(
        data.figure, data.period_start, data.period_end, data.value, body,
        " ".join(data.source_document.split()), data.source_date, data.notes.strip(),
    )  # fmt: skip


def _live(session: Session) -> list[OtherBodyFigure]:
    q = select(OtherBodyFigure).where(OtherBodyFigure.deleted.is_(False))
    return list(session.execute(q).scalars())


def overlapping(session: Session, data: FigureInput, figure_id: str | None) -> FigureView | None:
    """An entry of the same figure from the same body whose period shares a day with
    *data*'s (it would be counted twice), other than *figure_id* itself."""
    body = fold(data.source_body)
    for row in _live(session):
        if row.id == figure_id or row.figure != data.figure or fold(row.source_body) != body:
            continue
        if row.period_start <= data.period_end and data.period_start <= row.period_end:
            return _view(row)
    return None


def refuse_overlap(session: Session, data: FigureInput, figure_id: str | None) -> None:
    """One sentence when *data* shares a day with another entry of its figure and body."""
    clash = overlapping(session, data, figure_id)
    if clash is None:
        return
    raise ValidationError(
        _(
            "{body} already gave “{figure}” for {start} to {end}: correct that entry "
            "rather than adding one that counts the same days again."
        ).format(
            body=clash.source_body, figure=clash.name,
            start=i18n.format_date(clash.period_start), end=i18n.format_date(clash.period_end),
        ),
        "period_start",
    )  # fmt: skip


def input_of(row: OtherBodyFigure) -> FigureInput:
    """The entry a stored row holds (the fields of FigureInput, read off the row)."""
    return FigureInput(**{f.name: getattr(row, f.name) for f in fields(FigureInput)})


def require_editor(profile: OpenProfile) -> None:
    if not can_edit(profile.user.role):
        raise PermissionDenied(_("Only the provincial office enters figures from other bodies."))


def save(
    profile: OpenProfile, data: FigureInput, figure_id: str | None = None,
    today: dt.date | None = None,
) -> str:  # fmt: skip
    """Add or change an entry; refused whole (one sentence) when it is not allowed."""
    require_editor(profile)
    data = check_input(data, today)
    with profile.db.session() as s:
        refuse_overlap(s, data, figure_id)
        row = s.get(OtherBodyFigure, figure_id) if figure_id else None
        if figure_id and (row is None or row.deleted):
            raise KhienError(_("This entry no longer exists."))
        if row is None:
            row = OtherBodyFigure(office_id=profile.user.office_id)
            s.add(row)
        for name, value in vars(data).items():
            setattr(row, name, value)
        s.flush()
        audit.record(
            s, profile.node.node_id, profile.user.username, "figure.save", "other_body_figure",
            row.id, {"figure": data.figure, "value": data.value},
        )  # fmt: skip
        return row.id


def delete(profile: OpenProfile, figure_id: str) -> None:
    """Remove an entry (a tombstone that travels, as every synced deletion)."""
    require_editor(profile)
    with profile.db.session() as s:
        row = s.get(OtherBodyFigure, figure_id)
        if row is None or row.deleted:
            raise KhienError(_("This entry no longer exists."))
        row.deleted = True
        audit.record(
            s, profile.node.node_id, profile.user.username, "figure.delete",
            "other_body_figure", figure_id, {"figure": row.figure},
        )  # fmt: skip


def entries(profile: OpenProfile) -> list[FigureView]:
    """Every entry, the newest period first."""
    with profile.db.session(read=True) as s:
        rows = [_view(r) for r in _live(s)]
    order = list(FIGURES)
    rows.sort(key=lambda v: (order.index(v.figure) if v.figure in order else len(order),
                             v.source_body))  # fmt: skip
    rows.sort(key=lambda v: (v.period_end, v.period_start), reverse=True)
    return rows


def body_suggestions(profile: OpenProfile) -> list[str]:
    """The bodies named before (the form offers them), most recent first."""
    seen: dict[str, str] = {}
    for view in entries(profile):
        seen.setdefault(fold(view.source_body), view.source_body)
    return list(seen.values())


def in_period(
    session: Session, date_from: dt.date | None, date_to: dt.date | None
) -> dict[str, Any]:
    """The entries for a report period: ``{"by_figure": {code: {"value", "entries"}},
    "partial": [entries overlapping the period without lying within it]}``. An open end
    holds everything on that side."""
    lo = date_from or dt.date.min
    hi = date_to or dt.date.max
    by_figure: dict[str, dict[str, Any]] = {}
    partial: list[dict[str, Any]] = []
    views = sorted((_view(r) for r in _live(session)),
                   key=lambda v: (v.period_start, v.source_body, v.id))  # fmt: skip
    for v in views:
        if lo <= v.period_start and v.period_end <= hi:
            slot = by_figure.setdefault(v.figure, {"value": 0, "entries": []})
            slot["value"] += v.value
            slot["entries"].append(v.to_json())
        elif v.period_start <= hi and lo <= v.period_end:
            partial.append(v.to_json())
    order = list(FIGURES)
    ordered = dict(sorted(by_figure.items(), key=lambda kv: order.index(kv[0])
                          if kv[0] in order else len(order)))  # fmt: skip
    return {"by_figure": ordered, "partial": partial}
