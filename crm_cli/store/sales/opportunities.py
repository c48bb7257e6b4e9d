"""Opportunities (OPP-1): a possible deal with a customer, its chances and how it ended.

Visibility follows the customer; changing one needs edit rights on the customer. A won or
lost opportunity is closed: it cannot be edited or closed again until it is reopened.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping, Sequence
from decimal import Decimal
from typing import Any

from crm_cli.store.core import oplog
from crm_cli.store.core.choices import choose
from crm_cli.store.core.codes import next_code
from crm_cli.store.core.dates import now_or
from crm_cli.store.core.db import reading, writing
from crm_cli.store.core.errors import Conflict, InvalidInput, NotFound
from crm_cli.store.core.listing import ALL, Page, chunks, streaming
from crm_cli.store.core.records import User
from crm_cli.store.core.users import user_row
from crm_cli.store.core.values import as_id
from crm_cli.store.customers import access
from crm_cli.store.customers import models as cm
from crm_cli.store.customers.customers import find_row, require_live
from crm_cli.store.sales import models as sm
from crm_cli.store.sales import opportunity_terms
from crm_cli.store.sales.opportunity_fields import (
    EDITABLE,
    STATUSES,
    Opportunity,
    close_date,
    closing_day,
    contact_id,
    parse_amount,
    parse_probability,
    record,
    records,
    snapshot,
)


@writing
def add_opportunity(
    actor: User,
    customer_ref: str,
    *,
    amount: str | Decimal,
    probability: int | str,
    contact: str | None = None,
    product: str = "",
    description: str = "",
    stage: str = "",
    close: str | dt.date | None = None,
    force: bool = False,
    now: dt.datetime | None = None,
) -> Opportunity:
    """Record an open opportunity; its owner is the customer's owner.

    Raises:
        InvalidInput: a bad amount, probability (or one below the minimum unless ``force``)
            or close date. NotFound: no such customer or contact. PermissionDenied: the
            actor may not change the customer.
    """
    now = now_or(now)
    today = now.date()
    customer = find_row(actor, customer_ref, today)
    require_live(customer)
    access.require_edit(actor, customer, today, "add opportunities to")
    row = sm.Opportunity(
        customer=customer.id, owner=customer.owner_id or actor.id, created_by=actor.id,
        amount=parse_amount(amount), probability=parse_probability(probability, force=force),
        contact=contact_id(customer, contact), product=product.strip(),
        description=description.strip(), stage=stage.strip(),
        close_date=close_date(close, today), created_at=now, updated_at=now,
    )  # fmt: skip
    row.code = next_code("opportunity", "code.opportunity_prefix")
    row.save(force_insert=True)
    changes = {"code": row.code, **snapshot(row)}
    oplog.write(actor, "opportunity", row.id, customer.id, "add", oplog.nonempty(changes), now)
    return record(row, customer)


def _find(actor: User, ref: str, today: dt.date) -> tuple[sm.Opportunity, cm.Customer]:
    text = ref.strip()
    if not text:
        raise InvalidInput("empty opportunity reference")
    Opp = sm.Opportunity
    cond = Opp.code == text.upper()
    if (number := as_id(text, "opportunity")) is not None:
        cond |= Opp.id == number
    query = (
        Opp.select(Opp, cm.Customer)
        .join(cm.Customer, on=(Opp.customer == cm.Customer.id))
        .where(cond & Opp.deleted_at.is_null())
    )
    row = access.restrict(query, actor, today).first()
    if row is None:
        raise NotFound("no opportunity {text!r}", text=text)
    return row, row.customer


@reading
def get_opportunity(actor: User, ref: str, *, now: dt.datetime | None = None) -> Opportunity:
    row, customer = _find(actor, ref, now_or(now).date())
    return record(row, customer)


@streaming
def iter_opportunities(
    actor: User,
    *,
    customer: str | None = None,
    status: str | None = None,
    owner: str | None = None,
    page: Page = ALL,
    now: dt.datetime | None = None,
    terms: Sequence[str] = (),
) -> Iterator[Opportunity]:
    """Opportunities the actor may see, newest first, optionally filtered; read as the
    caller iterates, the page cut by the database (index on created_at, id)."""
    today = now_or(now).date()
    Opp = sm.Opportunity
    query = (
        Opp.select(Opp, cm.Customer)
        .join(cm.Customer, on=(Opp.customer == cm.Customer.id))
        .where(Opp.deleted_at.is_null() & cm.Customer.deleted_at.is_null())
    )
    query = narrowed(
        query, actor, today, customer=customer, status=status, owner=owner, terms=terms
    )
    query = query.order_by(Opp.created_at.desc(), Opp.id.desc())
    for chunk in chunks(page.apply(query)):
        yield from records(chunk)


def narrowed(
    query: Any, actor: User, today: dt.date, *, customer: str | None, status: str | None,
    owner: str | None, terms: Sequence[str] = (),
) -> Any:  # fmt: skip
    """``query`` (opportunities joined to their customer) cut to what the actor sees and
    the list's filters: the list and its export take the same ones."""
    Opp = sm.Opportunity
    if customer:
        query = query.where(Opp.customer == find_row(actor, customer, today).id)
    if status:
        word = choose(status, STATUSES, "status", kind="opportunity status")
        query = query.where(Opp.status == word)
    if owner:
        query = query.where(Opp.owner == user_row(owner).id)
    for cond in opportunity_terms.conditions(terms, actor, today):  # SH-1
        query = query.where(cond)
    return access.restrict(query, actor, today)


@reading
def list_opportunities(
    actor: User,
    *,
    customer: str | None = None,
    status: str | None = None,
    owner: str | None = None,
    limit: int | None = None,
    now: dt.datetime | None = None,
) -> list[Opportunity]:
    """``iter_opportunities`` as a list, at most ``limit``."""
    if limit is not None and limit < 1:
        raise InvalidInput("invalid limit {limit}: must be at least 1", limit=limit)
    found = iter_opportunities(
        actor, customer=customer, status=status, owner=owner, page=Page(limit), now=now
    )
    return list(found)


def _require_open(row: sm.Opportunity) -> None:
    if row.status != "open":
        raise Conflict(
            "opportunity {code} is {status}; reopen it to change it",
            code=row.code,
            status=row.status,
        )


def _save(
    actor: User, row: sm.Opportunity, customer: cm.Customer, before: dict[str, Any],
    action: str, now: dt.datetime,
) -> Opportunity:  # fmt: skip
    changed = oplog.diff(before, snapshot(row))
    if changed:
        row.updated_at = now
        row.save()
        oplog.write(actor, "opportunity", row.id, customer.id, action, changed, now)
    return record(row, customer)


def _writable(actor: User, ref: str, today: dt.date) -> tuple[sm.Opportunity, cm.Customer]:
    row, customer = _find(actor, ref, today)
    require_live(customer)
    access.require_edit(actor, customer, today, "change opportunities of")
    return row, customer


@writing
def edit_opportunity(
    actor: User,
    ref: str,
    changes: Mapping[str, Any],
    *,
    force: bool = False,
    now: dt.datetime | None = None,
) -> Opportunity:
    """Change fields of an open opportunity (see ``EDITABLE``).

    Raises:
        Conflict: it is won or lost. InvalidInput: nothing to change or a bad value.
    """
    now = now_or(now)
    today = now.date()
    row, customer = _writable(actor, ref, today)
    _require_open(row)
    unknown = sorted(set(changes) - set(EDITABLE))
    if unknown or not changes:
        if not unknown:
            raise InvalidInput(
                "nothing to change: give at least one of {editable}", editable=", ".join(EDITABLE)
            )
        raise InvalidInput(
            "unknown opportunity field {unknown!r}; fields: {editable}",
            unknown=unknown[0],
            editable=", ".join(EDITABLE),
        )
    before = snapshot(row)
    setters = {
        "amount": lambda v: setattr(row, "amount", parse_amount(v)),
        "probability": lambda v: setattr(row, "probability", parse_probability(v, force=force)),
        "contact": lambda v: setattr(row, "contact", contact_id(customer, v)),
        "close_date": lambda v: setattr(row, "close_date", close_date(v, today)),
    }
    for key, value in changes.items():
        setters.get(key, lambda v, k=key: setattr(row, k, str(v).strip()))(value)
    return _save(actor, row, customer, before, "edit", now)


@writing
def win_opportunity(
    actor: User, ref: str, *, date: str | dt.date | None = None, now: dt.datetime | None = None
) -> Opportunity:
    """Close an open opportunity as won on ``date`` (default today)."""
    now = now_or(now)
    row, customer = _writable(actor, ref, now.date())
    _require_open(row)
    before = snapshot(row)
    row.status, row.closed_on, row.reason = "won", closing_day(date, now.date()), ""
    return _save(actor, row, customer, before, "win", now)


@writing
def lose_opportunity(
    actor: User,
    ref: str,
    *,
    reason: str,
    date: str | dt.date | None = None,
    now: dt.datetime | None = None,
) -> Opportunity:
    """Close an open opportunity as lost, with the reason it was lost."""
    now = now_or(now)
    if not reason.strip():
        raise InvalidInput("a lost opportunity needs a reason (--reason)")
    row, customer = _writable(actor, ref, now.date())
    _require_open(row)
    before = snapshot(row)
    row.status, row.closed_on = "lost", closing_day(date, now.date())
    row.reason = reason.strip()
    return _save(actor, row, customer, before, "lose", now)


@writing
def reopen_opportunity(actor: User, ref: str, *, now: dt.datetime | None = None) -> Opportunity:
    """Open a won or lost opportunity again, clearing its closing date and reason."""
    now = now_or(now)
    row, customer = _writable(actor, ref, now.date())
    if row.status == "open":
        raise Conflict("opportunity {code} is already open", code=row.code)
    before = snapshot(row)
    row.status, row.closed_on, row.reason = "open", None, ""
    return _save(actor, row, customer, before, "reopen", now)


@writing
def delete_opportunity(actor: User, ref: str, *, now: dt.datetime | None = None) -> Opportunity:
    """Soft-delete an opportunity; the log keeps who and when."""
    now = now_or(now)
    row, customer = _writable(actor, ref, now.date())
    row.deleted_at = now
    row.save()
    oplog.write(actor, "opportunity", row.id, customer.id, "delete", {"code": row.code}, now)
    return record(row, customer)
