"""`crm today`'s calendar kind (issue 13, point 4): today's events on the user's calendar,
with the time each reminder goes off; invitations declined are not on the user's day."""

from __future__ import annotations

import datetime as dt

from crm_cli.store.core.records import User
from crm_cli.store.customers import customers
from crm_cli.store.overview import digest
from crm_cli.store.schedule import events
from crm_cli.store.schedule.recurrence import Repeat
from tests.conftest import Team

NOW = dt.datetime(2026, 12, 7, 8, 0)


def found(actor: User, limit: int | None = None) -> tuple[list[tuple[str, str]], int]:
    d = digest.build_digest(actor, limit=limit, now=NOW)
    items = [(i.ref, i.text) for i in d.items if i.kind == "schedule"]
    return items, d.counts["schedule"]


def test_todays_events_with_their_reminder_time(team: Team) -> None:
    code = customers.add_customer(team.wang, "华为技术有限公司", now=NOW).code
    add = events.add_event
    add(team.wang, "代理商会议", values={"at": "14:30", "until": "16:00", "place": "3楼",
        "customer": code}, invite=["zhao"], now=NOW)  # fmt: skip
    add(team.wang, "晨会", values={"at": "2026-12-01 09:00", "repeat": Repeat("daily"),
        "remind": "10m"}, now=NOW)  # fmt: skip
    add(team.wang, "明天", values={"at": "tomorrow 09:00"}, now=NOW)
    add(team.wang, "年会", values={"at": "today", "all_day": True}, now=NOW)
    items, count = found(team.wang)
    assert count == 3
    assert items == [
        ("EV000004", "all day 年会"),
        ("EV000002", "09:00–10:00 晨会 (remind 08:50)"),
        ("EV000001", "14:30–16:00 代理商会议 @ 3楼 (remind 14:00)"),
    ]
    d = digest.build_digest(team.wang, now=NOW)
    meeting = next(i for i in d.items if i.ref == "EV000001")
    assert (meeting.due, meeting.urgency, meeting.customer) == (NOW.date(), "today", code)
    assert found(team.wang, limit=1) == ([items[0]], 3)
    assert found(team.zhao) == (
        [("EV000001", "14:30–16:00 代理商会议 @ 3楼 (remind 14:00, invited by wang)")], 1)  # fmt: skip
    events.decline_event(team.zhao, "EV000001", now=NOW)
    assert found(team.zhao) == ([], 0)
    events.cancel_event(team.wang, "EV000002", occurrence="2026-12-07", now=NOW)
    assert found(team.wang)[1] == 2
