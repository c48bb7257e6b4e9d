"""`crm product import`: a product list from CSV, XLSX or JSON Lines, all or nothing.

Headers in English or Chinese (编码/名称/类别/子类别/单位/单价/成本价/年服务费). An existing
code is an error unless ``update`` is set, when its row updates that product.
"""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from crm_cli.store.core import oplog, tabular
from crm_cli.store.core.dates import now_or
from crm_cli.store.core.db import reading, writing
from crm_cli.store.core.errors import CrmError, InvalidInput
from crm_cli.store.core.records import User
from crm_cli.store.core.tabular import Problem, RowErrors, Table
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


def read_products(path: str, data: bytes | None = None) -> Table:
    """The rows of a product file; ``data`` is standard input's bytes for ``-``."""
    if data is not None:
        return tabular.read_bytes(data, tabular.kind_of(path), ALIASES, name=path)
    return tabular.read_path(path, ALIASES)


def _plan(
    table: Table, update: bool, now: dt.datetime
) -> list[tuple[int, str, sm.Product, dict[str, object]]]:
    """Validate every row; the rows to save, or RowErrors naming each bad value."""
    for column in ("code",) if update else ("code", "name", "price"):
        if column not in table.labels:
            raise InvalidInput(f"the file needs a {column!r} column (or its Chinese name)")
    codes = {values.get("code", "").strip().upper() for _, values in table.records()}
    existing = {}
    for chunk in _chunks(sorted(codes), 500):
        for row in sm.Product.select().where(sm.Product.code.in_(chunk)):
            existing[row.code] = row
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    plan = []
    for number, values in table.records():
        label = table.labels.get("code", "code")
        try:
            code = check_code(values.get("code", ""))
        except CrmError as exc:
            problems.append(Problem(number, label, values.get("code", ""), _reason(exc)))
            continue
        if code in seen:
            problems.append(Problem(number, label, code, f"also on row {seen[code]}"))
            continue
        seen[code] = number
        old = existing.get(code)
        if old is not None and (old.deleted_at is not None or not update):
            why = "deleted product; restore it first" if old.deleted_at else "exists; use --update"
            problems.append(Problem(number, label, code, f"product {why}"))
            continue
        action = "update" if old is not None else "add"
        row = old or sm.Product(code=code, created_at=now, updated_at=now)
        before = snapshot(row) if action == "update" else {}
        fields = {k: v for k, v in values.items() if k != "code"}
        if action == "update":  # empty cells keep what the product has
            fields = {k: v for k, v in fields.items() if v.strip()}
        else:  # a new product needs a name and a price even where the file has no column
            fields = {"name": "", "price": "", **fields}
        for key, text in fields.items():
            try:
                apply_fields(row, {key: text})
            except CrmError as exc:
                problems.append(Problem(number, table.labels.get(key, key), text, _reason(exc)))
        plan.append((number, action, row, before))
    if problems:
        raise RowErrors(problems)
    return plan


def _reason(exc: CrmError) -> str:
    text = str(exc)
    return text.split(": ", 1)[1] if text.startswith("invalid ") and ": " in text else text


def _chunks(items: list[str], size: int) -> list[list[str]]:
    return [items[i : i + size] for i in range(0, len(items), size)]


@reading
def check_products(actor: User, table: Table, *, update: bool = False) -> list[ImportedProduct]:
    """A dry run: what ``import_products`` would do, or RowErrors."""
    require_catalogue_rights(actor, "import products")
    plan = _plan(table, update, now_or(None))
    return [ImportedProduct(n, action, to_record(row)) for n, action, row, _ in plan]


@writing
def import_products(
    actor: User, table: Table, *, update: bool = False, now: dt.datetime | None = None
) -> list[ImportedProduct]:
    """Add (or with ``update`` also update) every product of the file, or none."""
    now = now_or(now)
    require_catalogue_rights(actor, "import products")
    plan = _plan(table, update, now)
    done = []
    for number, action, row, before in plan:
        if action == "update":
            changed = oplog.diff(before, snapshot(row))
            if changed:
                row.updated_at = now
                row.save()
                oplog.write(actor, "product", row.id, None, "import", changed, now)
        else:
            row.save(force_insert=True)
            oplog.write(
                actor, "product", row.id, None, "import", oplog.nonempty(snapshot(row)), now
            )
        done.append(ImportedProduct(number, action, to_record(row)))
    return done
