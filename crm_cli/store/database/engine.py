"""The copy engine: every row of a source into a database, in one transaction.

Every restore and copy is this one piece: a source (`DatabaseSource`: the open store or a
SQLite backup file; `dump.DumpSource`: a dump file) hands over its tables parents first,
each as pages of rows read in primary-key order (bounded memory, whatever the size), and
`copy_into` writes them into a database whose schema is made and whose rows are gone:

- a page at a time: several rows per INSERT, or one COPY on PostgreSQL; a table that
  refers to itself gets those references once all its rows are in;
- on SQLite without per-row foreign-key checks (as the bulk writers do), then one
  ``PRAGMA foreign_key_check`` over the result before it commits; the search index is
  filled as customers arrive;
- PostgreSQL's id sequences are set past the copied ids, and the servers' planner
  statistics are gathered once it has committed.
"""

from __future__ import annotations

import io
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any, Protocol

import peewee as pw

from crm_cli.store.core.db import db_proxy
from crm_cli.store.core.errors import InvalidInput, StoreUnavailable
from crm_cli.store.core.maintenance import BULK_ROWS, after_bulk_write
from crm_cli.store.customers import models as cm
from crm_cli.store.customers import name_buckets, name_order, search
from crm_cli.store.database.contents import count_rows
from crm_cli.store.database.tables import Table, kind_of, quoted, search_index_names, tables
from crm_cli.store.database.values import Row, pg_copy_text, reader, writer

PAGE = 1000  # rows read, converted and written at a time
MAX_PARAMS = 30_000  # values in one INSERT (SQLite allows 32,766)


class Source(Protocol):
    """Where rows come from: the ``pages`` of each table, in ``tables`` order, then
    ``finish`` (a file checks that it ended as it should)."""

    migrations: tuple[str, ...]

    def tables(self) -> Sequence[Table]: ...

    def pages(self, table: Table) -> Iterator[list[Row]]: ...

    def finish(self) -> None: ...


class DatabaseSource:
    """The rows of a database, as Python values, a page at a time in key order."""

    def __init__(self, database: Any, migrations: Sequence[str]) -> None:
        self.database = database
        self.migrations = tuple(migrations)

    def tables(self) -> Sequence[Table]:
        return tables()

    def count(self, table: Table) -> int:
        return count_rows(self.database, table.name)

    def pages(self, table: Table) -> Iterator[list[Row]]:
        key = table.key
        at = table.fields.index(key)
        query = table.model.select(*table.fields).order_by(key).limit(PAGE)
        convert = reader(table)
        last = None
        while True:
            page = query if last is None else query.where(key > last)
            rows = self.database.execute(page).fetchall()
            if rows:
                last = rows[-1][at]
                yield [convert(row) for row in rows]
            if len(rows) < PAGE:
                return

    def finish(self) -> None:
        pass


@contextmanager
def snapshot(database: Any) -> Iterator[None]:
    """One read transaction: every table as of one moment while others keep writing."""
    kind = kind_of(database)
    if kind == "sqlite":  # a read lock only: writers go on in the WAL
        with database.atomic("DEFERRED"):
            yield
    elif kind == "postgres":
        with database.atomic():
            database.execute_sql("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            yield
    else:  # InnoDB: the first read fixes the snapshot
        with database.atomic("REPEATABLE READ"):
            yield


def copy_into(source: Source, database: Any) -> dict[str, int]:
    """Every row of ``source`` into ``database`` (schema made, checked fresh or to be
    replaced: its rows are deleted first), all or nothing; rows written per table."""
    sink = _Sink(database)
    with sink.transaction():
        sink.clear()
        counts = {table.name: sink.write(table, source.pages(table)) for table in source.tables()}
        source.finish()
        sink.finish()
    refresh_statistics(database, list(counts), sum(counts.values()))
    return counts


class _Sink:
    """Writing pages of rows into one database, inside ``transaction``."""

    def __init__(self, database: Any) -> None:
        self.database = database
        self.kind = kind_of(database)
        self._sql: dict[tuple[str, int], str] = {}

    @contextmanager
    def transaction(self) -> Iterator[None]:
        sqlite = self.kind == "sqlite"
        if sqlite:  # takes effect outside a transaction only
            self.database.execute_sql("PRAGMA foreign_keys = OFF")
        try:
            with self.database.atomic():
                yield
        finally:
            if sqlite:
                self.database.execute_sql("PRAGMA foreign_keys = ON")

    def clear(self) -> None:
        names = [t.name for t in reversed(tables())]
        if self.kind == "sqlite":
            names += search_index_names()
        for name in names:
            self.database.execute_sql(f"DELETE FROM {quoted(self.database, name)}")

    def write(self, table: Table, pages: Iterator[list[Row]]) -> int:
        convert = writer(table, self.kind)
        refs, at = table.self_refs, table.fields.index(table.key)
        later: list[tuple[Any, list[Any]]] = []  # (key, self references): users, a few
        written = 0
        for page in pages:
            rows = [convert(row) for row in page]
            if refs:
                later += [(r[at], [r[i] for i in refs]) for r in rows if _any_at(r, refs)]
                rows = [tuple(None if i in refs else v for i, v in enumerate(r)) for r in rows]
            self._insert(table, rows)
            if self.kind == "sqlite" and table.model is cm.Customer:
                self._index(table, rows)
            written += len(rows)
        self._refer(table, later)
        return written

    def _insert(self, table: Table, rows: list[Row]) -> None:
        if self.kind == "postgres":  # COPY: a third of the time of many-row INSERTs
            names = ", ".join(quoted(self.database, c) for c in table.columns)
            sql = f"COPY {quoted(self.database, table.name)} ({names}) FROM STDIN"
            with pw.__exception_wrapper__:  # type: ignore[attr-defined]  # errors as peewee's
                self.database.cursor().copy_expert(sql, io.StringIO(pg_copy_text(rows)))
            return
        per = max(1, min(PAGE, MAX_PARAMS // len(table.fields)))
        for start in range(0, len(rows), per):
            chunk = rows[start : start + per]
            params = [value for row in chunk for value in row]
            self.database.execute_sql(self._statement(table, len(chunk)), params)

    def _statement(self, table: Table, count: int) -> str:
        sql = self._sql.get((table.name, count))
        if sql is None:
            names = ", ".join(quoted(self.database, c) for c in table.columns)
            one = "(" + ", ".join([self.database.param] * len(table.columns)) + ")"
            sql = f"INSERT INTO {quoted(self.database, table.name)} ({names}) VALUES "
            sql = self._sql[table.name, count] = sql + ", ".join([one] * count)
        return sql

    def _refer(self, table: Table, later: list[tuple[Any, list[Any]]]) -> None:
        """The references to rows of the same table, now that they are all in."""
        if not later:
            return
        p, q = self.database.param, self.database
        sets = ", ".join(f"{quoted(q, table.columns[i])} = {p}" for i in table.self_refs)
        sql = (f"UPDATE {quoted(q, table.name)} SET {sets} "
               f"WHERE {quoted(q, table.key.column_name)} = {p}")  # fmt: skip
        for key, values in later:
            self.database.execute_sql(sql, [*values, key])

    def _index(self, table: Table, rows: list[Row]) -> None:
        """SQLite's search index of these customers (`customers.search.reindex`'s rows)."""
        at_id, at_text = table.columns.index("id"), table.columns.index("search_text")
        pairs = [(row[at_id], row[at_text] or "") for row in rows]
        trigrams, words = search_index_names()
        search.fill_index(self.database.connection(), pairs, (trigrams, words))

    def finish(self) -> None:
        if self.kind == "sqlite":
            name_order.rebuild(self.database)
            broken = self.database.execute_sql("PRAGMA foreign_key_check").fetchmany(3)
            if broken:
                shown = ", ".join(f"{t} row {r} (refers to {p})" for t, r, p, _ in broken)
                raise InvalidInput("the rows refer to rows that are not there: {rows}", rows=shown)
        elif self.kind == "postgres":
            self._sequences()
            name_buckets.rebuild(self.database)

    def _sequences(self) -> None:
        """Each id sequence past the highest id copied, so the next row gets a new one."""
        for table in tables():
            if isinstance(table.key, pw.AutoField):
                name, key = quoted(self.database, table.name), table.key.column_name
                self.database.execute_sql(
                    "SELECT setval(pg_get_serial_sequence(%s, %s), "
                    f"(SELECT COALESCE(MAX({quoted(self.database, key)}), 0) + 1 FROM {name}),"
                    " false)",
                    (name, key),
                )


def _any_at(row: Row, positions: tuple[int, ...]) -> bool:
    return any(row[i] is not None for i in positions)


def refresh_statistics(database: Any, names: list[str], rows: int) -> None:
    """``core.maintenance.after_bulk_write`` for the open store; the same for another
    database (a copy's target), whose statistics that function cannot reach."""
    if database is db_proxy.obj:
        after_bulk_write(names, rows)
        return
    kind = kind_of(database)
    if rows < BULK_ROWS or kind == "sqlite":
        return
    listed = ", ".join(quoted(database, name) for name in names)
    try:
        if kind == "postgres":
            database.execute_sql(f"ANALYZE {listed}")
        else:  # a result row per table, read so that the connection is free again
            database.execute_sql(f"ANALYZE TABLE {listed}").fetchall()
    except pw.PeeweeException:
        pass  # the rows are committed; stale statistics only cost time


def first_line(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text.splitlines()[0]


@contextmanager
def translated(what: str) -> Iterator[None]:
    """Database and file failures as one line naming what failed (``what``: best a store
    ``Phrase``, which the face translates)."""
    try:
        yield
    except (pw.IntegrityError, pw.DataError) as exc:
        reason = first_line(exc)
        raise InvalidInput(
            "{what}: a row breaks a rule of the database: {reason}", what=what, reason=reason
        ) from exc
    except (pw.PeeweeException, sqlite3.Error) as exc:
        raise StoreUnavailable(
            "{what}: database error: {detail}", what=what, detail=first_line(exc)
        ) from exc
    except OSError as exc:
        detail = exc.strerror or first_line(exc)
        raise StoreUnavailable("{what}: {detail}", what=what, detail=detail) from exc
