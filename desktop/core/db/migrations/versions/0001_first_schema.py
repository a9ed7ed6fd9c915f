"""first schema

Revision ID: 0001_first
Revises:
Create Date: 2026-11-27

The audit log is made append-only by triggers on SQLite (a rule would do it on
PostgreSQL, where the merge station may run later).
"""

import sqlalchemy as sa
from alembic import op

revision = "0001_first"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "admin_units",
        sa.Column("code", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("division_type", sa.String(length=32), nullable=False),
        sa.Column("parent_code", sa.Integer(), nullable=True),
        sa.Column("province_code", sa.Integer(), nullable=False),
        sa.Column("successors", sa.String(length=200), nullable=False),
        sa.Column("name_fold", sa.String(length=120), nullable=False),
        sa.Column("name_sort", sa.String(length=400), nullable=False),
        sa.PrimaryKeyConstraint("code", "kind", name=op.f("pk_admin_units")),
    )
    with op.batch_alter_table("admin_units", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_admin_units_name_fold"), ["name_fold"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_admin_units_parent_code"), ["parent_code"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_admin_units_province_code"), ["province_code"], unique=False
        )

    op.create_table(
        "audit_events",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("node_id", sa.String(length=36), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("actor", sa.String(length=64), nullable=False),
        sa.Column("action", sa.String(length=40), nullable=False),
        sa.Column("target_type", sa.String(length=40), nullable=False),
        sa.Column("target_id", sa.String(length=36), nullable=False),
        sa.Column("details", sa.Text(), nullable=False),
        sa.Column("prev_hash", sa.String(length=64), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_events")),
        sa.UniqueConstraint("node_id", "seq", name="node_seq"),
    )
    with op.batch_alter_table("audit_events", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_audit_events_action"), ["action"], unique=False)

    op.create_table(
        "node_state",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("node_id", sa.String(length=36), nullable=False),
        sa.Column("level", sa.String(length=16), nullable=False),
        sa.Column("province_code", sa.Integer(), nullable=False),
        sa.Column("office_id", sa.String(length=36), nullable=True),
        sa.Column("change_seq", sa.Integer(), nullable=False),
        sa.Column("hlc_ms", sa.Integer(), nullable=False),
        sa.Column("hlc_counter", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_node_state")),
    )
    op.create_table(
        "offices",
        sa.Column("level", sa.String(length=16), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("unit_code", sa.Integer(), nullable=True),
        sa.Column("parent_id", sa.String(length=36), nullable=True),
        sa.Column("area_codes", sa.Text(), nullable=False),
        sa.Column("name_fold", sa.String(length=200), nullable=False),
        sa.Column("name_sort", sa.String(length=600), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("rev", sa.String(length=64), nullable=False),
        sa.Column("parent_rev", sa.String(length=64), nullable=True),
        sa.Column("origin_node", sa.String(length=36), nullable=False),
        sa.Column("change_seq", sa.Integer(), nullable=False),
        sa.Column("hlc", sa.String(length=40), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["parent_id"], ["offices.id"], name=op.f("fk_offices_parent_id_offices")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_offices")),
    )
    with op.batch_alter_table("offices", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_offices_change_seq"), ["change_seq"], unique=False)
        batch_op.create_index(batch_op.f("ix_offices_parent_id"), ["parent_id"], unique=False)

    op.create_table(
        "outreach_events",
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("commune_code", sa.Integer(), nullable=True),
        sa.Column("village", sa.String(length=200), nullable=False),
        sa.Column("venue", sa.String(length=200), nullable=False),
        sa.Column("lead_agency", sa.String(length=40), nullable=False),
        sa.Column("audience_total", sa.Integer(), nullable=False),
        sa.Column("audience_women", sa.Integer(), nullable=False),
        sa.Column("audience_men", sa.Integer(), nullable=False),
        sa.Column("audience_youth", sa.Integer(), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("author", sa.String(length=64), nullable=False),
        sa.Column("office_id", sa.String(length=36), nullable=True),
        sa.Column("search_fold", sa.Text(), nullable=False),
        sa.Column("title_sort", sa.String(length=900), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("rev", sa.String(length=64), nullable=False),
        sa.Column("parent_rev", sa.String(length=64), nullable=True),
        sa.Column("origin_node", sa.String(length=36), nullable=False),
        sa.Column("change_seq", sa.Integer(), nullable=False),
        sa.Column("hlc", sa.String(length=40), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outreach_events")),
    )
    with op.batch_alter_table("outreach_events", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_outreach_events_change_seq"), ["change_seq"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_outreach_events_commune_code"), ["commune_code"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_outreach_events_held_on"), ["held_on"], unique=False)
        batch_op.create_index(batch_op.f("ix_outreach_events_kind"), ["kind"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_outreach_events_office_id"), ["office_id"], unique=False
        )
        batch_op.create_index(
            "ix_outreach_events_search", ["held_on", "deleted", "search_fold"], unique=False
        )
        batch_op.create_index(
            "ix_outreach_events_stats",
            ["held_on", "kind", "commune_code", "lead_agency", "deleted"],
            unique=False,
        )

    op.create_table(
        "persons",
        sa.Column("full_name", sa.String(length=200), nullable=False),
        sa.Column("other_names", sa.String(length=300), nullable=False),
        sa.Column("sex", sa.String(length=8), nullable=False),
        sa.Column("birth_date", sa.Date(), nullable=True),
        sa.Column("birth_year", sa.Integer(), nullable=True),
        sa.Column("ethnic_group", sa.String(length=40), nullable=False),
        sa.Column("nationality", sa.String(length=40), nullable=False),
        sa.Column("id_number", sa.String(length=40), nullable=False),
        sa.Column("home_commune_code", sa.Integer(), nullable=True),
        sa.Column("address", sa.String(length=300), nullable=False),
        sa.Column("status", sa.String(length=24), nullable=False),
        sa.Column("name_fold", sa.String(length=500), nullable=False),
        sa.Column("name_sort", sa.String(length=600), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("rev", sa.String(length=64), nullable=False),
        sa.Column("parent_rev", sa.String(length=64), nullable=True),
        sa.Column("origin_node", sa.String(length=36), nullable=False),
        sa.Column("change_seq", sa.Integer(), nullable=False),
        sa.Column("hlc", sa.String(length=40), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_persons")),
    )
    with op.batch_alter_table("persons", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_persons_change_seq"), ["change_seq"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_persons_home_commune_code"), ["home_commune_code"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_persons_name_fold"), ["name_fold"], unique=False)

    op.create_table(
        "reference_items",
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("name_en", sa.String(length=200), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.Column("unit_code", sa.Integer(), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name_fold", sa.String(length=400), nullable=False),
        sa.Column("name_sort", sa.String(length=600), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("rev", sa.String(length=64), nullable=False),
        sa.Column("parent_rev", sa.String(length=64), nullable=True),
        sa.Column("origin_node", sa.String(length=36), nullable=False),
        sa.Column("change_seq", sa.Integer(), nullable=False),
        sa.Column("hlc", sa.String(length=40), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reference_items")),
        sa.UniqueConstraint("kind", "code", name="kind_code"),
    )
    with op.batch_alter_table("reference_items", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_reference_items_change_seq"), ["change_seq"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_reference_items_kind"), ["kind"], unique=False)

    op.create_table(
        "settings",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_settings")),
    )
    op.create_table(
        "accounts",
        sa.Column("username", sa.String(length=64), nullable=False),
        sa.Column("full_name", sa.String(length=200), nullable=False),
        sa.Column("role", sa.String(length=32), nullable=False),
        sa.Column("office_id", sa.String(length=36), nullable=False),
        sa.Column("password_hash", sa.String(length=200), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("name_fold", sa.String(length=400), nullable=False),
        sa.Column("name_sort", sa.String(length=600), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("rev", sa.String(length=64), nullable=False),
        sa.Column("parent_rev", sa.String(length=64), nullable=True),
        sa.Column("origin_node", sa.String(length=36), nullable=False),
        sa.Column("change_seq", sa.Integer(), nullable=False),
        sa.Column("hlc", sa.String(length=40), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["office_id"], ["offices.id"], name=op.f("fk_accounts_office_id_offices")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_accounts")),
        sa.UniqueConstraint("username", name=op.f("uq_accounts_username")),
    )
    with op.batch_alter_table("accounts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_accounts_change_seq"), ["change_seq"], unique=False)

    op.create_table(
        "reception_cases",
        sa.Column("case_code", sa.String(length=24), nullable=False),
        sa.Column("person_id", sa.String(length=36), nullable=False),
        sa.Column("received_on", sa.Date(), nullable=False),
        sa.Column("channel", sa.String(length=24), nullable=False),
        sa.Column("border_gate", sa.String(length=40), nullable=False),
        sa.Column("commune_code", sa.Integer(), nullable=True),
        sa.Column("legal_regime", sa.String(length=8), nullable=False),
        sa.Column("status", sa.String(length=24), nullable=False),
        sa.Column("office_id", sa.String(length=36), nullable=True),
        sa.Column("author", sa.String(length=64), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("rev", sa.String(length=64), nullable=False),
        sa.Column("parent_rev", sa.String(length=64), nullable=True),
        sa.Column("origin_node", sa.String(length=36), nullable=False),
        sa.Column("change_seq", sa.Integer(), nullable=False),
        sa.Column("hlc", sa.String(length=40), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"], ["persons.id"], name=op.f("fk_reception_cases_person_id_persons")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reception_cases")),
        sa.UniqueConstraint("case_code", name=op.f("uq_reception_cases_case_code")),
    )
    with op.batch_alter_table("reception_cases", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_reception_cases_change_seq"), ["change_seq"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_reception_cases_commune_code"), ["commune_code"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_reception_cases_office_id"), ["office_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_reception_cases_person_id"), ["person_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_reception_cases_received_on"), ["received_on"], unique=False
        )
        batch_op.create_index(
            "ix_reception_cases_search",
            ["received_on", "deleted", "case_code", "person_id"],
            unique=False,
        )

    if op.get_bind().dialect.name == "sqlite":
        for verb in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER audit_events_no_{verb.lower()} BEFORE {verb} ON audit_events "
                "BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END"
            )


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS audit_events_no_update")
        op.execute("DROP TRIGGER IF EXISTS audit_events_no_delete")
    with op.batch_alter_table("reception_cases", schema=None) as batch_op:
        batch_op.drop_index("ix_reception_cases_search")
        batch_op.drop_index(batch_op.f("ix_reception_cases_received_on"))
        batch_op.drop_index(batch_op.f("ix_reception_cases_person_id"))
        batch_op.drop_index(batch_op.f("ix_reception_cases_office_id"))
        batch_op.drop_index(batch_op.f("ix_reception_cases_commune_code"))
        batch_op.drop_index(batch_op.f("ix_reception_cases_change_seq"))

    op.drop_table("reception_cases")
    with op.batch_alter_table("accounts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_accounts_change_seq"))

    op.drop_table("accounts")
    op.drop_table("settings")
    with op.batch_alter_table("reference_items", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_reference_items_kind"))
        batch_op.drop_index(batch_op.f("ix_reference_items_change_seq"))

    op.drop_table("reference_items")
    with op.batch_alter_table("persons", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_persons_name_fold"))
        batch_op.drop_index(batch_op.f("ix_persons_home_commune_code"))
        batch_op.drop_index(batch_op.f("ix_persons_change_seq"))

    op.drop_table("persons")
    with op.batch_alter_table("outreach_events", schema=None) as batch_op:
        batch_op.drop_index("ix_outreach_events_stats")
        batch_op.drop_index("ix_outreach_events_search")
        batch_op.drop_index(batch_op.f("ix_outreach_events_office_id"))
        batch_op.drop_index(batch_op.f("ix_outreach_events_kind"))
        batch_op.drop_index(batch_op.f("ix_outreach_events_held_on"))
        batch_op.drop_index(batch_op.f("ix_outreach_events_commune_code"))
        batch_op.drop_index(batch_op.f("ix_outreach_events_change_seq"))

    op.drop_table("outreach_events")
    with op.batch_alter_table("offices", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_offices_parent_id"))
        batch_op.drop_index(batch_op.f("ix_offices_change_seq"))

    op.drop_table("offices")
    op.drop_table("node_state")
    with op.batch_alter_table("audit_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audit_events_action"))

    op.drop_table("audit_events")
    with op.batch_alter_table("admin_units", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_admin_units_province_code"))
        batch_op.drop_index(batch_op.f("ix_admin_units_parent_code"))
        batch_op.drop_index(batch_op.f("ix_admin_units_name_fold"))

    op.drop_table("admin_units")
