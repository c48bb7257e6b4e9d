"""How one order prints: an object with nested lines, plan and payments in JSON, a head
and a section each in the text formats."""

from __future__ import annotations

from typing import Annotated

import typer

from crm_cli import i18n
from crm_cli.commands import _output, _words
from crm_cli.commands._common import session
from crm_cli.i18n import N_
from crm_cli.store.sales.order_records import Order, OrderView
from crm_cli.store.sales.tax import TaxTotals

SECTIONS = {
    "lines": ("position", "product", "product_name", "quantity", "unit_price", "discount",
              "tax_rate", "tax", "amount", "annual_fee", "service_end"),
    "plan": ("number", "due", "amount", "received", "open", "status"),
    "payments": ("code", "installment", "amount", "paid_on", "method", "user"),
}  # fmt: skip
TITLES = {
    "lines": N_("Lines ({count})"), "plan": N_("Plan ({count})"),
    "payments": N_("Payments ({count})"),
}  # fmt: skip
HIDDEN = ("id",)
FIELDS = (*Order._fields, *TaxTotals._fields)  # what --fields may pick
RefArg = Annotated[str, typer.Argument(help="Order code (SO000003) or id.")]


def print_view(view: OrderView, fmt: str, fields: str | None) -> None:
    """One order: an object with nested lines/plan/payments in JSON, sections in text."""
    if fmt == "json" or fields:
        _output.emit_one(view.to_dict() if fmt == "json" else view.head(),
                         fmt=fmt, fields=fields)  # fmt: skip
        return
    head = {k: v for k, v in view.head().items() if k not in HIDDEN and v not in ("", None)}
    _output.emit_one(head, fmt=fmt)
    if fmt not in ("table", "plain", "markdown"):
        return  # csv, tsv, jsonl: one record, nothing after it
    data = view.to_dict()
    for key, columns in SECTIONS.items():
        if data[key]:
            typer.echo("")
            typer.echo(i18n.tr(TITLES[key], count=len(data[key])))
            with _words.values_of("installment" if key == "plan" else ""):
                labels = _output.titled_as(_output.PLAN_TITLED) if key == "plan" else None
                _output.emit(data[key], fmt=fmt, columns=columns, labels=labels)


def show_order(ctx: typer.Context, view: OrderView, fmt: str | None, fields: str | None) -> None:
    print_view(view, session(ctx).format(fmt), fields)
