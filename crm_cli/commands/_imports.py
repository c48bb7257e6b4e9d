"""What every import command shares: the bounded report of a refused file, --rejects,
and results printed in bounded memory once the import is committed."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Annotated, Any

import typer

from crm_cli.commands._common import Session, note
from crm_cli.commands._stream import Spool, emit_spool

RejectsOpt = Annotated[
    str | None,
    typer.Option("--rejects", help="Write every rejected row, with its reasons, to this CSV."),
]


@contextmanager
def report_row_errors(what: str = "imported") -> Iterator[None]:
    """An import refused as a whole: `Error: …`, then the first bad values, exit 1."""
    from crm_cli.store.core.tabular import RowErrors

    try:
        yield
    except RowErrors as exc:
        count = exc.count
        note(f"Error: nothing {what}: {count} problem{'s' if count != 1 else ''} in the file")
        for problem in exc.problems:
            note(str(problem))
        if count > len(exc.problems):
            where = exc.rejects or "the file --rejects FILE writes"
            note(f"… and {count - len(exc.problems)} more; every rejected row is in {where}")
        raise typer.Exit(1) from None


def run_import(
    s: Session,
    work: Callable[[Callable[[Any], None]], None],
    *,
    fmt: str | None,
    fields: str | None,
    columns: tuple[str, ...],
) -> int:
    """Run ``work(each)`` (``each`` takes every result record), then print the results;
    return how many there were. The results wait on disk until the import is done."""
    spool = Spool()
    try:
        with report_row_errors():
            work(lambda record: spool.add(record.to_dict()))
        chosen = s.format(fmt)
        if not spool.count and chosen in ("table", "plain"):
            note("The file has no rows.")
        emit_spool(spool, fmt=chosen, fields=fields, columns=columns)
        return spool.count
    finally:
        spool.close()
