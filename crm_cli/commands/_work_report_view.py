"""Work reports as text: one report (its fields, the writer's text, the reference figures
and the comments) and the submission overview as a grid of people by period."""

from __future__ import annotations

from typing import Any

import typer

from crm_cli.commands import _output
from crm_cli.i18n import tr
from crm_cli.store.workreports.records import Cell, Overview, ReportDetail

FIELDS = ("code", "author", "author_name", "kind", "period", "starts_on", "ends_on", "status",
          "deadline", "late_days", "submitted_at", "commented_at")  # fmt: skip
MARKS = {"on_time": "✓", "missing": "✗", "not_due": "·"}
LEGEND = "✓ on time, +n late by n days, ✗ missing, · not due yet"


def print_report(detail: ReportDetail, fmt: str) -> None:
    """The report's fields, its text, its figures and its comments, one part after another."""
    record = detail.report.to_dict()
    _output.emit_one({k: record[k] for k in FIELDS if record[k] is not None}, fmt=fmt)
    typer.echo("")
    typer.echo(detail.text)
    typer.echo("")
    submitted = detail.report.status == "submitted"
    typer.echo(tr("Reference figures (参考数据, as submitted)") if submitted
               else tr("Reference figures (参考数据, counted now)"))  # fmt: skip
    _output.emit_one(detail.figures.to_dict(), fmt=fmt)
    if detail.comments:
        typer.echo("")
        typer.echo(tr("Comments ({count})", count=len(detail.comments)))
        rows = [c.to_dict() for c in detail.comments]
        _output.emit(rows, fmt=fmt, columns=("at", "author", "author_name", "text"))


def mark(cell: Cell) -> str:
    return f"+{cell.days}" if cell.status == "late" else MARKS[cell.status]


def grid_rows(overview: Overview) -> list[dict[str, Any]]:
    """One row per person: a column per period, then the counts."""
    rows: list[dict[str, Any]] = []
    for row in overview.rows:
        cells = {cell.period: mark(cell) for cell in row.cells}
        counts = {s: row.count(s) for s in ("on_time", "late", "missing")}
        rows.append({"login": row.login, "name": row.name, "department": row.department,
                     **cells, **counts})  # fmt: skip
    return rows


def grid_columns(overview: Overview) -> tuple[str, ...]:
    return ("login", "name", *overview.periods, "on_time", "late", "missing")
