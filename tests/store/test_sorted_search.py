"""A search sorted by a column (issue 11): whichever plan reads it (collect the matches and
sort them, or walk the sort key's index testing each customer), the rows and pages are the
ones the plain condition gives, sorted in Python."""

from __future__ import annotations

import datetime as dt

import pytest

from crm_cli.store.customers import contacts, customers, lifecycle, search
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
def book(team: Team) -> Team:
    a = team.admin
    for n in range(6):
        for i, pattern in enumerate(NAMES):
            city = ["深圳", "北京", None][(n + i) % 3]
            fields = {"city": city} if city else {}
            customers.add_customer(a, pattern.format(n=n), fields, now=NOW)
    contacts.add_contact(a, "C000003", "Colin 公司", now=NOW)  # found through its contact
    lifecycle.delete_customers(a, ["C000001"], now=NOW)
    return team


def expected(team: Team, text: str, key: str) -> list[str]:
    """The plain condition's matches, sorted by the key then id in Python."""
    everyone = q.list_customers(team.admin, q.CustomerFilter(), sort="code", now=NOW)
    found = {r.code for r in q.list_customers(team.admin, q.CustomerFilter(search=text), now=NOW)}
    field = key.lstrip("-")
    rows = [r for r in everyone if r.code in found]
    present = [r for r in rows if getattr(r, field) is not None]
    absent = [r for r in rows if getattr(r, field) is None]  # NULL sorts first in SQLite
    ordered = sorted(present, key=lambda r: (getattr(r, field), r.code))
    ordered = absent + ordered
    if key.startswith("-"):
        ordered.reverse()
    return [r.code for r in ordered]


@pytest.mark.parametrize("plan", ["collect", "walk", "fallback"])
def test_every_plan_gives_the_plain_sorted_pages(
    book: Team, plan: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    if plan != "collect":
        monkeypatch.setattr(search, "PROBE", 1)  # any match is "many"
    if plan == "fallback":
        monkeypatch.setattr(search, "WALK", 0)  # the walk is out of steps at once
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
    book: Team, monkeypatch: pytest.MonkeyPatch
) -> None:
    from crm_cli.store.core.listing import Page
    from crm_cli.store.customers import models as cm

    monkeypatch.setattr(search, "PROBE", 1)
    flt = q.CustomerFilter(search="有限公司")
    query = q.page_query(book.admin, flt, NOW.date(), "-name", Page(20))
    sql, params = query.sql()
    plan = cm.Customer._meta.database.execute_sql("EXPLAIN QUERY PLAN " + sql, params)
    details = " ".join(str(row[-1]) for row in plan.fetchall())
    assert "USING INDEX customer_name_id" in details and "TEMP B-TREE" not in details
    assert "customer_fts" not in sql  # each customer's own text, not the index


def test_within_interrupts_a_query_past_its_steps_and_nothing_else(team: Team) -> None:
    from crm_cli.store.core import db
    from crm_cli.store.core.listing import within
    from crm_cli.store.customers import models as cm

    count = "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < {}) "
    count += "SELECT count(*) FROM n"
    with db.db_proxy.atomic():
        assert within(cm.Customer.raw(count.format(10)), 1)
        assert not within(cm.Customer.raw(count.format(1_000_000)), 5)
        cursor = db.db_proxy.execute_sql(count.format(1000))  # the connection goes on
        assert cursor.fetchone()[0] == 1000
