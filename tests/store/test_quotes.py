"""Quotes in the store (QUO-1): pricing, totals, visibility, audit lock, edit, delete, log."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from crm_cli.store.core.errors import Conflict, InvalidInput, Locked, NotFound, PermissionDenied
from crm_cli.store.core.oplog import entries_for_customer
from crm_cli.store.customers import contacts, customers
from crm_cli.store.sales import models as sm
from crm_cli.store.sales import pricebooks, products, quotes
from tests.conftest import Team

NOW = dt.datetime(2026, 11, 23, 9, 0)


@pytest.fixture
def shop(team: Team) -> Team:
    return _stock(team)


def _stock(team: Team) -> Team:
    add = products.add_product
    add(
        team.admin,
        "ERP",
        "东山ERP",
        {"price": "12800", "unit": "套", "annual_fee": "1800"},
        now=NOW,
    )
    add(team.admin, "SVC", "实施服务", {"price": "800.00", "unit": "人天"}, now=NOW)
    customers.add_customer(team.wang, "杭州东山科技", {"level": "VIP", "city": "杭州"}, now=NOW)
    customers.add_customer(team.chen, "陈的客户", now=NOW)
    contacts.add_contact(team.wang, "C000001", "张伟", {"mobile": "13800138000"}, now=NOW)
    return team


def test_lines_take_list_price_own_price_and_discount(any_team: Team) -> None:
    team = _stock(any_team)
    q = quotes.add_quote(
        team.wang, "C000001", ["ERP:2", "svc:10:750:5%", "SVC:0.125::12.5"],
        {"subject": "年度采购", "contact": "张伟", "valid_until": "+30d"}, now=NOW,
    )  # fmt: skip
    assert (q.code, q.customer, q.contact, q.handler, q.subject) == (
        "Q000001",
        "C000001",
        "张伟",
        "wang",
        "年度采购",
    )
    assert q.valid_until == dt.date(2026, 12, 23)
    amounts = [
        (line.product, line.unit_price, line.discount, line.amount) for line in q.lines or ()
    ]
    assert amounts == [
        ("ERP", Decimal("12800.00"), Decimal("0.00"), Decimal("25600.00")),
        ("SVC", Decimal("750.00"), Decimal("5.00"), Decimal("7125.00")),
        ("SVC", Decimal("800.00"), Decimal("12.50"), Decimal("87.50")),
    ]
    assert q.total == Decimal("32812.50")
    assert q.lines and q.lines[0].annual_fee == Decimal("1800.00")
    assert quotes.get_quote(team.wang, "Q000001", now=NOW).total == Decimal("32812.50")


def test_price_book_of_the_customer_group_or_named(shop: Team) -> None:
    pricebooks.add_pricebook(shop.admin, "VIP价", "VIP", now=NOW)
    pricebooks.set_price(shop.admin, "VIP价", "ERP", "9800", now=NOW)
    pricebooks.add_pricebook(shop.admin, "特价", now=NOW)
    pricebooks.set_price(shop.admin, "特价", "ERP", "8000", now=NOW)
    group = quotes.add_quote(shop.wang, "C000001", ["ERP:1", "SVC:1"], now=NOW)
    assert [line.unit_price for line in group.lines or ()] == [
        Decimal("9800.00"),
        Decimal("800.00"),
    ]
    named = quotes.add_quote(shop.wang, "C000001", ["ERP:1"], pricebook="特价", now=NOW)
    assert (named.pricebook, named.total) == ("特价", Decimal("8000.00"))
    own = quotes.add_quote(shop.wang, "C000001", ["ERP:1:100"], now=NOW)
    assert own.total == Decimal("100.00")


@pytest.mark.parametrize(
    ("lines", "fields", "error", "message"),
    [
        (["NOPE:1"], {}, NotFound, "no product 'NOPE'"),
        (["ERP:0"], {}, InvalidInput, "must be more than zero"),
        (["ERP:-2"], {}, InvalidInput, "must be more than zero"),
        (["ERP:1::101"], {}, InvalidInput, "between 0% and 100%"),
        (["ERP"], {}, InvalidInput, "PRODUCT:QTY"),
        ([], {}, InvalidInput, "at least one line"),
        (["ERP:1"], {"valid_until": "2026-11-22"}, InvalidInput, "before today"),
        (["ERP:1"], {"contact": "李四"}, NotFound, "no contact"),
        (["ERP:1"], {"handler": "nobody"}, NotFound, "no user"),
        (["ERP:1"], {"colour": "red"}, InvalidInput, "unknown quote field"),
    ],
)
def test_bad_input_is_refused_and_nothing_changes(
    shop: Team, lines, fields, error, message
) -> None:
    with pytest.raises(error, match=message):
        quotes.add_quote(shop.wang, "C000001", lines, fields, now=NOW)
    assert sm.Quote.select().count() == 0 and sm.QuoteLine.select().count() == 0


def test_unknown_customer_and_visibility(shop: Team) -> None:
    with pytest.raises(NotFound):
        quotes.add_quote(shop.wang, "C000099", ["ERP:1"], now=NOW)
    with pytest.raises(NotFound):  # chen's customer is invisible to wang
        quotes.add_quote(shop.wang, "C000002", ["ERP:1"], now=NOW)
    quotes.add_quote(shop.chen, "C000002", ["ERP:1"], now=NOW)
    quotes.add_quote(shop.wang, "C000001", ["ERP:1"], now=NOW)
    assert [q.customer for q in quotes.list_quotes(shop.wang, now=NOW)] == ["C000001"]
    assert [q.customer for q in quotes.list_quotes(shop.li, now=NOW)] == ["C000001"]
    assert {q.customer for q in quotes.list_quotes(shop.admin, now=NOW)} == {"C000001", "C000002"}
    with pytest.raises(NotFound):
        quotes.get_quote(shop.wang, "Q000001", now=NOW)


def test_audit_locks_and_only_managers_or_admins_audit(shop: Team) -> None:
    quotes.add_quote(shop.wang, "C000001", ["ERP:1"], now=NOW)
    with pytest.raises(PermissionDenied):
        quotes.audit_quote(shop.wang, "Q000001", now=NOW)
    audited = quotes.audit_quote(shop.li, "Q000001", now=NOW)
    assert (audited.audited, audited.audited_by) == (True, "li")
    with pytest.raises(Locked):
        quotes.edit_quote(shop.wang, "Q000001", {"subject": "x"}, now=NOW)
    with pytest.raises(Locked):
        quotes.edit_quote(shop.admin, "Q000001", {}, ["ERP:2"], now=NOW)
    with pytest.raises(Locked):
        quotes.delete_quote(shop.wang, "Q000001", now=NOW)
    with pytest.raises(InvalidInput, match="already audited"):
        quotes.audit_quote(shop.admin, "Q000001", now=NOW)
    with pytest.raises(PermissionDenied):
        quotes.unaudit_quote(shop.wang, "Q000001", now=NOW)
    quotes.unaudit_quote(shop.admin, "Q000001", now=NOW)
    assert quotes.edit_quote(shop.wang, "Q000001", {"subject": "x"}, now=NOW).subject == "x"


def test_edit_replaces_lines_and_recomputes_the_total(shop: Team) -> None:
    quotes.add_quote(shop.wang, "C000001", ["ERP:1", "SVC:2"], now=NOW)
    q = quotes.edit_quote(
        shop.wang, "Q000001", {"valid_until": "2026-12-31", "handler": "zhao", "contact": "张伟"},
        ["SVC:3:700"], now=NOW,
    )  # fmt: skip
    assert (q.total, q.handler, q.contact, q.valid_until) == (
        Decimal("2100.00"),
        "zhao",
        "张伟",
        dt.date(2026, 12, 31),
    )
    assert [(line.position, line.product) for line in q.lines or ()] == [(1, "SVC")]
    with pytest.raises(InvalidInput, match="nothing to change"):
        quotes.edit_quote(shop.wang, "Q000001", {}, now=NOW)
    with pytest.raises(InvalidInput, match="before today"):
        quotes.edit_quote(shop.wang, "Q000001", {"valid_until": "yesterday"}, now=NOW)
    with pytest.raises(NotFound):
        quotes.edit_quote(shop.wang, "Q000001", {}, ["GONE:1"], now=NOW)
    assert quotes.get_quote(shop.wang, "Q000001", now=NOW).total == Decimal("2100.00")


def test_delete_is_soft_and_refused_while_an_order_uses_it(shop: Team) -> None:
    q = quotes.add_quote(shop.wang, "C000001", ["ERP:1"], now=NOW)
    order = sm.SalesOrder.create(
        code="SO000001", customer=1, quote=q.id, created_at=NOW, updated_at=NOW
    )
    with pytest.raises(Conflict, match="SO000001"):
        quotes.delete_quote(shop.wang, "Q000001", now=NOW)
    assert quotes.get_quote(shop.wang, "Q000001", now=NOW).orders == ("SO000001",)
    order.status = "cancelled"
    order.save()
    quotes.delete_quote(shop.wang, "Q000001", now=NOW)
    assert quotes.list_quotes(shop.wang, now=NOW) == []
    assert [d.code for d in quotes.list_quotes(shop.wang, deleted=True, now=NOW)] == ["Q000001"]
    assert quotes.get_quote(shop.wang, "Q000001", now=NOW).deleted is True
    with pytest.raises(NotFound):
        quotes.quote_lines(shop.wang, "Q000001", now=NOW)


def test_every_change_is_in_the_customer_log(shop: Team) -> None:
    quotes.add_quote(shop.wang, "C000001", ["ERP:1"], now=NOW)
    quotes.edit_quote(shop.wang, "Q000001", {"subject": "新"}, now=NOW)
    quotes.audit_quote(shop.li, "Q000001", now=NOW)
    quotes.unaudit_quote(shop.li, "Q000001", now=NOW)
    quotes.delete_quote(shop.wang, "Q000001", now=NOW)
    log = [(e.entity, e.action) for e in entries_for_customer(1) if e.entity == "quote"]
    assert log == [("quote", a) for a in ("delete", "unaudit", "audit", "edit", "add")]


def test_quote_lines_and_document_for_other_helpers(shop: Team) -> None:
    quotes.add_quote(shop.wang, "C000001", ["ERP:2", "SVC:1"], {"contact": "张伟"}, now=NOW)
    lines = quotes.quote_lines(shop.wang, "Q000001", now=NOW)
    assert [(x.product, x.quantity, x.amount) for x in lines] == [
        ("ERP", Decimal("2.000"), Decimal("25600.00")), ("SVC", Decimal("1.000"), Decimal("800.00")),
    ]  # fmt: skip
    assert lines[0].to_dict()["quantity"] == 2
    doc = quotes.quote_document(shop.wang, "Q000001", now=NOW)
    assert (doc.customer_address, doc.contact_phone, doc.handler_name) == (
        "杭州",
        "138 0013 8000",
        "王芳",
    )
