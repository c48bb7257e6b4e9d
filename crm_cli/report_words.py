"""A report's headings for people in Chinese (issue 17), for the CLI and the TUI alike.

The store gives each report column an English and a Chinese label, and a built column
(a summary's ``sum of total``, a month bucket, a comparison's change) the parts it is made
of, since only the catalog knows a field's Chinese name. JSON keeps the names and the
store's labels; these are what tables, plain text and ``--headers zh`` print.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from crm_cli import i18n

if TYPE_CHECKING:
    from crm_cli.store.analysis.periods import Period
    from crm_cli.store.analysis.records import Column, Report

OPS = {"sum": "求和", "avg": "平均", "min": "最小", "max": "最大"}
UNITS = {"day": "日", "week": "周", "month": "月", "quarter": "季度", "year": "年"}
BESIDE = {"compared": "对比值", "change": "增减", "change_pct": "增减%"}


def zh_label(column: Column, by_name: Mapping[str, Column]) -> str:
    """``column``'s Chinese title: its parts put together, else the store's Chinese label,
    else the catalog's title of its name."""
    if column.parts:
        source, how = column.parts
        if how in BESIDE:
            base = by_name.get(source)
            return (zh_label(base, by_name) if base else i18n.column_zh(source)) + BESIDE[how]
        field = i18n.column_zh(source)
        return f"{field}（{OPS[how] if how in OPS else UNITS.get(how, how)}）"
    return column.label_zh or i18n.column_zh(column.name)


def zh_labels(report: Report) -> dict[str, str]:
    by_name = {c.name: c for c in report.columns}
    return {c.name: zh_label(c, by_name) for c in report.columns}


def period_label(period: Period) -> str:
    """``2026-Q3`` as 2026年第3季度 in Chinese; as typed (ISO) in English."""
    if not i18n.chinese():
        return period.label
    start = period.start
    if period.unit == "year":
        return f"{start.year}年"
    if period.unit == "quarter":
        return f"{start.year}年第{(start.month - 1) // 3 + 1}季度"
    if period.unit == "month":
        return f"{start.year}年{start.month}月"
    if period.unit == "week":
        year, week, _ = start.isocalendar()
        return f"{year}年第{week}周"
    if period.unit == "day":
        return start.isoformat()
    return f"{start.isoformat()} 至 {period.end.isoformat()}"


def title(report: Report) -> str:
    """The report's name for people: a preset's short Chinese title (before its colon), a
    summary's record type and groups; English as the store wrote it."""
    if not i18n.chinese():
        return report.title
    if report.records:
        from crm_cli.store.analysis import kinds

        kind = kinds.find_kind(report.records).title_zh
        labels = zh_labels(report)
        groups = "、".join(labels[key] for key in report.keys)
        return f"{kind}：按{groups}汇总" if groups else f"{kind}汇总"
    from crm_cli.store.analysis import presets

    preset = presets.find(report.name)
    return preset.title_zh.partition(":")[0] if preset else report.title


def caption(report: Report) -> str:
    """The title with its period and the one it is compared with."""
    text = title(report)
    if report.period is not None:
        text += f" · {period_label(report.period)}"
    if report.compare is not None:
        text += i18n.tr(" against {period}", period=period_label(report.compare))
    return text
