"""`crm quote add | list | show | edit | delete | audit | unaudit | print` (QUO-1) through the CLI."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from tests.cli.conftest import Crm


def state(crm: Crm) -> tuple[str, str, str]:
    """Every quote (live and deleted) and the customers, to prove a refusal changed nothing."""
    return (
        crm.ok("quote", "list", "-f", "json").stdout,
        crm.ok("quote", "list", "--deleted", "-f", "json").stdout,
        crm.snapshot()[0],
    )


@pytest.fixture
def shop(staff: Crm) -> Crm:
    staff.ok("product", "add", "ERP", "东山ERP", "--price", "12800", "--unit", "套")
    staff.ok("product", "add", "SVC", "实施服务", "--price", "800", "--unit", "人天")
    staff.add("杭州东山科技有限公司", "--owner", "wang", "--level", "VIP", "--city", "杭州",
              "--address", "文一路1号", "--phone", "0571-88886666")  # fmt: skip
    staff.add("陈的客户", "--owner", "chen")
    staff.ok("contact", "add", "C000001", "张伟", "--mobile", "13800138000")
    return staff


def test_add_prices_lines_and_totals(shop: Crm) -> None:
    q = shop.json("quote", "add", "C000001", "--subject", "年度采购", "--contact", "张伟",
                  "--valid-until", "+30d", "--line", "ERP:2", "--line", "SVC:10:750:5%",
                  "--line", "SVC:0.125", user="wang")  # fmt: skip
    assert (q["code"], q["customer"], q["contact"], q["handler"]) == (
        "Q000001",
        "C000001",
        "张伟",
        "wang",
    )
    assert [(x["product"], x["quantity"], x["unit_price"], x["discount"], x["amount"]) for x in q["lines"]] == [
        ("ERP", 2, 12800, 0, 25600), ("SVC", 10, 750, 5, 7125), ("SVC", 0.125, 800, 0, 100),
    ]  # fmt: skip
    assert q["total"] == 32825
    assert "32825.00" in shop.ok("quote", "show", "Q000001", "-f", "json").stdout


def test_price_book_and_show_formats(shop: Crm) -> None:
    shop.ok("pricebook", "add", "VIP价", "--group", "VIP")
    shop.ok("pricebook", "set", "VIP价", "ERP", "9800")
    assert shop.json("quote", "add", "C000001", "--line", "ERP:1", user="wang")["total"] == 9800
    plain = shop.ok("quote", "show", "Q000001", "-f", "plain").stdout
    assert "total            9800.00" in plain and "东山ERP" in plain
    csv = shop.ok("quote", "show", "Q000001", "-f", "csv").stdout.splitlines()
    assert csv == ["position,product,product_name,unit,quantity,unit_price,discount,tax_rate,"
                   "tax,amount", "1,ERP,东山ERP,套,1,9800.00,0,13,1127.43,9800.00"]  # fmt: skip


def test_list_follows_customer_visibility(shop: Crm) -> None:
    shop.ok("quote", "add", "C000001", "--line", "ERP:1", user="wang")
    shop.ok("quote", "add", "C000002", "--line", "SVC:1", user="chen")
    assert [q["code"] for q in shop.json("quote", "list", user="wang")] == ["Q000001"]
    assert [q["code"] for q in shop.json("quote", "list", user="li")] == ["Q000001"]
    assert [q["code"] for q in shop.json("quote", "list", user="admin")] == ["Q000002", "Q000001"]
    assert [q["code"] for q in shop.json("quote", "list", "--customer", "陈的客户")] == ["Q000002"]
    shop.fails(4, "quote", "show", "Q000002", user="wang")


@pytest.mark.parametrize(
    ("code", "args", "user"),
    [
        (4, ["quote", "add", "C000009", "--line", "ERP:1"], "wang"),
        (4, ["quote", "add", "C000002", "--line", "ERP:1"], "wang"),
        (4, ["quote", "add", "C000001", "--line", "NOPE:1"], "wang"),
        (1, ["quote", "add", "C000001", "--line", "ERP:0"], "wang"),
        (1, ["quote", "add", "C000001", "--line", "ERP:-1"], "wang"),
        (1, ["quote", "add", "C000001", "--line", "ERP:1::101%"], "wang"),
        (1, ["quote", "add", "C000001", "--line", "ERP:x"], "wang"),
        (1, ["quote", "add", "C000001"], "wang"),
        (1, ["quote", "add", "C000001", "--line", "ERP:1", "--valid-until", "yesterday"], "wang"),
        (1, ["quote", "add", "C000001", "--line", "ERP:1", "--valid-until", "2026-02-30"], "wang"),
        (4, ["quote", "add", "C000001", "--line", "ERP:1", "--pricebook", "无"], "wang"),
        (4, ["quote", "add", "C000001", "--line", "ERP:1", "--contact", "李四"], "wang"),
        (3, ["quote", "edit", "Q000001", "--subject", "x"], "wang"),
        (3, ["quote", "edit", "Q000001", "--line", "SVC:1"], "admin"),
        (3, ["quote", "delete", "Q000001", "--yes"], "wang"),
        (5, ["quote", "unaudit", "Q000001"], "wang"),
        (1, ["quote", "audit", "Q000001"], "li"),
        (4, ["quote", "edit", "Q000001", "--subject", "x"], "chen"),
        (1, ["quote", "print", "Q000001", "--format", "pdf"], "wang"),
    ],
)
def test_refusals_exit_with_their_code_and_change_nothing(shop: Crm, code, args, user) -> None:
    shop.ok("quote", "add", "C000001", "--line", "ERP:1", user="wang")
    shop.ok("quote", "audit", "Q000001", user="li")
    shop.ok("quote", "add", "C000001", "--line", "SVC:1", user="wang")
    before = state(shop)
    shop.fails(code, *args, user=user)
    assert state(shop) == before


def test_audit_lock_and_who_may_audit(shop: Crm) -> None:
    shop.ok("quote", "add", "C000001", "--line", "ERP:1", user="wang")
    shop.fails(5, "quote", "audit", "Q000001", user="wang")
    assert shop.json("quote", "audit", "Q000001", user="li")["audited_by"] == "li"
    shop.fails(3, "quote", "edit", "Q000001", "--subject", "x", user="wang")
    shop.ok("quote", "unaudit", "Q000001", user="admin")
    edited = shop.json(
        "quote", "edit", "Q000001", "--subject", "改", "--line", "SVC:2", user="wang"
    )
    assert (edited["subject"], edited["total"], len(edited["lines"])) == ("改", 1600, 1)


def test_delete_is_soft_and_logged(shop: Crm) -> None:
    shop.ok("quote", "add", "C000001", "--line", "ERP:1", user="wang")
    shop.fails(1, "quote", "delete", "Q000001", user="wang")  # no terminal, no --yes
    shop.ok("quote", "delete", "Q000001", "--yes", user="wang")
    assert shop.json("quote", "list", user="wang") == []
    assert shop.json("quote", "show", "Q000001")["deleted"] is True
    actions = [e["action"] for e in shop.log("C000001") if e["entity"] == "quote"]
    assert actions == ["delete", "add"]


def test_print_text_with_chinese_capitals(shop: Crm) -> None:
    shop.ok("quote", "add", "C000001", "--subject", "年度采购", "--contact", "张伟",
            "--valid-until", "2099-12-31", "--line", "ERP:1:12345.67", user="wang")  # fmt: skip
    text = shop.ok("quote", "print", "Q000001", user="wang").stdout
    assert text.startswith("报价单 Quotation Q000001\n")
    for part in ("杭州东山科技有限公司 (C000001)", "杭州 文一路1号", "张伟 138 0013 8000", "wang", "2099-12-31",
                 "东山ERP", "12,345.67", "壹万贰仟叁佰肆拾伍元陆角柒分"):  # fmt: skip
        assert part in text, part


def test_print_markdown_and_html_to_a_file(shop: Crm, tmp_path: Path) -> None:
    shop.ok("quote", "add", "C000001", "--subject", "<b>促销</b>", "--line", "ERP:2", user="wang")
    md = shop.ok("quote", "print", "Q000001", "-f", "markdown").stdout
    assert md.startswith("# 报价单 Quotation Q000001") and "25,600.00 |\n" in md
    out = tmp_path / "q.html"
    result = shop.ok("quote", "print", "Q000001", "--format", "html", "--output", str(out))
    assert result.stdout == "" and str(out) in result.stderr
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and page.rstrip().endswith("</html>")
    assert "&lt;b&gt;促销&lt;/b&gt;" in page and "<b>促销" not in page
    assert "贰万伍仟陆佰元整" in page


def test_printed_documents_carry_our_letterhead_once_it_is_set(crm: Crm) -> None:
    crm.ok("product", "add", "P1", "服务器", "--price", "100")
    crm.add("甲方科技有限公司")
    crm.ok("quote", "add", "C000001", "--line", "P1:1")
    assert "发件方" not in crm.ok("quote", "print", "Q000001").stdout
    crm.ok("config", "set", "company.name", "云帆软件有限公司")
    crm.ok("config", "set", "company.phone", "0571-88886666")
    printed = crm.ok("quote", "print", "Q000001", "--format", "markdown").stdout
    assert "云帆软件有限公司" in printed and "0571-88886666" in printed
    crm.ok("order", "add", "C000001", "--line", "P1:1")  # a letter needs something owed
    crm.ok("order", "submit", "SO000001")
    crm.ok("order", "approve", "SO000001")
    letter = crm.ok("receivable", "letter", "C000001").stdout
    assert "云帆软件有限公司" in letter
    crm.ok("user", "add", "wang", "--role", "sales")
    crm.fails(5, "config", "set", "company.name", "x", user="wang")
