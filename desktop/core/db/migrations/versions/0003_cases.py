"""Victim reception cases: person details, case steps, transitions, support, shelter,
referrals, follow-ups.

Revision ID: 0003_cases
Revises: 0002_outreach
Create Date: 2026-11-28
"""

import sqlalchemy as sa
from alembic import op

revision = "0003_cases"
down_revision = "0002_outreach"
branch_labels = None
depends_on = None

# Statuses the first demo generator wrote, renamed to the workflow's words.
_RENAMED = {"supporting": "supported", "reintegrating": "reintegrated"}


def upgrade() -> None:
    # Columns are added in place (ALTER TABLE … ADD COLUMN): a batch rebuild of persons
    # would drop a table that reception_cases points at.
    op.create_table(
        "case_step_assignments",
        sa.Column("step", sa.String(length=24), nullable=False),
        sa.Column("agency", sa.String(length=40), nullable=False),
        sa.Column("office_id", sa.String(length=36), nullable=True),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("rev", sa.String(length=64), nullable=False),
        sa.Column("parent_rev", sa.String(length=64), nullable=True),
        sa.Column("origin_node", sa.String(length=36), nullable=False),
        sa.Column("change_seq", sa.Integer(), nullable=False),
        sa.Column("hlc", sa.String(length=40), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_step_assignments")),
        sa.UniqueConstraint("step", name=op.f("uq_case_step_assignments_step")),
    )
    with op.batch_alter_table("case_step_assignments", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_case_step_assignments_change_seq"), ["change_seq"], unique=False
        )

    op.create_table(
        "case_notes",
        sa.Column("case_id", sa.String(length=36), nullable=False),
        sa.Column("written_at", sa.DateTime(), nullable=False),
        sa.Column("actor", sa.String(length=64), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("rev", sa.String(length=64), nullable=False),
        sa.Column("parent_rev", sa.String(length=64), nullable=True),
        sa.Column("origin_node", sa.String(length=36), nullable=False),
        sa.Column("change_seq", sa.Integer(), nullable=False),
        sa.Column("hlc", sa.String(length=40), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["reception_cases.id"], name=op.f("fk_case_notes_case_id_reception_cases")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_notes")),
    )
    with op.batch_alter_table("case_notes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_case_notes_case_id"), ["case_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_case_notes_change_seq"), ["change_seq"], unique=False)

    op.create_table(
        "case_transitions",
        sa.Column("case_id", sa.String(length=36), nullable=False),
        sa.Column("from_status", sa.String(length=24), nullable=False),
        sa.Column("to_status", sa.String(length=24), nullable=False),
        sa.Column("effective_on", sa.Date(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.Column("actor", sa.String(length=64), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("agency", sa.String(length=40), nullable=False),
        sa.Column("office_id", sa.String(length=36), nullable=True),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("rev", sa.String(length=64), nullable=False),
        sa.Column("parent_rev", sa.String(length=64), nullable=True),
        sa.Column("origin_node", sa.String(length=36), nullable=False),
        sa.Column("change_seq", sa.Integer(), nullable=False),
        sa.Column("hlc", sa.String(length=40), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["reception_cases.id"],
            name=op.f("fk_case_transitions_case_id_reception_cases"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_transitions")),
    )
    with op.batch_alter_table("case_transitions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_case_transitions_case_id"), ["case_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_case_transitions_change_seq"), ["change_seq"], unique=False
        )

    op.create_table(
        "follow_ups",
        sa.Column("case_id", sa.String(length=36), nullable=False),
        sa.Column("visited_on", sa.Date(), nullable=False),
        sa.Column("method", sa.String(length=24), nullable=False),
        sa.Column("finding", sa.Text(), nullable=False),
        sa.Column("actor", sa.String(length=64), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("rev", sa.String(length=64), nullable=False),
        sa.Column("parent_rev", sa.String(length=64), nullable=True),
        sa.Column("origin_node", sa.String(length=36), nullable=False),
        sa.Column("change_seq", sa.Integer(), nullable=False),
        sa.Column("hlc", sa.String(length=40), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["reception_cases.id"], name=op.f("fk_follow_ups_case_id_reception_cases")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_follow_ups")),
    )
    with op.batch_alter_table("follow_ups", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_follow_ups_case_id"), ["case_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_follow_ups_change_seq"), ["change_seq"], unique=False)

    op.create_table(
        "referrals",
        sa.Column("case_id", sa.String(length=36), nullable=False),
        sa.Column("to_agency", sa.String(length=200), nullable=False),
        sa.Column("referred_on", sa.Date(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("outcome", sa.Text(), nullable=False),
        sa.Column("actor", sa.String(length=64), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("rev", sa.String(length=64), nullable=False),
        sa.Column("parent_rev", sa.String(length=64), nullable=True),
        sa.Column("origin_node", sa.String(length=36), nullable=False),
        sa.Column("change_seq", sa.Integer(), nullable=False),
        sa.Column("hlc", sa.String(length=40), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["reception_cases.id"], name=op.f("fk_referrals_case_id_reception_cases")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_referrals")),
    )
    with op.batch_alter_table("referrals", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_referrals_case_id"), ["case_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_referrals_change_seq"), ["change_seq"], unique=False)

    op.create_table(
        "shelter_stays",
        sa.Column("case_id", sa.String(length=36), nullable=False),
        sa.Column("facility", sa.String(length=200), nullable=False),
        sa.Column("admitted_on", sa.Date(), nullable=False),
        sa.Column("discharged_on", sa.Date(), nullable=True),
        sa.Column("actor", sa.String(length=64), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("rev", sa.String(length=64), nullable=False),
        sa.Column("parent_rev", sa.String(length=64), nullable=True),
        sa.Column("origin_node", sa.String(length=36), nullable=False),
        sa.Column("change_seq", sa.Integer(), nullable=False),
        sa.Column("hlc", sa.String(length=40), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["reception_cases.id"],
            name=op.f("fk_shelter_stays_case_id_reception_cases"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_shelter_stays")),
    )
    with op.batch_alter_table("shelter_stays", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_shelter_stays_case_id"), ["case_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_shelter_stays_change_seq"), ["change_seq"], unique=False
        )

    op.create_table(
        "support_entries",
        sa.Column("case_id", sa.String(length=36), nullable=False),
        sa.Column("support_type", sa.String(length=2), nullable=False),
        sa.Column("given_on", sa.Date(), nullable=False),
        sa.Column("provider", sa.String(length=200), nullable=False),
        sa.Column("amount", sa.Integer(), nullable=False),
        sa.Column("funding_source", sa.String(length=200), nullable=False),
        sa.Column("legal_basis", sa.String(length=200), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("outside_eligibility", sa.Boolean(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("actor", sa.String(length=64), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("rev", sa.String(length=64), nullable=False),
        sa.Column("parent_rev", sa.String(length=64), nullable=True),
        sa.Column("origin_node", sa.String(length=36), nullable=False),
        sa.Column("change_seq", sa.Integer(), nullable=False),
        sa.Column("hlc", sa.String(length=40), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["reception_cases.id"],
            name=op.f("fk_support_entries_case_id_reception_cases"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_support_entries")),
    )
    with op.batch_alter_table("support_entries", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_support_entries_case_id"), ["case_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_support_entries_change_seq"), ["change_seq"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_support_entries_given_on"), ["given_on"], unique=False)

    op.add_column(
        "persons",
        sa.Column("birth_estimated", sa.Boolean(), nullable=False, server_default=sa.false()),
    )
    op.add_column("persons", sa.Column("legacy_commune_code", sa.Integer(), nullable=True))
    op.add_column(
        "persons",
        sa.Column("current_address", sa.String(length=300), nullable=False, server_default=""),
    )
    op.add_column(
        "persons", sa.Column("contact", sa.String(length=200), nullable=False, server_default="")
    )
    op.add_column(
        "persons",
        sa.Column("guardian_name", sa.String(length=200), nullable=False, server_default=""),
    )
    op.add_column(
        "persons",
        sa.Column("guardian_contact", sa.String(length=200), nullable=False, server_default=""),
    )
    op.add_column(
        "persons", sa.Column("languages", sa.String(length=200), nullable=False, server_default="")
    )
    op.add_column("persons", sa.Column("photo", sa.Text(), nullable=False, server_default=""))

    op.add_column(
        "reception_cases", sa.Column("regime_reason", sa.Text(), nullable=False, server_default="")
    )
    op.add_column("reception_cases", sa.Column("age_at_reception", sa.Integer(), nullable=True))
    op.add_column(
        "reception_cases",
        sa.Column("is_child", sa.Boolean(), nullable=False, server_default=sa.false()),
    )
    op.add_column("reception_cases", sa.Column("status_on", sa.Date(), nullable=True))
    op.add_column("reception_cases", sa.Column("due_on", sa.Date(), nullable=True))
    op.add_column(
        "reception_cases",
        sa.Column("closure_reason", sa.String(length=32), nullable=False, server_default=""),
    )
    op.add_column(
        "reception_cases",
        sa.Column("destination_country", sa.String(length=40), nullable=False, server_default=""),
    )
    op.add_column(
        "reception_cases",
        sa.Column("destination_place", sa.String(length=200), nullable=False, server_default=""),
    )
    op.add_column(
        "reception_cases",
        sa.Column("exploitation", sa.String(length=200), nullable=False, server_default=""),
    )
    op.add_column("reception_cases", sa.Column("months_away", sa.Integer(), nullable=True))
    op.add_column(
        "reception_cases", sa.Column("recruitment", sa.Text(), nullable=False, server_default="")
    )
    op.create_index(op.f("ix_reception_cases_due_on"), "reception_cases", ["due_on"], unique=False)

    cases = sa.table("reception_cases", sa.column("status", sa.String))
    for old, new in _RENAMED.items():
        op.execute(cases.update().where(cases.c.status == old).values(status=new))


def downgrade() -> None:
    with op.batch_alter_table("reception_cases", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_reception_cases_due_on"))
        batch_op.drop_column("recruitment")
        batch_op.drop_column("months_away")
        batch_op.drop_column("exploitation")
        batch_op.drop_column("destination_place")
        batch_op.drop_column("destination_country")
        batch_op.drop_column("closure_reason")
        batch_op.drop_column("due_on")
        batch_op.drop_column("status_on")
        batch_op.drop_column("is_child")
        batch_op.drop_column("age_at_reception")
        batch_op.drop_column("regime_reason")

    with op.batch_alter_table("persons", schema=None) as batch_op:
        batch_op.drop_column("photo")
        batch_op.drop_column("languages")
        batch_op.drop_column("guardian_contact")
        batch_op.drop_column("guardian_name")
        batch_op.drop_column("contact")
        batch_op.drop_column("current_address")
        batch_op.drop_column("legacy_commune_code")
        batch_op.drop_column("birth_estimated")

    with op.batch_alter_table("support_entries", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_support_entries_given_on"))
        batch_op.drop_index(batch_op.f("ix_support_entries_change_seq"))
        batch_op.drop_index(batch_op.f("ix_support_entries_case_id"))

    op.drop_table("support_entries")
    with op.batch_alter_table("shelter_stays", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_shelter_stays_change_seq"))
        batch_op.drop_index(batch_op.f("ix_shelter_stays_case_id"))

    op.drop_table("shelter_stays")
    with op.batch_alter_table("referrals", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_referrals_change_seq"))
        batch_op.drop_index(batch_op.f("ix_referrals_case_id"))

    op.drop_table("referrals")
    with op.batch_alter_table("follow_ups", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_follow_ups_change_seq"))
        batch_op.drop_index(batch_op.f("ix_follow_ups_case_id"))

    op.drop_table("follow_ups")
    with op.batch_alter_table("case_transitions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_case_transitions_change_seq"))
        batch_op.drop_index(batch_op.f("ix_case_transitions_case_id"))

    op.drop_table("case_transitions")
    with op.batch_alter_table("case_notes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_case_notes_change_seq"))
        batch_op.drop_index(batch_op.f("ix_case_notes_case_id"))

    op.drop_table("case_notes")
    with op.batch_alter_table("case_step_assignments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_case_step_assignments_change_seq"))

    op.drop_table("case_step_assignments")
