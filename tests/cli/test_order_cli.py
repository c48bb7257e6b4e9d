"""`crm order …` through the real CLI: add (direct and from a quote), list, show, edit,
the approval workflow with its exit codes, plans, renewal, and refusals that change
nothing."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from tests.cli.conftest import Crm

AS_OF = "2026-11-02"


@pytest.fixture
def shop(staff: Crm) -> Crm:
    """wang's customer C000001, chen's C000002, and three products; owners record their
    own receipts here (``payment.recorders``)."""
    staff.ok("config", "set", "payment.recorders", "manager,admin,owner")
    staff.ok("product", "add", "PC", "Desktop PC", "--price", "1000")
    staff.ok("product", "add", "ERP", "ERP licence", "--price", "5000", "--annual-fee", "800")
    staff.ok("product", "add", "PEN", "Pen", "--price", "0.10")
    staff.add("Acme Trading", user="wang")
    staff.add("Other Co", user="chen")
    return staff


def order(crm: Crm, *args: str, user: str = "wang") -> dict[str, Any]:
    return crm.json("order", "add", "C000001", "--as-of", AS_OF, *args, user=user)  # type: ignore[no-any-return]


def approved(crm: Crm, *args: str) -> str:
    code: str = order(crm, *(args or ("--line", "PC:2")))["code"]
    crm.ok("order", "submit", code, user="wang")
    crm.ok("order", "approve", code, user="li")
    return code


def state(crm: Crm) -> tuple[str, ...]:
    """Orders, receivables and customers as an admin sees them."""
    return (
        crm.ok("order", "list", "-f", "json").stdout,
        crm.ok("receivable", "list", "-f", "json").stdout,
        *crm.snapshot(),
    )


def test_add_direct_prints_the_created_order(shop: Crm) -> None:
    row = order(shop, "--line", "pc:2", "--line", "PEN:3:0.20:50%", "--subject", "Kit",
                "--signed", "2026-11-01", "--due", "+28d", "--installments", "2")  # fmt: skip
    assert (row["code"], row["status"], row["owner"], row["total"]) == (
        "SO000001", "draft", "wang", 2000.30,
    )  # fmt: skip
    assert [(x["product"], x["quantity"], x["amount"]) for x in row["lines"]] == [
        ("PC", 2, 2000.00), ("PEN", 3, 0.30),
    ]  # fmt: skip
    assert [(i["due"], i["amount"], i["status"]) for i in row["plan"]] == [
        ("2026-11-30", 1000.15, "unpaid"), ("2026-12-30", 1000.15, "unpaid"),
    ]  # fmt: skip
    assert [e["action"] for e in shop.log("C000001") if e["entity"] == "order"] == ["add"]


def test_from_quote_links_both_ways(shop: Crm) -> None:
    quote = shop.json("quote", "add", "C000001", "--line", "PC:3:900:10%", "--subject", "Refit",
                      user="wang")  # fmt: skip
    row = order(shop, "--from-quote", quote["code"])
    assert (row["quote"], row["subject"], row["total"]) == (quote["code"], "Refit", 2430.00)
    assert row["lines"][0]["unit_price"] == 900.00 and row["lines"][0]["discount"] == 10
    listed = shop.json("order", "list", "--customer", "C000001")
    assert [o["quote"] for o in listed] == [quote["code"]]
    message = shop.fails(3, "order", "add", "C000001", "--from-quote", quote["code"], user="wang")
    assert "already became order SO000001" in message and "--again" in message
    assert order(shop, "--from-quote", quote["code"], "--again")["code"] == "SO000002"


def test_show_as_text_has_sections(shop: Crm) -> None:
    code = approved(shop, "--line", "ERP:1", "--installments", "2")
    shop.ok("pay", code, "--amount", "100", user="wang")
    text = shop.ok("order", "show", code, "-f", "plain").stdout
    assert "Lines (1)" in text and "Plan (2)" in text and "Payments (1)" in text
    assert "balance          4900.00" in text
    csv_lines = shop.ok("order", "show", code, "-f", "csv").stdout.splitlines()
    assert len(csv_lines) == 2 and csv_lines[0].startswith("code,customer")
    assert shop.json("order", "show", code, "--fields", "code,balance") == {
        "code": code, "balance": 4900.00,
    }  # fmt: skip


@pytest.mark.parametrize(
    ("code", "args"),
    [
        (4, ("order", "add", "C000001", "--line", "NOPE:1")),
        (1, ("order", "add", "C000001", "--line", "PC:0")),
        (1, ("order", "add", "C000001", "--line", "PC:-2")),
        (1, ("order", "add", "C000001", "--line", "PC:1:100:150%")),
        (1, ("order", "add", "C000001")),
        (1, ("order", "add", "C000001", "--line", "PC:1", "--plan", "2026-12-01:999")),
        (1, ("order", "add", "C000001", "--line", "PC:1", "--plan", "2026-12-01")),
        (1, ("order", "add", "C000001", "--line", "PC:1", "--installments", "0")),
        (1, ("order", "add", "C000001", "--line", "PC:1", "--due", "2026-01-01",
             "--signed", "2026-02-01")),
        (4, ("order", "add", "C000404", "--line", "PC:1")),
        (4, ("order", "add", "C000002", "--line", "PC:1")),
        (4, ("order", "add", "C000001", "--from-quote", "Q000404")),
        (1, ("order", "list", "--status", "paid")),
        (4, ("order", "show", "SO000404")),
    ],
)  # fmt: skip
def test_bad_input_exits_and_changes_nothing(shop: Crm, code: int, args: tuple[str, ...]) -> None:
    before = state(shop)
    message = shop.fails(code, *args, user="wang")
    assert state(shop) == before
    if "--plan" in args and "2026-12-01:999" in args:
        assert "999.00" in message and "1000.00" in message


def test_workflow_and_rights_exit_codes(shop: Crm) -> None:
    code = order(shop, "--line", "PC:1")["code"]
    shop.fails(1, "order", "approve", code, user="li")  # a draft: submit first
    assert shop.json("order", "submit", code, user="wang")["status"] == "submitted"
    shop.fails(5, "order", "approve", code, user="wang")  # their own, as a sales user
    shop.fails(4, "order", "approve", code, user="chen")  # cannot even see it
    shop.fails(3, "order", "edit", code, "--subject", "x", user="wang")  # awaiting approval
    assert shop.run("order", "reject", code, user="li").exit_code == 2  # --reason is required
    rejected = shop.json("order", "reject", code, "--reason", "too cheap", user="li")
    assert (rejected["status"], rejected["reject_reason"]) == ("rejected", "too cheap")
    edited = shop.json("order", "edit", code, "--line", "PC:2", user="wang")
    assert edited["total"] == 2000.00
    shop.ok("order", "submit", code, user="wang")
    done = shop.json("order", "approve", code, user="li")
    assert (done["status"], done["decided_by"]) == ("approved", "li")
    shop.fails(3, "order", "edit", code, "--line", "PC:1", user="admin")  # approved: locked
    customer = shop.json("customer", "show", "C000001")
    assert (customer["total_ordered"], customer["balance_owed"]) == (2000.00, 2000.00)
    assert customer["last_order"] is not None


def test_cancel_needs_a_reason_and_no_receipts(shop: Crm) -> None:
    code = approved(shop)
    shop.fails(5, "order", "cancel", code, "--reason", "x", user="wang")
    shop.ok("pay", code, "--amount", "1", user="wang")
    before = state(shop)
    assert "has received 1.00" in shop.fails(3, "order", "cancel", code, "--reason", "x", user="li")
    assert state(shop) == before
    draft = order(shop, "--line", "PC:1")["code"]
    shop.fails(1, "order", "cancel", draft, "--reason", " ", user="wang")
    assert shop.json("order", "cancel", draft, "--reason", "gone", user="wang")["status"] == (
        "cancelled"
    )
    assert [o["code"] for o in shop.json("order", "list", "--status", "cancelled")] == [draft]


def test_replan_through_the_cli(shop: Crm) -> None:
    code = approved(shop, "--line", "PC:3", "--due", "2026-11-10", "--installments", "3")
    shop.ok("pay", code, "--amount", "1200", user="wang")
    before = state(shop)
    shop.fails(1, "order", "plan", code, "--plan", "2027-03-01:900", user="wang")
    assert state(shop) == before
    row = shop.json("order", "plan", code, "--installments", "2", "--start", "2027-03-01",
                    user="wang")  # fmt: skip
    assert [(i["number"], i["amount"], i["received"]) for i in row["plan"]] == [
        (1, 1000.00, 1000.00), (2, 1000.00, 200.00), (3, 500.00, 0.00), (4, 500.00, 0.00),
    ]  # fmt: skip


def test_renew_writes_a_service_fee_order(shop: Crm) -> None:
    code = approved(shop, "--line", "ERP:1", "--signed", "2026-03-01")
    fee = shop.json("order", "renew", code, "--years", "2", user="li")
    assert (fee["kind"], fee["status"], fee["total"]) == ("service_fee", "approved", 1600.00)
    assert fee["lines"][0]["service_end"] == "2029-03-01"
    shown = shop.json("order", "show", code)
    assert shown["lines"][0]["service_end"] == "2029-03-01"
    shop.fails(4, "order", "renew", code, "--line", "5", user="li")
    shop.fails(1, "order", "renew", code, "--years", "0", user="li")
    assert [o["code"] for o in shop.json("order", "list", "--kind", "service_fee")] == [fee["code"]]
