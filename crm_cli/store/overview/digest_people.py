"""Digest kinds about people: next contacts, manual reminders, contact birthdays."""

from __future__ import annotations

import datetime as dt
from typing import Any

import peewee as pw

from crm_cli.store.activity import models as am
from crm_cli.store.customers import models as cm
from crm_cli.store.overview.digest_items import (
    DigestItem,
    Window,
    customer_columns,
    item,
    live_once,
    scopes,
    who,
)


def next_contacts(w: Window) -> list[DigestItem]:
    """Customers whose next contact (CUS-3) is due by the window's end, overdue included."""
    C = cm.Customer
    rows: list[Any] = []
    for scope in scopes(w):
        query = C.select(C.id, C.next_contact, *customer_columns()).where(
            scope & C.next_contact.is_null(False) & (C.next_contact <= w.until)
        )
        rows.extend(query.namedtuples())
    customers = list(live_once(rows))
    notes = _plan_notes(customers)
    return [
        item(w, c.next_contact, notes.get(c.id) or "contact again", c.customer_code, who(c))
        for c in customers
    ]


def _plan_notes(customers: list[Any]) -> dict[int, str]:
    """The next-step text of the record that planned each customer's next contact."""
    if not customers:
        return {}
    A = am.Activity
    planned = {c.id: c.next_contact for c in customers}
    query: Any = (  # plain tuples: thousands of rows, no models needed
        A.select(A.customer, A.next_date, A.next_note)
        .where(A.customer.in_(list(planned)) & A.deleted_at.is_null() & A.next_date.is_null(False))
        .order_by(A.started_at.desc(), A.id.desc())
    )
    notes: dict[int, str] = {}
    for customer, next_date, note in query.tuples():
        if customer not in notes and next_date == planned[customer]:
            notes[customer] = note
    return notes


def reminders(w: Window) -> list[DigestItem]:
    """The user's open manual reminders due by the end of the window's last day."""
    R, C = am.Reminder, cm.Customer
    end = dt.datetime.combine(w.until + dt.timedelta(days=1), dt.time())
    query: Any = (
        R.select(R.id, R.text, R.due_at, R.customer, *customer_columns())
        .join(C, pw.JOIN.LEFT_OUTER, on=(R.customer == C.id))
        .where((R.user == w.user.id) & (R.due_at < end) & R.done_at.is_null())
        .where(R.deleted_at.is_null())
        .order_by(R.due_at, R.id)
    )
    found = []
    for row in query.namedtuples():
        if row.customer_deleted is not None:
            continue
        about = who(row) if row.customer is not None else None
        clock = row.due_at.strftime("%H:%M ") if row.due_at.time() != dt.time() else ""
        found.append(item(w, row.due_at.date(), clock + row.text, str(row.id), about))
    return found


def birthdays(w: Window) -> list[DigestItem]:
    """Birthdays of the contacts of the user's customers within the window (not overdue)."""
    P, C = cm.Contact, cm.Customer
    rows: list[Any] = []
    for scope in scopes(w):
        query = (
            P.select(P.id, P.code, P.name, P.title, P.birthday, *customer_columns())
            .join(C, on=(P.customer == C.id))
            .where(scope & P.birthday.is_null(False) & P.deleted_at.is_null())
        )
        rows.extend(query.namedtuples())
    found = []
    for person in live_once(rows):
        day = next_birthday(person.birthday, w.today)
        if day > w.until:
            continue
        label = f"{person.name} ({person.title})" if person.title else person.name
        age = day.year - person.birthday.year
        text = f"{label} turns {age}" if 0 < age < 130 else f"{label}: birthday"
        found.append(item(w, day, text, person.code, who(person)))
    return found


def next_birthday(born: dt.date, today: dt.date) -> dt.date:
    """The first birthday on or after ``today``; 29 February falls on 28 February
    in common years."""
    for year in (today.year, today.year + 1):
        try:
            day = born.replace(year=year)
        except ValueError:  # 29 February in a common year
            day = dt.date(year, 2, 28)
        if day >= today:
            return day
    raise AssertionError("unreachable: next year's birthday is always ahead")
