"""The record types `crm report summary` groups, by name (plural, or singular: ``order``,
``order-line``, ``receipt`` for payments, ``contact-records`` for activities)."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import NamedTuple

from crm_cli.store.analysis import kinds_people, kinds_sales
from crm_cli.store.analysis.fields import DATES, GROUPABLE, NUMERIC, Kind
from crm_cli.store.core.errors import InvalidInput

_MAKERS: dict[str, Callable[[], Kind]] = {
    "customers": kinds_people.customers,
    "contacts": kinds_people.contacts,
    "activities": kinds_people.activities,
    "opportunities": kinds_sales.opportunities,
    "quotes": kinds_sales.quotes,
    "orders": kinds_sales.orders,
    "order-lines": kinds_sales.order_lines,
    "payments": kinds_sales.payments,
    "installments": kinds_sales.installments,
    "tickets": kinds_people.tickets,
    "expenses": kinds_people.expenses,
    "campaigns": kinds_people.campaigns,
}
NAMES = tuple(_MAKERS)
_OTHER_NAMES = {
    "customer": "customers", "contact": "contacts", "activity": "activities",
    "contact-records": "activities", "contact-record": "activities", "records": "activities",
    "opportunity": "opportunities", "quote": "quotes", "order": "orders",
    "order-line": "order-lines", "lines": "order-lines", "payment": "payments",
    "receipts": "payments", "receipt": "payments", "installment": "installments",
    "ticket": "tickets", "service": "tickets", "services": "tickets", "expense": "expenses",
    "campaign": "campaigns",
}  # fmt: skip


def canonical(name: str) -> str:
    """The record type's name as `NAMES` spells it.

    Raises:
        InvalidInput: no such record type.
    """
    key = name.strip().lower().replace("_", "-")
    key = _OTHER_NAMES.get(key, key)
    if key not in _MAKERS:
        raise InvalidInput(
            "unknown record type {name!r}; choose one of: {names}",
            name=name.strip(),
            names=", ".join(NAMES),
        )
    return key


@functools.cache
def _kind(name: str) -> Kind:
    return _MAKERS[name]()


def find_kind(name: str) -> Kind:
    """The record type called ``name``.

    Raises:
        InvalidInput: no such record type.
    """
    return _kind(canonical(name))


class FieldInfo(NamedTuple):
    """What a summary may do with one field of a record type."""

    name: str
    kind: str  # text, int, bool, date, datetime, money, number
    group: bool  # --by (dates: with a time bucket)
    measure: bool  # --sum/--avg/--min/--max
    date: bool  # --date: the period applies to it
    reserved: bool  # managers and admins only

    def to_dict(self) -> dict[str, object]:
        return self._asdict()


def describe(name: str) -> list[FieldInfo]:
    """The fields of record type ``name``, by name; the default date field first.

    Raises:
        InvalidInput: no such record type.
    """
    kind = find_kind(name)
    found = [
        FieldInfo(f.name, f.kind, f.kind in GROUPABLE, f.kind in NUMERIC, f.kind in DATES,
                  f.reserved)
        for f in kind.fields.values()
    ]  # fmt: skip
    return sorted(found, key=lambda f: (f.name != kind.date, f.name))
