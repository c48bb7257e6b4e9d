"""Customer search under the server's rules (issue 16, point 6): `crm_search_ids`.

PostgreSQL keeps ILIKE and @@ (not LEAKPROOF) above a row-level security policy, so a
login's search could not use the trigram or word index and tested every visible customer.
The store now narrows through ``crm_search_ids`` (`team_functions.SEARCH`), which searches as
the tables' owner and keeps what the read policy shows the acting user. These tests hold
it to that: a login finds exactly what crm finds for the same user with the policies off
(same rows, same order, every page and sort), the function shows no one a customer they
cannot read, and it reads the indexes.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from crm_cli.store import domains
from crm_cli.store.core import db, users
from crm_cli.store.customers import policed
from crm_cli.store.customers.query import CustomerFilter, count_customers, list_customers
from tests.team_server import TeamServer, team_database

pytestmark = pytest.mark.xdist_group("team_cli")
PEOPLE = ("wang", "li", "chen", "boss")
WORDS = ("一", "王一", "联系人", "陈", "陈 一", "公开", "czzz", "订单")
SORTS = (None, "name", "-name", "-updated_at")
PAGES = ((None, 0), (2, 0), (2, 1), (1, 3))
CALL = "SELECT crm_search_ids(%s, %s, %s)"


@pytest.fixture(scope="module")
def server() -> Iterator[TeamServer]:
    with team_database(*PEOPLE) as found:
        yield found


def _searches(url: str, person: str) -> tuple[bool, dict[Any, Any]]:
    """Whether the store went through ``crm_search_ids``, and each search's answer."""
    domains.open_store(url)
    try:
        actor = users.resolve_actor(person)
        found: dict[Any, Any] = {}
        for word in WORDS:
            flt = CustomerFilter(search=word)
            found[word] = count_customers(actor, flt)
            for sort in SORTS:
                for limit, offset in PAGES:
                    rows = list_customers(actor, flt, sort=sort, limit=limit, offset=offset)
                    found[word, sort, limit, offset] = [c.name for c in rows]
        return policed.policed(), found
    finally:
        db.close_store()


@pytest.mark.parametrize("person", PEOPLE)
def test_a_login_finds_what_crm_finds_for_it_with_the_policies_off(
    server: TeamServer, person: str
) -> None:
    policed, mine = _searches(server.url(server.login(person)), person)
    bypassed, theirs = _searches(server.url(server.owner), person)
    # An admin's login is planned as the owner's (`team_sql.admin_policies`): no rule to keep.
    assert policed == (person != "boss") and not bypassed
    assert mine == theirs
    assert any(mine[w, None, None, 0] for w in WORDS)  # not all empty


def _visible(server: TeamServer, login: str, pattern: str) -> set[int]:
    rows = server.sql(login, "SELECT id FROM customer WHERE search_text ILIKE %s", pattern)
    return {r[0] for r in rows}


def _named(server: TeamServer, pattern: str) -> set[int]:
    rows = server.sql(server.owner, "SELECT id FROM customer WHERE search_text ILIKE %s", pattern)
    return {r[0] for r in rows}


def test_the_function_shows_a_login_only_the_customers_it_reads(server: TeamServer) -> None:
    wang = server.login("wang")
    # 陈一 is chen's alone: wang's search finds nothing, through crm or the function.
    domains.open_store(server.url(wang))
    try:
        actor = users.resolve_actor("wang")
        assert list_customers(actor, CustomerFilter(search="陈一")) == []
    finally:
        db.close_store()
    assert _named(server, "%陈一%")
    assert server.sql(wang, CALL, ["%陈一%"], [], None) == []
    for pattern in ("%陈%", "%一%", "%联系人%", "%"):
        for limit in (None, 1, 100):
            ids = [r[0] for r in server.sql(wang, CALL, [pattern], [], limit)]
            seen = _visible(server, wang, pattern)
            assert set(ids) <= seen and len(ids) == len(set(ids))
            newest = ids if limit else sorted(ids, reverse=True)  # all: in no order
            assert newest == sorted(seen, reverse=True)[:limit]
        assert _visible(server, wang, pattern) < _named(server, pattern)


def test_a_pattern_that_could_fail_on_a_row_is_refused_before_any_is_read(
    server: TeamServer,
) -> None:
    import psycopg2

    # Failing only when a row is tested would say whether any customer has its trigrams.
    for pattern in ("%陈\\", "zzz\\", "\\"):
        with pytest.raises(psycopg2.Error, match="escape character"):
            server.sql(server.login("wang"), CALL, [pattern], [], None)
    assert server.sql(server.login("wang"), CALL, ["%陈\\\\"], [], None) == []


def test_the_search_reads_the_trigram_and_word_indexes_not_the_table(server: TeamServer) -> None:
    conn = server.connect(server.login("wang"))
    conn.autocommit = False
    scans = "SELECT pg_stat_get_xact_numscans(%s::regclass)"
    try:
        with conn.cursor() as cur:
            cur.execute("SET LOCAL enable_seqscan = off")  # a small table is read whole anyway
            for likes, words in ((["%联系人%"], []), (["%王一%"], ["'王' <-> '一'"])):
                cur.execute(CALL, (likes, words, None))
                assert cur.fetchall()
            counts = {}
            for name in ("customer", "customer_search_trgm", "customer_search_words_stored"):
                cur.execute(scans, (name,))
                counts[name] = cur.fetchone()[0]
    finally:
        conn.rollback()
        conn.close()
    assert counts["customer"] == 0, counts  # no sequential scan of the customers
    assert counts["customer_search_trgm"] >= 1 and counts["customer_search_words_stored"] >= 1
