"""`crm db copy --to URL`: every record, code counter, setting and log of the open database
into another, empty one: how a team moves from SQLite to PostgreSQL or MariaDB.

The target is opened beside the open store, refused unless empty (as a new database is:
see ``engine.occupied``), given this crm's schema, and filled by the copy engine from one
read snapshot of the source. Then the two are compared: rows per table on both sides
(and as read), and every check run on each.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from crm_cli.store.core import schema
from crm_cli.store.core.db import db_proxy, make_database
from crm_cli.store.core.errors import InvalidInput, PermissionDenied, Phrase, StoreUnavailable
from crm_cli.store.core.records import User
from crm_cli.store.database.checks import run_checks
from crm_cli.store.database.contents import (
    busy_list,
    compare_counts,
    count_rows,
    occupied,
    redacted,
)
from crm_cli.store.database.engine import (
    DatabaseSource,
    copy_into,
    first_line,
    snapshot,
    translated,
)
from crm_cli.store.database.records import CopyResult, TableCount
from crm_cli.store.database.sources import migrations_of
from crm_cli.store.database.tables import kind_of, tables


def copy_database(actor: User, url: str, *, now: dt.datetime | None = None) -> CopyResult:
    """Copy the open database into the empty database at ``url`` (admins).

    Raises:
        PermissionDenied: not an admin. InvalidInput: the target is not empty, or a row
            breaks one of its rules (nothing is kept). StoreUnavailable: it cannot be
            opened, or the counts differ afterwards.
    """
    if not actor.is_admin:
        raise PermissionDenied("only an admin may copy the database")
    shown = redacted(url)
    target = _open(url, shown)
    try:
        with translated(Phrase("cannot copy to {target}", target=shown)):
            return _copy(target, shown)
    finally:
        target.close()


def _open(url: str, shown: str) -> Any:
    database, _ = make_database(url)  # the same URLs `crm --db` takes
    try:
        database.connect()
    except Exception as exc:  # the driver's own errors, or a missing driver
        raise StoreUnavailable(
            "cannot open {target}: {detail}", target=shown, detail=first_line(exc)
        ) from exc
    return database


def _copy(target: Any, shown: str) -> CopyResult:
    busy = occupied(target)
    if busy:
        raise InvalidInput(
            "{target} is not empty (it has {tables} rows); copy into an empty database",
            target=shown, tables=busy_list(busy),
        )  # fmt: skip
    schema.migrate(target)
    source_db = db_proxy.obj
    source = DatabaseSource(source_db, migrations_of(source_db) or ())
    with snapshot(source_db):
        read = {table.name: source.count(table) for table in tables()}
        written = copy_into(source, target)
    found = {name: count_rows(target, name) for name in read}
    compare_counts("copy", read, written)
    compare_counts("copy", read, found)
    counts = tuple(TableCount(name, read[name], found[name]) for name in read)
    return CopyResult(
        target=shown, backend=kind_of(target), tables=counts, rows=sum(written.values()),
        source_failed=_failed(source_db), target_failed=_failed(target),
    )  # fmt: skip


def _failed(database: Any) -> tuple[str, ...]:
    return tuple(result.check for result in run_checks(database) if not result.ok)
