"""E-mail addresses of contacts (SH-4): the address book a mail program asks
(`crm contact email`, mutt's ``query_command``)."""

from __future__ import annotations

import datetime as dt
from typing import Any, NamedTuple

from crm_cli.store.core.dates import now_or
from crm_cli.store.core.db import reading
from crm_cli.store.core.errors import InvalidInput
from crm_cli.store.core.normalize import fold
from crm_cli.store.core.records import User
from crm_cli.store.customers import access
from crm_cli.store.customers import models as cm

MAX_MATCHES = 200  # an address book answer is read by a person: more is a too-wide query


class Address(NamedTuple):
    """A contact's e-mail address as a mail program shows it."""

    address: str
    name: str
    contact: str
    customer: str
    customer_name: str

    def to_dict(self) -> dict[str, Any]:
        return self._asdict()


@reading
def find_addresses(
    actor: User, text: str, *, limit: int = MAX_MATCHES, now: dt.datetime | None = None
) -> list[Address]:
    """Contacts with an e-mail address whose name, mnemonic, address or customer's name
    contains ``text`` (case-insensitive), among the customers the actor may see.

    Raises:
        InvalidInput: an empty ``text``.
    """
    word = fold(text).strip()
    if not word:
        raise InvalidInput("empty query: give part of a name or an address")
    Co, Cu = cm.Contact, cm.Customer
    matches = (
        Co.name_key.contains(word)
        | Co.email_key.contains(word)
        | Co.mnemonic.contains(word)
        | Cu.name.contains(text.strip())
    )
    query = (
        Co.select(Co, Cu)
        .join(Cu)
        .where((Co.email != "") & Co.deleted_at.is_null() & Cu.deleted_at.is_null() & matches)
        .order_by(Co.name_key, Co.id)
        .limit(max(1, min(limit, MAX_MATCHES)))
    )
    rows = access.restrict(query, actor, now_or(now).date())
    return [
        Address(r.email.strip(), r.name, r.code, r.customer.code, r.customer.name) for r in rows
    ]
