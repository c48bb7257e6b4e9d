"""How a report prints: a table (titled with its period) and, with ``--chart``, a chart
below it; plain, CSV, TSV, JSON (``Report.to_dict()``: ``report``, ``title``, ``period``,
``compare``, ``columns``, ``rows``), JSON Lines (one row a line), Markdown, or an XLSX file.

A chart is drawn only below a table or plain text, so every other format is the same
with or without ``--chart``. An empty report prints its header and "no data" (stderr).
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

import typer

from crm_cli import i18n
from crm_cli.commands import _output
from crm_cli.commands._common import Session, note
from crm_cli.commands._values import dumps_json
from crm_cli.store.core.errors import InvalidInput
from crm_cli.store.core.records import Exact

if TYPE_CHECKING:
    from crm_cli.store.analysis.records import Report

CHARTS = ("bar", "line", "pie", "funnel")
FORMATS = (*_output.FORMATS, "xlsx")


def check_format(ctx: typer.Context, value: str | None) -> str | None:
    """``--format``: the usual ones, and xlsx (which needs ``--output``)."""
    if value is None or ctx.resilient_parsing or value.strip().lower() == "xlsx":
        return value
    _output.resolve_format(value)
    return value


def check_chart(kind: str | None) -> str | None:
    if kind is None:
        return None
    cleaned = kind.strip().lower()
    if cleaned not in CHARTS:
        raise InvalidInput(
            "unknown chart {kind!r}; choose one of: {names}", kind=kind, names=", ".join(CHARTS)
        )
    return cleaned


def _title(report: Report) -> str:
    from crm_cli.report_words import caption

    return caption(report)


def _labels(report: Report) -> dict[str, str] | None:
    """The report's own Chinese column titles, where Chinese titles are shown."""
    if not i18n.chinese() and _output.csv_headers != "zh":
        return None
    from crm_cli.report_words import zh_labels

    return zh_labels(report)


def check_shown(report: Report, fmt: str | None, fields: str | None, output: str | None) -> None:
    """Refuse what `show_report` would refuse, before a command saves anything."""
    if fmt and fmt.strip().lower() == "xlsx" and not output:
        raise InvalidInput("-f xlsx writes a file: give --output FILE")
    _output.pick_fields(fields, [c.name for c in report.columns])


def show_report(
    s: Session,
    report: Report,
    fmt: str | None,
    fields: str | None,
    *,
    output: str | None = None,
    chart: tuple[str, str, str] | None = None,
) -> None:
    """Print ``report`` in ``fmt`` (to ``output`` when given); ``chart``: (kind, x, y)."""
    chosen = "xlsx" if fmt and fmt.strip().lower() == "xlsx" else s.format(fmt)
    columns = [c.name for c in report.columns]
    picked = _output.pick_fields(fields, columns) or columns
    if chosen == "xlsx":
        if not output:
            raise InvalidInput("-f xlsx writes a file: give --output FILE")
        _write_xlsx(Path(output), report, picked)
        return
    if output:
        with open(output, "w", encoding="utf-8", newline="") as out:
            _emit(report, chosen, picked, out, chart)
        return
    _emit(report, chosen, picked, sys.stdout, chart)


def _emit(
    report: Report, fmt: str, names: list[str], out: TextIO, chart: tuple[str, str, str] | None
) -> None:
    rows = [{name: row.get(name) for name in names} for row in report.rows]
    if fmt == "json":
        data = report.to_dict()
        data["rows"] = rows
        data["columns"] = [c.to_dict() for c in report.columns if c.name in names]
        out.write(dumps_json(data) + "\n")
        return
    # Percentages and ratios print as the number they are (48.5), not as money (48.50).
    exact = {c.name for c in report.columns if c.kind in ("percent", "decimal")} & set(names)
    for row in rows:
        for name in exact:
            value = row[name]
            if isinstance(value, Decimal):
                row[name] = Exact(value)
    labels = _labels(report)
    if fmt in ("table", "plain") and not rows:
        _header(fmt, _output.titles(names, fmt, labels), out, _title(report))
        note("no data")
        return
    _output.emit(rows, fmt=fmt, fields=names, columns=names, out=out, title=_title(report),
                 labels=labels)  # fmt: skip
    if chart is not None and fmt in ("table", "plain"):
        from crm_cli.commands._charts import draw

        kind, x, y = chart
        drawn = draw(report, kind, x, y, plain=True if fmt == "plain" else None)
        if drawn:
            out.write("\n" + drawn.rstrip("\n") + "\n")


def _header(fmt: str, names: list[str], out: TextIO, title: str) -> None:
    from crm_cli.commands._layout import print_rich, write_aligned

    if fmt == "table":
        print_rich(names, [], [False] * len(names), out, title)
    else:
        write_aligned([names], [False] * len(names), out)


def _write_xlsx(path: Path, report: Report, names: Sequence[str]) -> None:
    from crm_cli.commands._export_xlsx import write_xlsx
    from crm_cli.store.exports.columns import MONEY, NUMBER, TEXT, Column

    kinds = {"money": MONEY, "int": NUMBER, "decimal": NUMBER, "percent": NUMBER}
    columns = [
        Column(c.name, c.name, c.name, kinds.get(c.kind, TEXT))
        for c in report.columns
        if c.name in names
    ]
    rows = [{name: _cell(row.get(name)) for name in names} for row in report.rows]
    with open(path, "wb") as out:
        write_xlsx(out, columns, rows, report.name)


def _cell(value: Any) -> Any:
    """A whole number as a Decimal, so the sheet stores it as a number, not text."""
    if isinstance(value, int) and not isinstance(value, bool):
        return Decimal(value)
    return value
