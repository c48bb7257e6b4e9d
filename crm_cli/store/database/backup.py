"""`crm db backup FILE`: a copy of the database you can trust, taken while others work.

SQLite: Python sqlite3's online backup API copies every page in one step, which reads
inside one transaction: the copy is the database as of one moment while writers carry on
in the WAL. The copy is then switched to a rollback journal, so the one file is the whole
backup. PostgreSQL and MariaDB (and SQLite when asked): the portable dump (`dump.py`),
read inside one snapshot transaction, so no server tools are needed.

Either way the file is written beside its final name and renamed into place once whole:
a failed backup leaves no file behind, and an earlier backup of that name stays until the
new one is complete.
"""

from __future__ import annotations

import datetime as dt
import gzip
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from crm_cli.store.core.dates import now_or
from crm_cli.store.core.db import backend, db_proxy, info
from crm_cli.store.core.errors import InvalidInput, PermissionDenied, Phrase
from crm_cli.store.core.records import User
from crm_cli.store.database.dump import FORMAT, write_dump
from crm_cli.store.database.engine import DatabaseSource, snapshot, translated
from crm_cli.store.database.records import BackupResult
from crm_cli.store.database.sources import migrations_of

GZIP_LEVEL = 6  # gzip's default 9 takes twice the time for a few per cent


def backup_database(
    actor: User, path: str, *, dump: bool = False, now: dt.datetime | None = None
) -> BackupResult:
    """Back up the open database to ``path`` (admins): a SQLite file, or the portable dump
    (servers, or SQLite with ``dump``).

    Raises:
        PermissionDenied: not an admin. InvalidInput: ``path`` cannot be written.
    """
    if not actor.is_admin:
        raise PermissionDenied("only an admin may back up the database")
    return save_backup(writable_path(path), dump=dump, now=now_or(now))


def save_backup(target: Path, *, dump: bool, now: dt.datetime) -> BackupResult:
    """Back up the open database to ``target`` (checked writable); no permission check."""
    kind = backend()
    rows = None
    with translated(Phrase("cannot back up to {target}", target=str(target))):
        if kind == "sqlite" and not dump:
            _sqlite_copy(target)
        else:
            rows = _dump(target, kind, now)
    fmt = "sqlite" if rows is None else FORMAT
    size = target.stat().st_size
    return BackupResult(str(target), fmt, kind, info().schema_version, size, rows)


def writable_path(text: str) -> Path:
    """``text`` as a file a backup may be written to: its directory exists and is writable,
    and it is not the database itself.

    Raises:
        InvalidInput: naming what is wrong with it.
    """
    if not text.strip():
        raise InvalidInput("give the path of the backup file")
    path = Path(text).expanduser().absolute()
    parent = path.parent
    if path.is_dir():
        raise InvalidInput("cannot write backup {path}: it is a directory", path=str(path))
    if not parent.exists():
        raise InvalidInput(
            "cannot write backup {path}: directory {parent} does not exist",
            path=str(path), parent=str(parent),
        )  # fmt: skip
    if not parent.is_dir():
        raise InvalidInput(
            "cannot write backup {path}: {parent} is not a directory",
            path=str(path), parent=str(parent),
        )  # fmt: skip
    if not os.access(parent, os.W_OK | os.X_OK):
        raise InvalidInput(
            "cannot write backup {path}: directory {parent} is not writable",
            path=str(path), parent=str(parent),
        )  # fmt: skip
    if backend() == "sqlite" and path.exists() and path.samefile(db_proxy.obj.database):
        raise InvalidInput("cannot write backup {path}: it is the database itself", path=str(path))
    return path


@contextmanager
def _written(target: Path) -> Iterator[Path]:
    """A temporary name beside ``target``, renamed to it once the block succeeds."""
    temp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    # Private from the start (0600), as the database is: a backup holds every customer.
    os.close(os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600))
    try:
        yield temp
        os.replace(temp, target)
    finally:
        temp.unlink(missing_ok=True)


def _sqlite_copy(target: Path) -> None:
    source = db_proxy.obj.connection()
    with _written(target) as temp:
        copy = sqlite3.connect(temp)
        try:
            source.backup(copy)  # every page in one step: one read transaction
            copy.execute("PRAGMA journal_mode = DELETE")  # one file: no WAL beside it
        finally:
            copy.close()


def _dump(target: Path, kind: str, now: dt.datetime) -> int:
    database = db_proxy.obj
    source = DatabaseSource(database, migrations_of(database) or ())
    with (
        _written(target) as temp,
        snapshot(database),
        gzip.open(temp, "wt", encoding="utf-8", compresslevel=GZIP_LEVEL) as out,
    ):
        return write_dump(out, source, kind, now)
