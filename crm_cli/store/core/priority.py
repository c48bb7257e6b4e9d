"""Foreground reads first, on one SQLite file.

The TUI reads on two connections: the store thread's (pages, searches, reports: what a
person waits for) and the counting thread's (counts of whole tables, which only fill in a
status line). On a two-core machine a count of a million rows competes with the report a
person just asked for, for the CPU and for the file's pages. A connection marked as
background therefore pauses between steps of its statement while any foreground call runs,
and goes on where it stopped once none does: SQLite calls a progress handler every
``STEP`` virtual-machine instructions, and the handler waits there.

Only SQLite needs this: a server runs each connection's statement in a process of its own
and schedules them itself. In WAL mode a paused reader holds a snapshot, not a lock, so a
foreground write never waits for it.
"""

from __future__ import annotations

import contextlib
import sqlite3
import threading
from collections.abc import Callable, Iterator
from typing import TypeVar

from crm_cli.store.core.db import db_proxy

T = TypeVar("T")
STEP = 20_000  # instructions between checks: well under a millisecond of a count
MAX_PAUSE_S = 1.0  # a pause never exceeds this, so a count always finishes in the end

_lock = threading.Lock()
_running = 0  # foreground calls now running
_idle = threading.Event()
_idle.set()


@contextlib.contextmanager
def foreground() -> Iterator[None]:
    """Mark the enclosed store call as one a person waits for."""
    global _running
    with _lock:
        _running += 1
        _idle.clear()
    try:
        yield
    finally:
        with _lock:
            _running -= 1
            if _running == 0:
                _idle.set()


def _pause() -> int:
    _idle.wait(MAX_PAUSE_S)
    return 0  # never interrupt the statement: only wait


def in_background(fn: Callable[[], T]) -> T:
    """Run ``fn`` with the calling thread's connection yielding to foreground calls."""
    connection = db_proxy.connection() if db_proxy.obj is not None else None
    if not isinstance(connection, sqlite3.Connection):
        return fn()
    connection.set_progress_handler(_pause, STEP)
    try:
        return fn()
    finally:
        connection.set_progress_handler(None, 0)
