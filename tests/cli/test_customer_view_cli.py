"""`crm customer show`: the related sections of the 360 view, as text and JSON."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from crm_cli.store import domains
from crm_cli.store.activity import models as am
from crm_cli.store.core import models as m
from crm_cli.store.customers import models as cm
from crm_cli.store.overview import related
from crm_cli.store.sales import models as sm
from tests.cli.conftest import Crm

NOW = dt.datetime(2026, 11, 20, 10, 0)
D = Decimal


def fill(crm: Crm, code: str, orders: int = 1) -> None:
    """Sales rows for ``code`` written straight into the tables, as the other nouns write them."""
    domains.open_store(crm.db_url)  # the same database the commands use, in this process
    customer = cm.Customer.get(cm.Customer.code == code)
    owner = m.User.get(m.User.login == "wang").id
    person = cm.Contact.get(cm.Contact.customer == customer.id)
    am.Activity.create(
        customer=customer.id, contact=person.id, user=owner, method="visit", started_at=NOW,
        summary="上门演示系统", result="continue", next_date=dt.date(2026, 12, 1),
        created_at=NOW, updated_at=NOW,
    )  # fmt: skip
    quote = sm.Quote.create(
        code="Q000001", customer=customer.id, subject="ERP 报价", total=D("0.30"), audited=True,
        created_at=NOW, updated_at=NOW,
    )  # fmt: skip
    for n in range(1, orders + 1):
        at = NOW - dt.timedelta(days=n - 1)
        order = sm.SalesOrder.create(
            code=f"SO{n:06d}", customer=customer.id, quote=quote.id if n == 1 else None,
            owner=owner, status="approved", signed=at.date(), due=dt.date(2026, 12, 31),
            total=D("0.30"), received=D("0.10"), created_at=at, updated_at=at,
        )  # fmt: skip
        sm.Payment.create(
            code=f"R{n:06d}", order=order.id, amount=D("0.10"), paid_on=at.date(),
            method="转账", created_at=at,
        )  # fmt: skip


def setup(staff: Crm) -> str:
    code = str(staff.add("中兴通讯", user="wang")["code"])
    staff.ok("contact", "add", code, "张伟", user="wang")
    staff.ok("opportunity", "add", code, "--amount", "88000", "-p", "60", "--product", "ERP",
             user="wang")  # fmt: skip
    return code


def test_json_has_every_related_kind_with_exact_money(staff: Crm) -> None:
    code = setup(staff)
    fill(staff, code)
    view = staff.json("customer", "show", code, user="wang")
    assert (
        view["records"][0]["summary"] == "上门演示系统" and view["records"][0]["contact"] == "张伟"
    )
    assert view["opportunities"][0]["code"] == "OP000001"
    assert view["quotes"][0] == {
        "code": "Q000001", "date": "2026-11-20", "subject": "ERP 报价", "total": 0.3,
        "valid_until": None, "audited": True, "order": "SO000001",
    }  # fmt: skip
    order = view["orders"][0]
    assert (order["total"], order["received"], order["balance"]) == (0.3, 0.1, 0.2)
    assert view["receipts"][0]["order"] == "SO000001" and view["receipts"][0]["amount"] == 0.1
    assert view["services"] == [] and view["evaluations"] == []
    raw = staff.ok("customer", "show", code, "-f", "json", user="wang").stdout
    assert '"balance": 0.20' in raw and '"total": 0.30' in raw


def test_text_prints_each_section_after_the_contacts(staff: Crm) -> None:
    code = setup(staff)
    fill(staff, code)
    out = staff.ok("customer", "show", code, "-f", "plain", user="wang").stdout
    titles = ["Contacts (1)", "Contact records (1)", "Opportunities (1)", "Quotes (1)",
              "Orders (1)", "Receipts (1)", "Log ("]  # fmt: skip
    positions = [out.index(title) for title in titles]
    assert positions == sorted(positions)
    orders = out[out.index("Orders (1)") : out.index("Receipts (1)")]
    assert orders.splitlines()[1].split() == [
        "code", "kind", "status", "signed", "due", "total", "received", "balance", "settled",
    ]  # fmt: skip
    assert "0.30" in orders and "0.10" in orders and "0.20" in orders
    assert "88000.00" in out and "上门演示系统" in out
    assert "Services" not in out and "Evaluations" not in out


def test_a_long_history_says_only_the_latest_are_shown(staff: Crm) -> None:
    code = setup(staff)
    fill(staff, code, orders=related.LIMIT + 3)
    out = staff.ok("customer", "show", code, "-f", "plain", user="wang").stdout
    assert f"Orders (latest {related.LIMIT})" in out
    assert f"Receipts (latest {related.LIMIT})" in out and "Quotes (1)" in out
    assert len(staff.json("customer", "show", code, user="wang")["orders"]) == related.LIMIT


def test_others_cannot_see_the_view(staff: Crm) -> None:
    code = setup(staff)
    fill(staff, code)
    staff.fails(4, "customer", "show", code, user="chen")
    assert staff.json("customer", "show", code, user="li")["orders"][0]["code"] == "SO000001"


def test_demo_customers_fill_every_section(crm: Crm) -> None:
    crm.ok("demo", "--size", "60", "--seed", "4")
    shown = 0
    for customer in crm.customers("--owner", "wang"):
        view = crm.json("customer", "show", customer["code"], user="wang")
        kinds = ("records", "opportunities", "quotes", "orders", "receipts")
        if all(view[kind] for kind in kinds):
            out = crm.ok("customer", "show", customer["code"], "-f", "plain", user="wang").stdout
            for title in ("Contact records (", "Opportunities (", "Quotes (", "Orders (",
                          "Receipts (", "Log ("):  # fmt: skip
                assert title in out
            shown += 1
    assert shown >= 1
