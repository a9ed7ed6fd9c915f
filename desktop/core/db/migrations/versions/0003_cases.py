"""Victim reception cases: person details, case steps, transitions, support, shelter,
referrals, follow-ups.

Revision ID: 0003_cases
Revises: 0002_outreach
Create Date: 2026-11-28
"""

import sqlalchemy as sa  # noqa: F401
from alembic import op  # noqa: F401

revision = "0003_cases"
down_revision = "0002_outreach"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
