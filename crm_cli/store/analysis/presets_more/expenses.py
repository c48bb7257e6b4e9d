"""Where the money goes (费用构成分析, 费用趋势分析): approved expenses by person, customer,
category or time.

An expense counts when approved and not deleted, falls in a period by the day it was
spent, and in the scope of its owner (who spent it). One linked to a deleted customer does
not count; one linked to no customer counts under "(none)" when grouped by customer.
"""

from __future__ import annotations

from typing import Any

import peewee as pw

from crm_cli.store.analysis import scope
from crm_cli.store.analysis.presets import Params, Preset, of_customers, register
from crm_cli.store.analysis.presets_more._common import NONE, C, U, choice, col, fetch, on_days
from crm_cli.store.analysis.records import Report
from crm_cli.store.analysis.sqlbits import bucket, money
from crm_cli.store.core.records import User
from crm_cli.store.expenses import models as em

Exp = em.Expense
BY = ("user", "customer", "category", "month")
LABELS = {"user": ("User", "员工"), "customer": ("Customer", "客户"),
          "category": ("Category", "费用类别"), "month": ("Month", "月份"),
          "quarter": ("Quarter", "季度"), "year": ("Year", "年")}  # fmt: skip


def _groups(by: str) -> list[Any]:
    """The group's key and its name (a person's display name, a customer's name)."""
    if by == "user":
        return [U.login, U.display]
    if by == "customer":
        return [C.code, C.name]
    if by == "category":
        return [Exp.category, Exp.category]
    return [bucket(by, Exp.spent_on)] * 2


def _summed(actor: User, params: Params, by: str, report: str) -> Report:
    group, name = _groups(by)
    amount = pw.fn.SUM(Exp.amount).coerce(False)
    query = scope.within(
        Exp.select(group, name, pw.fn.COUNT(Exp.id), amount)
        .join(U, on=(Exp.owner == U.id))
        .switch(Exp)
        .join(C, pw.JOIN.LEFT_OUTER, on=(Exp.customer == C.id))
        .where((Exp.status == "approved") & Exp.deleted_at.is_null()
               & C.deleted_at.is_null() & on_days(Exp.spent_on, params.period)
               & of_customers(params, Exp.customer)),
        Exp.owner, actor,
    ).group_by(group, name)  # fmt: skip
    timeline = by in ("month", "quarter", "year")
    rows: list[dict[str, Any]] = [
        {"group": str(g) if g else NONE, "name": str(n or g or "") or NONE, "count": int(k),
         "amount": money(cents)}
        for g, n, k, cents in fetch(query)
    ]  # fmt: skip
    # The groups' order in Python: each backend's collation sorts text its own way.
    rows.sort(key=(lambda r: r["group"]) if timeline else (lambda r: (-r["amount"], r["group"])))
    label, zh = LABELS[by]
    columns = (
        col("group", "text", label, zh),
        col("name", "text", "Name", "名称"),
        col("count", "int", "Expenses", "笔数"),
        col("amount", "money", "Amount", "金额"),
    )
    title = f"Approved expenses by {by}"
    return Report(report, title, columns, rows, keys=("group",), period=params.period)


def expenses(actor: User, params: Params) -> Report:
    """Approved expenses in the period by ``--by`` user (default), customer, category or
    month: how many and how much; the largest first (months in time order)."""
    return _summed(actor, params, choice(params, "by", BY, "user"), "expenses")


def trend(actor: User, params: Params) -> Report:
    """Approved expenses per month (``--by quarter|year``) of the period, in time order."""
    by = choice(params, "by", ("month", "quarter", "year"), "month")
    return _summed(actor, params, by, "expense-trend")


register(Preset(
    "expenses", "Approved expenses by user, customer, category or month: count and amount",
    "费用构成分析:按员工、客户、类别或月份统计已批准费用", expenses,
    options={"by": "user (default), customer, category or month"}, chart="bar", x="group",
    y="amount",
))  # fmt: skip
register(Preset(
    "expense-trend", "Expense trend: approved expenses per month (or quarter, year)",
    "费用趋势分析:按月(季度、年)统计已批准费用", trend,
    options={"by": "month (default), quarter or year"}, chart="line", x="group", y="amount",
))  # fmt: skip
