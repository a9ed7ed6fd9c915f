"""Reference data: the editable lists (agencies, border gates, facilities, ethnic groups,
languages, outreach kinds). Seeded for Lạng Sơn from DOMAIN.md; the provincial
administrator edits them, and later they travel down to laptops in bundles.

Names the team could not confirm (2025 reorganisations of departments, facility names)
are seeded as a starting point and marked so an administrator checks them.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.core.db.base import new_id
from desktop.core.db.models import ReferenceItem
from desktop.core.errors import ValidationError
from desktop.core.i18n import N_, _
from desktop.core.security import audit
from desktop.core.security.accounts import SignedIn, require_admin

UNCONFIRMED = "unconfirmed"

KINDS: dict[str, str] = {
    "agency": N_("Agencies"),
    "border_gate": N_("Border gates"),
    "facility": N_("Shelters and social protection facilities"),
    "ethnic_group": N_("Ethnic groups"),
    "language": N_("Languages"),
    "outreach_kind": N_("Outreach activity kinds"),
}

_SEED: dict[str, list[tuple[str, str, str, str]]] = {
    # (code, Vietnamese name, English name, detail)
    "agency": [
        (
            "bcd",
            "Ban Chỉ đạo phòng, chống tội phạm tỉnh",
            "Provincial crime prevention steering committee",
            "",
        ),
        ("police", "Công an tỉnh", "Provincial Police", "cơ quan thường trực"),
        ("border_guard", "Bộ đội Biên phòng tỉnh", "Provincial Border Guard", ""),
        ("womens_union", "Hội Liên hiệp Phụ nữ tỉnh", "Provincial Women's Union", ""),
        (
            "info_comm",
            "Sở Thông tin và Truyền thông",
            "Department of Information and Communications",
            UNCONFIRMED,
        ),
        (
            "labour",
            "Sở Lao động - Thương binh và Xã hội",
            "Department of Labour, Invalids and Social Affairs",
            UNCONFIRMED,
        ),
        ("foreign_affairs", "Sở Ngoại vụ", "Department of Foreign Affairs", UNCONFIRMED),
        ("health", "Sở Y tế", "Department of Health", ""),
        ("education", "Sở Giáo dục và Đào tạo", "Department of Education and Training", ""),
        (
            "culture",
            "Sở Văn hóa, Thể thao và Du lịch",
            "Department of Culture, Sports and Tourism",
            "",
        ),
        ("youth_union", "Tỉnh đoàn", "Provincial Youth Union", ""),
        (
            "fatherland_front",
            "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh",
            "Provincial Fatherland Front",
            "",
        ),
        ("commune_pc", "Ủy ban nhân dân xã", "Commune People's Committee", ""),
        ("commune_police", "Công an xã", "Commune Police", ""),
    ],
    "border_gate": [
        ("huu_nghi", "Cửa khẩu quốc tế Hữu Nghị", "Hữu Nghị international border gate", "đường bộ"),
        (
            "dong_dang",
            "Ga đường sắt liên vận quốc tế Đồng Đăng",
            "Đồng Đăng international railway station",
            "đường sắt",
        ),
        ("chi_ma", "Cửa khẩu chính Chi Ma", "Chi Ma main border gate", ""),
        ("tan_thanh", "Cửa khẩu Tân Thanh", "Tân Thanh border gate", "thuộc cặp cửa khẩu Hữu Nghị"),
        ("coc_nam", "Cửa khẩu Cốc Nam", "Cốc Nam border gate", "thuộc cặp cửa khẩu Hữu Nghị"),
        ("na_hinh", "Cửa khẩu Na Hình", "Na Hình border gate", ""),
        ("na_nua", "Cửa khẩu Nà Nưa", "Nà Nưa border gate", ""),
        ("binh_nghi", "Cửa khẩu Bình Nghi", "Bình Nghi border gate", ""),
    ],
    "facility": [
        (
            "social_work_centre",
            "Trung tâm Công tác xã hội tỉnh",
            "Provincial Social Work Centre",
            UNCONFIRMED,
        ),
        (
            "social_protection",
            "Cơ sở trợ giúp xã hội tổng hợp tỉnh",
            "Provincial social protection facility",
            UNCONFIRMED,
        ),
    ],
    "ethnic_group": [
        ("kinh", "Kinh", "Kinh", ""),
        ("tay", "Tày", "Tày", ""),
        ("nung", "Nùng", "Nùng", ""),
        ("dao", "Dao", "Dao", ""),
        ("hmong", "H'Mông", "Hmong", ""),
        ("san_chay", "Sán Chay", "San Chay", ""),
        ("hoa", "Hoa", "Hoa", ""),
        ("san_diu", "Sán Dìu", "San Diu", ""),
        ("other", "Dân tộc khác", "Other ethnic group", ""),
    ],
    "language": [
        ("vi", "Tiếng Việt", "Vietnamese", ""),
        ("tay", "Tiếng Tày", "Tày", ""),
        ("nung", "Tiếng Nùng", "Nùng", ""),
        ("hmong", "Tiếng H'Mông", "Hmong", ""),
        ("dao", "Tiếng Dao", "Dao", ""),
        ("zh", "Tiếng Trung", "Chinese", ""),
    ],
    "outreach_kind": [
        ("banner", "Băng rôn, khẩu hiệu", "Banners and slogans", ""),
        ("led_text", "Chữ chạy trên bảng điện tử", "Running text on electronic boards", ""),
        ("leaflet", "Tờ rơi, áp phích", "Posters and leaflets", ""),
        ("talk", "Nói chuyện chuyên đề, tọa đàm", "Talks and seminars", ""),
        ("forum", "Diễn đàn, đối thoại", "Forums and dialogues", ""),
        ("counselling", "Tư vấn", "Counselling sessions", ""),
        ("rally", "Mít tinh, diễu hành", "Meetings, rallies and parades", ""),
        ("loudspeaker", "Phát thanh trên loa truyền thanh cơ sở", "Loudspeaker broadcasts", ""),
        ("press", "Tin, bài trên báo, đài", "Press, radio and TV items", ""),
        (
            "web_post",
            "Tin, bài trên cổng thông tin, mạng xã hội",
            "Web portal and social-media posts",
            "",
        ),
        ("pledge", "Ký cam kết", "Pledges signed", ""),
        ("mobile", "Tuyên truyền lưu động", "Mobile outreach", ""),
        (
            "performance",
            "Chiếu phim, tiểu phẩm, văn nghệ",
            "Film screenings, skits and performances",
            "",
        ),
        ("model_club", "Mô hình, câu lạc bộ", "Prevention models and clubs", ""),
        (
            "elders_conference",
            "Hội nghị người có uy tín",
            "Conferences for village elders and respected persons",
            "",
        ),
        ("training", "Tập huấn cán bộ", "Trainings for officials", ""),
    ],
}


@dataclass(frozen=True)
class ItemView:
    id: str
    kind: str
    code: str
    name: str
    name_en: str
    detail: str
    active: bool


def _view(item: ReferenceItem) -> ItemView:
    return ItemView(
        item.id, item.kind, item.code, item.name, item.name_en, item.detail, item.active
    )


_SEED_NAMESPACE = uuid.UUID("6f0c1d2e-5a7b-4c3d-9e8f-0a1b2c3d4e5f")


def seed_id(kind: str, code: str) -> str:
    """Seeded items get the same id on every installation, so the same list made twice is
    the same rows (and the same revisions) when bundles meet."""
    return str(uuid.uuid5(_SEED_NAMESPACE, f"{kind}:{code}"))


def seed(session: Session) -> int:
    """Insert the seed lists (only codes not present yet). Returns how many were added."""
    existing = {(k, c) for k, c in session.execute(select(ReferenceItem.kind, ReferenceItem.code))}
    added = 0
    for kind, items in _SEED.items():
        for position, (code, name, name_en, detail) in enumerate(items):
            if (kind, code) in existing:
                continue
            session.add(
                ReferenceItem(
                    id=seed_id(kind, code),
                    kind=kind,
                    code=code,
                    name=name,
                    name_en=name_en,
                    detail=detail,
                    position=position,
                )
            )
            added += 1
    session.flush()
    return added


def items(session: Session, kind: str, include_inactive: bool = False) -> list[ItemView]:
    """A list in its set order."""
    q = select(ReferenceItem).where(ReferenceItem.kind == kind, ReferenceItem.deleted.is_(False))
    if not include_inactive:
        q = q.where(ReferenceItem.active.is_(True))
    q = q.order_by(ReferenceItem.position, ReferenceItem.name_sort)
    return [_view(i) for i in session.execute(q).scalars()]


def display_name(item: ItemView, lang: str) -> str:
    return item.name_en if lang == "en" and item.name_en else item.name


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
) -> ItemView:
    """Add or edit one item; only a provincial administrator may."""
    require_admin(user)
    if kind not in KINDS:
        raise ValidationError(_("Unknown reference list."), "kind")
    code, name = code.strip(), name.strip()
    if not code or len(code) > 40 or any(ch.isspace() for ch in code):
        raise ValidationError(_("A code is one word of at most 40 characters."), "code")
    if not name:
        raise ValidationError(_("Enter a name."), "name")
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
