"""Output of any length in bounded memory.

``emit_rows`` prints a list as the store reads it (`customer list -f csv` of a million
customers holds one chunk at a time): csv, tsv, json and jsonl write each chunk as it comes;
plain and markdown align on the first ``CHUNK`` rows, and a longer cell later on widens
only its own line; a list that fits in one chunk prints exactly as ``_output.emit``
would print it.

A command that makes many records (an import of a million rows) adds them to a ``Spool``
while it works, and prints them only once the work is committed. ``emit_spool`` then reads
them back a chunk at a time: csv, tsv, json and jsonl stream; plain and markdown take two
passes (the widths first); a rich table of more than ``TABLE_MAX`` rows prints as plain.
"""

from __future__ import annotations

import gc
import itertools
import pickle
import sys
import tempfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import IO, Any, TextIO

from crm_cli.commands import _output
from crm_cli.commands._columns import shown_columns
from crm_cli.commands._layout import one_line, padded, sizes
from crm_cli.commands._values import dumps_json

CHUNK = 10_000  # records in memory at a time
JSON_CHUNK = 1_000  # json and jsonl: records of every field, encoded one by one
FIRST = 500  # csv, tsv, json, jsonl: rows read before the first write (`| head` starts soon)
TABLE_MAX = 10_000  # a bigger rich table costs seconds and helps nobody: plain instead
Row = Mapping[str, Any]


class Spool:
    """Records kept until they are printed: in memory up to ``CHUNK``, beyond that in a
    temporary file (deleted when closed), a chunk at a time."""

    def __init__(self) -> None:
        self._file: IO[bytes] | None = None
        self._chunks = 0  # chunks written to the file
        self._last: list[dict[str, Any]] = []
        self.count = 0

    def add(self, row: Row) -> None:
        self._last.append(dict(row))
        self.count += 1
        if len(self._last) == CHUNK:
            if self._file is None:
                self._file = tempfile.TemporaryFile()  # noqa: SIM115  (closed by close())
            pickle.dump(self._last, self._file, protocol=pickle.HIGHEST_PROTOCOL)
            self._chunks += 1
            self._last = []

    def chunks(self) -> Iterator[list[dict[str, Any]]]:
        """The records, ``CHUNK`` at a time (the last chunk may be shorter)."""
        if self._file is not None:
            self._file.seek(0)
            for _ in range(self._chunks):
                yield pickle.load(self._file)  # a new unpickler each: no memo kept
        if self._last:
            yield self._last

    def clear(self) -> None:
        """Drop every record (a retried import makes them again)."""
        self.close()
        self._file, self._chunks, self._last, self.count = None, 0, [], 0

    def close(self) -> None:
        if self._file is not None:
            self._file.close()


def emit_spool(
    spool: Spool,
    *,
    fmt: str,
    fields: str | None,
    columns: Sequence[str],
    out: TextIO | None = None,
) -> None:
    """Print the spooled records as ``_output.emit`` would print them as one list."""
    stream = out if out is not None else sys.stdout
    first = next(spool.chunks(), [])
    available = _output.available(first[:1], columns)
    picked = _output.pick_fields(fields, available)
    if spool.count <= CHUNK or (fmt == "table" and spool.count <= TABLE_MAX):
        rows = [row for chunk in spool.chunks() for row in chunk]
        _output.emit(rows, fmt=fmt, fields=picked, columns=columns, out=stream)
        return
    names = picked or list(columns or available)
    if fmt in ("json", "jsonl"):
        _json(spool.chunks(), names if picked else None, fmt, stream)
    elif fmt in ("csv", "tsv"):
        for index, chunk in enumerate(spool.chunks()):
            _output.write_text(fmt, chunk, names, stream, None, header=index == 0)
    else:  # plain, markdown, and a table too big for rich
        _aligned(spool, names, "markdown" if fmt == "markdown" else "plain", stream)


def emit_rows(
    rows: Iterable[Row],
    *,
    fmt: str,
    fields: str | None,
    columns: Sequence[str],
    out: TextIO | None = None,
) -> int:
    """Print records as they come from ``rows``; returns how many were printed."""
    # A million short-lived row dicts trigger the cycle collector thousands of times and
    # it walks every chunk in flight each time (a third of the time of a big export);
    # rows hold no cycles, so reference counting alone frees them.
    paused = gc.isenabled()
    gc.disable()
    try:
        return _emit_rows(rows, fmt, fields, columns, out)
    finally:
        if paused:
            gc.enable()


def _emit_rows(
    rows: Iterable[Row], fmt: str, fields: str | None, columns: Sequence[str], out: TextIO | None
) -> int:
    stream = out if out is not None else sys.stdout
    source = iter(rows)
    streams = fmt in ("csv", "tsv", "json", "jsonl")
    first = list(itertools.islice(source, FIRST if streams else CHUNK))
    peek = list(itertools.islice(source, 1))
    if not peek:  # all of it is here: print as one list
        _output.emit(first, fmt=fmt, fields=fields, columns=columns, out=stream)
        return len(first)
    picked = _output.pick_fields(fields, _output.available(first[:1], columns))
    names = picked or list(columns or _output.available(first[:1], None))
    # JSON writes row by row: small chunks keep only a few wide records in memory.
    size = JSON_CHUNK if fmt in ("json", "jsonl") else CHUNK
    chunks = _chunks(itertools.chain(first, peek, source), len(first), size)
    if fmt in ("json", "jsonl"):
        return _json(chunks, names if picked else None, fmt, stream)
    count = 0
    if fmt in ("csv", "tsv"):
        for index, chunk in enumerate(chunks):
            _output.write_text(fmt, chunk, names, stream, None, header=index == 0)
            count += len(chunk)
        return count
    return _aligned_rows(chunks, names, "markdown" if fmt == "markdown" else "plain", stream)


def _chunks(rows: Iterator[Row], first: int, size: int) -> Iterator[list[Row]]:
    """The first ``first`` rows, then ``size`` at a time."""
    step = first
    while chunk := list(itertools.islice(rows, step)):
        yield chunk
        step = size


def _aligned_rows(chunks: Iterator[list[Row]], names: list[str], fmt: str, out: TextIO) -> int:
    """Aligned on the first chunk: its widths and right-aligned columns hold for the rest."""
    count = 0
    widths: list[int] = []
    right: list[bool] = []
    for index, chunk in enumerate(chunks):
        cells = _cells(chunk, names, fmt)
        if index == 0:
            widths, right = _layout(chunk, cells, names, fmt)
            out.write(_header(names, widths, right, fmt))
        out.write(_body(cells, widths, right, fmt))
        count += len(chunk)
    return count


def _layout(
    chunk: list[Row], cells: list[list[str]], names: list[str], fmt: str
) -> tuple[list[int], list[bool]]:
    titles = _output.titles(names, fmt)  # as the header shows them (金额, not amount)
    widths = [max(column) for column in zip(*sizes([titles, *cells]), strict=True)]
    if fmt == "markdown":
        widths = [max(3, w) for w in widths]
    return widths, _output.numeric_columns(chunk, names)


def _json(chunks: Iterable[Sequence[Row]], names: list[str] | None, fmt: str, out: TextIO) -> int:
    count = 0
    if fmt == "jsonl":
        for chunk in chunks:
            rows = (_output.project(row, names) for row in chunk)
            out.writelines(dumps_json(row, indent=None) + "\n" for row in rows)
            count += len(chunk)
        return count
    out.write("[")  # as dumps_json lays out a list: one member per indented block
    for chunk in chunks:
        for row in chunk:
            member = dumps_json(_output.project(row, names), level=1)
            out.write(("," if count else "") + "\n  " + member)
            count += 1
    out.write("\n]\n")
    return count


def _aligned(spool: Spool, names: list[str], fmt: str, out: TextIO) -> None:
    """Aligned text in two passes: every cell's width first, then the padded lines."""
    widths = sizes([_output.titles(names, fmt)])[0]
    numeric = [True] * len(names)
    seen = [False] * len(names)
    for chunk in spool.chunks():
        for line, row in zip(sizes(_cells(chunk, names, fmt)), chunk, strict=True):
            widths = [max(a, b) for a, b in zip(widths, line, strict=True)]
            for i, name in enumerate(names):
                value = row.get(name)
                if value is not None:
                    seen[i] = True
                    numeric[i] = numeric[i] and _output.is_number(value)
    right = [n and s for n, s in zip(numeric, seen, strict=True)]
    if fmt == "markdown":
        widths = [max(3, w) for w in widths]
    out.write(_header(names, widths, right, fmt))
    for chunk in spool.chunks():
        out.write(_body(_cells(chunk, names, fmt), widths, right, fmt))


def _header(names: list[str], widths: list[int], right: list[bool], fmt: str) -> str:
    names = _output.titles(names, fmt)  # column titles in the interface language
    if fmt == "markdown":
        rule = ["-" * (w - 1) + (":" if r else "-") for w, r in zip(widths, right, strict=True)]
        return _line([names, rule], widths, right, "| ", " | ", " |")
    return _line([names], widths, right, "", "  ", "")


def _body(cells: list[list[str]], widths: list[int], right: list[bool], fmt: str) -> str:
    if fmt == "markdown":
        return _line(cells, widths, right, "| ", " | ", " |")
    return _line(cells, widths, right, "", "  ", "")


def _cells(chunk: Sequence[Row], names: list[str], fmt: str) -> list[list[str]]:
    columns = shown_columns(chunk, names, fmt)  # as a short list shows them
    cells = [[one_line(cell) for cell in line] for line in zip(*columns, strict=True)]
    if fmt == "markdown":
        return [[cell.replace("|", "\\|") for cell in line] for line in cells]
    return cells


def _line(
    lines: list[list[str]], widths: list[int], right: list[bool], lead: str, gap: str, end: str
) -> str:
    out = []
    for line, size in zip(lines, sizes(lines), strict=True):
        room = [max(w, u) for w, u in zip(widths, size, strict=True)]  # a longer cell widens
        text = lead + gap.join(padded(line, size, room, right)) + end
        out.append((text if end else text.rstrip()) + "\n")
    return "".join(out)
