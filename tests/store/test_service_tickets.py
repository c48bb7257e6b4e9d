"""Service tickets (issue 13, point 1; SRV-1): the flow, who sees and changes what, and the
refusals that write nothing. The flow and the refusals run on SQLite, PostgreSQL and
MariaDB (``any_team``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from crm_cli.store.core import models as m
from crm_cli.store.core import oplog, settings, users
from crm_cli.store.core.errors import InvalidInput, NotFound, PermissionDenied
from crm_cli.store.core.listing import Page
from crm_cli.store.customers import contacts, customers
from crm_cli.store.sales import orders, products
from crm_cli.store.service import models as vm
from crm_cli.store.service import tickets, views
from crm_cli.store.service.records import Ticket
from tests.conftest import Team

NOW = dt.datetime(2026, 11, 23, 9, 0)
LATER = NOW + dt.timedelta(hours=2)


@pytest.fixture
def wangs(any_team: Team) -> str:
    """A customer of wang's, with a contact."""
    code = customers.add_customer(any_team.wang, "华为技术有限公司", now=NOW).code
    contacts.add_contact(any_team.wang, code, "张伟", now=NOW)
    return code


def add(actor: Any, customer: str, **values: Any) -> Ticket:
    kind = values.pop("type", "repair")
    text = values.pop("description", "打印机卡纸")
    assignee = values.pop("assignee", None)
    return tickets.add_ticket(
        actor, customer, type=kind, description=text, values=values, assignee=assignee, now=NOW
    )


def log(customer: str) -> list[tuple[str, str]]:
    """(action, entity) of the customer's ticket entries, oldest first."""
    row = customers.find_row(users.resolve_actor("admin"), customer, NOW.date())
    entries = oplog.entries_for_customer(row.id)
    return [(e.action, str(e.changes.get("status", ""))) for e in reversed(entries)
            if e.entity == "ticket"]  # fmt: skip


def snapshot() -> list[tuple[Any, ...]]:
    """Every ticket and log row: a refusal must leave both as they were."""
    rows = list(vm.Ticket.select().order_by(vm.Ticket.id).tuples())
    return [*rows, *m.OpLog.select().order_by(m.OpLog.id).tuples()]


def test_a_ticket_goes_from_request_to_feedback_and_every_step_is_logged(
    any_team: Team, wangs: str
) -> None:
    t = add(any_team.wang, wangs, contact="张伟", priority="high", due_at="+2d")
    assert (t.code, t.status, t.contact, t.priority) == ("SV000001", "unprocessed", "张伟", "high")
    assert t.due_at == dt.datetime(2026, 11, 25) and t.created_by == "wang"
    t = tickets.assign_ticket(any_team.wang, t.code, "zhao", now=NOW)
    assert (t.status, t.assignee, t.assigned_at) == ("assigned", "zhao", NOW)
    t = tickets.start_ticket(any_team.zhao, t.code, now=LATER)
    assert (t.status, t.started_at) == ("in_progress", LATER)
    t = tickets.resolve_ticket(
        any_team.zhao, t.code, resolution="更换搓纸轮", next_service="2027-05-23", now=LATER
    )
    assert (t.status, t.resolution, t.next_service) == (
        "resolved",
        "更换搓纸轮",
        dt.date(2027, 5, 23),
    )
    t = tickets.give_feedback(any_team.wang, t.code, satisfaction=4, note="响应快", now=LATER)
    assert (t.satisfaction, t.feedback) == (4, "响应快")
    t = tickets.close_ticket(any_team.wang, t.code, now=LATER)
    assert (t.status, t.closed_at) == ("closed", LATER)
    t = tickets.reopen_ticket(any_team.wang, t.code, reason="又卡纸了", now=LATER)
    assert (t.status, t.assignee, t.closed_at, t.resolved_at) == ("assigned", "zhao", None, None)
    assert [action for action, _ in log(wangs)] == [
        "add", "assign", "start", "resolve", "feedback", "close", "reopen"
    ]  # fmt: skip
    assert views.get_ticket(any_team.admin, t.code, now=LATER) == t


def test_resolving_a_closed_ticket_is_refused_and_writes_nothing(
    any_team: Team, wangs: str
) -> None:
    code = add(any_team.wang, wangs, assignee="wang").code
    tickets.resolve_ticket(any_team.wang, code, resolution="done", now=NOW)
    tickets.close_ticket(any_team.wang, code, now=NOW)
    fresh = add(any_team.wang, wangs).code
    before = snapshot()
    with pytest.raises(InvalidInput, match="it is closed; reopen it first"):
        tickets.resolve_ticket(any_team.wang, code, resolution="again", now=LATER)
    with pytest.raises(InvalidInput, match="not resolved or closed"):
        tickets.reopen_ticket(any_team.wang, fresh, reason="x", now=NOW)
    with pytest.raises(InvalidInput, match="it is unprocessed"):
        tickets.resolve_ticket(any_team.wang, fresh, resolution="done", now=NOW)
    assert snapshot() == before
    with pytest.raises(InvalidInput, match="reason"):
        tickets.reopen_ticket(any_team.wang, code, reason="  ", now=LATER)


@pytest.mark.parametrize("score", [0, 6, "five"])
def test_a_feedback_score_outside_1_to_5_is_refused(any_team: Team, wangs: str, score: Any) -> None:
    code = add(any_team.wang, wangs, assignee="wang").code
    tickets.resolve_ticket(any_team.wang, code, resolution="done", now=NOW)
    before = snapshot()
    with pytest.raises(InvalidInput, match="satisfaction"):
        tickets.give_feedback(any_team.wang, code, satisfaction=score, now=LATER)
    assert snapshot() == before


def test_feedback_comes_after_the_resolution(any_team: Team, wangs: str) -> None:
    code = add(any_team.wang, wangs).code
    with pytest.raises(InvalidInput, match="feedback comes once it is resolved"):
        tickets.give_feedback(any_team.wang, code, satisfaction=5, now=NOW)


def test_assigning_to_a_deactivated_user_is_refused(any_team: Team, wangs: str) -> None:
    code = add(any_team.wang, wangs).code
    users.deactivate_user(any_team.admin, "zhao")
    before = snapshot()
    with pytest.raises(InvalidInput, match="'zhao' is deactivated"):
        tickets.assign_ticket(any_team.wang, code, "zhao", now=NOW)
    with pytest.raises(InvalidInput, match="'zhao' is deactivated"):
        add(any_team.wang, wangs, assignee="zhao")
    with pytest.raises(NotFound, match="no user"):
        tickets.assign_ticket(any_team.wang, code, "nobody", now=NOW)
    assert snapshot() == before


def test_a_ticket_for_a_customer_one_cannot_see_is_not_found(any_team: Team, wangs: str) -> None:
    before = snapshot()
    with pytest.raises(NotFound, match="no customer"):
        add(any_team.chen, wangs)
    assert snapshot() == before
    code = add(any_team.wang, wangs).code
    with pytest.raises(NotFound, match="no service ticket"):
        views.get_ticket(any_team.chen, code, now=NOW)
    assert list(views.iter_tickets(any_team.chen, now=NOW)) == []
    assert [t.code for t in views.iter_tickets(any_team.li, now=NOW)] == [code]  # wang's manager


def test_an_assignee_sees_and_works_only_the_tickets_given_to_them(
    any_team: Team, wangs: str
) -> None:
    mine = add(any_team.wang, wangs, assignee="chen").code
    other = add(any_team.wang, wangs, assignee="zhao").code
    assert [t.code for t in views.iter_tickets(any_team.chen, now=NOW)] == [mine]
    with pytest.raises(NotFound):
        views.get_ticket(any_team.chen, other, now=NOW)
    with pytest.raises(NotFound, match="no customer"):
        customers.get_customer(any_team.chen, wangs, now=NOW)
    tickets.start_ticket(any_team.chen, mine, now=NOW)
    assert (
        tickets.resolve_ticket(any_team.chen, mine, resolution="ok", now=NOW).status == "resolved"
    )
    for step in (
        lambda: tickets.close_ticket(any_team.chen, mine, now=NOW),
        lambda: tickets.edit_ticket(any_team.chen, mine, {"priority": "low"}, now=NOW),
        lambda: tickets.assign_ticket(any_team.chen, mine, "wang", now=NOW),
        lambda: tickets.delete_ticket(any_team.chen, mine, now=NOW),
    ):
        with pytest.raises(PermissionDenied):
            step()


def test_someone_who_sees_but_may_not_change_a_customer_is_denied(team: Team) -> None:
    public = customers.add_customer(team.wang, "公开客户", {"is_public": "yes"}, now=NOW).code
    code = add(team.wang, public).code
    assert views.get_ticket(team.chen, code, now=NOW).code == code
    with pytest.raises(PermissionDenied):
        tickets.start_ticket(team.chen, code, now=NOW)
    with pytest.raises(PermissionDenied):
        add(team.chen, public)


def test_the_types_are_a_team_setting(team: Team) -> None:
    code = customers.add_customer(team.wang, "甲", now=NOW).code
    with pytest.raises(InvalidInput, match="unknown ticket type 'training'; use one of: repair"):
        add(team.wang, code, type="training")
    settings.set_setting(team.admin, "service.types", "repair, training,Care Visit")
    assert add(team.wang, code, type="Training").type == "training"
    assert add(team.wang, code, type="care visit").type == "care_visit"
    with pytest.raises(InvalidInput, match="unknown ticket type"):
        add(team.wang, code, type="complaint")


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"description": " "}, "description must not be empty"),
        ({"priority": "asap"}, "unknown priority"),
        ({"due_at": "2026-11-01"}, "in the past"),
        ({"next_service": "yesterday"}, "in the past"),
        ({"order_line": "SO1"}, "ORDER/N"),
    ],
)
def test_bad_values_are_refused(team: Team, values: dict[str, str], message: str) -> None:
    code = customers.add_customer(team.wang, "甲", now=NOW).code
    with pytest.raises(InvalidInput, match=message):
        add(team.wang, code, **values)
    assert vm.Ticket.select().count() == 0


def test_product_and_order_line(team: Team) -> None:
    code = customers.add_customer(team.wang, "甲", now=NOW).code
    products.add_product(team.admin, "P1", "打印机", {"price": "100"}, now=NOW)
    products.add_product(team.admin, "P2", "硒鼓", {"price": "10"}, now=NOW)
    order = orders.add_order(team.wang, code, lines=["P1:1", "P2:2"], now=NOW).order
    t = add(team.wang, code, order_line=f"{order.code}/2")
    assert (t.order_line, t.product, t.product_name) == (f"{order.code}/2", "P2", "硒鼓")
    t = tickets.edit_ticket(team.wang, t.code, {"product": "P1", "order_line": ""}, now=NOW)
    assert (t.order_line, t.product) == (None, "P1")
    other = customers.add_customer(team.wang, "乙", now=NOW).code
    with pytest.raises(NotFound, match="no order line"):
        add(team.wang, other, order_line=f"{order.code}/1")
    with pytest.raises(NotFound, match="no product"):
        add(team.wang, code, product="P9")


def test_a_new_ticket_settles_the_next_services_due_by_today(team: Team) -> None:
    code = customers.add_customer(team.wang, "甲", now=NOW).code
    soon = add(team.wang, code, next_service="+1d").code
    later = add(team.wang, code, next_service="+3m").code
    tomorrow = NOW + dt.timedelta(days=1)
    tickets.add_ticket(team.wang, code, type="care_visit", description="回访", now=tomorrow)
    assert views.get_ticket(team.wang, soon, now=tomorrow).next_service is None
    assert views.get_ticket(team.wang, later, now=tomorrow).next_service == dt.date(2027, 2, 23)


def test_the_list_filters_sorts_and_pages(team: Team) -> None:
    code = customers.add_customer(team.wang, "甲", now=NOW).code
    made = [
        tickets.add_ticket(team.wang, code, type="repair", description=f"#{n}",
                           values={"due_at": f"+{5 - n}d"}, now=NOW + dt.timedelta(minutes=n))
        for n in range(4)
    ]  # fmt: skip
    tickets.assign_ticket(team.wang, made[1].code, "zhao", now=NOW)

    def codes(**kw: Any) -> list[str]:
        return [t.code for t in views.iter_tickets(team.wang, now=NOW, **kw)]

    assert codes() == [t.code for t in reversed(made)]
    assert codes(sort="due_at") == codes()
    assert codes(sort="-code", page=Page(2, 1)) == [made[2].code, made[1].code]
    assert codes(assignee="zhao") == [made[1].code] == codes(status="assigned")
    assert codes(assignee="none", status="open") == [made[3].code, made[2].code, made[0].code]
    assert codes(type="complaint") == []
    with pytest.raises(InvalidInput, match="cannot sort tickets by 'priority'"):
        codes(sort="priority")
    with pytest.raises(InvalidInput, match="unknown status"):
        codes(status="done")
    tickets.delete_ticket(team.wang, made[0].code, now=NOW)
    assert made[0].code not in codes()


def test_the_migration_builds_the_models_columns_and_indexes(any_db: str) -> None:
    database = m.User._meta.database.obj
    columns = {c.name for c in database.get_columns("ticket")}
    assert columns == {f.column_name for f in vm.Ticket._meta.sorted_fields}
    indexes = {tuple(i.columns) for i in database.get_indexes("ticket")}
    for wanted in (("customer_id", "created_at"), ("assignee_id", "status", "due_at"),
                   ("created_by_id", "status", "due_at"), ("next_service_by_id", "next_service"),
                   ("created_at",), ("due_at",), ("code",)):  # fmt: skip
        assert wanted in indexes, (wanted, indexes)
