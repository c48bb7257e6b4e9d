"""A quote with lines: `PRODUCT:QTY[:PRICE[:DISCOUNT%]]`, several separated by spaces."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import NamedTuple

from crm_cli.i18n import N_
from crm_cli.store.core.dates import parse_date
from crm_cli.store.core.errors import InvalidInput
from crm_cli.store.sales.lines import parse_line_spec
from crm_cli.tui.dialogs.form import Field, FormDialog, filled


class QuoteForm(NamedTuple):
    lines: list[str]
    fields: dict[str, str]  # subject, contact, valid_until, notes


def split_lines(text: str) -> list[str]:
    return [part for part in text.replace(",", " ").split() if part]


def _lines(text: str) -> None:
    specs = split_lines(text)
    if not specs:
        raise InvalidInput("give at least one line, e.g. P001:2")
    for spec in specs:
        parse_line_spec(spec)


class QuoteDialog(FormDialog[QuoteForm]):
    HEADING = N_("New quote")
    FIELDS = (
        Field("lines", "Lines", "P001:2  P002:1:99.50:10%", required=True, check=_lines),
        Field("subject", "Subject"),
        Field("contact", "Contact person", N_("code or name")),
        Field("valid_until", "Valid until", "+30d",
              check=lambda t: parse_date(t, dt.date.today())),
        Field("notes", "Notes"),
    )  # fmt: skip

    def result(self, values: Mapping[str, str]) -> QuoteForm:
        keys = ("subject", "contact", "valid_until", "notes")
        return QuoteForm(split_lines(values["lines"]), filled(values, keys))
