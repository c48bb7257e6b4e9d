"""Plain records of the customers domain: what callers get instead of models.

NamedTuples rather than dataclasses, like core/records.py: `crm customer add` runs in shell
loops and a 40-field frozen dataclass costs milliseconds at import.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, NamedTuple


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
    credit_code: str | None
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
    grade: str | None
    strategy: str | None
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


class Delegation(NamedTuple):
    customer: str
    delegate: str
    until: dt.date
    active: bool

    def to_dict(self) -> dict[str, Any]:
        return self._asdict()


class Match(NamedTuple):
    """A possible duplicate: which record and why."""

    code: str
    name: str
    reason: str

    def to_dict(self) -> dict[str, Any]:
        return self._asdict()
