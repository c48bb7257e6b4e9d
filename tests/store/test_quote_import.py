"""Quote files through the import engine (`crm import quotes`, `crm quote import`): grouping,
pricing, encodings, all-or-nothing, every problem named."""

from __future__ import annotations

import datetime as dt
import io
import json
from decimal import Decimal
from pathlib import Path

import pytest

from crm_cli.store.core import models as m
from crm_cli.store.core import tabular
from crm_cli.store.core.errors import InvalidInput
from crm_cli.store.customers import contacts, customers
from crm_cli.store.customers import models as cm
from crm_cli.store.imports import engine
from crm_cli.store.imports.records import ImportedRow
from crm_cli.store.sales import models as sm
from crm_cli.store.sales import pricebooks, products, quotes
from tests.conftest import Team

NOW = dt.datetime(2026, 11, 23, 9, 0)
CHINESE = (
    "报价单号,客户,产品,数量,单价,折扣,主题,有效期,联系人\n"
    "A-1,杭州东山科技,ERP,2,,,年度采购,2026/12/31,张伟\n"
    "A-1,杭州东山科技,svc,5,700,9折,,,\n"
    "B-2,C000001,SVC,1,,10%,,,\n"
)


def _stock(team: Team) -> Team:
    add = products.add_product
    add(team.admin, "ERP", "东山ERP", {"price": "12800", "annual_fee": "1800"}, now=NOW)
    add(team.admin, "SVC", "实施服务", {"price": "800"}, now=NOW)
    customers.add_customer(team.wang, "杭州东山科技", {"level": "VIP"}, now=NOW)
    customers.add_customer(team.chen, "陈的客户", now=NOW)
    contacts.add_contact(team.wang, "C000001", "张伟", now=NOW)
    return team


@pytest.fixture
def shop(team: Team) -> Team:
    return _stock(team)


def _csv(text: str, encoding: str = "utf-8") -> bytes:
    return text.encode(encoding)


def _import(actor, data: bytes | str, *, dry_run: bool = False, now=NOW) -> list[ImportedRow]:
    """`crm import quotes` of ``data`` (a file's bytes, or its path); its rows."""
    done: list[ImportedRow] = []
    path, source = (data, None) if isinstance(data, str) else ("-", io.BytesIO(data))
    engine.import_file(actor, "quotes", path, data=source, dry_run=dry_run, now=now,
                       each=done.append)  # fmt: skip
    return done


def _total(actor, ref: str) -> tuple[int, Decimal]:
    quote = quotes.get_quote(actor, ref, now=NOW)
    return len(quote.lines or ()), quote.total


def _problems(actor, data: bytes) -> list[str]:
    with pytest.raises(tabular.RowErrors) as caught:
        _import(actor, data)
    assert sm.Quote.select().count() == 0 and sm.QuoteLine.select().count() == 0
    return [str(p) for p in caught.value.problems]


def test_rows_sharing_a_reference_become_one_quote(any_team: Team) -> None:
    team = _stock(any_team)
    done = _import(team.wang, _csv(CHINESE))
    assert [(d.row, d.action, d.code, d.name, d.customer) for d in done] == [
        (2, "create", "Q000001", "A-1", "C000001"),
        (4, "create", "Q000002", "B-2", "C000001"),
    ]
    assert _total(team.wang, "A-1") == (2, Decimal("28750.00"))  # 2 x 12800 + 5 x 700 less 10%
    assert _total(team.wang, "B-2") == (1, Decimal("720.00"))
    q = quotes.get_quote(team.wang, "A-1", now=NOW)
    assert (q.code, q.subject, q.contact, q.valid_until, q.handler) == (
        "Q000001",
        "年度采购",
        "张伟",
        dt.date(2026, 12, 31),
        "wang",
    )
    assert [(x.position, x.product, x.discount) for x in q.lines or ()] == [
        (1, "ERP", Decimal("0.00")),
        (2, "SVC", Decimal("10.00")),
    ]
    assert q.lines and q.lines[0].annual_fee == Decimal("1800.00")
    log = m.OpLog.select().where(m.OpLog.entity == "quote").order_by(m.OpLog.id)
    assert [(r.action, r.entity_id, r.customer_id) for r in log] == [
        ("import", q.id, 1),
        ("import", q.id + 1, 1),
    ]
    # The same JSON oplog.write would store: json.dumps of the changes, CJK unescaped.
    assert [r.changes for r in log] == [
        json.dumps(
            {
                "code": "Q000001",
                "ref": "A-1",
                "lines": 2,
                "total": "28750.00",
                "subject": "年度采购",
            },
            ensure_ascii=False,
        ),
        json.dumps({"code": "Q000002", "ref": "B-2", "lines": 1, "total": "720.00"}),
    ]
    # One block from the sequence: the next quote continues after it.
    assert quotes.add_quote(team.wang, "C000001", ["ERP:1"], now=NOW).code == "Q000003"


def test_price_book_of_the_customer_group_applies_to_empty_prices(shop: Team) -> None:
    pricebooks.add_pricebook(shop.admin, "VIP价", "VIP", now=NOW)
    pricebooks.set_price(shop.admin, "VIP价", "ERP", "9800", now=NOW)
    _import(shop.wang, _csv("quote,customer,product,quantity\nX,C000001,ERP,1\n"))
    assert _total(shop.wang, "X") == (1, Decimal("9800.00"))


def test_gbk_file_is_detected_not_read_as_mojibake(shop: Team) -> None:
    data = CHINESE.encode("gbk")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")  # the premise: these bytes are not UTF-8
    assert _import(shop.wang, data)[0].customer == "C000001"
    assert quotes.get_quote(shop.wang, "A-1", now=NOW).customer_name == "杭州东山科技"


def test_utf8_with_bom_and_jsonl_and_xlsx(shop: Team, tmp_path: Path) -> None:
    bom = b"\xef\xbb\xbf" + CHINESE.encode()
    assert [d.name for d in _import(shop.wang, bom, dry_run=True)] == ["A-1", "B-2"]
    jsonl = tmp_path / "q.jsonl"
    jsonl.write_text(
        '{"quote": "J-1", "customer": "C000001", "product": "ERP", "quantity": 1.5, "price": 10.10}\n'
    )
    assert _import(shop.wang, str(jsonl))[0].name == "J-1"
    assert _total(shop.wang, "J-1") == (1, Decimal("15.15"))
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["报价单号", "客户", "产品", "数量", "有效期"])
    sheet.append(["X-1", "杭州东山科技", "SVC", 3, dt.datetime(2026, 12, 1)])
    book.save(tmp_path / "q.xlsx")
    done = _import(shop.wang, str(tmp_path / "q.xlsx"))
    assert (done[0].name, _total(shop.wang, "X-1")) == ("X-1", (1, Decimal("2400.00")))
    assert quotes.get_quote(shop.wang, "X-1", now=NOW).valid_until == dt.date(2026, 12, 1)


def test_a_broken_row_in_the_middle_names_row_column_and_value(shop: Team) -> None:
    rows = ["quote,customer,product,quantity,price,discount,valid_until"]
    rows += [f"R{n},C000001,ERP,1,,," for n in range(50)]
    rows[26] = "R25,C000001,ERP,two,,,"
    assert _problems(shop.wang, _csv("\n".join(rows))) == [
        "row 27, column quantity: bad value 'two' (expected a number like 2 or 1.5)"
    ]


def test_every_problem_is_reported_at_once(shop: Team) -> None:
    text = (
        "quote,customer,product,quantity,price,discount,valid_until,contact\n"
        "X-1,C000001,ERP,2,abc,,,\n"
        "X-1,C000009,NOPE,0,,120%,2020-01-01,\n"
        "X-2,无此客户,ERP,-1,,,,李四\n"
        "X-3,陈的客户,ERP,1,,,,\n"
        ",C000001,ERP,1,,,,\n"
        "X-4,C000001,ERP,1,,,someday,无名\n"
    )
    assert _problems(shop.wang, _csv(text)) == [
        "row 2, column price: bad value 'abc' (expected a number like 1234.50)",
        "row 3, column customer: bad value 'C000009' (quote X-1 has 'C000001' on row 2)",
        "row 3, column discount: bad value '120%' (must be between 0% and 100%)",
        "row 3, column product: bad value 'NOPE' (no such product)",
        "row 3, column quantity: bad value '0' (must be more than zero)",
        "row 3, column valid_until: bad value '2020-01-01' (before today (2026-11-23))",
        "row 4, column customer: bad value '无此客户' (no such customer (code or exact name))",
        "row 4, column quantity: bad value '-1' (must be more than zero)",
        "row 5, column customer: bad value '陈的客户' (no such customer (code or exact name))",
        "row 6, column quote: bad value '' (every row needs a quote reference)",
        "row 7, column contact: bad value '无名' (customer C000001 has no such contact)",
        "row 7, column valid_until: bad value 'someday' (not a date: use YYYY-MM-DD)",
    ]


def test_a_conflicting_quote_value_is_reported_on_every_row_that_has_it(shop: Team) -> None:
    text = (
        "quote,customer,product,quantity,subject\n"
        "S,C000001,ERP,1,首单\n"
        "S,C000001,ERP,1,\n"
        "S,C000001,ERP,1,次单\n"
        "S,C000001,ERP,1,次单\n"
        "S,C000001,ERP,1,首单\n"
    )
    assert _problems(shop.wang, _csv(text)) == [
        f"row {n}, column subject: bad value '次单' (quote S has '首单' on row 2)" for n in (4, 5)
    ]


def test_visible_but_not_editable_customer_is_refused(shop: Team) -> None:
    customers.edit_customer(shop.chen, "C000002", {"is_public": "yes"}, now=NOW)
    assert _problems(shop.wang, _csv("quote,customer,product,quantity\nP,C000002,ERP,1\n")) == [
        "row 2, column customer: bad value 'C000002' (you may not add quotes to this customer)"
    ]


def test_a_reference_already_imported_is_refused(shop: Team) -> None:
    _import(shop.wang, _csv(CHINESE))
    with pytest.raises(tabular.RowErrors) as caught:
        _import(shop.wang, _csv(CHINESE))
    hint = "--on-duplicate skip, update or create decides"
    assert [str(p) for p in caught.value.problems] == [
        f"row 2, column 报价单号: bad value 'A-1' (already imported as quote Q000001; {hint})",
        f"row 4, column 报价单号: bad value 'B-2' (already imported as quote Q000002; {hint})",
    ]
    assert caught.value.exit_code == 3  # only duplicates: a conflict
    assert sm.Quote.select().count() == 2


def test_dry_run_writes_nothing(shop: Team) -> None:
    done = _import(shop.wang, _csv(CHINESE), dry_run=True)
    assert [(d.action, d.name) for d in done] == [("create", "A-1"), ("create", "B-2")]
    assert sm.Quote.select().count() == 0 and m.Sequence.get(m.Sequence.name == "quote").value == 0


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"quote,customer,product\nA,C1,ERP\n", "quantity"),
        (b"quote,customer,product,quantity,colour\n", "unknown column 'colour'"),
        (b"", "empty"),
        (b"\xff\xfe\xfa", "invalid utf-16"),
        (b"quote,customer\n\x81\x30\x81", "neither UTF-8 nor GBK"),
    ],
)
def test_unreadable_files_are_refused(shop: Team, data: bytes, message: str) -> None:
    with pytest.raises(InvalidInput, match=message):
        _import(shop.wang, data)


def test_chinese_discount_words(shop: Team) -> None:
    from crm_cli.store.sales.quote_checks import parse_discount

    # In hundredths of a percent, as stored: 1000 is 10% off.
    assert [parse_discount(t) for t in ("9折", "85折", "8.5折", "10%", "12.5")] == [
        1000,
        1500,
        1500,
        1000,
        1250,
    ]
    with pytest.raises(InvalidInput):
        parse_discount("0折")


def test_lookups_in_batches_of_many_distinct_values(shop: Team) -> None:
    from crm_cli.store.core.normalize import name_key

    count = 1234  # more than two look-up batches of customers, names, contacts and references
    C = cm.Customer
    C.insert_many(
        [
            {
                "code": f"B{n:06d}",
                "name": f"批量客户{n}",
                "name_key": name_key(f"批量客户{n}"),
                "owner": shop.wang.id,
                "created_at": NOW,
                "updated_at": NOW,
            }
            for n in range(count)
        ]
    ).execute()
    ids = dict(C.select(C.code, C.id).where(C.code.startswith("B")).tuples())
    cm.Contact.insert_many(
        [
            {
                "code": f"BC{n:06d}",
                "name": f"联系人{n}",
                "customer": ids[f"B{n:06d}"],
                "created_at": NOW,
                "updated_at": NOW,
            }
            for n in range(count)
        ]
    ).execute()
    rows = ["quote,customer,product,quantity,contact"] + [
        f"M{n},{f'B{n:06d}' if n % 2 else f'批量客户{n}'},ERP,1,联系人{n}" for n in range(count)
    ]
    done = _import(shop.wang, _csv("\n".join(rows)))
    assert len(done) == count and {d.customer for d in done} == {f"B{n:06d}" for n in range(count)}
    with_contact = sm.Quote.select().where(sm.Quote.contact.is_null(False)).count()
    assert with_contact == count
    with pytest.raises(tabular.RowErrors) as caught:
        _import(shop.wang, _csv("\n".join(rows)))
    assert caught.value.count == count  # every reference counted, across batches
    assert len(caught.value.problems) == tabular.KEEP  # and the first of them kept


def test_sqlite_foreign_key_checks_are_back_on_after_an_import(shop: Team) -> None:
    from crm_cli.store.core.db import db_proxy

    def pragma(sql: str) -> list[tuple[object, ...]]:
        return list(db_proxy.obj.execute_sql(sql).fetchall())

    _import(shop.wang, _csv(CHINESE))
    with pytest.raises(tabular.RowErrors):
        _import(shop.wang, _csv("quote,customer,product,quantity\nZ,C1,X,1"))
    # The import resolved every reference itself: nothing it stored points nowhere.
    assert pragma("PRAGMA foreign_key_check") == []
    assert pragma("PRAGMA foreign_keys") == [(1,)]
