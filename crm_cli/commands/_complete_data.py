"""The candidates a Tab offers, read from the store (issue 18).

Shared by Typer's completion callbacks (`_complete`) and the fast path that answers a
shell before Typer loads (`_complete_fast`), so nothing here imports Typer, and the store
is imported only when a kind of value is asked for.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import sys
import zlib
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
    from loading, and on SQLite the answer may come from, or be kept as, a plan of the
    store's SQL run without the ORM (`store.overview.completion_replay`).
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
    name = login or os.environ.get("CRM_USER") or personal.get("user") or config.os_login()
    today = dt.date.today()
    kept: tuple[Path, str] | None = None  # (the plans' file, this Tab's plan in it)
    if url.startswith("sqlite:"):
        path = _sqlite_file(url)
        if not path.is_file():
            return []  # a Tab does not create a database
        if fresh_process:
            # Only a process that ran nothing else may keep a plan: none of its answers
            # may come from what an earlier command left in memory.
            kept = _plans_file(path, name), _plan_key(kind, incomplete)
            found = _replayed(*kept, path, name, incomplete, today)
            if found is not None:
                return found
            if "peewee" not in sys.modules:
                for driver in _DRIVERS:
                    sys.modules.setdefault(driver, None)  # type: ignore[arg-type]  # "not installed"
    _open(url)
    from crm_cli.store.overview import completion

    actor = completion.acting_user(name)
    if actor is None:
        return []
    found = [(c.value, c.help) for c in completion.lookup(actor, kind, incomplete, today=today)]
    if kept is not None:
        with contextlib.suppress(Exception):  # the answer stands without a plan
            _keep(kept[0], path, name, completion.plans(name, today))
    return found


def _plans_file(path: Path, login: str) -> Path:
    """Where the plans of ``login`` on the database at ``path`` are kept (`_keep`)."""
    from crm_cli.commands._complete_spec import cache_path

    key = f"{os.path.abspath(path)}\0{login}".encode()
    return cache_path().with_name("completion-plans") / f"{zlib.crc32(key):08x}.json"


def _plan_key(kind: str, incomplete: str) -> str:
    """The plan a text needs: one per kind and variant (`completion_replay.variant`)."""
    from crm_cli.store.overview.completion_replay import normalize, variant

    return f"{kind}/{variant(kind, normalize(kind, incomplete))}"


def _read(plans: Path, path: Path, login: str) -> dict[str, Any]:
    """The plans kept in ``plans`` for exactly this database and user (a name's checksum
    may collide)."""
    try:
        data = json.loads(plans.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("key") != [os.path.abspath(path), login]:
        return {}
    found = data.get("plans")
    if not isinstance(found, dict):
        return {}
    return {key: plan for key, plan in found.items() if isinstance(plan, dict)}


def _replayed(
    plans: Path, key: str, path: Path, login: str, incomplete: str, today: dt.date
) -> list[tuple[str, str]] | None:
    """The candidates by the plan kept for this kind of text, None without one (or when
    it may be out of date: `completion_replay.replay`)."""
    from crm_cli.store.overview.completion_replay import normalize, replay

    plan = _read(plans, path, login).get(key)
    if plan is None:
        return None
    found = replay(plan, path, normalize(key.split("/")[0], incomplete), today)
    return None if found is None else [(c.value, c.help) for c in found]


def _keep(plans: Path, path: Path, login: str, found: dict[str, Any]) -> None:
    """Keep the plans ``found`` for the next Tabs, readable by their user only: they hold
    customers' data (the witnesses' answers). Last writer wins."""
    text = json.dumps({"key": [os.path.abspath(path), login], "plans": found}, ensure_ascii=False)
    plans.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    tmp = plans.with_name(f"{plans.name}.{os.getpid()}.tmp")
    with open(
        os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "w", encoding="utf-8"
    ) as out:
        out.write(text)
    os.replace(tmp, plans)


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
