"""`crm demo`'s calendar (issue 13, point 6): every demo user has a week and a today; a
team meeting series with accepted and declined invitees, a moved and a cancelled
occurrence; visits linked to customers the owner has; rows as `add_event` stores them,
each logged, with codes from the sequence, and a database that checks clean."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from zoneinfo import ZoneInfo

import pytest

from crm_cli.store.core import models as m
from crm_cli.store.core import users
from crm_cli.store.core.db import reading
from crm_cli.store.core.records import User
from crm_cli.store.customers import models as cm
from crm_cli.store.database.checks import check_database
from crm_cli.store.demo import generate as demo
from crm_cli.store.demo.calendar import VISITS
from crm_cli.store.demo.team import TEAM
from crm_cli.store.overview import digest
from crm_cli.store.sales import models as sm
from crm_cli.store.schedule import agenda, events, recurrence, series
from crm_cli.store.schedule import models as sc
from crm_cli.store.schedule.records import Occurrence
from crm_cli.store.schedule.times import to_local

NOW = dt.datetime(2026, 11, 23, 9, 0)  # a Monday, in the team's zone
MONDAY, TUESDAY = dt.date(2026, 11, 23), dt.date(2026, 11, 24)
LOGINS = [t[0] for t in TEAM]
SALES = [t[0] for t in TEAM if t[2] == "sales"]
E, Inv, X = sc.ScheduleEvent, sc.ScheduleInvite, sc.ScheduleException


def fill() -> User:
    admin = users.resolve_actor("admin")
    demo.add_demo_data(admin, 200, seed=1, now=NOW)
    return admin


@pytest.fixture
def filled(db_url: str) -> User:
    return fill()


def week(login: str, as_of: dt.date = MONDAY) -> list[Occurrence]:
    person = users.resolve_actor(login)
    return agenda.agenda(person, period="week", as_of=as_of, now=NOW)


def test_every_demo_user_has_a_week_and_a_today_on_every_backend(any_db: str) -> None:
    admin = fill()
    for login in LOGINS:
        mine = week(login)
        assert mine, login
        assert any(o.start.date() == MONDAY for o in mine), login
        assert len({o.start.date() for o in mine}) >= 2, login
    assert [(r.check, r.records) for r in check_database(admin) if not r.ok] == []


def test_the_team_meeting_has_answers_and_changed_occurrences(filled: User) -> None:
    meetings = [e for e in E.select().where(E.rrule.startswith("FREQ=WEEKLY;BYDAY=MO"))]
    assert len(meetings) == 2  # li's and smith's
    for meeting in meetings:
        answers = {i.status for i in Inv.select().where(Inv.event == meeting.id)}
        assert answers == {"accepted", "declined"}
        changed = {(x.cancelled, x.start_at is not None) for x in X.select().where(
            X.event == meeting.id)}  # fmt: skip
        assert changed == {(False, True), (True, False)}
    accepted = {u.login for u in m.User.select().join(Inv, on=(Inv.user == m.User.id)).where(
        (Inv.event == meetings[0].id) & (Inv.status == "accepted"))}  # fmt: skip
    declined = {u.login for u in m.User.select().join(Inv, on=(Inv.user == m.User.id)).where(
        (Inv.event == meetings[0].id) & (Inv.status == "declined"))}  # fmt: skip
    code = meetings[0].code
    # This week's meets on Tuesday afternoon; next week's is off; who declined never sees it.
    for login in accepted:
        held = [(o.start.date(), o.changed) for o in week(login) if o.code == code]
        assert held == [(TUESDAY, True)]
        assert [o for o in week(login, MONDAY + dt.timedelta(weeks=1)) if o.code == code] == []
        later = week(login, MONDAY + dt.timedelta(weeks=2))
        assert [o.start.date() for o in later if o.code == code] == [MONDAY + dt.timedelta(14)]
    for login in declined:
        assert all(o.code != code for o in week(login))


def test_today_of_every_salesperson_lists_events(filled: User) -> None:
    for login in SALES:
        found = digest.build_digest(users.resolve_actor(login), days=7, now=NOW)
        assert found.counts["schedule"] > 0, login
        shown = [i for i in found.items if i.kind == "schedule"]
        assert shown and all(i.due == MONDAY for i in shown), login


def test_visits_and_calls_with_the_owners_customers(filled: User) -> None:
    linked = list(E.select().where(E.customer.is_null(False)))
    assert 0 < len(linked) <= VISITS * len(LOGINS)  # the team's size, not the customers'
    for e in linked:
        customer = cm.Customer.get_by_id(e.customer_id)
        assert customer.owner_id == e.owner_id and not e.rrule and not e.all_day
        if e.contact_id:
            assert cm.Contact.get_by_id(e.contact_id).customer_id == customer.id
        if e.opportunity_id:
            assert sm.Opportunity.get_by_id(e.opportunity_id).customer_id == customer.id
    assert any(e.contact_id for e in linked) and any(e.opportunity_id for e in linked)
    assert E.select().where(E.all_day == True).count() >= len(LOGINS)  # noqa: E712
    assert len({e.remind_minutes for e in E.select()}) >= 4
    rules = {e.rrule for e in E.select() if e.rrule}
    assert {"FREQ=WEEKLY;BYDAY=MO", "FREQ=WEEKLY;BYDAY=FR", "FREQ=MONTHLY;BYDAY=-1FR"} == rules


@reading
def _respanned(row: sc.ScheduleEvent) -> tuple[dt.datetime, dt.datetime]:
    fresh = E(start_at=row.start_at, end_at=row.end_at, tz=row.tz, rrule=row.rrule)
    series.respan(fresh, series.exceptions_of(row))
    return fresh.span_start, fresh.span_end


def test_rows_are_as_add_event_stores_them(filled: User) -> None:
    for e in E.select():
        tz = ZoneInfo(e.tz)
        assert (e.span_start, e.span_end) == _respanned(e), e.code
        assert e.created_at <= e.updated_at <= NOW - dt.timedelta(hours=8)  # UTC
        if e.rrule:
            start = to_local(e.start_at, tz)
            text, rule = recurrence.parse(e.rrule, start, tz)
            assert (text, recurrence.first(rule, start)) == (e.rrule, start)
        for invite in Inv.select().where(Inv.event == e.id):
            assert (invite.start_at, invite.span_start, invite.span_end) == (
                e.start_at, e.span_start, e.span_end)  # fmt: skip
            assert (invite.responded_at is None) == (invite.status == "pending")


def test_each_step_is_logged_and_the_sequence_carries_on(filled: User) -> None:
    log = list(m.OpLog.select().where(m.OpLog.entity == "event"))
    actions = Counter(e.action for e in log)
    answered = Inv.select().where(Inv.status != "pending")
    assert actions["add"] == E.select().count()
    assert actions["accept"] + actions["decline"] == answered.count()
    assert actions["edit occurrence"] == X.select().where(X.cancelled == False).count()  # noqa: E712
    assert actions["cancel occurrence"] == X.select().where(X.cancelled == True).count()  # noqa: E712
    added = {(e.entity_id, e.customer_id, e.actor_id) for e in log if e.action == "add"}
    assert added == {(e.id, e.customer_id, e.owner_id) for e in E.select()}
    count = E.select().count()
    assert sorted(e.code for e in E.select()) == [f"EV{n:06d}" for n in range(1, count + 1)]
    wang = users.resolve_actor("wang")
    made = events.add_event(wang, "新日程", values={"at": "2026-11-25 10:00"}, now=NOW)
    assert made.code == f"EV{count + 1:06d}"
