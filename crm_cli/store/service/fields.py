"""Turning what users type into a ticket's values: its type (a team setting), priority,
satisfaction, due time, next service date, and the customer's contact, product or order
line it is about."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from crm_cli.store.core.choices import choose
from crm_cli.store.core.dates import parse_date, parse_datetime
from crm_cli.store.core.errors import InvalidInput, NotFound
from crm_cli.store.customers import models as cm
from crm_cli.store.sales import models as sm
from crm_cli.store.sales import products
from crm_cli.store.sales.opportunity_fields import contact_id
from crm_cli.store.service import models as vm
from crm_cli.store.service.records import PRIORITIES
from crm_cli.store.service.settings import ticket_types

EDITABLE = ("type", "priority", "description", "contact", "product", "order_line", "due_at",
            "next_service")  # fmt: skip
MAX_TEXT = 2000


def ticket_type(value: str) -> str:
    return choose(value, ticket_types(), "ticket type")


def priority(value: str) -> str:
    return choose(value, PRIORITIES, "priority")


def text(value: str, what: str, *, required: bool = False) -> str:
    value = value.strip()
    if required and not value:
        raise InvalidInput("the {what} must not be empty", what=what)
    if len(value) > MAX_TEXT:
        raise InvalidInput(
            "the {what} is too long: at most {max_text} characters", what=what, max_text=MAX_TEXT
        )
    return value


def satisfaction(value: int | str) -> int:
    """A whole score from 1 (very unhappy) to 5 (very happy)."""
    try:
        number = int(str(value).strip())
    except ValueError:
        raise InvalidInput(
            "invalid satisfaction {value!r}: a whole number from 1 to 5", value=value
        ) from None
    if not 1 <= number <= 5:
        raise InvalidInput("invalid satisfaction {number}: expected 1 to 5", number=number)
    return number


def due_at(value: str | dt.datetime | None, now: dt.datetime) -> dt.datetime | None:
    """When the service is due; empty clears it. A day alone means its end of business is
    not guessed: it is the start of that day, so ``today`` is already due."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    moment = parse_datetime(value, now) if isinstance(value, str) else value
    if moment.date() < now.date():
        raise InvalidInput("the due time {moment:%Y-%m-%d %H:%M} is in the past", moment=moment)
    return moment.replace(microsecond=0)


def next_service(value: str | dt.date | None, today: dt.date) -> dt.date | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    day = parse_date(value, today) if isinstance(value, str) else value
    if day < today:
        raise InvalidInput("the next service date {day} is in the past", day=day)
    return day


def product_id(value: str | None) -> int | None:
    if value is None or not value.strip():
        return None
    return int(products.find_row(value).id)


def order_line(customer: cm.Customer, value: str | None) -> sm.OrderLine | None:
    """The line ``ORDER/N`` (order code, line position) of one of the customer's orders."""
    if value is None or not value.strip():
        return None
    code, sep, number = value.strip().upper().partition("/")
    if not sep or not number.isdecimal() or len(number) > 6:
        raise InvalidInput(
            "invalid order line {value!r}: use ORDER/N, e.g. SO000003/1", value=value.strip()
        )
    Ord, L = sm.SalesOrder, sm.OrderLine
    line = (
        L.select(L)
        .join(Ord, on=(L.order == Ord.id))
        .where((Ord.code == code) & (Ord.customer == customer.id) & Ord.deleted_at.is_null())
        .where(L.position == int(number))
        .first()
    )
    if line is None:
        raise NotFound(
            "no order line {value!r} of customer {code}", value=value.strip(), code=customer.code
        )
    return line


def apply(
    row: vm.Ticket, customer: cm.Customer, values: Mapping[str, Any], now: dt.datetime
) -> None:
    """Set the given ``EDITABLE`` fields; an order line brings its product unless one is given."""
    unknown = sorted(set(values) - set(EDITABLE))
    if unknown:
        raise InvalidInput(
            "unknown ticket field {unknown!r}; fields: {editable}",
            unknown=unknown[0],
            editable=", ".join(EDITABLE),
        )
    setters = {
        "type": lambda v: setattr(row, "type", ticket_type(v)),
        "priority": lambda v: setattr(row, "priority", priority(v)),
        "description": lambda v: setattr(row, "description", text(v, "description", required=True)),
        "contact": lambda v: setattr(row, "contact", contact_id(customer, v)),
        "product": lambda v: setattr(row, "product", product_id(v)),
        "due_at": lambda v: setattr(row, "due_at", due_at(v, now)),
        "next_service": lambda v: setattr(row, "next_service", next_service(v, now.date())),
    }
    for key, value in values.items():
        if key != "order_line":
            setters[key](value)
    if "order_line" in values:
        line = order_line(customer, values["order_line"])
        row.order_line_id = line.id if line else None
        if line is not None and not values.get("product"):
            row.product_id = line.product_id
