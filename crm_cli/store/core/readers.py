"""Reading import files in batches: CSV, XLSX and JSON Lines, never the whole file at once.

A 50 MB file becomes batches of a few thousand rows (``tabular.Table`` each); memory grows
with the batch, not the file. Encodings are decided before the first row is read (a BOM,
else strict UTF-8 over the whole file, else GB18030), so a file is never half decoded.
"""

from __future__ import annotations

import codecs
import csv
import io
import itertools
import json
from collections.abc import Iterator, Mapping
from decimal import Decimal
from typing import IO, Any

from crm_cli.store.core.errors import InvalidInput
from crm_cli.store.core.tabular import Problem, Table, cell_text, columns_of, header_map, kind_of

BATCH = 5000  # rows per batch: a few MB of cells whatever the file
CHUNK = 1 << 20  # bytes read at a time while checking an encoding
NOTHING_UNREAD: dict[int, str] = {}  # shared by every CSV row: never changed
NO_CACHE = "a formula without a saved value: open the file in Excel or WPS and save it again"


def batches(
    path: str, aliases: Mapping[str, str], *, data: bytes | None = None, size: int | None = None
) -> Iterator[Table]:
    """The rows of ``path`` (``data``: standard input's bytes for ``-``) in batches of
    ``size`` rows (``BATCH`` when not given).

    Raises:
        InvalidInput: unreadable file, unknown encoding or column, empty file.
    """
    size = size or BATCH
    kind = kind_of(path)
    stream = _open(path, data)
    try:
        if kind == "xlsx":
            rows: Iterator[tuple[int, list[str], dict[int, str]]] = _xlsx_rows(stream, path)
            yield from _tables(rows, aliases, path, size)
        elif kind == "jsonl":
            yield from _jsonl(_text(stream, path), aliases, path, size)
        else:
            yield from _tables(_csv_rows(_text(stream, path)), aliases, path, size)
    finally:
        stream.close()


def _open(path: str, data: bytes | None) -> IO[bytes]:
    if data is not None:
        return io.BytesIO(data)
    try:
        return open(path, "rb")
    except OSError as exc:
        raise InvalidInput(f"cannot read {path!r}: {exc.strerror or exc}") from None


def _text(stream: IO[bytes], name: str) -> IO[str]:
    """The stream as text in the encoding it was saved in (see the module docstring)."""
    head = stream.read(4)
    stream.seek(0)
    if head.startswith(b"\xef\xbb\xbf"):
        encoding = "utf-8-sig"
    elif head.startswith((b"\xff\xfe", b"\xfe\xff")):
        encoding = "utf-16"
    else:
        encoding = "utf-8" if _bad_byte(stream, "utf-8") is None else "gb18030"
        if encoding == "gb18030" and _bad_byte(stream, encoding) is not None:
            raise InvalidInput(f"cannot read {name!r}: the text is neither UTF-8 nor GBK/GB18030")
    if encoding != "gb18030" and (at := _bad_byte(stream, encoding)) is not None:
        raise InvalidInput(
            f"cannot read {name!r}: invalid {encoding.split('-sig')[0]} at byte {at}"
        )
    return io.TextIOWrapper(stream, encoding=encoding, newline="")


def _bad_byte(stream: IO[bytes], encoding: str) -> int | None:
    """Where the stream stops decoding strictly (None: it decodes); read in chunks, rewound."""
    decoder = codecs.getincrementaldecoder(encoding)()
    done = 0
    try:
        while chunk := stream.read(CHUNK):
            decoder.decode(chunk)
            done += len(chunk)
        decoder.decode(b"", final=True)
        return None
    except UnicodeDecodeError as exc:
        return done + exc.start
    finally:
        stream.seek(0)


def _csv_rows(text: IO[str]) -> Iterator[tuple[int, list[str], dict[int, str]]]:
    """Numbered rows, and the cells that could not be read (none: CSV is only text)."""
    first = text.readline()
    # Excel's "Unicode text" and many Chinese exports are tab-separated; semicolons are
    # what Excel writes where the decimal mark is a comma.
    delimiter = max((",", "\t", ";"), key=first.count)
    lines = itertools.chain([first], text) if first else iter(())
    # zip and count, not a loop here: a million rows go through in C.
    rows = csv.reader(lines, delimiter=delimiter)
    return zip(itertools.count(1), rows, itertools.repeat(NOTHING_UNREAD))


def _xlsx_rows(stream: IO[bytes], name: str) -> Iterator[tuple[int, list[str], dict[int, str]]]:
    """Rows of the first sheet; a formula cell that has no saved value is named, not "".

    The values and the formulas come from two read-only passes over the same sheet, in
    step: only the formulas say which empty value is really an uncalculated formula.
    """
    try:
        from openpyxl import load_workbook  # only for .xlsx: it costs ~100 ms to import
    except ImportError:
        raise InvalidInput("reading .xlsx needs openpyxl (pip install openpyxl)") from None
    data = stream.read()
    try:
        values = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        formulas = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception as exc:  # openpyxl raises zipfile, KeyError, ValueError … on bad files
        raise InvalidInput(f"cannot read {name!r}: not an .xlsx workbook ({exc})") from None
    try:
        pairs = zip(
            values.worksheets[0].iter_rows(values_only=True),
            formulas.worksheets[0].iter_rows(values_only=True),
            strict=False,
        )
        for number, (row, written) in enumerate(pairs, start=1):
            uncached = {
                i: str(f) for i, (v, f) in enumerate(zip(row, written, strict=False))
                if v is None and isinstance(f, str) and f.startswith("=")
            }  # fmt: skip
            yield number, [cell_text(value) for value in row], uncached
    finally:
        values.close()
        formulas.close()


def _tables(
    rows: Iterator[tuple[int, list[str], dict[int, str]]],
    aliases: Mapping[str, str],
    name: str,
    size: int,
) -> Iterator[Table]:
    first = next(rows, None)
    if first is None:
        raise InvalidInput(f"cannot import {name!r}: the file is empty")
    positions, labels = header_map(first[1], aliases, name)
    while batch := list(itertools.islice(rows, size)):
        numbers = [number for number, _, _ in batch]
        problems = tuple(
            Problem(number, labels[positions[i]], formula, NO_CACHE)
            for number, _, uncached in batch
            for i, formula in uncached.items()
            if i in positions
        )
        yield columns_of(labels, positions, numbers, [cells for _, cells, _ in batch], problems)


def _jsonl(text: IO[str], aliases: Mapping[str, str], name: str, size: int) -> Iterator[Table]:
    numbered = enumerate(text, start=1)
    while batch := list(itertools.islice(numbered, size)):
        labels: dict[str, str] = {}
        records = []
        for number, line in batch:
            if not line.strip():
                continue
            data = _json_object(line, number, name)
            positions, found = header_map(list(map(str, data)), aliases, name)
            labels.update(found)
            values = list(data.values())
            records.append((number, {key: cell_text(values[i]) for i, key in positions.items()}))
        if records:
            keys = list(labels)
            cells = [[found.get(key, "") for key in keys] for _, found in records]
            yield columns_of(
                labels, dict(enumerate(keys)), [number for number, _ in records], cells
            )


def _json_object(line: str, number: int, name: str) -> dict[str, Any]:
    try:
        data = json.loads(line, parse_float=Decimal)
    except ValueError:
        raise InvalidInput(f"cannot import {name!r}: line {number} is not valid JSON") from None
    if not isinstance(data, dict):
        raise InvalidInput(f"cannot import {name!r}: line {number} is not a JSON object")
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
        rows = _xlsx_rows(stream, path) if kind == "xlsx" else _csv_rows(_text(stream, path))
        header = next(rows)[1]
    finally:
        stream.close()
    _, labels = header_map(header, aliases, path)
    return Table(labels, [], {key: [] for key in labels})
