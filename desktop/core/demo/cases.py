"""Demo history of a reception case: the workflow steps it walked (append-only
transitions, consistent with its status), the record each step made (the identification
paper, the consent and the referral, the handover, the follow-up) and the support it
received — so a demo case agrees with its records exactly as a real one does."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from desktop.core.cases import eligibility, rules
from desktop.core.db.base import Synced
from desktop.core.db.models_cases import (
    CaseConsent,
    CaseTransition,
    FollowUp,
    Handover,
    Referral,
    SupportEntry,
)
from desktop.core.demo.rows import CASE_PATH, LAST_DAY

PROVIDERS = (
    "Trung tâm Công tác xã hội tỉnh Lạng Sơn",
    "Ủy ban nhân dân xã",
    "Bệnh viện Đa khoa tỉnh Lạng Sơn",
    "Trung tâm Trợ giúp pháp lý nhà nước tỉnh",
    "Hội Liên hiệp Phụ nữ tỉnh",
)
# Rows one case can add at most: its person and case, 8 steps, 4 support entries, a
# consent, a referral, a handover and a follow-up.
MAX_ROWS_PER_CASE = 18
AMOUNTS = {"a": (500_000, 3_000_000), "e": (200_000, 1_500_000), "k": (1_000_000, 5_000_000)}
AMOUNTS |= {"11a": AMOUNTS["a"], "11e": AMOUNTS["k"]}
REASONS = {
    "not_victim": "Kết quả xác minh: không bị mua bán, tự ý xuất cảnh đi làm thuê.",
    "closed": "Đã tái hòa nhập ổn định tại địa phương.",
}
PAPERS = {
    "handed_over_border": ("border_guard", "Đồn Biên phòng cửa khẩu quốc tế Hữu Nghị"),
    "mission_abroad": ("mission", "Tổng Lãnh sự quán Việt Nam tại Nam Ninh"),
    "rescued": ("rescuer", "Công an tỉnh Lạng Sơn"),
    "handed_over_body": ("proceedings", "Cơ quan Cảnh sát điều tra Công an tỉnh Lạng Sơn"),
}
DEFAULT_PAPER = ("police", "Công an tỉnh Lạng Sơn")


def _path(status: str) -> list[str]:
    if status in CASE_PATH:
        return list(CASE_PATH[: CASE_PATH.index(status) + 1])
    if status == "referred":
        return ["received", "verifying", "identified", "referred"]
    if status == "not_victim":
        return ["received", "verifying", "not_victim"]
    raise ValueError(f"no demo path to {status}")


def walk(
    rng: random.Random, person: dict[str, Any], case: dict[str, Any], author: str
) -> dict[type[Synced], list[dict[str, Any]]]:
    """Fill the case's derived fields and return the rows of its history by model (without
    ``case_id``, which the caller sets once the case has its id)."""
    received: dt.date = case["received_on"]
    age = rules.reception_age(
        person["birth_date"], person["birth_year"], person["birth_estimated"], received
    )
    case["age_at_reception"], case["is_child"] = age.years, age.child
    case["age_approximate"], case["child_presumed"] = age.approximate, age.presumed_child
    path = _path(case["status"]) if case["status"] != "closed" else _closed_path(rng)
    on = received
    steps: list[dict[str, Any]] = []
    dates: dict[str, dt.date] = {}
    for src, dst in zip(path, path[1:], strict=False):
        on = min(on + dt.timedelta(days=rng.randint(0, 2 if src == "received" else 40)), LAST_DAY)
        dates[dst] = on
        steps.append({
            "from_status": src, "to_status": dst, "effective_on": on,
            "recorded_at": dt.datetime.combine(on, dt.time(9, 30)), "actor": author,
            "reason": REASONS.get(dst, ""), "agency": "", "office_id": case["office_id"],
        })  # fmt: skip
    status = path[-1]
    case["status"], case["status_on"] = status, on
    case["legal_regime"] = rules.propose_regime(received, dates.get("identified"))
    case["closure_reason"] = ("not_victim" if "not_victim" in path else "reintegrated") if (
        status == "closed") else ""  # fmt: skip
    case["due_on"] = rules.due_date(
        case["legal_regime"], status, received, on, channel=case["channel"],
        notified_on=case["notified_on"],
    )  # fmt: skip
    if "not_victim" in path:
        person["status"] = "not_victim"
    elif "identified" in path and person["status"] != "accompanying_minor":
        person["status"] = "identified_victim"
    out: dict[type[Synced], list[dict[str, Any]]] = {CaseTransition: steps}
    if "identified" in dates:
        kind, issuer = PAPERS.get(case["channel"], DEFAULT_PAPER)
        case["id_doc_type"], case["id_doc_issuer"] = kind, issuer
        case["id_doc_number"] = f"{rng.randint(1, 999)}/XN"
        case["id_doc_date"] = dates["identified"]
        out[SupportEntry] = _support(rng, person, case, author, dates["identified"])
    shares = [d for d in ("referred", "handed_over") if d in dates]
    if shares:
        first = dates[shares[0]]
        out[CaseConsent] = [{
            "referral": True, "sharing": True, "given_on": first, "given_by": "person",
            "representative": "", "note": "", "actor": author,
        }]  # fmt: skip
    if "referred" in dates:
        out[Referral] = [{
            "to_agency": rng.choice(PROVIDERS), "referred_on": dates["referred"],
            "reason": "", "outcome": "", "actor": author,
        }]  # fmt: skip
    if "handed_over" in dates:
        out[Handover] = [{
            "kind": "family", "handed_on": dates["handed_over"],
            "receiver": person["guardian_name"] or "Gia đình", "receiver_role": "",
            "province_code": person["home_province_code"],
            "commune_code": person["home_commune_code"], "place": "",
            "record_number": "", "note": "", "actor": author,
        }]  # fmt: skip
    if "followed_up" in dates:
        out[FollowUp] = [{
            "visited_on": dates["followed_up"], "method": "visit",
            "finding": "Ổn định cuộc sống tại gia đình.", "actor": author,
        }]  # fmt: skip
    return out


def _support(
    rng: random.Random, person: dict[str, Any], case: dict[str, Any], author: str,
    on: dt.date,
) -> list[dict[str, Any]]:  # fmt: skip
    who = eligibility.Who(regime=case["legal_regime"], group=person["status"])
    entitled = eligibility.entitlement(who)
    rows = []
    for code in rng.sample(entitled.types, min(len(entitled.types), rng.randint(0, 4))):
        low, high = AMOUNTS.get(code, (0, 800_000))
        rows.append({
            "support_type": code, "given_on": on,
            "provider": rng.choice(PROVIDERS), "amount": rng.randint(low, high) // 1000 * 1000,
            "funding_source": "Ngân sách tỉnh", "legal_basis": entitled.basis,
            "note": "", "outside_eligibility": False, "reason": "", "actor": author,
            "corrects_id": None,
        })  # fmt: skip
    return rows


def _closed_path(rng: random.Random) -> list[str]:
    end = rng.choices(("followed_up", "reintegrated", "not_victim"), (60, 25, 15))[0]
    return _path(end) + ["closed"]
