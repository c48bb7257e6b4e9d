"""Record a payment (回款) against an order, optionally one installment."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import NamedTuple

from crm_cli.i18n import N_
from crm_cli.store.core.dates import parse_date
from crm_cli.store.core.errors import InvalidInput
from crm_cli.store.sales.payments import parse_amount
from crm_cli.tui.dialogs.form import Field, FormDialog


class PaymentForm(NamedTuple):
    order: str
    amount: str
    installment: int | None
    date: str | None
    method: str


def _number(text: str) -> int:
    if not text.isdecimal() or int(text) < 1:
        raise InvalidInput("invalid installment {text!r}: its number, 1 or more", text=text)
    return int(text)


class PaymentDialog(FormDialog[PaymentForm]):
    HEADING = N_("Record payment")
    FIELDS = (
        Field("order", "Order", "SO000001", required=True),
        Field("amount", "Amount", "10000.00", required=True, check=parse_amount),
        Field("installment", "Installment", N_("empty: oldest open first"), check=_number),
        Field("date", "Paid on", N_("today"), check=lambda t: parse_date(t, dt.date.today())),
        Field("method", "Method", N_("bank, cash …")),
    )

    def result(self, values: Mapping[str, str]) -> PaymentForm:
        number = int(values["installment"]) if values["installment"] else None
        return PaymentForm(
            values["order"], values["amount"], number, values["date"] or None, values["method"]
        )
