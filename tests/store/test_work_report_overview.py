"""The submission overview (issue 14, point 1; WRK-1): on time, late by n days, missing or
not due yet, for the people below the actor, at a query per page rather than per cell."""

from __future__ import annotations

import datetime as dt

import pytest
from playhouse.test_utils import count_queries

from crm_cli.store.core import settings, users
from crm_cli.store.core.errors import InvalidInput, PermissionDenied
from crm_cli.store.core.listing import Page
from crm_cli.store.core.records import User
from crm_cli.store.workreports import reports
from crm_cli.store.workreports.overview import submission_overview
from crm_cli.store.workreports.records import Overview
from tests.conftest import Team

AS_OF = dt.datetime(2026, 12, 9, 12, 0)  # a Wednesday in 2026-W50


def report(who: User, period: str, submitted: dt.datetime | None, kind: str = "week") -> None:
    written = submitted or AS_OF
    reports.write_report(who, kind, period, f"{kind} {period}", now=written)
    if submitted is not None:
        reports.submit_report(who, period, now=submitted)


@pytest.fixture
def weeks(team: Team) -> Team:
    """wang: W47 on time, W48 three days late, nothing for W49; zhao: nothing for W47, a
    draft for W48, W49 on time and W50 early (its period is not over)."""
    report(team.wang, "2026-W47", dt.datetime(2026, 11, 22, 20, 0))
    report(team.wang, "2026-W48", dt.datetime(2026, 12, 2, 9, 0))
    report(team.zhao, "2026-W48", None)
    report(team.zhao, "2026-W49", dt.datetime(2026, 12, 6, 18, 0))
    report(team.zhao, "2026-W50", dt.datetime(2026, 12, 9, 9, 0))
    return team


def grid(found: Overview) -> dict[str, list[str]]:
    """Each person's cells as status, +days when late."""
    return {
        row.login: [f"late+{c.days}" if c.status == "late" else c.status for c in row.cells]
        for row in found.rows
    }


def overview(actor: User, **options: object) -> Overview:
    return submission_overview(actor, "week", now=AS_OF, **options)  # type: ignore[arg-type]


def test_a_manager_sees_who_submitted_when(weeks: Team) -> None:
    found = overview(weeks.li, since="2026-W47", until="2026-W50")
    assert found.periods == ["2026-W47", "2026-W48", "2026-W49", "2026-W50"]
    assert (found.since, found.until) == (dt.date(2026, 11, 16), dt.date(2026, 12, 13))
    assert grid(found) == {
        "wang": ["on_time", "late+3", "missing", "not_due"],
        "zhao": ["missing", "missing", "on_time", "on_time"],
    }
    wang = found.rows[0]
    assert [c.days for c in wang.cells] == [0, 3, 3, 0]  # W49 missing for 3 days
    assert [c.code for c in wang.cells] == ["WR000001", "WR000002", None, None]
    data = found.to_dict()
    assert data["people"][0]["on_time"] == 1 and data["people"][0]["missing"] == 1
    assert data["people"][1]["missing"] == 2


def test_recursion_admins_departments_and_paging(weeks: Team) -> None:
    assert list(grid(overview(weeks.wang, since="2026-W49"))) == ["zhao"]  # wang leads zhao
    assert list(grid(overview(weeks.admin, since="2026-W49"))) == ["chen", "li", "wang", "zhao"]
    users.edit_user(weeks.admin, "chen", department="华南")
    users.edit_user(weeks.admin, "zhao", department="华南")
    assert list(grid(overview(weeks.admin, since="2026-W49", department="华南"))) == [
        "chen", "zhao",
    ]  # fmt: skip
    assert list(grid(overview(weeks.li, since="2026-W49", department="华南"))) == ["zhao"]
    paged = overview(weeks.admin, since="2026-W49", page=Page(2, 1))
    assert [row.login for row in paged.rows] == ["wang", "chen"]  # by department, then login
    with pytest.raises(PermissionDenied, match="no one reports to you"):
        overview(weeks.chen)


def test_grace_days_move_the_deadline(weeks: Team) -> None:
    settings.set_setting(weeks.admin, "work_report.grace_days", "3")
    found = overview(weeks.li, since="2026-W49", until="2026-W49")
    assert grid(found) == {"wang": ["not_due"], "zhao": ["on_time"]}  # due until 9 Dec
    late = overview(weeks.li, since="2026-W48", until="2026-W48")
    assert grid(late)["wang"] == ["late+3"]  # recorded on submit, when the grace was 0


def test_days_skip_weekends_and_default_to_two_weeks(team: Team) -> None:
    report(team.wang, "2026-12-04", dt.datetime(2026, 12, 4, 18, 0), kind="day")
    found = submission_overview(team.li, "day", since="2026-12-04", until="2026-12-08", now=AS_OF)
    assert found.periods == ["2026-12-04", "2026-12-07", "2026-12-08"]
    assert grid(found)["wang"] == ["on_time", "missing", "missing"]
    recent = submission_overview(team.li, "day", now=AS_OF)
    assert (recent.periods[0], recent.periods[-1], len(recent.periods)) == (
        "2026-11-26", "2026-12-09", 10,
    )  # fmt: skip
    months = submission_overview(team.li, "month", now=AS_OF)
    assert months.periods == ["2026-07", "2026-08", "2026-09", "2026-10", "2026-11", "2026-12"]


def test_bad_ranges_are_refused(team: Team) -> None:
    with pytest.raises(InvalidInput, match="before --from"):
        overview(team.li, since="2026-W50", until="2026-W40")
    with pytest.raises(InvalidInput, match="too many periods"):
        submission_overview(team.li, "day", since="2020-01-01", until="2026-12-01", now=AS_OF)
    with pytest.raises(InvalidInput, match="unknown report kind"):
        submission_overview(team.li, "quarter", now=AS_OF)


def test_it_costs_a_query_per_page_not_per_cell(weeks: Team) -> None:
    def selects(actor: User, since: str) -> int:
        with count_queries(only_select=True) as counter:
            overview(actor, since=since, until="2026-W50")
        return counter.count  # type: ignore[no-any-return]

    small = selects(weeks.li, "2026-W49")  # two people, two weeks
    for n in range(5):
        users.add_user(weeks.admin, f"rep{n}", supervisor="wang")
        report(users.resolve_actor(f"rep{n}"), "2026-W30", dt.datetime(2026, 7, 30))
    large = selects(weeks.li, "2026-W01")  # seven people, fifty weeks
    assert small == large == 4  # the hierarchy, the people, their reports, the grace
