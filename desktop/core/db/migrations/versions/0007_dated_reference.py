"""Reference data that knows dates: every reference item gets the day it became valid and
the last day it was valid (``valid_from``, ``valid_to``; empty = open), so a 2019 event
shows the 2019 department and a new event offers only today's bodies.

The items seeded by earlier versions are dated in place, by their list and code, the same
way on every installation (so the rows stay equal everywhere without travelling again):
the provincial departments that Decree 45/2025/NĐ-CP (in force 1 March 2025) merged away
end on 28 February 2025. Only the new columns are filled: the revision a row names still
holds every field it had (``repair`` compares those only), so no installation sees the
change as its own edit. The sources are cited in ``desktop/core/refdata.py``. Changes to
columns that existed before (the notes "to be checked", the border gates' communes) are
the province's edits, made when its profile opens and sent down with revisions of their
own (``refdata.seed_new``): a laptop never changes a reference list. Nothing is inserted
here: the bodies that replaced them are new seed items, which the province's
installation adds when it opens (``refdata.seed_new``) and sends down in its receipts.

Revision ID: 0007_dated_reference
Revises: 0006_law_cases
Create Date: 2026-12-02
"""

import datetime as dt

import sqlalchemy as sa
from alembic import op

revision = "0007_dated_reference"
down_revision = "0006_law_cases"
branch_labels = None
depends_on = None

_BEFORE_DECREE_45 = dt.date(2025, 2, 28)  # Decree 45/2025/NĐ-CP took effect on 1 March 2025

# (list, code) of the items seeded by version 0.1 → their last valid day. Kept here, not
# imported from refdata: a migration must do the same thing for ever.
_ENDED: dict[tuple[str, str], dt.date] = {
    # Merged into the Department of Home Affairs (labour, employment, persons with merit)
    # and the Department of Health (social protection, children, victim support).
    ("agency", "labour"): _BEFORE_DECREE_45,
    # Merged into the Department of Science and Technology; the press went to the
    # Department of Culture, Sports and Tourism.
    ("agency", "info_comm"): _BEFORE_DECREE_45,
}


def upgrade() -> None:
    # Added in place (nullable, no rebuild): reference_items is pointed at by nothing.
    op.add_column("reference_items", sa.Column("valid_from", sa.Date(), nullable=True))
    op.add_column("reference_items", sa.Column("valid_to", sa.Date(), nullable=True))
    items = sa.table(
        "reference_items",
        sa.column("kind", sa.String),
        sa.column("code", sa.String),
        sa.column("valid_to", sa.Date),
    )
    for (kind, code), last_day in sorted(_ENDED.items()):
        op.execute(
            items.update()
            .where(items.c.kind == kind, items.c.code == code)
            .values(valid_to=last_day)
        )


def downgrade() -> None:
    with op.batch_alter_table("reference_items", schema=None) as batch_op:
        batch_op.drop_column("valid_to")
        batch_op.drop_column("valid_from")
