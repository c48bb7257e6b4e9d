"""Attainment of targets (issue 14, point 2; TGT-1): exact figures from orders approved in
and out of the period, receipts, new customers, contact records and the weighted pipeline,
as of a day in the middle of the period and after it, and a department's roll-up. The
main scenario runs on SQLite, PostgreSQL and MariaDB (sums come back as different types)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from crm_cli.store.activity import activities
from crm_cli.store.core import settings, users
from crm_cli.store.core.records import User
from crm_cli.store.customers import customers
from crm_cli.store.sales import models as sm
from crm_cli.store.sales import opportunities, order_flow, orders, payments
from crm_cli.store.targets import attainment, targets, views
from crm_cli.store.targets.records import Attainment

D = Decimal
MID = dt.datetime(2026, 12, 15, 18, 0)  # the day asked about, inside December
END = dt.datetime(2027, 1, 10, 9, 0)  # after December


def at(day: str, hour: int = 10) -> dt.datetime:
    return dt.datetime.combine(dt.date.fromisoformat(day), dt.time(hour))


class Book:
    """华南: li (manager) over wang over zhao; chen in 华东. Their December so far."""

    def __init__(self) -> None:
        self.admin = users.resolve_actor("admin")
        add = users.add_user
        self.li = add(self.admin, "li", role="manager", department="华南")
        self.wang = add(self.admin, "wang", role="sales", department="华南", supervisor="li")
        self.zhao = add(self.admin, "zhao", role="sales", department="华南", supervisor="wang")
        self.chen = add(self.admin, "chen", role="sales", department="华东")
        settings.set_setting(self.admin, "opportunity.min_probability", "0")
        sm.Product.create(code="PC", name="PC", price=D("1000.00"), created_at=at("2026-01-01"),
                          updated_at=at("2026-01-01"))  # fmt: skip
        self.nov = customers.add_customer(self.wang, "十一月客户", now=at("2026-11-20")).code
        self.dec = customers.add_customer(self.wang, "十二月客户", now=at("2026-12-03")).code
        customers.add_customer(self.wang, "月中以后", now=at("2026-12-20"))
        self.zhaos = customers.add_customer(self.zhao, "赵的客户", now=at("2026-12-09", 9)).code
        self.chens = customers.add_customer(self.chen, "华东客户", now=at("2026-12-01")).code

    def approved(self, who: User, customer: str, line: str, day: str) -> str:
        code = orders.add_order(who, customer, lines=[line], now=at(day, 9)).order.code
        order_flow.submit_order(who, code, now=at(day, 9))
        order_flow.approve_order(self.admin, code, now=at(day, 11))
        return code

    def pay(self, order: str, amount: str, day: str) -> None:
        payments.record_payment(self.admin, order, amount, date=day, now=at(day, 16))

    def contact(self, who: User, customer: str, when: str) -> None:
        activities.log_contact(who, customer, {"summary": "回访", "started_at": when},
                               now=at("2026-12-31"))  # fmt: skip

    def opportunity(self, customer: str, amount: str, probability: int, close: str) -> str:
        made = opportunities.add_opportunity(
            self.wang, customer, amount=amount, probability=probability, close=close,
            now=at("2026-12-01"),
        )  # fmt: skip
        return made.code


def fill(book: Book) -> None:
    w, z = book.wang, book.zhao
    november = book.approved(w, book.nov, "PC:2", "2026-11-28")  # 2000.00, approved in November
    december = book.approved(w, book.dec, "PC:3:1234.56", "2026-12-05")  # 3703.68
    book.approved(w, book.dec, "PC:1", "2026-12-20")  # 1000.00, after the 15th
    cancelled = book.approved(w, book.dec, "PC:4", "2026-12-07")
    order_flow.cancel_order(book.admin, cancelled, "客户取消", now=at("2026-12-08"))
    orders.add_order(w, book.dec, lines=["PC:9"], now=at("2026-12-06"))  # a draft: no sale
    book.approved(z, book.zhaos, "PC:3:500", "2026-12-09")  # 1500.00
    book.approved(book.chen, book.chens, "PC:5", "2026-12-05")  # 华东: not 华南's
    book.pay(november, "300.00", "2026-11-30")
    book.pay(november, "500.00", "2026-12-02")
    book.pay(december, "0.10", "2026-12-10")
    book.pay(december, "0.20", "2026-12-10")
    book.pay(december, "1000.00", "2026-12-18")
    for when in ("2026-11-30 17:00", "2026-12-04 10:00", "2026-12-14 23:59", "2026-12-16 08:00"):
        book.contact(w, book.dec, when)
    book.contact(z, book.zhaos, "2026-12-01 00:00")
    book.opportunity(book.dec, "10000.00", 30, "2026-12-20")  # 3000.00
    book.opportunity(book.dec, "3333.33", 33, "2026-12-31")  # 1099.9989
    book.opportunity(book.dec, "5000.00", 50, "2027-01-05")  # closes in January
    won = book.opportunity(book.dec, "8000.00", 90, "2026-12-10")
    opportunities.win_opportunity(book.wang, won, date="2026-12-10", now=at("2026-12-10"))


@pytest.fixture
def book(db_url: str) -> Book:
    made = Book()
    fill(made)
    return made


def figures(rows: list[Attainment]) -> dict[tuple[str, str | None, str], tuple[object, ...]]:
    """(scope, user, metric) -> (target, actual, percent, pipeline, gap)."""
    return {
        (r.scope, r.user, r.metric): (r.target, r.actual, r.percent, r.pipeline, r.gap)
        for r in rows
    }


def test_a_person_and_a_department_mid_month_after_it_and_in_the_quarter(any_db: str) -> None:
    book = Book()
    fill(book)
    li = book.li
    targets.set_targets(li, user="wang", period="2026-12", amounts={"orders": "5000",
                        "receipts": "1000", "new_customers": "4", "contacts": "8"})  # fmt: skip
    targets.set_target(li, department="华南", period="2026-12", metric="orders", amount="10000")
    rows = figures(list(views.iter_targets(li, period="2026-12", now=MID)))
    assert rows == {
        ("department", None, "orders"): (D("10000.00"), D("5203.68"), D("52.0"), D("4100.00"),
                                         D("4796.32")),
        ("user", "wang", "orders"): (D("5000.00"), D("3703.68"), D("74.1"), D("4100.00"),
                                     D("1296.32")),
        ("user", "wang", "receipts"): (D("1000.00"), D("500.30"), D("50.0"), None, D("499.70")),
        ("user", "wang", "new_customers"): (D(4), D(1), D("25.0"), None, D(3)),
        ("user", "wang", "contacts"): (D(8), D(2), D("25.0"), None, D(6)),
    }  # fmt: skip
    later = figures(list(views.iter_targets(li, user="wang", period="2026-12", now=END)))
    assert later[("user", "wang", "orders")][1:3] == (D("4703.68"), D("94.1"))
    assert later[("user", "wang", "receipts")][1] == D("1500.30")
    assert later[("user", "wang", "new_customers")][1] == D(2)
    assert later[("user", "wang", "contacts")][1] == D(3)
    quarter = attainment.subject_attainment(li, user="wang", period="2026-Q4", now=MID)
    got = {r.metric: r.actual for r in quarter}
    assert got == {"orders": D("5703.68"), "receipts": D("800.30"), "new_customers": D(2),
                   "contacts": D(3)}  # fmt: skip
    assert all(r.target is None and r.percent is None and r.gap is None for r in quarter)


def test_the_department_rolls_up_its_people_with_their_own_targets_beneath(book: Book) -> None:
    targets.set_target(book.li, department="华南", period="2026-12", metric="contacts", amount=6)
    targets.set_target(book.li, user="zhao", period="2026-12", metric="orders", amount="1000")
    rows = attainment.subject_attainment(book.li, department="华南", period="2026-12", now=MID)
    assert [(r.scope, r.user) for r in rows[:4]] == [("department", None)] * 4
    assert [r.user for r in rows[4:]] == ["li"] * 4 + ["wang"] * 4 + ["zhao"] * 4
    got = figures(rows)
    assert got[("department", None, "contacts")] == (D(6), D(3), D("50.0"), None, D(3))
    assert got[("department", None, "new_customers")][1] == D(2)
    assert got[("department", None, "receipts")][1] == D("500.30")
    # Passed: 150 %, and the gap stops at zero.
    assert got[("member", "zhao", "orders")] == (D("1000.00"), D("1500.00"), D("150.0"),
                                                D("0.00"), D("0.00"))  # fmt: skip
    assert got[("member", "li", "orders")] == (None, D("0.00"), None, D("0.00"), None)
    people = [r for r in rows if r.scope == "member" and r.metric == "orders"]
    assert sum(r.actual for r in people) == got[("department", None, "orders")][1]


def test_a_salesperson_sees_their_department_but_only_their_own_row_beneath(book: Book) -> None:
    rows = attainment.subject_attainment(book.zhao, department="华南", period="2026-12", now=MID)
    assert {r.user for r in rows if r.scope == "member"} == {"zhao"}
    assert figures(rows)[("department", None, "orders")][1] == D("5203.68")


def test_before_the_period_nothing_counts_but_the_pipeline_stands(book: Book) -> None:
    targets.set_target(book.li, user="wang", period="2026-12", metric="orders", amount="5000")
    (row,) = views.iter_targets(book.li, now=at("2026-11-30"))
    assert (row.actual, row.percent, row.pipeline, row.gap) == (
        D("0.00"), D("0.0"), D("4100.00"), D("5000.00"))  # fmt: skip


def test_team_attainment_is_the_managers_people_and_department_this_period(book: Book) -> None:
    li = book.li
    targets.set_target(li, department="华南", period="2026-12", metric="orders", amount="10000")
    targets.set_target(li, user="zhao", period="2026-12", metric="contacts", amount=2)
    targets.set_target(li, user="wang", period="2026-12", metric="orders", amount="5000")
    targets.set_target(li, user="wang", period="2026-Q4", metric="orders", amount="20000")
    targets.set_target(book.admin, user="chen", period="2026-12", metric="orders", amount="100")
    team = attainment.team_attainment(li, now=MID)
    assert [(r.scope, r.user, r.metric) for r in team] == [
        ("department", None, "orders"), ("user", "wang", "orders"), ("user", "zhao", "contacts"),
    ]  # fmt: skip
    assert team[2].actual == D(1) and team[2].percent == D("50.0")
    quarter = attainment.team_attainment(li, now=MID, period="quarter")
    assert [(r.period, r.actual) for r in quarter] == [("2026-Q4", D("5703.68"))]
    mine = attainment.team_attainment(book.zhao, now=MID)
    assert [(r.scope, r.user) for r in mine] == [("department", None), ("user", "zhao")]
    everyone = attainment.team_attainment(book.admin, now=MID)
    assert [r.user for r in everyone] == [None, "chen", "wang", "zhao"]
