"""Reference data: the editable lists (agencies, border gates, facilities, ethnic groups,
languages, outreach kinds). Seeded for Lạng Sơn from DOMAIN.md; the provincial
administrator edits them, and they travel down to laptops in bundles.

Items know their dates: ``valid_from`` and ``valid_to`` (empty = open) bound the days an
item may be chosen for a record. A body merged away is never deleted: its item ends the day
before the reform, so a 2019 event still shows its 2019 department (``name_on``) while a
new event is offered only the bodies of its own day (``items_on``, ``choices_on``).

Names the team could not confirm (facility names) are seeded as a starting point and
marked so an administrator checks them.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import ColumnElement, Select, or_, select
from sqlalchemy.orm import Session

from desktop.core import i18n
from desktop.core.db import settings
from desktop.core.db.base import new_id
from desktop.core.db.models import AdminUnit, NodeState, ReferenceItem, Setting
from desktop.core.errors import ValidationError
from desktop.core.i18n import N_, _
from desktop.core.security import audit
from desktop.core.security.accounts import SignedIn, require_admin

if TYPE_CHECKING:  # the profile module imports this one
    from desktop.core.profile import OpenProfile

UNCONFIRMED = "unconfirmed"

KINDS: dict[str, str] = {
    "agency": N_("Agencies"),
    "border_gate": N_("Border gates"),
    "facility": N_("Shelters and social protection facilities"),
    "ethnic_group": N_("Ethnic groups"),
    "language": N_("Languages"),
    "outreach_kind": N_("Outreach activity kinds"),
    # A named set of communes a plan task is measured over (its detail: commune codes).
    "area_set": N_("Named sets of communes"),
}

# -- the reform of 2025 -------------------------------------------------------------------
#
# Decree 45/2025/NĐ-CP of 28 February 2025 on the specialised agencies of provincial
# People's Committees, in force 1 March 2025 (Art. 8: the departments every province has),
# applied in Lạng Sơn by Resolution 04/NQ-HĐND of 18 February 2025 of the provincial
# People's Council (6 new departments from 1 March 2025). Sources read for each mapping:
# - labour → Department of Home Affairs; information and communications → Department of
#   Science and Technology: Decree 45/2025 Art. 8 as summarised at
#   https://taphalaw.com/en/ten-goi-moi-cac-nganh-cap-tinh-sau-sap-xep-hop-nhat.html, and for
#   Lạng Sơn https://news.laodong.vn/thoi-su/tu-132025-lang-son-co-6-so-moi-sau-khi-sap-nhap-1465541.ldo
#   (Home Affairs = Home Affairs + Labour, Invalids and Social Affairs; Science and Technology
#   = Information and Communications + Science and Technology; a new Department of Ethnic
#   Minorities and Religions).
# - social protection, children and the prevention of social evils (victim support) →
#   Department of Health; vocational education → Department of Education and Training: the
#   same split at ministry level (https://news.laodong.vn/thoi-su/trach-nhiem-cua-bo-noi-vu-va-bo-ldtbxh-khi-thuc-hien-sap-xep-1432460.ldo),
#   and at provincial level e.g. https://dantri.com.vn/noi-vu/ban-giao-cac-don-vi-nganh-ld-tbxh-tphcm-ve-so-noi-vu-20250228173740028.htm;
#   in Lạng Sơn the Department of Health runs the provincial social protection facility and
#   children's fund in 2025 (https://www.vietnam.vn/en/so-y-te-tinh-lang-son-to-chuc-chuong-trinh-tham-tang-qua-va-vui-tet-trung-thu-nam-2025).
# - the press and publishing → Culture, Sports and Tourism (Decree 43/2025/NĐ-CP for the
#   ministry, from 1 March 2025: https://en.sggp.org.vn/ministry-of-culture-sports-tourism-to-oversee-press-and-publishing-sectors-post116024.html);
#   the department keeps its name.
# - the Department of Foreign Affairs is one Decree 45/2025 lets some provinces keep, and
#   Lạng Sơn kept it: its functions were set anew by Decision 50/2025/QĐ-UBND of 30 June 2025
#   (https://songv.langson.gov.vn/gioi-thieu/gioi-thieu-chung). It is NOT ended here
#   (DOMAIN.md says it merged away: for Lạng Sơn that is not so).
# - district police ceased on 1 March 2025 (police in two tiers, province and commune:
#   https://cafef.vn/nhung-quy-dinh-quan-trong-co-hieu-luc-tu-thang-3-2025-188250301083814224.chn);
#   the district level itself ceased on 1 July 2025 (Resolution 202/2025/QH15; Lạng Sơn's
#   communes by Resolution 1672/NQ-UBTVQH15 of 16 June 2025).
DECREE_45_START = dt.date(2025, 3, 1)
BEFORE_DECREE_45 = dt.date(2025, 2, 28)
LAST_DISTRICT_DAY = dt.date(2025, 6, 30)


@dataclass(frozen=True)
class _Seed:
    code: str
    name: str  # Vietnamese
    name_en: str
    detail: str = ""
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None
    unit_code: int | None = None  # a border gate's current commune (admin_units)


# Lists keep the order of version 0.1 (positions are the seed order); items added later
# come after them.
_SEED: dict[str, list[_Seed]] = {
    "agency": [
        _Seed(
            "bcd",
            "Ban Chỉ đạo phòng, chống tội phạm tỉnh",
            "Provincial crime prevention steering committee",
        ),
        _Seed("police", "Công an tỉnh", "Provincial Police", "cơ quan thường trực"),
        _Seed("border_guard", "Bộ đội Biên phòng tỉnh", "Provincial Border Guard"),
        _Seed("womens_union", "Hội Liên hiệp Phụ nữ tỉnh", "Provincial Women's Union"),
        _Seed(
            "info_comm",
            "Sở Thông tin và Truyền thông",
            "Department of Information and Communications",
            "hợp nhất vào Sở Khoa học và Công nghệ từ 01/3/2025; báo chí, xuất bản chuyển "
            "Sở Văn hóa, Thể thao và Du lịch (Nghị định 45/2025/NĐ-CP)",
            valid_to=BEFORE_DECREE_45,
        ),
        _Seed(
            "labour",
            "Sở Lao động - Thương binh và Xã hội",
            "Department of Labour, Invalids and Social Affairs",
            "chấm dứt từ 01/3/2025: lao động, việc làm, người có công chuyển Sở Nội vụ; bảo "
            "trợ xã hội, trẻ em, phòng, chống tệ nạn xã hội chuyển Sở Y tế; giáo dục nghề "
            "nghiệp chuyển Sở Giáo dục và Đào tạo (Nghị định 45/2025/NĐ-CP)",
            valid_to=BEFORE_DECREE_45,
        ),
        _Seed(
            "foreign_affairs",
            "Sở Ngoại vụ",
            "Department of Foreign Affairs",
            "Lạng Sơn giữ Sở Ngoại vụ sau Nghị định 45/2025/NĐ-CP (Quyết định 50/2025/QĐ-UBND)",
        ),
        _Seed(
            "health",
            "Sở Y tế",
            "Department of Health",
            "từ 01/3/2025 cả bảo trợ xã hội, trẻ em, hỗ trợ nạn nhân",
        ),
        _Seed(
            "education",
            "Sở Giáo dục và Đào tạo",
            "Department of Education and Training",
            "từ 01/3/2025 cả giáo dục nghề nghiệp",
        ),
        _Seed(
            "culture",
            "Sở Văn hóa, Thể thao và Du lịch",
            "Department of Culture, Sports and Tourism",
            "từ 01/3/2025 cả báo chí, xuất bản",
        ),
        _Seed("youth_union", "Tỉnh đoàn", "Provincial Youth Union"),
        _Seed(
            "fatherland_front",
            "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh",
            "Provincial Fatherland Front",
        ),
        _Seed("commune_pc", "Ủy ban nhân dân xã", "Commune People's Committee"),
        _Seed("commune_police", "Công an xã", "Commune Police"),
        # Added with version 0.2 (seed version 2):
        _Seed(
            "home_affairs",
            "Sở Nội vụ",
            "Department of Home Affairs",
            "từ 01/3/2025 hợp nhất Sở Nội vụ và Sở Lao động - Thương binh và Xã hội",
            valid_from=DECREE_45_START,
        ),
        _Seed(
            "science_tech",
            "Sở Khoa học và Công nghệ",
            "Department of Science and Technology",
            "từ 01/3/2025 hợp nhất Sở Khoa học và Công nghệ và Sở Thông tin và Truyền thông",
            valid_from=DECREE_45_START,
        ),
        _Seed(
            "ethnic_religion",
            "Sở Dân tộc và Tôn giáo",
            "Department of Ethnic Minorities and Religions",
            "từ 01/3/2025 (Ban Dân tộc tỉnh, thêm tín ngưỡng, tôn giáo)",
            valid_from=DECREE_45_START,
        ),
        _Seed(
            "district_police",
            "Công an huyện",
            "District Police",
            "công an cấp huyện kết thúc hoạt động từ 01/3/2025",
            valid_to=BEFORE_DECREE_45,
        ),
        _Seed(
            "district_pc",
            "Ủy ban nhân dân huyện",
            "District People's Committee",
            "cấp huyện kết thúc hoạt động từ 01/7/2025",
            valid_to=LAST_DISTRICT_DAY,
        ),
    ],
    # Each gate's commune since 1 July 2025 (admin_units code, vietnam-provinces 2025.10.1),
    # found from the old commune it stood in through the package's old→new table (the legacy
    # snapshot, resources/data/legacy_units_20.json). Lạng Sơn's communes were rearranged by
    # Resolution 1672/NQ-UBTVQH15 of 16 June 2025 (not 1677: that number is not Lạng Sơn's);
    # the new communes named here are among the 65 it lists. Checked in December 2026:
    # - Hữu Nghị and Đồng Đăng station: thị trấn Đồng Đăng, Cao Lộc (6184) → xã Đồng Đăng
    #   (6184). Old commune: the Đồng Đăng town portal's own page (both gates "thị trấn Đồng
    #   Đăng") and the Cao Lộc district page of the provincial portal. Checked.
    # - Chi Ma: xã Yên Khoái, Lộc Bình (6541) → xã Mẫu Sơn (6541). The merger: Resolution
    #   1672/NQ-UBTVQH15 Art. 1 item 34 (Mẫu Sơn of Lộc Bình, Yên Khoái, Tú Mịch → xã Mẫu
    #   Sơn), as quoted by a legal site. Checked.
    # - Tân Thanh: xã Tân Thanh, Văn Lãng (6166) → xã Hoàng Văn Thụ (6172). Old commune:
    #   public pages on the gate (bản Nà Lầu, xã Tân Thanh). Checked.
    # - Nà Nưa: xã Quốc Khánh, Tràng Định (6004) → xã Quốc Khánh (6016); Bình Nghi: xã Đào
    #   Viên, Tràng Định (6043) → xã Quốc Việt (6058). Old communes: a Dân tộc & Miền núi
    #   article on Tràng Định (Bình Nghi in Đào Viên, Nà Nưa in Quốc Khánh), for Nà Nưa also
    #   a 2019 Customs News article. Checked.
    # - Cốc Nam: xã Tân Mỹ, Văn Lãng (6172) → xã Hoàng Văn Thụ (6172); Na Hình: xã Thụy
    #   Hùng, Văn Lãng (6136) → xã Thụy Hùng (6148). NOT VERIFIED: no public source found
    #   naming their old commune (the Văn Lãng Thụy Hùng is meant, not Cao Lộc's Thụy Hùng,
    #   6208, which went to xã Đồng Đăng). The province should confirm these two.
    # - For every gate the old→new step is the package's table: only Chi Ma's item of the
    #   resolution was read in full; the others rest on the package and on the new commune
    #   names the resolution lists. The administrator can correct a gate's commune.
    "border_gate": [
        _Seed(
            "huu_nghi",
            "Cửa khẩu quốc tế Hữu Nghị",
            "Hữu Nghị international border gate",
            "đường bộ",
            unit_code=6184,
        ),
        _Seed(
            "dong_dang",
            "Ga đường sắt liên vận quốc tế Đồng Đăng",
            "Đồng Đăng international railway station",
            "đường sắt",
            unit_code=6184,
        ),
        _Seed("chi_ma", "Cửa khẩu chính Chi Ma", "Chi Ma main border gate", unit_code=6541),
        _Seed(
            "tan_thanh",
            "Cửa khẩu Tân Thanh",
            "Tân Thanh border gate",
            "thuộc cặp cửa khẩu Hữu Nghị",
            unit_code=6172,
        ),
        _Seed(
            "coc_nam",
            "Cửa khẩu Cốc Nam",
            "Cốc Nam border gate",
            "thuộc cặp cửa khẩu Hữu Nghị",
            unit_code=6172,
        ),
        _Seed("na_hinh", "Cửa khẩu Na Hình", "Na Hình border gate", unit_code=6148),
        _Seed("na_nua", "Cửa khẩu Nà Nưa", "Nà Nưa border gate", unit_code=6016),
        _Seed("binh_nghi", "Cửa khẩu Bình Nghi", "Bình Nghi border gate", unit_code=6058),
    ],
    "facility": [
        _Seed(
            "social_work_centre",
            "Trung tâm Công tác xã hội tỉnh",
            "Provincial Social Work Centre",
            UNCONFIRMED,
        ),
        _Seed(
            "social_protection",
            "Cơ sở trợ giúp xã hội tổng hợp tỉnh",
            "Provincial social protection facility",
            UNCONFIRMED,
        ),
    ],
    "ethnic_group": [
        _Seed("kinh", "Kinh", "Kinh"),
        _Seed("tay", "Tày", "Tày"),
        _Seed("nung", "Nùng", "Nùng"),
        _Seed("dao", "Dao", "Dao"),
        _Seed("hmong", "H'Mông", "Hmong"),
        _Seed("san_chay", "Sán Chay", "San Chay"),
        _Seed("hoa", "Hoa", "Hoa"),
        _Seed("san_diu", "Sán Dìu", "San Diu"),
        _Seed("other", "Dân tộc khác", "Other ethnic group"),
    ],
    "language": [
        _Seed("vi", "Tiếng Việt", "Vietnamese"),
        _Seed("tay", "Tiếng Tày", "Tày"),
        _Seed("nung", "Tiếng Nùng", "Nùng"),
        _Seed("hmong", "Tiếng H'Mông", "Hmong"),
        _Seed("dao", "Tiếng Dao", "Dao"),
        _Seed("zh", "Tiếng Trung", "Chinese"),
    ],
    "outreach_kind": [
        _Seed("banner", "Băng rôn, khẩu hiệu", "Banners and slogans"),
        _Seed("led_text", "Chữ chạy trên bảng điện tử", "Running text on electronic boards"),
        _Seed("leaflet", "Tờ rơi, áp phích", "Posters and leaflets"),
        _Seed("talk", "Nói chuyện chuyên đề, tọa đàm", "Talks and seminars"),
        _Seed("forum", "Diễn đàn, đối thoại", "Forums and dialogues"),
        _Seed("counselling", "Tư vấn", "Counselling sessions"),
        _Seed("rally", "Mít tinh, diễu hành", "Meetings, rallies and parades"),
        _Seed("loudspeaker", "Phát thanh trên loa truyền thanh cơ sở", "Loudspeaker broadcasts"),
        _Seed("press", "Tin, bài trên báo, đài", "Press, radio and TV items"),
        _Seed(
            "web_post",
            "Tin, bài trên cổng thông tin, mạng xã hội",
            "Web portal and social-media posts",
        ),
        _Seed("pledge", "Ký cam kết", "Pledges signed"),
        _Seed("mobile", "Tuyên truyền lưu động", "Mobile outreach"),
        _Seed(
            "performance",
            "Chiếu phim, tiểu phẩm, văn nghệ",
            "Film screenings, skits and performances",
        ),
        _Seed("model_club", "Mô hình, câu lạc bộ", "Prevention models and clubs"),
        _Seed(
            "elders_conference",
            "Hội nghị người có uy tín",
            "Conferences for village elders and respected persons",
        ),
        _Seed("training", "Tập huấn cán bộ", "Trainings for officials"),
        # What Plan 78/KH-BCĐ (7 June 2019) asks for besides (seed version 2). The venue
        # type is the kind (school, enterprise); pupils are counted as young people and
        # students, workers as the audience, and the quantity counts the schools or
        # enterprises reached (``outreach.kinds``).
        _Seed(
            "guangxi_coop",
            "Phối hợp với lực lượng chức năng Quảng Tây (Trung Quốc)",
            "Cooperation with the authorities of Guangxi (China)",
            "hợp tác quốc tế về phòng ngừa, xác minh, giải cứu, tiếp nhận nạn nhân trở về",
        ),
        _Seed("school", "Tuyên truyền trong trường học", "Outreach in schools"),
        _Seed("enterprise", "Tuyên truyền tại doanh nghiệp", "Outreach in enterprises"),
        _Seed(
            "press_column",
            "Chuyên trang, chuyên mục trên báo, đài",
            "Press pages and columns",
        ),
        _Seed("documentary", "Phóng sự, phim tài liệu", "Reports and documentaries"),
    ],
}
# Raised when the seed lists gain items an installation made before must get: the province
# adds them when its profile opens (``seed_new``). 1: version 0.1; 2: dated departments
# after Decree 45/2025, Plan 78's outreach kinds, border gates' communes.
SEED_VERSION = "2"
SEED_SETTING = "refdata.seed"


@dataclass(frozen=True)
class ItemView:
    id: str
    kind: str
    code: str
    name: str
    name_en: str
    detail: str
    active: bool
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None
    unit_code: int | None = None

    def valid_on(self, on: dt.date) -> bool:
        """True when the item may be chosen for a record of day *on*."""
        return (self.valid_from is None or self.valid_from <= on) and (
            self.valid_to is None or on <= self.valid_to
        )


def _view(item: ReferenceItem) -> ItemView:
    return ItemView(
        item.id,
        item.kind,
        item.code,
        item.name,
        item.name_en,
        item.detail,
        item.active,
        item.valid_from,
        item.valid_to,
        item.unit_code,
    )


_SEED_NAMESPACE = uuid.UUID("6f0c1d2e-5a7b-4c3d-9e8f-0a1b2c3d4e5f")


def seed_id(kind: str, code: str) -> str:
    """Seeded items get the same id on every installation, so the same list made twice is
    the same rows (and the same revisions) when bundles meet."""
    return str(uuid.uuid5(_SEED_NAMESPACE, f"{kind}:{code}"))


def seed(session: Session) -> int:
    """Insert the seed lists (only items not present yet, by id or by list and code), and
    note the seed version. Returns how many were added."""
    existing = {(k, c) for k, c in session.execute(select(ReferenceItem.kind, ReferenceItem.code))}
    ids = set(session.execute(select(ReferenceItem.id)).scalars())
    added = 0
    for kind, items in _SEED.items():
        for position, it in enumerate(items):
            item_id = seed_id(kind, it.code)
            if (kind, it.code) in existing or item_id in ids:
                continue  # kept as it is: an administrator may have changed it
            session.add(
                ReferenceItem(
                    id=item_id,
                    kind=kind,
                    code=it.code,
                    name=it.name,
                    name_en=it.name_en,
                    detail=it.detail,
                    position=position,
                    valid_from=it.valid_from,
                    valid_to=it.valid_to,
                    unit_code=it.unit_code,
                )
            )
            added += 1
    settings.put(session, SEED_SETTING, SEED_VERSION)
    session.flush()
    return added


def seed_new(session: Session) -> int:
    """At the province, add the seed items a newer version brought (once per seed version;
    run when the profile opens). Their ids come from list and code, so the rows are the
    same wherever they are made; reference lists change only at the province (DESIGN.md
    §5a), so laptops get them in the province's next receipt, never make them themselves.
    Returns how many were added."""
    level = session.execute(select(NodeState.level)).scalar()
    if level != "province":
        return 0
    row = session.get(Setting, SEED_SETTING)
    if row is not None and row.value == SEED_VERSION:
        return 0
    # Notes seeded "to be checked" that are checked now (the departments of 2025), and the
    # border gates' communes: edits by the province, sent down with revisions of their own.
    for kind, seeded in _SEED.items():
        for it in seeded:
            item = session.get(ReferenceItem, seed_id(kind, it.code))
            if item is None:
                continue
            if item.detail == UNCONFIRMED and it.detail != UNCONFIRMED:
                item.detail = it.detail
            if item.unit_code is None and it.unit_code is not None:  # border gates' communes
                item.unit_code = it.unit_code
    return seed(session)


def _live(kind: str) -> list[ColumnElement[bool]]:
    return [ReferenceItem.kind == kind, ReferenceItem.deleted.is_(False)]


def _ordered(session: Session, q: Select[Any]) -> list[ItemView]:
    q = q.order_by(ReferenceItem.position, ReferenceItem.name_sort)
    return [_view(i) for i in session.execute(q).scalars()]


def items(session: Session, kind: str, include_inactive: bool = False) -> list[ItemView]:
    """A list in its set order (whatever their dates)."""
    q = select(ReferenceItem).where(*_live(kind))
    if not include_inactive:
        q = q.where(ReferenceItem.active.is_(True))
    return _ordered(session, q)


def items_on(session: Session, kind: str, on: dt.date) -> list[ItemView]:
    """The items in use that are valid on day *on* (valid_from ≤ on ≤ valid_to, an empty
    bound being open), in the list's order: what a record of that day may choose."""
    q = select(ReferenceItem).where(
        *_live(kind),
        ReferenceItem.active.is_(True),
        or_(ReferenceItem.valid_from.is_(None), ReferenceItem.valid_from <= on),
        or_(ReferenceItem.valid_to.is_(None), ReferenceItem.valid_to >= on),
    )
    return _ordered(session, q)


def display_name(item: ItemView, lang: str) -> str:
    return item.name_en if lang == "en" and item.name_en else item.name


def name_on(
    session: Session, kind: str, code: str, on: dt.date | None = None, lang: str = "vi"
) -> str:
    """The name to show for *code* in a record of day *on*: the item's own name, even when
    it is no longer valid (a 2019 event keeps its 2019 department). Where two items share
    the code (two offices added it before their bundles met), the one valid on *on* wins.
    An unknown code shows as itself."""
    found = _ordered(
        session,
        select(ReferenceItem).where(*_live(kind), ReferenceItem.code == code),
    )
    if not found:
        return code
    if on is not None:
        found.sort(key=lambda i: not i.valid_on(on))
    return display_name(found[0], lang)


@dataclass(frozen=True)
class Choice:
    code: str
    label: str
    valid: bool  # False: the record's own value, no longer (or not yet) valid on its day


def choices_on(
    session: Session, kind: str, on: dt.date, keep: Iterable[str] = (), lang: str = "vi"
) -> list[Choice]:
    """What a form for a record of day *on* offers: the items valid that day, then the
    record's current values (*keep*) that are not, marked as such so the officer sees why."""
    return _offered(
        session, kind, items_on(session, kind, on), keep, lang, on,
        lambda name: _("{name} (not valid on this date)").format(name=name),
    )  # fmt: skip


def _offered(
    session: Session, kind: str, items: Iterable[ItemView], keep: Iterable[str], lang: str,
    named_on: dt.date, marked: Callable[[str], str],
) -> list[Choice]:  # fmt: skip
    """*items* as choices, then each code of *keep* they lack, named as on *named_on* and
    *marked* (the form's record holds it, but it is not valid then)."""
    out = [Choice(i.code, display_name(i, lang), True) for i in items]
    offered = {c.code for c in out}
    for code in keep:
        if not code or code in offered:
            continue
        offered.add(code)
        out.append(Choice(code, marked(name_on(session, kind, code, named_on, lang)), False))
    return out


def choices(
    profile: OpenProfile, kind: str, on: dt.date | None, keep: Iterable[str] = ()
) -> list[Choice]:
    """``choices_on`` for the UI (a day not known yet counts as today)."""
    with profile.db.session(read=True) as s:
        return choices_on(s, kind, on or dt.date.today(), list(keep), i18n.language())


def items_during(session: Session, kind: str, start: dt.date, end: dt.date) -> list[ItemView]:
    """The items in use valid on some day from *start* to *end* (both included), in the
    list's order: what a record spanning that period (a plan's task) may choose."""
    q = select(ReferenceItem).where(
        *_live(kind),
        ReferenceItem.active.is_(True),
        or_(ReferenceItem.valid_from.is_(None), ReferenceItem.valid_from <= end),
        or_(ReferenceItem.valid_to.is_(None), ReferenceItem.valid_to >= start),
    )
    return _ordered(session, q)


def choices_during(
    session: Session,
    kind: str,
    start: dt.date,
    end: dt.date,
    keep: Iterable[str] = (),
    lang: str = "vi",
) -> list[Choice]:
    """``choices_on`` for a period: the items valid on some day of it, then the record's
    current values (*keep*) that are not, marked as such (never dropped)."""
    return _offered(
        session, kind, items_during(session, kind, start, end), keep, lang, end,
        lambda name: _("{name} (not valid in this period)").format(name=name),
    )  # fmt: skip


def dated_label(item: ItemView, lang: str, today: dt.date) -> str:
    """An item's name for a list that also holds past records (a filter): an item that
    ceased before *today* says until when, one not yet in force says from when."""
    name = display_name(item, lang)
    if item.valid_to is not None and item.valid_to < today:
        return _("{name} (until {date})").format(name=name, date=i18n.format_date(item.valid_to))
    if item.valid_from is not None and item.valid_from > today:
        return _("{name} (from {date})").format(name=name, date=i18n.format_date(item.valid_from))
    return name


def filter_choices_in(
    session: Session, kind: str, lang: str = "vi", today: dt.date | None = None
) -> list[Choice]:
    """Every item of a list, whatever its dates or whether it is retired (past records
    stay findable), each labelled by ``dated_label``; *valid*: in force *today*."""
    day = today or dt.date.today()
    out: dict[str, Choice] = {}
    for i in items(session, kind, include_inactive=True):
        if i.code not in out or not out[i.code].valid and i.valid_on(day):
            out[i.code] = Choice(i.code, dated_label(i, lang, day), i.valid_on(day))
    return list(out.values())


def filter_choices(profile: OpenProfile, kind: str, today: dt.date | None = None) -> list[Choice]:
    """``filter_choices_in`` for the UI, in the user's language."""
    with profile.db.session(read=True) as s:
        return filter_choices_in(s, kind, i18n.language(), today)


def choices_for_period(
    profile: OpenProfile, kind: str, start: dt.date, end: dt.date, keep: Iterable[str] = ()
) -> list[Choice]:
    """``choices_during`` for the UI."""
    with profile.db.session(read=True) as s:
        return choices_during(s, kind, start, end, list(keep), i18n.language())


UNCHANGED = -1  # ``save_item``'s unit_code: keep the item's commune as it is


def check_dates(valid_from: dt.date | None, valid_to: dt.date | None) -> None:
    if valid_from is not None and valid_to is not None and valid_from > valid_to:
        raise ValidationError(_("“Valid from” must not come after “valid to”."), "valid_to")


def save_item(
    session: Session,
    user: SignedIn,
    node_id: str,
    *,
    kind: str,
    code: str,
    name: str,
    name_en: str = "",
    detail: str = "",
    item_id: str | None = None,
    valid_from: dt.date | None = None,
    valid_to: dt.date | None = None,
    unit_code: int | None = UNCHANGED,
) -> ItemView:
    """Add or edit one item; only a provincial administrator may. *unit_code* is the
    commune an item stands in (a border gate's), from the current communes."""
    require_admin(user)
    if kind not in KINDS:
        raise ValidationError(_("Unknown reference list."), "kind")
    code, name = code.strip(), name.strip()
    if not code or len(code) > 40 or any(ch.isspace() for ch in code):
        raise ValidationError(_("A code is one word of at most 40 characters."), "code")
    if not name:
        raise ValidationError(_("Enter a name."), "name")
    check_dates(valid_from, valid_to)
    if unit_code not in (None, UNCHANGED):
        commune = session.get(AdminUnit, (unit_code, "commune"))
        if commune is None:
            raise ValidationError(_("Choose a commune from the list."), "unit_code")
    clash = session.execute(
        select(ReferenceItem.id).where(
            ReferenceItem.kind == kind, ReferenceItem.code == code, ReferenceItem.id != item_id
        )
    ).first()  # (kind, code) is not a database constraint: two may arrive by sync
    if clash is not None:
        raise ValidationError(
            _("The code “{code}” is already used in this list.").format(code=code), "code"
        )
    if item_id:
        item = session.get(ReferenceItem, item_id)
        if item is None:
            raise ValidationError(_("This item no longer exists."))
        item.code, item.name, item.name_en, item.detail = (
            code,
            name,
            name_en.strip(),
            detail.strip(),
        )
        item.valid_from, item.valid_to = valid_from, valid_to
        if unit_code != UNCHANGED:
            item.unit_code = unit_code
    else:
        last = session.execute(
            select(ReferenceItem.position)
            .where(ReferenceItem.kind == kind)
            .order_by(ReferenceItem.position.desc())
        ).scalar()
        # The list and code give the id, as for seeded items: the same item added at two
        # offices is one record when their bundles meet (``sync.unique``).
        shared = seed_id(kind, code)
        item = ReferenceItem(
            id=shared if session.get(ReferenceItem, shared) is None else new_id(),
            kind=kind,
            code=code,
            name=name,
            name_en=name_en.strip(),
            detail=detail.strip(),
            position=(last or 0) + 1,
            valid_from=valid_from,
            valid_to=valid_to,
            unit_code=None if unit_code == UNCHANGED else unit_code,
        )
        session.add(item)
    session.flush()
    audit.record(
        session,
        node_id,
        user.username,
        "refdata.save",
        "reference_item",
        item.id,
        {"kind": kind, "code": code},
    )
    return _view(item)


def save(
    profile: OpenProfile,
    *,
    kind: str,
    code: str,
    name: str,
    name_en: str = "",
    detail: str = "",
    item_id: str | None = None,
    valid_from: dt.date | None = None,
    valid_to: dt.date | None = None,
    unit_code: int | None = UNCHANGED,
) -> ItemView:
    """``save_item`` as the signed-in user of *profile* (for the UI)."""
    with profile.db.session() as s:
        return save_item(
            s,
            profile.user,
            profile.node.node_id,
            kind=kind,
            code=code,
            name=name,
            name_en=name_en,
            detail=detail,
            item_id=item_id,
            valid_from=valid_from,
            valid_to=valid_to,
            unit_code=unit_code,
        )


def set_active(session: Session, user: SignedIn, node_id: str, item_id: str, active: bool) -> None:
    """Retire an item (kept for old records) or bring it back."""
    require_admin(user)
    item = session.get(ReferenceItem, item_id)
    if item is None:
        raise ValidationError(_("This item no longer exists."))
    item.active = active
    session.flush()
    audit.record(
        session,
        node_id,
        user.username,
        "refdata.active",
        "reference_item",
        item_id,
        {"active": active},
    )
