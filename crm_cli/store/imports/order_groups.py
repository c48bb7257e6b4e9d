"""Reading an order file: one row per order line, rows sharing an order code (订单编号)
forming one order (a row without a code is an order of its own). Each order is a draft
holding its lines (``extra["lines"]``), priced as `crm order add --line` prices them (the
row's unit price, else the customer's price book, else the list price), with `add`'s
rules on dates and the approval rights its status needs.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from crm_cli.store.core.dates import parse_date, require_past
from crm_cli.store.core.errors import CrmError, InvalidInput, NotFound, Phrase
from crm_cli.store.core.tabular import Table, phrase_of
from crm_cli.store.customers import models as cm
from crm_cli.store.imports import deal_rows
from crm_cli.store.imports.bulk import select_in
from crm_cli.store.imports.customer_rows import code, limited
from crm_cli.store.imports.specs import Draft, Problems
from crm_cli.store.sales import lines as pricing
from crm_cli.store.sales import models as sm
from crm_cli.store.sales.order_base import may_approve
from crm_cli.store.sales.plans import choose_parts, parse_plan

Ord = sm.SalesOrder
# What one order has once, on each of its rows (or on its first only).
HEAD = ("customer", "subject", "signed", "due", "status", "reason", "kind", "quote", "notes",
        "plan", "total")  # fmt: skip
LINE = ("product", "quantity", "unit_price", "discount")
STATUS_WORDS = {
    "draft": "draft", "草稿": "draft", "新建": "draft", "submitted": "submitted",
    "已提交": "submitted", "待审批": "submitted", "审批中": "submitted", "approved": "approved",
    "已审批": "approved", "已批准": "approved", "审批通过": "approved", "已审核": "approved",
    "生效": "approved", "rejected": "rejected", "已驳回": "rejected", "驳回": "rejected",
    "cancelled": "cancelled", "已取消": "cancelled", "取消": "cancelled", "作废": "cancelled",
}  # fmt: skip
# Why a row may not set an order's status.
MAY_NOT = {
    "approved": Phrase("you may not approve orders of this customer: only the owner's manager "
                       "or an admin may"),
    "rejected": Phrase("you may not reject orders of this customer: only the owner's manager "
                       "or an admin may"),
}  # fmt: skip
NEEDS_REASON = {
    "rejected": Phrase("a rejected order needs its reason (原因)"),
    "cancelled": Phrase("a cancelled order needs its reason (原因)"),
}
KINDS = {"sale": "sale", "销售": "sale", "service_fee": "service_fee", "服务费": "service_fee"}


def _word(table: dict[str, str], what: str) -> deal_rows.Convert:
    def convert(text: str) -> str:
        word = table.get(text.strip().lower())
        if word is None:
            raise InvalidInput(
                "unknown {what}; use one of: {value}",
                what=what,
                value=", ".join(dict.fromkeys(table.values())),
            )
        return word

    return convert


def converters(today: dt.date) -> dict[str, deal_rows.Convert]:
    model = Ord._meta.fields
    special: dict[str, deal_rows.Convert] = {
        "code": code, "quote": code, "product": code,
        "signed": lambda t: parse_date(t, today), "due": lambda t: parse_date(t, today),
        "status": _word(STATUS_WORDS, "status"), "kind": _word(KINDS, "kind"),
        "total": lambda t: pricing.parse_price(t), "quantity": pricing.parse_quantity,
        "unit_price": pricing.parse_price, "discount": pricing.parse_discount,
    }  # fmt: skip
    limits = {"reason": 300, "plan": None}
    return {field: limited(field, special.get(field, str.strip),
                           limits.get(field, getattr(model.get(field), "max_length", None)))
            for field in ("code", *HEAD, *LINE)}  # fmt: skip


def group(
    table: Table,
    convert: dict[str, deal_rows.Convert],
    problems: Problems,
    carry: tuple[str, dict[str, Any]] | None = None,
) -> list[Draft]:
    """The orders of one batch: a draft per order code (or per row without one), its
    lines' cells in ``extra["lines"]`` as (row, values). ``carry``: the last order of the
    batch before (code, values), whose customer, plan and dates its further rows take."""
    orders: dict[str, Draft] = {}
    found: list[Draft] = []
    for line, values, cells in deal_rows.cells_of(table, convert, problems):
        head = {k: v for k, v in values.items() if k not in LINE}
        item = (line, {k: v for k, v in values.items() if k in LINE})
        first = orders.get(values.get("code", "")) if values.get("code") else None
        if first is None:
            draft = Draft(line, head, cells)
            draft.extra["lines"] = [item]
            found.append(draft)
            if draft.code:
                orders[draft.code] = draft
            continue
        clash = next((k for k in HEAD if k in head and head[k] != first.values.get(k)), None)
        if clash is not None:
            why = Phrase("order {code} has {first!r} on row {line}", code=first.code,
                         first=first.cells.get(clash) or "none", line=first.line)  # fmt: skip
            problems.add(line, clash, cells.get(clash, ""), why)
        first.extra["lines"].append(item)
    for draft in found:
        if carry is not None and draft.code == carry[0]:
            for key, value in carry[1].items():
                draft.values.setdefault(key, value)
        if not draft.values.get("customer"):
            deal_rows.problem(problems, draft, "customer", Phrase("an order names its customer"))
    return [d for d in found if d.values.get("customer")]


def price(drafts: list[Draft], problems: Problems) -> list[Draft]:
    """Each order's lines priced (``extra["priced"]``, ``extra["sum"]``); drafts whose
    lines are all good."""
    levels = _levels({d.extra["customer_id"] for d in drafts})
    kept = []
    for draft in drafts:
        priced, bad = [], False
        # The price book of the customer's group (its level), as `add` chooses it.
        book = pricing.book_for(cm.Customer(level=levels.get(draft.extra["customer_id"], "")))
        for line, values in draft.extra["lines"]:
            try:
                priced += pricing.price_lines([_spec(values)], book)
            except CrmError as exc:
                # The column: the one a row leaves out, the product not found, else the
                # quantity (a line that comes to too much).
                field = getattr(
                    exc, "field", "product" if isinstance(exc, NotFound) else "quantity"
                )
                problems.add(line, field, values.get(field, ""), phrase_of(exc))
                bad = True
        if bad:
            continue
        draft.extra["priced"] = priced
        draft.extra["sum"] = pricing.total_of(priced)
        kept.append(draft)
    return kept


def _spec(values: dict[str, Any]) -> pricing.LineSpec:
    if "product" not in values:
        raise deal_rows.Bad("product", Phrase("an order line names its product (产品编号)"))
    if "quantity" not in values:
        raise deal_rows.Bad("quantity", Phrase("an order line needs its quantity (数量)"))
    return pricing.LineSpec(values["product"], values["quantity"], values.get("unit_price"),
                            values.get("discount"))  # fmt: skip


def _levels(ids: set[int]) -> dict[int, str]:
    C = cm.Customer
    return dict(select_in(C.select(C.id, C.level).tuples(), C.id, ids))


def check(draft: Draft, owner: int, today: dt.date, actor: Any) -> None:
    """`add`'s rules on dates, and the rights and reason the order's status needs.

    Raises:
        deal_rows.Bad: the rule broken, with its column.
    """
    v = draft.values
    try:
        require_past("signing date", v.get("signed"), today)
    except InvalidInput as exc:
        raise deal_rows.Bad("signed", exc) from None
    if v.get("signed") and v.get("due") and v["due"] < v["signed"]:
        why = Phrase("the due date {due} is before the signing date {signed}",
                     due=v["due"], signed=v["signed"])  # fmt: skip
        raise deal_rows.Bad("due", why)
    status = v.get("status", "draft")
    if status in ("approved", "rejected") and not may_approve(actor, Ord(owner=owner)):
        raise deal_rows.Bad("status", MAY_NOT[status])
    if status in ("rejected", "cancelled") and not v.get("reason"):
        raise deal_rows.Bad("status", NEEDS_REASON[status])
    if status not in ("rejected", "cancelled") and v.get("reason"):
        raise deal_rows.Bad("reason", Phrase("a {status} order has no reason", status=status))


def plan_parts(draft: Draft, total: Decimal, today: dt.date) -> list[tuple[dt.date, Decimal]]:
    """The order's installments: its plan (收款计划, summing to ``total``), else the team's
    default plan, as `crm order add` makes them."""
    v = draft.values
    if v.get("plan"):
        try:
            return parse_plan(v["plan"], total, today)
        except InvalidInput as exc:
            raise deal_rows.Bad("plan", exc) from None
    first = v.get("due") or v.get("signed") or today
    return choose_parts(total, first, today, None, None)
