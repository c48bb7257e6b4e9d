"""`crm today`'s service kinds (issue 13, point 2): open tickets assigned to me, tickets due
by today, next services due; each counted in full, listed up to the limit, and read
through a ticket index, never a scan of the service desk."""

from __future__ import annotations

import datetime as dt
import sqlite3
from typing import Any

import peewee as pw
import pytest

from crm_cli.store.core.records import User
from crm_cli.store.customers import customers
from crm_cli.store.customers import lifecycle as customer_ops
from crm_cli.store.overview import digest
from crm_cli.store.service import tickets
from tests.conftest import Team

NOW = dt.datetime(2026, 11, 23, 9, 0)
KINDS = ("service_due", "service_open", "next_service")


def add(actor: User, customer: str, text: str, **values: Any) -> str:
    assignee = values.pop("assignee", None)
    made = tickets.add_ticket(actor, customer, type="repair", description=text, values=values,
                              assignee=assignee, now=NOW - dt.timedelta(days=3))  # fmt: skip
    return made.code


def found(actor: User, days: int = 7, limit: int | None = None) -> dict[str, Any]:
    d = digest.build_digest(actor, days=days, limit=limit, now=NOW)
    items = {kind: [(i.ref, i.urgency, i.due) for i in d.items if i.kind == kind] for kind in KINDS}
    return {"items": items, "counts": {kind: d.counts[kind] for kind in KINDS}}


@pytest.fixture
def desk(team: Team) -> Team:
    """wang's customers; zhao does the work. Dates around NOW (23 November)."""
    code = customers.add_customer(team.wang, "甲", now=NOW).code
    gone = customers.add_customer(team.wang, "乙", now=NOW).code
    back = NOW - dt.timedelta(days=3)
    for text, due in (("late", "2026-11-22"), ("today", "2026-11-23 17:00"),
                      ("later", "2026-12-10"), ("whenever", None)):  # fmt: skip
        values = {"due_at": due} if due else {}
        tickets.add_ticket(team.wang, code, type="repair", description=text, values=values,
                           assignee="zhao", now=back)  # fmt: skip
    tickets.add_ticket(
        team.wang,
        code,
        type="repair",
        description="nobody yet",
        values={"due_at": "2026-11-21"},
        now=back,
    )  # SV000005
    done = add(team.wang, gone, "on a deleted customer", assignee="zhao", due_at="2026-11-22")
    tickets.resolve_ticket(team.zhao, "SV000003", resolution="ok", next_service="2026-11-26",
                           now=back)  # fmt: skip
    tickets.resolve_ticket(team.zhao, "SV000004", resolution="ok", next_service="2027-01-10",
                           now=back)  # fmt: skip
    tickets.edit_ticket(team.wang, done, {"next_service": "2026-11-24"}, now=back)
    customer_ops.delete_customers(team.li, [gone], now=NOW)
    return team


def test_each_kind_lists_what_is_due_for_whom(desk: Team) -> None:
    zhao = found(desk.zhao)
    assert zhao["items"]["service_due"] == [
        ("SV000001", "overdue", dt.date(2026, 11, 22)),
        ("SV000002", "today", dt.date(2026, 11, 23)),
    ]
    assert zhao["items"]["service_open"] == []  # SV000003/4 are resolved
    assert zhao["items"]["next_service"] == [("SV000003", "upcoming", dt.date(2026, 11, 26))]
    wang = found(desk.wang)
    # An unassigned ticket is the due work of whoever recorded it; the deleted customer's
    # next service planned by wang is not listed.
    assert wang["items"]["service_due"] == [("SV000005", "overdue", dt.date(2026, 11, 21))]
    assert wang["items"]["next_service"] == []
    assert found(desk.zhao, days=60)["items"]["next_service"][-1][0] == "SV000004"


def test_open_tickets_are_those_not_yet_due(desk: Team) -> None:
    tickets.reopen_ticket(desk.wang, "SV000003", reason="again", now=NOW)
    tickets.reopen_ticket(desk.wang, "SV000004", reason="again", now=NOW)
    zhao = found(desk.zhao)
    assert zhao["items"]["service_open"] == [
        ("SV000004", "today", NOW.date()),  # no due time: on today's list
        ("SV000003", "upcoming", dt.date(2026, 12, 10)),
    ]
    assert zhao["counts"]["service_open"] == 2


def test_counts_cover_all_and_items_stop_at_the_limit(desk: Team) -> None:
    zhao = found(desk.zhao, limit=1)
    assert zhao["items"]["service_due"] == [("SV000001", "overdue", dt.date(2026, 11, 22))]
    assert zhao["counts"] == {"service_due": 2, "service_open": 0, "next_service": 1}


def test_every_ticket_query_reads_an_index(desk: Team, monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[tuple[str, Any]] = []
    original = pw.SqliteDatabase.execute_sql

    def record(self: Any, sql: str, params: Any = None, *args: Any, **kw: Any) -> Any:
        seen.append((sql, params))
        return original(self, sql, params, *args, **kw)

    monkeypatch.setattr(pw.SqliteDatabase, "execute_sql", record)
    digest.build_digest(desk.zhao, now=NOW)
    monkeypatch.undo()
    from crm_cli.store.core import db

    path = db.info().url.removeprefix("sqlite:///")
    queries = [(sql, params) for sql, params in seen if 'FROM "ticket"' in sql]
    assert len(queries) == 2 * (2 + 3 + 1)  # items and count, per status and scope
    with sqlite3.connect(path) as con:
        for sql, params in queries:
            plan = [row[-1] for row in con.execute("EXPLAIN QUERY PLAN " + sql, params)]
            tickets_read = [step for step in plan if "ticket" in step or step.startswith("SCAN")]
            assert tickets_read, plan
            assert all("USING INDEX ticket_" in step for step in tickets_read), (plan, sql)


def test_the_service_kinds_on_every_backend(any_team: Team) -> None:
    code = customers.add_customer(any_team.wang, "甲", now=NOW).code
    back = NOW - dt.timedelta(days=3)
    for due in ("2026-11-22 10:00", "2026-12-01", None):
        tickets.add_ticket(any_team.wang, code, type="repair", description="x", assignee="zhao",
                           values={"due_at": due} if due else {}, now=back)  # fmt: skip
    tickets.resolve_ticket(any_team.zhao, "SV000003", resolution="ok", next_service="+1d", now=NOW)
    zhao = found(any_team.zhao)
    assert zhao["items"] == {
        "service_due": [("SV000001", "overdue", dt.date(2026, 11, 22))],
        "service_open": [("SV000002", "upcoming", dt.date(2026, 12, 1))],
        "next_service": [("SV000003", "upcoming", dt.date(2026, 11, 24))],
    }
