"""VAT through the CLI (issue 17, point 3; SPEC PRD-2): `crm config set tax.rate|
tax.prices_include`, `--tax-rate` on products, quotes and orders, the rates and totals in
`show` (stable JSON keys) and on the printed quote, and our company's details on the quote
and the dunning letter. A real SQLite file per test (tests/cli/conftest.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from tests.cli.conftest import Crm


@pytest.fixture
def shop(crm: Crm) -> Crm:
    crm.ok("product", "add", "SRV", "服务器", "--price", "11300", "--unit", "台")
    crm.ok("product", "add", "SVC", "实施服务", "--price", "1000", "--tax-rate", "6%")
    crm.add("甲方科技有限公司")
    return crm


def test_rates_and_totals_in_quote_show_json(shop: Crm) -> None:
    shop.ok("quote", "add", "C000001", "--line", "SRV:2", "--line", "SVC:3::10%")
    q = shop.json("quote", "show", "Q000001")
    assert [(x["tax_rate"], x["tax"], x["amount_excl_tax"], x["amount"]) for x in q["lines"]] == [
        (13, 2600, 20000, 22600), (6, 152.83, 2547.17, 2700),
    ]  # fmt: skip
    assert (q["amount_excl_tax"], q["tax"], q["amount_incl_tax"], q["total"]) == (
        22547.17, 2752.83, 25300, 25300,
    )  # fmt: skip
    assert shop.json("product", "show", "SVC")["tax_rate"] == 6
    assert shop.json("product", "show", "SRV")["tax_rate"] is None  # the team's rate
    # Lists stay as they were: the totals come with the lines.
    assert "tax" not in shop.json("quote", "list")[0]


def test_team_settings_decide_new_lines(shop: Crm) -> None:
    shop.ok("config", "set", "tax.rate", "9")
    shop.ok("config", "set", "tax.prices_include", "false")
    assert shop.ok("config", "get", "tax.prices_include").stdout == "false\n"
    q = shop.json("quote", "add", "C000001", "--line", "SRV:1:10000")
    assert (q["lines"][0]["tax_rate"], q["tax"], q["total"]) == (9, 900, 10900)
    shop.ok("config", "set", "tax.rate", "13")  # the quote keeps its 9 %
    assert shop.json("quote", "show", "Q000001")["lines"][0]["tax_rate"] == 9


def test_tax_rate_option_on_quotes_and_orders(shop: Crm) -> None:
    q = shop.json("quote", "add", "C000001", "--line", "SRV:1", "--tax-rate", "0")
    assert (q["tax"], q["amount_excl_tax"], q["total"]) == (0, 11300, 11300)
    q = shop.json("quote", "edit", "Q000001", "--tax-rate", "13")
    assert (q["tax"], q["amount_excl_tax"], q["total"]) == (1300, 10000, 11300)
    o = shop.json("order", "add", "C000001", "--from-quote", "Q000001")
    assert (o["lines"][0]["tax_rate"], o["tax"], o["amount_incl_tax"]) == (13, 1300, 11300)
    o = shop.json("order", "edit", o["code"], "--tax-rate", "9")
    assert (o["lines"][0]["tax_rate"], o["tax"], o["amount_excl_tax"]) == (9, 933.03, 10366.97)
    text = shop.ok("order", "show", o["code"], "-f", "plain").stdout
    assert "amount_excl_tax  10366.97" in text and "tax_rate" in text
    assert shop.json("order", "show", o["code"], "--fields", "code,tax")["tax"] == 933.03


@pytest.mark.parametrize("rate", ["101", "-1", "abc", "13.125", "100.5%"])
def test_bad_rates_exit_1_with_one_line_and_write_nothing(shop: Crm, rate: str) -> None:
    shop.ok("quote", "add", "C000001", "--line", "SRV:1")
    before = shop.ok("quote", "show", "Q000001", "-f", "json").stdout
    line = shop.fails(1, "quote", "add", "C000001", "--line", "SRV:1", "--tax-rate", rate)
    assert "invalid VAT rate" in line
    zh = shop.fails(1, "quote", "add", "C000001", "--line", "SRV:1", "--tax-rate", rate,
                    LANG="zh_CN.UTF-8")  # fmt: skip
    assert zh.startswith(f"错误：增值税税率 '{rate}' 无效："), zh
    shop.fails(1, "quote", "edit", "Q000001", "--tax-rate", rate)
    shop.fails(1, "order", "add", "C000001", "--line", "SRV:1", "--tax-rate", rate)
    shop.fails(1, "product", "add", "X1", "x", "--price", "1", "--tax-rate", rate)
    shop.fails(1, "product", "edit", "SRV", "--tax-rate", rate)
    shop.fails(1, "config", "set", "--", "tax.rate", rate)  # "--": -1 is no option
    assert shop.ok("quote", "show", "Q000001", "-f", "json").stdout == before
    assert [q["code"] for q in shop.json("quote", "list")] == ["Q000001"]
    assert shop.json("order", "list") == []
    assert [p["code"] for p in shop.json("product", "list")] == ["SRV", "SVC"]
    assert shop.json("product", "show", "SRV")["tax_rate"] is None
    assert shop.ok("config", "get", "tax.rate").stdout == "13\n"


def test_prices_include_takes_true_or_false_only(shop: Crm) -> None:
    line = shop.fails(1, "config", "set", "tax.prices_include", "maybe")
    assert line == "Error: invalid tax.prices_include 'maybe': expected true or false"
    shop.fails(1, "config", "set", "tax.prices_include", "")
    shop.ok("config", "set", "tax.prices_include", "no")
    assert shop.ok("config", "get", "tax.prices_include").stdout == "false\n"


def test_printed_quote_shows_vat_and_our_company(shop: Crm) -> None:
    shop.ok("quote", "add", "C000001", "--line", "SRV:1", "--line", "SVC:1", "--notes", "含运费")
    for key, value in (("company.name", "云帆软件有限公司"), ("company.tax_number", "91330100MA27XYZ12K"),
                       ("company.bank", "工商银行杭州分行"), ("company.account", "1202021234567890123")):  # fmt: skip
        shop.ok("config", "set", key, value)
    for fmt in ("text", "markdown", "html"):
        text = shop.ok("quote", "print", "Q000001", "-f", fmt).stdout
        for part in ("云帆软件有限公司", "91330100MA27XYZ12K", "工商银行杭州分行", "1202021234567890123",
                     "税率", "13%", "6%", "不含税金额", "10,943.40", "税额", "1,356.60", "价税合计",
                     "12,300.00", "壹万贰仟叁佰元整", "单价(含税)", "含运费"):  # fmt: skip
            assert part in text, (fmt, part)
    shop.ok("order", "add", "C000001", "--from-quote", "Q000001")  # a letter needs a debt
    shop.ok("order", "submit", "SO000001")
    shop.ok("order", "approve", "SO000001")
    letter = shop.ok("receivable", "letter", "C000001").stdout
    assert "91330100MA27XYZ12K" in letter and "1202021234567890123" in letter
