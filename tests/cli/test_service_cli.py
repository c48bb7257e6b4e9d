"""`crm service …` (issue 13, point 1): the command contract, the 360 view and `crm today`,
and bad input as one stderr line with CLI.md's exit code that writes nothing."""

from __future__ import annotations

import sqlite3
from typing import Any

import peewee as pw
import pytest

from tests.cli.conftest import Crm


@pytest.fixture
def desk(staff: Crm) -> Crm:
    """wang's customer C000001 with a contact; chen on her own sees nothing of it."""
    staff.add("华为技术有限公司", user="wang")
    staff.ok("contact", "add", "C000001", "张伟", user="wang")
    return staff


def ticket(crm: Crm, *extra: str, user: str = "wang") -> dict[str, Any]:
    return crm.json(  # type: ignore[no-any-return]
        "service", "add", "C000001", "--type", "repair", "--description", "打印机卡纸", *extra,
        user=user,
    )  # fmt: skip


def tickets(crm: Crm, *extra: str, user: str = "admin") -> list[dict[str, Any]]:
    return crm.json("service", "list", *extra, user=user)  # type: ignore[no-any-return]


def test_a_ticket_from_request_to_feedback(desk: Crm) -> None:
    added = ticket(desk, "--contact", "张伟", "--priority", "high", "--due", "2099-01-02 10:00")
    assert (added["code"], added["status"], added["contact"]) == ("SV000001", "unprocessed", "张伟")
    assert added["due_at"] == "2099-01-02T10:00:00" and added["customer"] == "C000001"
    steps = [
        (("assign", "SV000001", "--to", "zhao"), "wang", "assigned"),
        (("start", "SV000001"), "zhao", "in_progress"),
        (("resolve", "SV000001", "--resolution", "更换搓纸轮", "--next-service", "2099-06-01"),
         "zhao", "resolved"),
        (("feedback", "SV000001", "--satisfaction", "5", "--note", "很快"), "wang", "resolved"),
        (("close", "SV000001"), "wang", "closed"),
        (("reopen", "SV000001", "--reason", "又卡纸"), "wang", "assigned"),
    ]  # fmt: skip
    for words, user, status in steps:
        assert desk.json("service", *words, user=user)["status"] == status, words
    shown = desk.json("service", "show", "SV000001", user="zhao")
    assert (shown["assignee"], shown["satisfaction"], shown["feedback"]) == ("zhao", 5, "很快")
    assert shown["next_service"] == "2099-06-01" and shown["resolution"] == "更换搓纸轮"
    actions = [e["action"] for e in desk.log("C000001") if e["entity"] == "ticket"]
    assert actions == ["reopen", "close", "feedback", "resolve", "start", "assign", "add"]


def test_list_show_edit_delete_and_the_360_view(desk: Crm) -> None:
    ticket(desk)
    ticket(desk, "--assign", "zhao")
    assert [t["code"] for t in tickets(desk)] == ["SV000002", "SV000001"]
    assert [t["code"] for t in tickets(desk, "--assignee", "zhao", user="zhao")] == ["SV000002"]
    assert [t["code"] for t in tickets(desk, "--status", "unprocessed")] == ["SV000001"]
    edited = desk.json("service", "edit", "SV000001", "--type", "complaint", user="wang")
    assert edited["type"] == "complaint"
    view = desk.json("customer", "show", "C000001", user="wang")
    assert [s["code"] for s in view["services"]] == ["SV000002", "SV000001"]
    assert view["services"][0]["assignee"] == "zhao"
    plain = desk.ok("service", "list", "-f", "plain", user="wang").stdout
    assert "SV000001" in plain and "complaint" in plain
    desk.ok("service", "delete", "SV000001", "--yes", user="wang")
    assert [t["code"] for t in tickets(desk)] == ["SV000002"]
    desk.fails(4, "service", "show", "SV000001")


def test_today_lists_tickets_due_assigned_and_next_services(desk: Crm) -> None:
    ticket(desk, "--assign", "zhao", "--due", "today")
    ticket(desk, "--assign", "zhao", "--due", "+30d")
    desk.json("service", "resolve", "SV000002", "--resolution", "ok", "--next-service", "+2d",
              user="zhao")  # fmt: skip
    digest = desk.json("today", user="zhao")
    kinds = {(i["kind"], i["ref"]) for i in digest["items"]}
    assert ("service_due", "SV000001") in kinds and ("next_service", "SV000002") in kinds
    assert digest["counts"]["service_due"] == 1 and digest["counts"]["next_service"] == 1
    assert digest["counts"]["service_open"] == 0  # due today: listed as due, not twice
    ticket(desk, "--assign", "zhao")
    assert desk.json("today", user="zhao")["counts"]["service_open"] == 1


def test_a_feedback_score_of_0_or_6_exits_1(desk: Crm) -> None:
    ticket(desk, "--assign", "wang")
    desk.ok("service", "resolve", "SV000001", "--resolution", "done", user="wang")
    before = tickets(desk)
    for score in ("0", "6"):
        line = desk.fails(
            1, "service", "feedback", "SV000001", "--satisfaction", score, user="wang"
        )
        assert "--satisfaction" in line and "1 to 5" in line
    assert desk.run("service", "feedback", "SV000001", "--satisfaction", "good").exit_code == 2
    assert tickets(desk) == before


def test_resolving_a_closed_ticket_exits_1(desk: Crm) -> None:
    ticket(desk, "--assign", "wang")
    desk.ok("service", "resolve", "SV000001", "--resolution", "done", user="wang")
    desk.ok("service", "close", "SV000001", user="wang")
    before = (tickets(desk), desk.log("C000001"))
    line = desk.fails(1, "service", "resolve", "SV000001", "--resolution", "x", user="wang")
    assert line == "Error: cannot resolve ticket SV000001: it is closed; reopen it first"
    assert (tickets(desk), desk.log("C000001")) == before


def test_assigning_to_a_deactivated_user_exits_1(desk: Crm) -> None:
    ticket(desk)
    desk.ok("user", "deactivate", "zhao")
    before = tickets(desk)
    line = desk.fails(1, "service", "assign", "SV000001", "--to", "zhao", user="wang")
    assert line == "Error: user 'zhao' is deactivated"
    desk.fails(4, "service", "assign", "SV000001", "--to", "nobody", user="wang")
    assert tickets(desk) == before


def test_a_ticket_for_a_customer_one_cannot_see_exits_4(desk: Crm) -> None:
    line = desk.fails(4, "service", "add", "C000001", "--type", "repair", "--description", "x",
                      user="chen")  # fmt: skip
    assert line == "Error: no customer 'C000001'"
    assert tickets(desk) == []
    ticket(desk)
    desk.fails(4, "service", "show", "SV000001", user="chen")
    assert tickets(desk, user="chen") == []


def test_an_assignee_works_their_ticket_but_may_not_change_it(desk: Crm) -> None:
    ticket(desk, "--assign", "chen")
    assert [t["code"] for t in tickets(desk, user="chen")] == ["SV000001"]
    desk.ok("service", "start", "SV000001", user="chen")
    desk.fails(5, "service", "close", "SV000001", user="chen")
    desk.fails(5, "service", "edit", "SV000001", "--priority", "low", user="chen")
    desk.fails(4, "customer", "show", "C000001", user="chen")


@pytest.mark.parametrize(
    "extra",
    [
        ("--type", "training", "--description", "x"),
        ("--type", "repair", "--description", " "),
        ("--type", "repair", "--description", "x", "--priority", "asap"),
        ("--type", "repair", "--description", "x", "--due", "2000-01-01"),
        ("--type", "repair", "--description", "x", "--next-service", "soon"),
        ("--type", "repair", "--description", "x", "--order-line", "SO1"),
    ],
)
def test_bad_values_exit_1_and_add_nothing(desk: Crm, extra: tuple[str, ...]) -> None:
    desk.fails(1, "service", "add", "C000001", *extra, user="wang")
    assert tickets(desk) == []


def test_usage_errors_exit_2(desk: Crm) -> None:
    assert desk.run("service", "add", "C000001", "--description", "x").exit_code == 2
    assert desk.run("service", "assign", "SV000001").exit_code == 2
    assert desk.run("service", "reopen", "SV000001").exit_code == 2


def test_a_salespersons_first_page_is_read_in_order_from_an_index(
    desk: Crm, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Visibility (the customers one sees, or assigned to one) is a filter on the walk of
    the sort key's index, not a sort of every visible ticket."""
    for _ in range(3):
        ticket(desk, "--assign", "chen")
    seen: list[tuple[str, Any]] = []
    original = pw.SqliteDatabase.execute_sql

    def record(self: Any, sql: str, params: Any = None, *args: Any, **kw: Any) -> Any:
        seen.append((sql, params))
        return original(self, sql, params, *args, **kw)

    for user, sort in (("wang", "-created_at"), ("chen", "due_at"), ("li", "code")):
        seen.clear()
        monkeypatch.setattr(pw.SqliteDatabase, "execute_sql", record)
        assert len(tickets(desk, "-n", "2", "--sort", sort, user=user)) == 2
        monkeypatch.undo()
        paged = [(sql, p) for sql, p in seen if 'FROM "ticket"' in sql and "LIMIT" in sql]
        assert paged
        with sqlite3.connect(desk.tmp_path / "crm.db") as con:
            for sql, params in paged:
                plan = " | ".join(r[-1] for r in con.execute("EXPLAIN QUERY PLAN " + sql, params))
                assert "B-TREE FOR ORDER BY" not in plan and "USING INDEX ticket_" in plan, plan
