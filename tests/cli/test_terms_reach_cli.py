"""Query-language terms (SH-1) where they reached last: contact lists and exports, receipt
exports, receivables per customer, summaries' tags and preset reports. One book, built
once for the module: the tests read it (but for a saved summary and a named filter of
their own), so each refusal also shows it changed nothing the next test reads."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest

from crm_cli.store.core import db
from tests.cli.conftest import _ENV_KEYS, Crm

AS_OF = "2026-11-02"


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Crm]:
    """wang's Acme (C000001, 深圳): 张伟 采购经理 zhang@qq.com, 李娜 工程师; SO1 approved
    3000 due 11-10, 1000 paid (R1); SO2 a draft. chen's Other Co (C000002, 上海): 王五
    经理; SO3 approved 2000 due 12-31, 500 paid (R2)."""
    with pytest.MonkeyPatch.context() as patch:
        for key in _ENV_KEYS:
            patch.delenv(key, raising=False)
        crm = Crm(tmp_path_factory.mktemp("terms-reach"))
        crm.ok("user", "add", "li", "--role", "manager")
        crm.ok("user", "add", "wang", "--role", "sales", "--supervisor", "li")
        crm.ok("user", "add", "chen", "--role", "sales")
        crm.ok("config", "set", "payment.recorders", "manager,admin,owner")
        crm.ok("product", "add", "PC", "Desktop PC", "--price", "1000")
        crm.ok("product", "add", "SVC", "维保服务", "--price", "300", "--annual-fee", "300",
               "--category", "服务")  # fmt: skip
        crm.add("Acme Trading", "--city", "深圳", user="wang")
        crm.add("Other Co", "--city", "上海", user="chen")
        for customer, name, title, email, user in (
            ("C000001", "张伟", "采购经理", "zhang@qq.com", "wang"),
            ("C000001", "李娜", "工程师", "", "wang"),
            ("C000002", "王五", "经理", "", "chen"),
        ):
            crm.ok("contact", "add", customer, name, "--title", title, *(
                ("--email", email) if email else ()), user=user)  # fmt: skip
        for customer, line, due, user, approver in (
            ("C000001", "PC:3", "2026-11-10", "wang", "li"),
            ("C000001", "PC:1", "2026-11-30", "wang", None),
            ("C000002", "PC:2", "2026-12-31", "chen", "admin"),
        ):
            code = crm.json("order", "add", customer, "--line", line, "--due", due, "--as-of",
                            AS_OF, user=user)["code"]  # fmt: skip
            if approver:
                crm.ok("order", "submit", code, user=user)
                crm.ok("order", "approve", code, user=approver)
        crm.ok("pay", "SO000001", "--amount", "1000", "--date", "2026-11-05", user="wang")
        crm.ok("pay", "SO000003", "--amount", "500", "--date", "2026-11-20", user="chen")
        yield crm
    db.close_store()


def names(rows: list[dict[str, Any]], key: str = "name") -> list[Any]:
    return sorted(r[key] for r in rows)


def jsonl(out: str, key: str) -> list[Any]:
    return sorted(json.loads(line)[key] for line in out.splitlines())


@pytest.mark.parametrize(
    ("args", "user", "expected"),
    [
        (["title.has:经理"], "admin", ["张伟", "王五"]),
        (["customer.city:深圳"], "admin", ["张伟", "李娜"]),
        (["C000001", "email.has:qq"], "admin", ["张伟"]),
        (["email:", "+owed"], "admin", ["李娜", "王五"]),
        (["owner:me"], "wang", ["张伟", "李娜"]),
        (["+mine"], "chen", ["王五"]),
        (["-mine"], "wang", []),
        (["customer.owed.over:1000", "Other"], "admin", ["王五"]),
    ],
)  # fmt: skip
def test_contact_list_takes_terms(
    book: Crm, args: list[str], user: str, expected: list[str]
) -> None:
    assert names(book.json("contact", "list", *args, user=user)) == expected


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["contact", "list", "titel:经理"], "unknown field 'titel' in 'titel:经理' (did you mean "
         "title?); contact fields: name,"),
        (["contact", "list", "customer.cty:深圳"], "unknown field 'cty' in 'customer.cty:深圳'"),
        (["contact", "list", "+owd"], "unknown tag '+owd' (did you mean +owed?)"),
        (["contact", "list", "birthday.before:someday"], "bad date 'someday' in "
         "'birthday.before:someday'"),
        (["export", "contacts", "+owd"], "unknown tag '+owd'"),
        (["export", "receipts", "amount.over:lots"], "bad amount 'lots' in 'amount.over:lots'"),
        (["export", "receipts", "+owed"], "unknown tag '+owed'; receipt tags: +mine"),
        (["receivable", "list", "--by-customer", "+owd"], "unknown tag '+owd'"),
        (["report", "summary", "campaigns", "+owed"], "'+owed': a summary of campaigns takes "
         "FIELD:VALUE terms, no tags"),
        (["report", "summary", "orders", "+owd"], "unknown tag '+owd' (did you mean +owed?)"),
        (["report", "run", "attainment", "city:深圳"], "report attainment counts per person, "
         "not per customer: it takes no terms ('city:深圳')"),
        (["report", "run", "sales-trend", "cty:深圳"], "unknown field 'cty' in 'cty:深圳'"),
    ],
)  # fmt: skip
def test_a_bad_term_prints_one_line(book: Crm, args: list[str], message: str) -> None:
    assert book.fails(1, *args).startswith(f"Error: {message}")


def test_contact_export_takes_contact_terms(book: Crm) -> None:
    out = book.ok("export", "contacts", "customer.city:上海", "-f", "jsonl").stdout
    assert jsonl(out, "name") == ["王五"]
    # -overdue: the tag (none has a next contact date due), never -o verdue
    out = book.ok("contact", "export", "C000001", "-overdue", "-f", "jsonl").stdout
    assert jsonl(out, "name") == ["张伟", "李娜"]
    out = book.ok("export", "contacts", "title.has:经理", "--where", "city = 深圳",
                  "-f", "jsonl").stdout  # fmt: skip
    assert jsonl(out, "name") == ["张伟"]


def test_receipt_export_takes_receipt_terms(book: Crm) -> None:
    def codes(*terms: str, user: str = "admin") -> list[str]:
        out = book.ok("export", "receipts", *terms, "-f", "jsonl", user=user).stdout
        return jsonl(out, "order")

    assert codes("amount.over:600") == ["SO000001"]
    assert codes("paid.after:2026-11-10") == ["SO000003"]
    assert codes("city:深圳", "user:wang") == ["SO000001"]
    assert codes("+mine", user="chen") == ["SO000003"]
    assert codes("owner:wang", user="chen") == []


def test_product_list_and_export_take_product_terms(book: Crm) -> None:
    assert names(book.json("product", "list", "+fee"), "code") == ["SVC"]
    assert names(book.json("product", "list", "price.over:500", "-fee"), "code") == ["PC"]
    out = book.ok("export", "products", "category:服务", "-f", "jsonl").stdout
    assert jsonl(out, "code") == ["SVC"]
    out = book.ok("product", "export", "-fee", "-f", "jsonl").stdout
    assert jsonl(out, "code") == ["PC"]
    line = book.fails(1, "product", "export", "prce.under:9")
    assert line.startswith("Error: unknown field 'prce' in 'prce.under:9' (did you mean price?)")


def test_receivables_by_customer_take_terms(book: Crm) -> None:
    def owing(*terms: str) -> list[tuple[str, float]]:
        rows = book.json("receivable", "list", "--by-customer", *terms)
        return [(r["customer"], r["balance"]) for r in rows]

    assert owing() == [("C000001", 2000), ("C000002", 1500)]
    assert owing("city:上海") == [("C000002", 1500)]
    assert owing("+overdue", "--as-of", "2026-11-20") == [("C000001", 2000)]
    assert owing("balance.under:1800", "-mine") == [("C000002", 1500)]


def test_summaries_take_the_tags_of_their_record_type(book: Crm) -> None:
    def summary(*args: str) -> list[dict[str, Any]]:
        return book.json("report", "summary", *args)["rows"]

    assert summary("orders", "--count", "--sum", "total", "+owed") == [
        {"count": 2, "sum_total": 5000}
    ]
    rows = summary("orders", "--by", "customer_code", "-draft", "city:深圳")
    assert rows == [{"customer_code": "C000001", "count": 1}]
    assert summary("customers", "+owed", "city:上海") == [{"count": 1}]
    assert summary("contacts", "-owed", "title.has:经理") == []
    assert summary("contacts", "+owed", "title.has:经理") == [{"count": 2}]
    assert summary("payments", "--sum", "amount", "+mine") == []  # admin owns no order
    assert summary("order-lines", "--sum", "quantity", "+overdue", "--as-of",
                   "2026-11-20") == [{"sum_quantity": 3}]  # fmt: skip
    book.ok("report", "summary", "orders", "--by", "status", "+owed", "--save", "欠款订单")
    rows = book.json("report", "run", "欠款订单", "city:上海")["rows"]
    assert rows == [{"status": "approved", "count": 1}]


def test_preset_reports_count_the_customers_terms_select(book: Crm) -> None:
    def trend(*terms: str) -> list[dict[str, Any]]:
        found = book.json("report", "run", "sales-trend", "--by", "year", *terms)
        return found["rows"]

    assert [r["amount"] for r in trend()] == [5000]
    assert [r["amount"] for r in trend("city:深圳")] == [3000]
    assert [r["amount"] for r in trend("Other", "+owed")] == [2000]
    book.ok("config", "set", "filter.sz", "city:深圳 +owed")
    assert [r["amount"] for r in trend("@sz")] == [3000]
    rows = book.json("report", "run", "receivables-by-customer", "-owed")["rows"]
    assert rows == []
    rows = book.json("report", "run", "receivables-by-customer", "owner:chen", "--as-of",
                     "2026-11-20")["rows"]  # fmt: skip
    assert [r["customer"] for r in rows] == ["C000002"]
