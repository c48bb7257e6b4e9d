"""Resolving a quote import file against the database, one query per batch of values.

Customers (by code or exact name, as the importer may see and change them), contacts,
references already imported, products and price-book prices: each is looked up for a
batch of distinct values at once, never per row, so a 100,000-line file costs a few
hundred queries at most.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import Any, cast

import peewee as pw

from crm_cli.store import access, lines
from crm_cli.store import models as m
from crm_cli.store import sales_models as sm
from crm_cli.store.db import db_proxy
from crm_cli.store.normalize import name_key
from crm_cli.store.quote_checks import ZERO, Checker, Customer, Group
from crm_cli.store.records import User

BATCH = 500  # distinct values per IN (...) look-up


def _in(column: Any, values: list[Any]) -> Any:
    """``column IN (values)`` bound as one fragment: peewee renders long IN lists value by value,
    which costs more than the query; the values here are plain text and ids."""
    marks = ", ".join([db_proxy.obj.param] * len(values))
    return pw.Expression(column, "IN", pw.SQL(f"({marks})", values))


def _batches(values: Iterable[Any]) -> list[list[Any]]:
    items = sorted(set(values))
    return [items[i : i + BATCH] for i in range(0, len(items), BATCH)]


def resolve_customers(
    check: Checker, actor: User, groups: dict[str, Group], today: dt.date
) -> None:
    """Each group's customer by code or exact name, if the actor may see and change it."""
    texts = {g.fields["customer"] for g in groups.values() if "customer" in g.fields}
    C = m.Customer
    by_code = {
        row.code: row for row in _customers(C.code, {t.upper() for t in texts}, actor, today)
    }
    # Names through the indexed name key (exact names are compared here): a name is not indexed.
    keys = {name_key(t) for t in texts if t.upper() not in by_code}
    by_name: dict[str, list[Customer]] = {}
    for row in _customers(C.name_key, keys, actor, today):
        by_name.setdefault(row.name, []).append(row)
    may_edit = _edit_rule(actor, today)
    for group in groups.values():
        text = group.fields.get("customer")
        if text is None:
            continue
        by_its_code = by_code.get(text.upper())
        found = [by_its_code] if by_its_code is not None else by_name.get(text, [])
        where = group.field_rows["customer"]
        if not found:
            check.add(where, "customer", text, "no such customer (code or exact name)")
        elif len(found) > 1:
            codes = ", ".join(r.code for r in found)
            check.add(where, "customer", text, f"several customers have this name: {codes}")
        elif not may_edit(found[0]):
            check.add(where, "customer", text, "you may not add quotes to this customer")
        else:
            group.customer = found[0]


def _customers(column: Any, values: set[str], actor: User, today: dt.date) -> list[Customer]:
    """Live customers the actor may see whose ``column`` is one of ``values``."""
    C = m.Customer
    found = []
    for batch in _batches(values):
        # deleted_at is tested here, not in SQL, so SQLite keeps to the index on ``column``.
        query = C.select(C.id, C.code, C.name, C.level, C.owner, C.deleted_at).where(
            _in(column, batch)
        )
        rows: Any = access.restrict(query, actor, today).tuples()
        found += [Customer(*cells[:5]) for cells in rows if cells[5] is None]
    return found


def _edit_rule(actor: User, today: dt.date) -> Callable[[Customer], bool]:
    """``access.can_edit`` with its look-ups done once for the whole file."""
    if actor.is_admin:
        return lambda row: True
    owners = access.managed_owner_ids(actor)
    D = m.Delegation
    delegated = {
        row.customer_id
        for row in D.select(D.customer).where(
            (D.delegate == actor.id) & (D.until >= today) & D.revoked_at.is_null()
        )
    }
    return lambda row: row.owner_id in owners or row.id in delegated


def resolve_contacts(check: Checker, groups: dict[str, Group]) -> None:
    """Each group's contact, by code or exact name among its customer's contacts."""
    wanted = [g for g in groups.values() if g.customer is not None and "contact" in g.fields]
    C = m.Contact
    found: dict[tuple[int, str], list[int]] = {}
    for start in range(0, len(wanted), BATCH):
        chunk = wanted[start : start + BATCH]  # so the parameters stay few whatever the file
        texts = sorted({g.fields["contact"] for g in chunk})
        query = C.select(C.id, C.customer, C.code, C.name).where(
            _in(C.customer, sorted({g.customer.id for g in chunk}))
            & C.deleted_at.is_null()
            & (_in(C.name, texts) | _in(C.code, [t.upper() for t in texts]))
        )
        for row in query:
            customer_id = cast(int, row.customer_id)
            found.setdefault((customer_id, row.code), []).append(row.id)
            found.setdefault((customer_id, row.name), []).append(row.id)
    for group in wanted:
        text = group.fields["contact"]
        ids = found.get((group.customer.id, text.upper())) or found.get(
            (group.customer.id, text), []
        )
        where = group.field_rows["contact"]
        if not ids:
            check.add(where, "contact", text, f"customer {group.customer.code} has no such contact")
        elif len(ids) > 1:
            check.add(where, "contact", text, "several contacts have this name; use the code")
        else:
            group.contact_id = ids[0]


def check_refs(check: Checker, groups: dict[str, Group]) -> None:
    """A reference a live quote already has is refused (import it again after deleting it)."""
    Q = sm.Quote
    for batch in _batches(groups):
        query = Q.select(Q.ref, Q.code).where(_in(Q.ref, batch) & Q.deleted_at.is_null())
        for row in query:
            check.add(groups[row.ref].row, "ref", row.ref, f"already imported as quote {row.code}")


def price(check: Checker, groups: dict[str, Group]) -> None:
    """Price every line: its own price, else its customer group's book, else the list price."""
    products = _products({item[1] for g in groups.values() for item in g.items if item[1]})
    books = {
        b.customer_group: b.id
        for b in sm.PriceBook.select().where(sm.PriceBook.deleted_at.is_null())
        if b.customer_group
    }
    book_prices = _book_prices(set(books.values()), [p[0] for p in products.values()])
    amounts: dict[tuple[Decimal, Decimal, Decimal], tuple[int, int, int, int]] = {}
    for group in groups.values():
        book = books.get(group.customer.level) if group.customer is not None else None
        for number, code, quantity, own, discount in group.items:
            product = products.get(code)
            if product is None:
                if code:
                    check.add(number, "product", code, "no such product")
                continue
            if quantity is None or group.customer is None:
                continue
            product_id, list_price, fee = product
            unit = own if own is not None else book_prices.get((book, product_id), list_price)
            key = (quantity, unit, discount if discount is not None else ZERO)
            stored = amounts.get(key)
            if stored is None:
                amount = lines.line_amount(*key)
                stored = amounts[key] = (
                    int(key[0].scaleb(3)), int(unit.scaleb(2)), int(key[2].scaleb(2)),
                    int(amount.scaleb(2)),
                )  # fmt: skip
            group.lines.append((number, product_id, *stored, fee))
            group.total_cents += stored[3]


def _products(codes: set[str]) -> dict[str, tuple[int, Decimal, int | None]]:
    """Live products by code: id, list price and annual fee in cents."""
    P = sm.Product
    found: dict[str, tuple[int, Decimal, int | None]] = {}
    for batch in _batches(codes):
        query = P.select().where(_in(P.code, batch) & P.deleted_at.is_null())
        for row in query:
            fee = None if row.annual_fee is None else int(row.annual_fee.scaleb(2))
            found[row.code] = (row.id, cast(Decimal, row.price), fee)
    return found


def _book_prices(
    book_ids: set[int], product_ids: list[int]
) -> dict[tuple[int | None, int], Decimal]:
    if not book_ids:
        return {}
    E = sm.PriceBookEntry
    prices: dict[tuple[int | None, int], Decimal] = {}
    for batch in _batches(product_ids):
        query = E.select().where(E.book.in_(list(book_ids)) & _in(E.product, batch))
        prices.update(((e.book_id, e.product_id), e.price) for e in query)
    return prices
