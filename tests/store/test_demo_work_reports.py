"""`crm demo`'s work reports (issue 14, point 7): a few weeks of each salesperson's daily and
weekly reports, some late and some missing, this week's a draft, comments from the
managers, figures frozen from the demo's records; a second run fills only what is missing."""

from __future__ import annotations

import datetime as dt
import json

from crm_cli.store.core import users
from crm_cli.store.demo import generate as demo
from crm_cli.store.demo.team import TEAM
from crm_cli.store.workreports import models as wm
from crm_cli.store.workreports import views
from crm_cli.store.workreports.overview import submission_overview

NOW = dt.datetime(2026, 11, 25, 9, 0)  # a Wednesday in 2026-W48
SALES = sorted(t[0] for t in TEAM if t[2] == "sales")
W = wm.WorkReport


def test_the_demo_writes_a_few_weeks_of_reports(db_url: str) -> None:
    admin = users.resolve_actor("admin")
    demo.add_demo_data(admin, 200, seed=1, now=NOW)
    rows = list(W.select().order_by(W.id))
    authors = {users.user_row(str(r.author_id)).login for r in rows}
    assert sorted(authors) == SALES
    drafts = [r for r in rows if r.status == "draft"]
    assert {(d.period, d.starts_on) for d in drafts} == {("week", dt.date(2026, 11, 23))}
    submitted = [r for r in rows if r.status == "submitted"]
    weeks = {r.starts_on for r in submitted if r.period == "week"}
    days = {r.starts_on for r in submitted if r.period == "day"}
    assert min(weeks) >= dt.date(2026, 10, 26) and max(weeks) == dt.date(2026, 11, 16)
    assert min(days) >= dt.date(2026, 11, 11) and max(days) <= dt.date(2026, 11, 24)
    assert all(d.weekday() < 5 for d in days)
    assert any(r.late_days for r in submitted) and any(r.late_days == 0 for r in submitted)
    assert len(submitted) < len(SALES) * 14  # some are missing
    assert all(r.submitted_at <= NOW and r.code.startswith("WR") for r in submitted)
    counted = [json.loads(r.figures) for r in submitted]
    assert any(sum(v for k, v in f.items() if not k.endswith("amount")) for f in counted)
    commented = [r for r in submitted if r.commented_at is not None]
    assert commented and len(commented) < len(submitted)
    li = users.resolve_actor("li")
    shown = views.get_report(li, commented[0].code, now=NOW)
    assert shown.comments and shown.comments[0].author == "li"
    grid = submission_overview(li, "day", since="2026-11-11", until="2026-11-24", now=NOW)
    statuses = {c.status for row in grid.rows for c in row.cells}
    assert {"on_time", "missing"} <= statuses
    demo.add_demo_data(admin, 10, seed=2, now=NOW)  # no period twice (the unique index)
    again = list(W.select().where(W.id > rows[-1].id))
    assert {(r.author_id, r.period, r.starts_on) for r in rows}.isdisjoint(
        (r.author_id, r.period, r.starts_on) for r in again
    )
    assert len(rows) + len(again) <= len(SALES) * 15
