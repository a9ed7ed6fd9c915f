"""Demo data with the case records the demo generator does not make (shelter stays,
referrals), for the statistics and report tests."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from desktop.core import demo
from desktop.core.db.models_cases import Person, ReceptionCase, Referral, ShelterStay
from desktop.core.db.syncmeta import tombstone
from desktop.core.progress import run_job

FACILITIES = ("Trung tâm Công tác xã hội tỉnh", "Cơ sở trợ giúp xã hội tổng hợp tỉnh")
AGENCIES = ("Công an tỉnh", "Sở Y tế", "Hội Liên hiệp Phụ nữ tỉnh", "Trung tâm Trợ giúp pháp lý")


def add_case_records(opened: Any, seed: int = 5, share: float = 0.3) -> None:
    """Shelter stays and referrals for a share of the cases (some discharged, some still
    staying), one of each tombstoned, and one whole case tombstoned with its rows."""
    rng = random.Random(seed)
    with opened.db.session() as s:
        cases = list(s.execute(select(ReceptionCase).order_by(ReceptionCase.case_code)).scalars())
        stays, refs = [], []
        for c in cases:
            if rng.random() > share:
                continue
            # Facts of the past: never after today (validation refuses a future admission).
            today = dt.date.today()
            admitted = min(c.received_on + dt.timedelta(days=rng.randint(0, 5)), today)
            out = admitted + dt.timedelta(days=rng.randint(3, 90)) if rng.random() < 0.7 else None
            out = min(out, today) if out is not None else None
            stays.append(ShelterStay(case_id=c.id, facility=rng.choice(FACILITIES),
                                     admitted_on=admitted, discharged_on=out))  # fmt: skip
            if rng.random() < 0.6:
                refs.append(Referral(case_id=c.id, to_agency=rng.choice(AGENCIES),
                                     referred_on=min(admitted + dt.timedelta(days=rng.randint(1, 30)), today)))  # fmt: skip
        s.add_all(stays + refs)
        s.flush()
        if stays and refs:
            tombstone(stays[0])
            tombstone(refs[0])
        if len(cases) > 3:
            tombstone(cases[3])


# Home provinces other than Lạng Sơn (Hà Nội, Bắc Ninh, Thái Nguyên…), and destinations.
OTHER_PROVINCES = (1, 24, 19, 8)
DESTINATIONS = ("LA", "MY", "KH", "TH")
CHANNELS = ("self_returned", "rescued", "handed_over_border", "mission_abroad",
            "self_reported", "handed_over_body")  # fmt: skip


def add_variety(opened: Any, seed: int = 5) -> None:
    """What the demo does not make, for the figures of the periodic report: persons from
    other provinces or with none recorded, other destinations, cases with no purpose or
    several, no ethnic group, and persons received a second time (one person, two cases)."""
    rng = random.Random(seed * 31 + 1)
    with opened.db.session() as s:
        cases = list(s.execute(select(ReceptionCase).order_by(ReceptionCase.case_code)).scalars())
        seen: set[str] = set()
        for c in cases:
            person = s.get(Person, c.person_id)
            if person is None or c.person_id in seen:
                continue
            seen.add(c.person_id)
            roll = rng.random()
            if roll < 0.12:
                person.home_province_code = rng.choice(OTHER_PROVINCES)
                person.home_commune_code = None
            elif roll < 0.17:
                person.home_province_code = None
            if rng.random() < 0.06:
                person.ethnic_group = ""
            roll = rng.random()
            if roll < 0.1:
                c.destination_country = rng.choice(DESTINATIONS)
            if rng.random() < 0.08:
                c.purposes = rng.choice(("", "sexual labour organs", "inhumane"))
            if rng.random() < 0.07:  # received again later: the same person, a second case
                again = dt.timedelta(days=rng.randint(20, 200))
                s.add(ReceptionCase(
                    case_code=f"{c.case_code}-B", person_id=c.person_id,
                    received_on=min(c.received_on + again, dt.date(2026, 11, 20)),
                    channel=rng.choice(CHANNELS), legal_regime=c.legal_regime,
                    status="received", age_at_reception=c.age_at_reception,
                    destination_country=rng.choice(("CN", *DESTINATIONS)),
                    purposes=rng.choice(("labour", "sexual", "")), office_id=c.office_id,
                ))  # fmt: skip


def demo_with_records(opened: Any, events: int, cases: int, seed: int) -> None:
    run_job(demo.generate(opened, events=events, cases=cases, seed=seed))
    add_case_records(opened, seed)


# -- reading PDFs back ------------------------------------------------------------------------


@dataclass
class Run:
    """A piece of text on a page with its position in points (origin bottom left)."""

    page: int  # 1-based
    text: str
    x: float
    y: float
    width: float
    size: float


def _font_name(font: Any) -> str:
    from desktop.core.reports.document import SERIF

    base = str(font.get("/BaseFont", "")) if font else ""
    bold, italic = "Bold" in base, "Italic" in base
    return SERIF + ("-BoldItalic" if bold and italic else "-Bold" if bold else
                    "-Italic" if italic else "")  # fmt: skip


def text_runs(path: Any) -> list[Run]:
    """Every piece of text of the PDF with where it starts and how wide it is (measured
    with the very font metrics the document was drawn with)."""
    from pypdf import PdfReader
    from reportlab.pdfbase.pdfmetrics import stringWidth

    runs: list[Run] = []
    for number, page in enumerate(PdfReader(str(path)).pages, start=1):

        def visit(text: str, cm: Any, tm: Any, font: Any, size: float, n: int = number) -> None:
            if not text.strip():
                return
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            scale = (tm[0] * cm[0]) or 1.0
            for line in text.split("\n"):
                if line.strip():
                    w = stringWidth(line, _font_name(font), size) * scale
                    runs.append(Run(n, line, x, y, w, size * scale))

        page.extract_text(visitor_text=visit)
    return runs


def page_texts(path: Any) -> list[str]:
    from pypdf import PdfReader

    return [p.extract_text() for p in PdfReader(str(path)).pages]


def flat(text: str) -> str:
    """Text with line wraps and repeated spaces folded (a wrapped cell reads as one line)."""
    return " ".join(text.split())
