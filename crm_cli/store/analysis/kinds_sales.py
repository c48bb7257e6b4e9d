"""The sales record types of the summary engine: opportunities, quotes, orders, order lines
(with their product and category), receipts and installments.

An order line, a receipt and an installment belong to their order's owner and are dated by
the order's signing day, the day paid and the day due. An order line's ``cost`` is its
product's cost price times its quantity and ``profit`` its amount less that cost: both are
reserved to managers and admins (see `fields`).
"""

from __future__ import annotations

from typing import Any, NamedTuple

import peewee as pw

from crm_cli.store.analysis.fields import Field, Join, Kind
from crm_cli.store.analysis.kinds_common import (
    aliases,
    customer_fields,
    customer_joins,
    live,
    merged,
    money,
    owner_fields,
)
from crm_cli.store.sales import models as sm


def opportunities() -> Kind:
    o = sm.Opportunity
    c, s, u = aliases()
    joins = {**customer_joins(o, o.customer, c, s), "owner": Join(o, u, u.id == o.owner)}
    own = [
        Field("stage", "text", o.stage), Field("status", "text", o.status),
        Field("product", "text", o.product), Field("reason", "text", o.reason),
        Field("probability", "int", o.probability), money("amount", o.amount),
        Field("close_date", "date", o.close_date), Field("closed_on", "date", o.closed_on),
        Field("created_at", "datetime", o.created_at),
    ]  # fmt: skip
    return Kind(
        "opportunities", "商机", o, merged(own, owner_fields(u), customer_fields(c, s)), joins,
        Field("owner_id", "int", o.owner), "created_at",
        (live(o.deleted_at), live(c.deleted_at, ("customer",))),
    )  # fmt: skip


def quotes() -> Kind:
    q = sm.Quote
    c, s, u = aliases()
    joins = {**customer_joins(q, q.customer, c, s), "owner": Join(q, u, u.id == q.handler)}
    own = [
        Field("audited", "bool", q.audited), money("total", q.total),
        Field("valid_until", "date", q.valid_until), Field("created_at", "datetime", q.created_at),
    ]  # fmt: skip
    return Kind(
        "quotes", "报价单", q, merged(own, owner_fields(u), customer_fields(c, s)), joins,
        Field("owner_id", "int", q.handler), "created_at",
        (live(q.deleted_at), live(c.deleted_at, ("customer",))),
    )  # fmt: skip


def orders() -> Kind:
    o = sm.SalesOrder
    c, s, u = aliases()
    joins = {**customer_joins(o, o.customer, c, s), "owner": Join(o, u, u.id == o.owner)}
    own = [
        Field("status", "text", o.status), Field("kind", "text", o.kind),
        Field("signed", "date", o.signed), Field("due", "date", o.due),
        Field("settled", "bool", o.settled), money("total", o.total),
        money("received", o.received),
        money("owed", o.total - o.received),
        Field("created_at", "datetime", o.created_at),
    ]  # fmt: skip
    return Kind(
        "orders", "订单", o, merged(own, owner_fields(u), customer_fields(c, s)), joins,
        Field("owner_id", "int", o.owner), "signed",
        (live(o.deleted_at), live(c.deleted_at, ("customer",))),
    )  # fmt: skip


class _OrderPart(NamedTuple):
    o: Any  # the order's alias
    c: Any  # its customer's
    fields: list[Field]
    joins: dict[str, Join]


def _order_part(child: Any, order_id: Any) -> _OrderPart:
    """The order a line, receipt or installment belongs to, its customer and owner."""
    o = sm.SalesOrder.alias("o")
    c, s, u = aliases()
    joins = {
        "order": Join(child, o, o.id == order_id),
        **customer_joins(o, o.customer, c, s, ("order",)),
        "owner": Join(o, u, u.id == o.owner, ("order",)),
    }
    fields = [
        Field("order", "text", o.code, ("order",)),
        Field("order_status", "text", o.status, ("order",)),
        Field("order_kind", "text", o.kind, ("order",)),
        Field("signed", "date", o.signed, ("order",)),
        *owner_fields(u),
        *customer_fields(c, s),
    ]
    return _OrderPart(o, c, fields, joins)


def order_lines() -> Kind:
    line = sm.OrderLine
    o, c, common, joins = _order_part(line, line.order)
    p = sm.Product.alias("p")
    joins["product"] = Join(line, p, p.id == line.product)
    via = ("product",)
    cost = p.cost * line.quantity  # cents times thousandths: 5 places
    thousand = pw.Value(1000, converter=False)  # not through the money column's converter
    own = [
        Field("product", "text", p.name, via), Field("product_code", "text", p.code, via),
        Field("category", "text", p.category, via),
        Field("subcategory", "text", p.subcategory, via),
        Field("quantity", "number", line.quantity, places=3, shown=3),
        money("unit_price", line.unit_price),
        money("amount", line.amount),
        Field("cost", "money", cost, via, places=5, reserved=True),
        Field("profit", "money", line.amount * thousand - cost, via, places=5, reserved=True),
    ]  # fmt: skip
    return Kind(
        "order-lines", "订单明细", line, merged(own, common), joins,
        Field("owner_id", "int", o.owner, ("order",)), "signed",
        (live(o.deleted_at, ("order",)), live(c.deleted_at, ("customer",))),
    )  # fmt: skip


def payments() -> Kind:
    pay = sm.Payment
    o, c, common, joins = _order_part(pay, pay.order)
    own = [
        Field("method", "text", pay.method), money("amount", pay.amount),
        Field("paid_on", "date", pay.paid_on),
    ]  # fmt: skip
    return Kind(
        "payments", "收款", pay, merged(own, common), joins,
        Field("owner_id", "int", o.owner, ("order",)), "paid_on",
        (live(pay.deleted_at), live(o.deleted_at, ("order",)),
         live(c.deleted_at, ("customer",))),
    )  # fmt: skip


def installments() -> Kind:
    inst = sm.Installment
    o, c, common, joins = _order_part(inst, inst.order)
    own = [
        Field("number", "int", inst.number), Field("due", "date", inst.due),
        money("amount", inst.amount), money("received", inst.received),
        money("owed", inst.amount - inst.received),
    ]  # fmt: skip
    return Kind(
        "installments", "分期应收", inst, merged(own, common), joins,
        Field("owner_id", "int", o.owner, ("order",)), "due",
        (live(o.deleted_at, ("order",)), live(c.deleted_at, ("customer",))),
    )  # fmt: skip
