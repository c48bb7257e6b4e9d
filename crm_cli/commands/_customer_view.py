"""The 360 view of a customer as text: fields, then one small table per related kind."""

from __future__ import annotations

import typer

from crm_cli import i18n
from crm_cli.commands import _output, _words
from crm_cli.i18n import N_
from crm_cli.store.overview.customer360 import CustomerView
from crm_cli.store.overview.related import LIMIT

SECTIONS = {
    "contacts": ("code", "name", "title", "mobile", "email", "birthday"),
    "delegations": ("delegate", "until", "active"),
}
# Columns of the related kinds, in the order they print after the contacts.
RELATED = {
    "records": ("at", "method", "contact", "user", "result", "summary", "next_date"),
    "opportunities": ("code", "product", "amount", "probability", "stage", "close_date",
                      "status"),
    "quotes": ("code", "date", "subject", "total", "audited", "order"),
    "orders": ("code", "kind", "status", "signed", "due", "total", "received", "balance",
               "settled"),
    "receipts": ("code", "order", "date", "amount", "method"),
    "plan": ("order", "number", "due", "amount", "received", "open"),
    "services": ("code", "date", "type", "priority", "status", "assignee", "subject"),
    "evaluations": (),
    "expenses": ("code", "date", "category", "amount", "status", "owner", "note"),
}  # fmt: skip
# Each section's heading, "{count}" its number of rows (or "latest N" when cut short).
TITLES = {
    "contacts": N_("Contacts ({count})"), "delegations": N_("Delegations ({count})"),
    "records": N_("Contact records ({count})"), "opportunities": N_("Opportunities ({count})"),
    "quotes": N_("Quotes ({count})"), "orders": N_("Orders ({count})"),
    "receipts": N_("Receipts ({count})"), "plan": N_("Payment plan (still owed) ({count})"),
    "services": N_("Services ({count})"), "evaluations": N_("Evaluations ({count})"),
    "expenses": N_("Expenses ({count})"), "log": N_("Log ({count})"),
}  # fmt: skip
# The sections whose values are their record's own (`_words.RECORDS`).
RECORDS = {"opportunities": "opportunity", "plan": "installment"}
LOG_COLUMNS = ("at", "actor", "entity", "action", "changes")


def print_view(view: CustomerView, fmt: str) -> None:
    data = view.to_dict()
    fields = {
        k: v
        for k, v in view.customer.to_dict().items()
        if k not in ("id", "custom") and v not in ("", None, (), [])
    }
    fields.update({f"custom.{k}": v for k, v in view.customer.custom.items()})
    _output.emit_one(fields, fmt=fmt)
    for key, columns in SECTIONS.items():
        _section(key, data[key], columns, fmt)
    for key, rows in view.related.items():
        if rows:
            columns = RELATED.get(key) or tuple(rows[0].keys())
            _section(key, rows, columns, fmt, limited=len(rows) >= LIMIT)
    _section("log", data["log"], LOG_COLUMNS, fmt)


def _section(
    key: str,
    rows: list[dict[str, object]],
    columns: tuple[str, ...],
    fmt: str,
    *,
    limited: bool = False,
) -> None:
    if not rows:
        return
    count = i18n.tr("latest {count}", count=len(rows)) if limited else str(len(rows))
    typer.echo("")
    typer.echo(i18n.tr(TITLES[key], count=count))
    with _words.values_of(RECORDS.get(key, "")):
        labels = _output.titled_as(_output.PLAN_TITLED) if key == "plan" else None
        _output.emit(rows, fmt=fmt, columns=columns, labels=labels)
