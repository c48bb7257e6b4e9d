"""What every import shares: tables of text cells, problems, and the bounded report.

Every reader (``readers``: CSV in UTF-8, UTF-8 with BOM, GBK/GB18030 or UTF-16, XLSX,
JSON Lines) yields the same thing: numbered rows of text keyed by canonical column names,
so an importer validates one shape whatever the file was. Row numbers are what the user
sees: in CSV and XLSX the header is row 1 (as in Excel), in JSON Lines the line number.
"""

from __future__ import annotations

import csv
import gc
import re
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any, NamedTuple

from crm_cli.store.core.errors import N_, InvalidInput, Phrase

KINDS = ("csv", "xlsx", "jsonl")


PROBLEM = N_("row {row}, column {column}: bad value {value!r} ({reason})")


class Problem(NamedTuple):
    """One bad value in an import file. ``str()`` is the English line; a face translates
    ``template`` and fills it with ``params``, the ``reason`` (a ``Phrase``) translated too."""

    row: int
    column: str
    value: str
    reason: str

    def __str__(self) -> str:
        return PROBLEM.format(**self.params)

    @property
    def template(self) -> str:
        return PROBLEM

    @property
    def params(self) -> dict[str, Any]:
        return {"row": self.row, "column": self.column, "value": self.value, "reason": self.reason}


def reason_of(exc: Exception) -> Phrase:
    """An error as a problem's reason: in English without the "invalid FIELD 'value': " the
    problem repeats; in a face the whole error, translated."""
    text = str(exc)
    short = text.split(": ", 1)[1] if text.startswith("invalid ") and ": " in text else text
    return Phrase.reading(short, getattr(exc, "template", ""), getattr(exc, "params", {}))


def phrase_of(exc: Exception) -> Phrase:
    """An error as a problem's reason, whole: its English text, and its template."""
    return Phrase.reading(str(exc), getattr(exc, "template", ""), getattr(exc, "params", {}))


class RowErrors(InvalidInput):
    """An import refused as a whole (exit 1): ``count`` bad values, the first of them in
    ``problems``, every rejected row in the ``rejects`` file when one was asked for."""

    def __init__(
        self,
        problems: list[Problem],
        what: str = "imported",
        count: int | None = None,
        rejects: str | None = None,
    ) -> None:
        self.count = len(problems) if count is None else count
        if self.count == 1:
            template = N_("nothing {what}: {count} problem in the file; first: {first}")
        else:
            template = N_("nothing {what}: {count} problems in the file; first: {first}")
        super().__init__(template, what=what, count=self.count, first=problems[0])
        self.problems = problems
        self.rejects = rejects


class Table(NamedTuple):
    """The rows of a file, column by column (a 100,000-line file is read in C loops).

    ``labels`` maps each canonical column to its header as written; ``numbers`` holds each
    row's number as the user sees it; ``columns`` each canonical column's cells, stripped,
    one per row ("" where a row has no value).
    """

    labels: dict[str, str]
    numbers: list[int]
    columns: dict[str, list[str]]
    # Cells the reader could not read (a formula without a saved value …), already named.
    problems: tuple[Problem, ...] = ()

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
    raise InvalidInput("cannot import {name!r}: use a .csv, .xlsx or .jsonl file", name=name)


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


def column_key(header: str) -> str:
    """A header as looked up in an alias table: "Valid Until" → "valid_until"."""
    return re.sub(r"[\s\-/]+", "_", header.strip().lower()).strip("_")


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


def header_map(
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
            raise InvalidInput(
                "cannot import {name!r}: columns {labels!r} and {header!r} are the same field",
                name=name, labels=labels[canonical], header=header.strip(),
            )  # fmt: skip
        else:
            positions[index] = canonical
            labels[canonical] = header.strip()
    if unknown:
        known = ", ".join(sorted(set(aliases)))
        raise InvalidInput(
            "cannot import {name!r}: unknown column {columns}; known columns: {known}",
            name=name,
            columns=", ".join(map(repr, unknown)),
            known=known,
        )
    return positions, labels


def columns_of(
    labels: dict[str, str],
    positions: dict[int, str],
    numbers: list[int],
    rows: list[list[str]],
    problems: tuple[Problem, ...] = (),
) -> Table:
    """Rows of cells as a table of columns (stripped), blank rows left out."""
    if not positions or not rows:
        return Table(labels, [], {key: [] for key in labels}, problems)
    need = max(positions) + 1
    if min(map(len, rows)) < need:  # short rows: the missing cells are empty
        rows = [cells + [""] * (need - len(cells)) for cells in rows]
    # Transposed in C: one tuple per column (as many as the shortest row has, at least ``need``).
    cells = list(zip(*rows, strict=False))
    columns = {key: list(map(str.strip, cells[index])) for index, key in positions.items()}
    return _without_blank(labels, numbers, columns, problems)


def _without_blank(
    labels: dict[str, str],
    numbers: list[int],
    columns: dict[str, list[str]],
    problems: tuple[Problem, ...],
) -> Table:
    """Drop rows with no value in any known column (blank lines at the end of an export);
    a row with a cell the reader could not read is not blank."""
    if not columns:
        return Table(labels, [], {}, problems)
    joined = list(map("".join, zip(*columns.values(), strict=True)))
    if all(joined):
        return Table(labels, numbers, columns, problems)
    unread = {problem.row for problem in problems}
    keep = [i for i, text in enumerate(joined) if text or numbers[i] in unread]
    numbers = [numbers[index] for index in keep]
    columns = {key: [values[index] for index in keep] for key, values in columns.items()}
    return Table(labels, numbers, columns, problems)


def with_unread(table: Table, problems: list[Problem]) -> list[Problem]:
    """The reader's problems of ``table`` and an importer's, one per cell: where the reader
    could not read a cell, the importer's complaint about its emptiness says nothing."""
    unread = {(p.row, p.column) for p in table.problems}
    return [*table.problems, *(p for p in problems if (p.row, p.column) not in unread)]


KEEP = 20  # problems an error keeps (and prints); the rest are counted, and in --rejects


class Report:
    """The problems of an import, in bounded memory whatever their number: the first
    ``KEEP`` kept, every one counted, and each rejected row written to ``rejects`` (CSV with
    a BOM, for Excel: the row number, the row's cells, and its reasons, each as ``say``
    has it: a face's language) as it is found.
    """

    def __init__(self, rejects: str | None = None, say: Callable[[str], str] = str) -> None:
        self.say = say
        self.first: list[Problem] = []
        self.count = 0
        self.path = rejects
        self._file: IO[str] | None = None
        self._writer: Any = None
        self._keys: list[str] = []
        if rejects is not None:  # emptied now: an old list must not stand for this run
            try:
                self._file = open(rejects, "w", encoding="utf-8-sig", newline="")  # noqa: SIM115
            except OSError as exc:
                raise InvalidInput(
                    "cannot write {rejects!r}: {value}", rejects=rejects, value=exc.strerror or exc
                ) from None

    def add(self, table: Table, problems: list[Problem]) -> None:
        """The problems found in one batch (``table``), the reader's own among them."""
        if not problems:
            return
        problems = sorted(problems)
        self.count += len(problems)
        self.first += problems[: KEEP - len(self.first)]
        if self._file is not None:
            self._write(table, problems)

    def _write(self, table: Table, problems: list[Problem]) -> None:
        if self._writer is None:
            assert self._file is not None
            self._writer = csv.writer(self._file, lineterminator="\r\n")
            self._keys = list(table.labels)
            self._writer.writerow(["row", *(table.labels[k] for k in self._keys), "reason"])
        reasons: dict[int, list[str]] = {}
        for problem in problems:
            reasons.setdefault(problem.row, []).append(
                f"{problem.column}: {self.say(problem.reason)}"
            )
        where = {number: index for index, number in enumerate(table.numbers)}
        for number, why in reasons.items():
            index = where.get(number)
            cells = [table.column(k)[index] if index is not None else "" for k in self._keys]
            self._writer.writerow([number, *cells, "; ".join(why)])

    def close(self) -> None:
        if self._file is not None:
            self._file.close()

    def raise_if_any(self, what: str = "imported") -> None:
        """RowErrors when anything was refused."""
        if self.count:
            raise RowErrors(self.first, what, self.count, self.path)
