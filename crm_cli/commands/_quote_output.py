"""Writing a printed quote (`crm quote print`): the format checked, the text formats
(`_quote_print`) or the workbook (`_quote_xlsx`) to a file or to stdout."""

from __future__ import annotations

import sys
from pathlib import Path

from crm_cli.commands._documents import DOCUMENT_FORMATS
from crm_cli.store.core.errors import InvalidInput
from crm_cli.store.sales import quote_records

PRINT_FORMATS = (*DOCUMENT_FORMATS, "xlsx")


def check_format(fmt: str, output: Path | None) -> str:
    """The chosen format; a workbook is refused on a terminal (raw bytes are no use there)."""
    chosen = fmt.strip().lower()
    if chosen not in PRINT_FORMATS:
        raise InvalidInput(
            "unknown format {fmt!r}; choose one of: {names}",
            fmt=fmt,
            names=", ".join(PRINT_FORMATS),
        )
    if chosen == "xlsx" and output is None and sys.stdout.isatty():
        raise InvalidInput("an xlsx workbook is not for the terminal: give --output FILE")
    return chosen


def write_quote(
    data: quote_records.QuotePrint, sender: list[tuple[str, str]], fmt: str, out: Path | None
) -> bool:
    """Print the quote in ``fmt`` to ``out`` (else stdout); True when a file was written."""
    if fmt == "xlsx":
        from crm_cli.commands._quote_xlsx import quote_workbook

        content = quote_workbook(data, sender)
    else:
        from crm_cli.commands._documents import render
        from crm_cli.commands._quote_print import quote_document

        text = render(quote_document(data, sender), fmt)
        if out is None:
            sys.stdout.write(text)
            return False
        content = text.encode("utf-8")
    if out is None:  # a workbook into a pipe
        sys.stdout.flush()
        sys.stdout.buffer.write(content)
        sys.stdout.buffer.flush()
        return False
    try:
        out.write_bytes(content)
    except OSError as exc:
        raise InvalidInput(
            "cannot write {value!r}: {value2}", value=str(out), value2=exc.strerror or exc
        ) from None
    return True
