"""`crm quote import`: quotes with their lines from CSV, XLSX or JSON Lines, all or nothing.

One row per line item; rows sharing a quote reference (``Quote.ref``) form one quote,
wherever they are in the file. Built for files of a million lines in bounded memory:

1. the file is read in batches; each batch's cells are parsed and its rows grouped by
   reference, then the batch is set aside on disk (only the quotes stay in memory);
2. the quotes are resolved: customers, contacts, dates, references already imported,
   one query per batch of distinct values;
3. the batches are read back, priced (products and price-book prices looked up per
   batch), their problems reported (``tabular.Report``: the first few kept, every rejected
   row in ``--rejects``) and, while there is none, their lines written under the quotes.

Everything happens in one transaction: a problem anywhere writes nothing.
"""

from __future__ import annotations

import bisect
import datetime as dt
import marshal
import tempfile
from collections.abc import Callable, Iterable, Iterator
from decimal import Decimal
from typing import IO, Any, NamedTuple

from crm_cli.store.core import readers, tabular
from crm_cli.store.core.codes import next_codes
from crm_cli.store.core.dates import now_or
from crm_cli.store.core.db import bulk_writing, reading
from crm_cli.store.core.errors import InvalidInput
from crm_cli.store.core.maintenance import after_bulk_write
from crm_cli.store.core.records import User
from crm_cli.store.core.tabular import Problem, Report, Table
from crm_cli.store.sales import lines, quote_checks, quote_lookups, quote_writes
from crm_cli.store.sales.quote_checks import REQUIRED, Checker, Group, Item

ALIASES = {
    "quote": "ref",
    "ref": "ref",
    "reference": "ref",
    "quote_ref": "ref",
    "quote_no": "ref",
    "报价单号": "ref",
    "报价单": "ref",
    "报价编号": "ref",
    "单号": "ref",
    "customer": "customer",
    "customer_code": "customer",
    "customer_name": "customer",
    "客户": "customer",
    "客户编码": "customer",
    "客户名称": "customer",
    "product": "product",
    "product_code": "product",
    "产品": "product",
    "产品编码": "product",
    "quantity": "quantity",
    "qty": "quantity",
    "数量": "quantity",
    "price": "price",
    "unit_price": "price",
    "单价": "price",
    "discount": "discount",
    "折扣": "discount",
    "subject": "subject",
    "主题": "subject",
    "valid_until": "valid_until",
    "有效期": "valid_until",
    "有效期至": "valid_until",
    "contact": "contact",
    "联系人": "contact",
    "notes": "notes",
    "note": "notes",
    "备注": "notes",
}


class ImportedQuote(NamedTuple):
    """A quote the file made (or, in a dry run, would make: no code yet)."""

    code: str
    ref: str
    customer: str
    customer_name: str
    lines: int
    total: Decimal
    row: int

    def to_dict(self) -> dict[str, Any]:
        return self._asdict()


Each = Callable[[ImportedQuote], None]


def read_quotes(path: str, data: bytes | None = None) -> Iterator[Table]:
    """The rows of a quote file in batches; ``data`` is standard input's bytes for ``-``."""
    return readers.batches(path, ALIASES, data=data)


Batch = tuple[Table, list[Item], list[Problem]]
KEPT = 4  # batches kept in memory (20,000 rows); the rest wait on disk


class _Batches:
    """The batches of a file, each its table, items and problems: the first ``KEPT`` in
    memory (most files), the rest set aside in a temporary file."""

    def __init__(self) -> None:
        self._file: IO[bytes] | None = None
        self._kept: list[Batch] = []
        self.firsts: list[int] = []  # each batch's first row, to find a row's batch
        self.labels: dict[str, str] = {}
        self.problems = 0

    def add(self, table: Table, items: list[Item], problems: list[Problem]) -> None:
        self.firsts.append(table.numbers[0])
        self.labels = self.labels or table.labels
        self.problems += len(problems)
        if len(self._kept) < KEPT:
            self._kept.append((table, items, problems))
            return
        if self._file is None:
            self._file = tempfile.TemporaryFile()  # noqa: SIM115  (closed by close())
        # marshal: plain lists, dicts and tuples, several times faster than pickle.
        flat = (table.labels, table.numbers, table.columns, [tuple(p) for p in table.problems])
        data = marshal.dumps((flat, items, [tuple(p) for p in problems]))
        self._file.write(len(data).to_bytes(8, "little") + data)  # marshal.load reads slowly

    def batch_of(self, row: int) -> int:
        return max(bisect.bisect_right(self.firsts, row) - 1, 0)

    def __iter__(self) -> Iterator[Batch]:
        yield from self._kept
        if self._file is not None:
            self._file.seek(0)
            for _ in range(len(self.firsts) - len(self._kept)):
                size = int.from_bytes(self._file.read(8), "little")
                flat, items, problems = marshal.loads(self._file.read(size))
                labels, numbers, columns, unread = flat
                table = Table(labels, numbers, columns, tuple(Problem(*p) for p in unread))
                yield table, items, [Problem(*p) for p in problems]

    def close(self) -> None:
        self._kept = []
        if self._file is not None:
            self._file.close()


def _read(source: Table | Iterable[Table]) -> tuple[dict[str, Group], _Batches]:
    groups: dict[str, Group] = {}
    batches = _Batches()
    for table in [source] if isinstance(source, Table) else source:
        missing = [c for c in REQUIRED if c not in table.labels]
        if missing:
            raise InvalidInput(
                f"the file needs the column(s) {', '.join(missing)} (or their Chinese names)"
            )
        if not table.numbers:
            continue  # only blank rows
        check = Checker(table)
        items = quote_checks.group_rows(check, table, groups, len(batches.firsts))
        batches.add(table, items, tabular.with_unread(table, check.problems))
    return groups, batches


def _resolve(
    actor: User, groups: dict[str, Group], batches: _Batches, today: dt.date
) -> dict[int, list[Problem]]:
    """The quotes' customers, contacts, dates and references; their problems by batch."""
    check = Checker(Table(batches.labels, [], {}))
    quote_lookups.resolve_customers(check, actor, groups, today)
    quote_lookups.resolve_contacts(check, groups)
    quote_checks.check_dates(check, groups, today)
    quote_lookups.check_refs(check, groups)
    found: dict[int, list[Problem]] = {}
    for problem in check.problems:
        found.setdefault(batches.batch_of(problem.row), []).append(problem)
    for group in groups.values():
        group.resolved()
    return found


def _run(
    actor: User,
    source: Table | Iterable[Table],
    now: dt.datetime,
    report: Report,
    write: bool,
) -> list[Group]:
    groups, batches = _read(source)
    try:
        pending = _resolve(actor, groups, batches, now.date())
        write = write and not batches.problems and not pending
        if write and groups:
            codes = next_codes("quote", "code.quote_prefix", len(groups))
            for group, code in zip(groups.values(), codes, strict=True):
                group.code = code
            quote_writes.insert_quotes(actor, list(groups.values()), now)
        books = quote_lookups.Books()
        for number, (table, items, problems) in enumerate(batches):
            check = Checker(table)
            priced = quote_lookups.price(check, groups, items, books)
            report.add(table, [*problems, *pending.get(number, []), *check.problems])
            if write and not report.count:
                quote_writes.insert_lines(priced)
        _check_totals(groups.values(), batches.labels, report)
    finally:
        batches.close()
        report.close()
    report.raise_if_any()
    if write and groups:
        quote_writes.update_totals(list(groups.values()))
        quote_writes.insert_log(actor, list(groups.values()), now)
        lines = sum(group.count for group in groups.values())
        after_bulk_write(quote_writes.TABLES, 2 * len(groups) + lines)
    return list(groups.values())


def _check_totals(groups: Iterable[Group], labels: dict[str, str], report: Report) -> None:
    """A quote may come to no more than one line may (its rows are gone: no cells kept)."""
    check = Checker(Table(labels, [], {}))
    for group in groups:
        if group.total_cents > lines.MAX_CENTS:
            check.add(group.first_line, "quantity", "", lines.TOO_MUCH)
    report.add(Table(labels, [], {}), check.problems)


def _results(groups: list[Group], each: Each | None) -> list[ImportedQuote]:
    done: list[ImportedQuote] = []
    for g in groups:
        result = ImportedQuote(g.code, g.ref, g.customer.code, g.customer.name, g.count,
                               Decimal(g.total_cents).scaleb(-2), g.row)  # fmt: skip
        each(result) if each is not None else done.append(result)
    return done


@reading
def check_quotes(
    actor: User,
    source: Table | Iterable[Table],
    *,
    now: dt.datetime | None = None,
    rejects: str | None = None,
    each: Each | None = None,
) -> list[ImportedQuote]:
    """A dry run: the quotes the file would make (no codes yet), or RowErrors."""
    with tabular.bulk_work():
        groups = _run(actor, source, now_or(now), Report(rejects), write=False)
        return _results(groups, each)


@bulk_writing  # every customer, contact and product is looked up before its rows are written
def import_quotes(
    actor: User,
    source: Table | Iterable[Table],
    *,
    now: dt.datetime | None = None,
    rejects: str | None = None,
    each: Each | None = None,
) -> list[ImportedQuote]:
    """Create every quote of the file, or none.

    Args:
        source: a table, or the batches of ``read_quotes``.
        rejects: a CSV file to list every rejected row in, with its reasons.
        each: takes every quote as it is made (and the list returned stays empty).

    Raises:
        RowErrors: any bad value (the first ones, and how many); nothing is written.
    """
    with tabular.bulk_work():
        groups = _run(actor, source, now_or(now), Report(rejects), write=True)
        return _results(groups, each)
