"""`crm pay` through the real CLI: oldest installment first, named installments, orders
without a plan, batches, exact money, and every refusal leaving the data unchanged."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from tests.cli.test_order_cli import AS_OF, approved, order, shop, state

if TYPE_CHECKING:
    from tests.cli.conftest import Crm

__all__ = ["shop"]  # the fixture, shared with the order tests


def test_pay_spills_over_installments_one_receipt_each(shop: Crm) -> None:
    code = approved(shop, "--line", "PC:3", "--installments", "3")
    result = shop.ok("pay", code, "--amount", "1,500.50", "--method", "bank", "--date",
                     "2026-11-01", "-f", "json", user="wang")  # fmt: skip
    assert "Recorded 2 receipt(s), 1500.50 in all." in result.stderr
    import json

    receipts = json.loads(result.stdout)
    assert [(r["code"], r["installment"], r["amount"], r["paid_on"]) for r in receipts] == [
        ("R000001", 1, 1000.00, "2026-11-01"), ("R000002", 2, 500.50, "2026-11-01"),
    ]  # fmt: skip
    # statuses are as of a date: without one, installment 2 turns overdue once its due day passes
    shown = shop.json("order", "show", code, "--as-of", AS_OF)
    assert [i["status"] for i in shown["plan"]] == ["paid", "partial", "unpaid"]
    assert (shown["received"], shown["balance"]) == (1500.50, 1499.50)
    log = [e for e in shop.log("C000001") if e["entity"] == "payment"]
    assert sorted(e["changes"]["code"] for e in log) == ["R000001", "R000002"]
    view = shop.json("customer", "show", "C000001")
    assert [r["code"] for r in view["receipts"]] == ["R000002", "R000001"]
    assert [o["code"] for o in view["orders"]] == [code]
    assert (view["total_received"], view["balance_owed"]) == (1500.50, 1499.50)


def test_named_installment_and_paying_twice(shop: Crm) -> None:
    code = approved(shop, "--line", "PC:2", "--installments", "2")
    receipts = shop.json("pay", code, "--amount", "1000", "--installment", "2", user="wang")
    assert [r["installment"] for r in receipts] == [2]
    before = state(shop)
    message = shop.fails(1, "pay", code, "--amount", "5", "--installment", "2", user="wang")
    assert message == f"Error: installment 2 of order {code} is paid already"
    shop.fails(4, "pay", code, "--amount", "5", "--installment", "7", user="wang")
    assert state(shop) == before


def test_exact_money_point_three(shop: Crm) -> None:
    code = approved(shop, "--line", "PEN:3")
    shop.ok("pay", code, "--amount", "0.10", user="wang")
    shop.ok("pay", code, "--amount", "0.20", user="wang")
    shown = shop.json("order", "show", code)
    assert (shown["received"], shown["balance"], shown["settled"]) == (0.30, 0.00, True)
    raw = shop.ok("order", "list", "-f", "json").stdout
    assert '"balance": 0.00' in raw and '"received": 0.30' in raw
    customer = shop.json("customer", "show", "C000001")
    assert (customer["total_received"], customer["balance_owed"]) == (0.30, 0.00)
    assert shop.json("receivable", "list") == []


@pytest.mark.parametrize(
    ("code", "args", "text"),
    [
        (1, ("--amount", "0"), "more than zero"),
        (1, ("--amount", "-5"), "more than zero"),
        (1, ("--amount", "12abc"), "invalid amount"),
        (1, ("--amount", "1.005"), "two decimals"),
        (1, ("--amount", "2000.01"), "more than the 2000.00 owed"),
        (1, ("--amount", "5", "--date", "+1d"), "in the future"),
        (1, ("--amount", "5", "--date", "whenever"), "invalid date"),
        (1, (), "give the amount"),
        (1, ("--batch", "--amount", "5"), "in full"),
    ],
)  # fmt: skip
def test_bad_payments_change_nothing(
    shop: Crm, code: int, args: tuple[str, ...], text: str
) -> None:
    order_code = approved(shop)
    before = state(shop)
    assert text in shop.fails(code, "pay", order_code, *args, user="wang")
    assert state(shop) == before


def test_unapproved_cancelled_and_invisible_orders(shop: Crm) -> None:
    draft = order(shop, "--line", "PC:1")["code"]
    assert "only approved orders take payments" in shop.fails(
        1, "pay", draft, "--amount", "1", user="wang"
    )
    shop.ok("order", "cancel", draft, "--reason", "gone", user="wang")
    assert "cancelled" in shop.fails(1, "pay", draft, "--amount", "1", user="wang")
    code = approved(shop)
    shop.fails(4, "pay", code, "--amount", "1", user="chen")
    shop.fails(4, "pay", "SO000404", "--amount", "1", user="wang")
    assert shop.json("order", "show", code)["received"] == 0.00


def test_batch_pays_in_full_or_not_at_all(shop: Crm) -> None:
    first = approved(shop, "--line", "PC:2", "--installments", "2")
    second = approved(shop, "--line", "PC:3", "--installments", "3")
    before = state(shop)
    shop.fails(1, "pay", "--batch", f"{first}/1", f"{second}/9x", user="wang")
    shop.fails(4, "pay", "--batch", f"{first}/1", f"{second}/9", user="wang")
    shop.fails(1, "pay", "--batch", f"{first}/1", f"{first}/1", user="wang")
    assert state(shop) == before
    receipts = shop.json("pay", "--batch", f"{first}/1", f"{second}/3", f"{first}/2", user="wang")
    assert [(r["order"], r["installment"], r["amount"]) for r in receipts] == [
        (first, 1, 1000.00), (second, 3, 1000.00), (first, 2, 1000.00),
    ]  # fmt: skip
    assert shop.json("order", "show", first)["settled"] is True
    shop.fails(1, "pay", "--batch", f"{second}/3", user="wang")  # paid already
