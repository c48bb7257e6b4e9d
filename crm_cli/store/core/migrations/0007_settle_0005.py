"""Databases that ran migration 0005 as first committed (d0e91a2) get what it became.

0005 was edited before it was released (c67b73f, 267bdf3, 10d3b3e), so a database made
by a build in between has it recorded as applied without the edits: two indexes over
every row instead of live ones (SQLite, PostgreSQL), the owner still copied onto the
contacts of deleted customers (their birthdays counted in `crm today` but not listed),
and on PostgreSQL no stored ``search_words`` column, which every short search reads.
Each step here looks before it acts, so a database 0005 made right costs a few
catalogue reads.
"""

from typing import Any

import peewee as pw

PARTIAL = {
    "customer_owner_id_next_contact": ("customer", "owner_id, next_contact"),
    "contact_owner_id_birthday_md": ("contact", "owner_id, birthday_md"),
}
WORDS = (  # 0002's index expression, which 0005 stores in a column
    "to_tsvector('simple', regexp_replace(search_text, "
    "'([\\u3400-\\u9fff\\uf900-\\ufaff])', ' \\1 ', 'g'))"
)


def up(migrator: Any, db: pw.Database) -> None:
    db.execute_sql(
        "UPDATE contact SET owner_id = NULL WHERE owner_id IS NOT NULL AND customer_id IN "
        "(SELECT id FROM customer WHERE deleted_at IS NOT NULL)"
    )
    if isinstance(db, pw.MySQLDatabase):
        return  # no partial indexes there, no search_words either
    for name, (table, columns) in PARTIAL.items():
        if "WHERE" not in _definition(db, name).upper():
            db.execute_sql(f'DROP INDEX IF EXISTS "{name}"')
            db.execute_sql(
                f'CREATE INDEX "{name}" ON "{table}" ({columns}) WHERE deleted_at IS NULL'
            )
    if isinstance(db, pw.PostgresqlDatabase) and not _has_search_words(db):
        db.execute_sql(
            f"ALTER TABLE customer ADD COLUMN search_words tsvector GENERATED ALWAYS AS "
            f"({WORDS}) STORED"
        )
        db.execute_sql(
            "CREATE INDEX customer_search_words_stored ON customer USING gin (search_words)"
        )
        db.execute_sql("DROP INDEX IF EXISTS customer_search_words")
        db.execute_sql("ALTER TABLE customer ALTER COLUMN search_text SET STATISTICS 1000")


def _definition(db: pw.Database, index: str) -> str:
    if isinstance(db, pw.PostgresqlDatabase):
        # This schema's: pg_indexes shows every schema's, and others' may be dropped meanwhile.
        sql = (
            "SELECT indexdef FROM pg_indexes WHERE schemaname = current_schema() AND indexname = %s"
        )
    else:
        sql = "SELECT sql FROM sqlite_master WHERE type = 'index' AND name = ?"
    row = db.execute_sql(sql, (index,)).fetchone()
    return str(row[0]) if row and row[0] else ""


def _has_search_words(db: pw.Database) -> bool:
    sql = (
        "SELECT 1 FROM information_schema.columns WHERE table_schema = current_schema() "
        "AND table_name = 'customer' AND column_name = 'search_words'"
    )
    return db.execute_sql(sql).fetchone() is not None
