"""Work reports in `crm today` (issue 14, point 1): the writer's missing report of the
previous period of each expected kind, and the reports waiting for a manager's comment."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from crm_cli.store.core import settings
from crm_cli.store.core.records import User
from crm_cli.store.overview import digest
from crm_cli.store.workreports import models as wm
from crm_cli.store.workreports import reports
from tests.conftest import Team

TUESDAY = dt.datetime(2026, 12, 8, 9, 0)
MONDAY = dt.datetime(2026, 12, 7, 9, 0)


def found(actor: User, kind: str, now: dt.datetime = TUESDAY, **options: int) -> list[tuple]:
    d = digest.build_digest(actor, now=now, **options)
    items = [(i.due, i.urgency, i.text, i.ref) for i in d.items if i.kind == kind]
    return [*items, d.counts[kind]]


def submit(who: User, kind: str, period: str, now: dt.datetime = TUESDAY) -> str:
    code = reports.write_report(who, kind, period, "报告", now=now).report.code
    reports.submit_report(who, code, now=now)
    return code


def test_nothing_is_expected_until_the_team_says_so(team: Team) -> None:
    assert found(team.wang, "report_missing") == [0]
    settings.set_setting(team.admin, "work_report.expected", "week,day")
    assert settings.get_setting(team.admin, "work_report.expected") == "day,week"
    assert found(team.wang, "report_missing") == [
        (dt.date(2026, 12, 6), "overdue", "weekly report for 2026-W49 not submitted", "2026-W49"),
        (
            dt.date(2026, 12, 7),
            "overdue",
            "daily report for 2026-12-07 not submitted",
            "2026-12-07",
        ),
        2,
    ]
    submit(team.wang, "week", "2026-W49")
    assert [i[3] for i in found(team.wang, "report_missing")[:-1]] == ["2026-12-07"]
    reports.write_report(
        team.wang, "day", "2026-12-07", "草稿", now=TUESDAY
    )  # a draft is not enough
    assert found(team.wang, "report_missing")[-1] == 1
    assert found(team.admin, "report_missing") == [0]  # admins write no reports


def test_monday_looks_back_to_friday_and_grace_moves_the_due_date(team: Team) -> None:
    settings.set_setting(team.admin, "work_report.expected", "day,week,month")
    settings.set_setting(team.admin, "work_report.grace_days", "1")
    items = found(team.zhao, "report_missing", now=MONDAY)
    assert [(i[0], i[1], i[3]) for i in items[:-1]] == [
        (dt.date(2026, 12, 1), "overdue", "2026-11"),
        (dt.date(2026, 12, 5), "overdue", "2026-12-04"),
        (dt.date(2026, 12, 7), "today", "2026-W49"),
    ]
    assert found(team.zhao, "report_missing", now=MONDAY, limit=1)[-2:] == [
        (dt.date(2026, 12, 1), "overdue", "monthly report for 2026-11 not submitted", "2026-11"),
        3,
    ]


def test_reports_waiting_for_a_comment_reach_everyone_above(team: Team) -> None:
    first = submit(team.zhao, "day", "2026-12-07", now=dt.datetime(2026, 12, 7, 18, 0))
    second = submit(team.wang, "week", "2026-W49")
    assert found(team.li, "report_to_comment") == [
        (dt.date(2026, 12, 7), "overdue",
         "zhao's daily report for 2026-12-07 waits for a comment", first),
        (dt.date(2026, 12, 8), "today",
         "wang's weekly report for 2026-W49 waits for a comment", second),
        2,
    ]  # fmt: skip
    assert [i[3] for i in found(team.wang, "report_to_comment")[:-1]] == [first]
    assert found(team.chen, "report_to_comment") == [0]
    assert found(team.zhao, "report_to_comment") == [0]
    reports.comment_report(team.wang, first, "收到", now=TUESDAY)
    assert [i[3] for i in found(team.li, "report_to_comment")[:-1]] == [second]
    assert found(team.li, "report_to_comment", limit=0) == [1]


def test_both_kinds_read_work_reports_through_the_writers_index(
    team: Team, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No full scan of the reports: they grow with the team's whole history."""
    settings.set_setting(team.admin, "work_report.expected", "day,week,month")
    submit(team.zhao, "day", "2026-12-07")
    database = wm.WorkReport._meta.database.obj
    seen: list[tuple[str, Any]] = []
    original = database.execute_sql

    def record(sql: str, params: Any = None, *args: Any, **kw: Any) -> Any:
        seen.append((sql, params))
        return original(sql, params, *args, **kw)

    monkeypatch.setattr(database, "execute_sql", record)
    digest.build_digest(team.wang, now=TUESDAY)
    monkeypatch.undo()
    plans = [
        " | ".join(row[-1] for row in database.execute_sql("EXPLAIN QUERY PLAN " + sql, params))
        for sql, params in seen
        if '"work_report"' in sql
    ]
    assert len(plans) == 5  # three expected kinds, the reports to comment and their count
    for plan in plans:
        assert "work_report_author_id_period_starts_on (author_id=" in plan, plan
        assert "SCAN t1" not in plan, plan
