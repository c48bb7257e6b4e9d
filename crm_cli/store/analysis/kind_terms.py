"""Query-language terms (SH-1) in a summary (RPT-1): each record type narrowed by its own
vocabulary, the one its list reads (``sales.order_terms`` for orders …), so that
``crm report summary orders --by city +overdue`` counts what ``crm order list +overdue``
lists.

A summary joins its tables under aliases of its own (`kinds_common.aliases`), which the
vocabularies do not know: the terms select ids in a subquery of their own (the record
type joined to its customer as its list joins it) and the summary keeps the rows whose id
is among them, one indexed semi-join. Order lines and installments go through their
order's terms, tickets and expenses through their customer's; campaigns take none.
Customers are no business of this module: their terms go into the customer filter
(``kinds_people``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

from crm_cli.store.activity import models as am
from crm_cli.store.activity import record_terms
from crm_cli.store.core.records import User
from crm_cli.store.core.terms import BadTerm, parse_term
from crm_cli.store.customers import contact_terms
from crm_cli.store.customers import models as cm
from crm_cli.store.customers.term_select import customer_ids
from crm_cli.store.expenses import models as em
from crm_cli.store.sales import models as sm
from crm_cli.store.sales import (
    opportunity_terms,
    order_terms,
    quote_terms,
    receipt_terms,
)
from crm_cli.store.service import models as svm

Narrow = Callable[[User, Sequence[str], dt.date], Any]
Conditions = Callable[[Iterable[str], User, dt.date], Iterator[Any]]
C, Ord = cm.Customer, sm.SalesOrder


def _joined(model: Any, conditions: Conditions) -> Narrow:
    """A record joined straight to its customer (a contact, a contact record, an
    opportunity, a quote, an order), as its list joins it."""

    def narrow(actor: User, terms: Sequence[str], today: dt.date) -> Any:
        found = model.select(model.id).join(C, on=(model.customer == C.id))
        return model.id.in_(found.where(*conditions(terms, actor, today)))

    return narrow


def _payments(actor: User, terms: Sequence[str], today: dt.date) -> Any:
    P = sm.Payment
    found = P.select(P.id).join(Ord, on=(P.order == Ord.id)).join(C, on=(Ord.customer == C.id))
    return P.id.in_(found.where(*receipt_terms.conditions(terms, actor, today)))


def _of_order(model: Any) -> Narrow:
    """An order's part (a line, an installment): its order matches the order terms."""

    def narrow(actor: User, terms: Sequence[str], today: dt.date) -> Any:
        found = Ord.select(Ord.id).join(C, on=(Ord.customer == C.id))
        return model.order.in_(found.where(*order_terms.conditions(terms, actor, today)))

    return narrow


def _of_customer(model: Any) -> Narrow:
    """A record of a customer (a ticket, an expense): its customer matches the customer
    terms."""

    def narrow(actor: User, terms: Sequence[str], today: dt.date) -> Any:
        return model.customer.in_(customer_ids(actor, terms, today))

    return narrow


NARROW: dict[str, Narrow] = {
    "contacts": _joined(cm.Contact, contact_terms.conditions),
    "activities": _joined(am.Activity, record_terms.conditions),
    "opportunities": _joined(sm.Opportunity, opportunity_terms.conditions),
    "quotes": _joined(sm.Quote, quote_terms.conditions),
    "orders": _joined(Ord, order_terms.conditions),
    "payments": _payments,
    "order-lines": _of_order(sm.OrderLine),
    "installments": _of_order(sm.Installment),
    "tickets": _of_customer(svm.Ticket),
    "expenses": _of_customer(em.Expense),
}


def condition(kind: str, actor: User, terms: Sequence[str], today: dt.date) -> Any:
    """The condition on record type ``kind``'s table (unaliased) that keeps the records
    ``terms`` select; None without terms.

    Raises:
        BadTerm: a term that cannot be read here, or terms for a record type that has none.
    """
    if not terms:
        return None
    narrow = NARROW.get(kind)
    if narrow is None:
        first = parse_term(terms[0])
        raise BadTerm(
            "{text!r}: a summary of {kind} takes FIELD:VALUE terms, no tags",
            first.text,
            first.position,
            text=first.text,
            kind=kind,
        )
    return narrow(actor, terms, today)
