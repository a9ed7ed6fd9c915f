"""The header of a document (agency, number, place, signer, recipients): the default one
from the office's own data, the one saved per office and kind, and the officer's own
signer defaults. Apart from ``service`` so that the writers (``render``, ``xlsx``,
``case_docs``) read it without importing the service that calls them."""

from __future__ import annotations

import dataclasses
import json
from dataclasses import asdict, dataclass, field, fields
from typing import Any

from desktop.core import account_settings, places, profile
from desktop.core.db.models import Office
from desktop.core.i18n import _
from desktop.core.profile import OpenProfile
from desktop.core.reports.kinds import HEADER_KINDS, TABULAR, check_kind


@dataclass
class ReportHeader:
    """The fields of a document's head and signature block, as the office fills them."""

    superior_agency: str = ""
    agency: str = ""
    # "12/BC-BCĐ" (printed after "Số:"); case documents: empty = the next of the series
    number: str = ""
    place: str = ""
    signer_authority: str = ""  # "TM. ỦY BAN NHÂN DÂN", "KT. TRƯỞNG BAN"…
    signer_title: str = ""
    signer_name: str = ""
    recipients: list[str] = field(default_factory=list)


def _setting_key(opened: OpenProfile, kind: str) -> str:
    return f"report.header.{opened.node.office_id or opened.node.node_id}.{kind}"


def _office(opened: OpenProfile) -> tuple[str, str, str]:
    """(superior agency, agency, place) of the signed-in office."""
    province = places.province_name(opened.node.province_code)
    superior = _("People's Committee of {province} province").format(province=province)
    place = province
    with opened.db.session(read=True) as s:
        office = s.get(Office, opened.node.office_id) if opened.node.office_id else None
        if office is not None and office.level != "province":
            parent = s.get(Office, office.parent_id) if office.parent_id else None
            if parent is not None and not parent.deleted:
                superior = parent.name
            if office.level == "commune" and office.unit_code is not None:
                commune = places.unit_name(s, office.unit_code)
                for prefix in ("Xã ", "Phường ", "Thị trấn ", "Đặc khu "):
                    commune = commune.removeprefix(prefix)
                place = commune or place
    return superior, opened.node.office_name, place


def default_header(opened: OpenProfile, kind: str) -> ReportHeader:
    """A header from the office's own data: its name, its superior, its place."""
    check_kind(kind, HEADER_KINDS)
    superior, agency, place = _office(opened)
    if kind == "handover":  # signed by both sides (and the person): no "Nơi nhận"
        return ReportHeader(
            superior, agency, "", place, "", _("Handing-over officer"), opened.user.full_name,
        )  # fmt: skip
    if kind == "reception":
        return ReportHeader(
            superior, agency, "", place, "", _("Receiving officer"), opened.user.full_name,
            [_("The person received"), _("Case file")],
        )  # fmt: skip
    if kind == "case":
        return ReportHeader(
            superior, agency, "", place, "", _("Prepared by"), opened.user.full_name,
            [_("Case file")],
        )  # fmt: skip
    return ReportHeader(
        superior, agency, "/BC", place, "", _("Head of the agency"), "",
        [superior, _("Filed: records office")],
    )  # fmt: skip


SIGNER_FIELDS = ("signer_name", "signer_title", "signer_authority")


def _signer_defaults(opened: OpenProfile, kind: str) -> dict[str, Any]:
    """The signed-in officer's own defaults for who signs a report (Settings →
    Documents), for the periodic and campaign reports only: a case's records and summary
    are signed by the officer who prints them."""
    if kind not in TABULAR:
        return {}
    mine = account_settings.load(opened)
    return {name: getattr(mine, name) for name in SIGNER_FIELDS if getattr(mine, name)}


def load_header(opened: OpenProfile, kind: str) -> ReportHeader:
    """The header saved for this office and kind, else the default one. Where the saved
    header has no signer's name, title or "on behalf of" line, the officer's own default
    (``account_settings``) is taken, before the built-in one."""
    mine = _signer_defaults(opened, kind)
    base = dataclasses.replace(default_header(opened, kind), **mine)
    raw = profile.get_setting(opened, _setting_key(opened, kind), "")
    if not raw:
        return base
    try:
        saved = json.loads(raw)
    except ValueError:
        return base
    if not isinstance(saved, dict):
        return base
    values: dict[str, Any] = asdict(base)
    for f in fields(ReportHeader):
        got = saved.get(f.name)
        if f.name == "recipients":
            if isinstance(got, list) and all(isinstance(r, str) for r in got):
                values[f.name] = list(got)
        elif isinstance(got, str) and (got or f.name not in mine):
            values[f.name] = got
    return ReportHeader(**values)


def save_header(opened: OpenProfile, kind: str, header: ReportHeader) -> None:
    """Remember *header* for this office and kind (blank lines of recipients dropped)."""
    check_kind(kind, HEADER_KINDS)
    tidy = clean(header)
    profile.set_setting(opened, _setting_key(opened, kind), json.dumps(asdict(tidy)))


def clean(header: ReportHeader) -> ReportHeader:
    """*header* with its spaces tidied and its blank recipients dropped."""

    def tidy(text: str) -> str:
        return " ".join((text or "").split())

    return ReportHeader(
        tidy(header.superior_agency), tidy(header.agency), tidy(header.number),
        tidy(header.place), tidy(header.signer_authority), tidy(header.signer_title),
        tidy(header.signer_name), [tidy(r) for r in header.recipients if tidy(r)],
    )  # fmt: skip
