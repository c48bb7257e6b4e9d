"""Quotes (QUO-1): add, list, show, edit, delete, audit, and the data of a printed quote.

Lines are ``PRODUCT:QTY[:PRICE[:DISCOUNT%]]`` priced by ``lines.price_lines`` (the line's
own price, else the quote's price book, else the list price). An audited quote is locked
until un-audited; the owner's managers and admins audit. Every change is in the oplog.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from crm_cli.store.core import models as m
from crm_cli.store.core import oplog
from crm_cli.store.core.codes import next_code
from crm_cli.store.core.dates import now_or
from crm_cli.store.core.db import reading, writing
from crm_cli.store.core.errors import Conflict, InvalidInput, Locked, NotFound
from crm_cli.store.core.listing import ALL, Page, chunks, streaming
from crm_cli.store.core.records import User
from crm_cli.store.customers import access
from crm_cli.store.customers import models as cm
from crm_cli.store.customers.customers import find_row as find_customer
from crm_cli.store.customers.customers import require_live
from crm_cli.store.sales import lines, quote_terms
from crm_cli.store.sales import models as sm
from crm_cli.store.sales.pricebooks import find_book
from crm_cli.store.sales.quote_fields import set_field
from crm_cli.store.sales.quote_records import (
    Quote,
    QuoteLine,
    QuotePrint,
    base_query,
    find_row,
    full_record,
    lines_of,
    to_records,
)
from crm_cli.store.sales.tax import parse_tax_rate

__all__ = ["Quote", "QuoteLine", "QuotePrint"]


def _write_lines(quote_id: int, priced: list[lines.PricedLine]) -> None:
    rows = [{"quote": quote_id, "position": n, **p.stored()} for n, p in enumerate(priced, 1)]
    sm.QuoteLine.insert_many(rows).execute()


def _book(row: sm.Quote, customer: cm.Customer) -> sm.PriceBook | None:
    if row.pricebook_id is not None:
        return sm.PriceBook.get_or_none(sm.PriceBook.id == row.pricebook_id)
    return lines.book_for(customer)


def _snapshot(row: sm.Quote) -> dict[str, Any]:
    return {
        "subject": row.subject,
        "contact_id": row.contact_id,
        "valid_until": row.valid_until,
        "handler_id": row.handler_id,
        "notes": row.notes,
        "total": row.total,
    }


@writing
def add_quote(
    actor: User,
    customer_ref: str,
    line_specs: Sequence[str],
    fields: Mapping[str, str] | None = None,
    *,
    pricebook: str | None = None,
    tax_rate: str | None = None,
    now: dt.datetime | None = None,
) -> Quote:
    """A new quote for a customer the actor may change.

    ``fields``: subject, contact, valid_until, handler (default: the actor), notes.
    ``tax_rate``: every line's VAT % (default: each product's, else the team's).
    """
    now = now_or(now)
    today = now.date()
    rate = parse_tax_rate(tax_rate) if tax_rate is not None else None
    specs = [lines.parse_line_spec(text) for text in line_specs]
    customer = find_customer(actor, customer_ref, today)
    require_live(customer)
    access.require_edit(actor, customer, today, "add quotes to")
    row = sm.Quote(
        customer=customer.id,
        handler=actor.id,
        created_by=actor.id,
        created_at=now,
        updated_at=now,
        pricebook=find_book(pricebook).id if pricebook else None,
    )
    for name, text in (fields or {}).items():
        set_field(row, customer, name, text, today)
    priced = lines.price_lines(specs, _book(row, customer))
    if rate is not None:
        priced = lines.with_rate(priced, rate)
    row.total = lines.total_of(priced)
    row.code = next_code("quote", "code.quote_prefix")
    row.save(force_insert=True)
    _write_lines(row.id, priced)
    row.customer = customer
    record = full_record(row)
    changes = {"code": row.code, "subject": row.subject, "lines": len(priced), "total": row.total}
    oplog.write(actor, "quote", row.id, customer.id, "add", oplog.nonempty(changes), now)
    return record


@streaming
def iter_quotes(
    actor: User,
    *,
    customer: str | None = None,
    audited: bool | None = None,
    deleted: bool = False,
    page: Page = ALL,
    now: dt.datetime | None = None,
    terms: Sequence[str] = (),
) -> Iterator[Quote]:
    """Quotes the actor may see, newest first, read as the caller iterates; ``terms``
    (SH-1, ``quote_terms``) narrow them as the options do."""
    today = now_or(now).date()
    Q = sm.Quote
    query = base_query().where(Q.deleted_at.is_null(not deleted) & cm.Customer.deleted_at.is_null())
    if customer:
        query = query.where(Q.customer == find_customer(actor, customer, today).id)
    if audited is not None:
        query = query.where(Q.audited == audited)
    for cond in quote_terms.conditions(terms, actor, today):
        query = query.where(cond)
    query = access.restrict(query, actor, today).order_by(Q.created_at.desc(), Q.id.desc())
    for chunk in chunks(page.apply(query)):
        yield from to_records(chunk)


@reading
def list_quotes(
    actor: User,
    *,
    customer: str | None = None,
    audited: bool | None = None,
    deleted: bool = False,
    now: dt.datetime | None = None,
) -> list[Quote]:
    """``iter_quotes`` as a list."""
    return list(iter_quotes(actor, customer=customer, audited=audited, deleted=deleted, now=now))


@reading
def get_quote(actor: User, ref: str, *, now: dt.datetime | None = None) -> Quote:
    """One quote with its lines and the orders made from it (deleted ones too)."""
    today = now_or(now).date()
    try:
        row = find_row(actor, ref, today)
    except NotFound:
        row = find_row(actor, ref, today, deleted=True)
    return full_record(row)


@reading
def quote_lines(actor: User, ref: str, *, now: dt.datetime | None = None) -> list[QuoteLine]:
    """The lines of a live quote the actor may see (for an order made from it)."""
    return list(lines_of(find_row(actor, ref, now_or(now).date()).id))


def _editable(actor: User, ref: str, today: dt.date, what: str) -> sm.Quote:
    row = find_row(actor, ref, today)
    access.require_edit(actor, row.customer, today, what)
    if row.audited:
        raise Locked("quote {code} is audited; un-audit it before changing it", code=row.code)
    return row


@writing
def edit_quote(
    actor: User,
    ref: str,
    changes: Mapping[str, str],
    line_specs: Sequence[str] | None = None,
    *,
    tax_rate: str | None = None,
    now: dt.datetime | None = None,
) -> Quote:
    """Change a quote's fields; ``line_specs`` replace all its lines (re-priced);
    ``tax_rate`` puts every line at that VAT % (the new ones, else the existing ones)."""
    now = now_or(now)
    today = now.date()
    rate = parse_tax_rate(tax_rate) if tax_rate is not None else None
    specs = [lines.parse_line_spec(text) for text in line_specs] if line_specs else None
    if not changes and specs is None and rate is None:
        raise InvalidInput("nothing to change: give a field, --line or --tax-rate")
    row = _editable(actor, ref, today, "change quotes of")
    customer = row.customer
    before = _snapshot(row)
    for name, text in changes.items():
        set_field(row, customer, name, text, today)
    if specs is not None or rate is not None:
        _replace_lines(row, specs, rate)
    changed = oplog.diff(before, _snapshot(row))
    if specs is not None:
        changed["lines"] = [None, len(specs)]
    if rate is not None:
        changed["tax_rate"] = [None, str(rate)]
    if changed:
        row.updated_at = now
        row.save()
        oplog.write(actor, "quote", row.id, customer.id, "edit", changed, now)
    return full_record(row)


def _replace_lines(row: sm.Quote, specs: list[lines.LineSpec] | None, rate: Any) -> None:
    """New lines from ``specs`` (else the quote's own), at VAT ``rate`` when given."""
    if specs is not None:
        priced = lines.price_lines(specs, _book(row, row.customer))
    else:
        L = sm.QuoteLine
        rows = L.select().where(L.quote == row.id).order_by(L.position)
        priced = [lines.priced_row(x) for x in rows]
    if rate is not None:
        priced = lines.with_rate(priced, rate)
    sm.QuoteLine.delete().where(sm.QuoteLine.quote == row.id).execute()
    _write_lines(row.id, priced)
    row.total = lines.total_of(priced)


@writing
def delete_quote(actor: User, ref: str, *, now: dt.datetime | None = None) -> Quote:
    """Soft-delete a quote; refused while audited or while a live order comes from it."""
    now = now_or(now)
    row = _editable(actor, ref, now.date(), "delete quotes of")
    record = full_record(row)
    if record.orders:
        raise Conflict(
            "quote {code} is the source of order {orders}; cancel it first",
            code=row.code,
            orders=record.orders[0],
        )
    row.deleted_at = now
    row.updated_at = now
    row.save()
    oplog.write(actor, "quote", row.id, row.customer_id, "delete", {"code": row.code}, now)
    return record._replace(deleted=True)


def _set_audit(actor: User, ref: str, audited: bool, now: dt.datetime) -> Quote:
    row = find_row(actor, ref, now.date())
    verb = "audit" if audited else "un-audit"
    access.require_manage(actor, row.customer, now.date(), f"{verb} quotes of")
    if row.audited == audited:
        if audited:
            raise InvalidInput("quote {code} is already audited", code=row.code)
        raise InvalidInput("quote {code} is not audited", code=row.code)
    row.audited = audited
    row.audited_by_id = actor.id if audited else None
    row.audited_at = now if audited else None
    row.updated_at = now
    row.save()
    oplog.write(actor, "quote", row.id, row.customer_id, verb.replace("-", ""), {}, now)
    return full_record(row)


@writing
def audit_quote(actor: User, ref: str, *, now: dt.datetime | None = None) -> Quote:
    """Audit (审核) a quote: locked against edits until un-audited."""
    return _set_audit(actor, ref, True, now_or(now))


@writing
def unaudit_quote(actor: User, ref: str, *, now: dt.datetime | None = None) -> Quote:
    return _set_audit(actor, ref, False, now_or(now))


@reading
def quote_document(actor: User, ref: str, *, now: dt.datetime | None = None) -> QuotePrint:
    """A quote with what its printed form shows: addresses and phones."""
    today = now_or(now).date()
    row = find_row(actor, ref, today)
    record = full_record(row)
    customer = row.customer
    contact = cm.Contact.get_or_none(cm.Contact.id == row.contact_id) if row.contact_id else None
    handler = m.User.get_or_none(m.User.id == row.handler_id) if row.handler_id else None
    address = " ".join(p for p in (customer.province, customer.city, customer.address) if p)
    return QuotePrint(
        quote=record,
        customer_address=address,
        customer_phone=customer.phone,
        contact_phone=(contact.mobile or contact.work_phone) if contact else "",
        handler_name=(handler.display or handler.login) if handler else "",
    )
