"""Products as a record type of the import engine (`crm import products FILE`, which
`crm product import` also runs).

Every row obeys what `crm product add` and `edit` obey (``sales.products``: the same checks
of codes, names and money; admins and managers only). A new product needs a code, a name
and a price; an update changes the cells the row fills (an empty cell keeps the value).

Duplicates: a product is its code. A catalogue often lists one name under several codes
(an edition per unit, a yearly and a perpetual licence), so the same name under another
code is a new product, not a look-alike; the same code, in the database or earlier in
the file, is the same product: ``--on-duplicate update`` changes it, ``skip`` leaves it,
``create`` is refused (codes are unique). A deleted product's code is refused for update:
restore it first.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from crm_cli.store.core import models as m
from crm_cli.store.core import oplog
from crm_cli.store.core.errors import CrmError, Phrase
from crm_cli.store.core.tabular import Table
from crm_cli.store.imports.aliases import IGNORED, alias_table
from crm_cli.store.imports.bulk import Columns, chunks, ids_by_code, select_in
from crm_cli.store.imports.customer_rows import reason
from crm_cli.store.imports.specs import SAME, Draft, Entity, Found, Problems, Run
from crm_cli.store.sales import models as sm
from crm_cli.store.sales.products import (
    FIELDS,
    MONEY_FIELDS,
    apply_fields,
    check_code,
    require_catalogue_rights,
    snapshot,
)

P = sm.Product
LOG_JSON = json.JSONEncoder(ensure_ascii=False, default=oplog.plain)
HEADERS: dict[str, tuple[str, ...]] = {
    "code": ("产品编码", "编码", "产品编号", "编号", "物料编码", "code", "product",
             "product code"),
    "name": ("产品名称", "名称", "品名", "name", "product name"),
    "category": ("类别", "分类", "大类", "产品类别", "category"),
    "subcategory": ("子类别", "小类", "subcategory", "sub category"),
    "unit": ("单位", "计量单位", "unit"),
    "price": ("单价", "指导价", "价格", "标准价", "price", "list price"),
    "cost": ("成本价", "成本", "cost", "cost price"),
    "annual_fee": ("年服务费", "年费", "annual fee", "service fee"),
    "notes": ("备注", "描述", "notes", "note", "remarks"),
    IGNORED: ("id", "created_at", "updated_at", "deleted"),
}  # fmt: skip


class State:
    def __init__(self, run: Run) -> None:
        require_catalogue_rights(run.actor, "import products")
        self.run = run


def _parse_row(line: int, cells: dict[str, str], problems: Problems) -> Draft | None:
    """A row's filled cells checked as `product add` checks them (each bad one named)."""
    scratch = P()
    values: dict[str, Any] = {}
    for field, text in cells.items():
        if not text:
            continue
        try:
            if field == "code":
                values["code"] = check_code(text)
            else:
                apply_fields(scratch, {field: text})
                values[field] = getattr(scratch, field)
        except CrmError as exc:
            problems.add(line, field, text, reason(exc))
    if "code" not in values:
        if not cells.get("code"):
            problems.add(line, "code", "", Phrase("a product needs a code"))
        return None
    return None if line in problems.lines else Draft(line, values, cells)


class ProductsSpec:
    name = "products"
    noun = "product"
    required = ("code",)
    vcard = False
    tables = ("product",)

    def aliases(self) -> Mapping[str, str]:
        return alias_table(HEADERS)

    def start(self, run: Run) -> State:
        return State(run)

    def parse(self, table: Table, state: State, problems: Problems) -> list[Draft]:
        drafts = []
        for line, cells in table.records():
            draft = _parse_row(line, cells, problems)
            if draft is not None:
                drafts.append(draft)
        return drafts

    def match(self, drafts: list[Draft], state: State, problems: Problems) -> None:
        query = P.select(P.id, P.code, P.name, P.deleted_at).tuples()
        stored = {row[1]: row for row in select_in(query, P.code, {d.code for d in drafts})}
        lines = state.run.lines_of("product", [row[0] for row in stored.values()])
        seen: dict[str, int] = {}
        for draft in drafts:
            found = []
            row = stored.get(draft.code)
            if row is not None:
                blocked = ""
                if row[3]:
                    blocked = Phrase("product {code} is deleted; restore it first", code=row[1])
                found.append(Found(row[0], row[1], row[2], SAME["code"], lines.get(row[0]),
                                   True, blocked))  # fmt: skip
            if draft.code in seen:
                found.append(Found(None, "", "", SAME["code"], seen[draft.code], True))
            seen.setdefault(draft.code, draft.line)
            if found and state.run.policy == "fail":
                _refuse(draft, found[0], problems)
                continue
            draft.matches = found
            if not found or state.run.policy == "create":
                _require_new(draft, problems)

    def write(self, drafts: list[Draft], state: State) -> None:
        _create([d for d in drafts if d.action == "create"], state.run)
        for draft in drafts:
            if draft.action == "update":
                _update(draft, state.run)

    def entity(self, name: str) -> Entity:
        return ENTITY


def _refuse(draft: Draft, found: Found, problems: Problems) -> None:
    """A code the database or the file has already (the default policy), said plainly."""
    if found.line is not None:
        why = Phrase("also on row {line}", line=found.line)
    else:
        why = Phrase(
            "product exists; --on-duplicate update (crm product import --update) changes it"
        )
    problems.add(draft.line, "code", draft.cells.get("code", ""), why, conflict=True)


def _require_new(draft: Draft, problems: Problems) -> None:
    """A row that makes a product names it and prices it, as `product add` requires."""
    if not draft.values.get("name"):
        why = Phrase("a product needs a name")
        problems.add(draft.line, "name", draft.cells.get("name", ""), why)
    if "price" not in draft.values:
        why = Phrase("a product needs a list price")
        problems.add(draft.line, "price", draft.cells.get("price", ""), why)


def _create(drafts: list[Draft], run: Run) -> None:
    if not drafts:
        return
    columns = Columns(P)
    rows = []
    for draft in drafts:
        values = {**draft.values, "created_at": run.now, "updated_at": run.now}
        for field in MONEY_FIELDS:  # as stored: cents
            values[field] = getattr(P, field).db_value(values.get(field))
        rows.append(columns.row(values))
    columns.insert(rows)
    ids = ids_by_code(P, [d.code for d in drafts])
    log = Columns(m.OpLog)
    entries = []
    for draft in drafts:
        draft.id = ids[draft.code]
        run.item("product", draft.id, draft.line, "create")
        changes = {k: draft.values[k] for k in FIELDS if draft.values.get(k) not in (None, "")}
        entries.append(log.row({"at": run.now, "actor": run.actor.id, "entity": "product",
                                "entity_id": draft.id, "customer_id": None, "action": "import",
                                "changes": LOG_JSON.encode(changes)}))  # fmt: skip
    log.insert(entries)


def _update(draft: Draft, run: Run) -> None:
    """Change what the row's cells change; the values before are kept for undo."""
    row = P.get_by_id(draft.id)
    before = snapshot(row)
    for field in FIELDS:
        if field in draft.values:
            setattr(row, field, draft.values[field])
    draft.extra["name"] = row.name
    changed = oplog.diff(before, snapshot(row))
    if not changed:
        draft.action, draft.note = "skip", "no change"
        return
    previous = {field: oplog.plain(before[field]) for field in changed}
    _save(run, row, changed, "import")
    run.item("product", row.id, draft.line, "update", json.dumps(previous, ensure_ascii=False))


def _save(run: Run, row: sm.Product, changed: dict[str, Any], action: str) -> None:
    row.updated_at = run.now
    row.save()
    oplog.write(run.actor, "product", row.id, None, action, changed, run.now)


class ProductEntity:
    def changed_since(self, ids: list[int], mark: int) -> list[str]:
        log = m.OpLog
        query = log.select(log.entity_id).where((log.id > mark) & (log.entity == "product"))
        changed = {r[0] for r in select_in(query.distinct().tuples(), log.entity_id, ids)}
        rows = select_in(P.select(P.code, P.name).tuples(), P.id, changed)
        return sorted(f"{code} {name}" for code, name in rows)

    def remove(self, run: Run, ids: list[int]) -> None:
        for part in chunks(sorted(ids)):
            P.update(deleted_at=run.now, updated_at=run.now).where(
                P.id.in_(list(part)) & P.deleted_at.is_null()
            ).execute()
        log = Columns(m.OpLog)
        text = json.dumps({"import_batch": run.batch_id})
        log.insert([log.row({"at": run.now, "actor": run.actor.id, "entity": "product",
                             "entity_id": i, "customer_id": None, "action": "import-undo",
                             "changes": text}) for i in ids])  # fmt: skip

    def restore(self, run: Run, previous: dict[int, dict[str, Any]]) -> None:
        for row in select_in(P.select(), P.id, previous):
            before = snapshot(row)
            for key, value in previous[row.id].items():
                money = key in MONEY_FIELDS and value is not None
                setattr(row, key, Decimal(value) if money else value)
            _save(run, row, oplog.diff(before, snapshot(row)), "import-undo")


ENTITY = ProductEntity()
SPEC = ProductsSpec()
