"""Sync state: node keys, peers, revisions, bundle registry, conflicts.

Revision ID: 0004_sync
Revises: 0003_cases
Create Date: 2026-11-28
"""

import sqlalchemy as sa
from alembic import op

revision = "0004_sync"
down_revision = "0003_cases"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "node_keys",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sign_secret", sa.String(length=64), nullable=False),
        sa.Column("age_identity", sa.String(length=100), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_node_keys")),
    )
    op.create_table(
        "peers",
        sa.Column("node_id", sa.String(length=36), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("relation", sa.String(length=16), nullable=False),
        sa.Column("office_id", sa.String(length=36), nullable=True),
        sa.Column("sign_public", sa.String(length=64), nullable=False),
        sa.Column("age_recipient", sa.String(length=100), nullable=False),
        sa.Column("revoked", sa.Boolean(), nullable=False),
        sa.Column("acked_seq", sa.Integer(), nullable=False),
        sa.Column("added_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("node_id", name=op.f("pk_peers")),
    )
    op.create_table(
        "revisions",
        sa.Column("rev", sa.String(length=64), nullable=False),
        sa.Column("table_name", sa.String(length=40), nullable=False),
        sa.Column("row_id", sa.String(length=36), nullable=False),
        sa.Column("parents", sa.String(length=400), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("hlc", sa.String(length=40), nullable=False),
        sa.Column("origin_node", sa.String(length=36), nullable=False),
        sa.Column("change_seq", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("rev", name=op.f("pk_revisions")),
    )
    with op.batch_alter_table("revisions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_revisions_change_seq"), ["change_seq"], unique=False)
        batch_op.create_index(batch_op.f("ix_revisions_row_id"), ["row_id"], unique=False)
    op.create_table(
        "bundles",
        sa.Column("bundle_id", sa.String(length=36), nullable=False),
        sa.Column("direction", sa.String(length=8), nullable=False),
        sa.Column("origin_node", sa.String(length=36), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("prev_hash", sa.String(length=64), nullable=False),
        sa.Column("file_sha256", sa.String(length=64), nullable=False),
        sa.Column("high_water", sa.Integer(), nullable=False),
        sa.Column("counts", sa.Text(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("bundle_id", name=op.f("pk_bundles")),
        sa.UniqueConstraint("origin_node", "seq", name="origin_seq"),
    )
    op.create_table(
        "conflicts",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("table_name", sa.String(length=40), nullable=False),
        sa.Column("row_id", sa.String(length=36), nullable=False),
        sa.Column("field", sa.String(length=64), nullable=False),
        sa.Column("head_rev", sa.String(length=64), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.Column("detected_at", sa.DateTime(), nullable=False),
        sa.Column("resolved_rev", sa.String(length=64), nullable=True),
        sa.Column("resolved_at", sa.DateTime(), nullable=True),
        sa.Column("resolved_by", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_conflicts")),
    )
    with op.batch_alter_table("conflicts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_conflicts_row_id"), ["row_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("conflicts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_conflicts_row_id"))
    op.drop_table("conflicts")
    op.drop_table("bundles")
    with op.batch_alter_table("revisions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_revisions_row_id"))
        batch_op.drop_index(batch_op.f("ix_revisions_change_seq"))
    op.drop_table("revisions")
    op.drop_table("peers")
    op.drop_table("node_keys")
