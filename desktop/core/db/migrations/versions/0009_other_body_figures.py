"""Figures other bodies report (the police's cases detected and offenders, the
prosecutors' and courts' cases), entered by the province with their source and printed in
the periodic report as given.

A new table; nothing else changes.

Revision ID: 0009_other_body_figures
Revises: 0008_plan_period
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0009_other_body_figures"
down_revision = "0008_plan_period"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "other_body_figures",
        sa.Column("figure", sa.String(length=32), nullable=False),
        sa.Column("period_start", sa.Date(), nullable=False),
        sa.Column("period_end", sa.Date(), nullable=False),
        sa.Column("value", sa.Integer(), nullable=False),
        sa.Column("source_body", sa.String(length=200), nullable=False),
        sa.Column("source_document", sa.String(length=200), nullable=False),
        sa.Column("source_date", sa.Date(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("office_id", sa.String(length=36), nullable=True),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("rev", sa.String(length=64), nullable=False),
        sa.Column("parent_rev", sa.String(length=64), nullable=True),
        sa.Column("origin_node", sa.String(length=36), nullable=False),
        sa.Column("change_seq", sa.Integer(), nullable=False),
        sa.Column("hlc", sa.String(length=40), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_other_body_figures")),
    )
    op.create_index(
        op.f("ix_other_body_figures_change_seq"), "other_body_figures", ["change_seq"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_other_body_figures_change_seq"), table_name="other_body_figures")
    op.drop_table("other_body_figures")
