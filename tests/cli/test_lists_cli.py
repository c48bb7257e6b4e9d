"""Every list pages in the database (issue 11): `--limit/-n` and `--offset` on each, the first
page read through an index (no sort of every row), sort keys without an index refused, and
output that streams prints what one list would print."""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import peewee as pw
import pytest
from conftest import Crm

from crm_cli.store.core import db
from crm_cli.store.customers.query import SORTS
from tests.owner_copies import copies_that_disagree

# (command words, acting user): every list of records
LISTS = [
    (("customer", "list"), "admin"),
    (("contact", "list"), "admin"),
    (("contact", "history"), "admin"),
    (("contact", "history", "-failed", "summary.has:e"), "admin"),  # terms (SH-1)
    (("opportunity", "list"), "admin"),
    (("quote", "list"), "admin"),
    (("quote", "list", "total.over:100", "-audited"), "admin"),  # terms (SH-1)
    (("order", "list"), "admin"),
    (("order", "list", "total.over:100", "-cancelled"), "admin"),  # terms (SH-1)
    (("receivable", "list"), "admin"),
    (("receivable", "list", "--overdue"), "admin"),
    (("receivable", "list", "+overdue", "owed.over:1"), "admin"),  # terms (SH-1)
    (("receivable", "list", "--by-customer"), "admin"),
    (("pool", "list"), "li"),
    (("pool", "log"), "li"),
    (("remind", "list"), "wang"),
    (("product", "list"), "admin"),
    (("customer", "log", "C000001"), "admin"),
    (("service", "list"), "admin"),
    (("service", "list", "--sort", "due_at"), "admin"),
    (("expense", "list"), "admin"),
    (("expense", "list"), "li"),
    (("campaign", "list"), "admin"),
    (("work-report", "list"), "admin"),
]


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Demo data (customers, contacts, records, sales) and a pool with held and open
    customers: built once, copied for each test."""
    crm = Crm(tmp_path_factory.mktemp("lists"))
    crm.ok("demo", "--size", "80", "--seed", "5")
    crm.ok("pool", "settings", "--enable", "--protect-days", "30", "--limit", "3",
           "--member", "wang", "--member", "zhao", "--admin", "li")  # fmt: skip
    crm.ok("pool", "add", *(f"C{n:06d}" for n in range(60, 72)))
    crm.ok("pool", "claim", "C000061", "C000065", user="wang")
    crm.ok("pool", "claim", "C000070", user="zhao")
    crm.ok("customer", "edit", "C000001", "--city", "深圳")
    for n in range(1, 5):  # service tickets, for `service list`
        crm.ok("service", "add", f"C{n:06d}", "--type", "repair", "--description", f"#{n}")
    for n in range(1, 4):  # campaigns and expenses, for their lists
        crm.ok("campaign", "add", f"活动{n}", "--start", f"2026-0{n}-01")
        crm.ok("expense", "add", "--amount", "10", "--category", "travel", "--date",
               f"2026-0{n}-02", user="wang")  # fmt: skip
    for day in ("2026-11-02", "2026-11-03", "2026-11-04", "2026-11-05"):  # work reports
        crm.ok("work-report", "write", "--day", day, "--text", f"日报 {day}", user="wang")
        crm.ok("work-report", "submit", day, user="wang")
    db.close_store()
    yield crm.tmp_path / "crm.db"


@pytest.fixture
def lists(crm: Crm, template: Path) -> Crm:
    db.close_store()
    shutil.copyfile(template, crm.tmp_path / "crm.db")
    return crm


@pytest.mark.parametrize(
    ("words", "user"), LISTS, ids=lambda v: v if isinstance(v, str) else " ".join(v)
)
def test_every_list_pages_with_limit_and_offset(
    lists: Crm, words: tuple[str, ...], user: str
) -> None:
    everything = lists.json(*words, "--limit", "1000", user=user)
    assert len(everything) >= 3, f"{words}: the template should fill this list"
    for limit, offset in ((2, 0), (2, 1), (3, len(everything) - 2), (0, 0), (5, 10_000)):
        page = lists.json(*words, "-n", str(limit), "--offset", str(offset), user=user)
        assert page == everything[offset : offset + limit], (words, limit, offset)
    rest = lists.json(*words, "--limit", "1000", "--offset", "1", user=user)
    assert rest == everything[1:]
    assert "--offset" in lists.fails(1, *words, "--offset", "-1", user=user)


def test_pool_list_pages_across_held_and_open_customers(lists: Crm) -> None:
    pool = lists.json("pool", "list", user="li")
    held = [row["code"] for row in pool if row["protect_until"]]
    assert held and len(held) < len(pool)
    assert [row["code"] for row in pool[: len(held)]] == held  # soonest to return first
    for offset in range(len(pool)):
        page = lists.json("pool", "list", "-n", "2", "--offset", str(offset), user="li")
        assert page == pool[offset : offset + 2]


def _first_page_plans(
    lists: Crm, monkeypatch: pytest.MonkeyPatch, words: tuple[str, ...], user: str
) -> list[tuple[str, str]]:
    """(SQL, plan) of each paged SELECT that `crm WORDS -n 5` runs."""
    return _plans(lists, monkeypatch, words, user, lambda sql: "LIMIT" in sql and "ORDER BY" in sql)


def _plans(
    lists: Crm,
    monkeypatch: pytest.MonkeyPatch,
    words: tuple[str, ...],
    user: str,
    wanted: Callable[[str], bool],
) -> list[tuple[str, str]]:
    """(SQL, plan) of each statement that `crm WORDS -n 5` runs and ``wanted`` picks."""
    seen: list[tuple[str, Any]] = []
    original = pw.SqliteDatabase.execute_sql

    def record(self: Any, sql: str, params: Any = None, *args: Any, **kw: Any) -> Any:
        seen.append((sql, params))
        return original(self, sql, params, *args, **kw)

    monkeypatch.setattr(pw.SqliteDatabase, "execute_sql", record)
    lists.ok(*words, "-n", "5", "-f", "csv", user=user)
    monkeypatch.undo()
    paged = [(sql, params) for sql, params in seen if wanted(sql)]
    assert paged, f"{words}: no such query"
    with sqlite3.connect(lists.tmp_path / "crm.db") as con:
        return [
            (sql, " | ".join(row[-1] for row in con.execute("EXPLAIN QUERY PLAN " + sql, params)))
            for sql, params in paged
        ]


@pytest.mark.parametrize(
    ("words", "user"), LISTS, ids=lambda v: v if isinstance(v, str) else " ".join(v)
)
def test_every_first_page_is_read_in_order_from_an_index(
    lists: Crm, monkeypatch: pytest.MonkeyPatch, words: tuple[str, ...], user: str
) -> None:
    for sql, plan in _first_page_plans(lists, monkeypatch, words, user):
        assert "B-TREE FOR ORDER BY" not in plan, f"{words} sorts every row:\n{plan}\n{sql}"


def test_by_customer_reads_each_pages_orders_through_the_customer_index(
    lists: Crm, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without statistics, an equality on status drew SQLite onto the (status, submitted_at)
    index, past every approved order of the book (1.5x of 1 k at 1 M): the orders of a
    page's customers are read by customer."""
    words = ("receivable", "list", "--by-customer")
    orders = _plans(lists, monkeypatch, words, "admin",
                    lambda sql: '"sales_order"' in sql and '"customer_id" IN' in sql)  # fmt: skip
    for sql, plan in orders:
        assert "(customer_id=?)" in plan, f"{plan}\n{sql}"


@pytest.mark.parametrize("key", SORTS.names)
def test_each_customer_sort_key_is_served_by_an_index(
    lists: Crm, monkeypatch: pytest.MonkeyPatch, key: str
) -> None:
    for sort in (key, f"-{key}"):
        words = ("customer", "list", "--sort", sort)
        for sql, plan in _first_page_plans(lists, monkeypatch, words, "admin"):
            assert "B-TREE FOR ORDER BY" not in plan, f"--sort {sort}:\n{plan}\n{sql}"
        rows = lists.json(*words, "-n", "1000")
        column = "created_at" if key == "created_at" else key
        values = [row.get(column) for row in rows if row.get(column) is not None]
        expected = sorted(values, reverse=sort.startswith("-"))
        if key not in ("status", "created_at"):  # by status id and by id: not the text shown
            assert values == expected, f"--sort {sort}"


def test_a_sort_key_without_an_index_is_refused_naming_those_with_one(lists: Crm) -> None:
    line = lists.fails(1, "customer", "list", "--sort", "address")
    assert "cannot sort customers by 'address'" in line and "name" in line and "city" in line


def test_the_owner_copies_follow_every_move(lists: Crm) -> None:
    path = lists.tmp_path / "crm.db"
    assert copies_that_disagree(path) == []
    moves = [
        (("customer", "transfer", "C000002", "C000003", "--to", "zhao"), "admin"),
        (("customer", "update", "--where", "city = 深圳", "--set", "owner=chen", "--yes"), "admin"),
        (("contact", "add", "C000002", "李雷", "--birthday", "1990-02-28"), "admin"),
        (("pool", "add", "C000004", "C000005"), "admin"),
        (("pool", "claim", "C000004"), "wang"),
        (("pool", "assign", "C000005", "--to", "zhao"), "li"),
        (("pool", "release", "C000061"), "wang"),
        (("pool", "remove", "C000065"), "li"),
        (("pool", "reclaim", "--as-of", "2099-01-01", "--dry-run"), "li"),
        (("pool", "reclaim"), "li"),
        (("customer", "delete", "C000002", "--yes"), "admin"),
        (("customer", "restore", "C000002"), "admin"),
        (("customer", "delete", "C000003", "--yes"), "admin"),
    ]
    for words, user in moves:
        lists.ok(*words, user=user)
        assert copies_that_disagree(path) == [], words
    contacts = lists.json("contact", "list", "C000002")
    lists.ok("contact", "edit", contacts[-1]["code"], "--birthday", "1991-12-31")
    assert copies_that_disagree(path) == []
