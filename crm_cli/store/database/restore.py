"""`crm db restore FILE`: a backup (a SQLite file or a dump) into the open database.

Restoring is copying: the file is opened as a source (`sources.py`) and the copy engine
writes its rows in one transaction, so a damaged file restores nothing. The database must
be empty, as a new one is (its migrations' statuses and counters, and at most the first
user, whom crm makes admin on first use); a database with data is replaced only when
``force`` is given, and only after a backup of it has been written beside FILE
(``before-restore-YYYYMMDD-HHMMSS.db`` or ``.jsonl.gz``), whose path is returned.
Afterwards the row counts are compared with what was read and every check is run.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from crm_cli.store.core.dates import now_or
from crm_cli.store.core.db import backend, db_proxy
from crm_cli.store.core.errors import InvalidInput, PermissionDenied, Phrase
from crm_cli.store.core.records import User
from crm_cli.store.database.backup import save_backup, writable_path
from crm_cli.store.database.checks import run_checks
from crm_cli.store.database.contents import busy_list, compare_counts, count_rows, occupied
from crm_cli.store.database.engine import copy_into, translated
from crm_cli.store.database.records import RestoreResult
from crm_cli.store.database.sources import BackupFile, inspect_backup, open_source


def restore_database(
    actor: User, path: str, *, force: bool = False, now: dt.datetime | None = None
) -> RestoreResult:
    """Restore the backup at ``path`` into the open database (admins).

    Raises:
        PermissionDenied: not an admin. InvalidInput: not a usable backup; the database
            is not empty and ``force`` was not given; the backup's rows break a rule.
    """
    now = now_or(now)
    if not actor.is_admin:
        raise PermissionDenied("only an admin may restore the database")
    found = inspect_backup(path)
    database = db_proxy.obj
    if backend() == "sqlite" and found.path.samefile(database.database):
        raise InvalidInput("{path} is the database itself", path=str(found.path))
    previous = None
    busy = occupied(database)
    if busy and not force:
        raise InvalidInput(
            "the database is not empty (it has {tables} rows); pass --force to "
            "replace it (it is backed up first)",
            tables=busy_list(busy),
        )
    if busy:
        previous = save_backup(_previous_path(found, now), dump=False, now=now).path
    with (
        open_source(found) as source,
        translated(Phrase("cannot restore {path}", path=str(found.path))),
    ):
        counts = copy_into(source, database)
    compare_counts("restore", counts, {name: count_rows(database, name) for name in counts})
    failed = tuple(r.check for r in run_checks(database) if not r.ok)
    rows = sum(counts.values())
    return RestoreResult(str(found.path), found.format, len(counts), rows, previous, failed)


def _previous_path(found: BackupFile, now: dt.datetime) -> Path:
    """Where the database about to be replaced is saved: beside the file restored."""
    suffix = ".db" if backend() == "sqlite" else ".jsonl.gz"
    stem = found.path.parent / f"before-restore-{now:%Y%m%d-%H%M%S}"
    path, number = Path(f"{stem}{suffix}"), 1
    while path.exists():
        number += 1
        path = Path(f"{stem}-{number}{suffix}")
    return writable_path(str(path))
