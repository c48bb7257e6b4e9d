"""The approval workflow of orders (ORD-1): draft → submitted → approved / rejected.

- submit: the owner side (anyone who may edit the customer), from draft or rejected.
- approve / reject: the owner's managers and admins, from submitted; a sales user never
  decides on an order, not even their own (exit 5).
- cancel (with a reason): a draft, submitted or rejected order by whoever may edit the
  customer; an approved one only by an approver; never once money was received (exit 3):
  the receipts would be orphaned, so the order stays and its plan may be re-planned.

Approving and cancelling change which orders count for the customer's totals, so both
recompute them in the same transaction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from crm_cli.store.core import hooks, oplog
from crm_cli.store.core.dates import now_or
from crm_cli.store.core.db import writing
from crm_cli.store.core.errors import InvalidInput, Locked
from crm_cli.store.core.records import User
from crm_cli.store.core.settings import value_of
from crm_cli.store.customers import access
from crm_cli.store.customers import models as cm
from crm_cli.store.customers.customers import status_names
from crm_cli.store.customers.settings import FORMAL
from crm_cli.store.sales import events
from crm_cli.store.sales import models as sm
from crm_cli.store.sales.order_base import find_order, order_view, require_approver
from crm_cli.store.sales.order_records import OrderView
from crm_cli.store.sales.order_totals import refresh_customer


def _step(
    actor: User, ref: str, now: dt.datetime | None
) -> tuple[sm.SalesOrder, cm.Customer, dt.datetime]:
    now = now_or(now)
    order, customer = find_order(actor, ref, now.date(), lock=True)
    return order, customer, now


def _finish(
    actor: User,
    order: sm.SalesOrder,
    customer: cm.Customer,
    now: dt.datetime,
    action: str,
    change: Mapping[str, object],
) -> OrderView:
    order.updated_at = now
    order.save()
    oplog.write(actor, "order", order.id, customer.id, action, dict(change), now)
    refresh_customer(customer.id)
    return order_view(order, customer, now.date())


def _reason(reason: str | None, what: str) -> str:
    text = (reason or "").strip()
    if not text:
        raise InvalidInput("give a reason for {what}", what=what)
    return text[:300]


@writing
def submit_order(actor: User, ref: str, *, now: dt.datetime | None = None) -> OrderView:
    """Send a draft or rejected order for approval."""
    order, customer, now = _step(actor, ref, now)
    access.require_edit(actor, customer, now.date(), "submit orders of")
    if order.status == "approved":
        raise Locked("order {code} is approved already", code=order.code)
    if order.status not in ("draft", "rejected"):
        raise InvalidInput(
            "order {code} is {status}; only drafts can be submitted",
            code=order.code,
            status=order.status,
        )
    change = {"status": [order.status, "submitted"]}
    order.status, order.submitted_at = "submitted", now
    return _finish(actor, order, customer, now, "submit", change)


def _decide(
    actor: User, ref: str, now: dt.datetime | None, verb: str
) -> tuple[sm.SalesOrder, cm.Customer, dt.datetime]:
    order, customer, now = _step(actor, ref, now)
    require_approver(actor, order, verb)
    if order.status != "submitted":
        hint = "; submit it first" if order.status in ("draft", "rejected") else ""
        raise InvalidInput(
            "order {code} is {status}, not submitted{hint}",
            code=order.code,
            status=order.status,
            hint=hint,
        )
    return order, customer, now


@writing
def approve_order(actor: User, ref: str, *, now: dt.datetime | None = None) -> OrderView:
    """Approve a submitted order: it is locked and counts for the customer's totals."""
    order, customer, now = _decide(actor, ref, now, "approve")
    old = order_view(order, customer, now.date()) if hooks.wanted("approve") else None
    order.status, order.decided_by_id, order.decided_at = "approved", actor.id, now
    order.settled = order.received >= order.total
    order.reject_reason = ""  # an earlier rejection's reason no longer describes it
    _first_order_makes_formal(actor, customer, order, now)
    # A deal: inside pool protection it is the goal (POOL-4), in this same transaction.
    events.deal_reached(customer.id, "order", order.signed or now.date(), now)
    view = _finish(actor, order, customer, now, "approve", {"status": ["submitted", "approved"]})
    if old is not None:
        hooks.fire("approve", actor, now, old, view)
    return view


def _first_order_makes_formal(
    actor: User, customer: cm.Customer, order: sm.SalesOrder, now: dt.datetime
) -> None:
    """A customer whose first order is approved takes the formal status (``status.formal``:
    statuses are renamed, so the team says which one it is; empty or unknown: no change)."""
    name = value_of(FORMAL)
    status = cm.CustomerStatus.get_or_none(cm.CustomerStatus.name == name) if name else None
    if status is None or customer.status_id == status.id:
        return
    Ord = sm.SalesOrder
    earlier = Ord.select().where(
        (Ord.customer == customer.id) & (Ord.status == "approved") & (Ord.id != order.id)
    )
    if earlier.exists():
        return
    before = status_names().get(customer.status_id) if customer.status_id else None
    cm.Customer.update(status=status.id, updated_at=now).where(
        cm.Customer.id == customer.id
    ).execute()
    change = {"status": [before, status.name], "reason": f"first order {order.code} approved"}
    oplog.write(actor, "customer", customer.id, customer.id, "edit", change, now)


@writing
def reject_order(
    actor: User, ref: str, reason: str, *, now: dt.datetime | None = None
) -> OrderView:
    """Send a submitted order back with a reason; it can be edited and resubmitted."""
    text = _reason(reason, "rejecting")
    order, customer, now = _decide(actor, ref, now, "reject")
    order.status, order.decided_by_id, order.decided_at = "rejected", actor.id, now
    order.reject_reason = text
    change = {"status": ["submitted", "rejected"], "reason": text}
    return _finish(actor, order, customer, now, "reject", change)


@writing
def cancel_order(
    actor: User, ref: str, reason: str, *, now: dt.datetime | None = None
) -> OrderView:
    """Cancel an order that has received nothing; approved ones need an approver."""
    text = _reason(reason, "cancelling")
    order, customer, now = _step(actor, ref, now)
    access.require_edit(actor, customer, now.date(), "cancel orders of")
    if order.status == "cancelled":
        raise InvalidInput("order {code} is cancelled already", code=order.code)
    if order.status == "approved":
        require_approver(actor, order, "cancel approved")
    if order.received > 0:
        raise Locked(
            "order {code} has received {received:.2f}; it cannot be cancelled",
            code=order.code,
            received=order.received,
        )
    change = {"status": [order.status, "cancelled"], "reason": text}
    order.status, order.cancel_reason, order.cancelled_at = "cancelled", text, now
    return _finish(actor, order, customer, now, "cancel", change)
