"""Resolving a quote import file against the database, one query per batch of values.

Customers (by code or exact name, as the importer may see and change them), contacts,
references already imported, products and price-book prices: each is looked up for a
batch of distinct values at once, never per row, so a 100,000-line file costs a few
hundred queries at most.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import Any, cast

import peewee as pw

from crm_cli.store.core.db import db_proxy
from crm_cli.store.core.errors import Phrase
from crm_cli.store.core.normalize import name_key
from crm_cli.store.core.records import User
from crm_cli.store.customers import access
from crm_cli.store.customers import models as cm
from crm_cli.store.sales import lines, tax
from crm_cli.store.sales import models as sm
from crm_cli.store.sales.quote_checks import Checker, Customer, Group, Item, Line

TOO_MUCH = Phrase(  # lines.TOO_MUCH, translated where it is shown
    "a quote or order line, and its total, may come to at most {most:,}", most=lines.MAX_MONEY
)

BATCH = 500  # distinct values per IN (...) look-up


def in_list(column: Any, values: list[Any]) -> Any:
    """``column IN (values)`` bound as one fragment: peewee renders long IN lists value by value,
    which costs more than the query; the values here are plain text and ids."""
    if not values:
        return pw.SQL("1 = 0")
    marks = ", ".join([db_proxy.obj.param] * len(values))
    return pw.Expression(column, "IN", pw.SQL(f"({marks})", values))


def _batches(values: Iterable[Any]) -> list[list[Any]]:
    items = sorted(set(values))
    return [items[i : i + BATCH] for i in range(0, len(items), BATCH)]


def lookup(make: Callable[[Any], pw.Query], values: Iterable[Any]) -> list[tuple[Any, ...]]:
    """The rows of ``make(condition)`` for every batch of distinct ``values``, as plain tuples,
    where ``condition`` stands for "the column is IN this batch".

    Peewee builds each query's SQL once per batch size, with bare placeholders for the IN
    list; each batch then only binds its values. ``make`` must put the condition first in
    its WHERE (before any other parameter), which is checked: building the SQL for each of
    a 20,000-value file's batches costs five times what running the queries does.
    """
    database = db_proxy.obj
    compiled: dict[int, tuple[str, list[Any]]] = {}
    rows: list[tuple[Any, ...]] = []
    for batch in _batches(values):
        if len(batch) not in compiled:
            marks = "(" + ", ".join([database.param] * len(batch)) + ")"
            sql, params = make(pw.SQL(marks)).sql()
            if sql.find(database.param) != sql.find(marks) + 1:
                raise AssertionError(f"the IN list is not the first parameter of {sql!r}")
            compiled[len(batch)] = sql, params
        sql, params = compiled[len(batch)]
        rows += database.execute_sql(sql, [*batch, *params]).fetchall()
    return rows


def resolve_customers(
    check: Checker, actor: User, groups: dict[str, Group], today: dt.date
) -> None:
    """Each group's customer by code or exact name, if the actor may see and change it."""
    texts = {text for g in groups.values() if (text := g.field("customer")) is not None}
    C = cm.Customer
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
        text = group.field("customer")
        if text is None:
            continue
        by_its_code = by_code.get(text.upper())
        found = [by_its_code] if by_its_code is not None else by_name.get(text, [])
        where = group.row_of("customer")
        if not found:
            check.add(where, "customer", text, Phrase("no such customer (code or exact name)"))
        elif len(found) > 1:
            codes = ", ".join(r.code for r in found)
            why = Phrase("several customers have this name: {codes}", codes=codes)
            check.add(where, "customer", text, why)
        elif not may_edit(found[0]):
            why = Phrase("you may not add quotes to this customer")
            check.add(where, "customer", text, why)
        else:
            group.customer = found[0]


def _customers(column: Any, values: set[str], actor: User, today: dt.date) -> list[Customer]:
    """Live customers the actor may see whose ``column`` is one of ``values``."""
    C = cm.Customer

    def query(batch: Any) -> pw.Query:
        # deleted_at is tested here, not in SQL, so SQLite keeps to the index on ``column``.
        chosen = C.select(C.id, C.code, C.name, C.level, C.owner, C.deleted_at)
        return access.restrict(chosen.where(pw.Expression(column, "IN", batch)), actor, today)

    return [Customer(*cells[:5]) for cells in lookup(query, values) if cells[5] is None]


def _edit_rule(actor: User, today: dt.date) -> Callable[[Customer], bool]:
    """``access.can_edit`` with its look-ups done once for the whole file."""
    if actor.is_admin:
        return lambda row: True
    owners = access.managed_owner_ids(actor)
    D = cm.Delegation
    delegated = {
        row.customer_id
        for row in D.select(D.customer).where(
            (D.delegate == actor.id) & (D.until >= today) & D.revoked_at.is_null()
        )
    }
    return lambda row: row.owner_id in owners or row.id in delegated


def resolve_contacts(check: Checker, groups: dict[str, Group]) -> None:
    """Each group's contact, by code or exact name among its customer's contacts."""
    wanted = [g for g in groups.values() if g.customer is not None and g.field("contact")]
    C = cm.Contact
    found: dict[tuple[int, str], list[int]] = {}
    for start in range(0, len(wanted), BATCH):
        chunk = wanted[start : start + BATCH]  # so the parameters stay few whatever the file
        texts = sorted({g.field("contact") or "" for g in chunk})
        query = C.select(C.id, C.customer, C.code, C.name).where(
            in_list(C.customer, sorted({g.customer.id for g in chunk}))
            & C.deleted_at.is_null()
            & (in_list(C.name, texts) | in_list(C.code, [t.upper() for t in texts]))
        )
        for row in query:
            customer_id = cast(int, row.customer_id)
            found.setdefault((customer_id, row.code), []).append(row.id)
            found.setdefault((customer_id, row.name), []).append(row.id)
    for group in wanted:
        text = group.field("contact") or ""
        ids = found.get((group.customer.id, text.upper())) or found.get(
            (group.customer.id, text), []
        )
        where = group.row_of("contact")
        if not ids:
            why = Phrase("customer {code} has no such contact", code=group.customer.code)
            check.add(where, "contact", text, why)
        elif len(ids) > 1:
            why = Phrase("several contacts have this name; use the code")
            check.add(where, "contact", text, why)
        else:
            group.contact_id = ids[0]


def check_refs(check: Checker, groups: dict[str, Group]) -> None:
    """A reference a live quote already has is refused (import it again after deleting it)."""
    Q = sm.Quote

    def query(batch: Any) -> pw.Query:
        wanted = pw.Expression(Q.ref, "IN", batch)
        return Q.select(Q.ref, Q.code).where(wanted & Q.deleted_at.is_null())

    for ref, code in lookup(query, groups):
        check.add(
            groups[ref].row, "ref", ref, Phrase("already imported as quote {code}", code=code)
        )


class Books:
    """The price books by customer group, and the team's VAT settings (a product without a
    rate takes ``tax.rate``), read once per import."""

    def __init__(self) -> None:
        self.by_group = {
            b.customer_group: b.id
            for b in sm.PriceBook.select().where(sm.PriceBook.deleted_at.is_null())
            if b.customer_group
        }
        self.tax_rate = int(tax.default_rate().scaleb(2))  # as stored: 1300 is 13 %
        self.prices_include = tax.prices_include()


def price(
    check: Checker, groups: dict[str, Group], items: list[Item], books: Books
) -> list[tuple[Group, Line]]:
    """Price a batch's lines: its own price, else its customer group's book, else the list
    price. Each group's count, total and first line follow; a priced line's first number
    is its position in its quote (the row it came from is no longer needed)."""
    products = _products({item[1] for item in items if item[1]})
    book_prices = _book_prices(set(books.by_group.values()), [p[0] for p in products.values()])
    amount_cents, most = lines.amount_cents, lines.MAX_CENTS
    tax_cents, default, gross = tax.tax_cents, books.tax_rate, books.prices_include
    priced: list[tuple[Group, Line]] = []
    for number, code, quantity, own, discount, ref in items:
        product = products.get(code)
        if product is None:
            if code:
                check.add(number, "product", code, Phrase("no such product"))
            continue
        group = groups[ref]
        customer = group.customer
        if quantity is None or customer is None:
            continue
        product_id, unit, fee, rate = product
        if own is not None:
            unit = own
        elif (book := books.by_group.get(customer.level)) is not None:
            unit = book_prices.get((book, product_id), unit)
        off = discount or 0
        rate = default if rate is None else rate
        amount, vat = tax_cents(amount_cents(quantity, unit, off), rate, gross)
        if amount > most:
            check.add(number, "quantity", "", TOO_MUCH)
            continue
        group.count += 1
        group.total_cents += amount
        group.first_line = group.first_line or number
        line = (group.count, product_id, quantity, unit, off, amount, fee, rate, vat)
        priced.append((group, line))
    return priced


def _products(codes: set[str]) -> dict[str, tuple[int, int, int | None, int | None]]:
    """Live products by code: id, list price, annual fee (in cents) and VAT rate (hundredths
    of a percent, None for the team's), as stored."""
    P = sm.Product

    def query(batch: Any) -> pw.Query:
        chosen = P.select(P.code, P.id, P.price, P.annual_fee, P.tax_rate)
        return chosen.where(pw.Expression(P.code, "IN", batch) & P.deleted_at.is_null())

    return {code: (product_id, price, fee, rate)
            for code, product_id, price, fee, rate in lookup(query, codes)}  # fmt: skip


def _book_prices(book_ids: set[int], product_ids: list[int]) -> dict[tuple[int, int], int]:
    """Price-book prices in cents (as stored) by (book id, product id)."""
    if not book_ids:
        return {}
    E = sm.PriceBookEntry

    def query(batch: Any) -> pw.Query:
        wanted = pw.Expression(E.product, "IN", batch) & E.book.in_(sorted(book_ids))
        return E.select(E.book, E.product, E.price).where(wanted)

    return {(book, product): price for book, product, price in lookup(query, product_ids)}
