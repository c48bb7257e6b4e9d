"""The embedded database's file: created private to its owner, opened with the pragmas
every connection needs."""

from __future__ import annotations

import os

import peewee as pw

BUSY_TIMEOUT_S = 10


def make_private(path: str) -> None:
    """A new database file is created readable and writable by its owner only (0600):
    SQLite is the single-user database, and its customers are nobody else's to read. SQLite
    gives the -wal and -shm files the database file's mode. An existing file is left as its
    owner set it."""
    if path == ":memory:" or path.startswith("file:"):
        return
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except FileExistsError:
        pass
    except OSError:
        return  # a missing directory or no rights: connecting says so in one line


def connect(path: str) -> pw.SqliteDatabase:
    # IMMEDIATE: a write transaction takes the write lock at BEGIN, so two
    # read-then-write transactions never deadlock on the upgrade from a read lock.
    return pw.SqliteDatabase(
        path,
        timeout=BUSY_TIMEOUT_S,
        lock_type="IMMEDIATE",
        pragmas={
            "journal_mode": "wal",
            "foreign_keys": 1,
            "busy_timeout": BUSY_TIMEOUT_S * 1000,
            "synchronous": "normal",
            # 64 MiB of page cache (the default is 2 MiB), taken only as pages are read: big
            # imports and lists keep their index pages in memory instead of re-reading them.
            "cache_size": -65536,
        },
    )
