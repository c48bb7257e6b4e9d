"""Turn a quote into a sales order, with its payment plan."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import NamedTuple

from crm_cli.i18n import N_
from crm_cli.store.core.dates import parse_date
from crm_cli.store.core.errors import InvalidInput
from crm_cli.tui.dialogs.form import Field, FormDialog


class OrderForm(NamedTuple):
    quote: str
    signed: str | None
    due: str | None
    installments: int | None


def _count(text: str) -> int:
    if not text.isdecimal() or int(text) < 1:
        raise InvalidInput(
            "invalid number of installments {text!r}: a positive whole number", text=text
        )
    return int(text)


def _date(text: str) -> dt.date:
    return parse_date(text, dt.date.today())


class OrderDialog(FormDialog[OrderForm]):
    HEADING = N_("Order from quote")
    FIELDS = (
        Field("quote", "Quote", "Q000001", required=True),
        Field("signed", "Signed on", N_("today"), check=_date),
        Field("due", "Due", "+30d", check=_date),
        Field("installments", "Installments", "1", check=_count),
    )

    def result(self, values: Mapping[str, str]) -> OrderForm:
        count = int(values["installments"]) if values["installments"] else None
        return OrderForm(values["quote"], values["signed"] or None, values["due"] or None, count)
