"""A benchmark's own copy of the shared demo database (`search_scale.search_db`), built once
under ``--data`` and reused: copied (never the shared file itself), then given what that
benchmark needs (targets, expenses …) by a ``fill`` function, and marked finished with the
day the demo's data was drawn for (its as-of day)."""

from __future__ import annotations

import contextlib
import datetime as dt
import sqlite3
import time
from collections.abc import Callable
from pathlib import Path

from _common import copy_database, up_to_date
from search_scale import search_db


def derived_db(
    data: Path, name: str, size: int, fill: Callable[[Path], dt.date]
) -> tuple[Path, dt.date]:
    """``data/<name>-<size>/crm.db`` and its as-of day; ``fill`` completes a fresh copy and
    returns that day."""
    path = data / f"{name}-{size}" / "crm.db"
    ready = path.with_name("crm.db.ready")
    if ready.exists() and path.exists():
        print(f"reusing {path} ({size:,} customers)", flush=True)
        up_to_date(f"sqlite:///{path}")
        return path, dt.date.fromisoformat(ready.read_text().strip())
    shared = data / f"search-{size}" / "crm.db"
    if not (shared.exists() and shared.with_name("crm.db.ready").exists()):
        search_db(data, size)  # builds it; a finished one is copied as it is, unmigrated
    path.parent.mkdir(parents=True, exist_ok=True)
    ready.unlink(missing_ok=True)
    started = time.perf_counter()
    copy_database(shared, path)
    built_on = fill(path)
    ready.write_text(built_on.isoformat() + "\n")
    print(f"built {path} in {time.perf_counter() - started:.0f} s", flush=True)
    return path, built_on


def demo_day(path: Path) -> dt.date:
    """The day the demo's data was drawn for: its customers' newest log entry."""
    with contextlib.closing(sqlite3.connect(path)) as con:
        (stamp,) = con.execute("SELECT max(at) FROM op_log WHERE entity = 'customer'").fetchone()
    return dt.date.fromisoformat(str(stamp)[:10])


def migrated(path: Path) -> dt.date:
    """A ``fill`` that only brings the copy's schema up to date."""
    up_to_date(f"sqlite:///{path}")
    return demo_day(path)
