"""An index for the step every import ends with (issue 18, point 4).

After each import, ``repair_cases.referrals_from_steps`` looks for cases referred without
their referral record (a laptop not yet updated may send them). It asks for the steps that
moved a case to "referred": without an index on ``to_status`` that read every step of the
province (a third of a second at a million records, on every import); with it, only the
referral steps. A plain index, built here for the rows a profile already holds; no table is
rebuilt (the search index of 0010 stays as it is).

Revision ID: 0011_sync_indexes
Revises: 0010_search_index
Create Date: 2026-12-02
"""

from alembic import op

revision = "0011_sync_indexes"
down_revision = "0010_search_index"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_case_transitions_to_status", "case_transitions", ["to_status"])


def downgrade() -> None:
    op.drop_index("ix_case_transitions_to_status", table_name="case_transitions")
