"""VAT on quote and order lines (issue 17, point 3; SPEC PRD-2): the arithmetic, the rate a
line gets, totals, documents that keep their rates, and the amounts everything else reads
(the customer's totals, receipts) unchanged. Real SQLite databases (the ``team`` fixture)."""

from __future__ import annotations

import datetime as dt
import io
import random
import sqlite3
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest

from crm_cli.store import domains
from crm_cli.store.core import db, settings, users
from crm_cli.store.core.errors import InvalidInput
from crm_cli.store.customers import customers
from crm_cli.store.customers import models as cm
from crm_cli.store.imports import engine
from crm_cli.store.sales import order_flow, orders, payments, products, quotes, renewals, tax
from tests.conftest import Team, sqlite_url

NOW = dt.datetime(2026, 11, 23, 9, 0)
D = Decimal
CENT = D("0.01")
FIXTURES = Path(__file__).parent.parent / "fixtures" / "migrations"


@pytest.fixture
def shop(team: Team) -> Team:
    add = products.add_product
    add(team.admin, "SRV", "服务器", {"price": "11300", "unit": "台"}, now=NOW)  # team rate
    add(team.admin, "SVC", "实施服务", {"price": "1000", "tax_rate": "6"}, now=NOW)
    add(team.admin, "BOOK", "图书", {"price": "9.99", "tax_rate": "9%"}, now=NOW)
    add(team.admin, "FEE", "年费软件", {"price": "5000", "annual_fee": "1060"}, now=NOW)
    customers.add_customer(team.wang, "杭州东山科技", now=NOW)
    settings.set_setting(team.admin, "payment.recorders", "manager,admin,owner")
    return team


def _half_up(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


# -- the arithmetic ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("base", "rate", "gross", "amount", "vat"),
    [
        ("11300.00", "13", True, "11300.00", "1300.00"),  # 11300 / 1.13 = 10000
        ("2700.00", "6", True, "2700.00", "152.83"),  # 2547.1698 → 2547.17
        ("10000.00", "13", False, "11300.00", "1300.00"),
        ("0.05", "10", False, "0.06", "0.01"),  # 0.005 rounds half up
        ("0.04", "10", False, "0.04", "0.00"),  # 0.004 rounds down
        ("1.05", "5", True, "1.05", "0.05"),  # 1.05 / 1.05 = 1.00 exactly
        ("99.99", "0", True, "99.99", "0.00"),
        ("99.99", "100", False, "199.98", "99.99"),
        ("0.00", "13", True, "0.00", "0.00"),
    ],
)
def test_line_tax_rounds_half_up_to_the_fen(
    base: str, rate: str, gross: bool, amount: str, vat: str
) -> None:
    assert tax.line_tax(D(base), D(rate), gross) == (D(amount), D(vat))


def test_tax_cents_agree_with_decimal_half_up_and_always_add_up() -> None:
    rng = random.Random(17)
    for _ in range(20_000):
        base = rng.randint(0, 10**14)
        rate = rng.choice((0, 300, 600, 900, 1300, rng.randint(0, 10_000)))
        amount, vat = tax.tax_cents(base, rate, True)
        net = _half_up(D(base) / 100 / (1 + D(rate) / 10_000))
        assert (amount, amount - vat) == (base, int(net * 100))
        amount, vat = tax.tax_cents(base, rate, False)
        assert vat == int(_half_up(D(base) / 100 * D(rate) / 10_000) * 100)
        assert amount == base + vat


@pytest.mark.parametrize(
    ("text", "rate"),
    [("13", "13"), ("13%", "13"), (" 9.5 % ", "9.5"), ("0", "0"), ("100", "100"),
     ("6.00", "6"), ("-0", "0"), ("1e1", "10")],
)  # fmt: skip
def test_parse_tax_rate(text: str, rate: str) -> None:
    assert str(tax.parse_tax_rate(text)) == rate


@pytest.mark.parametrize(
    ("text", "why"),
    [("101", "from 0% to 100%"), ("-1", "from 0% to 100%"), ("100.01", "from 0% to 100%"),
     ("abc", "like 13"), ("", "like 13"), ("13.125", "two decimals"), ("nan", "two decimals"),
     ("inf", "two decimals"), ("十三", "like 13")],
)  # fmt: skip
def test_bad_tax_rates_are_refused(text: str, why: str) -> None:
    with pytest.raises(InvalidInput, match=why):
        tax.parse_tax_rate(text)


# -- quotes and orders ------------------------------------------------------------------


def test_each_line_takes_its_products_rate_else_the_teams(shop: Team) -> None:
    q = quotes.add_quote(shop.wang, "C000001", ["SRV:2", "SVC:3::10%", "BOOK:7"], now=NOW)
    lines = q.lines or ()
    assert [(x.tax_rate, x.amount, x.tax) for x in lines] == [
        (D("13"), D("22600.00"), D("2600.00")),
        (D("6"), D("2700.00"), D("152.83")),
        (D("9"), D("69.93"), D("5.77")),  # 69.93 / 1.09 = 64.1559… → 64.16
    ]
    # Totals are the sums of the rounded lines; the total is what the customer pays.
    assert (q.amount_excl_tax, q.tax, q.amount_incl_tax) == (D("22611.33"), D("2758.60"),
                                                             D("25369.93"))  # fmt: skip
    assert q.total == q.amount_incl_tax == sum(x.amount for x in lines)
    assert q.to_dict()["lines"][1]["amount_excl_tax"] == D("2547.17")


def test_prices_excluding_vat_get_it_added(shop: Team) -> None:
    settings.set_setting(shop.admin, "tax.prices_include", "false")
    q = quotes.add_quote(shop.wang, "C000001", ["SRV:1:10000", "SVC:1"], now=NOW)
    assert [(x.amount, x.tax) for x in q.lines or ()] == [
        (D("11300.00"), D("1300.00")), (D("1060.00"), D("60.00")),
    ]  # fmt: skip
    assert (q.amount_excl_tax, q.tax, q.total) == (D("11000.00"), D("1360.00"), D("12360.00"))


def test_later_rate_changes_never_alter_a_document(shop: Team) -> None:
    quotes.add_quote(shop.wang, "C000001", ["SRV:1", "SVC:1"], now=NOW)
    before = quotes.get_quote(shop.wang, "Q000001")
    settings.set_setting(shop.admin, "tax.rate", "9")
    settings.set_setting(shop.admin, "tax.prices_include", "false")
    products.edit_product(shop.admin, "SVC", {"tax_rate": "13"}, now=NOW)
    assert quotes.get_quote(shop.wang, "Q000001") == before
    # New lines take the new rates; an empty rate gives a product the team's back.
    products.edit_product(shop.admin, "SVC", {"tax_rate": ""}, now=NOW)
    q = quotes.add_quote(shop.wang, "C000001", ["SRV:1:10000", "SVC:1:1000"], now=NOW)
    assert [(x.tax_rate, x.tax) for x in q.lines or ()] == [(D("9"), D("900.00")),
                                                             (D("9"), D("90.00"))]  # fmt: skip


def test_tax_rate_option_puts_every_line_at_one_rate(shop: Team) -> None:
    q = quotes.add_quote(shop.wang, "C000001", ["SRV:1", "SVC:1"], tax_rate="0", now=NOW)
    assert [(x.tax_rate, x.tax) for x in q.lines or ()] == [(D("0"), D("0.00"))] * 2
    q = quotes.edit_quote(shop.wang, "Q000001", {}, tax_rate="6%", now=NOW)
    assert [(x.tax_rate, x.amount, x.tax) for x in q.lines or ()] == [
        (D("6"), D("11300.00"), D("639.62")), (D("6"), D("1000.00"), D("56.60")),
    ]  # fmt: skip
    assert q.total == D("12300.00")  # prices include VAT: what the customer pays stays


@pytest.mark.parametrize("rate", ["101", "-5", "abc", "12.345"])
def test_a_bad_rate_writes_nothing(shop: Team, rate: str) -> None:
    quotes.add_quote(shop.wang, "C000001", ["SRV:1"], now=NOW)
    before = quotes.get_quote(shop.wang, "Q000001")
    with pytest.raises(InvalidInput, match="invalid VAT rate"):
        quotes.add_quote(shop.wang, "C000001", ["SRV:1"], tax_rate=rate, now=NOW)
    with pytest.raises(InvalidInput, match="invalid VAT rate"):
        quotes.edit_quote(shop.wang, "Q000001", {"subject": "x"}, tax_rate=rate, now=NOW)
    with pytest.raises(InvalidInput, match="invalid VAT rate"):
        orders.add_order(shop.wang, "C000001", lines=["SRV:1"], tax_rate=rate, now=NOW)
    with pytest.raises(InvalidInput, match="invalid VAT rate"):
        products.edit_product(shop.admin, "SRV", {"tax_rate": rate}, now=NOW)
    with pytest.raises(InvalidInput, match="invalid VAT rate"):
        settings.set_setting(shop.admin, "tax.rate", rate)
    assert quotes.get_quote(shop.wang, "Q000001") == before
    assert [q.code for q in quotes.list_quotes(shop.wang)] == ["Q000001"]
    assert products.get_product(shop.admin, "SRV").tax_rate is None
    assert settings.get_setting(shop.admin, "tax.rate") == "13"
    with pytest.raises(InvalidInput, match="true or false"):
        settings.set_setting(shop.admin, "tax.prices_include", "maybe")


def test_an_order_copies_the_quotes_rates_and_receivables_read_its_total(shop: Team) -> None:
    quotes.add_quote(shop.wang, "C000001", ["SRV:1", "SVC:3::10%"], now=NOW)
    settings.set_setting(shop.admin, "tax.rate", "0")  # too late for the quote's lines
    view = orders.add_order(shop.wang, "C000001", from_quote="Q000001", now=NOW)
    assert [(x.tax_rate, x.tax) for x in view.lines] == [(D("13"), D("1300.00")),
                                                         (D("6"), D("152.83"))]  # fmt: skip
    assert view.tax_totals() == (D("12547.17"), D("1452.83"), D("14000.00"))
    assert view.to_dict()["amount_incl_tax"] == view.order.total == D("14000.00")
    order_flow.submit_order(shop.wang, view.order.code, now=NOW)
    order_flow.approve_order(shop.li, view.order.code, now=NOW)
    customer = cm.Customer.get(cm.Customer.code == "C000001")
    assert customer.total_ordered == customer.balance_owed == D("14000.00")
    payments.record_payment(shop.wang, view.order.code, "14000", now=NOW)
    assert orders.get_order(shop.wang, view.order.code).order.settled


def test_editing_an_orders_rate_re_plans_its_total(shop: Team) -> None:
    settings.set_setting(shop.admin, "tax.prices_include", "false")
    view = orders.add_order(shop.wang, "C000001", lines=["SVC:1"], installments=2, now=NOW)
    assert view.order.total == D("1060.00")
    view = orders.edit_order(shop.wang, view.order.code, tax_rate="13", now=NOW)
    assert (view.order.total, view.lines[0].tax) == (D("1130.00"), D("130.00"))
    assert sum(x.amount for x in view.plan) == D("1130.00") and len(view.plan) == 2


def test_a_renewal_keeps_the_rate_of_the_line_it_renews(shop: Team) -> None:
    view = orders.add_order(shop.wang, "C000001", lines=["FEE:1"], tax_rate="6", now=NOW)
    order_flow.submit_order(shop.wang, view.order.code, now=NOW)
    order_flow.approve_order(shop.li, view.order.code, now=NOW)
    fee = renewals.renew_service(shop.li, view.order.code, years=2, now=NOW)
    assert [(x.amount, x.tax_rate, x.tax) for x in fee.lines] == [(D("2120.00"), D("6"),
                                                                   D("120.00"))]  # fmt: skip


def test_imported_quote_lines_are_priced_with_vat_as_typed_ones(shop: Team) -> None:
    data = io.BytesIO(b"quote,customer,product,quantity,price,discount\n"
                      b"A-1,C000001,SRV,2,,\nA-1,C000001,SVC,3,,10%\n")  # fmt: skip
    engine.import_file(shop.wang, "quotes", "-", data=data, now=NOW)
    typed = quotes.add_quote(shop.wang, "C000001", ["SRV:2", "SVC:3::10%"], now=NOW)
    imported = quotes.get_quote(shop.wang, "A-1")
    assert [(x.tax_rate, x.tax, x.amount) for x in imported.lines or ()] == [
        (x.tax_rate, x.tax, x.amount) for x in typed.lines or ()
    ]
    assert (imported.tax, imported.total) == (typed.tax, typed.total) == (D("2752.83"),
                                                                          D("25300.00"))  # fmt: skip


# -- old databases ----------------------------------------------------------------------


def test_lines_written_before_vat_have_rate_zero_and_keep_their_totals(tmp_path: Path) -> None:
    (dump,) = FIXTURES.glob("0014_*.sql")  # a database written just before VAT (0015)
    path = tmp_path / "old.db"
    con = sqlite3.connect(path)
    con.executescript(dump.read_text(encoding="utf-8"))
    totals = dict(con.execute("SELECT code, total FROM quote").fetchall())
    con.close()
    assert totals, f"{dump.name} has no quotes"
    domains.open_store(sqlite_url(path))
    try:
        admin = users.resolve_actor("admin")
        for code, cents in totals.items():
            q = quotes.get_quote(admin, code)
            assert q.total == q.amount_incl_tax == q.amount_excl_tax == D(cents) / 100
            assert q.tax == 0 and all(x.tax_rate == 0 and x.tax == 0 for x in q.lines or ())
        assert all(p.tax_rate is None for p in products.list_products(admin))
    finally:
        db.close_store()


def test_the_same_on_every_backend(any_team: Team) -> None:
    """Rates and taxes round-trip exactly on SQLite, PostgreSQL and MariaDB."""
    products.add_product(any_team.admin, "SVC", "实施服务", {"price": "1000", "tax_rate": "9.5"})
    customers.add_customer(any_team.wang, "杭州东山科技", now=NOW)
    quotes.add_quote(any_team.wang, "C000001", ["SVC:3::10%"], now=NOW)
    view = orders.add_order(any_team.wang, "C000001", from_quote="Q000001", now=NOW)
    assert [(x.tax_rate, x.tax) for x in view.lines] == [(D("9.5"), D("234.25"))]
    assert view.tax_totals() == (D("2465.75"), D("234.25"), D("2700.00"))
    assert products.get_product(any_team.admin, "SVC").tax_rate == D("9.5")
