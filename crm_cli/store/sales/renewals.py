"""Annual service fees (PAY-2): renewing a line's service extends its end date and writes
a ``service_fee`` order for the fee.

Decisions: the renewed order must be approved (it is a sale that happened). Without a
line number every fee-carrying line of the order is renewed, in one fee order. The fee
order is due on the old service end (the new period starts then), has no plan and is
approved at once when the actor may approve orders of that owner; otherwise it is a
draft to submit like any order. The service end moves at once: the fee order is what
the customer is billed, and cancelling it does not shorten the service.
"""

from __future__ import annotations

import datetime as dt

from dateutil.relativedelta import relativedelta

from crm_cli.store.core import oplog
from crm_cli.store.core.codes import next_code
from crm_cli.store.core.dates import now_or
from crm_cli.store.core.db import writing
from crm_cli.store.core.errors import InvalidInput, NotFound
from crm_cli.store.core.records import User
from crm_cli.store.customers import access
from crm_cli.store.sales import models as sm
from crm_cli.store.sales.order_base import find_order, may_approve, order_view
from crm_cli.store.sales.order_records import OrderView
from crm_cli.store.sales.order_totals import ZERO, refresh_customer
from crm_cli.store.sales.tax import line_tax

MAX_YEARS = 10


def _fee_lines(order: sm.SalesOrder, position: int | None) -> list[sm.OrderLine]:
    L = sm.OrderLine
    query = L.select().where((L.order == order.id) & L.annual_fee.is_null(False))
    if position is not None:
        query = query.where(L.position == position)
    lines = list(query.order_by(L.position))
    if not lines:
        if position is not None:
            raise NotFound(
                "line {position} of order {code} carries no annual service fee",
                position=position, code=order.code,
            )  # fmt: skip
        raise NotFound("order {code} carries no annual service fee", code=order.code)
    return lines


@writing
def renew_service(
    actor: User,
    ref: str,
    *,
    line: int | None = None,
    years: int = 1,
    now: dt.datetime | None = None,
) -> OrderView:
    """Extend the service of the order's fee lines by ``years``; returns the new fee order.

    Raises:
        InvalidInput: bad years or an order that is not approved. NotFound: no fee line.
    """
    now = now_or(now)
    today = now.date()
    if not 1 <= years <= MAX_YEARS:
        raise InvalidInput(
            "invalid years {years}: use 1 to {max_years}", years=years, max_years=MAX_YEARS
        )
    order, customer = find_order(actor, ref, today, lock=True)
    access.require_edit(actor, customer, today, "renew services of")
    if order.status != "approved":
        raise InvalidInput(
            "order {code} is {status}; only approved orders renew",
            code=order.code,
            status=order.status,
        )
    lines = _fee_lines(order, line)
    starts = [x.service_end or (order.signed or today) for x in lines]
    approve = may_approve(actor, order)
    fee = sm.SalesOrder.create(
        code=next_code("order", "code.order_prefix"), customer=customer.id, kind="service_fee",
        owner=order.owner_id, subject=f"Service fee {order.code}", signed=today,
        due=min(starts), status="approved" if approve else "draft",
        decided_by=actor.id if approve else None, decided_at=now if approve else None,
        created_by=actor.id, created_at=now, updated_at=now,
    )  # fmt: skip
    total = ZERO
    for position, (old, start) in enumerate(zip(lines, starts, strict=True), 1):
        end = start + relativedelta(years=years)
        # The fee is what the customer pays, at the VAT rate of the line it renews.
        amount, vat = line_tax(old.annual_fee * years, old.tax_rate, True)
        sm.OrderLine.create(
            order=fee.id, position=position, product=old.product_id,
            quantity=years, unit_price=old.annual_fee, amount=amount,
            annual_fee=old.annual_fee, service_end=end, tax_rate=old.tax_rate, tax=vat,
        )  # fmt: skip
        old.service_end = end
        old.save()
        total += amount
    fee.total = total
    fee.save()
    change = {"renewed": order.code, "years": years, "total": total, "status": fee.status}
    oplog.write(actor, "order", fee.id, customer.id, "renew", change, now)
    refresh_customer(customer.id)
    return order_view(fee, customer, today)
