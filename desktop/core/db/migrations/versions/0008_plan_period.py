"""Plans that keep their time: a plan carries its legal basis and the day its result report
is due; an event linked to a task of a plan whose period does not hold its date carries
the reason it was linked all the same.

Columns are added in place (no table rebuild): the new text columns have a server default
of "" so the rows written before stay valid, and the due day is empty. Nothing else
changes: existing links stay as they are (a link made before this version and lying
outside its plan's period is listed in the campaign report with no reason given).

Revision ID: 0008_plan_period
Revises: 0007_dated_reference
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0008_plan_period"
down_revision = "0007_dated_reference"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "campaign_plans",
        sa.Column("legal_basis", sa.Text(), nullable=False, server_default=sa.text("''")),
    )
    op.add_column("campaign_plans", sa.Column("report_due_on", sa.Date(), nullable=True))
    op.add_column(
        "outreach_events",
        sa.Column("task_link_reason", sa.Text(), nullable=False, server_default=sa.text("''")),
    )


def downgrade() -> None:
    with op.batch_alter_table("outreach_events", schema=None) as batch_op:
        batch_op.drop_column("task_link_reason")
    with op.batch_alter_table("campaign_plans", schema=None) as batch_op:
        batch_op.drop_column("report_due_on")
        batch_op.drop_column("legal_basis")
