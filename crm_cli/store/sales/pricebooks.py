"""Price books (PRD-1): named price lists, one per customer group (the customer's level).

A quote line takes its price from the line itself, else from the quote's price book (named,
or the book of the customer's group), else the product's list price (``lines.price_lines``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from typing import Any, NamedTuple

import peewee as pw

from crm_cli.store.core import oplog
from crm_cli.store.core.dates import now_or
from crm_cli.store.core.db import reading, writing
from crm_cli.store.core.errors import Conflict, Duplicate, InvalidInput, NotFound
from crm_cli.store.core.records import User
from crm_cli.store.core.values import as_id
from crm_cli.store.sales import models as sm
from crm_cli.store.sales import pricebook_terms
from crm_cli.store.sales.products import find_row as find_product
from crm_cli.store.sales.products import money_value, require_catalogue_rights


class PriceEntry(NamedTuple):
    book: str
    product: str
    product_name: str
    unit: str
    list_price: Decimal
    price: Decimal

    def to_dict(self) -> dict[str, Any]:
        return self._asdict()


class PriceBook(NamedTuple):
    id: int
    name: str
    group: str
    products: int
    created_at: dt.datetime
    entries: tuple[PriceEntry, ...] | None = None  # only in ``get_pricebook``

    def to_dict(self) -> dict[str, Any]:
        data = self._asdict()
        if self.entries is None:
            del data["entries"]
        else:
            data["entries"] = [e.to_dict() for e in self.entries]
        return data


def find_book(name: str) -> sm.PriceBook:
    """A live price book by exact name (or numeric id)."""
    text = name.strip()
    if not text:
        raise InvalidInput("empty price book name")
    cond = sm.PriceBook.name == text
    if (number := as_id(text, "price book")) is not None:
        cond |= sm.PriceBook.id == number
    row = sm.PriceBook.get_or_none(cond & sm.PriceBook.deleted_at.is_null())
    if row is None:
        raise NotFound("no price book {text!r}", text=text)
    return row


def _count(book_id: int) -> int:
    return int(sm.PriceBookEntry.select().where(sm.PriceBookEntry.book == book_id).count())


def _record(
    row: sm.PriceBook, count: int, entries: tuple[PriceEntry, ...] | None = None
) -> PriceBook:
    return PriceBook(row.id, row.name, row.customer_group, count, row.created_at, entries)


def _check_group(group: str, exclude_id: int | None = None) -> str:
    group = group.strip()
    if not group:
        return ""
    query = sm.PriceBook.select().where(
        (sm.PriceBook.customer_group == group) & sm.PriceBook.deleted_at.is_null()
    )
    if exclude_id is not None:
        query = query.where(sm.PriceBook.id != exclude_id)
    other = query.first()
    if other is not None:
        raise Conflict(
            "customer group {group!r} already has price book {name!r}", group=group, name=other.name
        )
    return group


@writing
def add_pricebook(
    actor: User, name: str, group: str = "", *, now: dt.datetime | None = None
) -> PriceBook:
    """A new, empty price book; ``group`` is the customer level it serves (one book a group)."""
    now = now_or(now)
    require_catalogue_rights(actor, "add price books")
    name = name.strip()
    if not name or len(name) > 100:
        raise InvalidInput("invalid price book name {name!r}: 1 to 100 characters", name=name)
    existing = sm.PriceBook.get_or_none(sm.PriceBook.name == name)
    if existing is not None:
        state = " (deleted)" if existing.deleted_at else ""
        raise Duplicate("price book {name!r} exists{state}", name=name, state=state)
    row = sm.PriceBook.create(name=name, customer_group=_check_group(group), created_at=now)
    oplog.write(actor, "pricebook", row.id, None, "add", {"name": name, "group": group}, now)
    return _record(row, 0)


@writing
def edit_pricebook(
    actor: User,
    name: str,
    *,
    new_name: str | None = None,
    group: str | None = None,
    now: dt.datetime | None = None,
) -> PriceBook:
    now = now_or(now)
    require_catalogue_rights(actor, "change price books")
    row = find_book(name)
    before = {"name": row.name, "group": row.customer_group}
    if new_name is not None and new_name.strip() != row.name:
        if sm.PriceBook.get_or_none(sm.PriceBook.name == new_name.strip()) is not None:
            raise Duplicate("price book {new_name!r} exists", new_name=new_name.strip())
        if not new_name.strip():
            raise InvalidInput("invalid price book name '': 1 to 100 characters")
        row.name = new_name.strip()
    if group is not None:
        row.customer_group = _check_group(group, row.id)
    changed = oplog.diff(before, {"name": row.name, "group": row.customer_group})
    if changed:
        row.save()
        oplog.write(actor, "pricebook", row.id, None, "edit", changed, now)
    return _record(row, _count(row.id))


@writing
def set_price(
    actor: User, name: str, product_ref: str, price: str, *, now: dt.datetime | None = None
) -> PriceEntry:
    """Set (or change) a product's price in a book."""
    now = now_or(now)
    require_catalogue_rights(actor, "change price books")
    book = find_book(name)
    product = find_product(product_ref)
    value = money_value("price", price)
    assert value is not None  # money_value refuses an empty price
    E = sm.PriceBookEntry
    entry = E.get_or_none((E.book == book.id) & (E.product == product.id))
    before = entry.price if entry is not None else None
    if entry is None:
        E.create(book=book.id, product=product.id, price=value)
    elif entry.price != value:
        E.update(price=value).where(E.id == entry.id).execute()
    changes = {"product": product.code, "price": [str(before) if before else None, str(value)]}
    oplog.write(actor, "pricebook", book.id, None, "set", changes, now)
    return PriceEntry(book.name, product.code, product.name, product.unit, product.price, value)


@writing
def unset_price(
    actor: User, name: str, product_ref: str, *, now: dt.datetime | None = None
) -> PriceEntry:
    """Take a product out of a book: its lines fall back to the list price."""
    now = now_or(now)
    require_catalogue_rights(actor, "change price books")
    book = find_book(name)
    product = find_product(product_ref)
    E = sm.PriceBookEntry
    entry = E.get_or_none((E.book == book.id) & (E.product == product.id))
    if entry is None:
        raise NotFound(
            "price book {name!r} has no price for {code}", name=book.name, code=product.code
        )
    entry.delete_instance()
    oplog.write(actor, "pricebook", book.id, None, "unset", {"product": product.code}, now)
    return PriceEntry(
        book.name, product.code, product.name, product.unit, product.price, entry.price
    )


@reading
def list_pricebooks(
    actor: User, *, terms: Sequence[str] = (), now: dt.datetime | None = None
) -> list[PriceBook]:
    """Live price books by name; ``terms``: query-language terms (SH-1,
    ``pricebook_terms``)."""
    E = sm.PriceBookEntry
    query: Any = E.select(E.book, pw.fn.COUNT(E.id)).group_by(E.book).tuples()
    counts: dict[int, int] = dict(query)
    rows = (
        sm.PriceBook.select().where(sm.PriceBook.deleted_at.is_null()).order_by(sm.PriceBook.name)
    )
    for cond in pricebook_terms.conditions(terms, actor, now_or(now).date()):
        rows = rows.where(cond)
    return [_record(row, counts.get(row.id, 0)) for row in rows]


@reading
def get_pricebook(actor: User, name: str) -> PriceBook:
    """A book with its prices, by product code."""
    book = find_book(name)
    E, P = sm.PriceBookEntry, sm.Product
    query = (
        E.select(E, P).join(P).where((E.book == book.id) & P.deleted_at.is_null()).order_by(P.code)
    )
    entries = tuple(
        PriceEntry(
            book.name, e.product.code, e.product.name, e.product.unit, e.product.price, e.price
        )
        for e in query
    )
    return _record(book, len(entries), entries)


@writing
def delete_pricebook(actor: User, name: str, *, now: dt.datetime | None = None) -> PriceBook:
    """Soft-delete a book: quotes that used it keep their prices; new ones no longer find it."""
    now = now_or(now)
    require_catalogue_rights(actor, "delete price books")
    row = find_book(name)
    row.deleted_at = now
    row.save()
    oplog.write(actor, "pricebook", row.id, None, "delete", {"name": row.name}, now)
    return _record(row, _count(row.id))
