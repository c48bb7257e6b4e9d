"""Quote records and reading quotes: finding one by reference, and turning rows into records.

Shared by ``quotes`` (add, edit, audit …) and the order helper
(``quote_lines``). A quote is visible exactly when its customer is.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, NamedTuple

from crm_cli.store.core import models as m
from crm_cli.store.core.errors import Ambiguous, InvalidInput, NotFound
from crm_cli.store.core.records import Exact, User
from crm_cli.store.core.values import as_id
from crm_cli.store.customers import access
from crm_cli.store.customers import models as cm
from crm_cli.store.sales import models as sm
from crm_cli.store.sales import tax


class QuoteLine(NamedTuple):
    position: int
    product: str
    product_id: int
    product_name: str
    unit: str
    quantity: Decimal
    unit_price: Decimal
    discount: Decimal
    amount: Decimal  # VAT included
    annual_fee: Decimal | None
    tax_rate: Decimal = Decimal("0")
    tax: Decimal = Decimal("0.00")

    def to_dict(self) -> dict[str, Any]:
        return line_dict(self._asdict())


def line_dict(data: dict[str, Any]) -> dict[str, Any]:
    """A quote or order line's keys for output, with its amount excluding VAT."""
    # Decimal means money (two decimals) to the output helper; 0.125 t must stay 0.125.
    for key in ("quantity", "discount", "tax_rate"):
        data[key] = plain_number(data[key])
    data["amount_excl_tax"] = data["amount"] - data["tax"]
    return data


def plain_number(value: Decimal) -> Exact:
    """A quantity or percentage for JSON and text: 2 rather than 2.000, 0.125 as is."""
    return Exact(value)


class Quote(NamedTuple):
    id: int
    code: str
    ref: str
    customer: str
    customer_name: str
    contact: str | None
    subject: str
    handler: str | None
    valid_until: dt.date | None
    pricebook: str | None
    total: Decimal
    audited: bool
    audited_by: str | None
    audited_at: dt.datetime | None
    notes: str
    created_by: str | None
    created_at: dt.datetime
    updated_at: dt.datetime
    deleted: bool
    lines: tuple[QuoteLine, ...] | None = None  # in show/add/edit, not in lists
    orders: tuple[str, ...] | None = None  # codes of live orders made from it (show)
    # With the lines (show/add/edit): the totals (tax.TaxTotals); ``total`` is the last.
    amount_excl_tax: Decimal | None = None
    tax: Decimal | None = None
    amount_incl_tax: Decimal | None = None

    def to_dict(self) -> dict[str, Any]:
        data = self._asdict()
        for key in ("lines", "orders", "amount_excl_tax", "tax", "amount_incl_tax"):
            if data[key] is None:
                del data[key]
        if self.lines is not None:
            data["lines"] = [line.to_dict() for line in self.lines]
        if self.orders is not None:
            data["orders"] = list(self.orders)
        return data


class QuotePrint(NamedTuple):
    """What a printed quote shows beyond the quote: who it is for and who sends it."""

    quote: Quote
    customer_address: str
    customer_phone: str
    contact_phone: str
    handler_name: str


def base_query() -> Any:
    return sm.Quote.select(sm.Quote, cm.Customer).join(cm.Customer)


def find_row(actor: User, ref: str, today: dt.date, *, deleted: bool = False) -> sm.Quote:
    """The quote with this code, numeric id or import reference, if the actor may see it."""
    text = ref.strip()
    if not text:
        raise InvalidInput("empty quote reference")
    Q = sm.Quote
    cond = (Q.code == text.upper()) | (Q.ref == text)
    if (number := as_id(text, "quote")) is not None:
        cond |= Q.id == number
    query = base_query().where(cond & cm.Customer.deleted_at.is_null())
    query = query.where(Q.deleted_at.is_null(not deleted))
    rows = list(access.restrict(query, actor, today).limit(10))
    exact = [r for r in rows if r.code == text.upper() or str(r.id) == text]
    if exact:
        return exact[0]
    if not rows:
        raise NotFound("no quote {text!r}", text=text)
    if len(rows) > 1:
        names = [f"{r.code} ({r.customer.name})" for r in rows]
        raise Ambiguous(
            "{text!r} matches several quotes: {names}", names, text=text, names="; ".join(names)
        )
    return rows[0]


def _names(model: Any, ids: set[int | None], column: Any) -> dict[int | None, str]:
    wanted = [i for i in ids if i is not None]
    if not wanted:
        return {}
    query = model.select(model.id, column).where(model.id.in_(wanted))
    return {row_id: name for row_id, name in query.tuples()}


def to_records(rows: list[sm.Quote]) -> list[Quote]:
    """Records of quote rows (customer joined), with a few batched name look-ups."""
    users = _names(
        m.User,
        {r.handler_id for r in rows}
        | {r.audited_by_id for r in rows}
        | {r.created_by_id for r in rows},
        m.User.login,
    )
    contacts = _names(cm.Contact, {r.contact_id for r in rows}, cm.Contact.name)
    books = _names(sm.PriceBook, {r.pricebook_id for r in rows}, sm.PriceBook.name)
    return [
        Quote(
            id=r.id,
            code=r.code,
            ref=r.ref,
            customer=r.customer.code,
            customer_name=r.customer.name,
            contact=contacts.get(r.contact_id),
            subject=r.subject,
            handler=users.get(r.handler_id),
            valid_until=r.valid_until,
            pricebook=books.get(r.pricebook_id),
            total=r.total,
            audited=r.audited,
            audited_by=users.get(r.audited_by_id),
            audited_at=r.audited_at,
            notes=r.notes,
            created_by=users.get(r.created_by_id),
            created_at=r.created_at,
            updated_at=r.updated_at,
            deleted=r.deleted_at is not None,
        )
        for r in rows
    ]


def lines_of(quote_id: int) -> tuple[QuoteLine, ...]:
    L, P = sm.QuoteLine, sm.Product
    query = L.select(L, P).join(P).where(L.quote == quote_id).order_by(L.position)
    return tuple(
        QuoteLine(
            l.position,
            l.product.code,
            l.product_id,
            l.product.name,
            l.product.unit,
            l.quantity,
            l.unit_price,
            l.discount,
            l.amount,
            l.annual_fee,
            l.tax_rate,
            l.tax,
        )
        for l in query  # noqa: E741
    )


def orders_of(quote_id: int) -> tuple[str, ...]:
    """Codes of the live orders made from the quote (the 引用本单 link, read back)."""
    O = sm.SalesOrder  # noqa: E741
    query = O.select(O.code).where(
        (O.quote == quote_id) & O.deleted_at.is_null() & (O.status != "cancelled")
    )
    return tuple(row.code for row in query.order_by(O.id))


def full_record(row: sm.Quote) -> Quote:
    """A quote with its lines and orders."""
    record = to_records([row])[0]
    lines = lines_of(row.id)
    sums = tax.totals(record.total, (line.tax for line in lines))
    return record._replace(lines=lines, orders=orders_of(row.id), **sums._asdict())
