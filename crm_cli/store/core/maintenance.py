"""Keeping the query planner informed after a bulk write.

PostgreSQL plans from statistics that only ANALYZE gathers (autovacuum runs it, when it
is on and gets round to it). Straight after ``crm demo --size large`` none were there and
``crm today`` took minutes instead of a second, a common-word search ten times as long as
on SQLite. MariaDB/MySQL recompute theirs in the background once a tenth of a table has
changed; ``ANALYZE TABLE`` has them right before the next command runs.

SQLite gets nothing: without ``sqlite_stat1`` its planner takes the indexes the queries
were written for, and statistics made it prefer other ones (the digest's reads went from
an owner's rows to a date range over everybody's).

Bulk writers call ``after_bulk_write`` inside their transaction; the statistics are
gathered once it commits (peewee's ``after_commit``), so a rolled-back write leaves
them as they were.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from typing import Any

import peewee as pw

from crm_cli.store.core.db import backend, db_proxy

# Fewer rows than this barely move a table's statistics (autovacuum's own threshold is
# 50 rows plus a tenth of the table): not worth sampling every table written.
BULK_ROWS = 1000


def after_bulk_write(tables: Iterable[Any], rows: int) -> None:
    """``refresh_statistics`` of ``tables`` (models or table names), if ``rows`` rows
    were written."""
    if rows >= BULK_ROWS:
        refresh_statistics(tables)


def refresh_statistics(tables: Iterable[Any]) -> None:
    """Bring the planner's statistics of ``tables`` (models or table names) up to date:
    now, or once the current write transaction commits (never if it rolls back). Nothing
    on SQLite.
    """
    names = sorted({t if isinstance(t, str) else t._meta.table_name for t in tables})
    if names and backend() != "sqlite":
        # peewee runs it once the outermost transaction commits, or at once outside one.
        db_proxy.obj.after_commit(functools.partial(_analyze, names))


def _analyze(names: list[str]) -> None:
    """ANALYZE, outside the write transaction: MySQL would commit it. A failure is
    ignored: the data is committed already, and stale statistics only cost time."""
    database = db_proxy.obj
    try:
        if backend() == "postgres":
            with database.atomic():  # one commit for all, not one per table
                database.execute_sql("ANALYZE " + ", ".join(f'"{name}"' for name in names))
        else:  # a result row per table, read so that the connection is free again
            names_sql = ", ".join(f"`{name}`" for name in names)
            database.execute_sql(f"ANALYZE TABLE {names_sql}").fetchall()
    except pw.PeeweeException:
        pass
