"""Who sees and changes what (USR-3…USR-5): visibility, delete/restore/purge, transfer, delegate.

The staff: admin; li (manager) over wang (sales), who supervises zhao (sales); chen (sales).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from tests.cli.conftest import Crm

ADMINS, LIS, WANGS, ZHAOS, CHENS, PUBLIC = (f"C00000{i}" for i in range(1, 7))


@pytest.fixture
def owned(staff: Crm) -> Crm:
    """One customer per person, plus a public one of chen's."""
    staff.add("总部直营客户")
    for owner, name in (("li", "李氏贸易"), ("wang", "王记食品"), ("zhao", "赵家机械")):
        staff.add(name, "--owner", owner)
    staff.add("陈氏电子", user="chen")
    staff.add("陈氏公开客户", "--public", user="chen")
    return staff


def test_sales_add_for_themselves(owned: Crm) -> None:
    assert owned.add("王的新客户", user="wang")["owner"] == "wang"
    before = owned.snapshot()
    owned.fails(1, "customer", "add", "王替陈加的", "--owner", "chen", user="wang")
    assert owned.snapshot() == before


def test_managers_add_for_their_team(owned: Crm) -> None:
    assert owned.add("李替赵加的", "--owner", "zhao", user="li")["owner"] == "zhao"


@pytest.mark.parametrize(
    ("user", "expected"),
    [
        ("admin", [ADMINS, LIS, WANGS, ZHAOS, CHENS, PUBLIC]),
        ("li", [LIS, WANGS, ZHAOS, PUBLIC]),
        ("wang", [WANGS, PUBLIC]),
        ("zhao", [ZHAOS, PUBLIC]),
        ("chen", [CHENS, PUBLIC]),
    ],
)
def test_each_user_lists_what_they_may_see(owned: Crm, user: str, expected: list[str]) -> None:
    assert owned.codes(user=user) == expected


def test_a_hidden_customer_is_not_found_not_denied(owned: Crm) -> None:
    assert "C000005" in owned.fails(4, "customer", "show", CHENS, user="wang")
    owned.fails(4, "customer", "show", "陈氏电子", user="wang")
    owned.fails(4, "customer", "edit", CHENS, "--city", "上海", user="wang")
    owned.fails(4, "customer", "log", CHENS, user="li")
    owned.fails(4, "customer", "show", ADMINS, user="li")


def test_visible_but_not_editable_is_denied(owned: Crm) -> None:
    assert owned.json("customer", "show", PUBLIC, user="wang")["owner"] == "chen"
    before = owned.snapshot()
    owned.fails(5, "customer", "edit", PUBLIC, "--city", "上海", user="wang")
    owned.fails(5, "customer", "update", "--set", "level=B", "--yes", user="wang")
    assert owned.snapshot() == before


def test_owners_and_their_managers_may_edit(owned: Crm) -> None:
    assert owned.json("customer", "edit", WANGS, "--level", "B", user="wang")["level"] == "B"
    assert owned.json("customer", "edit", ZHAOS, "--level", "C", user="li")["level"] == "C"


def test_sales_may_not_delete(owned: Crm) -> None:
    before = owned.snapshot()
    owned.fails(5, "customer", "delete", WANGS, "--yes", user="wang")
    assert owned.snapshot() == before


def test_delete_without_yes_off_a_terminal_is_refused(owned: Crm) -> None:
    before = owned.snapshot()
    owned.fails(1, "customer", "delete", WANGS)
    assert owned.snapshot() == before


def test_delete_restore_purge(owned: Crm) -> None:
    owned.ok("customer", "delete", ZHAOS, "--yes", user="li")  # a manager, for their team
    assert ZHAOS not in owned.codes()
    assert owned.codes("--deleted") == [ZHAOS]
    assert owned.customers("--deleted")[0]["deleted"] is True
    owned.fails(1, "customer", "edit", ZHAOS, "--city", "上海")
    owned.ok("customer", "restore", ZHAOS)
    assert ZHAOS in owned.codes() and owned.codes("--deleted") == []
    owned.ok("customer", "delete", ZHAOS, WANGS, "--yes")
    owned.fails(5, "customer", "purge", ZHAOS, "--yes", user="li")
    owned.ok("customer", "purge", ZHAOS, "--yes")
    assert owned.codes("--deleted") == [WANGS]
    owned.fails(4, "customer", "show", ZHAOS)
    assert [e["action"] for e in owned.log(WANGS)][:1] == ["delete"]


def test_purge_only_takes_deleted_customers(owned: Crm) -> None:
    before = owned.snapshot()
    owned.fails(4, "customer", "purge", WANGS, "--yes")
    assert owned.snapshot() == before


def test_a_batch_delete_is_all_or_nothing(owned: Crm) -> None:
    before = owned.snapshot()
    owned.fails(5, "customer", "delete", ZHAOS, PUBLIC, "--yes", user="li")
    assert owned.snapshot() == before


def test_transfer(owned: Crm) -> None:
    rows = owned.json("customer", "transfer", WANGS, ZHAOS, "--to", "chen", user="li")
    assert [r["owner"] for r in rows] == ["chen", "chen"]
    assert owned.codes(user="wang") == [PUBLIC]
    assert owned.codes(user="chen") == [WANGS, ZHAOS, CHENS, PUBLIC]
    entry = owned.log(WANGS)[0]
    assert entry["action"] == "transfer" and entry["changes"]["owner"] == ["wang", "chen"]


def test_transfer_refusals_change_nothing(owned: Crm) -> None:
    before = owned.snapshot()
    owned.fails(5, "customer", "transfer", PUBLIC, "--to", "wang", user="wang")
    owned.fails(4, "customer", "transfer", WANGS, "--to", "nobody")
    owned.ok("user", "deactivate", "zhao")
    owned.fails(1, "customer", "transfer", WANGS, "--to", "zhao")
    assert owned.snapshot() == before


def test_delegation_grants_access_until_undelegated(owned: Crm) -> None:
    rows = owned.json("customer", "delegate", CHENS, "--to", "wang", "--until", "+1w", user="chen")
    assert rows[0]["delegate"] == "wang" and rows[0]["active"] is True
    assert owned.codes(user="wang") == [WANGS, CHENS, PUBLIC]
    assert owned.json("customer", "show", CHENS, user="wang")["delegated_to"] == ["wang"]
    edited = owned.json("customer", "edit", CHENS, "--level", "A", user="wang")
    assert edited["level"] == "A" and edited["owner"] == "chen"
    result = owned.ok("customer", "undelegate", CHENS, user="chen")
    assert "Revoked 1" in result.stderr
    assert owned.codes(user="wang") == [WANGS, PUBLIC]
    owned.fails(4, "customer", "show", CHENS, user="wang")


def test_delegation_end_must_be_a_future_date(owned: Crm) -> None:
    before = owned.snapshot()
    assert "past" in owned.fails(
        1, "customer", "delegate", CHENS, "--to", "wang", "--until", "yesterday", user="chen"
    )
    assert "invalid date" in owned.fails(
        1, "customer", "delegate", CHENS, "--to", "wang", "--until", "soon", user="chen"
    )
    assert owned.snapshot() == before
    assert owned.codes(user="wang") == [WANGS, PUBLIC]


def test_delegate_requires_until(owned: Crm) -> None:
    result = owned.run("customer", "delegate", CHENS, "--to", "wang", user="chen")
    assert result.exit_code == 2 and "--until" in result.stderr
