"""E-mail as contact records (SH-4): whom a message to a customer goes to, and logging sent
and imported messages as contact records (method email).

Parsing mailboxes and talking to an SMTP server stay with the faces: no network or file
I/O happens here, least of all inside a transaction. Records carry no Message-ID (the
table has no column for it and this issue adds no migration): a message is already logged
when its customer has an e-mail record at the same second whose summary starts with the
same subject line. That also keeps a sent message, imported later from the Sent folder,
from being logged twice: `mail send` logs it at its Date header's second.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any, NamedTuple

from crm_cli.store.activity import activities
from crm_cli.store.activity import models as am
from crm_cli.store.activity.fields import Activity, find_contact
from crm_cli.store.core import hooks
from crm_cli.store.core.dates import now_or
from crm_cli.store.core.db import reading, writing
from crm_cli.store.core.errors import CrmError, InvalidInput, NotFound, Phrase
from crm_cli.store.core.normalize import fold
from crm_cli.store.core.records import User
from crm_cli.store.customers import access, contacts, customers
from crm_cli.store.customers import models as cm
from crm_cli.store.customers.records import Contact, Customer

PLACE_LIMIT = 200  # the place column's width


class Recipient(NamedTuple):
    """Whom `mail send` writes to: a customer, maybe one of its contacts, and the address."""

    customer: Customer
    contact: Contact | None
    address: str


class MailMessage(NamedTuple):
    """A message as the face read it; addresses folded to lower case."""

    message_id: str
    at: dt.datetime  # local time, as contact records keep it
    subject: str
    summary: str  # the record's text: the subject, then the first lines of the body
    addresses: tuple[str, ...]  # From, then To and Cc, our own left out
    outgoing: bool


class MailLink(NamedTuple):
    """What became (or would become) of a message at one customer."""

    message_id: str
    at: dt.datetime
    customer: str
    customer_name: str
    contact: str | None
    contact_name: str | None
    direction: str  # in | out
    subject: str
    status: str  # logged | would-log | duplicate | refused
    record: int | None
    reason: str = ""

    def to_dict(self) -> dict[str, Any]:
        return self._asdict()


class MailImport(NamedTuple):
    links: list[MailLink]
    unknown: int  # messages that name no contact or customer the actor may see


@reading
def recipient(
    actor: User, ref: str, to: str | None = None, *, now: dt.datetime | None = None
) -> Recipient:
    """The customer (or contact) ``ref`` and the address to write to; checked before
    anything is sent, so that a mail that went out can also be logged.

    ``to``: a contact of the customer (name or code) or an address; by default the first
    contact with an address, else the customer's own.

    Raises:
        NotFound: no such customer or contact. PermissionDenied: the actor may not log
        contacts with the customer. InvalidInput: nobody there has an address.
    """
    today = now_or(now).date()
    try:
        row = customers.find_row(actor, ref, today)
        person = None
    except NotFound:
        try:
            contact = contacts.get_contact(actor, ref, now=now)  # a contact's code or name
        except NotFound:
            raise NotFound("no customer or contact {ref!r}", ref=ref.strip()) from None
        row = customers.find_row(actor, contact.customer, today)
        person = find_contact(row, contact.code)
    customers.require_live(row)
    access.require_edit(actor, row, today, "log contacts with")
    person, address = _address(row, person, (to or "").strip())
    record = customers.to_record(row)
    return Recipient(record, contacts.to_record(person, row) if person else None, address)


def _address(row: cm.Customer, person: cm.Contact | None, to: str) -> tuple[cm.Contact | None, str]:
    if "@" in to:
        if person is None:  # an address of one of its contacts links the record to them
            person = _live_contacts(row).where(cm.Contact.email_key == fold(to)).first()
        return person, to
    if to:
        person = find_contact(row, to)
    elif person is None:
        person = _live_contacts(row).where(cm.Contact.email != "").first()
    address = (person.email if person else row.email).strip()
    if not address:
        if person:
            raise InvalidInput(
                "contact {code} {name} has no e-mail address: give --to ADDRESS",
                code=person.code, name=person.name,
            )  # fmt: skip
        raise InvalidInput(
            "customer {code} has no e-mail address: give --to ADDRESS", code=row.code
        )
    return person, address


def _live_contacts(row: cm.Customer) -> Any:
    C = cm.Contact
    return C.select().where((C.customer == row.id) & C.deleted_at.is_null()).order_by(C.id)


def log_sent(
    actor: User, to: Recipient, subject: str, at: dt.datetime, *, now: dt.datetime | None = None
) -> Activity:
    """Log a sent message as a contact record: one transaction, after the send."""
    values = {"summary": subject, "method": "email", "started_at": at,
              "place": f"to {to.address}"[:PLACE_LIMIT]}  # fmt: skip
    contact = to.contact.code if to.contact else None
    return activities.log_contact(actor, to.customer.code, values, contact=contact, now=now)


def import_mail(
    actor: User,
    messages: Sequence[MailMessage],
    *,
    dry_run: bool = False,
    now: dt.datetime | None = None,
) -> MailImport:
    """Log each message at every customer one of its addresses belongs to (a contact's,
    else the customer's own), once: a message logged before is a duplicate.

    A customer the actor may see but not log against is ``refused``, as is a record the
    store refuses (a Date in the future). One transaction per call: call it per batch.
    """
    now = now_or(now)
    if dry_run:
        return _rehearse(actor, messages, now)
    return _import(actor, messages, now)


@reading
def _rehearse(actor: User, messages: Sequence[MailMessage], now: dt.datetime) -> MailImport:
    return _run(actor, messages, now, write=False)


@writing
def _import(actor: User, messages: Sequence[MailMessage], now: dt.datetime) -> MailImport:
    # No hooks, as for `crm import`: a hook per message would make a mailbox take hours.
    with hooks.suppressed():
        return _run(actor, messages, now, write=True)


def _run(
    actor: User, messages: Sequence[MailMessage], now: dt.datetime, *, write: bool
) -> MailImport:
    owners = _owners(actor, {a for msg in messages for a in msg.addresses}, now.date())
    links: list[MailLink] = []
    unknown = 0
    seen: set[tuple[int, dt.datetime, str]] = set()  # a message twice in one mailbox
    for msg in messages:
        found = _customers_of(msg, owners)
        unknown += not found
        for row, person in found:
            key = (row.id, msg.at, _first_line(msg.subject))
            link = _link(msg, row, person)
            if key in seen or _logged(row.id, msg.at, msg.subject):
                links.append(link._replace(status="duplicate"))
            elif not access.can_edit(actor, row, now.date()):
                why = Phrase("you may not log contacts with customer {code}", code=row.code)
                links.append(link._replace(status="refused", reason=why))
            else:
                seen.add(key)
                links.append(_log(actor, msg, link, row, person, now) if write else link)
    return MailImport(links, unknown)


Person = cm.Contact | None
Owner = tuple[cm.Customer, Person]


def _owners(actor: User, addresses: set[str], today: dt.date) -> dict[str, list[Owner]]:
    """Address -> the live contacts (else customers) the actor may see that have it."""
    found: dict[str, list[Owner]] = {}
    words = sorted(addresses)
    for start in range(0, len(words), 300):  # bound the bound parameters per query
        chunk = words[start : start + 300]
        Co, Cu = cm.Contact, cm.Customer
        people = (
            Co.select(Co, Cu)
            .join(Cu)
            .where(Co.email_key.in_(chunk) & Co.deleted_at.is_null() & Cu.deleted_at.is_null())
            .order_by(Co.id)
        )
        for p in access.restrict(people, actor, today):
            found.setdefault(p.email_key, []).append((p.customer, p))
        companies = Cu.select().where(Cu.email_key.in_(chunk) & Cu.deleted_at.is_null())
        for c in access.restrict(companies.order_by(Cu.id), actor, today):
            found.setdefault(c.email_key, []).append((c, None))
    return found


def _customers_of(msg: MailMessage, owners: dict[str, list[Owner]]) -> list[Owner]:
    """One (customer, contact) per customer, the contact of the earliest address first."""
    chosen: dict[int, Owner] = {}
    for address in msg.addresses:
        for row, person in owners.get(address, ()):
            current = chosen.get(row.id)
            if current is None or (current[1] is None and person is not None):
                chosen[row.id] = (row, person)
    return list(chosen.values())


def _first_line(text: str) -> str:
    return text.strip().split("\n", 1)[0].strip()


def _logged(customer_id: int, at: dt.datetime, subject: str) -> bool:
    A = am.Activity
    rows = A.select(A.summary).where(
        (A.customer == customer_id) & (A.started_at == at) & (A.method == "email")
        & A.deleted_at.is_null()
    )  # fmt: skip
    return any(_first_line(r.summary) == _first_line(subject) for r in rows)


def _link(msg: MailMessage, row: cm.Customer, person: cm.Contact | None) -> MailLink:
    return MailLink(
        msg.message_id, msg.at, row.code, row.name, person.code if person else None,
        person.name if person else None, "out" if msg.outgoing else "in", msg.subject,
        "would-log", None,
    )  # fmt: skip


def _log(
    actor: User,
    msg: MailMessage,
    link: MailLink,
    row: cm.Customer,
    person: Person,
    now: dt.datetime,
) -> MailLink:
    address = person.email if person else row.email
    place = f"{'to' if msg.outgoing else 'from'} {address.strip()}"[:PLACE_LIMIT]
    values = {"summary": msg.summary, "method": "email", "started_at": msg.at, "place": place}
    try:  # a savepoint: a refused record leaves no trace and the others go on
        record = activities.log_contact(actor, link.customer, values, contact=link.contact, now=now)
    except CrmError as exc:
        return link._replace(status="refused", reason=str(exc).splitlines()[0])
    return link._replace(status="logged", record=record.id)


def addresses_of(items: Iterable[str], ours: Iterable[str]) -> tuple[str, ...]:
    """Folded addresses in order, once each, without ``ours``."""
    mine = {fold(a).strip() for a in ours}
    folded = (fold(a).strip() for a in items)
    return tuple(dict.fromkeys(a for a in folded if a and "@" in a and a not in mine))
