"""Manual reminders (`crm remind`, ACT-3)."""

from __future__ import annotations

import datetime as dt

import pytest

from crm_cli.store.activity import models as am
from crm_cli.store.activity import reminders
from crm_cli.store.core import oplog
from crm_cli.store.core.errors import InvalidInput, NotFound, PermissionDenied
from crm_cli.store.customers import customers
from tests.conftest import Team

NOW = dt.datetime(2026, 5, 4, 10, 0)
TOMORROW = dt.datetime(2026, 5, 5, 9, 0)


def texts(actor, **kw) -> list[str]:  # type: ignore[no-untyped-def]
    return [r.text for r in reminders.list_reminders(actor, now=NOW, **kw)]


def test_add_list_done(team: Team) -> None:
    customers.add_customer(team.wang, "中兴通讯", now=NOW)
    later = reminders.add_reminder(team.wang, "寄样品", TOMORROW, customer="C000001", now=NOW)
    sooner = reminders.add_reminder(team.wang, " call back ", NOW, now=NOW)
    assert (later.user, later.customer, later.customer_name) == ("wang", "C000001", "中兴通讯")
    assert sooner.text == "call back" and not sooner.done
    assert texts(team.wang) == ["call back", "寄样品"]
    done = reminders.complete_reminder(team.wang, str(sooner.id), now=NOW)
    assert done.done and done.done_at == NOW
    assert texts(team.wang) == ["寄样品"]
    assert texts(team.wang, include_done=True) == ["call back", "寄样品"]
    with pytest.raises(InvalidInput, match="done already"):
        reminders.complete_reminder(team.wang, str(sooner.id), now=NOW)
    assert [e.action for e in oplog.entries_for_customer(1) if e.entity == "reminder"] == ["add"]


def test_managers_set_reminders_for_their_team_only(team: Team) -> None:
    row = reminders.add_reminder(team.li, "季度回访", TOMORROW, for_user="zhao", now=NOW)
    assert (row.user, row.created_by) == ("zhao", "li")
    assert texts(team.zhao) == ["季度回访"] and texts(team.li) == ["季度回访"]
    reminders.add_reminder(team.admin, "admin's", TOMORROW, for_user="chen", now=NOW)
    for actor, target in ((team.wang, "li"), (team.chen, "wang"), (team.li, "chen")):
        with pytest.raises(PermissionDenied, match="yourself or your team"):
            reminders.add_reminder(actor, "x", TOMORROW, for_user=target, now=NOW)
    with pytest.raises(NotFound):
        reminders.add_reminder(team.li, "x", TOMORROW, for_user="nobody", now=NOW)
    # Whoever set it, or whom it is for, may close it; nobody else sees it.
    with pytest.raises(NotFound):
        reminders.complete_reminder(team.chen, str(row.id), now=NOW)
    reminders.complete_reminder(team.li, str(row.id), now=NOW)
    assert am.Reminder.select().where(am.Reminder.done_at.is_null()).count() == 1


@pytest.mark.parametrize(
    ("text", "due", "customer", "error", "message"),
    [
        ("  ", TOMORROW, None, InvalidInput, "must not be empty"),
        ("x" * 501, TOMORROW, None, InvalidInput, "too long"),
        ("x", dt.datetime(2026, 5, 3, 23, 0), None, InvalidInput, "in the past"),
        ("x", TOMORROW, "C000002", NotFound, "no customer"),  # chen's: wang cannot see it
        ("x", TOMORROW, "C000404", NotFound, "no customer"),
    ],
)
def test_bad_reminders_are_refused(
    team: Team, text: str, due: dt.datetime, customer: str | None, error: type, message: str
) -> None:
    customers.add_customer(team.wang, "中兴通讯", now=NOW)
    customers.add_customer(team.chen, "华为技术", now=NOW)
    with pytest.raises(error, match=message):
        reminders.add_reminder(team.wang, text, due, customer=customer, now=NOW)
    assert am.Reminder.select().count() == 0


def test_a_reminder_about_a_customer_its_user_cannot_see_is_refused(team: Team) -> None:
    customers.add_customer(team.li, "中兴通讯", now=NOW)
    with pytest.raises(InvalidInput, match="zhao cannot see customer C000001"):
        reminders.add_reminder(team.li, "x", TOMORROW, customer="C000001", for_user="zhao", now=NOW)
    with pytest.raises(InvalidInput, match="give its number"):
        reminders.complete_reminder(team.li, "first", now=NOW)
    assert am.Reminder.select().count() == 0


def test_reminders_on_every_backend(any_team: Team) -> None:
    reminders.add_reminder(any_team.li, "b", TOMORROW, for_user="wang", now=NOW)
    reminders.add_reminder(any_team.wang, "a", NOW, now=NOW)
    assert texts(any_team.wang) == ["a", "b"]
