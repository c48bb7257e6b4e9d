"""Turning what users type into an expense's values: its day (one that has come), category
(a team setting), amount (exact, above zero), and the customer, opportunity or campaign it
was spent on, each one the actor may see."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from crm_cli.store.campaigns import lookup as campaigns
from crm_cli.store.core.choices import choose
from crm_cli.store.core.dates import parse_date, require_past
from crm_cli.store.core.errors import InvalidInput, NotFound
from crm_cli.store.core.records import User
from crm_cli.store.core.values import as_id, parse_money
from crm_cli.store.customers import access
from crm_cli.store.customers import models as cm
from crm_cli.store.customers.customers import find_row
from crm_cli.store.expenses import models as xm
from crm_cli.store.expenses.settings import expense_categories
from crm_cli.store.sales import models as sm

EDITABLE = ("spent_on", "category", "amount", "customer", "opportunity", "campaign", "note")
MAX_NOTE = 2000


def category(value: str) -> str:
    return choose(value, expense_categories(), "expense category")


def amount(value: str | Decimal) -> Decimal:
    """Exact money above zero: a refund is no expense."""
    money = parse_money(str(value), "expense amount")
    if money <= 0:
        raise InvalidInput("invalid expense amount {value!s}: it must be more than 0", value=value)
    return money


def spent_on(value: str | dt.date, today: dt.date) -> dt.date:
    day = parse_date(value, today) if isinstance(value, str) else value
    require_past("expense date", day, today)  # money is claimed once it has been spent
    return day


def note(value: str) -> str:
    value = value.strip()
    if len(value) > MAX_NOTE:
        raise InvalidInput("the note is too long: at most {max_note} characters", max_note=MAX_NOTE)
    return value


def _opportunity(actor: User, ref: str, today: dt.date) -> sm.Opportunity:
    text = ref.strip()
    Opp, C = sm.Opportunity, cm.Customer
    cond = Opp.code == text.upper()
    if (number := as_id(text, "opportunity")) is not None:
        cond |= Opp.id == number
    live = cond & Opp.deleted_at.is_null()
    query = Opp.select(Opp).join(C, on=(Opp.customer == C.id)).where(live)
    row = access.restrict(query, actor, today).first()
    if row is None:
        raise NotFound("no opportunity {text!r}", text=text)
    return row


def _link(row: xm.Expense, actor: User, key: str, value: str | None, today: dt.date) -> None:
    """Set or clear ('' or None) one linked record, found as the actor sees it."""
    if value is None or not value.strip():
        setattr(row, f"{key}_id", None)
    elif key == "customer":
        row.customer_id = find_row(actor, value, today).id
    elif key == "opportunity":
        row.opportunity_id = _opportunity(actor, value, today).id
    else:
        row.campaign_id = campaigns.find_row(value).id


def _agree(row: xm.Expense, values: Mapping[str, Any]) -> None:
    """An opportunity brings its customer; a different customer beside it is a mistake."""
    if row.opportunity_id is None:
        return
    owner_of = sm.Opportunity.get_by_id(row.opportunity_id).customer_id
    if row.customer_id is None or "customer" not in values:
        row.customer_id = owner_of
    elif row.customer_id != owner_of:
        raise InvalidInput("the opportunity belongs to another customer than the one given")


def apply(row: xm.Expense, actor: User, values: Mapping[str, Any], today: dt.date) -> None:
    """Set the given ``EDITABLE`` fields; '' clears a link or the note."""
    unknown = sorted(set(values) - set(EDITABLE))
    if unknown:
        raise InvalidInput(
            "unknown expense field {unknown!r}; fields: {editable}",
            unknown=unknown[0],
            editable=", ".join(EDITABLE),
        )
    for key, value in values.items():
        if key == "spent_on":
            row.spent_on = spent_on(value, today)
        elif key == "category":
            row.category = category(value)
        elif key == "amount":
            row.amount = amount(value)
        elif key == "note":
            row.note = note(value)
        else:
            _link(row, actor, key, value, today)
    _agree(row, values)
