"""Reading expenses: one expense, the list (paged in the database, newest day first through
the (owner, spent_on) index when one owner is asked for), and a customer's for the 360 view."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterator, Sequence
from typing import Any

import peewee as pw

from crm_cli.store.campaigns import lookup as campaigns
from crm_cli.store.core import models as m
from crm_cli.store.core.choices import choose
from crm_cli.store.core.dates import now_or, parse_date
from crm_cli.store.core.db import reading
from crm_cli.store.core.listing import ALL, BATCH, Page, chunks, merged, streaming
from crm_cli.store.core.records import User
from crm_cli.store.core.users import user_row
from crm_cli.store.customers import models as cm
from crm_cli.store.customers.access import subordinate_ids
from crm_cli.store.customers.customers import find_row
from crm_cli.store.expenses import expense_terms
from crm_cli.store.expenses import models as xm
from crm_cli.store.expenses.lookup import find
from crm_cli.store.expenses.records import STATUSES, Expense, record, records

X = xm.Expense


@reading
def get_expense(actor: User, ref: str) -> Expense:
    return record(find(actor, ref))


def _status(text: str) -> pw.Expression:
    return X.status == choose(text, STATUSES, "status", kind="expense status")


def _owners(actor: User, owner: str | None) -> list[int] | None:
    """Whose expenses the list reads: those the actor sees, or of them the one asked for;
    None: everyone's (an admin)."""
    seen = None if actor.is_admin else sorted({actor.id, *subordinate_ids(actor.id)})
    if not owner:
        return seen
    word = owner.strip()
    wanted = actor.id if word.lower() == "me" else int(user_row(word).id)
    return [wanted] if seen is None or wanted in seen else []


def _filters(actor: User, today: dt.date, given: dict[str, str | None]) -> list[pw.Expression]:
    conds = [X.deleted_at.is_null()]
    if given["status"]:
        conds.append(_status(given["status"]))
    if given["since"]:
        conds.append(X.spent_on >= parse_date(given["since"], today))
    if given["until"]:
        conds.append(X.spent_on <= parse_date(given["until"], today))
    if given["customer"]:
        conds.append(X.customer == find_row(actor, given["customer"], today).id)
    if given["campaign"]:
        conds.append(X.campaign == campaigns.find_row(given["campaign"]).id)
    if given["category"]:
        # Not checked against the setting: a category the team dropped still names old ones.
        conds.append(X.category == given["category"].strip().lower().replace(" ", "_"))
    return conds


def _latest_first(row: xm.Expense) -> tuple[int, int]:
    return -row.spent_on.toordinal(), -row.id


@streaming
def iter_expenses(
    actor: User,
    *,
    owner: str | None = None,
    status: str | None = None,
    since: str | None = None,
    until: str | None = None,
    customer: str | None = None,
    campaign: str | None = None,
    category: str | None = None,
    page: Page = ALL,
    now: dt.datetime | None = None,
    terms: Sequence[str] = (),
) -> Iterator[Expense]:
    """Expenses the actor may see, latest day first; ``owner`` a login or ``me``, ``since``
    and ``until`` days (inclusive) of spending; ``terms`` (SH-1, ``expense_terms``) narrow
    them as the options do.

    Everyone's list walks the (spent_on, id) index; a manager's reads each person's
    (owner, spent_on) index in order and merges them, so no list sorts every match.
    """
    today = now_or(now).date()
    given = {"status": status, "since": since, "until": until, "customer": customer,
             "campaign": campaign, "category": category}  # fmt: skip
    query = X.select().where(*_filters(actor, today, given))
    if terms:  # on the customer too: joined only then, the plan stays the same without
        C = cm.Customer
        query = query.join(C, pw.JOIN.LEFT_OUTER, on=(X.customer == C.id))
        query = query.where(*expense_terms.conditions(terms, actor, today))
    order = (X.spent_on.desc(), X.id.desc())
    owners = _owners(actor, owner)
    if owners is None:
        batches = chunks(page.apply(query.order_by(*order)))
    else:
        each = [query.where(X.owner == uid).order_by(*order) for uid in owners]
        found = merged(each, _latest_first, page)
        batches = iter(lambda: list(itertools.islice(found, BATCH)), [])
    for chunk in batches:
        yield from records(chunk)


def customer_expenses(customer_id: int, limit: int) -> list[dict[str, Any]]:
    """A customer's latest expenses for the 360 view, latest day first. Whoever sees the
    customer sees what was spent on it, as they see its orders: the caller has checked that
    the actor may see the customer."""
    User = m.User
    query: Any = (
        X.select(X, User.login.alias("owner_login"))
        .join(User, on=(X.owner == User.id))
        .where((X.customer == customer_id) & X.deleted_at.is_null())
        .order_by(X.spent_on.desc(), X.id.desc())
        .limit(limit)
        .objects()
    )
    return [
        {
            "code": r.code,
            "date": r.spent_on,
            "category": r.category,
            "amount": r.amount,
            "status": r.status,
            "owner": r.owner_login,
            "note": r.note,
        }
        for r in query
    ]
