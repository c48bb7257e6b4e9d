"""Linking customers (their source campaign) and opportunities to a campaign (CMP-1).

Linking takes edit rights on the customer (the opportunity's customer): a customer the
actor may not see is "not found", as everywhere. A customer has one source campaign, so
linking it to another replaces the first; each change goes into the customer's log. A
call links every record it names or, on the first refusal, none.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from crm_cli.store.campaigns import models as km
from crm_cli.store.campaigns.lookup import find_row
from crm_cli.store.campaigns.records import Linked
from crm_cli.store.core import oplog
from crm_cli.store.core.dates import now_or
from crm_cli.store.core.db import writing
from crm_cli.store.core.errors import InvalidInput, NotFound
from crm_cli.store.core.records import User
from crm_cli.store.core.values import as_id
from crm_cli.store.customers import access
from crm_cli.store.customers import customers as cc
from crm_cli.store.customers import models as cm
from crm_cli.store.customers.records import Customer
from crm_cli.store.sales import models as sm

MAX_REFS = 1000


def _codes(ids: set[int | None]) -> dict[int, str]:
    wanted = [i for i in ids if i]
    query: Any = km.Campaign.select(km.Campaign.id, km.Campaign.code).where(
        km.Campaign.id.in_(wanted)
    )
    return dict(query.tuples()) if wanted else {}


def opportunity_row(actor: User, ref: str, today: dt.date) -> tuple[sm.Opportunity, cm.Customer]:
    text = ref.strip()
    Opp, C = sm.Opportunity, cm.Customer
    cond = Opp.code == text.upper()
    if (number := as_id(text, "opportunity")) is not None:
        cond |= Opp.id == number
    live = cond & Opp.deleted_at.is_null()
    query = Opp.select(Opp, C).join(C, on=(Opp.customer == C.id)).where(live)
    row = access.restrict(query, actor, today).first()
    if row is None:
        raise NotFound("no opportunity {text!r}", text=text)
    return row, row.customer


def set_campaign(
    actor: User, row: Any, customer: cm.Customer, kind: str, target: km.Campaign | None,
    now: dt.datetime,
) -> Linked:  # fmt: skip
    """Point one customer or opportunity at ``target`` (None: at no campaign) and log it."""
    new_id = target.id if target is not None else None
    label = row.name if kind == "customer" else row.description or row.product
    if row.campaign_id == new_id:
        return Linked(kind, row.code, label, target.code if target else None, False)
    old = _codes({row.campaign_id}).get(row.campaign_id or 0)
    type(row).update(campaign_id=new_id, updated_at=now).where(type(row).id == row.id).execute()
    change = {"campaign": [old, target.code if target else None]}
    oplog.write(actor, kind, row.id, customer.id, "campaign", change, now)
    return Linked(kind, row.code, label, target.code if target else None, True)


def _targets(actor: User, refs: Mapping[str, Sequence[str]], today: dt.date) -> list[Any]:
    """(kind, row, customer) of every reference, each checked before anything is written."""
    if sum(len(v) for v in refs.values()) > MAX_REFS:
        raise InvalidInput("link at most {max_refs} records at a time", max_refs=MAX_REFS)
    found: list[Any] = []
    for ref in refs.get("customer", ()):
        customer = cc.find_row(actor, ref, today)
        access.require_edit(actor, customer, today, "link a campaign to")
        found.append(("customer", customer, customer))
    for ref in refs.get("opportunity", ()):
        row, customer = opportunity_row(actor, ref, today)
        access.require_edit(actor, customer, today, "link a campaign to opportunities of")
        found.append(("opportunity", row, customer))
    if not found:
        raise InvalidInput("name at least one customer or opportunity")
    return found


@writing
def link(
    actor: User,
    campaign: str,
    *,
    customers: Sequence[str] = (),
    opportunities: Sequence[str] = (),
    now: dt.datetime | None = None,
) -> list[Linked]:
    """Make ``campaign`` the source campaign of ``customers`` and the campaign of
    ``opportunities``.

    Raises:
        NotFound: the campaign, or a customer or opportunity the actor may not see.
        PermissionDenied: the actor sees a customer but may not change it.
    """
    now = now_or(now)
    target = find_row(campaign)
    refs = {"customer": customers, "opportunity": opportunities}
    return [set_campaign(actor, row, customer, kind, target, now)
            for kind, row, customer in _targets(actor, refs, now.date())]  # fmt: skip


@writing
def unlink(
    actor: User,
    campaign: str,
    *,
    customers: Sequence[str] = (),
    opportunities: Sequence[str] = (),
    now: dt.datetime | None = None,
) -> list[Linked]:
    """Take customers and opportunities off ``campaign``; each must be linked to it."""
    now = now_or(now)
    source = find_row(campaign)
    refs = {"customer": customers, "opportunity": opportunities}
    found = _targets(actor, refs, now.date())
    for kind, row, _ in found:
        if row.campaign_id != source.id:
            raise InvalidInput(
                "{kind} {code} is not linked to campaign {campaign}",
                kind=kind,
                code=row.code,
                campaign=source.code,
            )
    return [set_campaign(actor, row, customer, kind, None, now) for kind, row, customer in found]


@writing
def add_customer_from(
    actor: User,
    campaign: str,
    name: str,
    values: Mapping[str, Any] | None = None,
    *,
    custom: Mapping[str, Any] | None = None,
    allow_duplicate: bool = False,
    now: dt.datetime | None = None,
) -> Customer:
    """`customers.add_customer`, the customer coming from ``campaign``: one transaction, so a
    refusal of either writes nothing. The campaign is found first.

    Raises:
        NotFound: no such campaign; and whatever ``add_customer`` raises.
    """
    now = now_or(now)
    target = find_row(campaign)
    added = cc.add_customer(
        actor, name, values, custom=custom, allow_duplicate=allow_duplicate, now=now
    )
    row = cm.Customer.get_by_id(added.id)
    set_campaign(actor, row, row, "customer", target, now)
    return added
