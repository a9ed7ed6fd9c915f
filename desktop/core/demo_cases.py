"""Demo history of a reception case: the workflow steps it walked (append-only
transitions, consistent with its status) and the support it received."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from desktop.core.cases import rules
from desktop.core.demo_rows import CASE_PATH, LAST_DAY

PROVIDERS = (
    "Trung tâm Công tác xã hội tỉnh Lạng Sơn",
    "Ủy ban nhân dân xã",
    "Bệnh viện Đa khoa tỉnh Lạng Sơn",
    "Trung tâm Trợ giúp pháp lý nhà nước tỉnh",
    "Hội Liên hiệp Phụ nữ tỉnh",
)
# Rows one case can add at most: its person and case, 8 steps, 4 support entries.
MAX_ROWS_PER_CASE = 14
AMOUNTS = {"a": (500_000, 3_000_000), "e": (200_000, 1_500_000), "k": (1_000_000, 5_000_000)}
REASONS = {
    "not_victim": "Kết quả xác minh: không bị mua bán, tự ý xuất cảnh đi làm thuê.",
    "closed": "Đã tái hòa nhập ổn định tại địa phương.",
}


def _path(status: str) -> list[str]:
    if status in CASE_PATH:
        return list(CASE_PATH[: CASE_PATH.index(status) + 1])
    if status == "referred":
        return ["received", "verifying", "identified", "supported", "referred"]
    if status == "not_victim":
        return ["received", "verifying", "not_victim"]
    raise ValueError(f"no demo path to {status}")


def walk(
    rng: random.Random, person: dict[str, Any], case: dict[str, Any], author: str
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Fill the case's derived fields and return its transition and support rows (without
    ``case_id``, which the caller sets once the case has its id)."""
    received: dt.date = case["received_on"]
    age = rules.age_at(person["birth_date"], person["birth_year"], received)
    case["age_at_reception"], case["is_child"] = age, rules.is_child(age)
    path = _path(case["status"]) if case["status"] != "closed" else _closed_path(rng)
    on = received
    steps: list[dict[str, Any]] = []
    identified_on = None
    for src, dst in zip(path, path[1:], strict=False):
        on = min(on + dt.timedelta(days=rng.randint(0, 2 if src == "received" else 40)), LAST_DAY)
        identified_on = on if dst == "identified" else identified_on
        steps.append({
            "from_status": src, "to_status": dst, "effective_on": on,
            "recorded_at": dt.datetime.combine(on, dt.time(9, 30)), "actor": author,
            "reason": REASONS.get(dst, ""), "agency": "", "office_id": case["office_id"],
        })  # fmt: skip
    status = path[-1]
    case["status"], case["status_on"] = status, on
    case["legal_regime"] = rules.propose_regime(received, identified_on)
    case["closure_reason"] = ("not_victim" if "not_victim" in path else "reintegrated") if (
        status == "closed") else ""  # fmt: skip
    case["due_on"] = rules.due_date(case["legal_regime"], status, received, on)
    if "not_victim" in path:
        person["status"] = "not_victim"
    elif "identified" in path and person["status"] != "accompanying_minor":
        person["status"] = "identified_victim"
    support: list[dict[str, Any]] = []
    if "supported" in path:
        eligible = rules.eligible_types(person["status"], person["nationality"])
        for code in rng.sample(eligible, min(len(eligible), rng.randint(1, 4))):
            low, high = AMOUNTS.get(code, (0, 800_000))
            support.append({
                "support_type": code, "given_on": identified_on or received,
                "provider": rng.choice(PROVIDERS), "amount": rng.randint(low, high) // 1000 * 1000,
                "funding_source": "Ngân sách tỉnh", "legal_basis": "",
                "note": "", "outside_eligibility": False, "reason": "", "actor": author,
            })  # fmt: skip
    return steps, support


def _closed_path(rng: random.Random) -> list[str]:
    end = rng.choices(("followed_up", "reintegrated", "not_victim"), (60, 25, 15))[0]
    return _path(end) + ["closed"]
