"""`crm customer add|edit --credit-code` (CUS-8): the JSON key ``credit_code``, the refusals
(exit 1 for a bad code, 3 for a duplicate) with one line that says why, nothing written;
and phones written in the one mainland format."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from tests.cli.conftest import Crm

BYD, AVIC = "91440300192317458F", "91520000214434146R"  # 比亚迪, 中航重机: published codes


def refused(crm: Crm, code: int, *args: str) -> str:
    """Run a command that must be refused with exit ``code``; prove nothing changed."""
    before = crm.snapshot()
    message = crm.fails(code, *args)
    assert crm.snapshot() == before
    return message


def test_add_edit_show_and_list_carry_the_code(crm: Crm) -> None:
    added = crm.add("比亚迪股份有限公司", "--credit-code", "9144 0300-1923 1745 8f")
    assert added["credit_code"] == BYD
    shown = crm.json("customer", "show", added["code"])
    assert shown["credit_code"] == BYD
    (listed,) = crm.customers("--where", f"credit_code = {BYD.lower()}")
    assert listed["credit_code"] == BYD
    text = crm.ok("customer", "show", added["code"], "-f", "plain").stdout
    assert BYD in text
    cleared = crm.json("customer", "edit", added["code"], "--credit-code", "")
    assert cleared["credit_code"] is None
    assert crm.add("无代码")["credit_code"] is None


@pytest.mark.parametrize(
    ("typed", "why"),
    [(BYD[:17] + "X", f"Error: credit code {BYD[:17]}X: the check character should be F"),
     (BYD[:16], f"Error: credit code {BYD[:16]}: a credit code has 18 characters, not 16"),
     ("9144030O192317458F", "'O' is not allowed")],
)  # fmt: skip
def test_a_bad_code_exits_1_with_the_reason(crm: Crm, typed: str, why: str) -> None:
    assert why in refused(crm, 1, "customer", "add", "比亚迪", "--credit-code", typed)
    crm.add("中航重机", "--credit-code", AVIC)
    message = refused(crm, 1, "customer", "edit", "中航重机", "--credit-code", typed)
    assert why in message


def test_the_same_code_is_a_duplicate_exit_3_unless_allowed(crm: Crm) -> None:
    first = crm.add("比亚迪股份有限公司", "--credit-code", BYD)
    message = refused(crm, 3, "customer", "add", "BYD Auto", "--credit-code", BYD.lower())
    assert f"{first['code']} 比亚迪股份有限公司 (same credit code)" in message
    assert "--allow-duplicate" in message
    other = crm.add("中航重机", "--credit-code", AVIC)
    refused(crm, 3, "customer", "edit", other["code"], "--credit-code", BYD)
    allowed = crm.json("customer", "edit", other["code"], "--credit-code", BYD,
                       "--allow-duplicate")  # fmt: skip
    assert allowed["credit_code"] == BYD


def test_a_trashed_customer_does_not_block_its_code(crm: Crm) -> None:
    crm.add("旧公司", "--credit-code", BYD)
    crm.ok("customer", "delete", "旧公司", "--yes")
    assert crm.add("比亚迪股份有限公司", "--credit-code", BYD)["credit_code"] == BYD


def test_phones_are_written_in_one_format_and_found_as_digits(crm: Crm) -> None:
    mobile = crm.add("甲公司", "--phone", "+86 138-0013-8000")
    landline = crm.add("乙公司", "--phone", "(0755) 2677 0000", "--fax", "+86 10 1234 5678")
    assert mobile["phone"] == "138 0013 8000"
    assert (landline["phone"], landline["fax"]) == ("0755-26770000", "010-12345678")
    assert [c["name"] for c in crm.customers("--search", "13800138000")] == ["甲公司"]
    assert [c["name"] for c in crm.customers("--search", "075526770000")] == ["乙公司"]
    assert "same phone" in refused(crm, 3, "customer", "add", "丙公司", "--phone", "13800138000")
    foreign = crm.add("Acme HK", "--phone", "+852 2345 6789")
    assert foreign["phone"] == "+852 2345 6789"
