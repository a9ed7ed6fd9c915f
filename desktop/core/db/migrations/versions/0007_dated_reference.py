"""Reference data that knows dates: every reference item gets the day it became valid and
the last day it was valid (``valid_from``, ``valid_to``; empty = open), so a 2019 event
shows the 2019 department and a new event offers only today's bodies.

The items seeded by earlier versions are dated in place, by their list and code, the same
way on every installation (so the rows stay equal everywhere without travelling again):
the provincial departments that Decree 45/2025/NĐ-CP (in force 1 March 2025) merged away
end on 28 February 2025, and their note "to be checked" becomes what became of them; the
border gates get their commune since 1 July 2025 (``unit_code``, where none was set). The
sources are cited in ``desktop/core/refdata.py``. Nothing is inserted here: the bodies that replaced them are new seed items, which the province's
installation adds when it opens (``refdata.seed_new``) and sends down in its receipts.

Revision ID: 0007_dated_reference
Revises: 0006_law_cases
Create Date: 2026-12-02
"""

import datetime as dt

import sqlalchemy as sa
from alembic import op

revision = "0007_dated_reference"
down_revision = "0006_law_cases"
branch_labels = None
depends_on = None

_BEFORE_DECREE_45 = dt.date(2025, 2, 28)  # Decree 45/2025/NĐ-CP took effect on 1 March 2025

# (list, code) of the items seeded by version 0.1 → their last valid day. Kept here, not
# imported from refdata: a migration must do the same thing for ever.
_ENDED: dict[tuple[str, str], dt.date] = {
    # Merged into the Department of Home Affairs (labour, employment, persons with merit)
    # and the Department of Health (social protection, children, victim support).
    ("agency", "labour"): _BEFORE_DECREE_45,
    # Merged into the Department of Science and Technology; the press went to the
    # Department of Culture, Sports and Tourism.
    ("agency", "info_comm"): _BEFORE_DECREE_45,
}

# Version 0.1 seeded these with the note "unconfirmed"; the note now says what happened.
_NOTES: dict[tuple[str, str], str] = {
    ("agency", "info_comm"): (
        "hợp nhất vào Sở Khoa học và Công nghệ từ 01/3/2025; báo chí, xuất bản chuyển "
        "Sở Văn hóa, Thể thao và Du lịch (Nghị định 45/2025/NĐ-CP)"
    ),
    ("agency", "labour"): (
        "chấm dứt từ 01/3/2025: lao động, việc làm, người có công chuyển Sở Nội vụ; bảo "
        "trợ xã hội, trẻ em, phòng, chống tệ nạn xã hội chuyển Sở Y tế; giáo dục nghề "
        "nghiệp chuyển Sở Giáo dục và Đào tạo (Nghị định 45/2025/NĐ-CP)"
    ),
    ("agency", "foreign_affairs"): (
        "Lạng Sơn giữ Sở Ngoại vụ sau Nghị định 45/2025/NĐ-CP (Quyết định 50/2025/QĐ-UBND)"
    ),
}
_UNCONFIRMED = "unconfirmed"

# Border gate → its commune since 1 July 2025 (admin_units code, vietnam-provinces
# 2025.10.1; see refdata's seed for how each was found and which are still to be checked).
_GATE_COMMUNES: dict[str, int] = {
    "huu_nghi": 6184,  # xã Đồng Đăng
    "dong_dang": 6184,  # xã Đồng Đăng
    "chi_ma": 6541,  # xã Mẫu Sơn
    "tan_thanh": 6172,  # xã Hoàng Văn Thụ
    "coc_nam": 6172,  # xã Hoàng Văn Thụ
    "na_hinh": 6148,  # xã Thụy Hùng
    "na_nua": 6016,  # xã Quốc Khánh
    "binh_nghi": 6058,  # xã Quốc Việt
}


def upgrade() -> None:
    # Added in place (nullable, no rebuild): reference_items is pointed at by nothing.
    op.add_column("reference_items", sa.Column("valid_from", sa.Date(), nullable=True))
    op.add_column("reference_items", sa.Column("valid_to", sa.Date(), nullable=True))
    items = sa.table(
        "reference_items",
        sa.column("kind", sa.String),
        sa.column("code", sa.String),
        sa.column("valid_to", sa.Date),
        sa.column("detail", sa.Text),
        sa.column("unit_code", sa.Integer),
    )
    for (kind, code), last_day in sorted(_ENDED.items()):
        op.execute(
            items.update()
            .where(items.c.kind == kind, items.c.code == code)
            .values(valid_to=last_day)
        )
    for (kind, code), note in sorted(_NOTES.items()):
        op.execute(
            items.update()
            .where(items.c.kind == kind, items.c.code == code, items.c.detail == _UNCONFIRMED)
            .values(detail=note)
        )
    for code, unit in sorted(_GATE_COMMUNES.items()):
        op.execute(
            items.update()
            .where(items.c.kind == "border_gate", items.c.code == code, items.c.unit_code.is_(None))
            .values(unit_code=unit)
        )


def downgrade() -> None:
    with op.batch_alter_table("reference_items", schema=None) as batch_op:
        batch_op.drop_column("valid_to")
        batch_op.drop_column("valid_from")
