"""Target attainment per person and department (TGT-1 as a report): every target set for
the period that the actor may read, with what was done by the as-of day. The figures are
`targets.attainment.team_attainment`'s, one grouped query per metric; what counts as
what is said there (`targets.actuals`)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from crm_cli.store.analysis import periods
from crm_cli.store.analysis.presets import Params, Preset, register
from crm_cli.store.analysis.records import Column, Report
from crm_cli.store.core.errors import InvalidInput
from crm_cli.store.core.records import User
from crm_cli.store.targets import attainment as targets
from crm_cli.store.targets import periods as target_periods

KINDS = target_periods.KINDS  # month, quarter, year: the periods targets are set for


def _label(params: Params) -> str:
    """The targets' period: the report's (a month, quarter or year), else this month."""
    period = params.period
    if period is None:
        return target_periods.containing("month", params.today).label
    if period.unit not in KINDS:
        raise InvalidInput(
            "report attainment needs a month, a quarter or a year, not {label!r}",
            label=period.label,
        )
    return period.label


def _number(value: Any) -> Decimal | None:
    return None if value is None else Decimal(value)


def attainment(actor: User, params: Params) -> Report:
    """One row per target: departments first, then people; metrics in their order."""
    now = dt.datetime.combine(params.today, dt.time(23, 59, 59))
    label = _label(params)
    found = targets.team_attainment(actor, now=now, period=label)
    rows = [
        {"scope": a.scope, "name": a.user or a.name, "department": a.department,
         "metric": a.metric, "target": _number(a.target), "actual": _number(a.actual),
         "percent": _number(a.percent), "gap": _number(a.gap)}
        for a in found
    ]  # fmt: skip
    columns = (
        Column("scope", "text", "For", "对象"), Column("name", "text", "Name", "名称"),
        Column("department", "text", "Department", "部门"),
        Column("metric", "text", "Metric", "指标"),
        Column("target", "decimal", "Target", "目标"),
        Column("actual", "decimal", "Actual", "完成"),
        Column("percent", "percent", "Attained %", "完成率%"),
        Column("gap", "decimal", "Gap", "差额"),
    )  # fmt: skip
    keys = ("scope", "name", "metric")
    period = periods.parse_period(label, params.today)
    return Report("attainment", ATTAINMENT.title, columns, rows, keys, period)


ATTAINMENT = register(Preset(
    "attainment", "Target attainment per person and department (a month, quarter or year)",
    "目标完成情况:各人与各部门的目标、完成与完成率(月、季度或年)", attainment,
    chart="bar", x="name", y="percent", terms=False,
))  # fmt: skip
