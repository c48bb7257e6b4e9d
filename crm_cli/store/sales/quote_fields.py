"""The editable fields of a quote (subject, contact, valid until, handler, notes) and the
checks their values pass, on add, edit and import alike."""

from __future__ import annotations

import datetime as dt

from crm_cli.store.core.dates import parse_date
from crm_cli.store.core.errors import Ambiguous, InvalidInput, NotFound
from crm_cli.store.core.users import active_user_row
from crm_cli.store.customers import models as cm
from crm_cli.store.sales import models as sm

EDITABLE = ("subject", "contact", "valid_until", "handler", "notes")


def find_contact(customer: cm.Customer, text: str) -> cm.Contact | None:
    """The customer's contact by code or exact name; empty text means none."""
    text = text.strip()
    if not text:
        return None
    C = cm.Contact
    rows = list(
        C.select().where(
            (C.customer == customer.id)
            & C.deleted_at.is_null()
            & ((C.code == text.upper()) | (C.name == text))
        )
    )
    exact = [r for r in rows if r.code == text.upper()]
    rows = exact or rows
    if not rows:
        raise NotFound("customer {code} has no contact {text!r}", code=customer.code, text=text)
    if len(rows) > 1:
        names = [f"{r.code} {r.name}" for r in rows]
        raise Ambiguous(
            "{text!r} matches several contacts: {names}", names, text=text, names="; ".join(names)
        )
    return rows[0]


def check_valid_until(text: str, today: dt.date) -> dt.date | None:
    if not text.strip():
        return None
    day = parse_date(text, today)
    if day < today:
        raise InvalidInput(
            "invalid valid-until {text!r}: {day} is before today ({today})",
            text=text,
            day=day,
            today=today,
        )
    return day


def check_subject(text: str) -> str:
    text = text.strip()
    if len(text) > 200:
        raise InvalidInput("subject is too long: at most 200 characters")
    return text


def set_field(row: sm.Quote, customer: cm.Customer, name: str, text: str, today: dt.date) -> None:
    if name == "subject":
        row.subject = check_subject(text)
    elif name == "contact":
        contact = find_contact(customer, text)
        row.contact_id = contact.id if contact else None
    elif name == "valid_until":
        row.valid_until = check_valid_until(text, today)
    elif name == "handler":
        row.handler_id = active_user_row(text).id if text.strip() else None
    elif name == "notes":
        row.notes = text.strip()
    else:
        raise InvalidInput(
            "unknown quote field {name!r}; fields: {editable}",
            name=name,
            editable=", ".join(EDITABLE),
        )
