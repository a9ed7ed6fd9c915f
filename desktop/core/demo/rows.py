"""Rows of demonstration data (plain dicts, no sync metadata yet) and the word lists behind
them: names, villages, venues and event titles as they appear in Lạng Sơn (Tày, Nùng and
Kinh names; Tày-Nùng village names)."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from desktop.core.outreach import kinds
from desktop.core.places import REFORM_DATE

FAMILY = (
    "Nguyễn", "Hoàng", "Nông", "Vi", "Lương", "Hà", "Triệu", "Lăng", "Mã", "Chu", "Hứa",
    "Trần", "Lê", "Phạm", "Lộc", "Bế", "Đinh", "Dương", "Lục", "La", "Mông", "Tô", "Đàm",
    "Vy", "Lý", "Đặng", "Vũ", "Hoàng", "Nguyễn", "Nông", "Lương",
)  # fmt: skip
MIDDLE_F = ("Thị", "Thị", "Thị", "Thu", "Thanh", "Ngọc", "Minh", "Hồng", "Kim", "Bích", "Mai")
MIDDLE_M = ("Văn", "Văn", "Văn", "Đức", "Minh", "Quang", "Hữu", "Thanh", "Xuân", "Tiến", "Công")
GIVEN_F = (
    "Hòa", "Hoà", "Lan", "Hương", "Mai", "Hạnh", "Thảo", "Linh", "Nga", "Huyền", "Trang",
    "Yến", "Ánh", "Thúy", "Duyên", "Nhung", "Phương", "Hằng", "Vân", "Dung", "Loan", "Liên",
    "Hoa", "Xuân", "Tuyết", "Mơ", "Lụa", "Sen", "Nhàn", "Thơm", "Đào", "Chi", "My", "Ngân",
    "Quỳnh", "Hiền", "Thủy", "Diệp", "Pằn", "Slao",
)  # fmt: skip
GIVEN_M = (
    "Hùng", "Dũng", "Tuấn", "Hải", "Cường", "Thắng", "Long", "Nam", "Sơn", "Quân", "Toàn",
    "Phúc", "Khánh", "Đạt", "Hưng", "Hòa", "Bình", "Tùng", "Vinh", "Thành", "Pín", "Sáng",
)  # fmt: skip

_VILLAGE_HEAD = (
    "Nà",
    "Bản",
    "Khuổi",
    "Pác",
    "Kéo",
    "Còn",
    "Lũng",
    "Nặm",
    "Phai",
    "Khòn",
    "Cốc",
    "Pò",
    "Nà",
    "Bản",
)
_VILLAGE_TAIL = (
    "Lầu", "Pàn", "Chè", "Mò", "Sla", "Pè", "Slam", "Thẳm", "Hin", "Cáp", "Riềng", "Nưa",
    "Tèo", "Vài", "Pựt", "Táp", "Coóc", "Lự", "Phja", "Mạ", "Sảng", "Cưởm", "Quang", "Đông",
)  # fmt: skip


def village_name(rng: random.Random) -> str:
    """A Tày-Nùng style village name such as "Nà Lầu" or "Khuổi Phja"."""
    return f"{rng.choice(_VILLAGE_HEAD)} {rng.choice(_VILLAGE_TAIL)}"


def person_name(rng: random.Random, sex: str) -> str:
    """Family name, middle name and given name."""
    if sex == "male":
        return f"{rng.choice(FAMILY)} {rng.choice(MIDDLE_M)} {rng.choice(GIVEN_M)}"
    return f"{rng.choice(FAMILY)} {rng.choice(MIDDLE_F)} {rng.choice(GIVEN_F)}"


_ETHNIC_WEIGHTS = {"nung": 40, "tay": 35, "kinh": 14, "dao": 5, "hmong": 2, "san_chay": 2, "hoa": 1}


def ethnic_weights(codes: list[str]) -> list[int]:
    """Rough shares of Lạng Sơn's peoples for the given ethnic group codes."""
    return [_ETHNIC_WEIGHTS.get(c, 1) for c in codes]


VENUES = (
    "Nhà văn hóa thôn {village}",
    "Trụ sở Ủy ban nhân dân {commune}",
    "Trường Trung học cơ sở {commune}",
    "Chợ phiên {commune}",
    "Sân thể thao thôn {village}",
    "Điểm trường thôn {village}",
)

NOTES = (
    "Sử dụng tiếng Tày và tiếng Nùng.",
    "Phát tờ rơi song ngữ Việt - Trung.",
    "Có đại diện Đồn Biên phòng tham dự.",
    "Lồng ghép với sinh hoạt chi hội phụ nữ.",
    "Phối hợp với Đoàn Thanh niên xã.",
    "Đối tượng chủ yếu là học sinh và thanh niên.",
    "Tuyên truyền về thủ đoạn lừa đi làm việc lương cao bên kia biên giới.",
    "Giới thiệu đường dây nóng 111.",
)

# Kinds that count things rather than people (with a plausible range).
COUNTED_KINDS: dict[str, tuple[int, int]] = {
    "banner": (1, 12),
    "led_text": (1, 30),
    "leaflet": (50, 1500),
    "loudspeaker": (5, 240),  # minutes
    "press": (1, 5),
    "web_post": (1, 8),
    "pledge": (10, 300),
    "model_club": (1, 3),
}
# The kinds whose evidence is no gathering (press columns and documentaries too).
NO_AUDIENCE = kinds.NO_AUDIENCE

_TITLES: dict[str, tuple[str, ...]] = {
    "banner": ("Treo băng rôn, khẩu hiệu phòng, chống mua bán người tại {where}",),
    "led_text": (
        "Chạy chữ trên bảng điện tử hưởng ứng Ngày toàn dân phòng, chống mua bán người tại {where}",
    ),
    "leaflet": ("Phát tờ rơi phòng, chống mua bán người tại {where}",),
    "talk": (
        "Nói chuyện chuyên đề phòng, chống mua bán người tại {where}",
        "Tọa đàm về thủ đoạn lừa đảo xuất cảnh trái phép tại {where}",
    ),
    "forum": ("Diễn đàn phụ nữ với phòng, chống mua bán người tại {where}",),
    "counselling": ("Tư vấn pháp luật về phòng, chống mua bán người tại {where}",),
    "rally": ("Mít tinh hưởng ứng Ngày toàn dân phòng, chống mua bán người 30/7 tại {where}",),
    "loudspeaker": ("Phát thanh tin phòng, chống mua bán người trên loa truyền thanh tại {where}",),
    "press": ("Tin bài phản ánh công tác phòng, chống mua bán người tại {where}",),
    "web_post": ("Đăng tin tuyên truyền phòng, chống mua bán người về hoạt động tại {where}",),
    "pledge": ("Ký cam kết không tham gia mua bán người tại {where}",),
    "mobile": ("Tuyên truyền lưu động phòng, chống mua bán người tại {where}",),
    "performance": ("Chiếu phim, biểu diễn tiểu phẩm phòng, chống mua bán người tại {where}",),
    "model_club": ("Sinh hoạt câu lạc bộ phòng, chống mua bán người tại {where}",),
    "elders_conference": ("Hội nghị người có uy tín về phòng, chống mua bán người tại {where}",),
    "training": ("Tập huấn nghiệp vụ phòng, chống mua bán người cho cán bộ tại {where}",),
}
_DEFAULT_TITLES = (
    "Tuyên truyền phòng, chống mua bán người tại {where}",
    "Tuyên truyền Luật Phòng, chống mua bán người tại {where}",
)


def event_title(rng: random.Random, kind: str, where: str) -> str:
    """A plausible Vietnamese title for an outreach event of *kind* at *where*."""
    options = _TITLES.get(kind, ()) + _DEFAULT_TITLES
    return rng.choice(options).format(where=where)


FIRST_DAY = dt.date(2024, 1, 1)
# Fixed, so a seed always gives the same data; ends close to the first release.
LAST_DAY = dt.date(2026, 11, 20)

CHANNELS = (
    "handed_over_border", "self_reported", "rescued", "mission_abroad", "self_returned",
    "handed_over_body",
)  # fmt: skip
CHANNEL_WEIGHTS = (45, 15, 18, 8, 10, 4)
# The workflow path a demo case has walked so far, and how often each end point occurs.
CASE_PATH = ("received", "verifying", "identified", "handed_over", "reintegrated", "followed_up")
CASE_STATUSES = (*CASE_PATH, "referred", "not_victim", "closed")
CASE_STATUS_WEIGHTS = (4, 6, 10, 10, 12, 10, 8, 5, 35)


@dataclass
class Places:
    """Communes to draw from: (code, name) for current and legacy units."""

    current: list[tuple[int, str]]
    legacy: list[tuple[int, str]]
    province: int = 20

    def pick(self, rng: random.Random, on: dt.date) -> tuple[int, str]:
        units = self.legacy if on < REFORM_DATE and self.legacy else self.current
        return rng.choice(units)


Span = tuple[dt.date | None, dt.date | None]  # valid_from, valid_to (None: open)


@dataclass
class Refs:
    agencies: list[str]
    kinds: list[str]
    gates: list[str]
    ethnic: list[str]
    # code → (valid_from, valid_to) of agencies with dates (none: valid every day)
    agency_spans: dict[str, Span] = field(default_factory=dict)
    _by_day: dict[dt.date, list[str]] = field(default_factory=dict, repr=False)

    def agencies_on(self, day: dt.date) -> list[str]:
        """The agencies valid on *day* (a department merged away in 2025 leads only the
        events before the reform); all of them if none is."""
        found = self._by_day.get(day)
        if found is None:
            found = [a for a in self.agencies if _valid(self.agency_spans.get(a), day)]
            self._by_day[day] = found or self.agencies
        return self._by_day[day]


def _valid(span: Span | None, day: dt.date) -> bool:
    if span is None:
        return True
    first, last = span
    return (first is None or first <= day) and (last is None or day <= last)


def random_day(rng: random.Random) -> dt.date:
    span = (LAST_DAY - FIRST_DAY).days
    return FIRST_DAY + dt.timedelta(days=rng.randint(0, span))


def lower_first(name: str) -> str:
    return name[:1].lower() + name[1:]


def _event_extras(rng: random.Random, refs: Refs, audience: bool, day: dt.date) -> dict[str, Any]:
    """Time, partner agencies (valid on *day*), languages and ethnic groups of a demo
    event."""
    languages = ["vi"] + rng.sample(["tay", "nung"], rng.randint(0, 2))
    agencies = refs.agencies_on(day)
    partners = rng.sample(agencies, min(len(agencies), rng.randint(0, 2)))
    groups = rng.sample(refs.ethnic, min(3, len(refs.ethnic))) if audience else []
    return {
        "held_at": f"{rng.choice((7, 8, 9, 14, 15, 19)):02d}:{rng.choice((0, 30)):02d}",
        "partner_agencies": " ".join(partners),
        "languages": " ".join(languages),
        "ethnic_groups": " ".join(groups),
        "plan_task_id": None,
    }


def event_row(
    rng: random.Random, refs: Refs, places: Places, author: str, office: str | None
) -> dict[str, Any]:
    held_on = random_day(rng)
    code, commune = places.pick(rng, held_on)
    village = village_name(rng)
    kind = rng.choice(refs.kinds)
    hamlet = "khối" if commune.startswith("Phường") else "thôn"
    where = f"{hamlet} {village}, {lower_first(commune)}"
    title = event_title(rng, kind, where)
    venue = rng.choice(VENUES).format(village=village, commune=lower_first(commune))
    total = women = men = youth = 0
    quantity = 0
    if kind in COUNTED_KINDS:
        quantity = rng.randint(*COUNTED_KINDS[kind])
    if kind not in NO_AUDIENCE:
        total = rng.randint(15, 350)
        women = rng.randint(total // 4, (total * 3) // 4)
        men = rng.randint(0, total - women)
        youth = rng.randint(0, total // 3)
    notes = ""
    if rng.random() < 0.35:
        notes = rng.choice(NOTES)
    minutes = 0
    if kind == "loudspeaker":  # broadcasts of about a quarter of an hour each
        minutes, quantity = quantity, max(1, quantity // 15)
    extra = _event_extras(rng, refs, kind not in NO_AUDIENCE, held_on)
    return {
        **extra,
        "minutes": minutes,
        "kind": kind,
        "title": title,
        "held_on": held_on,
        "commune_code": code,
        "village": village,
        "venue": venue,
        "lead_agency": rng.choice(refs.agencies_on(held_on)),
        "audience_total": total,
        "audience_women": women,
        "audience_men": men,
        "audience_youth": youth,
        "quantity": quantity,
        "notes": notes,
        "state": "final",
        "author": author,
        "office_id": office,
    }


def person_and_case_rows(
    rng: random.Random,
    refs: Refs,
    places: Places,
    author: str,
    office: str | None,
    next_code: Callable[[int], str],
) -> tuple[dict[str, Any], dict[str, Any]]:
    received = random_day(rng)
    sex = "female" if rng.random() < 0.82 else "male"
    if rng.random() < 0.03:
        sex = "other"
    minor = rng.random() < 0.17
    age = rng.randint(6, 17) if minor else rng.randint(18, 52)
    birth_year = received.year - age
    birth_date = None
    if rng.random() < 0.6:
        birth_date = dt.date(birth_year, rng.randint(1, 12), rng.randint(1, 28))
    if minor and age < 14 and rng.random() < 0.5:
        status = "accompanying_minor"
    else:
        status = rng.choices(
            ("under_verification", "identified_victim", "not_victim"), (25, 65, 10)
        )[0]
    home_code, home_name = rng.choice(places.current)
    id_number = ""
    if age >= 14 and rng.random() < 0.55:
        century = (0 if birth_year < 2000 else 2) + (1 if sex == "female" else 0)
        id_number = f"020{century}{birth_year % 100:02d}{rng.randint(0, 999999):06d}"
    person = {
        "full_name": person_name(rng, sex),
        "other_names": "",
        "sex": sex,
        "birth_date": birth_date,
        "birth_year": birth_year,
        "ethnic_group": rng.choices(refs.ethnic, ethnic_weights(refs.ethnic))[0],
        "nationality": "VN",
        "id_number": id_number,
        "home_commune_code": home_code,
        "address": f"Thôn {village_name(rng)}, {lower_first(home_name)}",
        "status": status,
        "birth_estimated": birth_date is None,
        "legacy_commune_code": None,
        "current_address": "",
        "contact": "",
        "guardian_name": f"{person_name(rng, 'female')} (mẹ)" if minor else "",
        "guardian_contact": f"09{rng.randint(10000000, 99999999)}" if minor else "",
        "languages": "",
        "photo": "",
        "home_province_code": places.province,
        "stateless_resident": False,
    }
    channel = rng.choices(CHANNELS, CHANNEL_WEIGHTS)[0]
    gate = ""
    if channel == "handed_over_border" or (channel == "rescued" and rng.random() < 0.3):
        gate = rng.choice(refs.gates)
    code, _name = places.pick(rng, received)
    case = {
        "case_code": next_code(received.year),
        "received_on": received,
        "channel": channel,
        "border_gate": gate,
        "commune_code": code,
        "legal_regime": "2011" if received < REFORM_DATE else "2024",
        "status": rng.choices(CASE_STATUSES, CASE_STATUS_WEIGHTS)[0],
        "office_id": office,
        "author": author,
        "regime_reason": "",
        "age_at_reception": age,
        "is_child": minor,
        "status_on": received,
        "due_on": None,
        "closure_reason": "",
        "destination_country": "CN" if rng.random() < 0.9 else "",
        "destination_place": rng.choice(("Quảng Tây", "Quảng Đông", "Vân Nam", "")),
        "exploitation": rng.choice(("forced_marriage", "labour", "sexual", "forced_marriage")),
        "months_away": rng.randint(1, 60),
        "recruitment": "",
        "notified_on": received if channel in ("self_reported", "self_returned") else None,
        "purposes": rng.choice(("material", "sexual", "labour", "material inhumane")),
        "recruitment_methods": rng.choice(
            ("job_offer online_zalo", "marriage_offer", "romance online_facebook", "job_offer")
        ),
        "control_means": rng.choice(("withholds_documents", "restricts_movement threats", "")),
        "recruiter_relation": rng.choice(("acquaintance", "stranger", "online_contact", "family")),
        "age_trafficked": None,
        "age_approximate": birth_date is None,
        "child_presumed": False,
        "abroad": False,
        "trafficked_in_vn": False,
        "accompanied_case_id": None,
        "id_doc_type": "",
        "id_doc_number": "",
        "id_doc_date": None,
        "id_doc_issuer": "",
    }
    return person, case
