"""Lists at any size (issue 11): pages cut in the database, sort keys served by an index,
rows streamed from the database to whoever prints them.

Every list function takes a ``Page`` and a sort text checked by its ``Sorts``, and
returns an iterator that reads rows as its caller consumes them (``rows``), so printing a
million customers holds one batch in memory, not the million.
"""

from __future__ import annotations

import contextlib
import functools
import heapq
import itertools
import sqlite3
from collections.abc import Callable, Generator, Iterator, Mapping
from typing import Any, NamedTuple, ParamSpec, TypeVar

import peewee as pw

from crm_cli.store.core import db
from crm_cli.store.core.errors import CrmError, InvalidInput
from crm_cli.store.core.values import MAX_ID

P = ParamSpec("P")
T = TypeVar("T")
BATCH = 2000  # rows a server-side cursor fetches at a time
_names = itertools.count(1)


class Page(NamedTuple):
    """Which rows of a sorted list: at most ``limit`` (None: all) after skipping ``offset``."""

    limit: int | None = None
    offset: int = 0

    def check(self) -> Page:
        for name, value in (("--limit", self.limit), ("--offset", self.offset)):
            if value is not None and not 0 <= value <= MAX_ID:
                raise InvalidInput(
                    "invalid {name} {value}: expected 0 to {max_id}",
                    name=name,
                    value=value,
                    max_id=MAX_ID,
                )
        return self

    def apply(self, query: Any) -> Any:
        self.check()
        if self.limit is not None:
            query = query.limit(self.limit)
        return query.offset(self.offset) if self.offset else query


ALL = Page()


class Sorts:
    """The sort keys a list offers, each served by an index on (key, id).

    A key outside ``keys`` is refused: sorting on an unindexed column sorts every row
    before the first page. Ties follow the last key's direction on ``id``, so one index
    walk (forwards or backwards) serves the whole ORDER BY and LIMIT stops it early.
    """

    def __init__(self, what: str, keys: Mapping[str, Any], tiebreak: Any) -> None:
        self.what = what
        self.keys = dict(keys)
        self.tiebreak = tiebreak

    @property
    def names(self) -> list[str]:
        return list(self.keys)

    def order_by(self, text: str | None, default: list[pw.Node]) -> list[pw.Node]:
        """The ORDER BY of ``text`` ("-name,city"); ``default`` when empty."""
        if not text or not text.strip():
            return default
        nodes: list[pw.Node] = []
        desc = False
        for part in (p.strip() for p in text.split(",")):
            desc = part.startswith("-")
            name = part.lstrip("-+").strip().lower().replace("-", "_")
            if name not in self.keys:
                raise InvalidInput(
                    "cannot sort {what} by {name!r}; sort by one of: {keys}",
                    what=self.what,
                    name=name,
                    keys=", ".join(self.keys),
                )
            column = self.keys[name]
            nodes.append(column.desc() if desc else column.asc())
        nodes.append(self.tiebreak.desc() if desc else self.tiebreak.asc())
        return nodes


def rows(query: Any) -> Generator[Any, None, None]:
    """The rows of a peewee query (models, tuples or dicts as the query says), read from
    the database as the caller iterates: SQLite steps its cursor; PostgreSQL FETCHes a
    declared cursor ``BATCH`` rows at a time; MySQL/MariaDB reads an unbuffered cursor.

    The caller must not run other queries on this connection until the rows are read
    (MySQL refuses them); load what each row needs (names by id) before iterating.
    """
    for cursor in _cursors(query):
        yield from query._get_cursor_wrapper(cursor).iterator()


def raw_rows(query: Any) -> Iterator[tuple[Any, ...]]:
    """``rows`` as the driver returns them: tuples of database values, no conversion
    (SQLite dates are text, money is cents). For callers that convert only what they print."""
    for cursor in _cursors(query):
        yield from cursor


def chunks(query: Any, size: int = BATCH) -> Iterator[list[Any]]:
    """``rows`` in lists of ``size``: between two lists the caller may query what a chunk
    needs (its plans, its contacts). MySQL/MariaDB refuse queries while an unbuffered
    cursor is open, so there the rows are read first and handed out a chunk at a time."""
    source = iter(list(query)) if db.backend() == "mysql" else rows(query)
    while chunk := list(itertools.islice(source, size)):
        yield chunk


def merged(queries: list[Any], key: Callable[[Any], Any], page: Page) -> Iterator[Any]:
    """The rows of several queries, each already in ``key`` order, as one list in that order,
    paged: a list whose filter is an OR of two indexed columns reads each index in order
    (at most offset + limit rows of each) instead of sorting every match."""
    limit = page.check().limit
    end = None if limit is None else page.offset + limit
    each = Page(end)
    kind = db.backend()
    if kind == "mysql":  # one unbuffered cursor at a time there
        sources = [iter(list(each.apply(query))) for query in queries]
        yield from itertools.islice(heapq.merge(*sources, key=key), page.offset, end)
        return
    # PostgreSQL: every source's cursor in ONE transaction, closed before it ends; a
    # transaction per source would end under the others when its source ran out first.
    with db.db_proxy.obj.atomic() if kind == "postgres" else contextlib.nullcontext():
        readers = [rows(each.apply(query)) for query in queries]
        try:
            yield from itertools.islice(heapq.merge(*readers, key=key), page.offset, end)
        finally:
            for reader in readers:
                reader.close()


def within(query: Any, *, steps: int = 0, ms: int = 0) -> list[tuple[Any, ...]] | None:
    """The rows of ``query`` if it runs to its end within a budget, else None: ``steps``
    thousand SQLite virtual-machine steps (a thousand took 0.4 to 0.7 ms in a walk reading
    table rows at 1 M), or ``ms`` milliseconds on PostgreSQL. A query past its budget is
    interrupted, which ends that statement only. Lets a caller try a plan that is fast for
    most data and costly for some, and fall back on a steady one. Other backends: None."""
    kind = db.backend()
    if kind == "sqlite":
        return _within_steps(query, steps)
    if kind == "postgres":
        return _within_ms(query, ms)
    return None


def _within_steps(query: Any, steps: int) -> list[tuple[Any, ...]] | None:
    connection = db.db_proxy.obj.connection()
    left = [steps * 10]

    def tick() -> bool:
        left[0] -= 1
        return left[0] < 0  # True interrupts the statement

    connection.set_progress_handler(tick, 100)
    try:
        sql, params = query.sql()
        return list(connection.execute(sql, params).fetchall())
    except sqlite3.OperationalError as exc:
        if "interrupt" not in str(exc):
            raise
        return None
    finally:
        connection.set_progress_handler(None, 0)


def _within_ms(query: Any, ms: int) -> list[tuple[Any, ...]] | None:
    """In a savepoint, so a cancelled statement leaves the transaction usable; the local
    timeout ends with it either way (rolled back, or set back before the release)."""
    database = db.db_proxy.obj
    before = database.execute_sql("SHOW statement_timeout").fetchone()[0]
    sql, params = query.sql()
    try:
        with database.atomic():
            database.execute_sql("SELECT set_config('statement_timeout', %s, true)", (f"{ms}",))
            found = list(database.execute_sql(sql, params).fetchall())
            database.execute_sql("SELECT set_config('statement_timeout', %s, true)", (before,))
        return found
    except pw.OperationalError as exc:
        if "statement timeout" not in str(exc):
            raise
        return None


def _cursors(query: Any) -> Iterator[Any]:
    """Cursors that together hold the query's rows, each read before the next is made."""
    kind = db.backend()
    database = db.db_proxy.obj
    sql, params = query.sql()
    if kind == "sqlite" or _one_batch(query):
        # A page of at most one batch is read whole, in one round trip (a server-side
        # cursor took six: under fifty people each one is a wait for the CPU).
        yield database.execute_sql(sql, params)
        return
    # A server-side cursor lives inside a transaction: the caller's, else one of its own.
    owned = not database.in_transaction()
    with database.atomic() if owned else contextlib.nullcontext():
        if kind == "postgres":
            yield from _fetched(database, sql, params, close=not owned)
            return
        import pymysql.cursors

        cursor = database.connection().cursor(pymysql.cursors.SSCursor)
        try:
            cursor.execute(sql, params)
            yield cursor
        finally:
            cursor.close()


def _one_batch(query: Any) -> bool:
    """Whether ``query`` is limited to at most ``BATCH`` rows (a page)."""
    limit = getattr(query, "_limit", None)
    return isinstance(limit, int) and limit <= BATCH


def _fetched(database: Any, sql: str, params: Any, close: bool) -> Iterator[Any]:
    """PostgreSQL: DECLARE a cursor in SQL and FETCH it in batches (peewee runs psycopg2
    in autocommit mode, where psycopg2's own named cursors are refused). A batch short of
    ``BATCH`` is the last; ``close``: the cursor outlives this read (the caller's
    transaction goes on), else the COMMIT closes it."""
    name = f"crm_rows_{next(_names)}"
    # Plan the cursor as the query itself: by default PostgreSQL plans a cursor for its
    # first tenth, and walked the primary key for a rare search word (65 ms, not 3).
    database.execute_sql("SET LOCAL cursor_tuple_fraction = 1.0")
    database.execute_sql(f"DECLARE {name} NO SCROLL CURSOR FOR {sql}", params)
    try:
        while True:
            cursor = database.execute_sql(f"FETCH {BATCH} FROM {name}")
            count = cursor.rowcount
            if count > 0:
                yield cursor
            if count < BATCH:
                return
    finally:
        if close:
            database.execute_sql(f"CLOSE {name}")


def streaming(func: Callable[P, Iterator[T]]) -> Callable[P, Iterator[T]]:
    """``db.reading`` for a list function that yields: database errors raised while the
    caller iterates are translated too."""

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> Iterator[T]:
        try:
            yield from func(*args, **kwargs)
        except CrmError:
            raise
        except (pw.PeeweeException, OverflowError) as exc:
            raise db._translate(exc) from exc

    return wrapper
