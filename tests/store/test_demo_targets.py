"""`crm demo`'s targets (issue 14, point 7; TGT-1): every salesperson and department of the
demo team has a target for this month, quarter and year and every metric, a department's
being the sum of its people's; each is set through the store (logged), round, at least the
floor, and drawn the same way from the same seed."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

from crm_cli.store import domains
from crm_cli.store.core import db, users
from crm_cli.store.core import models as m
from crm_cli.store.demo import generate as demo
from crm_cli.store.demo.targets import FLOORS, MONTHS
from crm_cli.store.targets import attainment
from crm_cli.store.targets import models as tm

NOW = dt.datetime(2026, 11, 23, 9, 0)
T = tm.SalesTarget


def targets_now() -> list[tuple[str, str, str, Decimal]]:
    query = T.select().order_by(T.subject, T.period, T.metric)
    return [(r.subject, r.period, r.metric, r.amount) for r in query]


def test_the_demo_team_has_targets_for_this_month_quarter_and_year(db_url: str) -> None:
    admin = users.resolve_actor("admin")
    demo.add_demo_data(admin, 200, seed=1, now=NOW)
    rows = list(T.select())
    assert len(rows) == (4 + 2) * 3 * 4  # four salespeople and two departments
    assert {(r.period, r.starts_on) for r in rows} == {
        ("month", dt.date(2026, 11, 1)), ("quarter", dt.date(2026, 10, 1)),
        ("year", dt.date(2026, 1, 1)),
    }  # fmt: skip
    logins = {u.id: u.login for u in m.User.select()}
    assert {logins[r.user_id] for r in rows if r.user_id} == {"wang", "zhao", "chen", "taylor"}
    assert {r.department for r in rows if not r.user_id} == {"华南销售部", "International Sales"}
    for row in rows:
        assert row.amount >= FLOORS[row.metric] * MONTHS[row.period], row
        step = 1000 if row.metric in ("orders", "receipts") else 1
        assert row.amount % step == 0, row
    people = {(u.department, r.period, r.metric): Decimal(0) for r in rows for u in m.User.select()}
    for row in rows:
        if row.user_id:
            department = m.User.get_by_id(row.user_id).department
            people[(department, row.period, row.metric)] += row.amount
    for row in rows:
        if not row.user_id:
            assert row.amount == people[(row.department, row.period, row.metric)], row
    logged = m.OpLog.select().where((m.OpLog.entity == "target") & (m.OpLog.action == "set"))
    assert logged.count() == len(rows)
    team = attainment.team_attainment(users.resolve_actor("li"), now=NOW)
    assert [(r.scope, r.user or r.department) for r in team[::4]] == [
        ("department", "华南销售部"), ("user", "wang"), ("user", "zhao")]  # fmt: skip
    assert all(r.percent is not None for r in team)


def test_the_same_seed_sets_the_same_targets(tmp_path: Path) -> None:
    drawn = []
    for name in ("a", "b"):
        domains.open_store(f"sqlite:///{tmp_path / name}.db")
        try:
            demo.add_demo_data(users.resolve_actor("admin"), 50, seed=7, now=NOW)
            drawn.append(targets_now())
        finally:
            db.close_store()
    assert drawn[0] == drawn[1] and len(drawn[0]) == 72
