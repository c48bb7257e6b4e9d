"""The record types of the summary engine around customers: customers, contacts, contact
records (activities), service tickets, expenses and campaigns.

Whose records they are: a customer's and a contact's owner, the user who made a contact
record or an expense, the owner of a ticket's customer, a campaign's owner. Customers are
filtered with the customer filter language and saved searches (`customers.query`); like
every record type they count within the owners of the actor's scope, so a customer seen
through a delegation or the public pool is its owner's figure, not the delegate's.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from crm_cli.store.activity import models as am
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
from crm_cli.store.campaigns import models as cp
from crm_cli.store.core import models as core
from crm_cli.store.core.records import User
from crm_cli.store.customers import models as cm
from crm_cli.store.expenses import models as em
from crm_cli.store.sales import models as sm
from crm_cli.store.service import models as svm


def _customer_base(
    actor: User, search: str, where: tuple[str, ...], today: dt.date, terms: tuple[str, ...]
) -> Any:
    from crm_cli.store.customers.query import CustomerFilter, build_query

    flt = CustomerFilter(search=search, where=where, terms=terms)
    return build_query(actor, flt, today)


def customers() -> Kind:
    c = cm.Customer
    s, u = cm.CustomerStatus.alias("cs"), core.User.alias("ou")
    joins = {"status": Join(c, s, s.id == c.status), "owner": Join(c, u, u.id == c.owner)}
    texts = ("type", "source", "industry", "level", "country", "province", "city", "grade",
             "strategy")  # fmt: skip
    sums = ("total_ordered", "total_received", "balance_owed")
    own = [
        Field("status", "text", s.name, ("status",)),
        *(Field(name, "text", getattr(c, name)) for name in texts),
        Field("is_public", "bool", c.is_public), Field("audited", "bool", c.audited),
        Field("registered", "date", c.registered), Field("last_contact", "date", c.last_contact),
        Field("last_order", "date", c.last_order), Field("created_at", "datetime", c.created_at),
        *(money(name, getattr(c, name)) for name in sums),
    ]  # fmt: skip
    return Kind(
        "customers", "客户", c, merged(own, owner_fields(u)), joins,
        Field("owner_id", "int", c.owner), "registered", base=_customer_base,
    )  # fmt: skip


def contacts() -> Kind:
    k = cm.Contact
    c, s, u = aliases()
    joins = {**customer_joins(k, k.customer, c, s), "owner": Join(c, u, u.id == c.owner)}
    texts = ("title", "department", "deal_role", "gender", "age_range", "hobbies", "province",
             "city")  # fmt: skip
    own = [
        *(Field(name, "text", getattr(k, name)) for name in texts),
        Field("birthday", "date", k.birthday),
        Field("created_at", "datetime", k.created_at),
    ]
    return Kind(
        "contacts", "联系人", k, merged(own, owner_fields(u), customer_fields(c, s)), joins,
        Field("owner_id", "int", c.owner, ("customer",)), "created_at",
        (live(k.deleted_at), live(c.deleted_at, ("customer",))),
    )  # fmt: skip


def activities() -> Kind:
    a = am.Activity
    c, s, u = aliases()
    joins = {**customer_joins(a, a.customer, c, s), "owner": Join(a, u, u.id == a.user)}
    texts = ("method", "purpose", "result", "failure_reason", "project")
    own = [
        *(Field(name, "text", getattr(a, name)) for name in texts),
        Field("minutes", "int", a.minutes),
        Field("started_at", "datetime", a.started_at),
        Field("next_date", "date", a.next_date),
    ]
    return Kind(
        "activities", "联系记录", a, merged(own, owner_fields(u, "user"), customer_fields(c, s)),
        joins, Field("owner_id", "int", a.user), "started_at",
        (live(a.deleted_at), live(c.deleted_at, ("customer",))),
    )  # fmt: skip


def tickets() -> Kind:
    t = svm.Ticket
    c, s, u = aliases()
    a, p = core.User.alias("ta"), sm.Product.alias("p")
    joins = {
        **customer_joins(t, t.customer, c, s),
        "owner": Join(c, u, u.id == c.owner, ("customer",)),
        "assignee": Join(t, a, a.id == t.assignee),
        "product": Join(t, p, p.id == t.product),
    }
    own = [
        Field("type", "text", t.type), Field("priority", "text", t.priority),
        Field("status", "text", t.status), Field("assignee", "text", a.login, ("assignee",)),
        Field("product", "text", p.name, ("product",)),
        Field("category", "text", p.category, ("product",)),
        Field("satisfaction", "int", t.satisfaction), Field("next_service", "date", t.next_service),
        Field("created_at", "datetime", t.created_at),
        Field("resolved_at", "datetime", t.resolved_at),
    ]  # fmt: skip
    return Kind(
        "tickets", "服务单", t, merged(own, owner_fields(u), customer_fields(c, s)), joins,
        Field("owner_id", "int", c.owner, ("customer",)), "created_at",
        (live(t.deleted_at), live(c.deleted_at, ("customer",))),
    )  # fmt: skip


def expenses() -> Kind:
    e = em.Expense
    c, s, u = aliases()
    g = cp.Campaign.alias("cg")
    joins = {
        **customer_joins(e, e.customer, c, s),
        "owner": Join(e, u, u.id == e.owner),
        "campaign": Join(e, g, g.id == e.campaign),
    }
    own = [
        Field("category", "text", e.category), Field("status", "text", e.status),
        Field("campaign", "text", g.name, ("campaign",)),
        money("amount", e.amount), Field("spent_on", "date", e.spent_on),
    ]  # fmt: skip
    return Kind(
        "expenses", "费用", e, merged(own, owner_fields(u), customer_fields(c, s)), joins,
        Field("owner_id", "int", e.owner), "spent_on", (live(e.deleted_at),),
    )  # fmt: skip


def campaigns() -> Kind:
    g = cp.Campaign
    u = core.User.alias("ou")
    joins = {"owner": Join(g, u, u.id == g.owner)}
    own = [
        Field("type", "text", g.type), Field("stage", "text", g.stage),
        money("budget", g.budget),
        money("expected_revenue", g.expected_revenue),
        Field("expected_responses", "int", g.expected_responses),
        Field("responses", "int", g.responses),
        Field("starts_on", "date", g.starts_on), Field("ends_on", "date", g.ends_on),
    ]  # fmt: skip
    return Kind(
        "campaigns", "市场活动", g, merged(own, owner_fields(u)), joins,
        Field("owner_id", "int", g.owner), "starts_on", (live(g.deleted_at),),
    )  # fmt: skip
