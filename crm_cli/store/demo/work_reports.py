"""Work reports for ``crm demo`` (issue 14, point 7; WRK-1). Each demo salesperson has the
weekly reports of the four weeks before this one and the daily reports of the ten working
days before today: most submitted on time, some one to three days late, some missing; this
week's report is a draft. Their manager has commented on about half of those submitted.

It grows with the team, not with the customers: a fixed number of reports per person.
Rows are what `reports.submit_report` stores: codes from the sequence, the period's bounds,
the lateness, and the reference figures frozen from the demo's own records.
"""

from __future__ import annotations

import datetime as dt
import random
import re
from typing import Any

from crm_cli.store.core import models as m
from crm_cli.store.core.codes import next_codes
from crm_cli.store.core.dates import now_or
from crm_cli.store.demo.team import TEAM
from crm_cli.store.workreports import figures
from crm_cli.store.workreports import models as wm
from crm_cli.store.workreports.periods import Period, containing, previous
from crm_cli.store.workreports.settings import grace_days

WEEKS, DAYS = 4, 10
MISSING, LATE = 0.12, 0.8  # below MISSING: not written; above LATE: submitted late
CJK = re.compile(r"[\u4e00-\u9fff]")
# (Chinese, English) texts; a person writes in the language of their name.
DAY_TEXTS = (
    ("电话回访老客户 {n} 家，约好下周拜访。", "Called {n} customers back; two visits set up."),
    ("拜访客户 {n} 家，报价已发出，等待反馈。", "Visited {n} customers; quotes sent."),
    ("整理客户资料，跟进 {n} 个商机。", "Cleaned up accounts; followed {n} opportunities."),
)
WEEK_TEXTS = (
    ("本周拜访 {n} 家客户，重点跟进华南项目；下周计划：催收两笔回款。",
     "Visited {n} customers this week; next week: chase two payments."),
    ("本周新增商机 {n} 个，一个进入谈判阶段；问题：竞品降价。",
     "{n} new opportunities, one in negotiation; issue: a rival cut prices."),
)  # fmt: skip
COMMENTS = (("收到，继续保持。", "Thanks, keep it up."),
            ("回款要抓紧，有困难及时说。", "Push the payments; shout if stuck."))  # fmt: skip


def _periods(today: dt.date) -> list[Period]:
    """The periods each person reports on, oldest first: weeks, then working days."""
    weeks = [previous(containing("week", today))]
    while len(weeks) < WEEKS:
        weeks.insert(0, previous(weeks[0]))
    days = [previous(containing("day", today))]
    while len(days) < DAYS:
        days.insert(0, previous(days[0]))
    return weeks + days


def _row(rng: random.Random, author: Any, period: Period, now: dt.datetime, grace: int) -> Any:
    """One submitted report, or None when the draw leaves it missing."""
    luck = rng.random()
    if luck < MISSING:
        return None
    lang = 0 if CJK.search(author.display or "") else 1
    texts = DAY_TEXTS if period.kind == "day" else WEEK_TEXTS
    body = rng.choice(texts)[lang].format(n=rng.randint(2, 9))
    day = period.deadline(grace) + dt.timedelta(days=rng.randint(1, 3) if luck > LATE else 0)
    at = min(dt.datetime.combine(day, dt.time(17 + rng.randint(0, 5), rng.randint(0, 59))), now)
    frozen = figures.dumps(figures.collect(author.id, period))
    return {"author": author.id, "period": period.kind, "starts_on": period.starts_on,
            "ends_on": period.ends_on, "body": body, "figures": frozen, "status": "submitted",
            "created_at": at, "updated_at": at, "submitted_at": at,
            "late_days": period.late_days(at.date(), grace)}  # fmt: skip


def add_demo_reports(*, seed: int | None, now: dt.datetime | None) -> int:
    """Write the demo salespeople's reports around ``now``; returns how many. Its own random
    source: the records a seed draws elsewhere stay the same. Periods someone already has a
    report for (a second demo run) are left as they are."""
    rng = random.Random(None if seed is None else f"demo-reports:{seed}")
    now = now_or(now)
    U, W = m.User, wm.WorkReport
    sales = [login for login, _, role, *_ in TEAM if role == "sales"]
    people = list(U.select().where(U.login.in_(sales) & (U.active == True)).order_by(U.id))  # noqa: E712
    existing = W.select(W.author, W.period, W.starts_on).where(W.author.in_([p.id for p in people]))
    taken = {(r.author_id, r.period, r.starts_on) for r in existing}
    grace, periods = grace_days(), _periods(now.date())
    rows: list[dict[str, Any]] = []
    for person in people:
        for period in periods:
            if (person.id, period.kind, period.starts_on) not in taken:
                row = _row(rng, person, period, now, grace)
                rows.extend([row] if row is not None else [])
        week = containing("week", now.date())
        if (person.id, "week", week.starts_on) not in taken:
            body = WEEK_TEXTS[0][0 if CJK.search(person.display or "") else 1].format(n=3)
            rows.append({"author": person.id, "period": "week", "starts_on": week.starts_on,
                         "ends_on": week.ends_on, "body": body, "created_at": now,
                         "updated_at": now})  # fmt: skip
    for row, code in zip(rows, next_codes("work_report", "code.work_report_prefix", len(rows)),
                         strict=True):  # fmt: skip
        row["code"] = code
        row["id"] = W.insert(**row).execute()
    return len(rows) + _comment(rng, people, rows, now)


def _comment(rng: random.Random, people: list[Any], rows: list[dict[str, Any]], now: Any) -> int:
    """The manager's comment on about half the submitted reports, the morning after."""
    bosses = {p.id: p.supervisor_id for p in people}
    names = {u.id: u.display for u in m.User.select(m.User.id, m.User.display)}
    added = 0
    for row in rows:
        boss = bosses.get(row["author"])
        at = row.get("submitted_at")
        if boss is None or at is None or rng.random() < 0.5:
            continue
        at = min(dt.datetime.combine(at.date() + dt.timedelta(days=1), dt.time(9, 30)), now)
        lang = 0 if CJK.search(names.get(boss) or "") else 1
        wm.WorkReportComment.insert(
            report=row["id"], author=boss, at=at, body=rng.choice(COMMENTS)[lang]
        ).execute()
        wm.WorkReport.update(commented_at=at).where(wm.WorkReport.id == row["id"]).execute()
        added += 1
    return added
