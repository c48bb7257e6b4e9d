"""The rules the store keeps, each as a probe: a query of the records that break it.

`checks.py` says what each rule is and runs them; the queries are built with the models,
so each backend gets its own SQL, and they sum in the database (integer cents: exact).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple

import peewee as pw

from crm_cli.store.activity import models as am
from crm_cli.store.core.errors import Phrase
from crm_cli.store.customers import models as cm
from crm_cli.store.database.tables import tables
from crm_cli.store.pool import models as pm
from crm_cli.store.sales import models as sm
from crm_cli.store.sales import owners as sales_owners
from crm_cli.store.sales.order_totals import COUNTED

fn = pw.fn
Cust, Ord, Pay, Inst = cm.Customer, sm.SalesOrder, sm.Payment, sm.Installment


class Probe(NamedTuple):
    """A query of the records breaking a rule (SQL, parameters), how one is named, and the
    order the first of them are named in (``ORDER BY`` positions; "" as they come)."""

    sql: str
    params: tuple[Any, ...]
    show: Callable[[tuple[Any, ...]], str]
    order: str = "1"


def first(row: tuple[Any, ...]) -> str:
    return str(row[0])


def labelled(template: str, **params: Any) -> Callable[[tuple[Any, ...]], str]:
    """Names a record by its values (``{values}`` in ``template``), a phrase a face shows
    in the user's language: ``labelled("reminder {values}")``."""

    def show(row: tuple[Any, ...]) -> str:
        return Phrase(template, values=" ".join(map(str, row)), **params)

    return show


def _probe(db: Any, query: Any, show: Callable[[tuple[Any, ...]], str] = first) -> Probe:
    """``query`` as a probe, ordered by its columns: the ordering is applied around it,
    where it cannot lure a planner into walking an index row by row (PostgreSQL took 21 s
    on 100,000 customers to find the first ten of none)."""
    sql, params = db.get_sql_context().sql(query).query()
    order = ", ".join(str(n) for n in range(1, len(query.selected_columns) + 1))
    return Probe(sql, tuple(params), show, order)


def _differ(a: Any, b: Any) -> Any:
    """``a`` and ``b`` differ, NULL counting as a value."""
    return (a != b) | (a.is_null() != b.is_null())


def customer_totals(db: Any) -> list[Probe]:
    counted = (
        Ord.select(Ord.customer.alias("cid"), fn.SUM(Ord.total).alias("ordered"),
                 fn.SUM(Ord.received).alias("received"),
                 fn.MAX(fn.COALESCE(Ord.signed, fn.DATE(Ord.created_at))).alias("last"))
        .where((Ord.status == COUNTED) & Ord.deleted_at.is_null())
        .group_by(Ord.customer)
        .alias("o")
    )  # fmt: skip
    o = counted.c
    wrong = (
        (Cust.total_ordered != fn.COALESCE(o.ordered, 0))
        | (Cust.total_received != fn.COALESCE(o.received, 0))
        | (Cust.balance_owed != Cust.total_ordered - Cust.total_received)
        | _differ(Cust.last_order, o.last)
    )
    query = Cust.select(Cust.code).join(counted, pw.JOIN.LEFT_OUTER, on=(o.cid == Cust.id))
    query = query.where(wrong)
    return [_probe(db, query)]


def order_received(db: Any) -> list[Probe]:
    paid = Pay.select(Pay.order.alias("oid"), fn.SUM(Pay.amount).alias("amount"))
    paid = paid.where(Pay.deleted_at.is_null()).group_by(Pay.order)
    p = paid.alias("p").c
    query = (
        Ord.select(Ord.code)
        .join(paid.alias("p"), pw.JOIN.LEFT_OUTER, on=(p.oid == Ord.id))
        .where(Ord.received != fn.COALESCE(p.amount, 0))
    )
    return [_probe(db, query)]


def order_settled(db: Any) -> list[Probe]:
    wrong = ((Ord.settled == True) & (Ord.received < Ord.total)) | (  # noqa: E712
        (Ord.settled == False) & (Ord.received >= Ord.total)  # noqa: E712
    )
    query = Ord.select(Ord.code).where((Ord.status == "approved") & wrong)
    return [_probe(db, query)]


def _installment(row: tuple[Any, ...]) -> str:
    return f"{row[0]}/{row[1]}"


def installment_received(db: Any) -> list[Probe]:
    paid = (
        Pay.select(Pay.installment.alias("iid"), fn.SUM(Pay.amount).alias("amount"))
        .where(Pay.installment.is_null(False) & Pay.deleted_at.is_null())
        .group_by(Pay.installment)
        .alias("p")
    )
    query = (
        Inst.select(Ord.code, Inst.number)
        .join(Ord, on=(Inst.order == Ord.id))
        .switch(Inst)
        .join(paid, pw.JOIN.LEFT_OUTER, on=(paid.c.iid == Inst.id))
        .where(Inst.received != fn.COALESCE(paid.c.amount, 0))
    )
    return [_probe(db, query, _installment)]


def installments_sum(db: Any) -> list[Probe]:
    planned = Inst.select(Inst.order.alias("oid"), fn.SUM(Inst.amount).alias("amount"))
    planned = planned.group_by(Inst.order)
    loose = (
        Pay.select(Pay.order.alias("oid"), fn.SUM(Pay.amount).alias("amount"))
        .where(Pay.installment.is_null() & Pay.deleted_at.is_null())
        .group_by(Pay.order)
    )
    i, u = planned.alias("i"), loose.alias("u")
    query = (
        Ord.select(Ord.code)
        .join(i, on=(i.c.oid == Ord.id))
        .switch(Ord)
        .join(u, pw.JOIN.LEFT_OUTER, on=(u.c.oid == Ord.id))
        .where(i.c.amount + fn.COALESCE(u.c.amount, 0) != Ord.total)
    )
    return [_probe(db, query)]


def _lines(db: Any, head: Any, line: Any, key: Any) -> list[Probe]:
    sums = line.select(key.alias("hid"), fn.SUM(line.amount).alias("amount")).group_by(key)
    s = sums.alias("s")
    query = (
        head.select(head.code)
        .join(s, pw.JOIN.LEFT_OUTER, on=(s.c.hid == head.id))
        .where(head.total != fn.COALESCE(s.c.amount, 0))
    )
    return [_probe(db, query)]


def order_lines(db: Any) -> list[Probe]:
    return _lines(db, Ord, sm.OrderLine, sm.OrderLine.order)


def quote_lines(db: Any) -> list[Probe]:
    return _lines(db, sm.Quote, sm.QuoteLine, sm.QuoteLine.quote)


def pool_holders(db: Any) -> list[Probe]:
    PC = pm.PoolCustomer
    query = Cust.select(Cust.code).join(PC, on=(PC.customer == Cust.id))
    query = query.where(_differ(Cust.owner, PC.holder))
    # The mark the visibility rule reads (migration 0017): on the pool's customers only.
    pooled = PC.select(PC.id).where(PC.customer == Cust.id)
    marks = Cust.select(Cust.code).where(Cust.in_pool != fn.EXISTS(pooled))
    return [_probe(db, query), _probe(db, marks, labelled("{values} (in_pool)"))]


def owner_copies(db: Any) -> list[Probe]:
    K = cm.Contact
    live = Cust.deleted_at.is_null()
    wrong = (live & _differ(K.owner_id, Cust.owner)) | (~live & K.owner_id.is_null(False))
    contacts = K.select(K.code).join(Cust, on=(K.customer == Cust.id)).where(wrong)
    found = [_probe(db, contacts)]
    for model in (Inst, sm.OrderLine):
        # The copy is the order's owner where the digest counts the row, NULL elsewhere.
        rule = sales_owners.counted(model)
        copied = model.owner_id.is_null(False)
        wrong = (rule & _differ(model.owner_id, Ord.owner)) | (~rule & copied)
        query = Ord.select(Ord.code).join(model, on=(model.order == Ord.id))
        query = query.join(Cust, on=(Ord.customer == Cust.id)).where(wrong).distinct()
        found.append(
            _probe(db, query, labelled("{table} of {values}", table=model._meta.table_name))
        )
    R = am.Reminder  # a reminder copies its customer's trash date (activity.wiring)
    reminders = R.select(R.id).join(Cust, on=(R.customer == Cust.id))
    reminders = reminders.where(_differ(R.customer_trashed_at, Cust.deleted_at))
    found.append(_probe(db, reminders, labelled("reminder {values}")))
    return found


def _unique_sets(model: Any) -> list[tuple[Any, ...]]:
    """The model's unique columns and unique indexes, as tuples of fields."""
    meta = model._meta
    found = [(f,) for f in meta.sorted_fields if f.unique and not f.primary_key]
    for entry in meta.indexes:  # ((field names), unique) as the models declare them
        if isinstance(entry, tuple) and entry[1]:
            found.append(tuple(meta.fields[name] for name in entry[0]))
    return found


def unique_keys(db: Any) -> list[Probe]:
    found = []
    for table in tables():
        for fields in _unique_sets(table.model):
            many = fn.COUNT(pw.SQL("*")) > 1
            # NULLs never clash in a unique index (a user without a database login)
            filled = [f.is_null(False) for f in fields if f.null]
            query = table.model.select(*fields).group_by(*fields).having(many)
            query = query.where(*filled) if filled else query
            key = f"{table.name}." + ",".join(f.name for f in fields)
            found.append(_probe(db, query, labelled("{key} {values}", key=key)))
    return found
