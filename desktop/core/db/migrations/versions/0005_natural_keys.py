"""Natural keys of synced rows are no longer database constraints; revisions are
indexed by table.

Case codes, user names, reference codes and case step names were UNIQUE in the database.
Two offline laptops can make the same value independently, and the province must then
store both rows (an import never fails on them): each becomes an ordinary index, the
import queues a clash as a conflict (``desktop.core.sync.unique``), and new case codes
name the office that made them (``desktop.core.cases.codes``). Existing values stay valid.

SQLite cannot drop a UNIQUE constraint in place: batch mode copies each table, which
needs foreign keys off while the parent table is replaced (``migrate.upgrade`` does so and
checks every reference afterwards).

Revision ID: 0005_natural_keys
Revises: 0004_sync
Create Date: 2026-11-29
"""

from alembic import op

revision = "0005_natural_keys"
down_revision = "0004_sync"
branch_labels = None
depends_on = None

# table → (unique constraint to drop, index to make, its columns)
_KEYS = (
    ("reception_cases", "uq_reception_cases_case_code", "ix_reception_cases_case_code", ["case_code"]),
    ("accounts", "uq_accounts_username", "ix_accounts_username", ["username"]),
    ("reference_items", "kind_code", "ix_reference_items_kind_code", ["kind", "code"]),
    ("case_step_assignments", "uq_case_step_assignments_step", "ix_case_step_assignments_step", ["step"]),
)  # fmt: skip


def upgrade() -> None:
    for table, constraint, index, columns in _KEYS:
        with op.batch_alter_table(table, schema=None, recreate="always") as batch_op:
            batch_op.drop_constraint(constraint, type_="unique")
            batch_op.create_index(index, columns, unique=False)
    # A receipt reads the reference tables' revisions only: without this index, every
    # revision of the province (a million) was read to send a few dozen rows.
    op.create_index("ix_revisions_table_seq", "revisions", ["table_name", "change_seq"])


def downgrade() -> None:
    op.drop_index("ix_revisions_table_seq", table_name="revisions")
    # Only possible while no value is used twice (the import may have stored clashes).
    for table, constraint, index, columns in reversed(_KEYS):
        with op.batch_alter_table(table, schema=None, recreate="always") as batch_op:
            batch_op.drop_index(index)
            batch_op.create_unique_constraint(constraint, columns)
