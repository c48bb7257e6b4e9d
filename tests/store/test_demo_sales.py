"""Demo sales data (`crm demo`, point 11): every kind of record, consistent with itself and
with the customers' derived fields, deterministic, and enough for `crm today` and the 360
view of every demo user."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from crm_cli.store import domains
from crm_cli.store.activity import activities
from crm_cli.store.activity import models as am
from crm_cli.store.core import db, users
from crm_cli.store.core import models as m
from crm_cli.store.core.codes import next_code
from crm_cli.store.core.records import User
from crm_cli.store.customers import customers
from crm_cli.store.customers import models as cm
from crm_cli.store.customers.fields import DERIVED
from crm_cli.store.demo import generate as demo
from crm_cli.store.demo.catalog import PRODUCTS
from crm_cli.store.overview import customer360, digest
from crm_cli.store.sales import models as sm
from crm_cli.store.sales import order_totals
from crm_cli.store.sales.lines import line_amount

NOW = dt.datetime(2026, 11, 23, 9, 0)
TODAY = NOW.date()
SALES_TEAM = ("li", "wang", "zhao", "smith", "chen", "taylor")


@pytest.fixture
def filled(any_db: str) -> User:
    admin = users.resolve_actor("admin")
    demo.add_demo_data(admin, 200, seed=1, now=NOW)
    return admin


@pytest.fixture
def sqlite_filled(db_url: str) -> User:
    admin = users.resolve_actor("admin")
    demo.add_demo_data(admin, 200, seed=1, now=NOW)
    return admin


def derived(row: cm.Customer) -> tuple[Any, ...]:
    return tuple(getattr(row, name) for name in DERIVED)


def test_derived_fields_are_what_the_store_would_compute(filled: User) -> None:
    """The store's own rules recompute every customer's CUS-3 fields to the same values."""
    drawn = {row.id: derived(row) for row in cm.Customer.select()}
    assert sum(1 for values in drawn.values() if values[0] is not None) >= 100
    assert sum(1 for values in drawn.values() if values[4] > 0) >= 30
    for customer_id in drawn:
        activities.refresh_derived(customer_id)
        order_totals.refresh_customer(customer_id)
    recomputed = {row.id: derived(row) for row in cm.Customer.select()}
    assert recomputed == drawn


def test_orders_and_installments_agree_with_their_receipts_exactly(filled: User) -> None:
    paid: Counter[int] = Counter()
    by_installment: dict[int, Decimal] = {}
    for p in sm.Payment.select():
        paid[p.order_id] += p.amount  # type: ignore[assignment]
        if p.installment_id:
            by_installment[p.installment_id] = by_installment.get(p.installment_id, 0) + p.amount
    for order in sm.SalesOrder.select():
        assert order.received == Decimal(paid[order.id]).quantize(Decimal("0.01"))
        assert order.settled == (order.received >= order.total)
        lines = list(sm.OrderLine.select().where(sm.OrderLine.order == order.id))
        assert order.total == sum((x.amount for x in lines), Decimal(0))
        for x in lines:
            assert x.amount == line_amount(x.quantity, x.unit_price, x.discount)
        if order.status != "approved":
            assert order.received == 0 and order.signed is None
    for inst in sm.Installment.select():
        assert inst.received == by_installment.get(inst.id, Decimal("0.00"))
        assert 0 <= inst.received <= inst.amount
    plans: dict[int, Decimal] = {}
    for inst in sm.Installment.select():
        plans[inst.order_id] = plans.get(inst.order_id, Decimal(0)) + inst.amount
    for order_id, planned in plans.items():
        assert sm.SalesOrder.get_by_id(order_id).total == planned


def test_quotes_total_their_lines_and_orders_follow_their_quote(filled: User) -> None:
    for quote in sm.Quote.select():
        lines = sm.QuoteLine.select().where(sm.QuoteLine.quote == quote.id)
        assert quote.total == sum((x.amount for x in lines), Decimal(0))
    linked = list(sm.SalesOrder.select().where(sm.SalesOrder.quote.is_null(False)))
    assert linked
    for order in linked:
        quote = sm.Quote.get_by_id(order.quote_id)
        assert quote.customer_id == order.customer_id and quote.total == order.total
        assert quote.created_at <= order.created_at and quote.audited


def test_every_kind_and_state_is_there(filled: User) -> None:
    assert sm.Product.select().count() == len(PRODUCTS) >= 40
    assert sm.PriceBook.select().count() == 2 and sm.PriceBookEntry.select().count() >= 10
    assert {o.status for o in sm.Opportunity.select()} == {"open", "won", "lost"}
    assert all(o.reason for o in sm.Opportunity.select().where(sm.Opportunity.status == "lost"))
    assert {o.status for o in sm.SalesOrder.select()} == {"approved", "submitted", "draft"}
    states = Counter(
        "paid" if i.received == i.amount else "partial" if i.received else
        "overdue" if i.due < TODAY else "unpaid"
        for i in sm.Installment.select()
    )  # fmt: skip
    assert min(states[s] for s in ("paid", "partial", "overdue", "unpaid")) >= 1, states
    ending = sm.OrderLine.select().where(
        sm.OrderLine.service_end.between(TODAY, TODAY + dt.timedelta(days=30))
    )
    assert ending.count() >= 3
    assert {a.result for a in am.Activity.select()} == {"continue", "deal", "failed"}
    assert am.Reminder.select().where(am.Reminder.done_at.is_null()).count() >= 6
    english = sm.Product.select().where(sm.Product.name.startswith("CRM additional")).count()
    assert english == 1


def test_nothing_is_dated_before_its_customer_or_after_now(filled: User) -> None:
    since = {c.id: c.registered for c in cm.Customer.select()}
    for a in am.Activity.select():
        assert since[a.customer_id] <= a.started_at.date() and a.started_at <= NOW
    for o in sm.SalesOrder.select():
        assert since[o.customer_id] <= o.created_at.date() and o.created_at <= NOW
    for p in sm.Payment.select(sm.Payment, sm.SalesOrder).join(sm.SalesOrder):
        assert p.order.signed <= p.paid_on <= TODAY


def test_every_demo_user_has_something_in_every_kind_of_today(filled: User) -> None:
    for login in SALES_TEAM:
        found = digest.build_digest(users.resolve_actor(login), now=NOW)
        kinds = {item.kind for item in found.items}
        wanted = {"next_contact", "installment", "receivable", "service_fee", "reminder",
                  "birthday"}  # fmt: skip
        assert wanted <= kinds, (login, kinds)


def test_the_360_view_has_every_section_for_a_featured_customer(filled: User) -> None:
    full = [
        c
        for c in cm.Customer.select()
        if all(view(filled, c.code)[k] for k in ("records", "opportunities", "quotes", "orders"))
        and view(filled, c.code)["receipts"]
    ]
    assert len(full) >= 3
    log = customers.customer_log(filled, full[0].code, now=NOW)
    assert {e.entity for e in log} >= {"customer", "activity", "quote", "order"}


def view(actor: User, code: str) -> dict[str, list[dict[str, Any]]]:
    return customer360.customer_view(actor, code, now=NOW).related


def test_each_record_is_logged_once_against_its_customer(filled: User) -> None:
    tables = {"activity": am.Activity, "opportunity": sm.Opportunity, "quote": sm.Quote,
              "order": sm.SalesOrder}  # fmt: skip
    for entity, model in tables.items():
        logged = {(e.entity_id, e.customer_id) for e in m.OpLog.select().where(
            (m.OpLog.entity == entity) & (m.OpLog.action == "add"))}  # fmt: skip
        assert logged == {(r.id, r.customer_id) for r in model.select()}, entity
    payments = m.OpLog.select().where(m.OpLog.entity == "payment").count()
    assert payments == sm.Payment.select().count()


def test_codes_come_from_the_sequences(filled: User) -> None:
    for sequence, model, prefix in (
        ("opportunity", sm.Opportunity, "OP"), ("quote", sm.Quote, "Q"),
        ("order", sm.SalesOrder, "SO"), ("payment", sm.Payment, "R"),
    ):  # fmt: skip
        count = model.select().count()
        codes = sorted(r.code for r in model.select())
        assert codes == [f"{prefix}{n:06d}" for n in range(1, count + 1)]
        assert next_code(sequence, f"code.{sequence}_prefix") == f"{prefix}{count + 1:06d}"


def test_a_second_run_adds_more_without_new_products(sqlite_filled: User) -> None:
    orders = sm.SalesOrder.select().count()
    demo.add_demo_data(sqlite_filled, 100, seed=2, now=NOW)
    assert sm.Product.select().count() == len(PRODUCTS)
    assert sm.SalesOrder.select().count() > orders
    codes = [o.code for o in sm.SalesOrder.select()]
    assert len(codes) == len(set(codes))


def test_the_same_seed_draws_the_same_sales(tmp_path: Path) -> None:
    def draw(name: str) -> list[tuple[Any, ...]]:
        domains.open_store(f"sqlite:///{tmp_path / name}")
        demo.add_demo_data(users.resolve_actor("admin"), 80, seed=9, now=NOW)
        rows = [
            *(("a", a.customer_id, a.started_at, a.summary) for a in am.Activity.select()),
            *(("o", o.code, o.total, o.status, o.received) for o in sm.SalesOrder.select()),
            *(("p", p.code, p.amount, p.paid_on) for p in sm.Payment.select()),
            *(("c", *derived(c)) for c in cm.Customer.select()),
        ]
        db.close_store()
        return rows

    assert draw("a.db") == draw("b.db")
