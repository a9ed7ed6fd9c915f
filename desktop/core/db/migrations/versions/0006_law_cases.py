"""Cases as Law 53/2024/QH15 has them: purposes (Art. 2), recruitment and control (HTCDS),
the identification document (Art. 33), consent (Art. 3(10)), handovers, counter-entries in
the support ledger, the home province anywhere in Viet Nam, and ages at reception.

Existing cases are carried over in place, the same way on every installation (so the
rows stay equal everywhere without travelling again):
- status "supported" becomes "identified": support is a record, not a step (the case had
  to be identified to be supported);
- channel "family_hotline" (a report by the family) becomes "self_reported": Art. 27(1)
  has the person *or their legal representative* report;
- the home province is the province of the home commune;
- an age from the birth year alone is marked approximate, and a person whose age is
  unknown, or may still be under 18, is presumed a child;
- free-text recruitment stays as it was, next to the new coded fields.

A case marked "referred" without a referral record gets its referral from the step that
referred it: that needs a new synced row, made when the profile opens
(``cases.upgrade``), not here.

Revision ID: 0006_law_cases
Revises: 0005_natural_keys
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0006_law_cases"
down_revision = "0005_natural_keys"
branch_labels = None
depends_on = None

_SYNC_COLUMNS = (
    ("id", sa.String(length=36), False),
    ("rev", sa.String(length=64), False),
    ("parent_rev", sa.String(length=64), True),
    ("origin_node", sa.String(length=36), False),
    ("change_seq", sa.Integer(), False),
    ("hlc", sa.String(length=40), False),
    ("deleted", sa.Boolean(), False),
    ("updated_at", sa.DateTime(), False),
)


def _sync_columns() -> list[sa.Column]:  # type: ignore[type-arg]
    return [sa.Column(name, kind, nullable=null) for name, kind, null in _SYNC_COLUMNS]


def _text(name: str, length: int | None = None) -> sa.Column:  # type: ignore[type-arg]
    kind = sa.String(length=length) if length else sa.Text()
    return sa.Column(name, kind, nullable=False, server_default="")


def _flag(name: str) -> sa.Column:  # type: ignore[type-arg]
    return sa.Column(name, sa.Boolean(), nullable=False, server_default=sa.false())


def _case_table(name: str, *columns: sa.Column) -> None:  # type: ignore[type-arg]
    op.create_table(
        name,
        sa.Column("case_id", sa.String(length=36), nullable=False),
        *columns,
        *_sync_columns(),
        sa.ForeignKeyConstraint(
            ["case_id"], ["reception_cases.id"], name=op.f(f"fk_{name}_case_id_reception_cases")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{name}")),
    )
    op.create_index(op.f(f"ix_{name}_case_id"), name, ["case_id"], unique=False)
    op.create_index(op.f(f"ix_{name}_change_seq"), name, ["change_seq"], unique=False)


def upgrade() -> None:
    # Columns are added in place (a batch rebuild of persons would drop a table that
    # reception_cases points at).
    op.add_column("persons", sa.Column("home_province_code", sa.Integer(), nullable=True))
    op.add_column("persons", _flag("stateless_resident"))
    for column in (
        sa.Column("notified_on", sa.Date(), nullable=True),
        _text("purposes", 100),
        _text("recruitment_methods", 300),
        _text("control_means", 400),
        _text("recruiter_relation", 24),
        sa.Column("age_trafficked", sa.Integer(), nullable=True),
        _flag("age_approximate"),
        _flag("child_presumed"),
        _flag("abroad"),
        _flag("trafficked_in_vn"),
        sa.Column("accompanied_case_id", sa.String(length=36), nullable=True),
        _text("id_doc_type", 24),
        _text("id_doc_number", 60),
        sa.Column("id_doc_date", sa.Date(), nullable=True),
        _text("id_doc_issuer", 200),
    ):
        op.add_column("reception_cases", column)
    op.add_column("support_entries", sa.Column("corrects_id", sa.String(length=36), nullable=True))
    _case_table(
        "case_consents",
        _flag("referral"),
        _flag("sharing"),
        sa.Column("given_on", sa.Date(), nullable=False),
        _text("given_by", 16),
        _text("representative", 200),
        _text("note"),
        _text("actor", 64),
    )
    _case_table(
        "handovers",
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("handed_on", sa.Date(), nullable=False),
        sa.Column("receiver", sa.String(length=200), nullable=False),
        _text("receiver_role", 200),
        sa.Column("province_code", sa.Integer(), nullable=True),
        sa.Column("commune_code", sa.Integer(), nullable=True),
        _text("place", 300),
        _text("record_number", 60),
        _text("note"),
        _text("actor", 64),
    )

    cases = sa.table(
        "reception_cases",
        sa.column("status", sa.String),
        sa.column("channel", sa.String),
    )
    op.execute(cases.update().where(cases.c.status == "supported").values(status="identified"))
    op.execute(
        cases.update().where(cases.c.channel == "family_hotline").values(channel="self_reported")
    )
    op.execute(
        "UPDATE persons SET home_province_code = (SELECT province_code FROM admin_units "
        "WHERE admin_units.code = persons.home_commune_code AND admin_units.kind = 'commune') "
        "WHERE home_commune_code IS NOT NULL"
    )
    # An age from the birth year alone is approximate (the exact date was not known).
    op.execute(
        "UPDATE reception_cases SET age_approximate = 1 WHERE age_at_reception IS NOT NULL "
        "AND person_id IN (SELECT id FROM persons WHERE birth_date IS NULL OR birth_estimated)"
    )
    # A person whose age is uncertain is presumed a child (rules.reception_age): no age at
    # all, or an approximate 18 that may still be 17.
    op.execute(
        "UPDATE reception_cases SET child_presumed = 1, is_child = 1 "
        "WHERE age_at_reception IS NULL OR (age_approximate AND age_at_reception = 18)"
    )


def downgrade() -> None:
    op.drop_table("handovers")
    op.drop_table("case_consents")
    with op.batch_alter_table("support_entries", schema=None) as batch_op:
        batch_op.drop_column("corrects_id")
    with op.batch_alter_table("reception_cases", schema=None) as batch_op:
        for name in (
            "id_doc_issuer", "id_doc_date", "id_doc_number", "id_doc_type",
            "accompanied_case_id", "trafficked_in_vn", "abroad", "child_presumed",
            "age_approximate", "age_trafficked", "recruiter_relation", "control_means",
            "recruitment_methods", "purposes", "notified_on",
        ):  # fmt: skip
            batch_op.drop_column(name)
    with op.batch_alter_table("persons", schema=None) as batch_op:
        batch_op.drop_column("stateless_resident")
        batch_op.drop_column("home_province_code")
