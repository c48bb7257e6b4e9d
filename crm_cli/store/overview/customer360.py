"""The customer 360 view (CUS-7): the customer with its contacts, delegations, log, and the
latest records of every other domain about it (contact records, opportunities, quotes,
orders, receipts).
"""

from __future__ import annotations

import datetime as dt
from typing import Any, NamedTuple

from crm_cli.store.core import oplog
from crm_cli.store.core.dates import now_or
from crm_cli.store.core.db import reading
from crm_cli.store.core.records import LogEntry, User
from crm_cli.store.customers.contacts import contacts_of
from crm_cli.store.customers.customers import delegates_of, find_row, to_record
from crm_cli.store.customers.delegations import delegations_of
from crm_cli.store.customers.records import Contact, Customer, Delegation
from crm_cli.store.overview.related import related_of


class CustomerView(NamedTuple):
    """The 360 view: the customer and whatever related records exist."""

    customer: Customer
    contacts: list[Contact]
    delegations: list[Delegation]
    log: list[LogEntry]
    related: dict[str, list[dict[str, Any]]]

    def to_dict(self) -> dict[str, Any]:
        data = self.customer.to_dict()
        data["contacts"] = [c.to_dict() for c in self.contacts]
        data["delegations"] = [d.to_dict() for d in self.delegations]
        for key, rows in self.related.items():
            data[key] = rows
        data["log"] = [e.to_dict() for e in self.log]
        return data


# Related kinds (related.related_of fills them); always present in JSON.
RELATED_KINDS = (
    "records",
    "opportunities",
    "quotes",
    "orders",
    "receipts",
    "plan",
    "services",
    "evaluations",
    "expenses",
)


@reading
def customer_view(
    actor: User, ref: str, *, now: dt.datetime | None = None, log_limit: int = 50
) -> CustomerView:
    """The 360 view (CUS-7): the customer, its contacts, delegations, related records, log.

    Related records are the latest ``related.LIMIT`` of each kind in ``RELATED_KINDS``.
    """
    today = now_or(now).date()
    row = find_row(actor, ref, today, deleted=None)
    found = related_of(row.id)
    return CustomerView(
        customer=to_record(row, delegated_to=delegates_of(row.id, today)),
        contacts=contacts_of(row),
        delegations=delegations_of(row, today),
        log=oplog.entries_for_customer(row.id, log_limit),
        related={kind: found.get(kind, []) for kind in RELATED_KINDS},
    )
