"""`crm target …` (issue 14, point 2; TGT-1): set, list with attainment as of a day, show a
department with its people beneath, delete; bad input as one stderr line with CLI.md's
exit code that writes nothing."""

from __future__ import annotations

import sqlite3
from typing import Any

import pytest

from tests.cli.conftest import Crm

SET = ("target", "set")


@pytest.fixture
def desk(crm: Crm) -> Crm:
    """li manages 华南 (wang; zhao below wang); chen alone in 华东. wang has two customers
    registered in November and three contact records, one after the 15th."""
    crm.ok("user", "add", "li", "--role", "manager", "--department", "华南")
    crm.ok("user", "add", "wang", "--department", "华南", "--supervisor", "li")
    crm.ok("user", "add", "zhao", "--department", "华南", "--supervisor", "wang")
    crm.ok("user", "add", "chen", "--department", "华东")
    crm.add("十二月一", "--registered", "2026-11-03", user="wang")
    crm.add("十一月", "--registered", "2026-10-20", user="wang")
    crm.add("十二月二", "--registered", "2026-11-10", user="wang")
    for when in ("2026-11-04 10:00", "2026-11-14 16:00", "2026-11-20 09:00"):
        crm.ok("contact", "log", "C000001", "--summary", "回访", "--at", when, user="wang")
    return crm


def stored(crm: Crm) -> tuple[list[Any], int]:
    """The target rows and the size of the log: a refusal leaves both as they were."""
    with sqlite3.connect(crm.tmp_path / "crm.db") as con:
        rows = con.execute("SELECT * FROM sales_target ORDER BY id").fetchall()
        (logged,) = con.execute("SELECT count(*) FROM op_log").fetchone()
    return rows, logged


def test_set_list_show_and_delete(desk: Crm) -> None:
    made = desk.json(*SET, "--user", "wang", "--period", "2026-11", "--metric", "contacts", "4",
                     user="li")  # fmt: skip
    assert [(t["user"], t["metric"], t["amount"], t["setter"]) for t in made] == [
        ("wang", "contacts", 4, "li")]  # fmt: skip
    both = desk.json(*SET, "--department", "华南", "--period", "2026-Q4", "--orders", "100000.50",
                     "--customers", "10", user="li")  # fmt: skip
    assert [(t["department"], t["metric"], t["amount"]) for t in both] == [
        ("华南", "orders", 100000.5), ("华南", "new_customers", 10)]  # fmt: skip
    rows = desk.json("target", "list", "--as-of", "2026-11-15", user="li")
    assert [(r["period"], r["name"], r["metric"], r["actual"], r["percent"], r["gap"])
            for r in rows] == [
        ("2026-11", "wang", "contacts", 2, 50, 2),
        ("2026-Q4", "华南", "orders", 0, 0, 100000.5),
        ("2026-Q4", "华南", "new_customers", 3, 30, 7),
    ]  # fmt: skip
    assert "attainment" not in rows[0] and rows[1]["pipeline"] == 0 and rows[0]["pipeline"] is None
    text = desk.ok("target", "list", "--user", "wang", "--as-of", "2026-11-30", user="wang").stdout
    assert "███████░░░ 75%" in text.splitlines()[1] and "contacts" in text
    csv = desk.ok("target", "list", "-f", "csv", "--as-of", "2026-11-15", user="li").stdout
    assert csv.splitlines()[:2] == ["period,name,metric,target,actual,percent,pipeline,gap",
                                    "2026-11,wang,contacts,4,2,50,,2"]  # fmt: skip
    shown = desk.json("target", "show", "--department", "华南", "--period", "2026-11",
                      "--as-of", "2026-11-15", user="li")  # fmt: skip
    assert [(r["scope"], r["user"], r["metric"]) for r in shown if r["metric"] == "contacts"] == [
        ("department", None, "contacts"), ("member", "li", "contacts"),
        ("member", "wang", "contacts"), ("member", "zhao", "contacts"),
    ]  # fmt: skip
    assert [r["target"] for r in shown if r["metric"] == "contacts"] == [None, None, 4, None]
    deleted = desk.ok("target", "delete", "--user", "wang", "--period", "2026-11",
                      "--metric", "contacts", user="li")  # fmt: skip
    assert deleted.stderr.strip() == "Deleted the contacts target of wang for 2026-11."
    assert desk.json("target", "list", "--period", "2026-11", user="li") == []


def test_show_prints_bars_for_people_and_departments(desk: Crm) -> None:
    desk.ok(*SET, "--department", "华南", "--period", "2026-11", "--contacts", "3", user="li")
    out = desk.ok("target", "show", "--department", "华南", "--period", "2026-11",
                  "--as-of", "2026-11-15", "-f", "plain", user="li").stdout  # fmt: skip
    first = out.splitlines()[4]  # header, then orders, receipts, new customers, contacts
    assert first.split()[:2] == ["department", "华南"] and "██████░░░░ 67%" in first


@pytest.mark.parametrize(
    ("code", "args", "says"),
    [
        (4, ("--user", "nobody", "--period", "2026-11", "--orders", "5"), "no user 'nobody'"),
        (4, ("--department", "研发部", "--period", "2026-11", "--orders", "5"), "no department"),
        (1, ("--user", "wang", "--period", "2026-Q5", "--orders", "5"), "invalid period '2026-Q5'"),
        (1, ("--user", "wang", "--period", "2026-13", "--orders", "5"), "invalid period"),
        (1, ("--user", "wang", "--period", "2026-11", "--orders", "-5"), "above zero"),
        (1, ("--user", "wang", "--period", "2026-11", "--metric", "orders", "--", "-5"),
         "above zero"),
        (1, ("--user", "wang", "--period", "2026-11", "--metric", "revenue", "5"),
         "unknown metric 'revenue'"),
        (1, ("--user", "wang", "--period", "2026-11", "--contacts", "2.5"), "whole number"),
        (1, ("--user", "wang", "--period", "2026-11", "--metric", "orders"), "AMOUNT"),
        (1, ("--user", "wang", "--department", "华南", "--period", "2026-11", "--orders", "5"),
         "one of them"),
        (1, ("--user", "wang", "--period", "2026-11"), "at least one metric"),
        (5, ("--user", "chen", "--period", "2026-11", "--orders", "5"), "people below you"),
    ],
)  # fmt: skip
def test_bad_input_is_one_line_with_its_exit_code_and_writes_nothing(
    desk: Crm, code: int, args: tuple[str, ...], says: str
) -> None:
    before = stored(desk)
    assert says in desk.fails(code, *SET, *args, user="li")
    assert stored(desk) == before


def test_refusals_of_reading_and_deleting(desk: Crm) -> None:
    desk.ok(*SET, "--user", "chen", "--period", "2026-11", "--orders", "5")
    before = stored(desk)
    desk.fails(5, "target", "list", "--user", "chen", user="wang")
    desk.fails(5, "target", "show", "--user", "chen", "--period", "2026-11", user="li")
    desk.fails(5, "target", "set", "--user", "zhao", "--period", "2026-11", "--orders", "5",
               user="wang")  # fmt: skip
    desk.fails(5, "target", "delete", "--user", "chen", "--period", "2026-11", "--metric",
               "orders", user="li")  # fmt: skip
    desk.fails(4, "target", "delete", "--user", "wang", "--period", "2026-11", "--metric",
               "orders", user="li")  # fmt: skip
    desk.fails(1, "target", "list", "--period", "2026-Q0", user="li")
    assert stored(desk) == before
    assert desk.run("target", "show", "--user", "wang").exit_code == 2  # no --period
    assert desk.run(*SET, "--user", "wang", "--period", "2026-11", "--metric", "orders",
                    "-5").exit_code == 2  # fmt: skip
