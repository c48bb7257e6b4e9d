"""Backup files as sources of rows: what a file is, checked before anything is written,
and opening it for the copy engine.

A SQLite backup is read in place, read-only; one made by an older crm (fewer migrations)
is copied to a temporary file and brought up to date there first, so a restore always
copies from this crm's schema. A dump must have this crm's schema exactly: its rows are
those of its tables as they were.
"""

from __future__ import annotations

import shutil
import sqlite3
import tempfile
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path
from typing import Any, NamedTuple
from urllib.request import pathname2url

import peewee as pw

from crm_cli.store.core import schema
from crm_cli.store.core.errors import InvalidInput, Phrase
from crm_cli.store.database.dump import FORMAT, GZIP_MAGIC, DumpSource, open_dump, read_header
from crm_cli.store.database.engine import DatabaseSource, Source, translated

SQLITE_MAGIC = b"SQLite format 3\x00"


def known_migrations() -> tuple[str, ...]:
    """The migrations this crm has, oldest first."""
    return tuple(schema.known_migrations())  # the one list `schema.migrate` applies


def migrations_of(database: Any) -> tuple[str, ...] | None:
    """The migrations applied to ``database``, oldest first; None: not a crm database."""
    if schema.HISTORY_TABLE not in database.get_tables():
        return None
    cursor = database.execute_sql(f"SELECT name FROM {schema.HISTORY_TABLE}")
    return tuple(sorted(str(row[0]) for row in cursor.fetchall()))


class BackupFile(NamedTuple):
    path: Path
    format: str  # "sqlite" or "crm-dump"
    migrations: tuple[str, ...]


def inspect_backup(text: str) -> BackupFile:
    """What the file at ``text`` is, read without writing anything anywhere.

    Raises:
        InvalidInput: no such file; not a crm backup; damaged; made by a newer crm (or, a
            dump, by an older one).
    """
    path = Path(text).expanduser().absolute()
    if path.is_dir():
        raise InvalidInput("cannot restore {path}: it is a directory", path=str(path))
    if not path.is_file():
        raise InvalidInput("cannot restore {path}: no such file", path=str(path))
    try:
        with path.open("rb") as stream:
            head = stream.read(len(SQLITE_MAGIC))
    except OSError as exc:
        raise InvalidInput(
            "cannot read {path}: {detail}", path=str(path), detail=str(exc.strerror or exc)
        ) from None
    if head.startswith(SQLITE_MAGIC):
        found = BackupFile(path, "sqlite", _sqlite_migrations(path))
    elif head.startswith(GZIP_MAGIC):
        with open_dump(path) as stream:
            migrations = read_header(stream, path)["migrations"]
        found = BackupFile(path, FORMAT, tuple(str(name) for name in migrations))
    else:
        raise InvalidInput(
            "{path} is not a crm backup (not a SQLite database or a crm dump)", path=str(path)
        )
    _check_schema(found)
    return found


def _read_only(path: Path) -> str:
    return f"file:{pathname2url(str(path))}?mode=ro"


def _sqlite_migrations(path: Path) -> tuple[str, ...]:
    try:
        with closing(sqlite3.connect(_read_only(path), uri=True)) as conn:
            tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
            if schema.HISTORY_TABLE not in tables:
                raise InvalidInput("{path} is a SQLite database, but not a crm one", path=str(path))
            rows = conn.execute(f"SELECT name FROM {schema.HISTORY_TABLE}").fetchall()
    except sqlite3.Error as exc:
        raise InvalidInput(
            "{path} is damaged or not a crm backup: {detail}", path=str(path), detail=str(exc)
        ) from None
    return tuple(sorted(str(row[0]) for row in rows))


def _check_schema(found: BackupFile) -> None:
    known = known_migrations()
    newer = sorted(set(found.migrations) - set(known))
    if newer:
        raise InvalidInput(
            "{path} was made by a newer crm (it has {migration}); upgrade crm to restore it",
            path=str(found.path), migration=newer[-1],
        )  # fmt: skip
    if found.format == FORMAT and found.migrations != known:
        have = found.migrations[-1] if found.migrations else "none"
        raise InvalidInput(
            "{path} has the schema of an older crm ({have}; this one has {known}): "
            "restore it with the crm that made it, then upgrade",
            path=str(found.path), have=have, known=known[-1],
        )  # fmt: skip


@contextmanager
def open_source(found: BackupFile) -> Iterator[Source]:
    """The rows of a backup file, for the copy engine."""
    if found.format == FORMAT:
        dump = DumpSource(found.path)
        try:
            yield dump
        finally:
            dump.close()
        return
    if found.migrations == known_migrations():
        with _sqlite(_read_only(found.path), uri=True) as database:
            yield DatabaseSource(database, found.migrations)
        return
    with tempfile.TemporaryDirectory(prefix="crm-restore-") as scratch:
        copy = Path(scratch) / "older.db"
        shutil.copyfile(found.path, copy)
        with _sqlite(str(copy)) as database:
            with translated(Phrase("cannot upgrade {path}", path=str(found.path))):
                schema.migrate(database)
            yield DatabaseSource(database, known_migrations())


@contextmanager
def _sqlite(name: str, **options: Any) -> Iterator[pw.SqliteDatabase]:
    database = pw.SqliteDatabase(name, **options)
    with translated(Phrase("cannot open {target}", target=name)):
        database.connect()
    try:
        yield database
    finally:
        database.close()
