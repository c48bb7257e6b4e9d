"""`crm contact log | history | record | record-edit | record-delete` (ACT-1, ACT-2) and
`crm remind add | list | done` through the real CLI."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from tests.cli.conftest import Crm


@pytest.fixture
def sales(staff: Crm) -> Crm:
    """wang owns C000001 (contact 张伟) and C000002; chen owns C000003 (contact 李娜)."""
    staff.add("中兴通讯", user="wang")
    staff.add("华为技术", user="wang")
    staff.add("格力电器", user="chen")
    staff.ok("contact", "add", "C000001", "张伟", user="wang")
    staff.ok("contact", "add", "C000003", "李娜", user="chen")
    return staff


def history(crm: Crm, *args: str, user: str = "admin") -> list[dict[str, Any]]:
    return crm.json("contact", "history", *args, user=user)  # type: ignore[no-any-return]


def derived(crm: Crm, ref: str = "C000001") -> tuple[Any, Any, Any]:
    row = crm.json("customer", "show", ref)
    return row["last_contact"], row["next_contact"], row["latest_progress"]


def test_log_with_every_field(sales: Crm) -> None:
    row = sales.json(
        "contact", "log", "C000001", "--contact", "张伟", "--method", "visit",
        "--purpose", "quote", "--cause", "价格谈判", "--place", "深圳总部",
        "--at", "2026-05-03 09:00", "--until", "2026-05-03 10:30", "--summary", "报价已确认",
        "--project", "5G基站", "--order", "SO000001", "--result", "continue",
        "--next", "2026-05-10", "--next-status", "remind", "--next-note", "送合同",
        "--set-status", "intent", user="wang",
    )  # fmt: skip
    assert row["customer"] == "C000001" and row["contact"] == "CT000001"
    assert (row["user"], row["method"], row["purpose"], row["cause"]) == (
        "wang", "visit", "quote", "价格谈判",
    )  # fmt: skip
    assert (row["place"], row["project"], row["order_ref"]) == ("深圳总部", "5G基站", "SO000001")
    assert (row["started_at"], row["ended_at"], row["minutes"]) == (
        "2026-05-03T09:00:00", "2026-05-03T10:30:00", 90,
    )  # fmt: skip
    assert (row["next_date"], row["next_status"], row["next_note"]) == (
        "2026-05-10", "remind", "送合同",
    )  # fmt: skip
    assert row["new_status"] == "intent"
    assert derived(sales) == ("2026-05-03", "2026-05-10", "报价已确认")
    assert sales.json("customer", "show", "C000001")["status"] == "intent"
    entities = [(e["entity"], e["action"]) for e in sales.log("C000001")[:2]]
    assert entities == [("activity", "add"), ("customer", "edit")]


def test_failed_contact_with_reason(sales: Crm) -> None:
    row = sales.json("contact", "log", "C000001", "--summary", "客户选了别家", "--result",
                     "failed", "--reason", "价格太高", "--set-status", "lost", user="wang")  # fmt: skip
    assert (row["result"], row["failure_reason"]) == ("failed", "价格太高")
    assert sales.json("customer", "show", "C000001")["status"] == "lost"


@pytest.mark.parametrize(
    ("code", "args", "user"),
    [
        (1, ["--summary", "x", "--result", "failed"], "wang"),  # no failure reason
        (1, ["--summary", "x", "--reason", "贵"], "wang"),  # a reason without failing
        (1, ["--summary", "x", "--method", "pigeon"], "wang"),
        (1, ["--summary", "x", "--minutes", "-3"], "wang"),
        (1, ["--summary", "x", "--at", "yesterday-ish"], "wang"),
        (1, ["--summary", "x", "--next", "2020-01-01", "--at", "2026-05-01"], "wang"),
        (1, ["--summary", "x", "--set-status", "nonexistent"], "wang"),
        (1, ["--summary", " "], "wang"),
        (2, ["--minutes", "5"], "wang"),  # --summary is required
        (4, ["--summary", "x", "--contact", "李娜"], "wang"),  # chen's customer's contact
        (4, ["--summary", "x"], "chen"),  # wang's customer: invisible to chen
        (5, ["--summary", "x"], "chen-public"),
    ],
)
def test_refused_logs_change_nothing(sales: Crm, code: int, args: list[str], user: str) -> None:
    if user == "chen-public":
        sales.ok("customer", "edit", "C000001", "--public", user="wang")
        user = "chen"
    before = sales.snapshot()
    if code == 2:
        result = sales.run("contact", "log", "C000001", *args, user=user)
        assert result.exit_code == 2
    else:
        sales.fails(code, "contact", "log", "C000001", *args, user=user)
    assert sales.snapshot() == before
    assert history(sales) == []


def test_an_audited_customer_refuses_a_status_change(sales: Crm) -> None:
    sales.ok("customer", "audit", "C000001", user="li")
    before = sales.snapshot()
    assert "audited" in sales.fails(3, "contact", "log", "C000001", "--summary", "x",
                                    "--set-status", "formal", user="wang")  # fmt: skip
    assert sales.snapshot() == before and history(sales) == []


def test_history_filters_and_visibility(sales: Crm) -> None:
    sales.ok("contact", "log", "C000001", "--summary", "w1", "--at", "2026-05-01", user="wang")
    sales.ok("contact", "log", "C000002", "--summary", "w2", "--at", "2026-05-02", user="wang")
    sales.ok("contact", "log", "C000003", "--summary", "c3", "--at", "2026-05-03", user="chen")
    assert [r["summary"] for r in history(sales)] == ["c3", "w2", "w1"]
    assert [r["summary"] for r in history(sales, user="wang")] == ["w2", "w1"]
    assert [r["summary"] for r in history(sales, user="li")] == ["w2", "w1"]
    assert [r["summary"] for r in history(sales, "C000001")] == ["w1"]
    assert [r["summary"] for r in history(sales, "--since", "2026-05-02")] == ["c3", "w2"]
    assert [r["summary"] for r in history(sales, "--user", "chen")] == ["c3"]
    assert [r["summary"] for r in history(sales, "--limit", "1")] == ["c3"]
    sales.fails(4, "contact", "history", "C000003", user="wang")
    sales.fails(4, "contact", "history", "--user", "nobody")
    sales.fails(1, "contact", "history", "--since", "soon")
    text = sales.ok("contact", "history", "-f", "plain").stdout.splitlines()
    assert text[0].split() == ["id", "started_at", "customer", "customer_name", "contact_name",
                               "user", "method", "result", "summary", "next_date"]  # fmt: skip
    assert len(text) == 4


def test_edit_and_delete_recompute_the_customer(sales: Crm) -> None:
    sales.ok("contact", "log", "C000001", "--summary", "first", "--at", "2026-05-01",
             "--next", "2026-05-08", user="wang")  # fmt: skip
    newest = sales.json("contact", "log", "C000001", "--summary", "second", "--at",
                        "2026-05-02", "--next", "2026-05-09", user="wang")  # fmt: skip
    ref = str(newest["id"])
    assert derived(sales) == ("2026-05-02", "2026-05-09", "second")
    row = sales.json("contact", "record-edit", ref, "--summary", "second, corrected",
                     "--next-status", "done", user="wang")  # fmt: skip
    assert row["next_status"] == "done"
    assert derived(sales) == ("2026-05-02", None, "second, corrected")
    assert sales.json("contact", "record", ref)["summary"] == "second, corrected"
    before = sales.snapshot()
    sales.fails(1, "contact", "record-edit", ref, "--result", "failed", user="wang")
    sales.fails(1, "contact", "record-delete", ref, user="wang")  # no --yes off a terminal
    sales.fails(4, "contact", "record-delete", ref, "--yes", user="chen")
    assert sales.snapshot() == before
    result = sales.ok("contact", "record-delete", ref, "--yes", user="wang")
    assert f"Deleted contact record {ref}" in result.stderr
    assert derived(sales) == ("2026-05-01", "2026-05-08", "first")
    sales.fails(4, "contact", "record", ref)
    assert [e["action"] for e in sales.log("C000001")[:3]] == ["delete", "edit", "add"]


def test_only_the_author_or_a_manager_changes_a_record(sales: Crm) -> None:
    ref = str(sales.json("contact", "log", "C000001", "--summary", "w", user="wang")["id"])
    sales.ok("customer", "delegate", "C000001", "--to", "chen", "--until", "+1w", user="wang")
    assert "someone else's" in sales.fails(5, "contact", "record-edit", ref, "--summary", "c",
                                           user="chen")  # fmt: skip
    assert (
        sales.json("contact", "record-edit", ref, "--summary", "li", user="li")["summary"] == "li"
    )


def test_remind_add_list_done(sales: Crm) -> None:
    row = sales.json("remind", "add", "寄样品", "--at", "2099-01-02 09:30", "--customer",
                     "C000001", user="wang")  # fmt: skip
    assert (row["due_at"], row["customer"], row["user"]) == (
        "2099-01-02T09:30:00",
        "C000001",
        "wang",
    )
    team = sales.json("remind", "add", "季度回访", "--at", "2099-01-01", "--for", "zhao", user="li")
    assert team["user"] == "zhao" and team["created_by"] == "li"
    assert [r["text"] for r in sales.json("remind", "list", user="wang")] == ["寄样品"]
    assert [r["text"] for r in sales.json("remind", "list", user="li")] == ["季度回访"]
    result = sales.ok("remind", "done", str(row["id"]), user="wang")
    assert "Done: reminder" in result.stderr and result.stdout == ""
    assert sales.json("remind", "list", user="wang") == []
    assert [r["done"] for r in sales.json("remind", "list", "--all", user="wang")] == [True]


@pytest.mark.parametrize(
    ("code", "args", "user"),
    [
        (1, ["x", "--at", "2000-01-01"], "wang"),  # in the past
        (1, ["x", "--at", "whenever"], "wang"),
        (1, [" ", "--at", "2099-01-01"], "wang"),
        (2, ["x"], "wang"),  # --at is required
        (4, ["x", "--at", "2099-01-01", "--customer", "C000003"], "wang"),
        (5, ["x", "--at", "2099-01-01", "--for", "li"], "wang"),
        (5, ["x", "--at", "2099-01-01", "--for", "wang"], "chen"),
    ],
)
def test_refused_reminders_change_nothing(
    sales: Crm, code: int, args: list[str], user: str
) -> None:
    if code == 2:
        assert sales.run("remind", "add", *args, user=user).exit_code == 2
    else:
        sales.fails(code, "remind", "add", *args, user=user)
    assert sales.json("remind", "list", "--all", user="admin") == []
    assert sales.json("remind", "list", "--all", user=user) == []


def test_remind_done_errors(sales: Crm) -> None:
    ref = str(sales.json("remind", "add", "x", "--at", "2099-01-01", user="wang")["id"])
    sales.fails(4, "remind", "done", ref, user="chen")
    sales.fails(1, "remind", "done", "first", user="wang")
    sales.ok("remind", "done", ref, user="wang")
    assert "done already" in sales.fails(1, "remind", "done", ref, user="wang")
