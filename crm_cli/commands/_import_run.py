"""Running `crm import TYPE FILE` (and `crm customer import`, `crm contact import`): the
options they share, standard input spooled to disk, the rows printed once the import is
committed, a refused file's problems, and a progress line on a terminal."""

from __future__ import annotations

import sys
import tempfile
import time
from typing import IO, Annotated, Any

import typer

from crm_cli.commands._common import Session, note, pairs
from crm_cli.i18n import render

Opt = typer.Option
FileArg = Annotated[
    str, typer.Argument(help=".csv, .xlsx, .jsonl (contacts also .vcf); - reads standard input.")
]
DryRunOpt = Annotated[bool, Opt("--dry-run", help="Show what would happen; write nothing.")]
DuplicateOpt = Annotated[
    str,
    Opt("--on-duplicate", help="fail (exit 3), skip, update (only the file's columns) or create."),
]
RejectsOpt = Annotated[
    str | None, Opt("--rejects", help="Write every rejected row, with its reasons, to this CSV.")
]
MapOpt = Annotated[
    list[str] | None,
    Opt("--map", help='"COLUMN=FIELD" for a header crm does not know ("COLUMN=-": leave it out).'),
]
EncodingOpt = Annotated[
    str | None, Opt("--encoding", help="utf-8, gbk, utf-16 … (default: detected).")
]
SheetOpt = Annotated[
    str | None, Opt("--sheet", help="The XLSX sheet (default: the first visible).")
]
IgnoreOpt = Annotated[bool, Opt("--ignore-unknown", help="Leave out columns crm does not know.")]
COLUMNS = {
    "customers": ("row", "action", "code", "name", "note"),
    "contacts": ("row", "action", "code", "name", "customer", "note"),
    "products": ("row", "action", "code", "name", "note"),
    "quotes": ("row", "action", "code", "name", "customer", "note"),
    "opportunities": ("row", "action", "code", "name", "customer", "note"),
    "orders": ("row", "action", "code", "name", "customer", "note"),
    "receipts": ("row", "action", "code", "name", "customer", "note"),
}
SHOWN = 20  # problems printed; --rejects lists them all


def run(
    s: Session,
    record_type: str,
    file: str,
    options: dict[str, Any],
    fmt: str | None,
    fields: str | None,
) -> None:
    """Import ``file``; print its rows (stdout) and what was done (stderr)."""
    from crm_cli.commands._stream import Spool, emit_spool
    from crm_cli.store.imports import engine

    actor = s.actor()
    chosen = s.format(fmt)
    settings = engine_options(engine.Options, options)
    data = spooled_stdin() if file == "-" else None
    spool = Spool()
    progress = Progress(f"Importing {record_type}") if sys.stderr.isatty() else None
    try:
        summary = engine.import_file(
            actor, record_type, file, data=data, options=settings, dry_run=options["dry_run"],
            rejects=options["rejects"], each=lambda row: spool.add(row.to_dict()),
            progress=progress, restart=spool.clear, say=said,
        )  # fmt: skip
        if progress is not None:
            progress.stop()
        emit_spool(spool, fmt=chosen, fields=fields, columns=COLUMNS[record_type])
    except engine.Refused as exc:
        refused(exc)
    finally:
        if progress is not None:
            progress.stop()
        spool.close()
        if data is not None:
            data.close()
    note(done_line(summary))


def engine_options(make: Any, options: dict[str, Any]) -> Any:
    """The engine's ``Options`` from the command's."""
    return make(
        on_duplicate=options["on_duplicate"].strip().lower(),
        mapped=pairs(options["mapping"] or [], "--map"),
        ignore_unknown=options["ignore_unknown"],
        encoding=options["encoding"],
        sheet=options["sheet"],
    )


def done_line(summary: Any) -> str:
    counts = f"{summary.created} created, {summary.updated} updated, {summary.skipped} skipped"
    one = {"opportunities": "opportunity"}.get(summary.record_type, summary.record_type[:-1])
    what = one if summary.total == 1 else summary.record_type
    if summary.dry_run:
        return f"Dry run of {summary.total} {what}: would be {counts}; nothing written."
    return (f"Imported {summary.total} {what} as batch {summary.batch}: {counts}"
            f" (undo: crm import undo {summary.batch}).")  # fmt: skip


def spooled_stdin() -> IO[bytes]:
    """Standard input in a temporary file: read twice (the encoding, then the rows), and
    never held in memory."""
    spooled = tempfile.TemporaryFile()  # noqa: SIM115  (closed by run())
    while chunk := sys.stdin.buffer.read(1 << 20):
        spooled.write(chunk)
    spooled.seek(0)
    return spooled


def said(part: Any) -> str:
    """A problem, or its reason, in the interface language: the store's are English, with
    templates of their own (``Problem``, ``Phrase``)."""
    return render("{part}", {"part": part})


def refused(exc: Any) -> None:
    """Nothing imported: one line for one problem; else a count, the first problems and
    where the rest are."""
    if exc.count == 1:
        note("Error: nothing imported: {value}", value=exc.problems[0])
        raise typer.Exit(exc.exit_code)
    note("Error: nothing imported: {count} problems in the file", count=exc.count)
    for problem in exc.problems[:SHOWN]:
        typer.echo(said(problem), err=True)
    shown = min(len(exc.problems), SHOWN)
    if exc.count > shown:
        where = exc.rejects or "the file --rejects FILE writes"
        note(
            "… and {value} more; every rejected row is in {where}",
            value=exc.count - shown,
            where=where,
        )
    raise typer.Exit(exc.exit_code)


class Progress:
    """A line that counts rows on the terminal (stderr) once the work has taken a second;
    rich is imported only then."""

    def __init__(self, what: str, *, console: Any = None, clock: Any = time.monotonic) -> None:
        self.what, self.console, self.clock = what, console, clock
        self.started = clock()
        self.bar: Any = None
        self.task: Any = None

    def __call__(self, rows: int) -> None:
        if self.bar is None:
            if self.clock() - self.started < 1:
                return
            from rich.console import Console
            from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

            self.bar = Progress(
                TextColumn("{task.description}"), BarColumn(),
                TextColumn("{task.completed:,} rows"), TimeElapsedColumn(),
                console=self.console or Console(stderr=True), transient=True,
            )  # fmt: skip
            self.bar.start()
            self.task = self.bar.add_task(self.what, total=None)
        self.bar.update(self.task, completed=rows)

    def stop(self) -> None:
        if self.bar is not None:
            self.bar.stop()
            self.bar = None
