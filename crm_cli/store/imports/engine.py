"""`crm import TYPE FILE`: one engine for every record type (``specs.Spec``).

The file is read in batches (``core.readers``, or ``vcard`` for contacts); each batch is
checked by the record type, its rows' possible duplicates found in the database and in the
file, the duplicate policy applied (``decide``), and its rows written at once, inside one
transaction: a problem anywhere rolls all of it back (every problem is still found, and
every rejected row listed in ``--rejects``). Rows already written are what later batches
find as earlier rows of the file, so memory holds a batch, never the file.

A dry run does all of it, then rolls back: what it prints is exactly what the import would
do. A committed import is a batch (``models.ImportBatch``) that ``undo`` can take back.
"""

from __future__ import annotations

import datetime as dt
import io
import os
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from typing import IO, Any, NamedTuple

from crm_cli.store.core import models as m
from crm_cli.store.core import readers
from crm_cli.store.core.dates import now_or
from crm_cli.store.core.db import bulk_writing
from crm_cli.store.core.errors import InvalidInput
from crm_cli.store.core.maintenance import after_bulk_write
from crm_cli.store.core.records import User
from crm_cli.store.core.tabular import KINDS, Report, RowErrors, Table, bulk_work, kind_of
from crm_cli.store.imports import models as im
from crm_cli.store.imports.aliases import IGNORED, Headers
from crm_cli.store.imports.bulk import Columns
from crm_cli.store.imports.policy import decide
from crm_cli.store.imports.records import ImportedRow, ImportSummary
from crm_cli.store.imports.specs import POLICIES, Problems, Run, Spec, spec_for

Each = Callable[[ImportedRow], None]
Progress = Callable[[int], None]


class Options(NamedTuple):
    """How to read the file and what to do with duplicates (the command's options)."""

    on_duplicate: str = "fail"
    mapped: Mapping[str, str] = {}  # header as written → field ("" or "-": left out)
    ignore_unknown: bool = False
    encoding: str | None = None
    sheet: str | None = None


class Refused(RowErrors):
    """An import refused as a whole: exit 3 when every problem is a duplicate or a lock,
    else 1 (``RowErrors``)."""

    def __init__(self, report: Report, conflicts: int) -> None:
        super().__init__(report.first, "imported", report.count, report.path)
        if conflicts == report.count:
            self.exit_code = 3


class _DryRun(Exception):
    def __init__(self, summary: ImportSummary) -> None:
        self.summary = summary


def import_file(
    actor: User,
    record_type: str,
    path: str,
    *,
    data: IO[bytes] | None = None,
    options: Options = Options(),
    dry_run: bool = False,
    now: dt.datetime | None = None,
    rejects: str | None = None,
    each: Each | None = None,
    progress: Progress | None = None,
    restart: Callable[[], None] | None = None,
    say: Callable[[str], str] = str,
) -> ImportSummary:
    """Import every row of ``path`` (``data``: standard input's bytes for ``-``), or none.

    Args:
        record_type: a key of ``specs.SPECS`` (customers, contacts).
        dry_run: do everything, report it, and write nothing.
        rejects: a CSV file to list every rejected row in, with its reasons.
        say: how a reason reads in ``rejects`` (a face's language; English by default).
        each: takes every row's result as it is made (the rows never sit in memory).
        progress: called with the number of rows done after each batch.
        restart: called as each attempt begins: a transaction retried after a lock (the
            store retries transient ones) makes every row's result again, so what ``each``
            kept of an attempt that failed is to be dropped.

    Raises:
        InvalidInput: an unreadable file, unknown columns, a bad option.
        Refused: bad rows (exit 1), or only duplicates and locks (exit 3); nothing written.
    """
    spec = spec_for(record_type)
    if options.on_duplicate not in POLICIES:
        raise InvalidInput(
            "invalid --on-duplicate {on_duplicate!r}; use one of: {policies}",
            on_duplicate=options.on_duplicate,
            policies=", ".join(POLICIES),
        )
    _check_map(spec, options.mapped)
    try:
        return _import(actor, spec, path, data, options, dry_run, now_or(now),
                       lambda: Report(rejects, say), each, progress, restart)  # fmt: skip
    except _DryRun as done:
        return done.summary


def _check_map(spec: Spec, mapped: Mapping[str, str]) -> None:
    known = set(spec.aliases().values()) - {IGNORED}
    for header, field in mapped.items():
        if field not in ("", IGNORED) and field not in known:
            raise InvalidInput(
                "invalid --map {header}={field}: no {noun} field {field!r}; fields: {fields}",
                header=header,
                field=field,
                noun=spec.noun,
                fields=", ".join(sorted(known)),
            )


@bulk_writing  # every owner, status and customer a row names is looked up before it is written
def _import(
    actor: User,
    spec: Spec,
    path: str,
    data: IO[bytes] | None,
    options: Options,
    dry_run: bool,
    now: dt.datetime,
    new_report: Callable[[], Report],  # made anew by each attempt (a retry after a lock)
    each: Each | None,
    progress: Progress | None,
    restart: Callable[[], None] | None,
) -> ImportSummary:
    if restart is not None:
        restart()
    batch = im.ImportBatch.create(
        user=actor.id, at=now, record_type=spec.name, file_name=path[-300:],
        on_duplicate=options.on_duplicate,
    )  # fmt: skip
    run = Run(actor, now, batch.id, options.on_duplicate, spec.name)
    state = spec.start(run)
    counts: Counter[str] = Counter()
    report = new_report()
    try:
        with bulk_work():
            for table, more in _lookahead(_tables(spec, path, data, options)):
                run.more = more
                _batch(spec, state, run, table, report, counts, each)
                if progress is not None:
                    progress(counts["create"] + counts["update"] + counts["skip"] + report.count)
    finally:
        report.close()
    if report.count:
        raise Refused(report, counts["conflicts"])
    summary = _finish(spec, batch, counts, path, dry_run)
    if dry_run:
        raise _DryRun(summary)
    return summary


def _finish(
    spec: Spec, batch: im.ImportBatch, counts: Counter[str], path: str, dry_run: bool
) -> ImportSummary:
    written = counts["create"] + counts["update"]
    batch.total = written + counts["skip"]
    batch.created, batch.updated, batch.skipped = counts["create"], counts["update"], counts["skip"]
    batch.log_mark = m.OpLog.select(m.OpLog.id).order_by(m.OpLog.id.desc()).limit(1).scalar() or 0
    batch.save()
    after_bulk_write((*spec.tables, "op_log", "import_item"), written)
    return ImportSummary(
        None if dry_run else batch.id, batch.record_type, path, batch.total,
        batch.created, batch.updated, batch.skipped, dry_run,
    )  # fmt: skip


def _tables(spec: Spec, path: str, data: IO[bytes] | None, options: Options) -> Iterator[Table]:
    kind = _kind(path, data)
    data = None if data is None else _own_handle(data)
    if kind == "vcf":
        if not getattr(spec, "vcard", False):
            raise InvalidInput("a vCard file holds contacts: crm import contacts {path}", path=path)
        from crm_cli.store.imports import vcard

        yield from vcard.tables(path, data, options.encoding)
        return
    headers = Headers(spec.aliases(), options.mapped, ignore_unknown=options.ignore_unknown)
    first = True
    for table in readers.batches(
        path, {}, data=data, encoding=options.encoding, sheet=options.sheet,
        headers=headers, kind=kind,
    ):  # fmt: skip
        if first:
            _require(spec, table, path)
            first = False
        yield table


def _own_handle(data: IO[bytes]) -> IO[bytes]:
    """A handle of this attempt's own on standard input's spooled bytes: the readers close
    the file they read, and a retried transaction reads it again."""
    try:
        return os.fdopen(os.dup(data.fileno()), "rb")
    except (AttributeError, OSError, io.UnsupportedOperation):  # bytes in memory already
        data.seek(0)
        return io.BytesIO(data.read())


def _lookahead(tables: Iterator[Table]) -> Iterator[tuple[Table, bool]]:
    """Each batch, and whether another follows (read one batch ahead)."""
    current = next(tables, None)
    while current is not None:
        following = next(tables, None)
        yield current, following is not None
        current = following


def _kind(path: str, data: IO[bytes] | None) -> str:
    """csv, xlsx, jsonl or vcf: from the name, or for ``-`` from the first bytes."""
    if path == "-" and data is not None:
        head = data.read(64).lstrip(b"\xef\xbb\xbf \t\r\n")
        data.seek(0)
        if head[:11].upper() == b"BEGIN:VCARD":
            return "vcf"
        return "xlsx" if head.startswith(b"PK\x03\x04") else "jsonl" if head[:1] == b"{" else "csv"
    if path.lower().endswith((".vcf", ".vcard")):
        return "vcf"
    try:
        return kind_of(path)
    except InvalidInput:
        raise InvalidInput(
            "cannot import {path!r}: use a {value} or .vcf file",
            path=path,
            value=", .".join(("", *KINDS)).lstrip(", "),
        ) from None


def _require(spec: Spec, table: Table, path: str) -> None:
    missing = [field for field in spec.required if field not in table.labels]
    if missing:
        raise InvalidInput(
            "cannot import {path!r}: the file has no {missing!r} column "
            '(a {noun} needs it; --map "COLUMN={missing}" names it)',
            path=path,
            missing=missing[0],
            noun=spec.noun,
        )


def _batch(
    spec: Spec,
    state: Any,
    run: Run,
    table: Table,
    report: Report,
    counts: Counter[str],
    each: Each | None,
) -> None:
    problems = Problems(table)
    problems.found.extend(table.problems)
    problems.lines.update(p.row for p in table.problems)
    drafts = [d for d in spec.parse(table, state, problems) if d.line not in problems.lines]
    spec.match(drafts, state, problems)
    for draft in drafts:
        if draft.line not in problems.lines:
            decide(draft, run.policy, problems, spec.noun)
    drafts = [d for d in drafts if d.line not in problems.lines]
    spec.write(drafts, state)
    _save_items(run)
    report.add(table, problems.found)
    counts["conflicts"] += problems.conflicts
    for draft in drafts:
        counts[draft.action] += 1
        if each is not None:
            name = draft.extra.get("name") or draft.values.get("name") or ""
            customer = draft.extra.get("customer")
            each(ImportedRow(draft.line, draft.action, draft.code, name, customer, draft.note))


def _save_items(run: Run) -> None:
    if not run.items:
        return
    columns = Columns(im.ImportItem)
    rows = [
        columns.row({"batch": run.batch_id, "entity": entity, "entity_id": entity_id,
                     "line": line, "action": action, "previous": previous})
        for entity, entity_id, line, action, previous in run.items
    ]  # fmt: skip
    columns.insert(rows)
    run.items.clear()
