"""Edit dialogs for the rows of the detail tabs: a contact record, a deal, a quote, an order.

Each is its add dialog's twin, pre-filled from the record; the result is the plain field
values, and the flow sends the store only what the user changed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from crm_cli.i18n import N_
from crm_cli.store.core.dates import parse_date
from crm_cli.tui.dialogs.activity_form import ActivityDialog
from crm_cli.tui.dialogs.form import Field, FormDialog, Save
from crm_cli.tui.dialogs.opportunity_form import OpportunityDialog
from crm_cli.tui.dialogs.quote_form import QuoteDialog, split_lines
from crm_cli.tui.widgets.common import cell


def _plain(value: Decimal) -> str:
    """2 rather than 2.000; 99.5 as is (the line spec parser takes either)."""
    text = f"{value.normalize():f}"
    return text


def spec_of(line: Any) -> str:
    """A quote or order line as the `PRODUCT:QTY:PRICE[:DISCOUNT%]` text that re-creates it."""
    spec = f"{line.product}:{_plain(line.quantity)}:{_plain(line.unit_price)}"
    return f"{spec}:{_plain(line.discount)}%" if line.discount else spec


def text_of(value: Any) -> str:
    """A stored value as the text an input starts with (dates ISO, money without commas)."""
    if isinstance(value, Decimal):
        return _plain(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return cell(value)


class EditDialog(FormDialog[dict[str, str]]):
    """A pre-filled form whose result is every field's text."""

    def __init__(
        self, values: Mapping[str, Any], heading: str, *, save: Save | None = None
    ) -> None:
        super().__init__({k: text_of(v) for k, v in values.items()}, save=save, heading=heading)

    def result(self, values: Mapping[str, str]) -> dict[str, str]:
        return dict(values)


class ActivityEditDialog(EditDialog):
    # A record's new customer status is part of logging it, not of correcting it.
    FIELDS = tuple(f for f in ActivityDialog.FIELDS if f.key != "set_status")


class OpportunityEditDialog(EditDialog):
    FIELDS = tuple(
        f._replace(key="close_date") if f.key == "close" else f for f in OpportunityDialog.FIELDS
    )


class QuoteEditDialog(EditDialog):
    FIELDS = QuoteDialog.FIELDS


def _date(text: str) -> dt.date:
    return parse_date(text, dt.date.today())


class OrderEditDialog(EditDialog):
    FIELDS = (
        Field("lines", "Lines", "P001:2  P002:1:99.50:10%", required=True,
              check=QuoteDialog.FIELDS[0].check),
        Field("subject", "Subject"),
        Field("signed", "Signed on", N_("today"), check=_date),
        Field("due", "Due", "+30d", check=_date),
        Field("notes", "Notes"),
    )  # fmt: skip


__all__ = [
    "ActivityEditDialog",
    "EditDialog",
    "OpportunityEditDialog",
    "OrderEditDialog",
    "QuoteEditDialog",
    "spec_of",
    "split_lines",
    "text_of",
]
