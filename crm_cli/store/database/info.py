"""`crm db info`: where the database is, which backend, its schema, its size and its rows.

Any user may ask: it names no record, only how many rows each table holds.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from crm_cli.store.core.db import backend, db_proxy, info, reading
from crm_cli.store.core.records import User
from crm_cli.store.database.contents import count_rows, redacted
from crm_cli.store.database.records import DatabaseInfo
from crm_cli.store.database.sources import migrations_of
from crm_cli.store.database.tables import tables


@reading
def database_info(actor: User) -> DatabaseInfo:
    """The open database: URL, backend, schema, size, rows per table (any user)."""
    database = db_proxy.obj
    opened = info()
    names = [table.name for table in tables()]
    applied = migrations_of(database) or ()
    return DatabaseInfo(
        url=redacted(opened.url), backend=opened.backend, schema_version=len(applied),
        schema=applied[-1] if applied else "", size_bytes=_size(database, names),
        tables={name: count_rows(database, name) for name in names},
    )  # fmt: skip


def _size(database: Any, names: list[str]) -> int:
    """SQLite: the file and its WAL. Servers: crm's tables with their indexes."""
    kind = backend()
    if kind == "sqlite":
        path = Path(database.database)
        wal = Path(f"{path}-wal")
        return path.stat().st_size + (wal.stat().st_size if wal.exists() else 0)
    if kind == "postgres":
        sql = (
            "SELECT COALESCE(SUM(pg_total_relation_size(to_regclass(quote_ident(t)))), 0)"
            " FROM unnest(%s::text[]) AS t"
        )
        return int(database.execute_sql(sql, (names,)).fetchone()[0])
    listed = ", ".join(["%s"] * len(names))
    sql = (
        "SELECT COALESCE(SUM(data_length + index_length), 0) FROM information_schema.tables"
        f" WHERE table_schema = DATABASE() AND table_name IN ({listed})"
    )
    return int(database.execute_sql(sql, names).fetchone()[0])
