"""Opening the database from a URL, and the unit of work.

The models bind to one ``DatabaseProxy``; ``open_store`` points it at SQLite,
PostgreSQL or MySQL/MariaDB and brings the schema up to date (`schema.py`). Every service
function runs inside ``reading`` or ``writing`` so that no peewee object or
exception ever leaves the store.
"""

from __future__ import annotations

import functools
import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple, ParamSpec, TypeVar
from urllib.parse import parse_qs, unquote, urlparse

import peewee as pw

from crm_cli.store.core import hooks, memo, sqlite_file, team_mode
from crm_cli.store.core.errors import CrmError, PermissionDenied, StoreUnavailable
from crm_cli.store.core.schema import migrate

db_proxy = pw.DatabaseProxy()

RETRIES = 6

P = ParamSpec("P")
T = TypeVar("T")


class StoreInfo(NamedTuple):
    """What ``open_store`` opened."""

    url: str
    backend: str  # "sqlite" | "postgres" | "mysql"
    schema_version: int
    team_group: str | None = None  # team mode (PostgreSQL): the logins' group role


_info: StoreInfo | None = None


def backend() -> str:
    """The kind of the open database: ``sqlite``, ``postgres`` or ``mysql``."""
    if _info is None:
        raise StoreUnavailable("no database is open")
    return _info.backend


def info() -> StoreInfo:
    if _info is None:
        raise StoreUnavailable("no database is open")
    return _info


def make_database(url: str) -> tuple[pw.Database, str]:
    parsed = urlparse(url)
    scheme = parsed.scheme.split("+")[0]
    if scheme == "sqlite":
        path = unquote(url.split("://", 1)[1].lstrip("/")) if "://" in url else ""
        if url.startswith("sqlite:////"):
            path = "/" + path
        if not path:
            raise StoreUnavailable("cannot open database {url!r}: no file path", url=url)
        sqlite_file.make_private(path)
        return sqlite_file.connect(path), "sqlite"
    params: dict[str, Any] = {k: v[-1] for k, v in parse_qs(parsed.query).items()}
    conn: dict[str, Any] = {
        "host": parsed.hostname or "localhost",
        "user": unquote(parsed.username) if parsed.username else None,
        "password": unquote(parsed.password) if parsed.password else None,
    }
    if parsed.port:
        conn["port"] = parsed.port
    conn = {k: v for k, v in conn.items() if v is not None}
    name = parsed.path.lstrip("/")
    if not name:
        raise StoreUnavailable("cannot open database {url!r}: no database name", url=url)
    if scheme in ("postgres", "postgresql"):
        return team_mode.PostgresDatabase(name, **conn, **params), "postgres"
    if scheme in ("mysql", "mariadb"):
        from crm_cli.store.core.mysql import MySQLDatabase  # its tables made with their indexes

        params.setdefault("charset", "utf8mb4")
        return MySQLDatabase(name, **conn, **params), "mysql"
    raise StoreUnavailable(
        "cannot open database {url!r}: use sqlite:///PATH, postgresql://… or mysql://…", url=url
    )


def open_store(url: str) -> StoreInfo:
    """Open the database at ``url`` and apply pending migrations.

    Raises:
        StoreUnavailable: the URL cannot be opened, or the schema is newer than this program.
    """
    global _info
    close_store()
    database, kind = make_database(url)
    db_proxy.initialize(database)
    try:
        database.connect()
        version = migrate(database)
        team = team_mode.group_role(database)
    except CrmError:
        close_store()
        raise
    except (pw.PeeweeException, OSError) as exc:
        close_store()
        why = team_mode.explain(str(exc), urlparse(url).username or os.environ.get("PGUSER"))
        if why is not None:  # the server refused this login: a permission, exit 5
            raise PermissionDenied(
                "cannot open database {url}: {why}", url=_redact(url), why=why
            ) from exc
        raise StoreUnavailable(
            "cannot open database {url}: {detail}", url=_redact(url), detail=_first_line(exc)
        ) from exc
    _info = StoreInfo(url=url, backend=kind, schema_version=version, team_group=team)
    return _info


def close_store() -> None:
    global _info
    obj = db_proxy.obj
    if obj is not None and not obj.is_closed():
        obj.close()
    _info = None
    # A hook runner belongs to the command that opened the store: a process that opens
    # another (the tests) must not run the previous one's hooks on it.
    hooks.use(None)


def _redact(url: str) -> str:
    parsed = urlparse(url)
    if parsed.password:
        return url.replace(f":{parsed.password}@", ":***@")
    return url


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text.splitlines()[0]


def _is_transient(exc: pw.PeeweeException) -> bool:
    text = str(exc).lower()
    code = getattr(getattr(exc, "orig", None), "pgcode", None) or ""
    args = getattr(exc, "args", ())
    mysql_code = args[0] if args and isinstance(args[0], int) else None
    return (
        "database is locked" in text
        or "database is busy" in text
        or code in ("40001", "40P01", "55P03")
        or mysql_code in (1205, 1213)
        or "deadlock" in text
        or "could not serialize" in text
    )


def _translate(exc: BaseException) -> CrmError:
    """A database failure as the user reads it; the driver's text only as the detail.

    Inputs are bounded before they reach a query (``values``), so a value the database
    cannot hold here means a bound is missing: still a refused input, not a crash.
    """
    from crm_cli.store.core.errors import Conflict, InvalidInput

    if getattr(getattr(exc, "orig", None), "pgcode", None) == "42501":
        # Team mode: the server's row-level security or grants refused this login.
        return PermissionDenied("the database refused it: {detail}", detail=_first_line(exc))
    if isinstance(exc, pw.IntegrityError):
        return Conflict(
            "the change conflicts with existing data: {detail}", detail=_first_line(exc)
        )
    if isinstance(exc, pw.DataError | OverflowError):
        return InvalidInput(
            "a value is out of the range the database stores ({detail})", detail=_first_line(exc)
        )
    return StoreUnavailable("database error: {detail}", detail=_first_line(exc))


def conflict_target(*fields: Any) -> list[Any] | None:
    """The ON CONFLICT target for an upsert; MySQL takes none (it uses any unique key)."""
    return None if backend() == "mysql" else list(fields)


def writing(func: Callable[P, T]) -> Callable[P, T]:
    """Run a service function as one write transaction, retried on transient locks."""

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> T:
        for attempt in range(RETRIES):
            try:
                # Hooks outside the transaction: post-hooks run once it has committed.
                with memo.kept(_nested()), hooks.transaction(), db_proxy.atomic():
                    return func(*args, **kwargs)
            except pw.OperationalError as exc:
                if not _is_transient(exc) or attempt == RETRIES - 1 or _nested():
                    raise _translate(exc) from exc
                import random  # only when a lock is retried

                time.sleep(0.02 * (2**attempt) * (0.5 + random.random()))
            except (pw.PeeweeException, OverflowError) as exc:
                if _nested():
                    raise
                raise _translate(exc) from exc
        raise AssertionError("unreachable")

    return wrapper


def bulk_writing(func: Callable[P, T]) -> Callable[P, T]:
    """``writing`` for a bulk writer that resolves every reference it stores itself, inside
    its own write transaction: SQLite's per-row foreign key checks are off meanwhile.

    They would look up each new row's parents again, which costs a bulk import as much as
    maintaining a table's indexes. The servers keep their checks. The pragma only takes
    effect outside a transaction, so a nested call keeps them on too.
    """
    inner = writing(func)

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> T:
        database = db_proxy.obj
        if backend() != "sqlite" or _nested():
            return inner(*args, **kwargs)
        database.execute_sql("PRAGMA foreign_keys = OFF")
        try:
            return inner(*args, **kwargs)
        finally:
            database.execute_sql("PRAGMA foreign_keys = ON")

    return wrapper


def reading(func: Callable[P, T]) -> Callable[P, T]:
    """Run a read-only service function, translating database errors."""

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> T:
        try:
            return func(*args, **kwargs)
        except (pw.PeeweeException, OverflowError) as exc:
            if _nested():
                raise
            raise _translate(exc) from exc

    return wrapper


def _nested() -> bool:
    # Inside an outer transaction the outer wrapper owns retry and translation.
    obj = db_proxy.obj
    return obj is not None and obj.transaction_depth() > 0


def default_sqlite_url() -> str:
    """The embedded default: a file in the user data directory, created on first use."""
    from platformdirs import user_data_dir

    directory = Path(os.environ.get("CRM_DATA_DIR") or user_data_dir("crm", appauthor=False))
    directory.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{directory / 'crm.db'}"
