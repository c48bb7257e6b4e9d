"""Orders (ORD-1): writing them directly or from a quote, the approval workflow, rights,
locks and the customer's derived totals. Real SQLite databases (the ``team`` fixture).

Products and quotes are made directly through the models: their own modules are another
helper's, and the schema is fixed.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from crm_cli.store.core import settings
from crm_cli.store.core.errors import Conflict, InvalidInput, Locked, NotFound, PermissionDenied
from crm_cli.store.core.records import User
from crm_cli.store.customers import customers
from crm_cli.store.customers import models as cm
from crm_cli.store.sales import models as sm
from crm_cli.store.sales import order_flow, order_lists, orders, payments
from tests.conftest import Team

NOW = dt.datetime(2026, 11, 2, 10, 0)
D = Decimal


class Sales:
    """A team, two products and customers owned by wang (under li) and chen; this team
    lets an order's owner record its receipts (``payment.recorders``)."""

    def __init__(self, team: Team) -> None:
        self.team = team
        settings.set_setting(team.admin, "payment.recorders", "manager,admin,owner")
        add = customers.add_customer
        self.acme = add(team.wang, "Acme Trading", now=NOW)
        self.other = add(team.chen, "Other Co", now=NOW)
        make_product("PC", "Desktop PC", "1000.00")
        make_product("ERP", "ERP licence", "5000.00", annual_fee="800.00")
        make_product("PEN", "Pen", "0.10")

    def order(self, actor: User | None = None, *lines: str, **kwargs: object) -> str:
        view = orders.add_order(
            actor or self.team.wang, self.acme.code, lines=lines or ("PC:2",), now=NOW, **kwargs
        )
        return view.order.code

    def approved(self, *lines: str, **kwargs: object) -> str:
        code = self.order(None, *lines, **kwargs)
        order_flow.submit_order(self.team.wang, code, now=NOW)
        order_flow.approve_order(self.team.li, code, now=NOW)
        return code


def make_product(code: str, name: str, price: str, annual_fee: str | None = None) -> int:
    row = sm.Product.create(
        code=code, name=name, price=D(price), annual_fee=D(annual_fee) if annual_fee else None,
        created_at=NOW, updated_at=NOW,
    )  # fmt: skip
    return int(row.id)


def make_quote(customer_code: str, code: str = "Q000001", *lines: tuple[str, str, str]) -> int:
    customer = cm.Customer.get(cm.Customer.code == customer_code)
    quote = sm.Quote.create(
        code=code, customer=customer.id, subject="Office refit", created_at=NOW, updated_at=NOW
    )
    for pos, (product, qty, price) in enumerate(lines or (("PC", "3", "900.00"),), 1):
        prod = sm.Product.get(sm.Product.code == product)
        amount = (D(qty) * D(price) * D("0.9")).quantize(D("0.01"))
        sm.QuoteLine.create(
            quote=quote.id, position=pos, product=prod.id, quantity=D(qty), unit_price=D(price),
            discount=D("10"), amount=amount, annual_fee=prod.annual_fee,
        )  # fmt: skip
    return int(quote.id)


def customer_row(code: str) -> cm.Customer:
    return cm.Customer.get(cm.Customer.code == code)


@pytest.fixture
def sales(team: Team) -> Sales:
    return Sales(team)


def test_direct_order_prices_lines_and_starts_as_draft(sales: Sales) -> None:
    view = orders.add_order(
        sales.team.wang, "Acme Trading", lines=["pc:2", "PEN:3:0.20:50%"], subject=" Kit ",
        signed="2026-11-01", due="2026-11-30", now=NOW,
    )  # fmt: skip
    o = view.order
    assert (o.code, o.status, o.owner, o.kind, o.subject) == (
        "SO000001",
        "draft",
        "wang",
        "sale",
        "Kit",
    )
    assert o.total == D("2000.30") and o.balance == D("2000.30") and o.received == D("0.00")
    assert [(x.product, x.quantity, x.amount) for x in view.lines] == [
        ("PC", D("2.000"), D("2000.00")), ("PEN", D("3.000"), D("0.30")),
    ]  # fmt: skip
    assert view.plan == []  # no default plan configured: paid as a whole
    log = customers.customer_log(sales.team.wang, sales.acme.code)
    assert log[0].entity == "order" and log[0].action == "add"
    assert log[0].changes["code"] == "SO000001"


def test_annual_fee_line_is_serviced_a_year_from_signing(sales: Sales) -> None:
    view = orders.add_order(
        sales.team.wang, sales.acme.code, lines=["ERP:1"], signed="2026-10-15", now=NOW
    )
    assert view.lines[0].annual_fee == D("800.00")
    assert view.lines[0].service_end == dt.date(2027, 10, 15)
    unsigned = orders.add_order(sales.team.wang, sales.acme.code, lines=["ERP:1"], now=NOW)
    assert unsigned.lines[0].service_end == dt.date(2027, 11, 2)


def test_from_quote_copies_lines_and_links_both_ways(sales: Sales) -> None:
    quote_id = make_quote(sales.acme.code, "Q000001", ("PC", "3", "900.00"), ("ERP", "1", "4000"))
    view = orders.add_order(sales.team.wang, sales.acme.code, from_quote="q000001", now=NOW)
    assert view.order.quote == "Q000001" and view.order.subject == "Office refit"
    assert [(x.product, x.unit_price, x.discount, x.amount) for x in view.lines] == [
        ("PC", D("900.00"), D("10.00"), D("2430.00")),
        ("ERP", D("4000.00"), D("10.00"), D("3600.00")),
    ]
    assert view.order.total == D("6030.00")
    assert view.lines[1].annual_fee == D("800.00") and view.lines[1].service_end is not None
    assert [o.code for o in order_lists.orders_for_quote(quote_id)] == [view.order.code]


def test_a_quote_becomes_one_live_order_unless_again(sales: Sales) -> None:
    make_quote(sales.acme.code)
    first = orders.add_order(sales.team.wang, sales.acme.code, from_quote="Q000001", now=NOW)
    with pytest.raises(Conflict, match="already became order SO000001"):
        orders.add_order(sales.team.wang, sales.acme.code, from_quote="Q000001", now=NOW)
    again = orders.add_order(
        sales.team.wang, sales.acme.code, from_quote="Q000001", again=True, now=NOW
    )
    assert again.order.code == "SO000002"
    order_flow.cancel_order(sales.team.wang, first.order.code, "wrong", now=NOW)
    order_flow.cancel_order(sales.team.wang, again.order.code, "wrong", now=NOW)
    # Once every order from it is cancelled, the quote may become an order again.
    assert orders.add_order(sales.team.wang, sales.acme.code, from_quote="Q000001", now=NOW)


def test_quote_of_another_customer_is_refused(sales: Sales) -> None:
    make_quote(sales.other.code)
    with pytest.raises(InvalidInput, match="not a quote of customer"):
        orders.add_order(sales.team.admin, sales.acme.code, from_quote="Q000001", now=NOW)
    with pytest.raises(NotFound, match="no quote"):
        orders.add_order(sales.team.wang, sales.acme.code, from_quote="Q000404", now=NOW)
    assert sm.SalesOrder.select().count() == 0


@pytest.mark.parametrize(
    ("lines", "kwargs", "error"),
    [
        (["NOPE:1"], {}, NotFound),
        (["PC:0"], {}, InvalidInput),
        (["PC:-1"], {}, InvalidInput),
        (["PC:1:10:101%"], {}, InvalidInput),
        (["PC"], {}, InvalidInput),
        (["PC:1"], {"due": "2026-10-01", "signed": "2026-10-05"}, InvalidInput),
        (["PC:1"], {"due": "someday"}, InvalidInput),
        (["PC:1"], {"installments": 2, "plan": "+1m:1000"}, InvalidInput),
    ],
)
def test_bad_order_input_is_refused_and_writes_nothing(
    sales: Sales, lines: list[str], kwargs: dict[str, object], error: type[Exception]
) -> None:
    with pytest.raises(error):
        orders.add_order(sales.team.wang, sales.acme.code, lines=lines, now=NOW, **kwargs)  # type: ignore[arg-type]
    assert sm.SalesOrder.select().count() == 0 and sm.OrderLine.select().count() == 0


def test_orders_follow_customer_visibility(sales: Sales) -> None:
    code = sales.order()
    with pytest.raises(NotFound):
        orders.get_order(sales.team.chen, code, now=NOW)
    with pytest.raises(NotFound):
        orders.add_order(sales.team.chen, sales.acme.code, lines=["PC:1"], now=NOW)
    assert orders.get_order(sales.team.li, code, now=NOW).order.code == code
    assert [o.code for o in order_lists.list_orders(sales.team.chen, now=NOW)] == []
    assert [o.code for o in order_lists.list_orders(sales.team.admin, now=NOW)] == [code]


def test_list_filters_by_customer_and_status(sales: Sales) -> None:
    first = sales.order()
    second = sales.approved()
    admin = sales.team.admin
    assert [o.code for o in order_lists.list_orders(admin, status="approved", now=NOW)] == [second]
    assert [o.code for o in order_lists.list_orders(admin, status="draft", now=NOW)] == [first]
    assert order_lists.list_orders(admin, customer=sales.other.code, now=NOW) == []
    with pytest.raises(InvalidInput, match="unknown status"):
        order_lists.list_orders(admin, status="paid", now=NOW)


def test_workflow_submit_approve_locks_the_order(sales: Sales) -> None:
    code = sales.order()
    submitted = order_flow.submit_order(sales.team.wang, code, now=NOW)
    assert submitted.order.status == "submitted"
    with pytest.raises(Locked):
        orders.edit_order(sales.team.wang, code, subject="x", now=NOW)
    approved = order_flow.approve_order(sales.team.li, code, now=NOW)
    assert (approved.order.status, approved.order.decided_by) == ("approved", "li")
    with pytest.raises(Locked, match="approved"):
        orders.edit_order(sales.team.admin, code, lines=["PC:1"], now=NOW)
    with pytest.raises(InvalidInput, match="not submitted"):
        order_flow.approve_order(sales.team.li, code, now=NOW)


def test_sales_user_may_not_approve_even_their_own_order(sales: Sales) -> None:
    code = sales.order()
    order_flow.submit_order(sales.team.wang, code, now=NOW)
    with pytest.raises(PermissionDenied):
        order_flow.approve_order(sales.team.wang, code, now=NOW)
    with pytest.raises(PermissionDenied):
        order_flow.reject_order(sales.team.wang, code, "no", now=NOW)
    with pytest.raises(NotFound):  # chen does not even see it
        order_flow.approve_order(sales.team.chen, code, now=NOW)
    assert orders.get_order(sales.team.admin, code, now=NOW).order.status == "submitted"
    assert order_flow.approve_order(sales.team.admin, code, now=NOW).order.status == "approved"


def test_reject_then_edit_and_resubmit(sales: Sales) -> None:
    code = sales.order()
    order_flow.submit_order(sales.team.wang, code, now=NOW)
    with pytest.raises(InvalidInput, match="reason"):
        order_flow.reject_order(sales.team.li, code, "  ", now=NOW)
    rejected = order_flow.reject_order(sales.team.li, code, "price too low", now=NOW)
    assert (rejected.order.status, rejected.order.reject_reason) == ("rejected", "price too low")
    edited = orders.edit_order(sales.team.wang, code, lines=["PC:3"], due="+1m", now=NOW)
    assert edited.order.total == D("3000.00") and edited.order.due == dt.date(2026, 12, 2)
    assert order_flow.submit_order(sales.team.wang, code, now=NOW).order.status == "submitted"


def test_customer_totals_count_approved_orders_only(sales: Sales) -> None:
    sales.order(None, "PC:5")  # a draft counts for nothing
    code = sales.approved("PC:2", signed="2026-10-20")
    row = customer_row(sales.acme.code)
    assert (row.total_ordered, row.total_received, row.balance_owed) == (
        D("2000.00"), D("0.00"), D("2000.00"),
    )  # fmt: skip
    assert row.last_order == dt.date(2026, 10, 20)
    payments.record_payment(sales.team.wang, code, "500", now=NOW)
    row = customer_row(sales.acme.code)
    assert (row.total_received, row.balance_owed) == (D("500.00"), D("1500.00"))


def test_cancel_rules(sales: Sales) -> None:
    draft = sales.order()
    cancelled = order_flow.cancel_order(sales.team.wang, draft, "customer withdrew", now=NOW)
    assert cancelled.order.status == "cancelled"
    with pytest.raises(InvalidInput, match="cancelled already"):
        order_flow.cancel_order(sales.team.wang, draft, "again", now=NOW)
    approved = sales.approved()
    with pytest.raises(PermissionDenied):
        order_flow.cancel_order(sales.team.wang, approved, "oops", now=NOW)
    payments.record_payment(sales.team.wang, approved, "1", now=NOW)
    with pytest.raises(Locked, match=r"has received 1\.00"):
        order_flow.cancel_order(sales.team.li, approved, "oops", now=NOW)
    other = sales.approved()
    order_flow.cancel_order(sales.team.li, other, "duplicate", now=NOW)
    assert customer_row(sales.acme.code).total_ordered == D("2000.00")


def test_edit_needs_a_change_and_respects_dates(sales: Sales) -> None:
    code = sales.order()
    with pytest.raises(InvalidInput, match="nothing to change"):
        orders.edit_order(sales.team.wang, code, now=NOW)
    with pytest.raises(InvalidInput, match="before the signing date"):
        orders.edit_order(sales.team.wang, code, signed="2026-11-01", due="2026-10-01", now=NOW)
    assert orders.get_order(sales.team.wang, code, now=NOW).order.signed is None
