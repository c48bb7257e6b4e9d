"""Plain frozen records returned to callers: no caller ever holds a Model.

NamedTuples rather than dataclasses: building a 40-field frozen dataclass costs
milliseconds at import, and `crm customer add` runs in shell loops.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, NamedTuple

ROLES = ("admin", "manager", "sales")


class Exact(Decimal):
    """An exact number that is not money (a quantity, a percentage).

    The output helper prints plain Decimals as money with two decimals; an Exact prints
    as itself, without trailing zeros: 2, 0.125, 12.5.
    """


class User(NamedTuple):
    id: int
    login: str
    display: str
    role: str
    department: str
    supervisor: str | None
    active: bool

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"

    def to_dict(self) -> dict[str, Any]:
        return self._asdict()


class Status(NamedTuple):
    id: int
    name: str
    position: int
    customers: int = 0

    def to_dict(self) -> dict[str, Any]:
        return self._asdict()


class Customer(NamedTuple):
    id: int
    code: str
    name: str
    mnemonic: str
    keyword: str
    is_public: bool
    status: str | None
    type: str
    source: str
    industry: str
    level: str
    phone: str
    fax: str
    email: str
    website: str
    country: str
    province: str
    city: str
    address: str
    postcode: str
    owner: str | None
    registered: dt.date | None
    notes: str
    custom: dict[str, Any]
    last_contact: dt.date | None
    next_contact: dt.date | None
    latest_progress: str
    last_order: dt.date | None
    total_ordered: Decimal
    total_received: Decimal
    balance_owed: Decimal
    audited: bool
    created_at: dt.datetime
    updated_at: dt.datetime
    deleted: bool
    delegated_to: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        data = self._asdict()
        data["delegated_to"] = list(self.delegated_to)
        return data


class Contact(NamedTuple):
    id: int
    code: str
    customer: str
    customer_name: str
    name: str
    mnemonic: str
    title: str
    department: str
    deal_role: str
    birthday: dt.date | None
    age_range: str
    gender: str
    mobile: str
    work_phone: str
    home_phone: str
    email: str
    im: str
    spouse: str
    hobbies: str
    province: str
    city: str
    notes: str
    created_at: dt.datetime
    updated_at: dt.datetime

    def to_dict(self) -> dict[str, Any]:
        return self._asdict()


class LogEntry(NamedTuple):
    id: int
    at: dt.datetime
    actor: str | None
    entity: str
    entity_id: int
    customer_id: int | None
    action: str
    changes: dict[str, Any]

    def to_dict(self) -> dict[str, Any]:
        return self._asdict()


class Delegation(NamedTuple):
    customer: str
    delegate: str
    until: dt.date
    active: bool

    def to_dict(self) -> dict[str, Any]:
        return self._asdict()


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


class Match(NamedTuple):
    """A possible duplicate: which record and why."""

    code: str
    name: str
    reason: str

    def to_dict(self) -> dict[str, Any]:
        return self._asdict()


class BatchResult(NamedTuple):
    """What a command over several references did to each."""

    ref: str
    ok: bool
    message: str

    def to_dict(self) -> dict[str, Any]:
        return self._asdict()
