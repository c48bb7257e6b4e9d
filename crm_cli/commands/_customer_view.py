"""The 360 view of a customer as text: fields, then one section per related kind."""

from __future__ import annotations

import typer

from crm_cli.commands import _output
from crm_cli.store.records import CustomerView

SECTIONS = {
    "contacts": ("code", "name", "title", "mobile", "email", "birthday"),
    "delegations": ("delegate", "until", "active"),
}
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
            _section(key, rows, tuple(rows[0].keys()), fmt)
    _section("log", data["log"], LOG_COLUMNS, fmt)


def _section(title: str, rows: list[dict[str, object]], columns: tuple[str, ...], fmt: str) -> None:
    if not rows:
        return
    typer.echo("")
    typer.echo(f"{title.replace('_', ' ').capitalize()} ({len(rows)})")
    _output.emit(rows, fmt=fmt, columns=columns)
