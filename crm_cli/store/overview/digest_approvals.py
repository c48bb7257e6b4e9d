"""Digest kind "approval" (issue 14, point 5): what waits for the user's decision, from the
approval inbox (``approvals``): orders to approve, quotes to audit, expenses to approve.

An item is due the day it began to wait, so anything waiting since before today shows as
overdue by the days it has waited; like `crm approvals`, oldest first.
"""

from __future__ import annotations

import datetime as dt

from crm_cli.store.core.errors import N_, Phrase
from crm_cli.store.core.listing import Page
from crm_cli.store.overview import approvals
from crm_cli.store.overview.digest_items import DigestItem, Found, Who, Window, item


def waiting(w: Window) -> Found:
    """The ``w.limit`` items waiting longest for the user, and how many wait in all."""
    now = dt.datetime.combine(w.today, dt.time())
    found = [_item(w, a) for a in approvals.iter_approvals(w.user, now=now, page=Page(w.limit))]
    return Found(found, approvals.count_approvals(w.user, now=now))


# Each kind's own templates, so that a translation puts the words where they belong.
FROM = {
    "order": N_("order {code} from {owner}"),
    "quote": N_("quote {code} from {owner}"),
    "expense": N_("expense {code} from {owner}"),
}
ABOUT = {
    "order": N_("order {code} from {owner}: {subject}"),
    "quote": N_("quote {code} from {owner}: {subject}"),
    "expense": N_("expense {code} from {owner}: {subject}"),
}


def _item(w: Window, a: approvals.Approval) -> DigestItem:
    params = {"code": a.code, "owner": a.owner or "—"}
    if a.subject:
        template = ABOUT.get(a.kind, a.kind + " {code} from {owner}: {subject}")
        params["subject"] = a.subject
    else:
        template = FROM.get(a.kind, a.kind + " {code} from {owner}")
    customer = Who(a.customer, a.customer_name or "") if a.customer else None
    return item(w, a.since.date(), Phrase(template, **params), a.code, customer, a.amount)
