"""`crm demo`'s service desk (issue 13, point 6): tickets in every status over the demo
customers, on every salesperson's desk, some past due, some with feedback and next
services, each logged once, with codes from the sequence and a database that checks clean."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest

from crm_cli.store.core import models as m
from crm_cli.store.core import users
from crm_cli.store.core.records import User
from crm_cli.store.customers import customers
from crm_cli.store.database.checks import check_database
from crm_cli.store.demo import generate as demo
from crm_cli.store.overview import digest
from crm_cli.store.service import tickets, views
from crm_cli.store.service.records import OPEN, STATUSES, Ticket
from crm_cli.store.service.settings import DEFAULT_TYPES

NOW = dt.datetime(2026, 11, 23, 9, 0)
SALES = ("wang", "zhao", "chen", "taylor")


@pytest.fixture
def desk(db_url: str) -> list[Ticket]:
    admin = users.resolve_actor("admin")
    demo.add_demo_data(admin, 200, seed=1, now=NOW)
    return list(views.iter_tickets(admin, now=NOW))


def test_every_status_and_type_is_there(desk: list[Ticket]) -> None:
    assert set(Counter(t.status for t in desk)) == set(STATUSES)
    assert {t.type for t in desk} <= set(DEFAULT_TYPES.split(","))
    assert len({t.type for t in desk}) > 1
    assert [t.code for t in sorted(desk, key=lambda t: t.id)] == [
        f"SV{n:06d}" for n in range(1, len(desk) + 1)
    ]


def test_every_salesperson_has_open_tickets_and_sees_them(desk: list[Ticket]) -> None:
    for login in SALES:
        person = users.resolve_actor(login)
        mine = list(views.iter_tickets(person, assignee="me", status="open", now=NOW))
        assert mine, f"{login} has no open ticket"
        assert all(t.assignee == login and t.status in OPEN for t in mine)


def test_a_lived_in_desk(desk: list[Ticket]) -> None:
    """Past due, feedback, next services, and timestamps that follow each status."""
    assert any(t.status in OPEN and t.due_at and t.due_at < NOW for t in desk)
    assert any(t.satisfaction for t in desk) and any(t.next_service for t in desk)
    for t in desk:
        steps = [t.created_at, t.assigned_at, t.started_at, t.resolved_at, t.closed_at]
        reached = STATUSES.index(t.status)
        assert all(s is not None for s in steps[: reached + 1]), t
        assert all(s is None for s in steps[reached + 1 :]), t
        assert [s for s in steps if s] == sorted(s for s in steps if s) and t.updated_at <= NOW
        assert (t.assignee is None) == (t.status == "unprocessed")
        assert bool(t.resolution) == (t.status in ("resolved", "closed"))
        # As `add_ticket` leaves them: a later ticket settles the services planned by its day.
        later = [
            u.created_at.date()
            for u in desk
            if u.customer == t.customer and u.created_at > t.created_at
        ]
        assert not (t.next_service and later and t.next_service <= max(later)), t


def test_each_ticket_is_logged_once_and_the_sequence_carries_on(desk: list[Ticket]) -> None:
    log = m.OpLog.select().where(m.OpLog.entity == "ticket")
    assert sorted(e.entity_id for e in log) == sorted(t.id for t in desk)
    assert {e.action for e in log} == {"add"}
    wang = users.resolve_actor("wang")
    own = customers.add_customer(wang, "售后测试有限公司", now=NOW)
    made = tickets.add_ticket(wang, own.code, type="repair", description="x", now=NOW)
    assert made.code == f"SV{len(desk) + 1:06d}"


def test_the_database_checks_clean(desk: list[Ticket]) -> None:
    admin = users.resolve_actor("admin")
    assert [(r.check, r.records) for r in check_database(admin) if not r.ok] == []


def test_today_of_a_salesperson_shows_the_service_kinds(desk: list[Ticket]) -> None:
    kinds: Counter[str] = Counter()
    for login in SALES:
        person: User = users.resolve_actor(login)
        d = digest.build_digest(person, days=7, now=NOW)
        assert d.counts["service_open"] + d.counts["service_due"] > 0, login
        kinds.update(k for k, n in d.counts.items() if n)
    assert {"service_open", "service_due", "next_service"} <= set(kinds)
