"""The candidates a Tab offers, read from the store (issue 18).

Shared by Typer's completion callbacks (`_complete`) and the fast path that answers a
shell before Typer loads (`_complete_fast`), so nothing here imports Typer, and the store
is imported only when a kind of value is asked for.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any
from urllib.parse import unquote

KINDS = ("customers", "users", "statuses", "products", "saved_searches")

# Database drivers peewee tries to import when it loads: a Tab on SQLite needs none of them,
# and they cost ~30 ms of the 150 a completion may take.
_DRIVERS = ("psycopg2", "psycopg", "pymysql", "MySQLdb")


def candidates(
    kind: str,
    incomplete: str,
    *,
    db_url: str | None = None,
    login: str | None = None,
    fresh_process: bool = False,
) -> list[tuple[str, str]]:
    """(value, help) pairs of ``kind`` starting with ``incomplete``, for the acting user.

    ``db_url`` and ``login`` are the root options (--db, --user), if given; the rest is
    found as every command finds it. Empty on any failure: a shell prints what a
    completion writes into the command line, so a traceback must never appear there.
    ``fresh_process``: nothing else runs in this process, so unneeded drivers may be kept
    from loading.
    """
    try:
        return _candidates(kind, incomplete, db_url, login, fresh_process)
    except Exception:
        return []


def _candidates(
    kind: str, incomplete: str, db_url: str | None, login: str | None, fresh_process: bool
) -> list[tuple[str, str]]:
    if kind not in KINDS:
        return []
    from crm_cli import config

    personal = config.load()
    url = db_url or os.environ.get("CRM_DATABASE_URL") or personal.get("database")
    if url is None:
        from crm_cli.store.core.db import default_sqlite_url

        url = default_sqlite_url()
    if url.startswith("sqlite:"):
        if not _sqlite_file(url).is_file():
            return []  # a Tab does not create a database
        if fresh_process and "peewee" not in sys.modules:
            for driver in _DRIVERS:
                sys.modules.setdefault(driver, None)  # type: ignore[arg-type]  # "not installed"
    _open(url)
    from crm_cli.store.overview import completion

    name = login or os.environ.get("CRM_USER") or personal.get("user") or config.os_login()
    actor = completion.acting_user(name)
    if actor is None:
        return []
    lookup: Any = getattr(completion, kind)
    return [(c.value, c.help) for c in lookup(actor, incomplete)]


def _sqlite_file(url: str) -> Path:
    """The file of a ``sqlite:///`` URL, read as the store reads it (``core.db``)."""
    path = unquote(url.split("://", 1)[1].lstrip("/")) if "://" in url else ""
    return Path("/" + path if url.startswith("sqlite:////") else path)


def _open(url: str) -> None:
    """Open the store at ``url`` unless it is open already (tests, the TUI: one process)."""
    from crm_cli.store.core import db
    from crm_cli.store.core.errors import CrmError
    from crm_cli.store.overview import completion

    try:
        if db.info().url == url:
            return
    except CrmError:
        pass
    completion.open_store(url)
