"""Outreach register: campaign plans and tasks, richer outreach events, attachments, drafts.

Revision ID: 0002_outreach
Revises: 0001_first
Create Date: 2026-11-28

New event columns are added in place (ALTER TABLE … ADD COLUMN, no table rebuild); their
server defaults fill the events written before this revision.
"""

import sqlalchemy as sa
from alembic import op

revision = "0002_outreach"
down_revision = "0001_first"
branch_labels = None
depends_on = None


def _sync_columns() -> list[sa.Column]:  # type: ignore[type-arg]
    return [
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("rev", sa.String(length=64), nullable=False),
        sa.Column("parent_rev", sa.String(length=64), nullable=True),
        sa.Column("origin_node", sa.String(length=36), nullable=False),
        sa.Column("change_seq", sa.Integer(), nullable=False),
        sa.Column("hlc", sa.String(length=40), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
    ]


def upgrade() -> None:
    op.create_table(
        "campaign_plans",
        sa.Column("number", sa.String(length=40), nullable=False),
        sa.Column("issuer", sa.String(length=200), nullable=False),
        sa.Column("issued_on", sa.Date(), nullable=False),
        sa.Column("title", sa.String(length=500), nullable=False),
        sa.Column("period_start", sa.Date(), nullable=False),
        sa.Column("period_end", sa.Date(), nullable=False),
        sa.Column("theme", sa.Text(), nullable=False),
        sa.Column("office_id", sa.String(length=36), nullable=True),
        sa.Column("search_fold", sa.Text(), nullable=False),
        sa.Column("title_sort", sa.String(length=1500), nullable=False),
        *_sync_columns(),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_campaign_plans")),
    )
    with op.batch_alter_table("campaign_plans", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_campaign_plans_change_seq"), ["change_seq"], unique=False
        )

    op.create_table(
        "plan_tasks",
        sa.Column("plan_id", sa.String(length=36), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=500), nullable=False),
        sa.Column("lead_agency", sa.String(length=40), nullable=False),
        sa.Column("partner_agencies", sa.String(length=400), nullable=False),
        sa.Column("area_kind", sa.String(length=16), nullable=False),
        sa.Column("area_ref", sa.String(length=40), nullable=False),
        sa.Column("deadline", sa.Date(), nullable=True),
        sa.Column("expected_kinds", sa.String(length=400), nullable=False),
        sa.Column("target", sa.Integer(), nullable=True),
        sa.Column("target_measure", sa.String(length=16), nullable=False),
        sa.Column("search_fold", sa.Text(), nullable=False),
        sa.Column("title_sort", sa.String(length=1500), nullable=False),
        *_sync_columns(),
        sa.ForeignKeyConstraint(
            ["plan_id"], ["campaign_plans.id"], name=op.f("fk_plan_tasks_plan_id_campaign_plans")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plan_tasks")),
    )
    with op.batch_alter_table("plan_tasks", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_plan_tasks_change_seq"), ["change_seq"], unique=False)
        batch_op.create_index(batch_op.f("ix_plan_tasks_plan_id"), ["plan_id"], unique=False)

    op.create_table(
        "event_attachments",
        sa.Column("event_id", sa.String(length=36), nullable=False),
        sa.Column("file_name", sa.String(length=255), nullable=False),
        sa.Column("mime", sa.String(length=80), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.Column("thumbnail", sa.LargeBinary(), nullable=True),
        *_sync_columns(),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["outreach_events.id"],
            name=op.f("fk_event_attachments_event_id_outreach_events"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_event_attachments")),
    )
    with op.batch_alter_table("event_attachments", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_event_attachments_change_seq"), ["change_seq"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_event_attachments_event_id"), ["event_id"], unique=False
        )

    op.create_table(
        "drafts",
        sa.Column("key", sa.String(length=120), nullable=False),
        sa.Column("username", sa.String(length=64), nullable=False),
        sa.Column("data", sa.Text(), nullable=False),
        sa.Column("saved_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_drafts")),
    )
    with op.batch_alter_table("drafts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_drafts_username"), ["username"], unique=False)

    with op.batch_alter_table("outreach_events", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("held_at", sa.String(length=5), server_default=sa.text("''"), nullable=False)
        )
        batch_op.add_column(
            sa.Column(
                "partner_agencies",
                sa.String(length=400),
                server_default=sa.text("''"),
                nullable=False,
            )
        )
        batch_op.add_column(
            sa.Column(
                "ethnic_groups", sa.String(length=400), server_default=sa.text("''"), nullable=False
            )
        )
        batch_op.add_column(
            sa.Column(
                "languages", sa.String(length=200), server_default=sa.text("''"), nullable=False
            )
        )
        batch_op.add_column(
            sa.Column("minutes", sa.Integer(), server_default=sa.text("0"), nullable=False)
        )
        batch_op.add_column(sa.Column("plan_task_id", sa.String(length=36), nullable=True))
        batch_op.create_index(
            batch_op.f("ix_outreach_events_plan_task_id"), ["plan_task_id"], unique=False
        )
        batch_op.create_index(
            "ix_outreach_events_list",
            ["deleted", "held_on", "id", "state", "kind", "commune_code", "author", "plan_task_id"],
            unique=False,
        )


def downgrade() -> None:
    with op.batch_alter_table("outreach_events", schema=None) as batch_op:
        batch_op.drop_index("ix_outreach_events_list")
        batch_op.drop_index(batch_op.f("ix_outreach_events_plan_task_id"))
        for column in (
            "plan_task_id",
            "minutes",
            "languages",
            "ethnic_groups",
            "partner_agencies",
            "held_at",
        ):
            batch_op.drop_column(column)
    for table, indexes in (
        ("drafts", ("ix_drafts_username",)),
        ("event_attachments", ("ix_event_attachments_event_id", "ix_event_attachments_change_seq")),
        ("plan_tasks", ("ix_plan_tasks_plan_id", "ix_plan_tasks_change_seq")),
        ("campaign_plans", ("ix_campaign_plans_change_seq",)),
    ):
        with op.batch_alter_table(table, schema=None) as batch_op:
            for name in indexes:
                batch_op.drop_index(name)
        op.drop_table(table)
