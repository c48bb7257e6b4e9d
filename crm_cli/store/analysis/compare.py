"""A report beside the same report for another period (环比, 同比): for each measure, the
compared value, the change and the change in percent, row by row (rows matched on the
report's keys; a group found in one period only counts 0 in the other)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from crm_cli.store.analysis.records import Column, Report

PCT = Decimal("0.1")


def _change_pct(now: Any, then: Any) -> Decimal | None:
    if not then:
        return None  # from nothing: no percentage
    return ((Decimal(now or 0) - Decimal(then)) * 100 / abs(Decimal(then))).quantize(
        PCT, rounding=ROUND_HALF_UP
    )


def _columns(report: Report) -> tuple[Column, ...]:
    extra: list[Column] = []
    for c in report.columns:
        if c.name in report.keys or not c.numeric or c.kind == "percent":
            continue
        label, zh = c.label or c.name, c.label_zh or c.label or c.name
        extra += [
            Column(
                f"{c.name}_compared",
                c.kind,
                f"{label} (compared)",
                f"{zh}(对比)",
                (c.name, "compared"),
            ),
            Column(f"{c.name}_change", c.kind, f"{label} change", f"{zh}增减", (c.name, "change")),
            Column(
                f"{c.name}_change_pct",
                "percent",
                f"{label} change %",
                f"{zh}增减%",
                (c.name, "change_pct"),
            ),
        ]
    return report.columns + tuple(extra)


def _zero(column: Column) -> Any:
    return 0 if column.kind == "int" else Decimal("0.00")


def beside(now: Report, then: Report) -> Report:
    """``now`` with ``then``'s figures beside each row (``then``'s period as ``compare``)."""
    columns = _columns(now)
    compared = [c for c in now.columns if f"{c.name}_compared" in {x.name for x in columns}]
    key = lambda row: tuple(row.get(k) for k in now.keys)  # noqa: E731
    earlier = {key(row): row for row in then.rows}
    rows: list[dict[str, Any]] = []
    seen = set()
    for row in now.rows:
        rows.append(_merge(row, earlier.get(key(row)), compared))
        seen.add(key(row))
    for k, old in earlier.items():  # groups of the earlier period only
        if k not in seen:
            blank = {
                c.name: (old.get(c.name) if c.name in now.keys else _zero(c)) for c in now.columns
            }
            rows.append(_merge(blank, old, compared))
    return now._replace(columns=columns, rows=rows, compare=then.period)


def _merge(
    row: dict[str, Any], old: dict[str, Any] | None, compared: list[Column]
) -> dict[str, Any]:
    merged = dict(row)
    for c in compared:
        value = row.get(c.name) or _zero(c)
        before = (old or {}).get(c.name) or _zero(c)
        merged[f"{c.name}_compared"] = before
        merged[f"{c.name}_change"] = value - before
        merged[f"{c.name}_change_pct"] = _change_pct(value, before)
    return merged
