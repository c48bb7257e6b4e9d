"""Reading import files: CSV (UTF-8, UTF-8 with BOM, GBK/GB18030, UTF-16), XLSX, JSON Lines.

Every reader yields the same thing: numbered rows of text keyed by canonical column
names, so an importer validates one shape whatever the file was. Row numbers are what
the user sees: in CSV and XLSX the header is row 1 (as in Excel), in JSON Lines the
line number.
"""

from __future__ import annotations

import csv
import gc
import io
import json
import re
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path
from typing import Any, NamedTuple

from crm_cli.store.core.errors import InvalidInput

KINDS = ("csv", "xlsx", "jsonl")


class Problem(NamedTuple):
    """One bad value in an import file."""

    row: int
    column: str
    value: str
    reason: str

    def __str__(self) -> str:
        return f"row {self.row}, column {self.column}: bad value {self.value!r} ({self.reason})"


class RowErrors(InvalidInput):
    """An import refused as a whole; ``problems`` lists every bad value (exit 1)."""

    def __init__(self, problems: list[Problem], what: str = "imported") -> None:
        count = len(problems)
        noun = "problem" if count == 1 else "problems"
        super().__init__(f"nothing {what}: {count} {noun} in the file; first: {problems[0]}")
        self.problems = problems


class Table(NamedTuple):
    """The rows of a file, column by column (a 100,000-line file is read in C loops).

    ``labels`` maps each canonical column to its header as written; ``numbers`` holds each
    row's number as the user sees it; ``columns`` each canonical column's cells, stripped,
    one per row ("" where a row has no value).
    """

    labels: dict[str, str]
    numbers: list[int]
    columns: dict[str, list[str]]

    def column(self, name: str) -> list[str]:
        """The cells of ``name``, all empty when the file has no such column."""
        found = self.columns.get(name)
        return found if found is not None else [""] * len(self.numbers)

    def records(self) -> Iterator[tuple[int, dict[str, str]]]:
        """Each row as its number and a dict of its cells: for importers of small files."""
        names = list(self.columns)
        for number, values in zip(
            self.numbers, zip(*self.columns.values(), strict=True), strict=True
        ):
            yield number, dict(zip(names, values, strict=True))


def kind_of(name: str) -> str:
    """The file kind from its name; ``-`` (standard input) is CSV."""
    suffix = Path(name).suffix.lower()
    if name == "-" or suffix in (".csv", ".txt", ".tsv"):
        return "csv"
    if suffix in (".xlsx", ".xlsm"):
        return "xlsx"
    if suffix in (".jsonl", ".ndjson", ".json"):
        return "jsonl"
    raise InvalidInput(f"cannot import {name!r}: use a .csv, .xlsx or .jsonl file")


def read_path(path: str, aliases: Mapping[str, str]) -> Table:
    """Read the file at ``path`` (its kind from the extension)."""
    kind = kind_of(path)
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise InvalidInput(f"cannot read {path!r}: {exc.strerror or exc}") from None
    return read_bytes(data, kind, aliases, name=path)


def read_bytes(data: bytes, kind: str, aliases: Mapping[str, str], name: str = "-") -> Table:
    """Read file contents of ``kind`` (csv, xlsx or jsonl)."""
    with bulk_work():
        if kind == "xlsx":
            return _with_header(_xlsx_rows(data, name), aliases, name)
        text = decode(data, name)
        if kind == "jsonl":
            return _jsonl(text, aliases, name)
        return _with_header(_csv_rows(text), aliases, name)


@contextmanager
def bulk_work() -> Iterator[None]:
    """Pause the cyclic garbage collector around work on a whole file.

    A 100,000-line file makes hundreds of thousands of small objects and no cycles; the
    collections they would trigger cost more than the work itself. On the way out the
    survivors are frozen (``gc.freeze``): they live until the command ends, and the first
    collection after re-enabling would otherwise scan every one of them for nothing.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.freeze()
            gc.enable()


def decode(data: bytes, name: str = "-") -> str:
    """Text of a file as Excel and editors save it; never guesses into mojibake.

    A BOM decides; otherwise strict UTF-8, then GB18030 (a superset of GBK and GB2312,
    what Excel writes on Chinese Windows). Bytes valid in neither are refused.
    """
    if data.startswith(b"\xef\xbb\xbf"):
        return _strict(data[3:], "utf-8", name)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _strict(data, "utf-16", name)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError:
        raise InvalidInput(
            f"cannot read {name!r}: the text is neither UTF-8 nor GBK/GB18030"
        ) from None


def _strict(data: bytes, encoding: str, name: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise InvalidInput(
            f"cannot read {name!r}: invalid {encoding} at byte {exc.start}"
        ) from None


def column_key(header: str) -> str:
    """A header as looked up in an alias table: "Valid Until" → "valid_until"."""
    return re.sub(r"[\s\-/]+", "_", header.strip().lower()).strip("_")


def _csv_rows(text: str) -> Iterator[list[str]]:
    first = text.split("\n", 1)[0]
    # Excel's "Unicode text" and many Chinese exports are tab-separated; semicolons are
    # what Excel writes where the decimal mark is a comma.
    delimiter = max((",", "\t", ";"), key=first.count)
    return csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)


def _xlsx_rows(data: bytes, name: str) -> Iterator[list[str]]:
    try:
        from openpyxl import load_workbook  # only for .xlsx: it costs ~100 ms to import
    except ImportError:
        raise InvalidInput("reading .xlsx needs openpyxl (pip install openpyxl)") from None
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises zipfile, KeyError, ValueError … on bad files
        raise InvalidInput(f"cannot read {name!r}: not an .xlsx workbook ({exc})") from None
    try:
        sheet = book.worksheets[0]
        for values in sheet.iter_rows(values_only=True):
            yield [cell_text(value) for value in values]
    finally:
        book.close()


def cell_text(value: Any) -> str:
    """A spreadsheet or JSON value as the text a user would have typed."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if hasattr(value, "date") and hasattr(value, "hour"):  # a datetime: Excel dates are these
        return str(value.date()) if not (value.hour or value.minute) else value.isoformat()
    return str(value).strip()


def _header_map(
    headers: list[str], aliases: Mapping[str, str], name: str
) -> tuple[dict[int, str], dict[str, str]]:
    """Column positions → canonical names, and canonical names → headers as written."""
    positions: dict[int, str] = {}
    labels: dict[str, str] = {}
    unknown = []
    for index, header in enumerate(headers):
        key = column_key(header.lstrip("\ufeff"))
        if not key:
            continue
        canonical = aliases.get(key)
        if canonical is None:
            unknown.append(header.strip())
        elif canonical in labels:
            raise InvalidInput(f"cannot import {name!r}: columns {labels[canonical]!r} and "
                               f"{header.strip()!r} are the same field")  # fmt: skip
        else:
            positions[index] = canonical
            labels[canonical] = header.strip()
    if unknown:
        known = ", ".join(sorted(set(aliases)))
        raise InvalidInput(
            f"cannot import {name!r}: unknown column {', '.join(map(repr, unknown))}; "
            f"known columns: {known}"
        )
    return positions, labels


def _with_header(lines: Iterable[list[str]], aliases: Mapping[str, str], name: str) -> Table:
    iterator = iter(lines)
    header = next(iterator, None)
    if header is None:
        raise InvalidInput(f"cannot import {name!r}: the file is empty")
    positions, labels = _header_map(header, aliases, name)
    rows = list(iterator)
    if not positions or not rows:
        return Table(labels, [], {key: [] for key in labels})
    need = max(positions) + 1
    if min(map(len, rows)) < need:  # short rows: the missing cells are empty
        rows = [cells + [""] * (need - len(cells)) for cells in rows]
    # Transposed in C: one tuple per column (as many as the shortest row has, at least ``need``).
    cells = list(zip(*rows, strict=False))
    columns = {key: list(map(str.strip, cells[index])) for index, key in positions.items()}
    return _without_blank(labels, list(range(2, len(rows) + 2)), columns)


def _without_blank(
    labels: dict[str, str], numbers: list[int], columns: dict[str, list[str]]
) -> Table:
    """Drop rows with no value in any known column (blank lines at the end of an export)."""
    if not columns:
        return Table(labels, [], {})
    joined = list(map("".join, zip(*columns.values(), strict=True)))
    if all(joined):
        return Table(labels, numbers, columns)
    keep = [index for index, text in enumerate(joined) if text]
    numbers = [numbers[index] for index in keep]
    columns = {key: [values[index] for index in keep] for key, values in columns.items()}
    return Table(labels, numbers, columns)


def _jsonl(text: str, aliases: Mapping[str, str], name: str) -> Table:
    labels: dict[str, str] = {}
    records = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            data = json.loads(line, parse_float=Decimal)
        except ValueError:
            raise InvalidInput(f"cannot import {name!r}: line {number} is not valid JSON") from None
        if not isinstance(data, dict):
            raise InvalidInput(f"cannot import {name!r}: line {number} is not a JSON object")
        positions, found = _header_map(list(map(str, data)), aliases, name)
        labels.update(found)
        values = list(data.values())
        records.append((number, {key: cell_text(values[i]) for i, key in positions.items()}))
    numbers = [number for number, _ in records]
    columns = {key: [cells.get(key, "") for _, cells in records] for key in labels}
    return _without_blank(labels, numbers, columns)
