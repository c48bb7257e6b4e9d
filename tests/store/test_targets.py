"""Targets (issue 14, point 2; TGT-1): setting, changing, listing and deleting them, who
may, and bad input that writes nothing. On SQLite, PostgreSQL and MariaDB (``any_db``)."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import Any

import pytest

from crm_cli.store.core import models as m
from crm_cli.store.core import users
from crm_cli.store.core.errors import CrmError, InvalidInput, NotFound, PermissionDenied
from crm_cli.store.targets import models as tm
from crm_cli.store.targets import periods, targets, views

NOW = dt.datetime(2026, 12, 1, 9, 0)
LATER = dt.datetime(2026, 12, 2, 9, 0)
D = Decimal


class Desk:
    """admin; li manages 华南 (wang, and zhao below wang); chen alone in 华东; ma manages
    nobody; ex has left 华南."""

    def __init__(self) -> None:
        self.admin = users.resolve_actor("admin")
        add = users.add_user
        self.li = add(self.admin, "li", role="manager", department="华南")
        self.wang = add(self.admin, "wang", role="sales", department="华南", supervisor="li")
        self.zhao = add(self.admin, "zhao", role="sales", department="华南", supervisor="wang")
        self.chen = add(self.admin, "chen", role="sales", department="华东")
        self.ma = add(self.admin, "ma", role="manager", department="华北")
        add(self.admin, "ex", role="sales", department="华南", supervisor="li")
        users.deactivate_user(self.admin, "ex")


@pytest.fixture
def desk(any_db: str) -> Desk:
    return Desk()


@pytest.fixture
def sqlite_desk(db_url: str) -> Desk:
    return Desk()


def stored() -> list[tuple[Any, ...]]:
    """Every target and log row: a refusal must leave both as they were."""
    rows = list(tm.SalesTarget.select().order_by(tm.SalesTarget.id).tuples())
    return [*rows, *m.OpLog.select().order_by(m.OpLog.id).tuples()]


def entries() -> list[tuple[str, dict[str, Any]]]:
    query = m.OpLog.select().where(m.OpLog.entity == "target").order_by(m.OpLog.id)
    return [(row.action, json.loads(row.changes)) for row in query]


def test_set_changes_and_deletes_a_target_with_every_step_logged(desk: Desk) -> None:
    made = targets.set_target(
        desk.li, user="wang", period="2026-Q4", metric="orders", amount="500000", now=NOW
    )
    assert (made.user, made.period, made.kind, made.metric, made.amount, made.setter) == (
        "wang", "2026-Q4", "quarter", "orders", D("500000.00"), "li")  # fmt: skip
    assert (made.starts_on, made.ends_on, made.set_at) == (
        dt.date(2026, 10, 1), dt.date(2026, 12, 31), NOW)  # fmt: skip
    again = targets.set_target(
        desk.admin, user="wang", period="2026-q4", metric="orders", amount="550000.50", now=LATER
    )
    assert (again.id, again.amount, again.setter, again.set_at) == (
        made.id, D("550000.50"), "admin", LATER)  # fmt: skip
    same = targets.set_target(
        desk.li, user="wang", period="2026-Q4", metric="orders", amount="550000.5", now=LATER
    )
    assert same == again  # nothing to change: nothing written
    gone = targets.delete_target(desk.li, user="wang", period="2026-Q4", metric="orders", now=LATER)
    assert gone.id == made.id and tm.SalesTarget.select().count() == 0
    about = {"subject": "wang", "period": "2026-Q4", "metric": "orders"}
    assert entries() == [
        ("set", {**about, "amount": "500000.00"}),
        ("set", {**about, "amount": ["500000.00", "550000.50"]}),
        ("delete", {**about, "amount": ["550000.50", None], "set_by": "admin"}),
    ]


def test_several_metrics_at_once_and_counts_are_whole_numbers(desk: Desk) -> None:
    made = targets.set_targets(
        desk.li, department="华南", period="2026", now=NOW,
        amounts={"orders": "2000000", "customers": "40", "contacts": 600, "receipts": "1e6"},
    )  # fmt: skip
    got = {t.metric: t.amount for t in made}
    assert got == {"orders": D("2000000.00"), "new_customers": D(40), "contacts": D(600),
                   "receipts": D("1000000.00")}  # fmt: skip
    assert str(got["new_customers"]) == "40" and made[0].department == "华南"
    assert made[0].user is None and (made[0].starts_on, made[0].ends_on) == (
        dt.date(2026, 1, 1), dt.date(2026, 12, 31))  # fmt: skip


def test_list_filters_and_what_each_one_reads(desk: Desk) -> None:
    put = targets.set_target
    put(desk.li, user="wang", period="2026-11", metric="orders", amount="100", now=NOW)
    put(desk.li, user="wang", period="2026-12", metric="contacts", amount="5", now=NOW)
    put(desk.li, user="zhao", period="2026-12", metric="orders", amount="300", now=NOW)
    put(desk.li, department="华南", period="2026-12", metric="orders", amount="900", now=NOW)
    put(desk.admin, user="chen", period="2026-12", metric="orders", amount="50", now=NOW)
    put(desk.admin, department="华东", period="2026-12", metric="orders", amount="60", now=NOW)

    def seen(actor: Any, **filters: Any) -> list[tuple[str, str, str]]:
        rows = views.iter_targets(actor, now=NOW, **filters)
        return [(r.period, r.user or r.department, r.metric) for r in rows]

    assert seen(desk.li) == [
        ("2026-12", "华南", "orders"), ("2026-12", "wang", "contacts"),
        ("2026-12", "zhao", "orders"), ("2026-11", "wang", "orders"),
    ]  # fmt: skip
    assert seen(desk.li, user="wang") == [("2026-12", "wang", "contacts"),
                                          ("2026-11", "wang", "orders")]  # fmt: skip
    assert seen(desk.li, period="2026-11") == [("2026-11", "wang", "orders")]
    assert seen(desk.li, metric="orders", department="华南") == [("2026-12", "华南", "orders")]
    assert seen(desk.wang) == [("2026-12", "华南", "orders"), ("2026-12", "wang", "contacts"),
                               ("2026-11", "wang", "orders")]  # fmt: skip
    assert seen(desk.chen) == [("2026-12", "华东", "orders"), ("2026-12", "chen", "orders")]
    assert len(seen(desk.admin)) == 6
    assert seen(desk.ma) == []
    with pytest.raises(PermissionDenied):
        seen(desk.chen, user="wang")
    with pytest.raises(PermissionDenied):
        seen(desk.wang, department="华东")


@pytest.mark.parametrize(
    ("actor", "subject", "error"),
    [
        ("li", {"user": "chen"}, PermissionDenied),  # not below li
        ("li", {"user": "li"}, PermissionDenied),  # one's own come from above
        ("wang", {"user": "zhao"}, PermissionDenied),  # a salesperson sets none
        ("chen", {"department": "华东"}, PermissionDenied),
        ("li", {"department": "华东"}, PermissionDenied),
        ("ma", {"department": "华南"}, PermissionDenied),
        ("li", {"user": "nobody"}, NotFound),
        ("li", {"department": "研发部"}, NotFound),
        ("li", {"user": "ex"}, InvalidInput),  # deactivated
        ("li", {"user": "wang", "department": "华南"}, InvalidInput),
        ("li", {}, InvalidInput),
    ],
)
def test_who_may_set_what(
    sqlite_desk: Desk, actor: str, subject: dict[str, str], error: type[CrmError]
) -> None:
    who = users.resolve_actor(actor)
    before = stored()
    with pytest.raises(error):
        targets.set_target(who, period="2026-12", metric="orders", amount="1", now=NOW, **subject)
    assert stored() == before


def test_a_manager_sets_everyone_below_at_any_depth_and_their_department(desk: Desk) -> None:
    for subject in ({"user": "wang"}, {"user": "zhao"}, {"department": "华南"}):
        targets.set_target(desk.li, period="2026-12", metric="contacts", amount=3, now=NOW,
                           **subject)  # fmt: skip
    assert tm.SalesTarget.select().count() == 3


@pytest.mark.parametrize(
    ("period", "metric", "amount", "says"),
    [
        ("2026-Q5", "orders", "100", "invalid period '2026-Q5'"),
        ("2026-13", "orders", "100", "invalid period '2026-13'"),
        ("2026-00", "orders", "100", "invalid period"),
        ("26", "orders", "100", "invalid period"),
        ("2026-12-01", "orders", "100", "invalid period"),
        ("0999", "orders", "100", "the year must be"),
        ("2026-12", "orders", "-5", "a target is above zero"),
        ("2026-12", "orders", "0", "a target is above zero"),
        ("2026-12", "orders", "12.345", "at most two decimals"),
        ("2026-12", "orders", "lots", "expected a number"),
        ("2026-12", "contacts", "2.5", "a count is a whole number"),
        ("2026-12", "revenue", "100", "unknown metric 'revenue'"),
    ],
)
def test_bad_input_is_refused_and_writes_nothing(
    desk: Desk, period: str, metric: str, amount: str, says: str
) -> None:
    before = stored()
    with pytest.raises(InvalidInput, match=says):
        targets.set_target(desk.li, user="wang", period=period, metric=metric, amount=amount,
                           now=NOW)  # fmt: skip
    assert stored() == before


def test_deleting_what_is_not_there_or_not_ones_own(sqlite_desk: Desk) -> None:
    desk = sqlite_desk
    targets.set_target(desk.admin, user="chen", period="2026-12", metric="orders", amount="1")
    before = stored()
    with pytest.raises(NotFound, match="no orders target for wang in 2026-12"):
        targets.delete_target(desk.li, user="wang", period="2026-12", metric="orders")
    with pytest.raises(PermissionDenied):
        targets.delete_target(desk.li, user="chen", period="2026-12", metric="orders")
    assert stored() == before


@pytest.mark.parametrize(
    ("text", "kind", "first", "last"),
    [
        ("2026-12", "month", "2026-12-01", "2026-12-31"),
        ("2028-2", "month", "2028-02-01", "2028-02-29"),
        ("2026-Q4", "quarter", "2026-10-01", "2026-12-31"),
        (" 2026-q1 ", "quarter", "2026-01-01", "2026-03-31"),
        ("2026", "year", "2026-01-01", "2026-12-31"),
    ],
)
def test_periods(text: str, kind: str, first: str, last: str) -> None:
    got = periods.parse_period(text)
    assert (got.kind, got.starts_on.isoformat(), got.ends_on.isoformat()) == (kind, first, last)
    assert periods.parse_period(got.label) == got
    assert periods.containing(kind, got.ends_on) == got
    assert got.until(got.starts_on - dt.timedelta(days=1)) is None
    assert got.until(dt.date(2099, 1, 1)) == got.ends_on
