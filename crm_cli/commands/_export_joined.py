"""The body of a CSV export from rows SQLite rendered (``store.exports.joined``).

Each row arrives as one text, its cells joined by ``CELL``. Most rows need nothing more
than commas for the separators; a row with a cell the CSV rules touch (a comma, a quote
or a line break to quote, a leading ``= + - @ '`` to check against the formula guard) is
split and written cell by cell as ``write_csv`` would; a row SQLite could not render (no
text) or whose text cannot be split (a value holding ``CELL``) is read again the Python
way and written exactly as ``write_csv`` writes it. The same rows in the same bytes:
tests/cli/test_export_csv_paths_cli.py exports tricky data both ways.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Sequence
from typing import IO, Any

from crm_cli.commands import _csv_cells as csv_cells
from crm_cli.store.exports.columns import MONEY, Column
from crm_cli.store.exports.joined import CELL, Joined

# What makes a row's text more than its cells joined by commas (the checks are unrolled:
# they run for every row, and an `any()` over them costs more than the rest together).
_AT_EQ, _AT_PLUS, _AT_MINUS, _AT_AT, _AT_QUOTE = (CELL + c for c in "=+-@'")


def write_joined(out: IO[bytes], columns: Sequence[Column], joined: Joined, encoding: str) -> int:
    """Write the rows of ``joined`` (the header is written); return how many."""
    lines = _Lines(columns, joined)
    plain = encoding == "utf-8"  # write_csv passes the rows' codec: the BOM came before
    count = 0
    for chunk in joined.chunks:
        texts = [lines.line(text, ident) for text, ident in chunk]
        body = "\r\n".join(texts) + "\r\n"
        out.write(body.encode("utf-8") if plain else _encoded(body, encoding, texts, chunk, joined))
        count += len(chunk)
    return count


class _Lines:
    """Turns one row's text into its CSV line (without the line end)."""

    def __init__(self, columns: Sequence[Column], joined: Joined) -> None:
        self.separators = len(columns) - 1
        # Money keeps its minus: only text-like cells get the formula guard (as _cell).
        self.guarded = [c.kind != MONEY for c in columns]
        self.cells: list[tuple[str, Callable[[Any], str]]] = [
            (c.field, csv_cells.cell(c.kind)) for c in columns
        ]
        self.row = joined.row
        self.buffer = io.StringIO()
        self.writer = csv.writer(self.buffer, lineterminator="\r\n")

    def line(self, text: str | None, ident: int) -> str:
        if text is None or text.count(CELL) != self.separators:
            row = self.row(ident)
            return self.csv_line([convert(row.get(field)) for field, convert in self.cells])
        if (
            "," in text or '"' in text or "\n" in text or "\r" in text
            or not text  # one column, empty: the csv module writes ""
            or text[:1] in csv_cells.RISKY or _AT_MINUS in text or _AT_PLUS in text
            or _AT_EQ in text or _AT_AT in text or _AT_QUOTE in text
        ):  # fmt: skip
            return self.csv_line(self.disarmed(text.split(CELL)))
        return text.replace(CELL, ",")

    def disarmed(self, cells: list[str]) -> list[str]:
        return [
            "'" + cell
            if guard and cell[:1] in csv_cells.RISKY and csv_cells.guarded(cell)
            else cell
            for cell, guard in zip(cells, self.guarded, strict=True)
        ]

    def csv_line(self, cells: list[str]) -> str:
        """The csv module's own line: its quoting rules (and a lone empty cell as "")."""
        self.buffer.seek(0)
        self.buffer.truncate()
        self.writer.writerow(cells)
        return self.buffer.getvalue()[:-2]


def _encoded(
    body: str, encoding: str, texts: list[str], chunk: Sequence[tuple[Any, int]], joined: Joined
) -> bytes:
    """``body`` in ``encoding``; the first row it cannot hold is read again to be named."""
    try:
        return body.encode(encoding)
    except UnicodeEncodeError:
        for text, (_, ident) in zip(texts, chunk, strict=True):
            try:
                text.encode(encoding)
            except UnicodeEncodeError:
                csv_cells.encoded(text + "\r\n", encoding, joined.row(ident))
        raise  # not reached: one of the rows raised
