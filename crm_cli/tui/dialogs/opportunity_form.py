"""Add a sales opportunity (商机) to the highlighted customer."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import NamedTuple

from crm_cli.i18n import N_
from crm_cli.store.core.dates import parse_date
from crm_cli.store.core.errors import InvalidInput
from crm_cli.store.sales.opportunities import parse_amount
from crm_cli.tui.dialogs.form import Field, FormDialog


def _percent(text: str) -> int:
    """0–100 here; the team minimum is the store's to enforce (it reads a setting)."""
    digits = text.removesuffix("%").strip()
    if not digits.isdecimal() or int(digits) > 100:
        raise InvalidInput("invalid probability {text!r}: a whole number from 0 to 100", text=text)
    return int(digits)


class OpportunityForm(NamedTuple):
    amount: str
    probability: str
    product: str
    stage: str
    close: str | None


class OpportunityDialog(FormDialog[OpportunityForm]):
    HEADING = N_("Add opportunity")
    FIELDS = (
        Field("amount", "Amount", "50000", required=True, check=parse_amount),
        Field("probability", "Probability %", "30 … 100", required=True, check=_percent),
        Field("product", "Product"),
        Field("stage", "Stage"),
        Field("close", "Expected close", "2026-12-31, +30d",
              check=lambda t: parse_date(t, dt.date.today())),
    )  # fmt: skip

    def result(self, values: Mapping[str, str]) -> OpportunityForm:
        return OpportunityForm(
            values["amount"], values["probability"], values["product"], values["stage"],
            values["close"] or None,
        )  # fmt: skip
