"""Reading import files in batches: CSV, XLSX and JSON Lines, never the whole file at once.

A 50 MB file becomes batches of a few thousand rows (``tabular.Table`` each); memory grows
with the batch, not the file. Encodings are decided before the first row is read
(``charsets``), so a file is never half decoded; ``encoding`` names one instead.

A ``Headers`` object (the import engine's) instead of an alias table also makes the reader
take as the header the row, among the first ``HEADER_ROWS``, with the most known headers
(title rows above a table are common), and report a value under no header as a problem.
"""

from __future__ import annotations

import csv
import io
import itertools
import json
from collections.abc import Iterator, Mapping
from decimal import Decimal
from typing import IO, Any, Protocol

from crm_cli.store.core.charsets import text_of
from crm_cli.store.core.errors import InvalidInput, Phrase
from crm_cli.store.core.tabular import Problem, Table, cell_text, columns_of, header_map, kind_of

BATCH = 5000  # rows per batch: a few MB of cells whatever the file
NOTHING_UNREAD: dict[int, str] = {}  # shared by every CSV row: never changed
NO_CACHE = Phrase(
    "a formula without a saved value: open the file in Excel or WPS and save it again"
)
HEADER_ROWS = 10  # rows searched for the header when a Headers object maps them
Rows = Iterator[tuple[int, list[str], dict[int, str]]]


class Headers(Protocol):
    """How a file's header row becomes columns (the import engine's ``aliases.Headers``)."""

    def columns(self, cells: list[str], name: str) -> tuple[dict[int, str], dict[str, str]]:
        """Column positions → fields, and fields → headers as written."""

    def hits(self, cells: list[str]) -> int:
        """How many of ``cells`` are known headers."""


def batches(
    path: str,
    aliases: Mapping[str, str],
    *,
    data: bytes | IO[bytes] | None = None,
    size: int | None = None,
    encoding: str | None = None,
    sheet: str | None = None,
    headers: Headers | None = None,
    kind: str | None = None,
) -> Iterator[Table]:
    """The rows of ``path`` (``data``: standard input's bytes for ``-``, or a seekable
    binary file holding them) in batches of ``size`` rows (``BATCH`` when not given).

    Args:
        encoding: the text's encoding instead of the detected one.
        sheet: the XLSX sheet to read (default: the first visible one).
        headers: maps the header row instead of ``aliases`` (see the module docstring).
        kind: csv, xlsx or jsonl instead of what the name says.

    Raises:
        InvalidInput: unreadable file, unknown encoding or column, empty file.
    """
    size = size or BATCH
    kind = kind or kind_of(path)
    stream = _open(path, data)
    try:
        if kind == "xlsx":
            from crm_cli.store.core.xlsx_sheets import sheet_rows

            rows: Rows = sheet_rows(stream, path, sheet)
            yield from _tables(rows, aliases, path, size, headers)
        elif kind == "jsonl":
            yield from _jsonl(text_of(stream, path, encoding), aliases, path, size, headers)
        else:
            yield from _tables(
                _csv_rows(text_of(stream, path, encoding)), aliases, path, size, headers
            )
    finally:
        stream.close()


def _open(path: str, data: bytes | IO[bytes] | None) -> IO[bytes]:
    if isinstance(data, bytes):
        return io.BytesIO(data)
    if data is not None:
        data.seek(0)
        return data
    try:
        return open(path, "rb")
    except OSError as exc:
        raise InvalidInput(
            "cannot read {path!r}: {value}", path=path, value=exc.strerror or exc
        ) from None


def _csv_rows(text: IO[str]) -> Iterator[tuple[int, list[str], dict[int, str]]]:
    """Numbered rows, and the cells that could not be read (none: CSV is only text)."""
    first = text.readline()
    # Excel's "Unicode text" and many Chinese exports are tab-separated; semicolons are
    # what Excel writes where the decimal mark is a comma.
    delimiter = max((",", "\t", ";"), key=first.count)
    lines = itertools.chain([first], text) if first else iter(())
    # zip and count, not a loop here: a million rows go through in C.
    rows = map(_unguarded, csv.reader(lines, delimiter=delimiter))
    return zip(itertools.count(1), rows, itertools.repeat(NOTHING_UNREAD))


def _unguarded(cells: list[str]) -> list[str]:
    """A row with the formula guard of exports (`'=…`, `'+86…`: import-formats.md §7)
    taken off again; most rows have no `'` and cost one join."""
    if "'" not in "".join(cells):
        return cells
    return [c[1:] if c[:1] == "'" and c[1:2] in ("=", "+", "-", "@") else c for c in cells]


def _tables(
    rows: Rows, aliases: Mapping[str, str], name: str, size: int, headers: Headers | None = None
) -> Iterator[Table]:
    if headers is not None:
        first, rows = _header_row(rows, headers)
    else:
        first = next(rows, None)
    if first is None:
        raise InvalidInput("cannot import {name!r}: the file is empty", name=name)
    if headers is not None:
        positions, labels = headers.columns(first[1], name)
    else:
        positions, labels = header_map(first[1], aliases, name)
    while batch := list(itertools.islice(rows, size)):
        numbers = [number for number, _, _ in batch]
        problems = tuple(
            Problem(number, labels[positions[i]], formula, NO_CACHE)
            for number, _, uncached in batch
            for i, formula in uncached.items()
            if i in positions
        )
        if headers is not None:
            problems += _beyond(first[1], batch)
        yield columns_of(labels, positions, numbers, [cells for _, cells, _ in batch], problems)


Row = tuple[int, list[str], dict[int, str]]


def _header_row(rows: Rows, headers: Headers) -> tuple[Row | None, Rows]:
    """The row with the most known headers among the first ``HEADER_ROWS`` (the first on a
    tie), and the rows after it: those above it (a title, a note) are dropped."""
    head = list(itertools.islice(rows, HEADER_ROWS))
    if not head:
        return None, rows
    scores = [headers.hits(cells) for _, cells, _ in head]
    at = scores.index(max(scores))
    return head[at], itertools.chain(head[at + 1 :], rows)


def _beyond(header: list[str], batch: list[Row]) -> tuple[Problem, ...]:
    """Values under no header (a row with more cells than the header, or a blank header
    over a value): refused rather than lost."""
    blank = {i for i, cell in enumerate(header) if not cell.strip()}
    width = len(header)
    found = []
    for number, cells, _ in batch:
        if len(cells) <= width and not blank:
            continue
        for i, value in enumerate(cells):
            if value.strip() and (i >= width or i in blank):
                why = (Phrase("a value beyond the header's {width} columns", width=width)
                       if i >= width else Phrase("a value under an empty header"))  # fmt: skip
                found.append(Problem(number, str(i + 1), value.strip(), why))
                break
    return tuple(found)


def _jsonl(
    text: IO[str], aliases: Mapping[str, str], name: str, size: int, headers: Headers | None
) -> Iterator[Table]:
    numbered = enumerate(text, start=1)
    known: dict[tuple[str, ...], tuple[dict[int, str], dict[str, str]]] = {}
    while batch := list(itertools.islice(numbered, size)):
        labels: dict[str, str] = {}
        records = []
        for number, line in batch:
            if not line.strip():
                continue
            data = _json_object(line, number, name)
            keys = tuple(map(str, data))
            if keys not in known:  # most lines have the keys of the line before
                known[keys] = (
                    headers.columns(list(keys), name)
                    if headers is not None
                    else header_map(list(keys), aliases, name)
                )
            positions, found = known[keys]
            labels.update(found)
            values = list(data.values())
            records.append((number, {key: cell_text(values[i]) for i, key in positions.items()}))
        if records:
            keys_now = list(labels)
            cells = [[found.get(key, "") for key in keys_now] for _, found in records]
            yield columns_of(
                labels, dict(enumerate(keys_now)), [number for number, _ in records], cells
            )


def _json_object(line: str, number: int, name: str) -> dict[str, Any]:
    try:
        data = json.loads(line, parse_float=Decimal)
    except ValueError:
        raise InvalidInput(
            "cannot import {name!r}: line {number} is not valid JSON", name=name, number=number
        ) from None
    if not isinstance(data, dict):
        raise InvalidInput(
            "cannot import {name!r}: line {number} is not a JSON object", name=name, number=number
        )
    return data


def whole(path: str, aliases: Mapping[str, str], *, data: bytes | None = None) -> Table:
    """The whole file as one table (small files, and tests); ``path`` names the kind."""
    found = list(batches(path, aliases, data=data, size=1 << 62))
    if found:
        return found[0]
    kind = kind_of(path)
    if kind == "jsonl":
        return Table({}, [], {})
    stream = _open(path, data)  # a header without rows: its labels, no rows
    try:
        if kind == "xlsx":
            from crm_cli.store.core.xlsx_sheets import sheet_rows

            rows = sheet_rows(stream, path)
        else:
            rows = _csv_rows(text_of(stream, path))
        header = next(rows)[1]
    finally:
        stream.close()
    _, labels = header_map(header, aliases, path)
    return Table(labels, [], {key: [] for key in labels})
