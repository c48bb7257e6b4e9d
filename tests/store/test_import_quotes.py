"""Quotes through the import engine (`crm import quotes`): a quote's rows anywhere in the
file (across the engine's batches), codes kept, the duplicate policies, batches and undo."""

from __future__ import annotations

import datetime as dt
import io
import json
from decimal import Decimal

import pytest

from crm_cli.store.core import models as m
from crm_cli.store.core import readers
from crm_cli.store.core.errors import Conflict, InvalidInput
from crm_cli.store.core.tabular import RowErrors
from crm_cli.store.customers import contacts, customers
from crm_cli.store.imports import engine
from crm_cli.store.imports.batches import iter_batches
from crm_cli.store.imports.records import ImportedRow
from crm_cli.store.imports.undo import undo_batch
from crm_cli.store.sales import models as sm
from crm_cli.store.sales import orders, products, quotes
from tests.conftest import Team

NOW = dt.datetime(2026, 11, 23, 9, 0)
LATER = NOW + dt.timedelta(hours=1)
HEAD = "报价单号,客户,产品,数量,单价,主题,联系人\n"


@pytest.fixture
def shop(team: Team) -> Team:
    add = products.add_product
    add(team.admin, "ERP", "东山ERP", {"price": "12800", "annual_fee": "1800"}, now=NOW)
    add(team.admin, "SVC", "实施服务", {"price": "800"}, now=NOW)
    customers.add_customer(team.wang, "杭州东山科技", now=NOW)
    customers.add_customer(team.chen, "陈的客户", now=NOW)
    contacts.add_contact(team.wang, "C000001", "张伟", now=NOW)
    return team


def _import(
    actor, text: str, policy: str = "fail", ignore_unknown: bool = False, **options
) -> list[ImportedRow]:
    done: list[ImportedRow] = []
    data = io.BytesIO(text.encode("utf-8"))
    settings = engine.Options(policy, ignore_unknown=ignore_unknown)
    engine.import_file(actor, "quotes", "-", data=data, options=settings, now=NOW,
                       each=done.append, **options)  # fmt: skip
    return done


def _lines(actor, ref: str) -> list[tuple[int, str, Decimal]]:
    quote = quotes.get_quote(actor, ref, now=NOW)
    return [(x.position, x.product, x.quantity) for x in quote.lines or ()]


def test_a_quote_whose_rows_span_batches_is_one_quote(shop: Team, monkeypatch) -> None:
    monkeypatch.setattr(readers, "BATCH", 2)
    text = HEAD + (
        "A,C000001,ERP,1,,,\n"
        "B,C000001,SVC,1,,,\n"
        "A,C000001,SVC,2,,首单,\n"  # the subject first given in the second batch
        "A,C000001,SVC,3,,,张伟\n"
        "B,C000001,ERP,2,100,,\n"
    )
    done = _import(shop.wang, text)
    assert [(d.row, d.code, d.name) for d in done] == [(2, "Q000001", "A"), (3, "Q000002", "B")]
    assert _lines(shop.wang, "A") == [(1, "ERP", 1), (2, "SVC", 2), (3, "SVC", 3)]
    a = quotes.get_quote(shop.wang, "A", now=NOW)
    assert (a.subject, a.contact, a.total) == ("首单", "张伟", Decimal("16800.00"))
    log = m.OpLog.select().where(m.OpLog.entity == "quote").order_by(m.OpLog.id)
    assert [json.loads(r.changes) for r in log] == [
        {"code": "Q000001", "ref": "A", "lines": 3, "total": "16800.00", "subject": "首单"},
        {"code": "Q000002", "ref": "B", "lines": 2, "total": "1000.00"},
    ]


def test_a_conflict_in_a_later_batch_is_found(shop: Team, monkeypatch) -> None:
    monkeypatch.setattr(readers, "BATCH", 2)
    text = HEAD + "A,C000001,ERP,1,,首单,\nA,C000001,ERP,1,,,\nA,C000001,ERP,1,,次单,\n"
    with pytest.raises(RowErrors) as caught:
        _import(shop.wang, text)
    assert [str(p) for p in caught.value.problems] == [
        "row 4, column 主题: bad value '次单' (quote A has '首单' on row 2)"
    ]
    assert sm.Quote.select().count() == 0


def test_codes_in_the_file_are_kept_and_group_the_rows(shop: Team) -> None:
    text = "报价单编码,报价单号,客户编号,产品编码,数量\nQ000007,,C000001,ERP,1\nq000007,,C000001,SVC,2\n"
    assert [d.code for d in _import(shop.wang, text)] == ["Q000007"]
    assert _lines(shop.wang, "Q000007") == [(1, "ERP", 1), (2, "SVC", 2)]
    assert quotes.add_quote(shop.wang, "C000001", ["ERP:1"], now=NOW).code == "Q000008"
    with pytest.raises(RowErrors, match="quote Q000007 exists") as caught:
        _import(shop.wang, text)
    assert caught.value.exit_code == 3


def test_skip_leaves_the_quote_and_its_later_lines(shop: Team, monkeypatch) -> None:
    _import(shop.wang, HEAD + "A,C000001,ERP,1,,,\n")
    monkeypatch.setattr(readers, "BATCH", 1)
    done = _import(shop.wang, HEAD + "A,C000001,SVC,1,,,\nN,C000001,SVC,1,,,\nA,C000001,SVC,1,,,\n",
                   "skip")  # fmt: skip
    assert [(d.action, d.name) for d in done] == [("skip", "A"), ("create", "N")]
    assert _lines(shop.wang, "A") == [(1, "ERP", 1)]


def test_update_replaces_the_lines_and_undo_puts_them_back(shop: Team) -> None:
    _import(shop.wang, HEAD + "A,C000001,ERP,2,,首单,\nA,C000001,SVC,1,,,\n")
    done = _import(shop.wang, HEAD + "A,C000001,SVC,5,700,改单,\n", "update")
    assert [(d.action, d.code) for d in done] == [("update", "Q000001")]
    a = quotes.get_quote(shop.wang, "A", now=NOW)
    assert (a.subject, a.total, _lines(shop.wang, "A")) == ("改单", Decimal("3500.00"),
                                                            [(1, "SVC", 5)])  # fmt: skip
    batch = next(iter(iter_batches(shop.wang)))
    assert undo_batch(shop.wang, str(batch.id), now=LATER).restored == 1
    a = quotes.get_quote(shop.wang, "A", now=NOW)
    assert (a.subject, a.total) == ("首单", Decimal("26400.00"))
    assert _lines(shop.wang, "A") == [(1, "ERP", 2), (2, "SVC", 1)]
    with pytest.raises(InvalidInput, match="undone already"):
        undo_batch(shop.wang, str(batch.id), now=LATER)


def test_an_audited_quote_is_not_updated(shop: Team) -> None:
    _import(shop.wang, HEAD + "A,C000001,ERP,1,,,\n")
    quotes.audit_quote(shop.li, "A", now=NOW)
    with pytest.raises(RowErrors, match="audited; un-audit it before changing it") as caught:
        _import(shop.wang, HEAD + "A,C000001,SVC,1,,,\n", "update")
    assert caught.value.exit_code == 3
    with pytest.raises(RowErrors, match="code taken: Q000001 A"):
        _import(shop.wang, HEAD + "A,C000001,SVC,1,,,\n", "create")


def test_undo_deletes_the_quotes_unless_an_order_came_from_one(shop: Team) -> None:
    _import(shop.wang, HEAD + "A,C000001,ERP,1,,,\nB,C000001,SVC,1,,,\n")
    batch = next(iter(iter_batches(shop.wang)))
    orders.add_order(shop.wang, "C000001", from_quote="Q000002", now=LATER)
    with pytest.raises(Conflict, match="changed since: Q000002 B"):
        undo_batch(shop.wang, str(batch.id), now=LATER)
    assert len(quotes.list_quotes(shop.wang)) == 2
    _import(shop.wang, HEAD + "C,C000001,ERP,1,,,\n")
    batch = next(iter(iter_batches(shop.wang)))
    assert undo_batch(shop.wang, str(batch.id), now=LATER).deleted == 1
    assert [q.ref for q in quotes.list_quotes(shop.wang, deleted=True)] == ["C"]


def test_only_customers_the_actor_may_change(shop: Team) -> None:
    with pytest.raises(RowErrors, match="no such customer") as caught:
        _import(shop.wang, HEAD + "Z,C000002,ERP,1,,,\n")
    assert caught.value.exit_code == 1
    assert [d.customer for d in _import(shop.chen, HEAD + "Z,C000002,ERP,1,,,\n")] == ["C000002"]


def test_columns_the_file_must_have(shop: Team) -> None:
    with pytest.raises(InvalidInput, match=r"needs the column\(s\) quote, quantity"):
        _import(shop.wang, "客户,产品\nC000001,ERP\n")
    with pytest.raises(InvalidInput, match="unknown column '颜色'"):
        _import(shop.wang, "报价单号,客户,产品,数量,颜色\nA,C000001,ERP,1,红\n")
    text = "报价单号,客户,产品,数量,颜色\nA,C000001,ERP,1,红\n"
    assert [d.name for d in _import(shop.wang, text, ignore_unknown=True)] == ["A"]
