"""`crm db …`: the database as a whole: info, check, backup, restore, copy to a server."""

import os
from typing import Annotated, Any

import typer

from crm_cli.commands import _output
from crm_cli.commands._common import (
    FieldsOpt,
    FormatOpt,
    check_fields,
    fail,
    note,
    session,
    show_record,
    show_records,
)

app = typer.Typer(help="The database: info, checks, backups, restores, copies to a server.")
CHECK_COLUMNS = ("check", "ok", "problems", "records")
BACKUP_KEYS = ("path", "format", "backend", "schema_version", "size_bytes", "rows")
RESTORE_KEYS = ("source", "format", "tables", "rows", "previous", "failed_checks")
COUNT_COLUMNS = ("table", "source", "target")
File = Annotated[str, typer.Argument(metavar="FILE", help="The backup file.")]


def _asked(fmt: str | None) -> bool:
    """A record goes to stdout only when a format is asked for: cron mails any output."""
    return fmt is not None or bool(os.environ.get("CRM_FORMAT"))


def _size(size: int) -> str:
    if size < 1024:
        return f"{size:,} bytes"
    scaled = float(size)
    for unit in ("KB", "MB", "GB"):
        scaled /= 1024
        if scaled < 1024 or unit == "GB":
            break
    return f"{scaled:,.1f} {unit}"


@app.command("info")
def info(ctx: typer.Context, fmt: FormatOpt = None) -> None:
    """Where the database is, its backend, schema version, size and rows per table (any
    user), and who enforces who sees what ("row_rules": on MariaDB crm alone). JSON: one
    object, its rows per table under "tables"; csv, tsv and markdown print the rows per
    table.

    Example: crm db info -f json
    """
    from crm_cli.store.database.info import database_info
    from crm_cli.store.database.team import row_rules

    s = session(ctx)
    found = database_info(s.actor()).to_dict()
    found["row_rules"] = row_rules()  # who enforces USR-3: crm alone, or the database too
    chosen = s.format(fmt)
    rows = [{"table": name, "rows": count} for name, count in found["tables"].items()]
    if chosen == "json":
        _output.emit_one(found, fmt=chosen)
        return
    if chosen == "jsonl":
        _output.emit([found], fmt=chosen)
        return
    if chosen in ("table", "plain"):
        head: dict[str, Any] = {k: v for k, v in found.items() if k != "tables"}
        head["size"] = _size(found["size_bytes"])
        _output.emit_one(head, fmt=chosen)
    _output.emit(rows, fmt=chosen, columns=("table", "rows"))


@app.command("check")
def check(ctx: typer.Context, fmt: FormatOpt = None, fields: FieldsOpt = None) -> None:
    """Check the database (admins): SQLite's integrity check and references, then the rules
    the store keeps: customer totals, order and installment receipts, plans that sum to
    their order, lines that sum to their total, pool holders who own their customers,
    owner copies, unique codes, the search index. Every check is printed with the first
    records that break it; the exit code is 1 when any fails.

    Example: crm db check
    """
    from crm_cli.store.database.checks import check_database

    s = session(ctx)
    check_fields(fields, (*CHECK_COLUMNS, "about"))
    results = check_database(s.actor())
    show_records(s, [r.to_dict() for r in results], fmt, fields, CHECK_COLUMNS)
    failed = [r.check for r in results if not r.ok]
    if failed:
        fail(
            "{failed} of {checks} checks failed: {names}",
            failed=len(failed), checks=len(results), names=", ".join(failed),
        )  # fmt: skip


@app.command("backup")
def backup(
    ctx: typer.Context,
    file: File,
    dump: Annotated[
        bool, typer.Option("--dump", help="SQLite: write the portable dump, not a database file.")
    ] = False,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="Print nothing when it works.")
    ] = False,
    fmt: FormatOpt = None,
    fields: FieldsOpt = None,
) -> None:
    """Back up the database to FILE (admins), consistent while others write. SQLite: a
    SQLite database file (its online backup); PostgreSQL, MariaDB, or --dump: crm's
    portable dump (gzip JSON Lines), which any backend restores. FILE is replaced only once
    the new backup is whole.

    Example: crm db backup ~/backups/crm-$(date +%F).db --quiet
    """
    from crm_cli.store.database.backup import backup_database

    s = session(ctx)
    check_fields(fields, BACKUP_KEYS)
    result = backup_database(s.actor(), file, dump=dump)
    if not quiet:
        note(
            "Backed up to {path} ({size}, {format})",
            path=result.path, size=_size(result.size_bytes), format=result.format,
        )  # fmt: skip
    if _asked(fmt):
        show_record(s, result.to_dict(), fmt, fields)


@app.command("restore")
def restore(
    ctx: typer.Context,
    file: File,
    force: Annotated[
        bool,
        typer.Option("--force", help="Replace a database that has data (backed up first)."),
    ] = False,
    fmt: FormatOpt = None,
    fields: FieldsOpt = None,
) -> None:
    """Restore a backup (a SQLite file or a dump from `crm db backup`) into the database
    (admins), in one transaction. The database must be empty; with --force one with data
    is first backed up beside FILE (the path is printed), then replaced.

    Example: crm --db postgresql://crm.example.com/crm db restore crm-2026-01-05.db
    """
    from crm_cli.store.database import restore as restoring

    s = session(ctx)
    check_fields(fields, RESTORE_KEYS)
    restoring.inspect_backup(file)  # not a backup: refused before the database is opened
    result = restoring.restore_database(s.actor(), file, force=force)
    if result.previous:
        note("Saved the database as it was to {previous}", previous=result.previous)
    note(
        "Restored {rows:,} rows in {tables} tables from {source}",
        rows=result.rows, tables=result.tables, source=result.source,
    )  # fmt: skip
    if _asked(fmt):
        show_record(s, result.to_dict(), fmt, fields)
    if result.failed_checks:
        failed = ", ".join(result.failed_checks)
        fail("restored, but these checks fail: {failed} (see crm db check)", failed=failed)


@app.command("copy")
def copy(
    ctx: typer.Context,
    to: Annotated[
        str, typer.Option("--to", help="The empty target: postgresql://…, mysql://…, sqlite:///…")
    ],
    fmt: FormatOpt = None,
    fields: FieldsOpt = None,
) -> None:
    """Copy every record, code counter, setting and log to another, empty database (admins),
    then compare the row counts of every table and run every check on both sides. With
    --format: the row counts per table.

    Example: crm db copy --to postgresql://crm@db.example.com/crm
    """
    from crm_cli.store.database.copy import copy_database

    s = session(ctx)
    check_fields(fields, COUNT_COLUMNS)
    result = copy_database(s.actor(), to)
    note(
        "Copied {rows:,} rows in {tables} tables to {target}; the row counts agree",
        rows=result.rows, tables=len(result.tables), target=result.target,
    )  # fmt: skip
    if _asked(fmt):
        show_records(s, [t.to_dict() for t in result.tables], fmt, fields, COUNT_COLUMNS)
    if result.target_failed:
        failed = ", ".join(result.target_failed)
        if result.source_failed:
            fail(
                "copied, but these checks fail on the target (and on the source): {failed}; "
                "see crm db check",
                failed=failed,
            )
        fail(
            "copied, but these checks fail on the target: {failed}; see crm db check", failed=failed
        )


@app.command("migrate")
def migrate(ctx: typer.Context) -> None:
    """Bring the schema up to date (the owner of the tables: in team mode people's logins
    may not change the schema). Any command does it on open; this one does only that.

    Example: crm --db postgresql://crm_owner@db.example.com/crm db migrate
    """
    from crm_cli.store.core.db import info

    session(ctx).open()
    note("The schema is up to date ({count} migrations).", count=info().schema_version)


@app.command("init-team")
def init_team(
    ctx: typer.Context,
    group: Annotated[
        str, typer.Option("--group", help="The group role of every person's login.")
    ] = "crm_app",
    fmt: FormatOpt = None,
    fields: FieldsOpt = None,
) -> None:
    """Team mode on PostgreSQL (run as the owner of the tables; again after upgrades):
    a group role with only DML rights, and row-level security that applies who sees and
    changes what (USR-3) to anyone who bypasses crm. Then each person connects with their
    own login (crm user grant), which decides who they are.

    Example: crm --db postgresql://crm_owner@db.example.com/crm db init-team
    """
    from crm_cli.store.database.team import TeamSetup, init_team

    s = session(ctx)
    check_fields(fields, TeamSetup._fields)
    s.open()
    result = init_team(group)
    note(
        "Team mode on: {tables} tables under row-level security for {group_role}",
        tables=result.tables, group_role=result.group_role,
    )  # fmt: skip
    if _asked(fmt):
        show_record(s, result.to_dict(), fmt, fields)
