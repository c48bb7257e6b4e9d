"""The customer search index (CUS-6): substring search without a table scan.

SQLite: an FTS5 trigram table for queries of three or more characters and a
word table (CJK characters as single words) for shorter ones. PostgreSQL: the
same two shapes as a pg_trgm GIN index and a tsvector GIN index. MySQL/MariaDB
have no trigram index: search there falls back to LIKE (see the README).
"""

from typing import Any

import peewee as pw

PG_SHORT_EXPR = (
    "to_tsvector('simple', regexp_replace(search_text, "
    "'([\\u3400-\\u9fff\\uf900-\\ufaff])', ' \\1 ', 'g'))"
)


def up(migrator: Any, db: pw.Database) -> None:
    if isinstance(db, pw.SqliteDatabase):
        db.execute_sql(
            "CREATE VIRTUAL TABLE customer_fts USING fts5(body, tokenize='trigram', detail='none')"
        )
        db.execute_sql(
            "CREATE VIRTUAL TABLE customer_words USING fts5("
            "body, tokenize='unicode61 remove_diacritics 2')"
        )
    elif isinstance(db, pw.PostgresqlDatabase):
        db.execute_sql("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        db.execute_sql(
            "CREATE INDEX customer_search_trgm ON customer USING gin (search_text gin_trgm_ops)"
        )
        db.execute_sql(
            f"CREATE INDEX customer_search_words ON customer USING gin ({PG_SHORT_EXPR})"
        )
