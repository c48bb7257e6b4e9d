"""The related records of the 360 view (CUS-7): what each kind shows, newest first, the
limit, visibility through the customer, and a bounded number of queries."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from playhouse.test_utils import count_queries

from crm_cli.store.activity import models as am
from crm_cli.store.core.errors import NotFound
from crm_cli.store.customers import contacts, customers
from crm_cli.store.customers import models as cm
from crm_cli.store.overview import customer360, related
from crm_cli.store.sales import models as sm
from crm_cli.store.sales import opportunities as opp
from tests.conftest import Team

NOW = dt.datetime(2026, 11, 23, 9, 0)
D = Decimal


class Sales:
    """Rows written straight into the sales tables, as the other modules would write them."""

    def __init__(self, team: Team, code: str) -> None:
        self.customer = cm.Customer.get(cm.Customer.code == code)
        self.user = team.wang.id
        self.product = sm.Product.create(
            code="ERP", name="ERP 套件", price=D("100.00"), created_at=NOW, updated_at=NOW
        )
        self.n = 0

    def _next(self) -> int:
        self.n += 1
        return self.n

    def activity(self, at: dt.datetime, summary: str, **kw: Any) -> am.Activity:
        return am.Activity.create(
            customer=self.customer.id, user=self.user, started_at=at, summary=summary,
            created_at=at, updated_at=at, **kw,
        )  # fmt: skip

    def quote(self, total: str, at: dt.datetime = NOW, **kw: Any) -> sm.Quote:
        n = self._next()
        return sm.Quote.create(
            code=f"Q{n:06d}", customer=self.customer.id, subject=f"报价 {n}", total=D(total),
            created_at=at, updated_at=at, **kw,
        )  # fmt: skip

    def order(self, total: str, received: str = "0", at: dt.datetime = NOW, **kw: Any) -> Any:
        n = self._next()
        kw.setdefault("status", "approved")
        row = sm.SalesOrder.create(
            code=f"SO{n:06d}", customer=self.customer.id, owner=self.user, total=D(total),
            received=D(received), settled=D(received) == D(total), signed=at.date(),
            created_at=at, updated_at=at, **kw,
        )  # fmt: skip
        sm.OrderLine.create(
            order=row.id, position=1, product=self.product.id, quantity=D(1),
            unit_price=D(total), amount=D(total),
        )  # fmt: skip
        return row

    def payment(self, order: Any, amount: str, day: dt.date, **kw: Any) -> sm.Payment:
        return sm.Payment.create(
            code=f"R{self._next():06d}", order=order.id, amount=D(amount), paid_on=day,
            created_at=NOW, **kw,
        )  # fmt: skip


@pytest.fixture
def sales(team: Team) -> Sales:
    code = customers.add_customer(team.wang, "华为技术有限公司", now=NOW).code
    contacts.add_contact(team.wang, code, "张伟", now=NOW)
    return Sales(team, code)


def view(actor: Any, ref: str) -> dict[str, list[dict[str, Any]]]:
    return customer360.customer_view(actor, ref, now=NOW).related


def test_every_kind_is_present_and_empty_for_a_new_customer(sales: Sales, team: Team) -> None:
    got = view(team.wang, sales.customer.code)
    assert list(got) == list(customer360.RELATED_KINDS)
    assert all(rows == [] for rows in got.values())


def test_records_newest_first_without_deleted_ones(sales: Sales, team: Team) -> None:
    person = cm.Contact.get(cm.Contact.name == "张伟")
    sales.activity(NOW - dt.timedelta(days=3), "首次拜访", method="visit", contact=person.id)
    sales.activity(NOW - dt.timedelta(days=1), "电话跟进", next_date=dt.date(2026, 11, 30),
                   next_note="发报价")  # fmt: skip
    sales.activity(NOW, "已删除", deleted_at=NOW)
    rows = view(team.wang, sales.customer.code)["records"]
    assert [r["summary"] for r in rows] == ["电话跟进", "首次拜访"]
    assert (rows[1]["method"], rows[1]["contact"], rows[1]["user"]) == ("visit", "张伟", "wang")
    assert (rows[0]["next_date"], rows[0]["next_note"]) == (dt.date(2026, 11, 30), "发报价")


def test_opportunities_quotes_orders_and_receipts(sales: Sales, team: Team) -> None:
    code = sales.customer.code
    opp.add_opportunity(team.wang, code, amount="5000", probability=70, product="ERP", now=NOW)
    quote = sales.quote("300.00", audited=True)
    order = sales.order("0.30", quote=quote.id)
    sales.payment(order, "0.10", dt.date(2026, 11, 20), method="转账")
    sales.payment(order, "0.10", dt.date(2026, 11, 21))
    cancelled = sales.order("50.00", status="cancelled", at=NOW - dt.timedelta(days=1))
    sales.order("70.00", at=NOW - dt.timedelta(days=2), deleted_at=NOW)
    got = view(team.wang, code)
    assert [(o["code"], o["amount"], o["status"]) for o in got["opportunities"]] == [
        ("OP000001", D("5000.00"), "open")
    ]
    assert got["quotes"] == [
        {"code": quote.code, "date": NOW.date(), "subject": quote.subject, "total": D("300.00"),
         "valid_until": None, "audited": True, "order": order.code},
    ]  # fmt: skip
    assert [(o["code"], o["total"], o["received"], o["balance"], o["status"]) for o in
            got["orders"]] == [
        (order.code, D("0.30"), D("0.00"), D("0.30"), "approved"),
        (cancelled.code, D("50.00"), D("0.00"), D("0.00"), "cancelled"),
    ]  # fmt: skip
    assert [(r["order"], r["date"], r["amount"], r["method"]) for r in got["receipts"]] == [
        (order.code, dt.date(2026, 11, 21), D("0.10"), ""),
        (order.code, dt.date(2026, 11, 20), D("0.10"), "转账"),
    ]


def test_the_plan_is_what_is_still_owed_soonest_due_first(sales: Sales, team: Team) -> None:
    """Installments of approved orders that are not paid in full; paid ones, drafts and
    deleted orders' are not the plan (receipts show what came in)."""

    def planned(order: Any, *parts: tuple[int, str, str, str]) -> None:
        for number, due, amount, received in parts:
            sm.Installment.create(order=order.id, number=number, due=dt.date.fromisoformat(due),
                                  amount=D(amount), received=D(received))  # fmt: skip

    first, second = sales.order("300.00"), sales.order("0.30")
    planned(first, (1, "2026-12-01", "100.00", "100.00"), (2, "2027-01-01", "100.00", "40.00"),
            (3, "2027-02-01", "100.00", "0"))  # fmt: skip
    planned(second, (1, "2026-12-15", "0.30", "0.10"))
    planned(sales.order("9.00", status="draft"), (1, "2026-11-01", "9.00", "0"))
    planned(sales.order("9.00", deleted_at=NOW), (1, "2026-11-01", "9.00", "0"))
    rows = view(team.wang, sales.customer.code)["plan"]
    assert [(r["order"], r["number"], str(r["due"]), r["open"]) for r in rows] == [
        (second.code, 1, "2026-12-15", D("0.20")),
        (first.code, 2, "2027-01-01", D("60.00")),
        (first.code, 3, "2027-02-01", D("100.00")),
    ]
    assert (rows[1]["amount"], rows[1]["received"]) == (D("100.00"), D("40.00"))


def test_balance_is_exact(sales: Sales, team: Team) -> None:
    order = sales.order("0.30", received="0.30")
    sales.payment(order, "0.10", NOW.date())
    sales.payment(order, "0.20", NOW.date())
    row = view(team.wang, sales.customer.code)["orders"][0]
    assert (row["balance"], row["settled"]) == (D("0.00"), True)
    assert sum((r["amount"] for r in view(team.wang, sales.customer.code)["receipts"]), D(0)) == D(
        "0.30"
    )


def test_each_kind_is_limited_to_the_latest(sales: Sales, team: Team) -> None:
    for day in range(related.LIMIT + 5):
        at = NOW - dt.timedelta(days=day)
        sales.activity(at, f"记录 {day}")
        sales.order("10.00", at=at)
    got = view(team.wang, sales.customer.code)
    assert len(got["records"]) == len(got["orders"]) == related.LIMIT
    assert got["records"][0]["summary"] == "记录 0"
    assert got["records"][-1]["summary"] == f"记录 {related.LIMIT - 1}"


def test_others_records_do_not_leak_in(sales: Sales, team: Team) -> None:
    other = customers.add_customer(team.wang, "另一家公司", now=NOW).code
    sm.Quote.create(
        code="Q999999", customer=cm.Customer.get(cm.Customer.code == other).id, total=D(1),
        created_at=NOW, updated_at=NOW,
    )  # fmt: skip
    assert view(team.wang, sales.customer.code)["quotes"] == []
    assert [q["code"] for q in view(team.wang, other)["quotes"]] == ["Q999999"]


def test_the_view_follows_visibility(sales: Sales, team: Team) -> None:
    sales.order("10.00")
    with pytest.raises(NotFound):
        customer360.customer_view(team.chen, sales.customer.code, now=NOW)
    assert len(view(team.li, sales.customer.code)["orders"]) == 1


def _queries(team: Team, code: str) -> int:
    with count_queries(only_select=True) as counter:
        customer360.customer_view(team.wang, code, now=NOW)
    return counter.count


def test_the_view_runs_a_bounded_number_of_queries(sales: Sales, team: Team) -> None:
    """No N+1: 20 orders with payments and quotes cost what one of each does."""
    code = sales.customer.code
    quote = sales.quote("10.00")
    order = sales.order("10.00", quote=quote.id)
    sales.payment(order, "1.00", NOW.date())
    sales.activity(NOW, "一条")
    opp.add_opportunity(team.wang, code, amount="1", probability=50, now=NOW)
    few = _queries(team, code)
    for n in range(20):
        quote = sales.quote("10.00", at=NOW - dt.timedelta(hours=n + 1))
        order = sales.order("10.00", quote=quote.id, at=NOW - dt.timedelta(hours=n + 1))
        sales.payment(order, "1.00", NOW.date())
        sales.activity(NOW - dt.timedelta(hours=n + 1), f"记录 {n}")
        opp.add_opportunity(team.wang, code, amount="1", probability=50, now=NOW)
    many = _queries(team, code)
    assert many == few and many <= 20
    got = view(team.wang, code)
    assert all(len(got[k]) == related.LIMIT for k in ("records", "quotes", "orders", "receipts"))
