"""The calendar (issue 13, point 4; ACT-4): events with invitees, repeating series whose
occurrences are changed or cancelled apart, times kept in UTC and shown in the team's
zone, who sees whose agenda, and the refusals that write nothing. The core path runs on
SQLite, PostgreSQL and MariaDB (``any_team``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from crm_cli.store.core import models as m
from crm_cli.store.core import settings
from crm_cli.store.core.errors import InvalidInput, NotFound, PermissionDenied
from crm_cli.store.core.records import User
from crm_cli.store.customers import contacts, customers
from crm_cli.store.sales import opportunities
from crm_cli.store.schedule import agenda, events
from crm_cli.store.schedule import models as sc
from crm_cli.store.schedule.records import Event
from crm_cli.store.schedule.recurrence import Repeat
from tests.conftest import Team

NOW = dt.datetime(2026, 12, 1, 9, 0)  # team-local wall-clock time
MONDAY = dt.date(2026, 12, 7)


def add(actor: User, title: str = "周会", invite: tuple[str, ...] = (), **values: Any) -> Event:
    values.setdefault("at", "2026-12-07 10:00")
    return events.add_event(actor, title, values=values, invite=invite, now=NOW)


def days(actor: User, period: str = "month", user: str | None = None) -> list[tuple[str, str]]:
    found = agenda.agenda(actor, user=user, period=period, as_of=MONDAY, now=NOW)
    return [(f"{o.start:%m-%d %H:%M}", o.title) for o in found]


def snapshot() -> list[tuple[Any, ...]]:
    """Every calendar and log row: a refusal must leave them as they were."""
    tables = (sc.ScheduleEvent, sc.ScheduleInvite, sc.ScheduleException, m.OpLog)
    return [row for t in tables for row in t.select().order_by(t.id).tuples()]


def test_a_weekly_series_with_an_invitee_moved_and_cancelled_occurrences(any_team: Team) -> None:
    weekly = Repeat("weekly", on="mo,we", until="2026-12-31")
    e = add(any_team.wang, invite=("zhao",), until="11:00", repeat=weekly, place="3楼")
    assert (e.code, e.repeat, e.remind_minutes) == (
        "EV000001", "FREQ=WEEKLY;BYDAY=MO,WE;UNTIL=20261231T235959", 30)  # fmt: skip
    assert e.invitees == [{"user": "zhao", "status": "pending"}]
    assert e.start.isoformat() == "2026-12-07T10:00:00+08:00"
    # Stored in UTC: 10:00 in Shanghai is 02:00 UTC.
    assert sc.ScheduleEvent.get().start_at == dt.datetime(2026, 12, 7, 2, 0)
    events.edit_event(any_team.wang, e.code, {"at": "2026-12-09 15:00"}, occurrence="2026-12-09",
                      now=NOW)  # fmt: skip
    events.cancel_event(any_team.wang, e.code, occurrence="2026-12-14", now=NOW)
    events.edit_event(any_team.wang, e.code, {"title": "周例会", "at": "2026-12-07 09:30"}, now=NOW)
    assert days(any_team.zhao, "week") == [("12-07 09:30", "周例会"), ("12-09 15:00", "周例会")]
    month = days(any_team.wang)
    assert ("12-14 09:30", "周例会") not in month and len(month) == 7
    accepted = events.accept_event(any_team.zhao, e.code, now=NOW)
    assert accepted.invitees == [{"user": "zhao", "status": "accepted"}]
    assert [x.code for x in agenda.list_events(any_team.zhao)] == [e.code]
    events.decline_event(any_team.zhao, e.code, now=NOW)
    assert days(any_team.zhao) == []
    events.cancel_event(any_team.wang, e.code, now=NOW)
    assert days(any_team.wang) == []
    assert agenda.get_event(any_team.li, e.code).status == "cancelled"


def test_exceptions_survive_edits_of_the_series(team: Team) -> None:
    e = add(team.wang, repeat=Repeat("daily", times=5), until="11:00")
    events.edit_event(team.wang, e.code, {"title": "改期", "place": "客户处"},
                      occurrence="2026-12-08", now=NOW)  # fmt: skip
    events.cancel_event(team.wang, e.code, occurrence="2026-12-09", now=NOW)
    events.edit_event(team.wang, e.code, {"at": "2026-12-07 14:00", "place": "总部"}, now=NOW)
    found = agenda.agenda(team.wang, period="week", as_of=MONDAY, now=NOW)
    assert [(f"{o.start:%d %H:%M}", o.title, o.place) for o in found] == [
        ("07 14:00", "周会", "总部"), ("08 14:00", "改期", "客户处"),
        ("10 14:00", "周会", "总部"), ("11 14:00", "周会", "总部"),
    ]  # fmt: skip
    shown = agenda.get_event(team.wang, e.code)
    assert [(x["occurrence"], x["cancelled"]) for x in shown.exceptions] == [
        (dt.date(2026, 12, 8), False), (dt.date(2026, 12, 9), True)]  # fmt: skip


def test_times_show_in_the_team_zone_setting(team: Team) -> None:
    settings.set_setting(team.admin, "calendar.timezone", "Europe/Berlin")
    e = add(team.wang, at="2026-12-07 10:00")
    assert e.start.isoformat() == "2026-12-07T10:00:00+01:00" and e.timezone == "Europe/Berlin"
    assert sc.ScheduleEvent.get().start_at == dt.datetime(2026, 12, 7, 9, 0)
    with pytest.raises(InvalidInput, match="unknown time zone"):
        settings.set_setting(team.admin, "calendar.timezone", "Mars/Olympus")


def test_all_day_events_and_the_default_reminder_setting(team: Team) -> None:
    settings.set_setting(team.admin, "calendar.remind", "1h")
    e = add(team.wang, "年会", at="2026-12-07", until="2026-12-08", all_day=True)
    assert (e.all_day, e.remind_minutes) == (True, 60)
    assert (e.start.isoformat(), e.end.isoformat()) == (
        "2026-12-07T00:00:00+08:00", "2026-12-09T00:00:00+08:00")  # fmt: skip
    assert [o.title for o in agenda.agenda(team.wang, as_of=dt.date(2026, 12, 8), now=NOW)] == [
        "年会"
    ]
    assert add(team.wang, remind="0").remind_minutes == 0


def test_a_manager_sees_a_subordinates_agenda_a_sales_user_only_their_own(team: Team) -> None:
    add(team.zhao, "拜访")
    assert days(team.li, user="zhao") == [("12-07 10:00", "拜访")]  # two levels down
    assert days(team.admin, user="zhao") == [("12-07 10:00", "拜访")]
    with pytest.raises(PermissionDenied, match="zhao's calendar"):
        agenda.agenda(team.chen, user="zhao", as_of=MONDAY, now=NOW)
    with pytest.raises(PermissionDenied):
        agenda.agenda(team.zhao, user="wang", as_of=MONDAY, now=NOW)
    with pytest.raises(NotFound):
        agenda.get_event(team.chen, "EV000001")


def test_linking_needs_seeing_the_customer(team: Team) -> None:
    code = customers.add_customer(team.wang, "华为技术有限公司", now=NOW).code
    linked = add(team.wang, customer=code)
    assert (linked.customer, linked.customer_name) == (code, "华为技术有限公司")
    before = snapshot()
    with pytest.raises(NotFound, match="no customer"):
        add(team.chen, customer=code)
    assert snapshot() == before


def test_a_contact_and_an_opportunity_are_linked_with_their_customer(team: Team) -> None:
    code = customers.add_customer(team.wang, "华为技术有限公司", now=NOW).code
    contacts.add_contact(team.wang, code, "张伟", now=NOW)
    opp = opportunities.add_opportunity(team.wang, code, amount="1000", probability=50, now=NOW)
    linked = add(team.wang, opportunity=opp.code, contact="张伟")
    assert (linked.customer, linked.contact, linked.opportunity) == (code, "张伟", opp.code)
    with pytest.raises(InvalidInput, match="give --customer too"):
        add(team.wang, contact="张伟")
    with pytest.raises(NotFound, match="no opportunity"):
        add(team.chen, opportunity=opp.code)
    unlinked = events.edit_event(team.wang, linked.code, {"contact": "", "opportunity": ""},
                                 now=NOW)  # fmt: skip
    assert (unlinked.customer, unlinked.contact, unlinked.opportunity) == (code, None, None)


@pytest.mark.parametrize(
    ("values", "error", "message"),
    [
        ({"until": "2026-12-07 09:00"}, InvalidInput, "is not after the start"),
        ({"repeat": Repeat("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30")}, InvalidInput, "never matches"),
        ({"repeat": Repeat("FREQ=WEEKLY;BYDAY=XX")}, InvalidInput, "malformed"),
        ({"remind": "soon"}, InvalidInput, "invalid reminder"),
    ],
)
def test_bad_input_is_refused_and_writes_nothing(
    any_team: Team, values: dict[str, Any], error: type[Exception], message: str
) -> None:
    before = snapshot()
    with pytest.raises(error, match=message):
        add(any_team.wang, invite=("zhao",), **values)
    assert snapshot() == before


def test_an_invitee_who_does_not_exist_or_is_deactivated(any_team: Team) -> None:
    before = snapshot()
    with pytest.raises(NotFound, match="no user 'nobody'"):
        add(any_team.wang, invite=("zhao", "nobody"))
    from crm_cli.store.core import users

    users.deactivate_user(any_team.admin, "chen")
    with pytest.raises(InvalidInput, match="'chen' is deactivated"):
        add(any_team.wang, invite=("chen",))
    assert snapshot() == before


def test_accepting_someone_elses_invitation_is_refused(any_team: Team) -> None:
    code = add(any_team.wang, invite=("zhao",)).code
    before = snapshot()
    with pytest.raises(PermissionDenied, match="not invited"):
        events.accept_event(any_team.li, code, now=NOW)  # sees it, as wang's manager
    with pytest.raises(NotFound):
        events.accept_event(any_team.chen, code, now=NOW)
    with pytest.raises(PermissionDenied, match="not yours"):
        events.edit_event(any_team.zhao, code, {"title": "x"}, now=NOW)
    assert snapshot() == before


def test_an_occurrence_must_be_one_of_the_series(team: Team) -> None:
    once = add(team.wang).code
    weekly = add(team.wang, repeat=Repeat("weekly")).code
    with pytest.raises(InvalidInput, match="does not repeat"):
        events.cancel_event(team.wang, once, occurrence="2026-12-07", now=NOW)
    with pytest.raises(InvalidInput, match="no occurrence on 2026-12-08"):
        events.cancel_event(team.wang, weekly, occurrence="2026-12-08", now=NOW)
    with pytest.raises(InvalidInput, match="edit the series"):
        events.edit_event(team.wang, weekly, {"remind": "1h"}, occurrence="2026-12-14", now=NOW)
    events.cancel_event(team.wang, weekly, occurrence="2026-12-14", now=NOW)
    with pytest.raises(InvalidInput, match="already cancelled"):
        events.cancel_event(team.wang, weekly, occurrence="2026-12-14", now=NOW)


def test_lists_and_the_agenda_read_a_users_events_through_an_index(team: Team) -> None:
    for n in range(3):
        add(team.wang, f"e{n}", invite=("zhao",), at=f"2026-12-0{n + 7} 10:00")
    assert [e.title for e in agenda.list_events(team.zhao)] == ["e0", "e1", "e2"]
    start, end = dt.datetime(2026, 12, 6, 16), dt.datetime(2026, 12, 7, 16)
    E, Inv = sc.ScheduleEvent, sc.ScheduleInvite
    database = E._meta.database.obj
    for query in (
        E.select().where((E.owner == team.wang.id) & (E.span_end > start) & (E.span_start < end)),
        Inv.select().where((Inv.user == team.zhao.id) & (Inv.span_end > start)
                           & (Inv.span_start < end)),
    ):  # fmt: skip
        sql, params = query.sql()
        plan = " ".join(r[-1] for r in database.execute_sql("EXPLAIN QUERY PLAN " + sql, params))
        assert "SEARCH" in plan and "span_end" in plan, plan
