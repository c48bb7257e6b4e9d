"""`crm product import`: a product list from CSV, XLSX or JSON Lines, all or nothing.

Headers in English or Chinese (编码/名称/类别/子类别/单位/单价/成本价/年服务费). An existing
code is an error unless ``update`` is set, when its row updates that product.

The file is read, checked and written in batches inside one transaction: memory holds a
batch, not the file; a problem anywhere rolls everything back (``tabular.Report`` keeps
the first problems, counts the rest, and lists every rejected row in ``--rejects``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from typing import NamedTuple

from crm_cli.store.core import models as m
from crm_cli.store.core import oplog, readers, tabular
from crm_cli.store.core.dates import now_or
from crm_cli.store.core.db import reading, writing
from crm_cli.store.core.errors import CrmError, InvalidInput
from crm_cli.store.core.maintenance import after_bulk_write
from crm_cli.store.core.records import User
from crm_cli.store.core.tabular import Problem, Report, Table
from crm_cli.store.sales import models as sm
from crm_cli.store.sales.products import (
    Product,
    apply_fields,
    check_code,
    require_catalogue_rights,
    snapshot,
    to_record,
)

ALIASES = {
    "code": "code", "product": "code", "product_code": "code", "编码": "code", "产品编码": "code",
    "编号": "code", "产品编号": "code",
    "name": "name", "product_name": "name", "名称": "name", "产品名称": "name",
    "category": "category", "类别": "category", "分类": "category", "大类": "category",
    "subcategory": "subcategory", "sub_category": "subcategory", "子类别": "subcategory",
    "小类": "subcategory",
    "unit": "unit", "单位": "unit",
    "price": "price", "list_price": "price", "单价": "price", "指导价": "price", "价格": "price",
    "cost": "cost", "cost_price": "cost", "成本价": "cost", "成本": "cost",
    "annual_fee": "annual_fee", "service_fee": "annual_fee", "年服务费": "annual_fee",
    "notes": "notes", "note": "notes", "备注": "notes",
}  # fmt: skip


class ImportedProduct(NamedTuple):
    """What one row did (or, in a dry run, would do)."""

    row: int
    action: str  # add | update
    product: Product

    def to_dict(self) -> dict[str, object]:
        return {"row": self.row, "action": self.action, **self.product.to_dict()}


def read_products(path: str, data: bytes | None = None) -> Iterator[Table]:
    """The rows of a product file in batches; ``data`` is standard input's bytes for ``-``."""
    return readers.batches(path, ALIASES, data=data)


Each = Callable[[ImportedProduct], None]


class _Run:
    """One import across its batches: the codes seen so far (a code twice is refused)."""

    def __init__(self, update: bool, now: dt.datetime, report: Report) -> None:
        self.update, self.now, self.report = update, now, report
        self.seen: dict[str, int] = {}
        self.saved = 0


def _plan(table: Table, run: _Run) -> list[tuple[int, str, sm.Product, dict[str, object]]]:
    """Check one batch; the rows to save. Problems go to ``run.report``."""
    for column in ("code",) if run.update else ("code", "name", "price"):
        if column not in table.labels:
            raise InvalidInput(f"the file needs a {column!r} column (or its Chinese name)")
    codes = {values.get("code", "").strip().upper() for _, values in table.records()}
    existing = {}
    for chunk in _chunks(sorted(codes), 500):
        for row in sm.Product.select().where(sm.Product.code.in_(chunk)):
            existing[row.code] = row
    problems: list[Problem] = []
    plan = []
    for number, values in table.records():
        found = _row(
            table, run, number, values, existing.get(values.get("code", "").strip().upper())
        )
        if isinstance(found, list):
            problems += found
        else:
            plan.append(found)
    unread = {(p.row, p.column) for p in table.problems}  # the reader named those cells
    run.report.add(
        table, [*table.problems, *(p for p in problems if (p.row, p.column) not in unread)]
    )
    return plan


def _row(
    table: Table, run: _Run, number: int, values: dict[str, str], old: sm.Product | None
) -> tuple[int, str, sm.Product, dict[str, object]] | list[Problem]:
    """One row as (number, action, product, before), or its problems."""
    label = table.labels.get("code", "code")
    try:
        code = check_code(values.get("code", ""))
    except CrmError as exc:
        return [Problem(number, label, values.get("code", ""), _reason(exc))]
    if code in run.seen:
        return [Problem(number, label, code, f"also on row {run.seen[code]}")]
    run.seen[code] = number
    if old is not None and (old.deleted_at is not None or not run.update):
        why = "deleted product; restore it first" if old.deleted_at else "exists; use --update"
        return [Problem(number, label, code, f"product {why}")]
    action = "update" if old is not None else "add"
    row = old or sm.Product(code=code, created_at=run.now, updated_at=run.now)
    before = snapshot(row) if action == "update" else {}
    fields = {k: v for k, v in values.items() if k != "code"}
    if action == "update":  # empty cells keep what the product has
        fields = {k: v for k, v in fields.items() if v.strip()}
    else:  # a new product needs a name and a price even where the file has no column
        fields = {"name": "", "price": "", **fields}
    problems = []
    for key, text in fields.items():
        try:
            apply_fields(row, {key: text})
        except CrmError as exc:
            problems.append(Problem(number, table.labels.get(key, key), text, _reason(exc)))
    return problems or (number, action, row, before)


def _reason(exc: CrmError) -> str:
    text = str(exc)
    return text.split(": ", 1)[1] if text.startswith("invalid ") and ": " in text else text


def _chunks(items: list[str], size: int) -> list[list[str]]:
    return [items[i : i + size] for i in range(0, len(items), size)]


def _tables(source: Table | Iterable[Table]) -> Iterable[Table]:
    return [source] if isinstance(source, Table) else source


@reading
def check_products(
    actor: User,
    source: Table | Iterable[Table],
    *,
    update: bool = False,
    rejects: str | None = None,
    each: Each | None = None,
) -> list[ImportedProduct]:
    """A dry run: what ``import_products`` would do, or RowErrors."""
    require_catalogue_rights(actor, "import products")
    return _run(source, _Run(update, now_or(None), Report(rejects)), each, save=False)


@writing
def import_products(
    actor: User,
    source: Table | Iterable[Table],
    *,
    update: bool = False,
    now: dt.datetime | None = None,
    rejects: str | None = None,
    each: Each | None = None,
) -> list[ImportedProduct]:
    """Add (or with ``update`` also update) every product of the file, or none.

    Args:
        source: a table, or the batches of ``read_products``.
        rejects: a CSV file to list every rejected row in, with its reasons.
        each: takes every result as it is made (and the list returned stays empty), so
            a million rows never sit in memory.

    Raises:
        RowErrors: any bad value; nothing is saved.
    """
    require_catalogue_rights(actor, "import products")
    run = _Run(update, now_or(now), Report(rejects))
    done = _run(source, run, each, save=True, actor=actor)
    after_bulk_write((sm.Product, m.OpLog), run.saved)
    return done


def _run(
    source: Table | Iterable[Table],
    run: _Run,
    each: Each | None,
    *,
    save: bool,
    actor: User | None = None,
) -> list[ImportedProduct]:
    done: list[ImportedProduct] = []
    try:
        with tabular.bulk_work():
            for table in _tables(source):
                plan = _plan(table, run)
                if run.report.count:
                    continue  # nothing more is saved: the whole import rolls back
                for number, action, row, before in plan:
                    if save and actor is not None:
                        _save(actor, action, row, before, run.now)
                        run.saved += 1
                    result = ImportedProduct(number, action, to_record(row))
                    each(result) if each is not None else done.append(result)
    finally:
        run.report.close()
    run.report.raise_if_any()
    return done


def _save(
    actor: User, action: str, row: sm.Product, before: dict[str, object], now: dt.datetime
) -> None:
    if action == "update":
        changed = oplog.diff(before, snapshot(row))
        if changed:
            row.updated_at = now
            row.save()
            oplog.write(actor, "product", row.id, None, "import", changed, now)
    else:
        row.save(force_insert=True)
        oplog.write(actor, "product", row.id, None, "import", oplog.nonempty(snapshot(row)), now)
