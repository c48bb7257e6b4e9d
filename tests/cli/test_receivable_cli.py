"""`crm receivable list | letter` through the real CLI: balances per order and customer,
overdue as of a day, visibility, and the dunning letter in three formats."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tests.cli.test_order_cli import approved, shop

if TYPE_CHECKING:
    from pathlib import Path

    from tests.cli.conftest import Crm

__all__ = ["shop"]  # the fixture, shared with the order tests


def test_list_per_order_and_overdue(shop: Crm) -> None:
    planned = approved(shop, "--line", "PC:3", "--due", "2026-11-10", "--installments", "3")
    shop.ok("pay", planned, "--amount", "1200", user="wang")
    whole = approved(shop, "--line", "PC:1", "--due", "2026-12-31")
    rows = shop.json("receivable", "list", "--as-of", "2027-01-15", user="wang")
    assert [(r["order"], r["balance"], r["overdue"], r["days_overdue"]) for r in rows] == [
        (planned, 1800.00, 1800.00, 36), (whole, 1000.00, 1000.00, 15),
    ]  # fmt: skip
    assert shop.json("receivable", "list", "--overdue", "--as-of", "2026-11-05") == []
    assert shop.json("receivable", "list", user="chen") == []
    text = shop.ok("receivable", "list", "--as-of", "2027-01-15", "-f", "plain").stdout
    assert text.splitlines()[0].split()[:6] == [
        "order", "customer", "customer_name", "total", "received", "balance",
    ]  # fmt: skip
    empty = shop.ok("receivable", "list", user="chen", CRM_FORMAT="plain")
    assert empty.stdout == "" and "Nothing is owed." in empty.stderr


def test_by_customer(shop: Crm) -> None:
    approved(shop, "--line", "PEN:3")
    rows = shop.json("receivable", "list", "--by-customer", "--customer", "Acme Trading")
    assert [(r["customer"], r["orders"], r["balance"], r["owner"]) for r in rows] == [
        ("C000001", 1, 0.30, "wang"),
    ]  # fmt: skip
    shop.fails(4, "receivable", "list", "--customer", "C000001", user="chen")
    shop.fails(1, "receivable", "list", "--fields", "nope")


def test_balance_owed_shows_in_customer_list(shop: Crm) -> None:
    approved(shop, "--line", "PC:1")
    rows = shop.customers()
    assert {r["code"]: r["balance_owed"] for r in rows} == {"C000001": 1000.00, "C000002": 0.00}


def test_dunning_letter_formats(shop: Crm, tmp_path: Path) -> None:
    code = approved(shop, "--line", "PC:3", "--due", "2026-11-10", "--installments", "3")
    shop.ok("pay", code, "--amount", "1200", user="wang")
    text = shop.ok("receivable", "letter", "C000001", "--as-of", "2027-01-15").stdout
    assert "催缴单" in text and "1,800.00" in text and "壹仟捌佰元整" in text
    markdown = shop.ok("receivable", "letter", "Acme Trading", "-f", "markdown").stdout
    assert markdown.startswith("# 催缴单")
    target = tmp_path / "letter.html"
    done = shop.ok("receivable", "letter", "C000001", "-f", "html", "-o", str(target))
    assert done.stdout == "" and "Wrote" in done.stderr
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    shop.fails(1, "receivable", "letter", "C000001", "-f", "pdf")
    shop.fails(4, "receivable", "letter", "C000001", user="chen")
    shop.fails(1, "receivable", "letter", "C000001", "-o", str(tmp_path / "no" / "x.txt"))


def test_purging_a_customer_with_orders_is_refused(shop: Crm) -> None:
    approved(shop, "--line", "PC:1")
    shop.ok("customer", "delete", "C000001", "--yes")
    before = shop.snapshot()
    message = shop.fails(3, "customer", "purge", "C000001", "--yes")
    assert message == (
        "Error: customer C000001 has quotes, orders or payments (1 order(s)); it cannot be purged"
    )
    assert shop.snapshot() == before
    assert shop.json("order", "show", "SO000001")["customer"] == "C000001"
