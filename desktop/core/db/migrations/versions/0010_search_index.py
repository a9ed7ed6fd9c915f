"""Search by index (issue 18, point 2): SQLite FTS5 tables over the folded text that search
reads, kept in step by triggers, built here for the rows a profile already holds.

- ``outreach_events_fts``, ``campaign_plans_fts`` and ``persons_fts`` index the folded
  columns (``search_fold``, ``name_fold``) word by word. The ``ascii`` tokenizer with every
  ASCII character but letters, digits and the space declared a token character makes a
  token exactly a space-separated word of the folded text (characters beyond ASCII are
  token characters anyway), so "the term starts a word" is a prefix query, "hoa"*, with
  the same answer as ``' ' || column LIKE '% hoa%'``. Prefix indexes of one and two
  characters answer one- and two-letter terms from the index too.
- ``reception_cases_fts`` indexes ``lower(case_code)`` by trigrams: a code is found from
  any part of it, and any part of three characters or more is a trigram query.

The tables are contentless (the text lives once, in the base table) and keyed by the base
row's rowid. Triggers on the base tables keep them in step with every write of the indexed
column, whoever writes it: the ORM's flush, the demo's and the sync merge's bulk inserts,
restores from the trash. The base tables have no INTEGER PRIMARY KEY, so their rowids are
stable only as long as the table is not copied: a later migration that rebuilds one of
these tables (batch mode) must build its index again (``rebuild`` below does it);
tests/core/test_search_index.py checks the index after the whole chain of migrations.

Other databases (PostgreSQL) get nothing here: search falls back to LIKE there.

Revision ID: 0010_search_index
Revises: 0009_other_body_figures
Create Date: 2026-12-02
"""

from alembic import op
from sqlalchemy.engine import Connection

revision = "0010_search_index"
down_revision = "0009_other_body_figures"
branch_labels = None
depends_on = None

# Every ASCII character but letters, digits and the space (and NUL) belongs to a token.
_TOKEN_CHARS = "".join(chr(c) for c in range(1, 128) if not chr(c).isalnum() and c != 32)
_WORDS = "ascii tokenchars '{}'".format(_TOKEN_CHARS.replace("'", "''"))
WORD_OPTIONS = "prefix='1 2', tokenize='{}'".format(_WORDS.replace("'", "''"))
TRIGRAM_OPTIONS = "tokenize='trigram case_sensitive 1'"

# index table: (base table, indexed expression over the new/old row, changed column, options)
INDEXES = {
    "outreach_events_fts": ("outreach_events", "{row}.search_fold", "search_fold", WORD_OPTIONS),
    "campaign_plans_fts": ("campaign_plans", "{row}.search_fold", "search_fold", WORD_OPTIONS),
    "persons_fts": ("persons", "{row}.name_fold", "name_fold", WORD_OPTIONS),
    "reception_cases_fts": (
        "reception_cases", "lower({row}.case_code)", "case_code", TRIGRAM_OPTIONS,
    ),
}  # fmt: skip


def _create(conn: Connection, fts: str) -> None:
    base, expr, column, options = INDEXES[fts]
    new = expr.format(row="new")
    conn.exec_driver_sql(
        f"CREATE VIRTUAL TABLE {fts} USING fts5(body, content='', contentless_delete=1, {options})"
    )
    conn.exec_driver_sql(
        f"CREATE TRIGGER {fts}_ai AFTER INSERT ON {base} BEGIN "
        f"INSERT INTO {fts}(rowid, body) VALUES (new.rowid, {new}); END"
    )
    conn.exec_driver_sql(
        f"CREATE TRIGGER {fts}_au AFTER UPDATE OF {column} ON {base} BEGIN "
        f"DELETE FROM {fts} WHERE rowid = old.rowid; "
        f"INSERT INTO {fts}(rowid, body) VALUES (new.rowid, {new}); END"
    )
    conn.exec_driver_sql(
        f"CREATE TRIGGER {fts}_ad AFTER DELETE ON {base} BEGIN "
        f"DELETE FROM {fts} WHERE rowid = old.rowid; END"
    )


def rebuild(conn: Connection, fts: str) -> None:
    """Index every row of the base table again (after its rows were copied, or now)."""
    base, expr, _column, _options = INDEXES[fts]
    conn.exec_driver_sql(f"INSERT INTO {fts}({fts}) VALUES ('delete-all')")
    conn.exec_driver_sql(
        f"INSERT INTO {fts}(rowid, body) SELECT rowid, {expr.format(row=base)} FROM {base}"
    )
    conn.exec_driver_sql(f"INSERT INTO {fts}({fts}) VALUES ('optimize')")


def upgrade() -> None:
    conn = op.get_bind()
    if conn.dialect.name != "sqlite":
        return
    for fts in INDEXES:
        _create(conn, fts)
        rebuild(conn, fts)


def downgrade() -> None:
    conn = op.get_bind()
    if conn.dialect.name != "sqlite":
        return
    for fts in INDEXES:
        for suffix in ("ai", "au", "ad"):
            conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS {fts}_{suffix}")
        conn.exec_driver_sql(f"DROP TABLE IF EXISTS {fts}")
