"""Output of any length in bounded memory: records spooled to disk, printed chunk by chunk.

A command that makes many records (an import of a million rows) adds them to a ``Spool``
while it works, and prints them only once the work is committed. ``emit_spool`` then reads
them back a chunk at a time: csv, tsv, json and jsonl stream; plain and markdown take two
passes (the widths first); a rich table of more than ``TABLE_MAX`` rows prints as plain.
"""

from __future__ import annotations

import pickle
import sys
import tempfile
from collections.abc import Iterator, Mapping, Sequence
from typing import IO, Any, TextIO

from crm_cli.commands import _output
from crm_cli.commands._layout import one_line, padded, sizes
from crm_cli.commands._values import YES_NO, dumps_json, text_of

CHUNK = 10_000  # records in memory at a time
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
        _json(spool, names if picked else None, fmt, stream)
    elif fmt in ("csv", "tsv"):
        for index, chunk in enumerate(spool.chunks()):
            _output.write_text(fmt, chunk, names, stream, None, header=index == 0)
    else:  # plain, markdown, and a table too big for rich
        _aligned(spool, names, "markdown" if fmt == "markdown" else "plain", stream)


def _json(spool: Spool, names: list[str] | None, fmt: str, out: TextIO) -> None:
    def rows() -> Iterator[Row]:
        for chunk in spool.chunks():
            yield from (_output.project(row, names) for row in chunk)

    if fmt == "jsonl":
        out.writelines(dumps_json(row, indent=None) + "\n" for row in rows())
        return
    out.write("[")  # as dumps_json lays out a list: one member per indented block
    for index, row in enumerate(rows()):
        member = dumps_json(row).replace("\n", "\n  ")
        out.write(("," if index else "") + "\n  " + member)
    out.write("\n]\n")


def _aligned(spool: Spool, names: list[str], fmt: str, out: TextIO) -> None:
    """Aligned text in two passes: every cell's width first, then the padded lines."""
    widths = sizes([names])[0]
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
        rule = ["-" * (w - 1) + (":" if r else "-") for w, r in zip(widths, right, strict=True)]
        out.write(_line([names, rule], widths, right, "| ", " | ", " |"))
    else:
        out.write(_line([names], widths, right, "", "  ", ""))
    for chunk in spool.chunks():
        cells = _cells(chunk, names, fmt)
        if fmt == "markdown":
            out.write(_line(cells, widths, right, "| ", " | ", " |"))
        else:
            out.write(_line(cells, widths, right, "", "  ", ""))


def _cells(chunk: list[dict[str, Any]], names: list[str], fmt: str) -> list[list[str]]:
    cells = [[one_line(text_of(row.get(name), YES_NO)) for name in names] for row in chunk]
    if fmt == "markdown":
        return [[cell.replace("|", "\\|") for cell in line] for line in cells]
    return cells


def _line(
    lines: list[list[str]], widths: list[int], right: list[bool], lead: str, gap: str, end: str
) -> str:
    out = []
    for line, size in zip(lines, sizes(lines), strict=True):
        text = lead + gap.join(padded(line, size, widths, right)) + end
        out.append((text if end else text.rstrip()) + "\n")
    return "".join(out)
