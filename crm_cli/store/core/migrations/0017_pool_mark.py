"""The open pool as a mark on the customer (issue 16, point 6).

``customer.in_pool``: true while the customer has a row in ``pool_customer`` (from `crm
pool add` until `crm pool remove`, or until the pool is disabled); `pool.entry` keeps it.
A customer in the pool with no owner waits in the open pool, where its members see it
(`pool_customer`'s holder is always the customer's owner: `crm db check`).

Why a copy: every statement of a pool member under PostgreSQL's row-level security read
the open pool's set of customers to test each row against it, a set that also kept every
such statement from running in parallel. A mark on the row is tested where the row is
read. Added NOT NULL with a default in the column itself (one statement, no table rebuild
on SQLite); the pool's customers are then marked, one statement.
"""

from typing import Any

import peewee as pw


def up(migrator: Any, db: pw.Database) -> None:
    q = "`" if isinstance(db, pw.MySQLDatabase) else '"'
    # As BooleanField stores it on each backend.
    kind, no, yes = (
        ("INTEGER", 0, 1) if isinstance(db, pw.SqliteDatabase) else ("BOOLEAN", "false", "true")
    )
    db.execute_sql(
        f"ALTER TABLE {q}customer{q} ADD COLUMN {q}in_pool{q} {kind} NOT NULL DEFAULT {no}"
    )
    db.execute_sql(
        f"UPDATE {q}customer{q} SET {q}in_pool{q} = {yes}"
        f" WHERE {q}id{q} IN (SELECT {q}customer_id{q} FROM {q}pool_customer{q})"
    )
