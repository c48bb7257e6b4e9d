"""Duplicate warnings (CUS-2, CON-1) on add and rename.

A possible duplicate is a customer with the same unified social credit code (CUS-8: the
same legal entity, the strongest match, listed first), the same normalized name, an
existing duplicate keyword contained in the new name, or the same phone or e-mail. The
check covers every customer, since two salespeople chasing one company is what
it prevents; customers the actor may not see are reported without their name.
"""

from __future__ import annotations

import datetime as dt

import peewee as pw

from crm_cli.store.core import models as m
from crm_cli.store.core.errors import SAVE_ANYWAY, Duplicate, Phrase
from crm_cli.store.core.normalize import fold, name_key, phone_key
from crm_cli.store.core.records import User
from crm_cli.store.customers import access
from crm_cli.store.customers import models as cm
from crm_cli.store.customers.records import Match

MAX_KEYWORD = 30
SAME_CREDIT_CODE = Phrase("same credit code")


def _substrings(text: str) -> list[str]:
    """Every substring of ``text`` (at most MAX_KEYWORD long), for the keyword lookup."""
    found: set[str] = set()
    for form in (text, fold(text)):
        found.update(
            form[i:j]
            for i in range(len(form))
            for j in range(i + 1, min(len(form), i + MAX_KEYWORD) + 1)
        )
    return sorted(s for s in found if s.strip())


def customer_matches(
    actor: User,
    today: dt.date,
    *,
    name: str,
    phone: str = "",
    email: str = "",
    credit_code: str | None = None,
    exclude_id: int | None = None,
) -> list[Match]:
    """Possible duplicates of a customer with these values (``credit_code`` as stored)."""
    C = cm.Customer
    reasons: dict[int, list[str]] = {}
    checks: list[tuple[str, pw.Expression]] = []
    if credit_code:
        checks.append((SAME_CREDIT_CODE, C.credit_code == credit_code))
    checks.append((Phrase("same name"), C.name_key == name_key(name)))
    checks.append((Phrase("keyword in name"), C.keyword.in_(_substrings(name))))
    if phone and phone_key(phone):
        checks.append((Phrase("same phone"), C.phone_key == phone_key(phone)))
    if email:
        checks.append((Phrase("same email"), C.email_key == fold(email)))
    for reason, cond in checks:
        # Deleted rows are skipped here, not in SQL: with `deleted_at IS NULL` in the query
        # SQLite picks the (unselective) deleted_at index and scans every live customer.
        query = C.select(C.id, C.deleted_at).where(cond)
        if exclude_id is not None:
            query = query.where(C.id != exclude_id)
        for found in query.limit(50):
            if found.deleted_at is None:
                reasons.setdefault(found.id, []).append(reason)
    return _describe(actor, today, reasons)


def _describe(actor: User, today: dt.date, reasons: dict[int, list[str]]) -> list[Match]:
    if not reasons:
        return []
    rows = cm.Customer.select().where(cm.Customer.id.in_(list(reasons))).order_by(cm.Customer.id)
    matches = []
    # The same legal entity first; then by age, as before.
    for row in sorted(rows, key=lambda r: SAME_CREDIT_CODE not in reasons[r.id]):
        why = Phrase.joined(", ", reasons[row.id])
        if access.can_see(actor, row, today):
            matches.append(Match(code=row.code, name=row.name, reason=why))
        else:
            # Who owns it, and nothing more: two people must not chase one customer.
            owner = m.User.get_or_none(m.User.id == row.owner_id) if row.owner_id else None
            hidden = (
                Phrase("(a customer owned by {login} you cannot see)", login=owner.login)
                if owner
                else Phrase("(a customer in the pool you cannot see)")
            )
            matches.append(Match(code="-", name=hidden, reason=why))
    return matches


def refuse_duplicates(actor: User, row: cm.Customer, today: dt.date) -> None:
    """Raise Duplicate when ``row`` (about to be saved) looks like another live customer."""
    matches = customer_matches(
        actor, today, name=row.name, phone=row.phone, email=row.email,
        credit_code=row.credit_code, exclude_id=row.id,
    )  # fmt: skip
    if matches:
        listing = Phrase.joined(
            "; ",
            [Phrase("{code} {name} ({reason})", code=x.code, name=x.name, reason=x.reason)
             for x in matches],
        )  # fmt: skip
        raise Duplicate(
            "possible duplicate of {listing}; {save_anyway}",
            matches,
            listing=listing,
            save_anyway=SAVE_ANYWAY,
        )


def contact_matches(
    customer_id: int, *, name: str, phones: list[str], email: str, exclude_id: int | None = None
) -> list[Match]:
    """Possible duplicates of a contact within the same customer."""
    C = cm.Contact
    same_name = C.name_key == fold(name).strip()
    conds: list[tuple[str, pw.Expression]] = [(Phrase("same name"), same_name)]
    keys = [phone_key(p) for p in phones if p and phone_key(p)]
    if keys:
        conds.append((Phrase("same phone"), C.phone_key.in_(keys)))
    if email:
        conds.append((Phrase("same email"), C.email_key == fold(email)))
    found: dict[int, tuple[cm.Contact, list[str]]] = {}
    for reason, cond in conds:
        query = C.select().where(cond & (C.customer == customer_id) & C.deleted_at.is_null())
        if exclude_id is not None:
            query = query.where(C.id != exclude_id)
        for row in query:
            found.setdefault(row.id, (row, []))[1].append(reason)
    return [Match(r.code, r.name, Phrase.joined(", ", why)) for r, why in found.values()]
