"""Customers seen whole: the best ones with their contacts' hobbies (春节送礼: 价值客户 and
what each contact likes), and how they rate our service (服务反馈构成分析)."""

from __future__ import annotations

from typing import Any

import peewee as pw

from crm_cli.store.analysis import scope
from crm_cli.store.analysis.presets import Params, Preset, of_customers, register
from crm_cli.store.analysis.presets_more._common import (
    C,
    Ord,
    approved_order,
    col,
    fetch,
    live_customer,
    on_times,
    top,
)
from crm_cli.store.analysis.records import Report
from crm_cli.store.analysis.sqlbits import money, ratio
from crm_cli.store.core.records import User
from crm_cli.store.customers import models as cm
from crm_cli.store.service import models as svm

Contact, Ticket = cm.Contact, svm.Ticket


def _ranking(actor: User, params: Params, n: int) -> list[tuple[Any, ...]]:
    """The ``n`` customers with the largest approved order amount in the period (an order
    falls in the period it was approved in), largest first."""
    amount = pw.fn.SUM(Ord.total)
    query = scope.within(
        Ord.select(C.id, C.code, C.name, amount.coerce(False), pw.fn.COUNT(Ord.id))
        .join(C, on=(Ord.customer == C.id))
        .where(approved_order() & on_times(Ord.decided_at, params.period)
               & of_customers(params, C.id)),
        Ord.owner, actor,
    ).group_by(C.id, C.code, C.name).order_by(amount.desc(), C.code).limit(n)  # fmt: skip
    return fetch(query)


def _contacts(customer_ids: list[int]) -> dict[int, list[tuple[str, str, str]]]:
    """The live contacts of these customers: (name, title, hobbies), in the order added."""
    found: dict[int, list[tuple[str, str, str]]] = {}
    if not customer_ids:
        return found
    query = (
        Contact.select(Contact.customer, Contact.name, Contact.title, Contact.hobbies)
        .where(Contact.customer.in_(customer_ids) & Contact.deleted_at.is_null())
        .order_by(Contact.customer, Contact.id)
    )
    rows = fetch(query)
    for customer_id, name, title, hobbies in rows:
        found.setdefault(customer_id, []).append((name, title, hobbies))
    return found


def top_hobbies(actor: User, params: Params) -> Report:
    """The top customers (``--top``, default 10) by approved order amount in the period,
    one row per live contact with the contact's hobbies (a customer without a contact gets
    one row with the contact left empty)."""
    ranking = _ranking(actor, params, top(params, 10))
    people = _contacts([r[0] for r in ranking])
    rows = []
    for rank, (cid, code, name, cents, orders) in enumerate(ranking, start=1):
        head = {"rank": rank, "customer": code, "customer_name": name,
                "amount": money(cents), "orders": int(orders)}  # fmt: skip
        for contact, title, hobbies in people.get(cid) or [("", "", "")]:
            rows.append({**head, "contact": contact, "title": title, "hobbies": hobbies})
    columns = (
        col("rank", "int", "Rank", "排名"),
        col("customer", "text", "Customer", "客户编号"),
        col("customer_name", "text", "Customer name", "客户名称"),
        col("amount", "money", "Ordered", "订单金额"),
        col("orders", "int", "Orders", "订单数"),
        col("contact", "text", "Contact", "联系人"),
        col("title", "text", "Title", "职务"),
        col("hobbies", "text", "Hobbies", "爱好"),
    )
    return Report("top-customers-hobbies", "Top customers and their contacts' hobbies",
                  columns, rows, keys=("customer", "contact"), period=params.period)  # fmt: skip


def feedback(actor: User, params: Params) -> Report:
    """Per customer (of the actor's scope, by the customer's owner): service tickets
    opened in the period, how many have a satisfaction score (1-5), their average and the
    lowest. The most tickets first."""
    tickets = pw.fn.COUNT(Ticket.id)
    query = scope.within(
        Ticket.select(C.code, C.name, tickets, pw.fn.COUNT(Ticket.satisfaction),
                      pw.fn.SUM(Ticket.satisfaction), pw.fn.MIN(Ticket.satisfaction))
        .join(C, on=(Ticket.customer == C.id))
        .where(Ticket.deleted_at.is_null() & live_customer() & of_customers(params, C.id)
               & on_times(Ticket.created_at, params.period)),
        C.owner, actor,
    ).group_by(C.id, C.code, C.name).order_by(tickets.desc(), C.code)  # fmt: skip
    rows = [
        {"customer": code, "customer_name": name, "tickets": int(k), "rated": int(rated),
         "average_score": ratio(total, rated),
         "lowest_score": None if low is None else int(low)}
        for code, name, k, rated, total, low in fetch(query)
    ]  # fmt: skip
    columns = (
        col("customer", "text", "Customer", "客户编号"),
        col("customer_name", "text", "Customer name", "客户名称"),
        col("tickets", "int", "Tickets", "服务单数"),
        col("rated", "int", "With feedback", "有反馈"),
        col("average_score", "decimal", "Average score", "平均满意度"),
        col("lowest_score", "int", "Lowest score", "最低满意度"),
    )
    return Report("service-feedback", "Service feedback by customer", columns, rows,
                  keys=("customer",), period=params.period)  # fmt: skip


register(Preset(
    "top-customers-hobbies", "Top customers by order amount, with their contacts' hobbies "
    "(for gifts)", "重要客户及联系人爱好:按订单金额排名的客户与其联系人的爱好", top_hobbies,
    options={"top": "how many customers (default 10)"}, chart="bar", x="customer_name",
    y="amount",
))  # fmt: skip
register(Preset(
    "service-feedback", "Service feedback by customer: tickets, rated, average and lowest "
    "score", "服务反馈构成分析:各客户的服务单数、反馈数、平均与最低满意度", feedback,
    chart="bar", x="customer_name", y="average_score",
))  # fmt: skip
