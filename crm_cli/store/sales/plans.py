"""Payment plans (ORD-2): installments of an order, and re-planning the unpaid ones.

Three ways to plan an amount: ``installments=N`` (equal parts, the remainder cents on the
last), ``plan="DATE:AMOUNT,…"`` (must sum to the amount exactly), or neither: the team
setting ``order.default_plan`` (percentages, one month apart from the due date); when
that is empty the order has no plan and is paid as a whole. Installments that received
money are never changed: re-planning replaces only untouched ones.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_DOWN, Decimal

from dateutil.relativedelta import relativedelta

from crm_cli.store.core import oplog
from crm_cli.store.core.dates import now_or, parse_date
from crm_cli.store.core.db import writing
from crm_cli.store.core.errors import InvalidInput, Locked
from crm_cli.store.core.records import User
from crm_cli.store.core.settings import value_of
from crm_cli.store.core.values import parse_money
from crm_cli.store.customers import access
from crm_cli.store.sales import models as sm
from crm_cli.store.sales import owners
from crm_cli.store.sales.order_base import find_order, order_view, plan_of, require_recorder
from crm_cli.store.sales.order_records import OrderView
from crm_cli.store.sales.order_totals import ZERO

CENT = Decimal("0.01")
MAX_INSTALLMENTS = 120
Part = tuple[dt.date, Decimal]


def equal_parts(amount: Decimal, count: int, first: dt.date) -> list[Part]:
    """``count`` equal parts a month apart; the cents that do not divide go on the last."""
    if not 1 <= count <= MAX_INSTALLMENTS:
        raise InvalidInput(
            "invalid installments {count}: use 1 to {max_installments}",
            count=count,
            max_installments=MAX_INSTALLMENTS,
        )
    share = (amount / count).quantize(CENT, rounding=ROUND_DOWN)
    if share <= 0:
        raise InvalidInput(
            "cannot split {amount} into {count} installments", amount=amount, count=count
        )
    parts = [(first + relativedelta(months=i), share) for i in range(count)]
    parts[-1] = (parts[-1][0], amount - share * (count - 1))
    return parts


def ratio_parts(amount: Decimal, ratios: list[Decimal], first: dt.date) -> list[Part]:
    """Parts by percentage (the default plan); rounding differences go on the last."""
    shares = [(amount * r / 100).quantize(CENT, rounding=ROUND_DOWN) for r in ratios[:-1]]
    shares.append(amount - sum(shares, ZERO))
    if any(s <= 0 for s in shares):
        raise InvalidInput(
            "cannot split {amount} by the default plan {value}",
            amount=amount,
            value=value_of_plan(),
        )
    return [(first + relativedelta(months=i), s) for i, s in enumerate(shares)]


def value_of_plan() -> str:
    return value_of("order.default_plan")


def parse_plan(text: str, amount: Decimal, today: dt.date) -> list[Part]:
    """``DATE:AMOUNT,DATE:AMOUNT…`` checked to sum to ``amount`` exactly; sorted by date."""
    parts: list[Part] = []
    for item in (x.strip() for x in text.split(",")):
        day, sep, money = item.rpartition(":")
        if not sep or not day.strip() or not money.strip():
            raise InvalidInput("invalid plan item {item!r}: use DATE:AMOUNT", item=item)
        value = parse_money(money, "plan amount")
        if value <= 0:
            raise InvalidInput(
                "invalid plan amount {money!r}: must be more than zero", money=money.strip()
            )
        parts.append((parse_date(day, today), value))
    total = sum((p[1] for p in parts), ZERO)
    if total != amount:
        raise InvalidInput(
            "the plan sums to {total:.2f} but {amount:.2f} is to be planned",
            total=total,
            amount=amount,
        )
    return sorted(parts, key=lambda p: p[0])


def choose_parts(
    amount: Decimal,
    first: dt.date,
    today: dt.date,
    installments: int | None,
    plan: str | None,
    *,
    required: bool = False,
) -> list[Part]:
    """The parts the user asked for, or the default plan; [] for "no plan"."""
    if installments is not None and plan is not None:
        raise InvalidInput("give --installments or --plan, not both")
    if plan is not None:
        return parse_plan(plan, amount, today)
    if installments is not None:
        return equal_parts(amount, installments, first)
    ratios = value_of_plan()
    if not ratios:
        if required:
            raise InvalidInput("give --installments N or --plan DATE:AMOUNT,… (no default plan)")
        return []
    if amount <= 0:
        return []
    return ratio_parts(amount, [Decimal(r) for r in ratios.split(",")], first)


def write_parts(order: sm.SalesOrder, parts: list[Part], first_number: int = 1) -> None:
    for offset, (due, amount) in enumerate(parts):
        sm.Installment.create(
            order=order.id, number=first_number + offset, due=due, amount=amount
        )  # fmt: skip
    owners.sync_orders([order.id])  # the digest counts them only on an approved order


def touched(row: sm.Installment) -> bool:
    """An installment that received money is fixed (ORD-2)."""
    return row.received > 0


def unallocated(order_id: int) -> Decimal:
    """Money received on the order as a whole (no installment)."""
    from crm_cli.store.sales.order_totals import cents_sum

    P = sm.Payment
    query = P.select().where(
        (P.order == order_id) & P.installment.is_null() & P.deleted_at.is_null()
    )
    return cents_sum(P.amount, query)


def replace_open(order: sm.SalesOrder, parts_for: PartsFor) -> tuple[Decimal, list[Part]]:
    """Delete the untouched installments and plan what they covered anew."""
    plan = plan_of(order.id)
    kept = [i for i in plan if touched(i)]
    left = order.total - sum((i.amount for i in kept), ZERO) - unallocated(order.id)
    if left <= 0:
        raise InvalidInput("order {code} has nothing left to plan", code=order.code)
    parts = parts_for(left)
    Inst = sm.Installment
    Inst.delete().where((Inst.order == order.id) & (Inst.received == 0)).execute()
    write_parts(order, parts, max((i.number for i in kept), default=0) + 1)
    return left, parts


class PartsFor:
    """Builds the parts for an amount from the user's options (deferred until it is known)."""

    def __init__(self, first: dt.date, today: dt.date, installments: int | None, plan: str | None):
        self.args = (first, today, installments, plan)

    def __call__(self, amount: Decimal) -> list[Part]:
        first, today, installments, plan = self.args
        return choose_parts(amount, first, today, installments, plan, required=True)


@writing
def replan_order(
    actor: User,
    ref: str,
    *,
    installments: int | None = None,
    plan: str | None = None,
    start: str | None = None,
    now: dt.datetime | None = None,
) -> OrderView:
    """Re-plan what the order's untouched installments cover (paid/partial ones stay).

    Raises:
        InvalidInput: bad plan, nothing left, or a cancelled order. Locked: settled order.
    """
    now = now_or(now)
    today = now.date()
    order, customer = find_order(actor, ref, today, lock=True)
    if order.status == "approved":  # money after approval: the team's recorders only
        require_recorder(actor, order, "re-plan approved")
    else:
        access.require_edit(actor, customer, today, "re-plan orders of")
    if order.status == "cancelled":
        raise InvalidInput("order {code} is cancelled", code=order.code)
    if order.settled and order.status == "approved":
        raise Locked("order {code} is fully paid; its plan cannot change", code=order.code)
    first = parse_date(start, today) if start else (order.due or order.signed or today)
    before = [(i.number, str(i.due), str(i.amount)) for i in plan_of(order.id)]
    left, _parts = replace_open(order, PartsFor(first, today, installments, plan))
    order.updated_at = now
    order.save()
    after = [(i.number, str(i.due), str(i.amount)) for i in plan_of(order.id)]
    change = {"plan": [before, after], "planned": left}
    oplog.write(actor, "order", order.id, customer.id, "plan", change, now)
    return order_view(order, customer, today)
