"""Copies of a customer's owner kept on its contacts (migration 0005).

`crm today` finds and counts the birthdays of a user's contacts through an index on
(contact.owner_id, birthday_md) alone, so a contact's copy is its customer's owner while
the customer is live and NULL while it is in the trash. A change of a customer's owner
goes through ``hand_over``; it, and every delete and restore, calls ``follow`` in the same
transaction; ``fill_missing`` completes contacts a bulk writer made.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import Any

import peewee as pw

from crm_cli.store.core import team_mode
from crm_cli.store.core.db import backend, db_proxy, info
from crm_cli.store.core.errors import PermissionDenied
from crm_cli.store.core.registry import Registry
from crm_cli.store.customers import models as cm


def birthday_md(born: dt.date | None) -> int | None:
    """A birthday as month * 100 + day (1205 for 5 December): the indexed form."""
    return born.month * 100 + born.day if born is not None else None


# Domains above that keep copies of their own on these customers' records (sales: the
# installments and lines the digest counts), told of the same changes.
followers: Registry[Callable[[Any], None]] = Registry("customer owner followers")


def follow(customer_ids: Iterable[int] | Any) -> None:
    """The contacts of these customers (ids, or a query selecting ids) take their owner."""
    P = cm.Contact
    ids = customer_ids if hasattr(customer_ids, "sql") else list(customer_ids)
    P.update(owner_id=_live_owner()).where(P.customer.in_(ids)).execute()
    for follower in followers:
        follower(ids)


def hand_over(row: cm.Customer, owner_id: int | None, now: dt.datetime) -> None:
    """Give a live customer (after the caller's permission check) to ``owner_id``, or to
    nobody, with its copies.

    In team mode the server would refuse an owner its user does not see (it checks the
    changed row against the read rule), so ``crm_hand_over`` of `database.team_functions`
    checks the edit (or pool) rule and writes as the tables' owner: the customer and its
    contacts' copies (the followers' copies do not depend on the customer's owner).

    Raises:
        PermissionDenied: the server's rule refused it.
    """
    database = db_proxy.obj
    # The tables' owner (a DBA's account) is above row-level security: as before.
    if info().team_group is None or team_mode.login(database).owner:
        C = cm.Customer
        C.update(owner=owner_id, updated_at=now).where(C.id == row.id).execute()
        follow([row.id])
        return
    sql = "SELECT crm_hand_over(%s, %s, %s)"
    if not database.execute_sql(sql, (row.id, owner_id, now)).fetchone()[0]:
        raise PermissionDenied("the database refused to hand over customer {code}", code=row.code)


def fill_missing() -> None:
    """Contacts written without the copies (by a bulk writer: the demo) get them: one
    statement each, touching only the rows that lack them."""
    P = cm.Contact
    P.update(owner_id=_live_owner()).where(P.owner_id.is_null()).execute()
    month_day = pw.SQL(_MONTH_DAY[backend()])
    lacking = P.birthday.is_null(False) & P.birthday_md.is_null()
    P.update(birthday_md=month_day).where(lacking).execute()


def _live_owner() -> Any:
    """The owner of a contact's customer while it is live; NULL once it is deleted."""
    C, P = cm.Customer, cm.Contact
    return C.select(C.owner).where((C.id == P.customer) & C.deleted_at.is_null())


_MONTH_DAY = {
    "sqlite": "CAST(strftime('%m%d', birthday) AS INTEGER)",
    "postgres": "CAST(EXTRACT(MONTH FROM birthday) * 100 + EXTRACT(DAY FROM birthday) AS INTEGER)",
    "mysql": "MONTH(birthday) * 100 + DAY(birthday)",
}
