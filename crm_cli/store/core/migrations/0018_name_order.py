"""SQLite: the customers numbered in name order, and the search index under those numbers.

FTS5 gives its matches in rowid order only, and the search index of migration 0002 is keyed
by the customer's id: a search sorted by name read every match and sorted them (1.2 s at
1 M customers for 有限公司, in 60 % of the names) or walked the name index testing each
customer (300 k Latin names sort before the first match). ``customer_name_rank`` gives
each customer a number that grows with (name, id), ``GAP`` apart when numbered afresh so
that a new name fits between two others, and the two search tables are built again under
those numbers: their matches come out in name order and LIMIT ends the read after a page.
`customers.name_order` keeps them; these are the tables as this migration made them.
"""

from typing import Any

import peewee as pw

GAP = 1 << 20


def up(migrator: Any, db: pw.Database) -> None:
    if not isinstance(db, pw.SqliteDatabase):
        return
    db.execute_sql(
        "CREATE TABLE customer_name_rank ("
        "rank INTEGER NOT NULL PRIMARY KEY, customer_id INTEGER NOT NULL UNIQUE)"
    )
    db.execute_sql(
        "CREATE VIRTUAL TABLE customer_name_fts USING fts5(body, tokenize='trigram', detail='none')"
    )
    db.execute_sql(
        "CREATE VIRTUAL TABLE customer_name_words USING fts5(body, "
        "tokenize='unicode61 remove_diacritics 2', prefix='1 2')"
    )
    db.execute_sql(
        "INSERT INTO customer_name_rank (rank, customer_id) "
        f"SELECT {GAP} * row_number() OVER (ORDER BY name, id), id FROM customer"
    )
    db.execute_sql(
        "INSERT INTO customer_name_fts (rowid, body) SELECT r.rank, f.body "
        "FROM customer_name_rank r JOIN customer_fts f ON f.rowid = r.customer_id"
    )
    db.execute_sql(
        "INSERT INTO customer_name_words (rowid, body) SELECT r.rank, w.body "
        "FROM customer_name_rank r JOIN customer_words w ON w.rowid = r.customer_id"
    )
