"""The pipeline (销售漏斗), lost deals (丢单分析) and how long deals take (成交周期).

Opportunities count when they and their customer are live, in the owner's scope.

- The funnel: opportunities open at the end of the as-of day (created by then, and still
  open or closed later), by stage in the pipeline order of the sales setting
  ``opportunity.stages`` (synonyms folded into their stage; unlisted stages after it, by
  name, then no stage). "Reached": open at that stage or a later listed one; the
  conversion to the next stage is the next one's reached over this one's.
- The deal cycle (seed 000's 客户成交耗时): for each opportunity won in the period (its
  closing day), whole days from the day it was created to the day it was won; per owner,
  their average and median. Counted from the opportunity rather than from a first contact
  record, because an opportunity names the deal it ends in and a contact record does not.
"""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import peewee as pw

from crm_cli.store.analysis import scope
from crm_cli.store.analysis.presets import Params, Preset, of_customers, register
from crm_cli.store.analysis.presets_more._common import (
    NONE,
    C,
    U,
    choice,
    col,
    days_between,
    fetch,
    live_customer,
    on_days,
)
from crm_cli.store.analysis.records import Report
from crm_cli.store.analysis.sqlbits import CENT, bucket, money, ratio
from crm_cli.store.core.records import User
from crm_cli.store.sales import models as sm
from crm_cli.store.sales.settings import pipeline_stages

Opp = sm.Opportunity


def _live(params: Params) -> Any:
    return Opp.deleted_at.is_null() & live_customer() & of_customers(params, C.id)


def _stage_name(stages: list[list[str]]) -> Any:
    """In SQL, an opportunity's stage under its listed name (synonyms folded into it)."""
    cases = [(Opp.stage.in_(names), names[0]) for names in stages]
    return pw.Case(None, cases, Opp.stage)


def _open_on(today: dt.date) -> Any:
    """Open as of the day's end: created by then, and still open or closed after it."""
    created = Opp.created_at < dt.datetime.combine(today + dt.timedelta(days=1), dt.time())
    still = (Opp.status == "open") | ((Opp.status != "open") & (Opp.closed_on > today))
    return created & still


def _stage_rows(found: dict[str, Any], stages: list[list[str]]) -> list[dict[str, Any]]:
    """A row per listed stage in pipeline order (empty ones too), with how many reach it
    (there or at a later listed stage) and go on to the next; then unlisted stages by
    name and no stage, outside the chain."""
    listed = [names[0] for names in stages]
    others = sorted(s for s in found if s not in listed and s) + ([""] if "" in found else [])
    rows: list[dict[str, Any]] = []
    for stage in listed + others:
        count, cents, weighted = found.get(stage, (0, 0, 0))
        rows.append({
            "stage": stage or NONE, "count": int(count), "amount": money(cents),
            "weighted": (Decimal(int(weighted or 0)) / 10000).quantize(CENT, ROUND_HALF_UP),
            "reached": None, "conversion": None,
        })  # fmt: skip
    chain = rows[: len(listed)]
    reached = 0
    for row in reversed(chain):
        reached += row["count"]
        row["reached"] = reached
    for here, after in itertools.pairwise(chain):
        here["conversion"] = ratio(after["reached"] * 100, here["reached"], 1)
    return rows


def funnel(actor: User, params: Params) -> Report:
    """Open opportunities by stage as of the day: count, amount, weighted amount (amount ×
    probability / 100), how many reach each stage and the share going on to the next."""
    stages = pipeline_stages()
    name = _stage_name(stages)
    query = scope.within(
        Opp.select(name, pw.fn.COUNT(Opp.id), pw.fn.SUM(Opp.amount).coerce(False),
                   pw.fn.SUM(Opp.amount * Opp.probability).coerce(False))
        .join(C, on=(Opp.customer == C.id))
        .where(_live(params) & _open_on(params.today)),
        Opp.owner, actor,
    ).group_by(name)  # fmt: skip
    found = {str(s or ""): row for s, *row in fetch(query)}
    rows = _stage_rows(found, stages)
    columns = (
        col("stage", "text", "Stage", "阶段"),
        col("count", "int", "Open opportunities", "商机数"),
        col("amount", "money", "Amount", "金额"),
        col("weighted", "money", "Weighted amount", "加权金额"),
        col("reached", "int", "At this stage or later", "到达本阶段"),
        col("conversion", "percent", "On to the next stage %", "转入下一阶段%"),
    )
    return Report("funnel", "Sales funnel", columns, rows, keys=("stage",))


def lost(actor: User, params: Params) -> Report:
    """Lost opportunities closed in the period, per year (``--by``) and reason."""
    unit = choice(params, "by", ("year", "quarter", "month"), "year")
    when = bucket(unit, Opp.closed_on)
    query = scope.within(
        Opp.select(when, Opp.reason, pw.fn.COUNT(Opp.id), pw.fn.SUM(Opp.amount).coerce(False))
        .join(C, on=(Opp.customer == C.id))
        .where(_live(params) & (Opp.status == "lost") & Opp.closed_on.is_null(False)
               & on_days(Opp.closed_on, params.period)),
        Opp.owner, actor,
    ).group_by(when, Opp.reason)  # fmt: skip
    rows: list[dict[str, Any]] = [
        {"period": str(p), "reason": reason or NONE, "count": int(n), "amount": money(cents)}
        for p, reason, n, cents in fetch(query)
    ]
    # The groups' order in Python: each backend's collation sorts text its own way.
    rows.sort(key=lambda r: (r["period"], -r["count"], r["reason"]))
    columns = (
        col("period", "text", unit.capitalize(), {"year": "年", "quarter": "季度",
                                                   "month": "月"}[unit]),
        col("reason", "text", "Reason", "丢单原因"),
        col("count", "int", "Lost", "丢单数"),
        col("amount", "money", "Amount", "金额"),
    )  # fmt: skip
    return Report("lost-opportunities", "Lost opportunities", columns, rows,
                  keys=("period", "reason"), period=params.period)  # fmt: skip


def _median(counts: list[tuple[int, int]]) -> Decimal:
    """The median of values given as sorted (value, how many) pairs."""
    total = sum(n for _, n in counts)
    middle = [(total - 1) // 2, total // 2]  # the one or two middle positions
    picked, seen = [], 0
    for value, n in counts:
        picked += [value for m in middle if seen <= m < seen + n]
        seen += n
    return (Decimal(sum(picked)) / 2).quantize(Decimal("0.1"), ROUND_HALF_UP)


def deal_cycle(actor: User, params: Params) -> Report:
    """Won opportunities closed in the period, per owner: days from creation to the win,
    on average and the median (counted per owner and number of days in SQL)."""
    days = days_between(Opp.closed_on, Opp.created_at)
    query = scope.within(
        Opp.select(U.login, U.display, days, pw.fn.COUNT(Opp.id))
        .join(C, on=(Opp.customer == C.id))
        .switch(Opp)
        .join(U, on=(Opp.owner == U.id))
        .where(_live(params) & (Opp.status == "won") & Opp.closed_on.is_null(False)
               & on_days(Opp.closed_on, params.period)),
        Opp.owner, actor,
    ).group_by(U.login, U.display, days).order_by(U.login, days)  # fmt: skip
    people: dict[str, tuple[str, list[tuple[int, int]]]] = {}
    for login, display, d, n in fetch(query):
        people.setdefault(login, (display or login, []))[1].append((int(d), int(n)))
    rows = []
    for login, (display, counts) in people.items():
        won = sum(n for _, n in counts)
        rows.append({
            "user": login, "name": display, "won": won,
            "average_days": ratio(sum(d * n for d, n in counts), won, 1),
            "median_days": _median(counts), "shortest": counts[0][0], "longest": counts[-1][0],
        })  # fmt: skip
    columns = (
        col("user", "text", "User", "销售员"),
        col("name", "text", "Name", "姓名"),
        col("won", "int", "Won", "成交商机"),
        col("average_days", "decimal", "Average days to win", "平均成交天数"),
        col("median_days", "decimal", "Median days to win", "成交天数中位数"),
        col("shortest", "int", "Shortest (days)", "最短天数"),
        col("longest", "int", "Longest (days)", "最长天数"),
    )
    return Report("deal-cycle", "Deal cycle time", columns, rows, keys=("user",),
                  period=params.period)  # fmt: skip


register(Preset(
    "funnel", "Sales funnel: open opportunities by stage, weighted, with conversion to the "
    "next stage, as of a day", "销售漏斗:按阶段统计未结商机、加权金额与阶段转化率",
    funnel, chart="funnel", x="stage", y="reached", periodic=False,
))  # fmt: skip
register(Preset(
    "lost-opportunities", "Lost opportunities per year (or quarter, month) with reasons",
    "丢单分析:按年(季度、月)与原因统计丢单数与金额", lost,
    options={"by": "year (default), quarter or month"}, chart="bar", x="period", y="amount",
))  # fmt: skip
register(Preset(
    "deal-cycle", "Deal cycle time per salesperson: days from opportunity to win, average "
    "and median", "成交周期:每位销售从商机创建到赢单的平均与中位天数", deal_cycle,
    chart="bar", x="user", y="average_days",
))  # fmt: skip
