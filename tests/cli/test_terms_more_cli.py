"""Query-language terms (SH-1) on the lists beyond customers and opportunities: orders and
quotes (lists and exports), receivables and contact records; visibility, one-line errors."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import pytest

from crm_cli.commands._terms import TAGS

if TYPE_CHECKING:
    from tests.cli.conftest import Crm

AS_OF = "2026-11-02"


@pytest.fixture
def books(staff: Crm) -> Crm:
    """wang's Acme (C000001): SO1 approved 3000 due 11-10, 1000 paid; SO2 a draft. chen's
    Other Co (C000002): SO3 approved 2000 due 12-31."""
    staff.ok("config", "set", "payment.recorders", "manager,admin,owner")
    staff.ok("product", "add", "PC", "Desktop PC", "--price", "1000")
    staff.add("Acme Trading", user="wang")
    staff.add("Other Co", user="chen")
    for customer, line, due, user, approver in (
        ("C000001", "PC:3", "2026-11-10", "wang", "li"),
        ("C000001", "PC:1", "2026-11-30", "wang", None),
        ("C000002", "PC:2", "2026-12-31", "chen", "admin"),
    ):
        code = staff.json("order", "add", customer, "--line", line, "--due", due, "--as-of",
                          AS_OF, user=user)["code"]  # fmt: skip
        if approver:
            staff.ok("order", "submit", code, user=user)
            staff.ok("order", "approve", code, user=approver)
    staff.ok("pay", "SO000001", "--amount", "1000", user="wang")
    return staff


def orders(crm: Crm, *terms: str, user: str = "admin") -> list[str]:
    return [r["code"] for r in crm.json("order", "list", *terms, user=user)]


@pytest.mark.parametrize(
    ("terms", "expected"),
    [
        (["status:已审批"], ["SO000003", "SO000001"]),
        (["+owed", "balance.over:1万"], []),
        (["+owed", "balance.over:1500", "-mine"], ["SO000003", "SO000001"]),
        (["-draft", "customer:C000001"], ["SO000001"]),
        (["+overdue", "--as-of", "2026-11-20"], ["SO000001"]),
        (["-overdue", "+owed", "--as-of", "2026-11-20"], ["SO000003"]),
        (["due.after:2026-11-15", "--status", "draft"], ["SO000002"]),
    ],
)  # fmt: skip
def test_order_list_takes_terms(books: Crm, terms: list[str], expected: list[str]) -> None:
    assert orders(books, *terms) == expected


def test_order_terms_keep_to_what_a_user_sees(books: Crm) -> None:
    assert orders(books, "+owed", user="chen") == ["SO000003"]
    assert orders(books, "owner:wang", user="chen") == []
    assert orders(books, "+mine", user="wang") == ["SO000002", "SO000001"]
    books.ok("config", "set", "filter.late", "+overdue owner:me", user="wang")
    assert orders(books, "@late", "--as-of", "2026-11-20", user="wang") == ["SO000001"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["order", "list", "statu:draft"], "unknown field 'statu' in 'statu:draft' (did you "
         "mean status?)"),
        (["order", "list", "+owd", "-f", "json"], "unknown tag '+owd' (did you mean +owed?)"),
        (["export", "orders", "balance.over:lots"], "bad amount 'lots' in 'balance.over:lots'"),
        (["order", "export", "due.before:tomorow"], "bad date 'tomorow' in 'due.before:"),
    ],
)  # fmt: skip
def test_a_bad_order_term_prints_one_line(books: Crm, args: list[str], message: str) -> None:
    assert books.fails(1, *args).startswith(f"Error: {message}")


def test_order_export_takes_terms(books: Crm) -> None:
    out = books.ok("export", "orders", "+owed", "-draft", "-f", "jsonl").stdout
    assert sorted(json.loads(line)["code"] for line in out.splitlines()) == [
        "SO000001", "SO000003",
    ]  # fmt: skip
    out = books.ok("order", "export", "-approved", "-f", "jsonl", user="chen").stdout
    assert out == ""


def quotes(crm: Crm, *terms: str, user: str = "admin") -> list[str]:
    return [r["code"] for r in crm.json("quote", "list", *terms, user=user)]


def test_quote_list_and_export_take_terms(books: Crm) -> None:
    # Q1 (wang, 3000, valid 10 days) becomes an order; Q2 (chen, 1000, valid 60 days).
    books.ok("quote", "add", "C000001", "--line", "PC:3", "--valid-until", "+10d", user="wang")
    books.ok("quote", "add", "C000002", "--line", "PC:1", "--subject", "年度采购",
             "--valid-until", "+60d", user="chen")  # fmt: skip
    books.ok("order", "add", "C000001", "--from-quote", "Q000001", user="wang")
    assert quotes(books, "-ordered") == ["Q000002"]
    assert quotes(books, "valid.before:+30d", "total.over:2千") == ["Q000001"]
    assert quotes(books, "valid.after:+30d", "年度") == ["Q000002"]
    assert quotes(books, "+expired") == []
    assert quotes(books, "-expired", user="wang") == ["Q000001"]
    assert quotes(books, "handler:me", user="chen") == ["Q000002"]
    out = books.ok("export", "quotes", "+ordered", "-f", "jsonl").stdout
    assert [json.loads(line)["code"] for line in out.splitlines()] == ["Q000001"]
    line = books.fails(1, "quote", "list", "+expird", "-f", "json")
    assert line.startswith("Error: unknown tag '+expird' (did you mean +expired?)")
    assert books.fails(1, "quote", "export", "vaild:").startswith("Error: unknown field 'vaild'")


def receivables(crm: Crm, *terms: str, user: str = "admin") -> list[str]:
    return [r["order"] for r in crm.json("receivable", "list", *terms, user=user)]


def test_receivable_list_takes_terms(books: Crm) -> None:
    assert receivables(books) == ["SO000001", "SO000003"]
    assert receivables(books, "+overdue", "--as-of", "2026-11-20") == ["SO000001"]
    assert receivables(books, "-overdue", "--as-of", "2026-11-20") == ["SO000003"]
    assert receivables(books, "total.over:2500", "owed.over:1999") == ["SO000001"]
    assert receivables(books, "owner:me", "due.before:2026-12-01", user="wang") == ["SO000001"]
    assert receivables(books, "customer:C000001", user="chen") == []
    line = books.fails(1, "receivable", "list", "+owd", "-f", "json")
    assert line.startswith("Error: unknown tag '+owd'; receivable tags: +overdue, +mine")
    rows = books.json("receivable", "list", "+mine", "--by-customer", user="chen")
    assert [r["customer"] for r in rows] == ["C000002"]


def test_contact_history_takes_terms(books: Crm) -> None:
    for customer, method, user in (("C000001", "visit", "wang"), ("C000001", "phone", "wang"),
                                   ("C000002", "电话", "chen")):  # fmt: skip
        books.ok("contact", "log", customer, "--summary", f"{method} call", "--method", method,
                 user=user)  # fmt: skip

    def ids(*args: str, user: str = "admin") -> list[int]:
        return [r["id"] for r in books.json("contact", "history", *args, user=user)]

    assert ids("method:phone") == [3, 2]
    assert ids("C000001", "method:phone") == [2]
    assert ids("-mine", user="chen") == []
    assert ids("-next", "-n", "1") == [3]  # the tag, not -n ext
    assert ids("+mine", "method:拜访", user="wang") == [1]
    assert ids("customer:C000001", user="chen") == []
    line = books.fails(1, "contact", "history", "C000001", "mthod:visit")
    assert line.startswith("Error: unknown field 'mthod' in 'mthod:visit' (did you mean method?)")


def test_the_face_knows_every_tag() -> None:
    from crm_cli.store.activity import record_terms
    from crm_cli.store.sales import (
        opportunity_terms,
        order_terms,
        product_terms,
        quote_terms,
        receipt_terms,
        receivable_terms,
    )

    for vocabulary in (opportunity_terms, order_terms, quote_terms, receivable_terms,
                       record_terms, receipt_terms, product_terms):  # fmt: skip
        assert set(vocabulary.TAGS) <= TAGS
