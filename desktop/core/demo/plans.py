"""Demonstration campaign plans: Lạng Sơn's Plan 78/KH-BCĐ of 7 June 2019 for the all-people
day against human trafficking (30 July), with its tasks as DOMAIN.md describes them and the
events that answered them, and a plan of the current demo year linked to demo events.

Each plan names its legal basis and the day its result report is due (the current plan's
falls in mid-December, so the dashboard reminds of it in the last weeks of the year). The
tasks of receiving and supporting victims are measured by cases received and persons
supported, and the current plan's talks by the border communes: a named set of communes
(reference list ``area_set``) added here when the profile has none of that code.

Written through the ORM inside the demo job's transaction, so the flush hook stamps every
row like one an officer made.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.core import refdata
from desktop.core.db.models import AdminUnit, ReferenceItem
from desktop.core.db.models_outreach import CampaignPlan, OutreachEvent, PlanTask
from desktop.core.outreach.plans_area import AREA_SET_KIND
from desktop.core.places import COMMUNE, LEGACY_COMMUNE

ISSUER = "Ban Chỉ đạo phòng, chống tội phạm tỉnh Lạng Sơn"
P78 = "78/KH-BCĐ"
DAY_30_7 = "Ngày toàn dân phòng, chống mua bán người (30/7)"
P78_BASIS = (
    "Luật Phòng, chống mua bán người số 66/2011/QH12; Chương trình phòng, chống tội phạm "
    "mua bán người giai đoạn 2016-2020; chỉ đạo của Ban Chỉ đạo 138 tỉnh về hưởng ứng Ngày "
    "toàn dân phòng, chống mua bán người năm 2019"
)
CURRENT_BASIS = (
    "Luật Phòng, chống mua bán người số 53/2024/QH15; Nghị định số 162/2025/NĐ-CP quy định "
    "chi tiết một số điều của Luật Phòng, chống mua bán người"
)
# The border communes (current codes of Lạng Sơn, for the demonstration: an administrator
# keeps the real list in the reference list "area_set").
BORDER_SET = "xa_bien_gioi"
BORDER_SET_NAME = ("Các xã biên giới", "Border communes")
BORDER_COMMUNES = (6001, 6016, 6148, 6151, 6172, 6184, 6220, 6541, 6613)


@dataclass(frozen=True)
class _Task:
    title: str
    lead: str
    partners: tuple[str, ...]
    kinds: tuple[str, ...]
    deadline: dt.date
    target: int | None = None
    measure: str = "events"
    area: tuple[str, str] = ("province", "")


_P78 = (
    _Task("Treo băng rôn, khẩu hiệu hưởng ứng Ngày toàn dân phòng, chống mua bán người tại trụ "
          "sở, nơi công cộng ở tất cả 65 xã, phường", "culture", ("commune_pc",),
          ("banner", "led_text"), dt.date(2019, 7, 30), 65, "communes"),
    _Task("Truyền thông cộng đồng với thông điệp ngắn gọn, dễ hiểu; diễn đàn, đối thoại, nói "
          "chuyện, tư vấn; xây dựng, duy trì và nhân rộng mô hình phòng, chống mua bán người",
          "womens_union", ("youth_union", "commune_pc"),
          ("talk", "forum", "counselling", "model_club"), dt.date(2019, 8, 31), 12),
    _Task("Tuyên truyền đến từng khu dân cư, cơ quan, doanh nghiệp, trường học; chỉ đạo báo chí "
          "mở trang, chuyên mục; tăng thời lượng trên loa truyền thanh cơ sở", "info_comm",
          ("culture",), ("press", "web_post", "loudspeaker"), dt.date(2019, 7, 31), 10),
    _Task("Xác minh, tiếp nhận, hỗ trợ nạn nhân trở về; bố trí tiếp nhận, lưu trú tại cơ sở "
          "trợ giúp xã hội", "labour", ("foreign_affairs",), ("counselling", "training"),
          dt.date(2019, 12, 31), None, "cases"),
    _Task("Hội thảo chuyên đề về tuyến, địa bàn, lĩnh vực trọng điểm; hợp tác với cơ quan chức "
          "năng Khu tự trị dân tộc Choang Quảng Tây (Trung Quốc)", "police",
          ("border_guard",), ("talk", "elders_conference"), dt.date(2019, 7, 25), 3),
    _Task("Mít tinh, diễu hành hưởng ứng ngày 30/7 tại các huyện biên giới", "bcd",
          ("police", "womens_union"), ("rally",), dt.date(2019, 7, 30), 4),
)  # fmt: skip

# How many events answered each task of Plan 78 (so statuses differ: done, late, open).
_P78_EVENTS = (20, 12, 6, 0, 1, 4)
HISTORY_EVENTS = sum(_P78_EVENTS)

# Tasks of the current year name only bodies in force then: the leaflets are led by the
# Department of Culture, which took the press and publishing of the Department of
# Information and Communications when that ceased in March 2025 (``refdata``).
_CURRENT = (
    _Task("Treo băng rôn, khẩu hiệu tại tất cả 65 xã, phường", "culture", ("commune_pc",),
          ("banner",), dt.date(7, 7, 31), 65, "communes"),
    _Task("Nói chuyện chuyên đề, diễn đàn tại các xã biên giới", "womens_union",
          ("commune_police",), ("talk", "forum"), dt.date(7, 9, 30), 40, "events",
          ("set", BORDER_SET)),
    _Task("Phát tờ rơi, áp phích bằng tiếng Việt, tiếng Tày, tiếng Nùng", "culture", (),
          ("leaflet",), dt.date(7, 12, 15), 20000, "quantity"),
    _Task("Hội nghị người có uy tín ở thôn, bản", "fatherland_front", (),
          ("elders_conference",), dt.date(7, 12, 31)),
    _Task("Tiếp nhận, hỗ trợ nạn nhân bị mua bán trở về theo Điều 37 Luật số 53/2024/QH15",
          "health", ("police", "border_guard"), (), dt.date(7, 12, 31), 10, "support"),
)  # fmt: skip


def _task(plan: CampaignPlan, n: int, t: _Task, year: int) -> PlanTask:
    return PlanTask(
        plan_id=plan.id, position=n, title=t.title, lead_agency=t.lead,
        partner_agencies=" ".join(t.partners), area_kind=t.area[0], area_ref=t.area[1],
        deadline=t.deadline.replace(year=year), expected_kinds=" ".join(t.kinds),
        target=t.target, target_measure=t.measure,
    )  # fmt: skip


def _legacy_communes(session: Session, province: int) -> list[int]:
    q = select(AdminUnit.code).where(
        AdminUnit.kind == LEGACY_COMMUNE, AdminUnit.province_code == province
    )
    codes = [int(c) for c in session.execute(q.order_by(AdminUnit.code)).scalars()]
    if codes:
        return codes
    q = select(AdminUnit.code).where(AdminUnit.kind == COMMUNE, AdminUnit.province_code == province)
    return [int(c) for c in session.execute(q.order_by(AdminUnit.code)).scalars()]


def _plan_78(session: Session) -> None:
    plan = CampaignPlan(
        number=P78, issuer=ISSUER, issued_on=dt.date(2019, 6, 7),
        title=f"Kế hoạch tổ chức các hoạt động hưởng ứng {DAY_30_7} năm 2019",
        period_start=dt.date(2019, 6, 7), period_end=dt.date(2019, 12, 31),
        theme="Tuyên truyền thiết thực, hiệu quả, tiết kiệm, tránh hình thức; tập trung vào "
        "các huyện điểm và các huyện biên giới",
        legal_basis=P78_BASIS, report_due_on=dt.date(2020, 1, 10),
    )  # fmt: skip
    session.add(plan)
    session.flush()
    for n, spec in enumerate(_P78, start=1):
        session.add(_task(plan, n, spec, 2019))


def add_history(session: Session, seed: int, province: int, author: str) -> int:
    """The 2019 events that answered Plan 78's tasks (for the demo profile only: they lie
    outside the generator's date range). Returns how many were added."""
    plan = session.execute(select(CampaignPlan).where(CampaignPlan.number == P78)).scalar()
    if plan is None:
        return 0
    tasks = session.execute(
        select(PlanTask).where(PlanTask.plan_id == plan.id).order_by(PlanTask.position)
    ).scalars()
    rng = random.Random(seed * 78 + 19)
    communes = _legacy_communes(session, province)
    added = 0
    for n, (task, spec, count) in enumerate(zip(tasks, _P78, _P78_EVENTS, strict=True), 1):
        for i in range(count):
            kind = spec.kinds[i % len(spec.kinds)]
            audience = 0 if kind in ("banner", "led_text", "press", "web_post") else 60 + 7 * i
            session.add(
                OutreachEvent(
                    kind=kind,
                    title=f"{spec.title.split(';')[0][:120]} (đợt {i + 1})",
                    held_on=dt.date(2019, 6, 20) + dt.timedelta(days=rng.randint(0, 40)),
                    held_at="08:00",
                    commune_code=communes[(7 * i + n) % len(communes)],
                    lead_agency=spec.lead,
                    partner_agencies=" ".join(spec.partners),
                    audience_total=audience,
                    audience_women=audience // 2,
                    audience_men=audience - audience // 2,
                    quantity=2 if audience == 0 else 0,
                    languages="vi tay nung",
                    plan_task_id=task.id,
                    state="final",
                    author=author,
                )  # fmt: skip
            )
            added += 1
    session.flush()
    return added


def _border_set(session: Session) -> None:
    """The named set of border communes, unless the profile has one of that code (made
    like a seeded item: the same id on every installation)."""
    have = {i.code for i in refdata.items(session, AREA_SET_KIND, include_inactive=True)}
    if BORDER_SET in have:
        return
    known = select(AdminUnit.code).where(
        AdminUnit.kind == COMMUNE, AdminUnit.code.in_(BORDER_COMMUNES)
    )
    codes = sorted(int(c) for c in session.execute(known).scalars())
    session.add(
        ReferenceItem(
            id=refdata.seed_id(AREA_SET_KIND, BORDER_SET), kind=AREA_SET_KIND, code=BORDER_SET,
            name=BORDER_SET_NAME[0], name_en=BORDER_SET_NAME[1],
            detail=" ".join(str(c) for c in codes), position=1,
        )
    )  # fmt: skip
    session.flush()


def _current_plan(session: Session, year: int) -> list[PlanTask]:
    plan = CampaignPlan(
        number=f"45/KH-BCĐ-{year}", issuer=ISSUER, issued_on=dt.date(year, 6, 2),
        title=f"Kế hoạch phòng, chống mua bán người năm {year}",
        period_start=dt.date(year, 6, 2), period_end=dt.date(year, 12, 31),
        theme="Thực hiện Luật Phòng, chống mua bán người năm 2024",
        legal_basis=CURRENT_BASIS, report_due_on=dt.date(year, 12, 15),
    )  # fmt: skip
    session.add(plan)
    session.flush()
    tasks = [_task(plan, n, spec, year) for n, spec in enumerate(_CURRENT, start=1)]
    session.add_all(tasks)
    session.flush()
    return tasks


Linker = Callable[[dict[str, Any]], None]


def add_plans(session: Session, seed: int, year: int) -> Linker:
    """Add the demo plans (once per profile). Returns what links a new demo event row to a
    task of the current plan when its kind and date fit (about one in two such rows)."""
    have = set(session.execute(select(CampaignPlan.number)).scalars())
    if P78 not in have:
        _plan_78(session)
    tasks: list[PlanTask] = []
    if f"45/KH-BCĐ-{year}" not in have:
        _border_set(session)
        tasks = _current_plan(session, year)
    rng = random.Random(seed * 78 + 7)
    border = set(BORDER_COMMUNES)
    windows = [
        (t.id, set(t.expected_kinds.split()), dt.date(year, 6, 2), t.deadline,
         border if t.area_kind == "set" else None)
        for t in tasks
    ]  # fmt: skip

    def link(row: dict[str, Any]) -> None:
        row["task_link_reason"] = ""  # every demo link lies in its plan's period
        for task_id, kinds, start, end, area in windows:
            if area is not None and row.get("commune_code") not in area:
                continue
            if row["kind"] in kinds and end is not None and start <= row["held_on"] <= end:
                if rng.random() < 0.5:
                    row["plan_task_id"] = task_id
                return

    return link
