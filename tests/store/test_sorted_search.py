"""A search sorted by a column (issue 11): whichever plan reads it (collect the matches and
sort them, or walk the sort key's index testing each customer), the rows and pages are the
ones the plain condition gives, sorted in Python."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from crm_cli.store.core import db
from crm_cli.store.customers import (
    contacts,
    customers,
    lifecycle,
    name_buckets,
    name_order,
    sorted_search,
)
from crm_cli.store.customers import query as q
from tests.conftest import Team

NOW = dt.datetime(2026, 11, 23, 9, 0)
NAMES = [
    "华信{n}号有限公司",
    "Acme {n} Co., Ltd",
    "Libby {n} Trading",
    "公 司{n}",  # 公 and 司 apart: not the word 公司
    "珠海{n}电子",
    "IBM {n} China",
]
WORDS = ["有限公司", "公司", "ltd", "co", "ib", "珠海 电子", "acme ltd", "司", "nothing-like-it"]
KEYS = ["name", "-name", "city", "-balance_owed", "code"]


@pytest.fixture
def book(any_team: Team) -> Team:
    a = any_team.admin
    for n in range(6):
        for i, pattern in enumerate(NAMES):
            city = ["深圳", "北京", None][(n + i) % 3]
            fields = {"city": city} if city else {}
            customers.add_customer(a, pattern.format(n=n), fields, now=NOW)
    contacts.add_contact(a, "C000003", "Colin 公司", now=NOW)  # found through its contact
    lifecycle.delete_customers(a, ["C000001"], now=NOW)
    return any_team


def expected(team: Team, text: str, key: str | None) -> list[str]:
    """The plain condition's matches in the order the database sorts everyone by ``key``
    (its own collation and NULL placement)."""
    everyone = q.list_customers(team.admin, q.CustomerFilter(), sort=key, now=NOW)
    found = {r.code for r in q.list_customers(team.admin, q.CustomerFilter(search=text), now=NOW)}
    return [r.code for r in everyone if r.code in found]


@pytest.mark.parametrize("plan", ["chosen", "names", "walk", "collect"])
def test_every_plan_gives_the_plain_sorted_pages(
    book: Team, plan: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Plans forced, database real. names: SQLite's name order (`name_order`) always in
    budget; walk: any match is many (SQLite's probe) and the walk always in budget;
    collect: never in budget (nor PostgreSQL's `name_buckets`); chosen: as the data
    decides."""
    if plan in ("names", "walk"):
        monkeypatch.setattr(sorted_search, "PROBE", 1)
        monkeypatch.setattr(sorted_search, "within", lambda query, **budget: list(query.tuples()))
    if plan == "walk":
        monkeypatch.setattr(name_order, "serves", lambda order: False)
    if plan == "collect":
        monkeypatch.setattr(sorted_search, "PROBE", 1)
        monkeypatch.setattr(sorted_search, "within", lambda query, **budget: None)
        monkeypatch.setattr(name_buckets, "walked", lambda *args, **kwargs: None)
        monkeypatch.setattr(name_buckets, "in_order", lambda *args, **kwargs: None)
    for text in WORDS:
        for key in KEYS:
            want = expected(book, text, key)
            flt = q.CustomerFilter(search=text)
            for offset, limit in ((0, 5), (4, 7), (0, 100)):
                got = q.list_customers(book.admin, flt, sort=key, limit=limit, offset=offset)
                assert [r.code for r in got] == want[offset : offset + limit], (text, key)
            every = q.list_customers(book.admin, flt, sort=key)
            assert [r.code for r in every] == want, (text, key)


def test_a_term_is_a_substring_and_a_short_latin_term_starts_a_word(book: Team) -> None:
    """On SQLite and PostgreSQL (MySQL/MariaDB: every term a substring)."""
    if db.backend() == "mysql":
        pytest.skip("MySQL/MariaDB search is LIKE alone")

    def names(text: str) -> set[str]:
        rows = q.list_customers(book.admin, q.CustomerFilter(search=text), sort="name")
        return {r.name for r in rows}

    assert "公 司0" not in names("公司")  # the word index alone would say yes
    assert "公 司0" in names("司0")
    assert {"IBM 0 China", "IBM 5 China"} <= names("ib") and not any(
        "Libby" in n for n in names("ib")
    )
    assert "Libby 2 Trading" in names("libby 2")
    assert "Libby 0 Trading" in names("公司")  # its contact Colin 公司


def test_the_walk_reads_the_sort_index_and_stops_at_the_page(
    team: Team, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SQLite's walk (the query tried within its budget) is read down the sort key's
    index, testing each customer's own text, and the LIMIT stops it."""
    from crm_cli.store.core import listing

    tried: list[Any] = []

    def within(query: Any, **budget: int) -> Any:
        tried.append(query)
        return listing.within(query, **budget)

    monkeypatch.setattr(sorted_search, "PROBE", 1)
    monkeypatch.setattr(sorted_search, "within", within)
    monkeypatch.setattr(name_order, "serves", lambda order: False)  # the walk, not the names
    customers.add_customer(team.admin, "华信有限公司", now=NOW)
    flt = q.CustomerFilter(search="有限公司")
    assert [c.name for c in q.list_customers(team.admin, flt, sort="-name", limit=20)] == [
        "华信有限公司"
    ]
    details = _plan(tried[0])
    assert "USING INDEX customer_name_id" in details and "TEMP B-TREE" not in details
    assert "customer_fts" not in tried[0].sql()[0] and "LIMIT" in tried[0].sql()[0]


@pytest.mark.parametrize(("word", "index"), [("有限公司", "customer_name_fts"),
                                             ("公司", "customer_name_words")])  # fmt: skip
@pytest.mark.parametrize("key", ["name", "-name"])
def test_sorted_by_name_the_search_reads_the_name_order_and_stops_at_the_page(
    team: Team, monkeypatch: pytest.MonkeyPatch, word: str, index: str, key: str
) -> None:
    """SQLite, by name: the matches come from the search index under the name order
    (migration 0018) in its own order, so LIMIT ends the read after the page."""
    from crm_cli.store.core import listing

    tried: list[Any] = []

    def within(query: Any, **budget: int) -> Any:
        tried.append(query)
        return listing.within(query, **budget)

    monkeypatch.setattr(sorted_search, "within", within)
    for name in ("Acme Ltd", "华信有限公司", "中兴有限公司", "公 司"):
        customers.add_customer(team.admin, name, now=NOW)
    flt = q.CustomerFilter(search=word)
    found = [c.name for c in q.list_customers(team.admin, flt, sort=key, limit=20)]
    assert found == sorted(["华信有限公司", "中兴有限公司"], reverse=key.startswith("-"))
    sql = tried[0].sql()[0]
    details = _plan(tried[0])
    assert details.split()[0] == "SCAN" and details.split()[2:4] == ["VIRTUAL", "TABLE"], details
    assert "TEMP B-TREE" not in details and "LIMIT" in sql and index in sql


def _plan(query: Any) -> str:
    from crm_cli.store.customers import models as cm

    sql, params = query.sql()
    plan = cm.Customer._meta.database.execute_sql("EXPLAIN QUERY PLAN " + sql, params)
    return " ".join(str(row[-1]) for row in plan.fetchall())


def test_within_interrupts_a_query_past_its_steps_and_nothing_else(team: Team) -> None:
    from crm_cli.store.core.listing import within
    from crm_cli.store.customers import models as cm

    count = "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < {}) "
    count += "SELECT count(*) FROM n"
    with db.db_proxy.atomic():
        assert within(cm.Customer.raw(count.format(10)), steps=1) == [(10,)]
        assert within(cm.Customer.raw(count.format(1_000_000)), steps=5) is None
        cursor = db.db_proxy.execute_sql(count.format(1000))  # the connection goes on
        assert cursor.fetchone()[0] == 1000


def test_within_cancels_a_postgres_query_past_its_time_and_nothing_else(any_db: str) -> None:
    from crm_cli.store.core.listing import within
    from crm_cli.store.customers import models as cm

    if db.backend() != "postgres":
        pytest.skip("a time budget is PostgreSQL's")
    with db.db_proxy.atomic():
        assert within(cm.Customer.raw("SELECT 7"), ms=2000) == [(7,)]
        assert within(cm.Customer.raw("SELECT pg_sleep(2)"), ms=50) is None
        slow = db.db_proxy.execute_sql("SELECT pg_sleep(0.2), current_setting('statement_timeout')")
        assert slow.fetchone()[1] == "0"  # the transaction goes on, without the budget
