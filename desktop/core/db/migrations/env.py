"""Alembic environment: Khiên always hands the migration an open connection."""

from alembic import context

from desktop.core import search_index
from desktop.core.db.models import Base

config = context.config
connection = config.attributes.get("connection")
if connection is None:
    raise RuntimeError("Khiên migrations run through desktop.core.db.migrate, with a connection")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,  # SQLite cannot ALTER most things: batch mode copies the table
    compare_type=True,
    # The search index's FTS5 tables (migration 0010) are built by the schema, not the models:
    # an autogenerate run must not propose dropping them.
    include_name=lambda name, kind, _parents: (
        kind != "table" or not search_index.is_index_table(name)
    ),
)
with context.begin_transaction():
    context.run_migrations()
