"""Bringing a database's schema up to date: the numbered migrations in `migrations/`, each
applied once (recorded in ``schema_migration``), under a lock so that two processes opening
a new database never race. Every domain's tables are created here, in one global order.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import peewee as pw

from crm_cli.store.core.errors import StoreUnavailable

MIGRATIONS_DIR = Path(__file__).parent / "migrations"
HISTORY_TABLE = "schema_migration"


def known_migrations() -> list[str]:
    return sorted(p.stem for p in MIGRATIONS_DIR.glob("[0-9]*.py"))


def _applied(database: pw.Database) -> list[str]:
    if not database.table_exists(HISTORY_TABLE):
        return []
    cursor = database.execute_sql(f"SELECT name FROM {HISTORY_TABLE}")
    return sorted(row[0] for row in cursor.fetchall())


def migrate(database: pw.Database) -> int:
    """Apply the pending migrations; return how many the schema has.

    Raises:
        StoreUnavailable: the database has a migration this program does not know.
    """
    known = known_migrations()
    applied = _applied(database)
    unknown = sorted(set(applied) - set(known))
    if unknown:
        # A newer crm wrote this database: refuse before touching anything.
        raise StoreUnavailable(
            "the database schema is newer than this crm (it has {migration}); "
            "upgrade crm to use it",
            migration=unknown[-1],
        )
    if len(applied) < len(known):
        from playhouse.migrations import Runner  # only when something is pending

        from crm_cli.store.core.team_mode import require_owner

        require_owner(database, sorted(set(known) - set(applied))[-1])
        with _migration_lock(database):
            Runner(database, str(MIGRATIONS_DIR), table_name=HISTORY_TABLE).up()
    return len(known)


@contextmanager
def _migration_lock(database: pw.Database) -> Iterator[None]:
    """Serialise concurrent first opens, so two processes never race a migration."""
    if isinstance(database, pw.PostgresqlDatabase):
        database.execute_sql("SELECT pg_advisory_lock(7320001)")
        try:
            yield
        finally:
            database.execute_sql("SELECT pg_advisory_unlock(7320001)")
    elif isinstance(database, pw.MySQLDatabase):
        database.execute_sql("SELECT GET_LOCK('crm_migrate', 60)")
        try:
            yield
        finally:
            database.execute_sql("SELECT RELEASE_LOCK('crm_migrate')")
    else:
        # SQLite: one IMMEDIATE transaction holds the write lock across all migrations;
        # the runner re-reads what is applied once it has the lock.
        with database.atomic():
            yield
