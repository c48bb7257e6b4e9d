"""What an opportunity is (the record returned to callers) and turning input into its
values: amount, probability against the team minimum, dates, the customer's contact."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, NamedTuple

from crm_cli.store.core import models as m
from crm_cli.store.core.dates import parse_date
from crm_cli.store.core.errors import Ambiguous, InvalidInput, NotFound
from crm_cli.store.core.settings import value_of
from crm_cli.store.core.values import as_id, parse_money
from crm_cli.store.customers import models as cm
from crm_cli.store.sales import models as sm

STATUSES = ("open", "won", "lost")
EDITABLE = ("amount", "probability", "contact", "product", "description", "stage", "close_date")


class Opportunity(NamedTuple):
    id: int
    code: str
    customer: str
    customer_name: str
    contact: str | None
    owner: str | None
    product: str
    description: str
    amount: Decimal
    probability: int
    stage: str
    close_date: dt.date | None
    status: str
    closed_on: dt.date | None
    reason: str
    created_at: dt.datetime
    updated_at: dt.datetime

    def to_dict(self) -> dict[str, Any]:
        return self._asdict()


def record(row: sm.Opportunity, customer: cm.Customer) -> Opportunity:
    """One record, looking up its contact and owner names."""
    contact = cm.Contact.get_or_none(cm.Contact.id == row.contact_id) if row.contact_id else None
    owner = m.User.get_or_none(m.User.id == row.owner_id) if row.owner_id else None
    return record_from(
        row, customer, contact.name if contact else None, owner.login if owner else None
    )


def record_from(
    row: sm.Opportunity, customer: cm.Customer, contact: str | None, owner: str | None
) -> Opportunity:
    return Opportunity(
        id=row.id, code=row.code, customer=customer.code, customer_name=customer.name,
        contact=contact, owner=owner,
        product=row.product, description=row.description, amount=row.amount,
        probability=row.probability, stage=row.stage, close_date=row.close_date,
        status=row.status, closed_on=row.closed_on, reason=row.reason,
        created_at=row.created_at, updated_at=row.updated_at,
    )  # fmt: skip


def snapshot(row: sm.Opportunity) -> dict[str, Any]:
    names = ("amount", "probability", "contact_id", "product", "description", "stage",
             "close_date", "status", "closed_on", "reason")  # fmt: skip
    return {name.removesuffix("_id"): getattr(row, name) for name in names}


def parse_probability(value: int | str, *, force: bool = False) -> int:
    """A whole percentage 0–100, not below the team minimum unless forced."""
    try:
        number = int(str(value).strip().removesuffix("%"))
    except ValueError:
        raise InvalidInput(
            "invalid probability {value!r}: a whole number from 0 to 100", value=value
        ) from None
    if not 0 <= number <= 100:
        raise InvalidInput("invalid probability {number}: must be from 0 to 100", number=number)
    minimum = int(value_of("opportunity.min_probability"))
    if number < minimum and not force:
        raise InvalidInput(
            "probability {number}% is below the minimum of {minimum}%; use --force to record it",
            number=number,
            minimum=minimum,
        )
    return number


def parse_amount(value: str | Decimal) -> Decimal:
    amount = parse_money(value, "amount") if isinstance(value, str) else Decimal(value)
    if amount <= 0:
        raise InvalidInput("invalid amount {value}: must be more than zero", value=value)
    return amount


def close_date(value: str | dt.date | None, today: dt.date) -> dt.date | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    day = parse_date(value, today) if isinstance(value, str) else value
    if day < today:
        raise InvalidInput("expected close date {day} is in the past", day=day)
    return day


def contact_id(customer: cm.Customer, ref: str | None) -> int | None:
    """The customer's contact named by code, id or exact name; empty clears it."""
    if ref is None or not ref.strip():
        return None
    text = ref.strip()
    cond = (cm.Contact.code == text.upper()) | (cm.Contact.name == text)
    if (number := as_id(text, "contact")) is not None:
        cond |= cm.Contact.id == number
    rows = list(
        cm.Contact.select(cm.Contact.id, cm.Contact.code, cm.Contact.name).where(
            cond & (cm.Contact.customer == customer.id) & cm.Contact.deleted_at.is_null()
        )
    )
    exact = [r for r in rows if r.code == text.upper() or str(r.id) == text]
    rows = exact[:1] or rows
    if not rows:
        raise NotFound("no contact {text!r} at customer {code}", text=text, code=customer.code)
    if len(rows) > 1:
        names = [f"{r.code} {r.name}" for r in rows]
        raise Ambiguous(
            "{text!r} matches several contacts: {names}", names, text=text, names="; ".join(names)
        )
    return int(rows[0].id)


def records(rows: list[sm.Opportunity]) -> list[Opportunity]:
    """Records for many rows with one query per lookup table, not one per row."""
    contact_ids = {r.contact_id for r in rows if r.contact_id}
    people = cm.Contact.select(cm.Contact.id, cm.Contact.name).where(cm.Contact.id.in_(contact_ids))
    contacts = {c.id: c.name for c in people} if contact_ids else {}
    logins = {u.id: u.login for u in m.User.select(m.User.id, m.User.login)}
    return [
        record_from(r, r.customer, contacts.get(r.contact_id or 0), logins.get(r.owner_id or 0))
        for r in rows
    ]


def closing_day(value: str | dt.date | None, today: dt.date) -> dt.date:
    """When it closed: today by default, never in the future (earlier is fine: late news)."""
    if value is None:
        return today
    day = parse_date(value, today) if isinstance(value, str) else value
    if day > today:
        raise InvalidInput("closing date {day} is in the future", day=day)
    return day
