"""The portable dump: every table of a crm database in one file, written by crm itself, so
that a PostgreSQL or MariaDB database is backed up without server tools, and restored
into any backend.

Format version 1: gzip-compressed JSON Lines (UTF-8), one JSON value per line.

- line 1, the header: ``{"format": "crm-dump", "version": 1, "created_at": "…",
  "backend": "postgres", "schema_version": 5, "schema": "0005_flat_lists",
  "migrations": ["0001_initial", …], "tables": [{"name": "user", "columns": [["id",
  "int"], ["login", "text"], …]}, …]}``; tables parents first;
- then for each table, in the header's order: ``{"table": "user", "rows": 6}`` and that
  many lines, each a JSON array of one row's values in column order;
- last: ``{"end": "crm-dump", "tables": 24, "rows": 12345}``: a file without it is cut
  short, and restores nothing.

Values by column kind: ``int``, ``float``, ``text`` as JSON numbers and strings; ``bool``
true/false; ``decimal`` (money, quantities) as exact text ("1234.50"); ``date``
"YYYY-MM-DD"; ``datetime`` ISO 8601 ("2026-01-05T09:30:00.123456"); NULL as null. A stored
value that does not parse as its kind is written as the text it was.
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
import zlib
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import IO, Any, NoReturn

from crm_cli.store.core.errors import InvalidInput, Phrase, StoreUnavailable
from crm_cli.store.database.engine import PAGE, DatabaseSource
from crm_cli.store.database.tables import Table, by_name
from crm_cli.store.database.values import Row, json_reader, to_json

FORMAT = "crm-dump"
VERSION = 1
GZIP_MAGIC = b"\x1f\x8b"
HEADER_MAX = 1 << 20  # a first line longer than this is not ours
_encode = json.JSONEncoder(default=to_json, ensure_ascii=False, separators=(",", ":")).encode


def write_dump(out: IO[str], source: DatabaseSource, backend: str, now: dt.datetime) -> int:
    """Every table of ``source`` (read inside one snapshot) into ``out``; rows written."""
    listed = source.tables()
    out.write(_encode(_header(source.migrations, backend, listed, now)) + "\n")
    total = 0
    for table in listed:
        count = source.count(table)
        out.write(_encode({"table": table.name, "rows": count}) + "\n")
        written = 0
        for page in source.pages(table):
            out.writelines(_encode(row) + "\n" for row in page)
            written += len(page)
        if written != count:  # cannot happen inside a snapshot: say so rather than lie
            raise StoreUnavailable("table {table} changed while it was dumped", table=table.name)
        total += written
    out.write(_encode({"end": FORMAT, "tables": len(listed), "rows": total}) + "\n")
    return total


def _header(
    migrations: Sequence[str], backend: str, listed: Sequence[Table], now: dt.datetime
) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "version": VERSION,
        "created_at": now.isoformat(),
        "backend": backend,
        "schema_version": len(migrations),
        "schema": migrations[-1] if migrations else "",
        "migrations": list(migrations),
        "tables": [{"name": t.name, "columns": t.described} for t in listed],
    }


def open_dump(path: Path) -> IO[str]:
    return gzip.open(path, "rt", encoding="utf-8")


def read_header(stream: IO[str], path: Path) -> dict[str, Any]:
    """The header of a dump, checked to be one.

    Raises:
        InvalidInput: the file is not a crm dump, or of a later format version.
    """
    try:
        line = stream.readline(HEADER_MAX)
        header = json.loads(line)
    except (OSError, EOFError, zlib.error, UnicodeDecodeError, ValueError):
        raise InvalidInput(
            "{path} is not a crm backup (not a SQLite database or a crm dump)", path=str(path)
        ) from None
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        raise InvalidInput(
            "{path} is not a crm backup (a gzip file, but not a crm dump)", path=str(path)
        )
    if header.get("version") != VERSION:
        raise InvalidInput(
            "{path} is a crm dump of format version {version}; this crm reads "
            "version {ours}: restore it with the crm that wrote it",
            path=str(path), version=header.get("version"), ours=VERSION,
        )  # fmt: skip
    if not isinstance(header.get("migrations"), list) or not isinstance(header.get("tables"), list):
        raise InvalidInput(
            "{path} is damaged: its header lacks the schema or the tables", path=str(path)
        )
    return header


class DumpSource:
    """A dump file's rows as Python values, table by table in the file's order."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._file = open_dump(path)
        self._line = 1
        header = read_header(self._file, path)
        self.migrations = tuple(str(name) for name in header["migrations"])
        self.created_at = str(header.get("created_at", ""))
        self._tables = [self._table(entry) for entry in header["tables"]]

    def close(self) -> None:
        self._file.close()

    def tables(self) -> Sequence[Table]:
        return self._tables

    def _table(self, entry: Any) -> Table:
        known = by_name()
        name = entry.get("name") if isinstance(entry, dict) else None
        table = known.get(str(name))
        if table is None or entry.get("columns") != table.described:
            raise InvalidInput(
                "{path}: table {name!r} is not as this crm keeps it", path=str(self.path), name=name
            )
        return table

    def pages(self, table: Table) -> Iterator[list[Row]]:
        marker = self._next()
        if not isinstance(marker, dict) or marker.get("table") != table.name:
            self._damaged(Phrase("expected the rows of {table}", table=table.name))
        left = marker.get("rows")
        if not isinstance(left, int) or left < 0:
            self._damaged(Phrase("no row count for {table}", table=table.name))
        convert, width = json_reader(table.kinds), len(table.fields)
        while left > 0:
            page = [self._row(convert, width) for _ in range(min(PAGE, left))]
            left -= len(page)
            yield page

    def finish(self) -> None:
        """The end line and nothing after it: a file cut short restores nothing."""
        end = self._next()
        if not isinstance(end, dict) or end.get("end") != FORMAT or self._file.readline():
            self._damaged(Phrase("it does not end as a crm dump does"))

    def _row(self, convert: Callable[[Sequence[Any]], Row], width: int) -> Row:
        row = self._next()
        if not isinstance(row, list) or len(row) != width:
            self._damaged(Phrase("expected a row of {width} values", width=width))
        try:
            return convert(row)
        except ValueError as exc:
            self._damaged(_why(exc))

    def _next(self) -> Any:
        self._line += 1
        try:
            line = self._file.readline()
            if not line:
                raise EOFError(Phrase("the file ends too early"))
            return json.loads(line)
        except (OSError, EOFError, zlib.error, UnicodeDecodeError, ValueError) as exc:
            self._damaged(_why(exc))

    def _damaged(self, why: str) -> NoReturn:
        raise InvalidInput(
            "{path} is damaged at line {line}: {why}", path=str(self.path), line=self._line, why=why
        )


def _why(exc: BaseException) -> str:
    """What went wrong: the ``Phrase`` the exception carries (the face translates it),
    else its text."""
    if len(exc.args) == 1 and isinstance(exc.args[0], Phrase):
        return exc.args[0]
    return str(exc) or type(exc).__name__
