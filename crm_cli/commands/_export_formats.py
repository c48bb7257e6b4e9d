"""The files `crm export` writes: CSV, XLSX, JSON Lines and vCard, record by record.

Each writer takes the export's columns (``store.exports.columns``) and its rows as the
store reads them, so memory holds one record at a time whatever the count. Everything is
written to a temporary file first (beside ``--output``, renamed when whole; or copied to
standard output at the end), so a refused export leaves nothing behind: no partial file,
no half a CSV on a pipe.

CSV (shared/reference/import-formats.md §7): UTF-8, with a BOM under ``--excel`` for
Chinese Excel and WPS; ``--encoding gbk`` (or any other) refuses, naming the record, a
character the encoding cannot hold rather than writing ``?``; CRLF line ends; a cell
starting with ``= + - @`` gets a leading ``'`` so Excel never runs it as a formula
(`crm import` drops it again).
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import datetime as dt
import io
import itertools
import json
import os
import shutil
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import IO, Any

from crm_cli.commands._csv_cells import BOOLS as BOOLS  # _export_xlsx takes it from here
from crm_cli.commands._csv_cells import body_codec, cell, encoded, header_bytes
from crm_cli.store.core.errors import InvalidInput
from crm_cli.store.exports.columns import DATE, MONEY, NUMBER, Column
from crm_cli.store.exports.joined import Joined

FORMATS = ("csv", "xlsx", "jsonl", "vcf")
SUFFIXES = {".csv": "csv", ".xlsx": "xlsx", ".jsonl": "jsonl", ".ndjson": "jsonl",
            ".json": "jsonl", ".vcf": "vcf"}  # fmt: skip
CHUNK_ROWS = 500
Row = Mapping[str, Any]
# (file, columns, rows, option: the CSV's encoding, the sheet's or the cards' noun) -> count
Writer = Callable[[IO[bytes], Sequence[Column], Iterable[Row], str], int]


def choose_format(requested: str | None, output: str | None) -> str:
    """``--format``, else the output file's suffix, else csv."""
    if requested:
        fmt = requested.strip().lower()
        if fmt not in FORMATS:
            raise InvalidInput("unknown export format {requested!r}; choose one of: {formats}",
                               requested=requested, formats=", ".join(FORMATS))  # fmt: skip
        return fmt
    return SUFFIXES.get(Path(output).suffix.lower(), "csv") if output else "csv"


def choose_encoding(fmt: str, excel: bool, encoding: str | None) -> str:
    """The text encoding of a CSV: utf-8, utf-8-sig (``--excel``) or ``--encoding``."""
    if fmt != "csv" and (excel or encoding):
        raise InvalidInput("--excel and --encoding are for CSV; {fmt} is always UTF-8", fmt=fmt)
    if excel and encoding:
        raise InvalidInput("--excel writes UTF-8 with a BOM; leave out --encoding")
    if not encoding:
        return "utf-8-sig" if excel else "utf-8"
    try:
        return codecs.lookup(encoding.strip()).name
    except LookupError:
        raise InvalidInput(
            "unknown encoding {encoding!r}; try gbk, gb18030 or utf-8", encoding=encoding
        ) from None


def check_output(output: str | None, fmt: str) -> None:
    """Refuse, before anything is read, an ``--output`` that cannot be written."""
    if output is None or output == "-":
        if fmt == "xlsx" and sys.stdout.isatty():
            raise InvalidInput("an xlsx workbook is not for the terminal: give --output FILE")
        return
    path = Path(output)
    if path.is_dir():
        raise InvalidInput("cannot write {output!r}: it is a directory", output=output)
    if not path.parent.is_dir():
        raise InvalidInput(
            "cannot write {output!r}: no directory {value!r}", output=output, value=str(path.parent)
        )


@contextlib.contextmanager
def target(output: str | None) -> Iterator[IO[bytes]]:
    """A temporary file that becomes ``output`` (or goes to standard output) when the
    block ends without an error, and is removed when it ends with one."""
    if output is None or output == "-":
        with tempfile.TemporaryFile() as spool:
            yield spool
            spool.seek(0)
            sys.stdout.flush()
            shutil.copyfileobj(spool, sys.stdout.buffer)
            sys.stdout.buffer.flush()
        return
    path = Path(output)
    try:
        fd, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    except OSError as exc:
        raise InvalidInput(
            "cannot write {output!r}: {value}", output=output, value=exc.strerror or exc
        ) from None
    try:
        with os.fdopen(fd, "wb") as part:
            yield part
        os.chmod(name, _mode(path))  # mkstemp makes it private; a file of the user's own
        os.replace(name, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(name)
        raise


def _mode(path: Path) -> int:
    """The permissions of the file replaced, or those a new file gets (the umask's)."""
    with contextlib.suppress(OSError):
        return path.stat().st_mode & 0o777
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def write_csv(
    out: IO[bytes], columns: Sequence[Column], rows: Iterable[Row] | Joined, encoding: str
) -> int:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([c.header for c in columns])
    out.write(header_bytes(buffer.getvalue(), encoding))
    encoding = body_codec(encoding)
    if isinstance(rows, Joined):  # rendered by SQLite: the cells need little more
        from crm_cli.commands._export_joined import write_joined

        return write_joined(out, columns, rows, encoding)
    count = 0
    plain = encoding == "utf-8"
    cells = [(c.field, cell(c.kind)) for c in columns]
    source = iter(rows)
    # A chunk of rows per write and per encode: a million rows in ~1,000 calls, not 10^6.
    while chunk := list(itertools.islice(source, CHUNK_ROWS)):
        buffer.seek(0)
        buffer.truncate()
        writer.writerows([[convert(row.get(field)) for field, convert in cells] for row in chunk])
        text = buffer.getvalue()
        out.write(text.encode("utf-8") if plain else _encoded_chunk(text, encoding, chunk, cells))
        count += len(chunk)
    return count


def _encoded_chunk(
    text: str, encoding: str, chunk: list[Row], cells: list[tuple[str, Callable[[Any], str]]]
) -> bytes:
    """``text`` (the chunk's rows) in ``encoding``; a row it cannot hold is named."""
    try:
        return text.encode(encoding)
    except UnicodeEncodeError:
        for row in chunk:
            one = io.StringIO()
            csv.writer(one, lineterminator="\r\n").writerow([c(row.get(f)) for f, c in cells])
            encoded(one.getvalue(), encoding, row)
        raise  # not reached: one of the rows raised


def json_value(value: Any, kind: str) -> str:
    """A value as JSON: dates as text, money a number with two decimals, numbers exact."""
    if isinstance(value, dt.date):
        return f'"{value.isoformat()}"'
    if isinstance(value, Decimal) and kind == MONEY:
        return f"{value:.2f}"
    if kind == NUMBER and isinstance(value, str):
        try:
            number = Decimal(value)
        except InvalidOperation:
            number = None
        if number is not None and number.is_finite():
            return value
    if kind == DATE and value == "":
        value = None
    return json.dumps(value, ensure_ascii=False)


def write_jsonl(out: IO[bytes], columns: Sequence[Column], rows: Iterable[Row], _: str) -> int:
    keys = [json.dumps(c.key, ensure_ascii=False) + ":" for c in columns]
    count = 0
    for row in rows:
        pairs = zip(keys, columns, strict=True)
        parts = (key + json_value(row.get(c.field), c.kind) for key, c in pairs)
        out.write(("{" + ",".join(parts) + "}\n").encode("utf-8"))
        count += 1
    return count
