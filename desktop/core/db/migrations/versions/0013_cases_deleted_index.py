"""An index on the cases' deleted flag (issue 18, point 3).

The cases list counts its rows as every row less the deleted ones (``db.counting``): SQLite
counts a whole table from its pages, but the deleted ones it had to find by walking the whole
``ix_reception_cases_search`` index (20,000 entries: a few milliseconds of the list's first
screen). This index holds only the deleted rows (``WHERE deleted IS 1``, the form the count
asks in), so it is used for that count and for nothing else: a full index on the flag would
lead SQLite, which keeps no statistics here, to read every live case through it (the first
screen's 50 rows took 15 ms instead of 0.1 ms when tried). Built here for the rows a profile
already holds; no table is rebuilt (the search index of 0010 stays).

Revision ID: 0013_cases_deleted_index
Revises: 0012_support_type_length
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0013_cases_deleted_index"
down_revision = "0012_support_type_length"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index(
        "ix_reception_cases_deleted",
        "reception_cases",
        ["deleted"],
        sqlite_where=sa.text("deleted IS 1"),
    )


def downgrade() -> None:
    op.drop_index("ix_reception_cases_deleted", table_name="reception_cases")
