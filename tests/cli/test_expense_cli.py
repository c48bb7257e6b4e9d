"""`crm expense …` (issue 14, point 3; EXP-1): the command contract, approval up the
hierarchy, the 360 view, and bad input as one stderr line with CLI.md's exit code that
writes nothing."""

from __future__ import annotations

import sqlite3
from typing import Any

import pytest

from tests.cli.conftest import Crm


@pytest.fixture
def desk(staff: Crm) -> Crm:
    """wang's customer C000001; chen on her own sees nothing of it."""
    staff.add("华为技术有限公司", user="wang")
    return staff


def expense(crm: Crm, *extra: str, user: str = "wang") -> dict[str, Any]:
    return crm.json(  # type: ignore[no-any-return]
        "expense", "add", "--amount", "356.80", "--category", "travel", *extra, user=user
    )


def listed(crm: Crm, *extra: str, user: str = "admin") -> list[str]:
    return [e["code"] for e in crm.json("expense", "list", *extra, user=user)]


def rows(crm: Crm) -> list[tuple[Any, ...]]:
    """The expense table and the log, read from the file: a refusal leaves both alone."""
    with sqlite3.connect(crm.tmp_path / "crm.db") as con:
        found = list(con.execute("SELECT * FROM expense ORDER BY id"))
        return found + list(con.execute("SELECT * FROM op_log ORDER BY id"))


def test_an_expense_from_claim_to_approval(desk: Crm) -> None:
    added = expense(desk, "--customer", "C000001", "--date", "2026-11-20", "--note", "出差深圳")
    assert (added["code"], added["status"], added["amount"]) == ("EX000001", "draft", 356.8)
    assert (added["customer"], added["spent_on"], added["owner"]) == (
        "C000001",
        "2026-11-20",
        "wang",
    )
    raw = desk.ok("expense", "show", "EX000001", "-f", "json", user="wang").stdout
    assert '"amount": 356.80' in raw
    assert desk.json("expense", "submit", "EX000001", user="wang")["status"] == "submitted"
    rejected = desk.json("expense", "reject", "EX000001", "--reason", "缺发票", user="li")
    assert (rejected["status"], rejected["reject_reason"]) == ("rejected", "缺发票")
    desk.ok("expense", "edit", "EX000001", "--amount", "300", user="wang")
    desk.ok("expense", "submit", "EX000001", user="wang")
    approved = desk.json("expense", "approve", "EX000001", user="li")
    assert (approved["status"], approved["decided_by"], approved["amount"]) == (
        "approved",
        "li",
        300,
    )
    desk.fails(3, "expense", "edit", "EX000001", "--note", "x", user="wang")
    desk.fails(3, "expense", "delete", "EX000001", "--yes", user="wang")
    actions = [e["action"] for e in desk.log("C000001") if e["entity"] == "expense"]
    assert actions == ["approve", "submit", "edit", "reject", "submit", "add"]
    view = desk.json("customer", "show", "C000001", user="wang")
    assert [(x["code"], x["amount"], x["status"]) for x in view["expenses"]] == [
        ("EX000001", 300, "approved")
    ]


def test_lists_follow_the_hierarchy_and_filter(desk: Crm) -> None:
    expense(desk, "--date", "2026-11-01", user="zhao")
    expense(desk, "--date", "2026-11-02", "--customer", "C000001", user="wang")
    expense(desk, "--date", "2026-11-03", user="chen")
    assert listed(desk, user="zhao") == ["EX000001"]
    assert listed(desk, user="li") == ["EX000002", "EX000001"]
    assert listed(desk) == ["EX000003", "EX000002", "EX000001"]
    assert listed(desk, "--owner", "zhao", user="wang") == ["EX000001"]
    assert listed(desk, "--from", "2026-11-02", "--to", "2026-11-02") == ["EX000002"]
    assert listed(desk, "--customer", "C000001", user="li") == ["EX000002"]
    assert listed(desk, "--status", "draft", "-n", "1") == ["EX000003"]
    plain = desk.ok("expense", "list", "-f", "plain", user="wang").stdout
    assert "EX000001" in plain and "356.80" in plain
    desk.fails(4, "expense", "show", "EX000003", user="li")
    assert "No expenses." in desk.run("expense", "list", "--category", "gifts").stderr


def test_a_negative_expense_exits_1_and_writes_nothing(desk: Crm) -> None:
    before = rows(desk)
    line = desk.fails(1, "expense", "add", "--amount", "-50", "--category", "travel", user="wang")
    assert line == "Error: invalid expense amount -50: it must be more than 0"
    assert rows(desk) == before


def test_approving_ones_own_expense_exits_5_and_writes_nothing(desk: Crm) -> None:
    expense(desk, user="li")
    desk.ok("expense", "submit", "EX000001", user="li")
    before = rows(desk)
    line = desk.fails(5, "expense", "approve", "EX000001", user="li")
    assert line == "Error: you may not approve your own expense EX000001"
    assert desk.fails(5, "expense", "reject", "EX000001", "--reason", "x", user="li")
    assert rows(desk) == before
    assert desk.json("expense", "approve", "EX000001")["decided_by"] == "admin"


@pytest.mark.parametrize(
    ("code", "extra"),
    [(1, ("--amount", "12.345", "--category", "travel")),
     (1, ("--amount", "10", "--category", "yacht")),
     (1, ("--amount", "10", "--category", "travel", "--date", "2099-01-01")),
     (4, ("--amount", "10", "--category", "travel", "--customer", "C000001")),
     (4, ("--amount", "10", "--category", "travel", "--campaign", "CP404"))],
)  # fmt: skip
def test_other_bad_input_exits_with_its_code_and_writes_nothing(
    desk: Crm, code: int, extra: tuple[str, ...]
) -> None:
    before = rows(desk)
    desk.fails(code, "expense", "add", *extra, user="chen")
    assert rows(desk) == before


def test_deciding_takes_a_submitted_expense_of_someone_below(desk: Crm) -> None:
    expense(desk, user="zhao")
    desk.fails(1, "expense", "approve", "EX000001", user="wang")  # still a draft
    desk.ok("expense", "submit", "EX000001", user="zhao")
    desk.fails(4, "expense", "approve", "EX000001", user="chen")
    desk.fails(1, "expense", "reject", "EX000001", "--reason", " ", user="wang")
    assert desk.run("expense", "reject", "EX000001", user="wang").exit_code == 2
    assert desk.json("expense", "approve", "EX000001", user="wang")["status"] == "approved"
