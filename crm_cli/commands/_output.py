"""The one output helper: every command prints its records through ``emit``/``emit_one``.

Formats follow CLI.md: ``table`` (rich, for people), ``plain`` (aligned text for grep/awk),
``csv``, ``tsv``, ``json``, ``jsonl`` and ``markdown``. rich and wcwidth are imported only
inside the branches that need them, so a command piped into a script starts fast.

Column titles for people (table, plain, markdown) follow the interface language (issue 17);
what machines read does not: JSON keys always, CSV/TSV headers unless ``--headers zh``.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any, TextIO

from crm_cli import config, i18n
from crm_cli.commands._columns import said, shown_columns
from crm_cli.commands._csv import csv_text
from crm_cli.commands._layout import one_line, print_rich, write_aligned, write_markdown
from crm_cli.commands._values import YES_NO, dumps_json, text_of
from crm_cli.i18n import N_
from crm_cli.store.core.errors import InvalidInput

FORMATS = ("table", "plain", "csv", "tsv", "json", "jsonl", "markdown")
HEADERS = ("en", "zh")
# `--headers` of this run (set by its option's callback): CSV/TSV column names.
csv_headers = "en"

Row = Mapping[str, Any]
__all__ = ["FORMATS", "dumps_json", "emit", "emit_one", "resolve_format"]
# Wide enough that quantizing any realistic amount never hits the default 28-digit limit.


def resolve_format(requested: str | None, default_format: str | None = None) -> str:
    """The format to print in: ``--format``, else ``CRM_FORMAT``, else the command's default.

    Without any of these it is ``table`` on a terminal and ``plain`` otherwise.

    Raises:
        InvalidInput: The chosen name is not one of ``FORMATS``.
    """
    if requested:
        return _check_format(requested, "")
    if env := os.environ.get("CRM_FORMAT", "").strip():
        return _check_format(env, "CRM_FORMAT")
    if default_format:
        return _check_format(default_format, "")
    isatty = getattr(sys.stdout, "isatty", None)
    return "table" if isatty is not None and isatty() else "plain"


def emit(
    rows: Sequence[Row],
    *,
    fmt: str,
    fields: str | Sequence[str] | None = None,
    columns: Sequence[str] | None = None,
    out: TextIO | None = None,
    title: str | None = None,
    labels: Mapping[str, str] | None = None,
) -> None:
    """Print a list of records.

    Args:
        rows: The records; values may be text, numbers, Decimal money, dates, lists, dicts.
        fmt: One of ``FORMATS``.
        fields: ``--fields`` as given ("a,b" or a list): picks and orders columns everywhere.
        columns: Default columns of the text formats; json/jsonl print every key.
        out: Where to write; standard output by default.
        title: A caption for ``table``.
        labels: Chinese column titles by name, where the catalog's do not fit (a report's).

    Raises:
        InvalidInput: Unknown format or field.
    """
    fmt = _check_format(fmt, "")
    stream = out if out is not None else sys.stdout
    picked = pick_fields(fields, available(rows, columns))
    if fmt == "json":
        stream.write(dumps_json([project(row, picked) for row in rows]) + "\n")
        return
    if fmt == "jsonl":
        stream.writelines(dumps_json(project(row, picked), indent=None) + "\n" for row in rows)
        return
    names = picked or list(columns or available(rows, None))
    write_text(fmt, rows, names, stream, title, labels=labels)


def emit_one(
    record: Row,
    *,
    fmt: str,
    fields: str | Sequence[str] | None = None,
    columns: Sequence[str] | None = None,
    out: TextIO | None = None,
    title: str | None = None,
) -> None:
    """Print one record: an object in json, a key/value view in table and plain.

    csv, tsv, jsonl and markdown print it as a one-row list. Arguments are as in ``emit``.
    """
    fmt = _check_format(fmt, "")
    if fmt not in ("json", "table", "plain"):
        emit([record], fmt=fmt, fields=fields, columns=columns, out=out, title=title)
        return
    stream = out if out is not None else sys.stdout
    picked = pick_fields(fields, available([record], columns))
    if fmt == "json":
        stream.write(dumps_json(project(record, picked)) + "\n")
        return
    names = picked or list(columns or record)
    pairs = [[name, text_of(record.get(name), YES_NO)] for name in names]
    if i18n.chinese():  # for people: titles and fixed values in Chinese
        from crm_cli.commands import _words

        yes_no = _words.yes_no()
        pairs = [
            [label, _words.translate_value(name, said(record.get(name), yes_no, i18n.phrase))]
            for label, name in zip(titles(names, fmt), names, strict=True)
        ]
    if fmt == "table":
        print_rich(None, pairs, [False, False], stream, title)
    else:  # no header row, so `crm customer show X -f plain | grep phone` finds one line
        write_aligned(pairs, [False, False], stream)


def _check_format(name: str, source: str) -> str:
    """``name`` normalised, or InvalidInput listing the valid formats; ``source``: the
    variable it came from, if any."""
    fmt = name.strip().lower()
    if fmt not in FORMATS:
        choices = ", ".join(FORMATS)
        if source:
            raise InvalidInput(
                "unknown format {name!r} (from {source}); choose one of: {choices}",
                name=name, source=source, choices=choices,
            )  # fmt: skip
        raise InvalidInput(
            "unknown format {name!r}; choose one of: {choices}", name=name, choices=choices
        )
    return fmt


def titles(names: Sequence[str], fmt: str, labels: Mapping[str, str] | None = None) -> list[str]:
    """The header row ``fmt`` shows for ``names``: stable keys for machines, unless
    ``--headers zh`` asked for Chinese CSV; column titles in the interface language for
    people (``labels``, Chinese titles by name, before the catalog's)."""
    mine = labels or {}
    if fmt in ("csv", "tsv"):
        if csv_headers != "zh":
            return list(names)
        return [mine.get(n) or i18n.column_zh(n) for n in names]
    return [mine.get(n) or i18n.column(n) for n in names] if i18n.chinese() else list(names)


# An installment's "open" is its unpaid amount, titled as a balance is (余额); "open" alone
# titles a count of open opportunities (进行中).
PLAN_TITLED = {"open": "balance"}


def titled_as(names: Mapping[str, str]) -> dict[str, str]:
    """Labels for ``titles``: each key titled as the column it names is, where a Chinese
    title is shown (the catalog is not read otherwise)."""
    if not (i18n.chinese() or csv_headers == "zh"):
        return {}
    return {key: i18n.column_zh(other) for key, other in names.items()}


def set_headers(value: str | None) -> str | None:
    """``--headers en|zh``: the language of CSV and TSV header rows in this run."""
    global csv_headers
    choice = (value or "en").strip().lower()
    if choice not in HEADERS:
        raise InvalidInput(
            "unknown headers {value!r}; choose one of: {choices}",
            value=value,
            choices=", ".join(HEADERS),
        )
    csv_headers = choice
    return value


def available(rows: Sequence[Row], columns: Sequence[str] | None) -> list[str]:
    """Every column a record offers, in first-seen order (default columns first)."""
    seen = dict.fromkeys(columns or ())
    for row in rows:
        seen.update(dict.fromkeys(row))
    return list(seen)


def pick_fields(fields: str | Sequence[str] | None, available: list[str]) -> list[str] | None:
    """The ``--fields`` names checked against ``available``; None when not given."""
    if fields is None:
        return None
    wanted = fields.split(",") if isinstance(fields, str) else list(fields)
    names = [name.strip() for name in wanted if name.strip()]
    if not names:
        raise InvalidInput("no field names given; available: {names}", names=", ".join(available))
    if not available:  # no rows and no declared columns: nothing to check against
        return list(dict.fromkeys(names))
    # `--fields due-date` and `Due_Date` are friendly spellings of due_date.
    by_spelling = {name.lower().replace("-", "_"): name for name in available}
    picked = [by_spelling.get(n.lower().replace("-", "_"), n) for n in names]
    unknown = [name for name in picked if name not in available]
    if unknown:
        template = (
            N_("unknown field {fields}; available: {names}")
            if len(unknown) == 1
            else N_("unknown fields {fields}; available: {names}")
        )
        quoted = ", ".join(repr(name) for name in unknown)
        raise InvalidInput(template, fields=quoted, names=", ".join(available))
    return list(dict.fromkeys(picked))


def project(row: Row, names: list[str] | None) -> Row:
    """The record itself, or only ``names`` in that order (missing keys as None)."""
    return row if names is None else {name: row.get(name) for name in names}


def numeric_columns(rows: Sequence[Row], names: list[str]) -> list[bool]:
    """Per column: are all its values numbers (so they are right-aligned)?"""
    columns = [[row.get(n) for row in rows if row.get(n) is not None] for n in names]
    return [bool(values) and all(map(is_number, values)) for values in columns]


def is_number(value: Any) -> bool:
    """True for int, float and Decimal, but not for bool (an int subclass)."""
    return isinstance(value, int | float | Decimal) and not isinstance(value, bool)


def write_text(
    fmt: str,
    rows: Sequence[Row],
    names: list[str],
    out: TextIO,
    title: str | None,
    *,
    header: bool = True,
    labels: Mapping[str, str] | None = None,
) -> None:
    """Print a text format; an empty list gives a bare header in csv, tsv and markdown.

    ``header=False`` (csv, tsv): the rows of a list printed in chunks, after the first.
    """
    if not names or (not rows and fmt in ("table", "plain")):
        return
    columns = shown_columns(rows, names, fmt)
    cells = list(zip(*columns, strict=True))
    # Alignment is for people: csv and tsv (a streamed list's every chunk) skip the test.
    machine = fmt in ("csv", "tsv")
    numeric = [] if machine else numeric_columns(rows, names)
    names = titles(names, fmt, labels)
    if not header and fmt in ("csv", "tsv"):
        names, cells = [], cells
    if fmt == "table":
        print_rich(names, cells, numeric, out, title)
    elif fmt == "plain":
        write_aligned([names, *cells], numeric, out)
    elif fmt == "markdown":
        write_markdown([names, *cells], numeric, out)
    elif fmt == "csv":
        import csv  # here: most commands print no CSV

        if header and out is sys.stdout and config.excel_csv():
            out.write("\ufeff")  # csv.excel: Excel in Chinese reads a BOM'd file as UTF-8
        text = csv_text(columns, names)
        if text is not None:
            out.write(text)
            return
        writer = csv.writer(out, lineterminator="\n")  # RFC 4180 quoting, Unix line ends
        writer.writerows([names, *cells] if names else cells)
    else:  # tsv has no quoting, so tabs and line breaks inside values become spaces
        lines = [names, *cells] if names else cells
        out.writelines("\t".join(map(one_line, line)) + "\n" for line in lines)
