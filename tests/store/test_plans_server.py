"""PostgreSQL plans over demo data: the demo leaves its tables analysed, and `crm today` and
customer search read the big tables through indexes (what the SQLite EXPLAIN tests in
test_digest.py and test_query.py check there).

One demo database per module. A user `ning` takes over every BOOK_STEP-th customer and all
of their records, so that her rows are a small share of every table, as a salesperson's
are in a team's database: a plan that reads a big table whole reads everybody's rows.

Two questions. With whole-table reads priced out (no sequential scan, no hash or merge
join): can every read of a big table go through an index? Asked of every statement. As
planned, with the statistics the demo left: does a scan of a big table keep only a few of
its rows (so an index should have found them)? Asked of the digest: without statistics
it scans the contact records so, and took minutes on 100,000 customers. Not of search: at this
size a trigram index costs the planner more to start than reading all the customers,
rightly (at 100,000 it takes the index).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from typing import Any

import pytest

from crm_cli.store import domains
from crm_cli.store.core import db, maintenance, users
from crm_cli.store.core.records import User
from crm_cli.store.customers import query
from crm_cli.store.demo import generate as demo
from crm_cli.store.overview import digest
from tests.conftest import _drop_postgres, _fresh_postgres

SIZE = 3000
BOOK_STEP = 40  # ning owns one customer in 40
MIN_PAGES = 20  # a table of fewer pages is read faster whole than through an index
KEEPS = 0.1  # a scan keeping less of a table than this should have used an index
NOW = dt.datetime(2026, 5, 10, 8, 0)
# Tables that grow with the customers. (Users, settings, statuses, products and price books
# stay small; delegations and the pool are empty in the demo.)
BIG = (
    "customer", "contact", "op_log", "activity", "reminder", "opportunity", "quote",
    "quote_line", "sales_order", "order_line", "installment", "payment",
)  # fmt: skip
MOVES = (
    "UPDATE customer SET owner_id = %s WHERE id %% {step} = 0",
    "UPDATE sales_order SET owner_id = %s WHERE customer_id %% {step} = 0",
    "UPDATE opportunity SET owner_id = %s WHERE customer_id %% {step} = 0",
    "UPDATE activity SET user_id = %s WHERE customer_id %% {step} = 0",
    "UPDATE reminder SET user_id = %s WHERE customer_id %% {step} = 0",
)
# Search texts: a word in many names, rarer ones, two CJK characters, short Latin, digits.
WORDS = ("公司", "科技", "北京", "ab", "zhang", "138")
STATS = (
    "SELECT c.relname, c.reltuples, s.last_analyze FROM pg_class c "
    "JOIN pg_stat_user_tables s ON s.relid = c.oid WHERE c.oid = ANY(%s::regclass[])"
)


@pytest.fixture(scope="module")
def server() -> Iterator[tuple[str, list[tuple[Any, ...]]]]:
    """The database's URL, and each big table's statistics as the demo left them."""
    url = _fresh_postgres()
    try:
        domains.open_store(url)
        admin = users.resolve_actor("admin")
        demo.add_demo_data(admin, SIZE, seed=11, now=NOW)
        after_demo = db.db_proxy.obj.execute_sql(STATS, (list(BIG),)).fetchall()
        ning = users.add_user(admin, "ning", role="sales", display="宁静")
        with db.db_proxy.atomic():
            for statement in MOVES:
                db.db_proxy.obj.execute_sql(statement.format(step=BOOK_STEP), (ning.id,))
        maintenance.refresh_statistics(BIG)  # her share as the planner should know it
        db.close_store()
        yield url, after_demo
    finally:
        db.close_store()
        _drop_postgres(url)


@pytest.fixture
def store(server: tuple[str, list[tuple[Any, ...]]]) -> Iterator[str]:
    domains.open_store(server[0])  # another module's test may have opened another store
    yield server[0]
    db.close_store()


def test_the_demo_leaves_its_tables_analysed(server: tuple[str, list[tuple[Any, ...]]]) -> None:
    after_demo = server[1]
    assert sorted(name for name, _, _ in after_demo) == sorted(BIG)
    for name, tuples, analysed in after_demo:
        assert tuples > 0 and analysed is not None, name


def recorded(call: Any) -> list[tuple[str, Any]]:
    """Every query ``call`` runs, through peewee or a cursor of its own (server-side too)."""
    import psycopg2.extensions

    seen: list[tuple[str, Any]] = []

    class Recording(psycopg2.extensions.cursor):
        def execute(self, sql: Any, params: Any = None) -> Any:
            if str(sql).lstrip()[:6].upper() in ("SELECT", "WITH ("):
                seen.append((str(sql), params))
            return super().execute(sql, params)

    connection = db.db_proxy.obj.connection()
    usual, connection.cursor_factory = connection.cursor_factory, Recording
    try:
        call()
    finally:
        connection.cursor_factory = usual
    return seen


# The planner may only read a big table through an index: no sequential scan, and no hash
# or merge join that would take a whole index in place of one (nested loops remain).
FORCED = ("enable_seqscan", "enable_hashjoin", "enable_mergejoin")


def explain(sql: str, params: Any, *, forced: bool, fmt: str = "") -> list[tuple[Any, ...]]:
    """The plan of ``sql``; ``forced``: with whole-table reads priced out (FORCED)."""
    database = db.db_proxy.obj
    with database.atomic():
        for setting in FORCED if forced else ():
            database.execute_sql(f"SET LOCAL {setting} = off")
        return database.execute_sql(f"EXPLAIN {fmt}{sql}", params).fetchall()


def nodes(node: dict[str, Any], limited: bool = False) -> Iterator[tuple[dict[str, Any], bool]]:
    """Every node of a plan, and whether a LIMIT stops it early."""
    yield node, limited
    for child in node.get("Plans", ()):
        yield from nodes(child, limited or node["Node Type"] == "Limit")


def full_reads(sql: str, params: Any, sizes: dict[str, tuple[int, int]], forced: bool) -> list[str]:
    """The big tables the plan reads whole. Forced: by any sequential scan, or an index
    read end to end without a LIMIT. As planned: by a sequential scan of MIN_PAGES or more
    that keeps under KEEPS of the rows (an index would have read those few)."""
    ((plan,),) = explain(sql, params, forced=forced, fmt="(FORMAT JSON) ")
    plan = json.loads(plan) if isinstance(plan, str) else plan
    found = []
    for node, limited in nodes(plan[0]["Plan"]):
        table, kind = node.get("Relation Name"), node["Node Type"]
        if table not in BIG:
            continue
        pages, count = sizes[table]
        few = pages >= MIN_PAGES and node["Plan Rows"] < KEEPS * count
        if kind == "Seq Scan" and (forced or few):
            found.append(f"{kind} on {table}")
        whole = kind in ("Index Scan", "Index Only Scan") and "Index Cond" not in node
        if forced and whole and not limited:
            found.append(f"{kind} on {table} without a condition")
    return found


def assert_no_full_read(statements: list[tuple[str, Any]], *, forced: bool) -> None:
    assert statements
    database = db.db_proxy.obj
    sizes = {
        table: database.execute_sql(
            f"SELECT pg_relation_size('{table}') / current_setting('block_size')::int, "
            f"count(*) FROM {table}"
        ).fetchone()
        for table in BIG
    }
    problems = []
    for sql, params in statements:
        if found := full_reads(sql, params, sizes, forced):
            plan = "\n".join(row[0] for row in explain(sql, params, forced=forced))
            problems.append(f"{', '.join(found)}:\n{sql}\n{plan}")
    assert not problems, "\n\n".join(problems)


def ning() -> User:
    return users.resolve_actor("ning")


@pytest.mark.parametrize("forced", [False, True], ids=["as-planned", "forced"])
def test_today_reads_through_indexes(store: str, forced: bool) -> None:
    found: list[Any] = []
    statements = recorded(lambda: found.append(digest.build_digest(ning(), days=30, now=NOW)))
    assert found[0].items  # her digest has rows: the plans were made for something
    assert_no_full_read(statements, forced=forced)


@pytest.mark.parametrize("word", WORDS)
def test_a_search_page_reads_through_indexes(store: str, word: str) -> None:
    flt = query.CustomerFilter(search=word)
    statements = recorded(lambda: query.list_customers(ning(), flt, limit=50, now=NOW))
    assert_no_full_read(statements, forced=True)


@pytest.mark.parametrize("word", WORDS)
def test_a_search_count_reads_through_indexes(store: str, word: str) -> None:
    flt = query.CustomerFilter(search=word)
    statements = recorded(lambda: query.count_customers(ning(), flt, now=NOW))
    assert_no_full_read(statements, forced=True)
