"""Digest kinds about people: next contacts, manual reminders, contact birthdays."""

from __future__ import annotations

import datetime as dt
from typing import Any

import peewee as pw

from crm_cli.store.activity import models as am
from crm_cli.store.core.errors import Phrase
from crm_cli.store.customers import models as cm
from crm_cli.store.overview.digest_items import (
    Found,
    Window,
    customer_columns,
    delegated_ids,
    first,
    item,
    live,
    not_mine,
    urgent,
    who,
)


def next_contacts(w: Window) -> Found:
    """Customers whose next contact (CUS-3) is due by the window's end, overdue included:
    owned ones through (owner_id, next_contact), delegated ones by id."""
    C = cm.Customer
    due = C.next_contact <= w.until
    scopes = [C.owner == w.user.id]
    if ids := delegated_ids(w):
        scopes.append(C.id.in_(ids) & not_mine(C.owner, w))
    rows: list[Any] = []
    count = 0
    for scope in scopes:
        query = C.select(C.id, C.next_contact, *customer_columns()).where(scope & due & live())
        rows.extend(first(w, query.order_by(C.next_contact, C.id)).namedtuples())
        count += query.count()
    customers = rows
    notes = _plan_notes(customers)
    found = [
        item(w, c.next_contact, notes.get(c.id) or Phrase("contact again"), c.customer_code, who(c))
        for c in customers
    ]
    return Found(urgent(w, found), count)


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


def reminders(w: Window) -> Found:
    """The user's open manual reminders due by the end of the window's last day."""
    R, C = am.Reminder, cm.Customer
    end = dt.datetime.combine(w.until + dt.timedelta(days=1), dt.time())
    query: Any = (
        R.select(R.id, R.text, R.due_at, R.customer, *customer_columns())
        .join(C, pw.JOIN.LEFT_OUTER, on=(R.customer == C.id))
        # The same terms as the partial index on open reminders (migration 0005).
        .where((R.user == w.user.id) & (R.due_at < end) & R.done_at.is_null())
        .where(R.deleted_at.is_null() & (R.customer.is_null() | live()))
    )
    found = []
    for row in first(w, query.order_by(R.due_at, R.id)).namedtuples():
        about = who(row) if row.customer is not None else None
        clock = row.due_at.strftime("%H:%M ") if row.due_at.time() != dt.time() else ""
        found.append(item(w, row.due_at.date(), clock + row.text, str(row.id), about))
    # Counted in the partial index of open reminders about live customers (migration 0013:
    # the reminder copies its customer's trash date) instead of a customer row per reminder.
    mine = (R.user == w.user.id) & (R.due_at < end) & R.done_at.is_null() & R.deleted_at.is_null()
    about_live = R.customer_trashed_at.is_null()
    return Found(found, R.select(R.id).where(mine & about_live).count())


def birthdays(w: Window) -> Found:
    """Birthdays of the contacts of the user's customers within the window (not overdue),
    through (contact.owner_id, birthday_md) for owned customers."""
    P, C = cm.Contact, cm.Customer
    scopes = [P.owner_id == w.user.id]
    if ids := delegated_ids(w):
        scopes.append(P.customer.in_(ids) & not_mine(P.owner_id, w))
    rows: list[Any] = []
    count = 0
    for owned, scope in zip((True, False), scopes, strict=False):
        for low, high in month_day_runs(w.today, w.until):
            due = scope & P.birthday_md.between(low, high) & P.deleted_at.is_null()
            query = (
                P.select(P.id, P.code, P.name, P.title, P.birthday, *customer_columns())
                .join(C, on=(P.customer == C.id))
                .where(due & live())
            )
            rows.extend(first(w, query.order_by(P.birthday_md, P.id)).namedtuples())
            # The owner's copy is NULL on contacts of deleted customers: the index alone counts.
            count += (P.select(P.id).where(due) if owned else query).count()
    found = []
    for person in rows:
        day = next_birthday(person.birthday, w.today)
        label = f"{person.name} ({person.title})" if person.title else person.name
        age = day.year - person.birthday.year
        text = (
            Phrase("{person} turns {age}", person=label, age=age)
            if 0 < age < 130
            else Phrase("{person}: birthday", person=label)
        )
        found.append(item(w, day, text, person.code, who(person)))
    return Found(urgent(w, found), count)


def month_day_runs(start: dt.date, end: dt.date) -> list[tuple[int, int]]:
    """The birthdays (month * 100 + day) falling from ``start`` to ``end``, as at most
    two ascending runs (a window over New Year wraps). 29 February counts as 28 February
    in common years, so it joins a run that ends on 28 February."""
    if (end - start).days >= 365:  # every day of a year once, from ``start`` on
        end = start + dt.timedelta(days=364)
    runs = []
    for low_day, high_day in _spans(start, end):
        low = low_day.month * 100 + low_day.day
        high = high_day.month * 100 + high_day.day
        if high == 228 and not _leap(high_day.year):
            high = 229
        runs.append((low, high))
    return runs


def _spans(start: dt.date, end: dt.date) -> list[tuple[dt.date, dt.date]]:
    if start.year == end.year:
        return [(start, end)]
    return [(start, dt.date(start.year, 12, 31)), (dt.date(end.year, 1, 1), end)]


def _leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


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
