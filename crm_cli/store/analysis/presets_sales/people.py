"""Who sells (seed 004, analyses 4 and 5): one salesperson's performance period by period
(员工业绩分析) and the sales leaderboard (销售业绩分析)."""

from __future__ import annotations

from typing import Any

import peewee as pw

from crm_cli.store.activity import models as am
from crm_cli.store.analysis import scope, sqlbits
from crm_cli.store.analysis.presets import Params, Preset, of_customers, register
from crm_cli.store.analysis.presets_sales.common import (
    TIME_BUCKETS,
    C,
    P,
    S,
    choice,
    during,
    names,
    ranked,
    receipts,
    sales,
    total,
)
from crm_cli.store.analysis.records import Column, Report
from crm_cli.store.core.errors import PermissionDenied
from crm_cli.store.core.records import User
from crm_cli.store.core.users import user_row

ORDERS = Column("orders", "int", "Orders", "订单数")
AMOUNT = Column("amount", "money", "Order amount", "订单金额")
RECEIVED = Column("received", "money", "Received", "回款金额")
BUCKET_ZH = {"month": "月份", "quarter": "季度", "year": "年份"}


def _person(actor: User, params: Params) -> tuple[int, str]:
    """(id, login) of ``--user`` (default the actor), who must be in the actor's scope."""
    login = params.options.get("user")
    if not login:
        return actor.id, actor.login
    row = user_row(login)
    owners = scope.owner_scope(actor)
    if owners is not None and row.id not in owners:
        raise PermissionDenied("you may not see the performance of {login}", login=row.login)
    return row.id, row.login


def _bucket(unit: str, column: Any) -> Any:
    """The bucket as the column ``bucket``: grouped by that name, it is computed once."""
    return sqlbits.bucket(unit, column).alias("bucket")


def _grouped(query: Any, label: Any) -> dict[str, tuple[Any, ...]]:
    return {row[0]: row[1:] for row in query.group_by(label).tuples()}


def _new_customers(uid: int, unit: str, params: Params) -> dict[str, tuple[Any, ...]]:
    """Live customers ``uid`` owns, per bucket of their registration day."""
    registered = _bucket(unit, C.registered)
    query = C.select(registered, pw.fn.COUNT(C.id)).where(
        (C.owner == uid) & C.deleted_at.is_null() & of_customers(params, C.id)
        & during(C.registered, params.period, is_date=True)
    )  # fmt: skip
    return _grouped(query, registered)


def _contacts(uid: int, unit: str, params: Params) -> dict[str, tuple[Any, ...]]:
    """Live contact records ``uid`` logged on live customers, per bucket of their start."""
    A = am.Activity
    started = _bucket(unit, A.started_at)
    query = A.select(started, pw.fn.COUNT(A.id)).join(C, on=(A.customer == C.id)).where(
        (A.user == uid) & A.deleted_at.is_null() & C.deleted_at.is_null()
        & of_customers(params, C.id) & during(A.started_at, params.period)
    )  # fmt: skip
    return _grouped(query, started)


def salesperson(actor: User, params: Params) -> Report:
    """Per ``--by`` bucket (default month): the person's sales (count, amount), receipts
    on their orders, new customers they own (by registration) and contact records they
    logged, each on its own date, in the period."""
    uid, login = _person(actor, params)
    unit = choice(params, "by", TIME_BUCKETS, "month")
    sold_at, paid_on = _bucket(unit, S.decided_at), _bucket(unit, P.paid_on)
    sold = _grouped(
        sales(actor, params, sold_at, pw.fn.COUNT(S.id), total(S.total)).where(S.owner == uid),
        sold_at,
    )
    paid = _grouped(
        receipts(actor, params, paid_on, total(P.amount)).where(S.owner == uid), paid_on
    )
    new, contacts = _new_customers(uid, unit, params), _contacts(uid, unit, params)
    rows = [
        {"bucket": key, "orders": int(sold.get(key, (0, 0))[0]),
         "amount": sqlbits.money(sold.get(key, (0, 0))[1]),
         "received": sqlbits.money(paid.get(key, (0,))[0]),
         "new_customers": int(new.get(key, (0,))[0]), "contacts": int(contacts.get(key, (0,))[0])}
        for key in sorted(set(sold) | set(paid) | set(new) | set(contacts))
    ]  # fmt: skip
    columns = (
        Column("bucket", "text", unit.capitalize(), BUCKET_ZH[unit]), ORDERS, AMOUNT, RECEIVED,
        Column("new_customers", "int", "New customers", "新增客户"),
        Column("contacts", "int", "Contact records", "联系记录"),
    )  # fmt: skip
    title = f"{SALESPERSON.title}: {login}"
    return Report("salesperson", title, columns, rows, ("bucket",), params.period)


def leaderboard(actor: User, params: Params) -> Report:
    """Per order owner: sales in the period (amount, count) and receipts dated in it on
    their orders; ranked by amount (equal amounts share a rank), then login."""
    sold = dict(
        (owner, (count, cents))
        for owner, count, cents in sales(actor, params, S.owner, pw.fn.COUNT(S.id), total(S.total))
        .group_by(S.owner)
        .tuples()
    )  # fmt: skip
    paid = dict(receipts(actor, params, S.owner, total(P.amount)).group_by(S.owner).tuples())
    people = names([*sold, *paid])
    rows: list[dict[str, Any]] = []
    for owner in set(sold) | set(paid):
        count, cents = sold.get(owner, (0, 0))
        login, name = people.get(owner, ("", ""))
        rows.append({"rank": 0, "user": login, "name": name, "orders": int(count),
                     "amount": sqlbits.money(cents),
                     "received": sqlbits.money(paid.get(owner))})  # fmt: skip
    rows.sort(key=lambda r: (-r["amount"], -r["received"], r["user"]))
    ranked(rows, "amount")
    columns = (
        Column("rank", "int", "Rank", "排名"), Column("user", "text", "User", "销售员"),
        Column("name", "text", "Name", "姓名"), ORDERS, AMOUNT, RECEIVED,
    )  # fmt: skip
    return Report("leaderboard", LEADERBOARD.title, columns, rows, ("user",), params.period)


SALESPERSON = register(Preset(
    "salesperson", "A salesperson's performance by month: sales, receipts, new customers, contacts",
    "员工业绩分析:某销售员每月的订单、回款、新增客户与联系记录", salesperson,
    options={"user": "the salesperson's login (default: you)",
             "by": "month (default), quarter or year"},
    chart="bar", x="bucket", y="amount",
))  # fmt: skip
LEADERBOARD = register(Preset(
    "leaderboard", "Sales leaderboard: each salesperson's sales and receipts, ranked",
    "销售业绩排行:各销售员的订单金额、单数与回款排名", leaderboard,
    chart="bar", x="name", y="amount",
))  # fmt: skip
