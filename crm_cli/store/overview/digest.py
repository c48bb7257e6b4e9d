"""The reminder digest (ACT-3) behind `crm today`: one list for the acting user.

Each kind is a function ``(Window) -> Found`` registered once in ``KINDS``; a later kind
(service visits, schedule items) is one more function in a ``digest_*.py`` module and one
more line here. Kinds print in this order; within a kind the most urgent come first:
overdue, then due today, then upcoming, each by date. Each kind lists at most ``limit``
items and counts all that are due, so a book of a hundred thousand customers costs what a
book of a thousand does.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, NamedTuple

from crm_cli.store.core.dates import now_or
from crm_cli.store.core.db import reading
from crm_cli.store.core.errors import InvalidInput
from crm_cli.store.core.records import User
from crm_cli.store.overview import (
    digest_approvals,
    digest_money,
    digest_people,
    digest_pool,
    digest_reports,
    digest_schedule,
    digest_service,
)
from crm_cli.store.overview.digest_items import DigestItem, Found, Window

DEFAULT_DAYS = 7
MAX_DAYS = 366


class Kind(NamedTuple):
    name: str  # the stable key in JSON
    title: str  # the heading in text output
    collect: Callable[[Window], Found]


KINDS: tuple[Kind, ...] = (
    Kind("schedule", "Today's events", digest_schedule.todays_events),
    Kind("approval", "Waiting for my approval", digest_approvals.waiting),
    Kind("next_contact", "Next contacts", digest_people.next_contacts),
    Kind("reminder", "Reminders", digest_people.reminders),
    Kind("service_due", "Service tickets due", digest_service.due_tickets),
    Kind("service_open", "Service tickets assigned to me", digest_service.open_tickets),
    Kind("next_service", "Next services", digest_service.next_services),
    Kind("installment", "Installments due", digest_money.installments),
    Kind("receivable", "Receivables due", digest_money.receivables),
    Kind("service_fee", "Annual service fees ending", digest_money.service_fees),
    Kind("birthday", "Contact birthdays", digest_people.birthdays),
    Kind("pool_return", "Pool protection ending", digest_pool.pool_returns),
    Kind("report_missing", "Work reports to submit", digest_reports.missing_reports),
    Kind("report_to_comment", "Work reports to comment on", digest_reports.reports_to_comment),
)


class Digest(NamedTuple):
    as_of: dt.date
    days: int
    user: str
    items: list[DigestItem]
    counts: dict[str, int]  # every item due, by kind; ``items`` holds the first of each

    def groups(self) -> list[tuple[Kind, list[DigestItem]]]:
        """Each kind with its items, in the registry's order (empty kinds included)."""
        return [(kind, [i for i in self.items if i.kind == kind.name]) for kind in KINDS]

    def to_dict(self) -> dict[str, Any]:
        return {
            "as_of": self.as_of,
            "days": self.days,
            "user": self.user,
            "counts": dict(self.counts),
            "items": [i.to_dict() for i in self.items],
        }


@reading
def build_digest(
    actor: User,
    *,
    days: int = DEFAULT_DAYS,
    limit: int | None = None,
    now: dt.datetime | None = None,
) -> Digest:
    """What ``actor`` has to do up to ``days`` days ahead, overdue things included: the
    ``limit`` most urgent items of each kind (None: all) and how many each kind has.

    Raises:
        InvalidInput: ``days`` outside 0..366, or a negative ``limit``.
    """
    if not 0 <= days <= MAX_DAYS:
        raise InvalidInput(
            "invalid --days {days}: expected 0 to {max_days}", days=days, max_days=MAX_DAYS
        )
    if limit is not None and limit < 0:
        raise InvalidInput("invalid --limit {limit}: must not be negative", limit=limit)
    window = Window(actor, now_or(now).date(), days, limit)
    items: list[DigestItem] = []
    counts: dict[str, int] = {}
    for kind in KINDS:
        found = kind.collect(window)
        items.extend(entry._replace(kind=kind.name) for entry in found.items)
        counts[kind.name] = found.total
    return Digest(window.today, days, actor.login, items, counts)
