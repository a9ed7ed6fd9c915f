"""Support types of the old law fit their column.

A case under Law 66/2011/QH12 (identified before 1 July 2025, ``rules.propose_regime``) records its
support with the old law's own codes (Art. 32: "11a" … "11dd", ``rules.SUPPORT_TYPES_2011``),
but the column held two characters, so every such entry was refused by the value checks
(``validation``: at most the column's length). The column now holds eight. SQLite keeps the
text as it is; the table is copied in batch mode (no search-index trigger lives on it).

Revision ID: 0012_support_type_length
Revises: 0011_sync_indexes
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0012_support_type_length"
down_revision = "0011_sync_indexes"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("support_entries", schema=None) as batch_op:
        batch_op.alter_column(
            "support_type",
            existing_type=sa.String(length=2),
            type_=sa.String(length=8),
            existing_nullable=False,
        )


def downgrade() -> None:
    with op.batch_alter_table("support_entries", schema=None) as batch_op:
        batch_op.alter_column(
            "support_type",
            existing_type=sa.String(length=8),
            type_=sa.String(length=2),
            existing_nullable=False,
        )
