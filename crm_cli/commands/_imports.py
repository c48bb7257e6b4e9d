"""`crm product import` and `crm quote import`: the import engine's `crm import products`
and `crm import quotes` (every option, batches, undo), printing what these commands
always printed: a product's values, a quote's number of lines and total.

Those are read back a batch of rows at a time (``Details``): after the import, or in a dry
run during it, batch by batch (the rows exist only inside its transaction, so there a quote
whose rows span the engine's batches shows what its first batch gave it). Rows wait in a
spool on disk, so memory holds a batch whatever the file.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from crm_cli.commands._common import Session, note
from crm_cli.commands._import_run import Progress, engine_options, refused, said, spooled_stdin

ACTIONS = {"create": "add"}  # what `crm product import` always said
# (actor, the engine's rows of a batch, dry run) -> the rows the command prints
Details = Callable[[Any, list[dict[str, Any]], bool], list[dict[str, Any]]]


def with_update(options: dict[str, Any]) -> dict[str, Any]:
    """``--update`` (the older option) is ``--on-duplicate update``."""
    if options.pop("update", False):
        if options["on_duplicate"].strip().lower() not in ("fail", "update"):
            from crm_cli.store.core.errors import InvalidInput

            raise InvalidInput("--update is --on-duplicate update: give one of them")
        options["on_duplicate"] = "update"
    return options


def run_noun_import(
    s: Session,
    record_type: str,
    file: str,
    options: dict[str, Any],
    details: Details,
    *,
    fmt: str | None,
    fields: str | None,
    columns: tuple[str, ...],
) -> Any:
    """Import ``file``; print its rows as ``details`` makes them; the engine's summary."""
    from crm_cli.commands._stream import Spool, emit_spool
    from crm_cli.store.imports import engine

    actor, chosen, dry = s.actor(), s.format(fmt), bool(options["dry_run"])
    data = spooled_stdin() if file == "-" else None
    raw, shown = Spool(), Spool()
    pending: list[dict[str, Any]] = []
    bar = Progress(f"Importing {record_type}") if sys.stderr.isatty() else None

    def each(row: Any) -> None:
        (pending.append if dry else raw.add)(row.to_dict())

    def restart() -> None:  # a retried transaction makes every row again
        raw.clear()
        shown.clear()
        pending.clear()

    def progress(done: int) -> None:
        if pending:  # a dry run: read back now, before it is rolled back
            for row in details(actor, pending, True):
                shown.add(row)
            pending.clear()
        if bar is not None:
            bar(done)

    try:
        summary = engine.import_file(
            actor, record_type, file, data=data, options=engine_options(engine.Options, options),
            dry_run=dry, rejects=options["rejects"], each=each, progress=progress,
            restart=restart, say=said,
        )  # fmt: skip
        if bar is not None:
            bar.stop()
        for chunk in raw.chunks():
            for row in details(actor, chunk, False):
                shown.add(row)
        if not shown.count and chosen in ("table", "plain"):
            note("The file has no rows.")
        emit_spool(shown, fmt=chosen, fields=fields, columns=columns)
        return summary
    except engine.Refused as exc:
        refused(exc)  # exits
    finally:
        if bar is not None:
            bar.stop()
        raw.close()
        shown.close()
        if data is not None:
            data.close()


def done_line(summary: Any, noun: str, extra: str = "") -> str:
    """ "Imported 2 quotes (3 lines). Batch 7 (undo: crm import undo 7)." as these
    commands always said it, with the batch."""
    verb = "Would import" if summary.dry_run else "Imported"
    count = summary.total
    line = f"{verb} {count} {noun}{'s' if count != 1 else ''}{extra}."
    if summary.batch is None:
        return line
    return f"{line} Batch {summary.batch} (undo: crm import undo {summary.batch})."


def product_rows(actor: Any, rows: list[dict[str, Any]], dry_run: bool) -> list[dict[str, Any]]:
    """Each imported row with its product's values, as they are (or would be) stored."""
    from crm_cli.store.sales.products import products_by_code

    found = products_by_code(actor, [row["code"] for row in rows])
    return [
        {"row": row["row"], "action": ACTIONS.get(row["action"], row["action"]),
         **found[row["code"]].to_dict()}
        for row in rows
    ]  # fmt: skip


class QuoteRows:
    """Each imported quote with its number of lines and total (no code yet in a dry run);
    ``lines`` counts the lines of all of them."""

    def __init__(self) -> None:
        self.lines = 0

    @staticmethod
    def fields() -> tuple[str, ...]:
        from crm_cli.store.sales.quote_imported import ImportedQuote

        return ImportedQuote._fields

    def __call__(self, actor: Any, rows: list[dict[str, Any]], dry: bool) -> list[dict[str, Any]]:
        from crm_cli.store.sales.quote_imported import ImportedQuote, imported_quotes

        found = imported_quotes(actor, [row["code"] for row in rows if row["code"]])
        shown = []
        for row in rows:
            quote = found.get(row["code"]) or ImportedQuote(
                row["code"], row["name"], row["customer"] or "", "", 0, Decimal(0), 0
            )
            quote = quote._replace(row=row["row"], code="" if dry else quote.code)
            self.lines += quote.lines
            shown.append({**quote.to_dict(), "action": row["action"]})
        return shown
