"""`crm approvals` through the real CLI (issue 14, point 5): the inbox, approve and reject
by code, `crm today` for a manager, and refusals that change nothing."""

from __future__ import annotations

import json
from typing import Any

import pytest

from crm_cli.store.core import users
from crm_cli.store.expenses import expenses
from tests.cli.conftest import Crm
from tests.store.approval_desk import ago

AS_OF = "2026-11-02"


@pytest.fixture
def desk(staff: Crm) -> Crm:
    """wang's order SO000001 (submitted), his quote Q000001, a draft SO000002; expenses of
    zhao (EX000001) and li (EX000002), both submitted."""
    staff.ok("product", "add", "PC", "Desktop PC", "--price", "1000")
    staff.add("Acme Trading", user="wang")
    staff.ok("quote", "add", "C000001", "--line", "PC:1", "--subject", "Refit",
             "--as-of", "2026-10-28", user="wang")  # fmt: skip
    for _ in range(2):
        staff.ok("order", "add", "C000001", "--line", "PC:2", "--as-of", "2026-10-30", user="wang")
    staff.ok("order", "submit", "SO000001", "--as-of", "2026-10-31", user="wang")
    # No `crm expense` yet in this tree's CLI: written through the store, on the same file.
    for login, amount, days in (("zhao", "120.50", 4), ("li", "88.00", 1)):
        owner = users.resolve_actor(login)
        code = expenses.add_expense(owner, amount=amount, category="travel", now=ago(days)).code
        expenses.submit_expense(owner, code, now=ago(days))
    return staff


def inbox(crm: Crm, user: str, *args: str) -> list[dict[str, Any]]:
    return crm.json("approvals", *args, user=user)  # type: ignore[no-any-return]


def state(crm: Crm) -> tuple[str, ...]:
    """Orders and quotes as an admin sees them, and everyone's inbox."""
    return (
        crm.ok("order", "list", "-f", "json").stdout,
        crm.ok("quote", "list", "-f", "json").stdout,
        *(crm.ok("approvals", "-f", "json", user=u).stdout for u in ("admin", "li", "wang")),
    )


def test_a_managers_today_shows_the_order_waiting_for_them(desk: Crm) -> None:
    """The issue's first observation: li's `crm today` said "Nothing due."."""
    text = desk.ok("today", "-f", "plain", "--as-of", AS_OF, user="li").stdout
    assert "Nothing due." not in text
    assert "Waiting for my approval (3)" in text
    assert "order SO000001 from wang" in text
    data = desk.json("today", "--as-of", AS_OF, user="li")
    assert data["counts"]["approval"] == 3
    assert "Nothing due." in desk.ok("today", "-f", "plain", "--as-of", AS_OF, user="chen").stdout


def test_the_inbox_lists_oldest_first_in_json(desk: Crm) -> None:
    rows = inbox(desk, "li", "--as-of", AS_OF)
    assert [(r["kind"], r["code"], r["owner"], r["age_days"]) for r in rows] == [
        ("quote", "Q000001", "wang", 5), ("expense", "EX000001", "zhao", 4),
        ("order", "SO000001", "wang", 2),
    ]  # fmt: skip
    assert list(rows[0]) == ["kind", "code", "customer", "customer_name", "owner", "amount",
                             "subject", "since", "age_days"]  # fmt: skip
    order = next(r for r in rows if r["code"] == "SO000001")
    assert (order["customer"], order["amount"], order["subject"]) == ("C000001", 2000.0, "")
    assert inbox(desk, "li", "list", "--as-of", AS_OF) == rows
    assert [r["code"] for r in inbox(desk, "admin")] == [r["code"] for r in rows] + ["EX000002"]
    assert [r["code"] for r in inbox(desk, "wang")] == ["EX000001"]
    assert [r["code"] for r in inbox(desk, "li", "--limit", "1", "--offset", "1")] == [
        rows[1]["code"]
    ]
    empty = desk.ok("approvals", user="chen")
    assert (empty.stdout, empty.stderr) == ("", "Nothing waits for your approval.\n")


def test_approve_by_code_whatever_the_kind(desk: Crm) -> None:
    result = desk.ok("approvals", "approve", "SO000001", "q000001", "EX000001", "-f", "json",
                     user="li")  # fmt: skip
    assert result.stderr == "Approved 3 item(s).\n"
    assert [(d["kind"], d["code"], d["status"]) for d in json.loads(result.stdout)] == [
        ("order", "SO000001", "approved"), ("quote", "Q000001", "audited"),
        ("expense", "EX000001", "approved"),
    ]  # fmt: skip
    assert desk.json("order", "show", "SO000001")["status"] == "approved"
    assert desk.json("quote", "show", "Q000001")["audited"] is True
    assert inbox(desk, "li") == []


def test_reject_with_a_reason(desk: Crm) -> None:
    done = desk.json("approvals", "reject", "SO000001", "--reason", "折扣太高", user="li")
    assert done == {"kind": "order", "code": "SO000001", "status": "rejected"}
    order = desk.json("order", "show", "SO000001")
    assert (order["status"], order["reject_reason"]) == ("rejected", "折扣太高")


@pytest.mark.parametrize(
    ("code", "user", "args", "message"),
    [
        (1, "li", ("approve", "SO000002"), "SO000002 is draft, not submitted"),
        (5, "li", ("approve", "EX000002"), "you may not approve your own expense EX000002"),
        (4, "li", ("approve", "SO000001", "SO999999"), "no order, quote or expense 'SO999999'"),
        (5, "wang", ("approve", "SO000001"), "only the owner's manager or an admin may"),
        (1, "li", ("reject", "SO000001"), "give a reason for rejecting (--reason)"),
        (1, "li", ("reject", "SO000001", "--reason", " "), "give a reason"),
        (1, "li", ("reject", "Q000001", "--reason", "dear"), "quote Q000001 cannot be rejected"),
        (1, "li", ("--limit", "-1"), "invalid --limit -1"),
        (1, "li", ("--fields", "nope"), "unknown field 'nope'"),
    ],
)
def test_refusals_say_why_in_one_line_and_change_nothing(
    desk: Crm, code: int, user: str, args: tuple[str, ...], message: str
) -> None:
    before = state(desk)
    assert message in desk.fails(code, "approvals", *args, user=user)
    assert state(desk) == before
