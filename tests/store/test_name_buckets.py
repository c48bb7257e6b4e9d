"""PostgreSQL: a search sorted by name read from the buckets of the name order that may
hold a match (migration 0019, `customers.name_buckets`; issue 11 point 1). Real server."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest

from crm_cli.store import domains
from crm_cli.store.core import db, name_grams
from crm_cli.store.customers import contacts, customers, name_buckets, sorted_search
from crm_cli.store.customers import query as q
from tests.conftest import Team, _drop_postgres, _fresh_postgres
from tests.store.test_sorted_search import NAMES, WORDS, expected

NOW = dt.datetime(2026, 11, 23, 9, 0)


@pytest.fixture
def pg_team() -> Iterator[Team]:
    url = _fresh_postgres()
    domains.open_store(url)
    yield Team()
    db.close_store()
    _drop_postgres(url)


def _book(team: Team) -> None:
    for n in range(6):
        for pattern in NAMES:
            customers.add_customer(team.admin, pattern.format(n=n), now=NOW)
    contacts.add_contact(team.admin, "C000003", "Colin 公司", now=NOW)


def _rebuild(monkeypatch: pytest.MonkeyPatch, bucket: int) -> None:
    """The order cut every ``bucket`` customers; any number of buckets walked."""
    monkeypatch.setattr(name_buckets, "FEW", 0)
    monkeypatch.setattr(name_grams, "BUCKET", bucket)
    with db.db_proxy.atomic():
        name_buckets.rebuild()


def _walks(monkeypatch: pytest.MonkeyPatch, walk: str = "walked") -> list[list[int] | None]:
    """The planner's own plan never in budget; what each call of the walk ``walk`` (a
    function of `name_buckets`) returned."""
    monkeypatch.setattr(sorted_search, "within", lambda query, **budget: None)
    seen: list[list[int] | None] = []
    real = getattr(name_buckets, walk)

    def spy(*args: Any, **kwargs: Any) -> list[int] | None:
        seen.append(real(*args, **kwargs))
        return seen[-1]

    monkeypatch.setattr(name_buckets, walk, spy)
    return seen


def test_a_text_holds_every_piece_of_a_term_it_contains() -> None:
    assert name_grams.grams("ab c") == {"ab"}
    assert name_grams.grams("有限公司") == {"有限", "限公", "公司", "有限公", "限公司"}
    text = "c000001\n华信1号有限公司\nacme 1 co., ltd\n0571-88880000"
    for term in ("有限公司", "公司", "acme", "co.,", "0571-8", "88880000", "c0"):
        assert term in text and name_grams.grams(term) <= name_grams.grams(text)


@pytest.mark.parametrize("bucket", [3, 1024])
def test_sorted_by_name_the_buckets_give_the_plain_pages(
    pg_team: Team, monkeypatch: pytest.MonkeyPatch, bucket: int
) -> None:
    """Every word, both ways, several pages: the rows the plain condition gives, sorted by
    the server; the walk answered wherever a word has pieces (not 司: one letter)."""
    _book(pg_team)
    _rebuild(monkeypatch, bucket)
    customers.add_customer(pg_team.admin, "Aaron 有限公司", now=NOW)  # before bucket 0
    customers.add_customer(pg_team.admin, "齐鲁有限公司", now=NOW)  # after the last
    seen = _walks(monkeypatch)
    for text in WORDS:
        for key in ("name", "-name"):
            want = expected(pg_team, text, key)
            flt = q.CustomerFilter(search=text)
            for offset, limit in ((0, 5), (4, 7), (0, 100)):
                seen.clear()
                got = q.list_customers(pg_team.admin, flt, sort=key, limit=limit, offset=offset)
                assert [r.code for r in got] == want[offset : offset + limit], (text, key)
                walked = text not in ("司", "nothing-like-it")
                assert (seen[0] is not None) == walked, (text, key, seen)


def test_the_buckets_follow_new_renamed_and_contacted_customers(
    pg_team: Team, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Customers noted after the cut land in the bucket their name falls in; a rename
    notes the new name's bucket, a contact's name its customer's."""
    _book(pg_team)
    _rebuild(monkeypatch, 2)
    a = pg_team.admin
    customers.add_customer(a, "Zed 星链科技", now=NOW)
    customers.add_customer(a, "0 星链", now=NOW)
    customers.edit_customer(a, "C000002", {"name": "中山星链有限公司"}, now=NOW)
    contacts.add_contact(a, "C000005", "星链 Wu", now=NOW)
    seen = _walks(monkeypatch)
    for key in ("name", "-name"):
        want = expected(pg_team, "星链", key)
        got = q.list_customers(a, q.CustomerFilter(search="星链"), sort=key, limit=3)
        assert len(want) == 4 and [r.code for r in got] == want[:3]
        assert seen[-1] is not None


def test_the_walk_reads_the_name_index_from_the_first_bucket_that_may_match(
    pg_team: Team, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The page's statement reads the name index within the buckets' range, testing each
    customer's own text (no trigram bitmap of every match, no sort)."""
    from crm_cli.store.core import listing

    _book(pg_team)
    _rebuild(monkeypatch, 4)
    _walks(monkeypatch)
    tried: list[Any] = []

    def within(query: Any, **budget: int) -> Any:
        tried.append(query)
        return listing.within(query, **budget)

    monkeypatch.setattr(name_buckets, "within", within)
    with db.db_proxy.atomic():
        db.db_proxy.execute_sql("SET LOCAL enable_seqscan = off")  # a table this small
        q.list_customers(pg_team.admin, q.CustomerFilter(search="有限公司"), sort="name", limit=3)
        sql, params = tried[0].sql()
        plan = "\n".join(r[0] for r in db.db_proxy.execute_sql("EXPLAIN " + sql, params))
    assert "customer_name_id" in plan and "customer_search_trgm" not in plan, plan
    assert "Sort" not in plan and '"name", "t1"."id") >=' in sql, plan


def test_the_build_sets_a_bucket_s_bit_for_each_piece_of_its_customers(
    pg_team: Team, monkeypatch: pytest.MonkeyPatch
) -> None:
    _book(pg_team)
    _rebuild(monkeypatch, 5)
    rows = db.db_proxy.execute_sql(
        "SELECT lower(search_text) FROM customer ORDER BY name, id"
    ).fetchall()
    want: dict[str, set[int]] = {}
    for number, (text,) in enumerate(rows):
        for piece in name_grams.grams(text):
            want.setdefault(piece, set()).add(number // 5)
    got = db.db_proxy.execute_sql("SELECT gram, buckets::text FROM customer_gram").fetchall()
    assert {g: set(name_grams.bits_of(bits)) for g, bits in got} == want
    lows = db.db_proxy.execute_sql("SELECT count(*) FROM customer_name_bucket").fetchone()
    assert lows[0] == -(-len(rows) // 5)


def test_a_word_in_few_buckets_is_left_to_the_search_index(
    pg_team: Team, monkeypatch: pytest.MonkeyPatch
) -> None:
    _book(pg_team)
    _rebuild(monkeypatch, 3)
    order = [customers.cm.Customer.name.asc(), customers.cm.Customer.id.asc()]
    base = customers.cm.Customer.select()
    with db.db_proxy.atomic():
        assert name_buckets.walked(base, "有限公司", order, 5, ms=1000) is not None
        monkeypatch.setattr(name_buckets, "FEW", 2)  # one name: one bucket of three
        assert name_buckets.walked(base, "华信0号", order, 5, ms=1000) is None


@pytest.mark.parametrize(
    ("key", "index"),
    [(None, "customer_pkey"), ("-balance_owed", "customer_balance_owed_id"),
     ("city", "customer_city_id")],
)  # fmt: skip
def test_a_word_in_many_buckets_walks_the_order_s_index(
    pg_team: Team, monkeypatch: pytest.MonkeyPatch, key: str | None, index: str
) -> None:
    """Newest first and sorted by a key other than the name: the matches read down that
    order's index (the planner estimated a CJK phrase as rare and read and sorted every
    match), the plain condition's pages."""
    _book(pg_team)
    _rebuild(monkeypatch, 3)
    seen = _walks(monkeypatch, "in_order")
    for text in WORDS:
        want = expected(pg_team, text, key)
        flt = q.CustomerFilter(search=text)
        for offset, limit in ((0, 5), (4, 7)):
            seen.clear()
            got = q.list_customers(pg_team.admin, flt, sort=key, limit=limit, offset=offset)
            assert [r.code for r in got] == want[offset : offset + limit], text
            assert (seen[0] is not None) == (text not in ("司", "nothing-like-it")), text
    page = name_buckets._page(customers.cm.Customer.select(), "有限公司", q.order_by(key), None)
    with db.db_proxy.atomic(), name_buckets._in_index_order():
        sql, params = page.limit(5).sql()
        plan = "\n".join(r[0] for r in db.db_proxy.execute_sql("EXPLAIN " + sql, params))
    assert f"using {index}" in plan and "Sort" not in plan, plan
