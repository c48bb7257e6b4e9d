"""What contact records (联系记录) say: the time people spend (工作时间花费), how often each
customer is contacted (客户联系次数), and how often a contact ends in a deal (联系成功率).

A contact record counts when it and its customer are live; it falls in a period by the
time it started, and in the scope of the user who logged it (whose time and work it is).
"""

from __future__ import annotations

from typing import Any

import peewee as pw

from crm_cli.store.activity import models as am
from crm_cli.store.analysis import scope
from crm_cli.store.analysis.presets import Params, Preset, of_customers, register
from crm_cli.store.analysis.presets_more._common import (
    NONE,
    C,
    U,
    choice,
    col,
    day_of,
    fetch,
    of_live_customer,
    on_times,
    top,
)
from crm_cli.store.analysis.records import Column, Report
from crm_cli.store.analysis.sqlbits import ratio
from crm_cli.store.core.records import User

Act = am.Activity


def _records(actor: User, params: Params, *columns: Any, users: bool = True) -> Any:
    """Live contact records of the period in the actor's scope, their ``users`` joined (a
    record whose user was removed counts under no one)."""
    query = Act.select(*columns)
    if users:
        query = query.join(U, pw.JOIN.LEFT_OUTER, on=(Act.user == U.id))
    live = Act.deleted_at.is_null() & of_live_customer(Act.customer)
    live &= of_customers(params, Act.customer)
    return scope.within(query.where(live & on_times(Act.started_at, params.period)),
                        Act.user, actor)  # fmt: skip


TIME_BY = ("both", "user", "type")


def time_spent(actor: User, params: Params) -> Report:
    """Minutes logged on contact records by user and type (the record's method: phone,
    visit …). A record without its minutes (nor an end time they were taken from) counts
    in ``records`` but not in ``minutes``: ``timed`` says how many had them."""
    by = choice(params, "by", TIME_BY, "both")
    keys = {"both": [U.login, Act.method], "user": [U.login], "type": [Act.method]}[by]
    timed = pw.fn.COUNT(Act.minutes)
    query = _records(
        actor,
        params,
        *keys,
        pw.fn.COUNT(Act.id),
        timed,
        pw.fn.SUM(Act.minutes),
        users=by != "type",
    ).group_by(*keys)
    names = {"both": ["user", "type"], "user": ["user"], "type": ["type"]}[by]
    rows = []
    for *group, count, with_time, minutes in fetch(query):
        row: dict[str, Any] = {n: str(g) if g else NONE for n, g in zip(names, group, strict=True)}
        minutes = int(minutes or 0)
        row.update(records=int(count), timed=int(with_time), minutes=minutes,
                   hours=ratio(minutes, 60, 1),
                   average_minutes=ratio(minutes, with_time, 1))  # fmt: skip
        rows.append(row)
    # Sorted here: backends put the NULL user first or last, and sort text their own way.
    rows.sort(key=lambda r: tuple(r[n] for n in names))
    labels = {"user": col("user", "text", "User", "记录人"),
              "type": col("type", "text", "Activity type", "联系方式")}  # fmt: skip
    columns = (
        *(labels[n] for n in names),
        col("records", "int", "Contact records", "联系次数"),
        col("timed", "int", "Records with time", "有耗时的记录"),
        col("minutes", "int", "Minutes", "耗时(分钟)"),
        col("hours", "decimal", "Hours", "耗时(小时)"),
        col("average_minutes", "decimal", "Average minutes (timed)", "平均耗时(分钟)"),
    )
    return Report("time-spent", "Time spent by activity type and user", columns, rows,
                  keys=tuple(names), period=params.period)  # fmt: skip


def contacts_per_customer(actor: User, params: Params) -> Report:
    """The customers contacted most in the period (``--top``, default 20): how many
    contact records, and the last one's day (ties: the latest contact, then the customer
    added first)."""
    count = pw.fn.COUNT(Act.id)
    last = pw.fn.MAX(Act.started_at)
    query = (
        _records(actor, params, Act.customer, count, last, users=False)
        .group_by(Act.customer)
        .order_by(count.desc(), last.desc(), Act.customer)
        .limit(top(params, 20))
    )
    found = fetch(query)
    ids = [r[0] for r in found] or [0]
    names = {i: (code, name) for i, code, name in fetch(C.select(C.id, C.code, C.name)
                                                        .where(C.id.in_(ids)))}  # fmt: skip
    rows = [
        {"customer": names[i][0], "customer_name": names[i][1], "contacts": int(k),
         "last_contact": day_of(at)}
        for i, k, at in found
    ]  # fmt: skip
    columns = (
        col("customer", "text", "Customer", "客户编号"),
        col("customer_name", "text", "Customer name", "客户名称"),
        col("contacts", "int", "Contact records", "联系次数"),
        col("last_contact", "date", "Last contact", "最近联系"),
    )
    return Report("contacts-per-customer", "Contact records per customer", columns, rows,
                  keys=("customer",), period=params.period)  # fmt: skip


def contact_success(actor: User, params: Params) -> Report:
    """Per user: contact records in the period, how many ended in a deal (result ``deal``,
    客户成交) or failed (客户失败), and the success rate: deals per 100 records."""
    deals = pw.fn.SUM(pw.Case(None, [(Act.result == "deal", 1)], 0))
    failed = pw.fn.SUM(pw.Case(None, [(Act.result == "failed", 1)], 0))
    query = _records(
        actor, params, U.login, U.display, pw.fn.COUNT(Act.id), deals, failed
    ).group_by(U.login, U.display)
    rows = [
        {"user": login or NONE, "name": display or login or NONE, "records": int(k),
         "deals": int(d or 0), "failed": int(f or 0),
         "success_rate": ratio(int(d or 0) * 100, k, 1)}
        for login, display, k, d, f in fetch(query)
    ]  # fmt: skip
    rows.sort(key=lambda r: str(r["user"]))  # here: the NULL user sorts apart by backend
    columns: tuple[Column, ...] = (
        col("user", "text", "User", "记录人"),
        col("name", "text", "Name", "姓名"),
        col("records", "int", "Contact records", "联系次数"),
        col("deals", "int", "Ended in a deal", "客户成交"),
        col("failed", "int", "Failed", "客户失败"),
        col("success_rate", "percent", "Success rate %", "联系成功率%"),
    )
    return Report("contact-success", "Contact success rate per user", columns, rows,
                  keys=("user",), period=params.period)  # fmt: skip


register(Preset(
    "time-spent", "Time spent on contact records by activity type and user (minutes logged)",
    "工作时间花费:按联系方式与记录人统计联系耗时", time_spent,
    options={"by": "both (default), user or type"}, chart="bar", x="user", y="minutes",
))  # fmt: skip
register(Preset(
    "contacts-per-customer", "Contact records per customer in a period, the most contacted "
    "first", "客户联系分析:各客户的联系次数与最近联系日", contacts_per_customer,
    options={"top": "how many customers (default 20)"}, chart="bar", x="customer_name",
    y="contacts",
))  # fmt: skip
register(Preset(
    "contact-success", "Contact success rate per user: contact records that ended in a deal",
    "联系成功率:每位记录人的联系次数与成交比例", contact_success, chart="bar", x="user",
    y="success_rate",
))  # fmt: skip
