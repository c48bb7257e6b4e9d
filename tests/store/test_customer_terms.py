"""Customers found by query-language terms (SH-1): the same ones, by the same SQL, as the
equivalent ``--where`` and options; virtual tags; visibility still applies."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from crm_cli.store.core.terms import BadTerm
from crm_cli.store.customers import customers
from crm_cli.store.customers import models as cm
from crm_cli.store.customers import query as q
from crm_cli.store.customers.terms_filter import with_terms
from crm_cli.store.pool import configure
from crm_cli.store.pool import moves as pool_moves
from crm_cli.store.pool import reclaim as pool_reclaim
from tests.conftest import Team

NOW = dt.datetime(2026, 11, 23, 9, 0)
TODAY = NOW.date()
NAMED = {"hot": "level:A +uncontacted30", "sz": "city:深圳 @hot"}


@pytest.fixture
def book(team: Team) -> Team:
    """C1 wang 深圳 A owed, last contact 40 days ago, next contact passed;
    C2 wang 上海 A, contacted 5 days ago; C3 zhao 深圳 B private; C4 zhao 北京 public;
    C5 chen, no city, registered 2025-06-01."""
    rows = [
        ("中兴通讯", team.wang, {"city": "深圳", "level": "A", "registered": "2024-01-10"}),
        ("上海银行", team.wang, {"city": "上海", "level": "A", "registered": "2024-05-01"}),
        ("深圳机电", team.zhao, {"city": "深圳", "level": "B", "registered": "2025-02-01"}),
        ("北京科技", team.zhao, {"city": "北京", "public": "yes", "registered": "2023-01-01"}),
        ("陈氏贸易", team.chen, {"registered": "2025-06-01"}),
    ]
    for name, owner, fields in rows:
        values = {k: v for k, v in fields.items() if k != "public"}
        values["is_public"] = fields.get("public", "no")
        customers.add_customer(owner, name, values, now=NOW)
    C = cm.Customer
    days = dt.timedelta
    C.update(balance_owed=Decimal("1200.50"), last_contact=TODAY - days(40),
             next_contact=TODAY - days(1)).where(C.code == "C000001").execute()  # fmt: skip
    C.update(last_contact=TODAY - days(5), next_contact=TODAY + days(3)).where(
        C.code == "C000002"
    ).execute()
    return team


def find(actor, args=(), named=None, **options) -> list[str]:
    flt = with_terms(actor, q.CustomerFilter(**options), list(args), named or NAMED, now=NOW)
    return [c.code for c in q.list_customers(actor, flt, sort="code", now=NOW)]


@pytest.mark.parametrize(
    ("args", "options"),
    [
        (["city:深圳"], {"where": ("city = 深圳",)}),
        (["level:A", "city.not:深圳"], {"where": ("level = A", "city != 深圳")}),
        (["registered.after:2025-01-01"], {"where": ("registered > 2025-01-01",)}),
        (["next.before:today"], {"where": ("next_contact < today",)}),
        (["last.before:-30d"], {"where": ("last_contact < -30d",)}),
        (["owed.over:1000"], {"where": ("balance_owed > 1000",)}),
        (["owed.under:0.01"], {"where": ("balance_owed < 0.01",)}),
        (["owner:wang"], {"owner": "wang"}),
        (["status:potential"], {"status": "potential"}),
        (["city:"], {"where": ("city empty",)}),
        (["city.in:北京,上海"], {"where": ("city in 北京,上海",)}),
        (["name.has:银行"], {"where": ("name contains 银行",)}),
        (["中兴"], {"search": "中兴"}),
        (["+owed"], {"where": ("balance_owed > 0",)}),
    ],
)  # fmt: skip
def test_terms_find_what_the_equivalent_options_find(
    book: Team, args: list[str], options: dict[str, object]
) -> None:
    expected = [c.code for c in q.list_customers(
        book.admin, q.CustomerFilter(**options), sort="code", now=NOW)]  # fmt: skip
    assert find(book.admin, args) == expected
    assert expected or args == ["owed.under:0.01"]  # each case selects someone


def test_a_field_term_compiles_to_the_sql_of_its_where(book: Team) -> None:
    for args, where in (
        (["city:深圳"], "city = 深圳"),
        (["next.before:today"], "next_contact < today"),
    ):
        by_terms = q.build_query(book.admin, q.CustomerFilter(terms=tuple(args)), TODAY)
        by_where = q.build_query(book.admin, q.CustomerFilter(where=(where,)), TODAY)
        assert by_terms.sql() == by_where.sql()


def test_first_pages_by_terms_are_read_through_an_index(book: Team) -> None:
    """Sorted by the column a term filters on, the page is one range of its index (with five
    rows and no statistics SQLite would rather scan an unsorted page)."""
    db = cm.Customer._meta.database
    for term, sort, index in (
        ("city:深圳", "city", "customer_city_id (city=?)"),
        ("next.before:today", "next_contact", "customer_next_contact_id (next_contact<?)"),
        (
            "+overdue",
            "next_contact",
            "customer_next_contact_id (next_contact>? AND next_contact<?)",
        ),
    ):
        flt = q.CustomerFilter(terms=(term,))
        sql, params = q.page_query(book.admin, flt, TODAY, sort, q.Page(20)).sql()
        plan = " ".join(str(r[-1]) for r in db.execute_sql("EXPLAIN QUERY PLAN " + sql, params))
        assert plan == f"SEARCH t1 USING INDEX {index}", plan


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["+owed"], ["C000001"]), (["-owed"], ["C000002", "C000003", "C000004", "C000005"]),
        (["+overdue"], ["C000001"]), (["-overdue"], ["C000002", "C000003", "C000004", "C000005"]),
        (["+uncontacted30"], ["C000001", "C000003", "C000004", "C000005"]),
        (["+uncontacted50"], ["C000003", "C000004", "C000005"]),
        (["+uncontacted"], ["C000001", "C000003", "C000004", "C000005"]),
        (["-uncontacted7"], ["C000002"]), (["+public"], ["C000004"]),
        (["@hot"], ["C000001"]), (["@sz"], ["C000001"]),
        (["level:A", "+uncontacted30"], ["C000001"]),
        (["city:深圳", "-owed", "+uncontacted30"], ["C000003"]),
    ],
)  # fmt: skip
def test_virtual_tags_and_named_filters(book: Team, args: list[str], expected: list[str]) -> None:
    assert find(book.admin, args) == expected


def test_mine_and_owner_me_are_the_actor(book: Team) -> None:
    assert find(book.wang, ["+mine"]) == find(book.wang, ["owner:me"]) == ["C000001", "C000002"]
    assert find(book.wang, ["-mine"]) == ["C000004"]  # the public one of those wang sees


def test_terms_never_widen_what_a_user_may_see(book: Team) -> None:
    assert find(book.chen, ["owner:zhao"]) == ["C000004"]  # the public one only
    assert find(book.chen, ["city:深圳"]) == []
    assert find(book.zhao, ["owner:wang"]) == []


def test_terms_add_to_the_options_and_words_to_the_search(book: Team) -> None:
    assert find(book.admin, ["+uncontacted30"], owner="zhao") == ["C000003", "C000004"]
    assert find(book.admin, ["深圳"], where=("level = B",)) == ["C000003"]
    flt = with_terms(book.admin, q.CustomerFilter(search="机电"), ["深圳", "+public"], now=NOW)
    assert flt.search == "机电 深圳" and flt.terms == ("+public",)


def test_pool_soon_is_what_a_reclaim_then_would_return(book: Team) -> None:
    configure.update_pool_settings(
        book.admin, {"enabled": "yes", "protect_days": "30", "remind_days": "3"},
        members=("wang", "zhao"),
    )  # fmt: skip
    pool_moves.add(book.admin, ["C000005"], now=NOW)
    pool_moves.claim(book.wang, ["C000005"], now=NOW)
    assert find(book.admin, ["+pool_soon"]) == []
    assert find(book.admin, ["+pool_soon31"]) == ["C000005"]
    assert "C000005" not in find(book.admin, ["-pool_soon31"])
    returned = pool_reclaim.preview(book.admin, as_of=TODAY + dt.timedelta(days=31), now=NOW)
    assert [r.customer for r in returned.returned] == ["C000005"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["cty:深圳"], "unknown field 'cty' in 'cty:深圳' (did you mean city?)"),
        (["next.before:tomorow"], "bad date 'tomorow' in 'next.before:tomorow': use YYYY-MM-DD"),
        (["next.befor:today"], "unknown modifier 'befor' in 'next.befor:today' (did you mean "
         "before?); modifiers: is, not, before, after, over, under, has"),
        (["owed.over:lots"], "bad amount 'lots' in 'owed.over:lots'"),
        (["+owd"], "unknown tag '+owd' (did you mean +owed?); tags: +owed, +mine, +overdue"),
        (["+owed5"], "unknown tag '+owed5'"),
        (["status:nope"], "unknown status 'nope'; statuses: "),
        (["owner:nobody"], "no user 'nobody' (in 'owner:nobody')"),
        (["@cold"], "unknown named filter '@cold'; named filters: @hot, @sz"),
    ],
)  # fmt: skip
def test_a_bad_term_is_named_in_one_line(book: Team, args: list[str], message: str) -> None:
    with pytest.raises(BadTerm) as exc:
        find(book.admin, args)
    assert str(exc.value).startswith(message) and "\n" not in str(exc.value)
    assert exc.value.term == args[0]


def test_a_saved_search_keeps_its_terms(book: Team) -> None:
    from crm_cli.store.customers import saved_searches as ss

    flt = with_terms(book.admin, q.CustomerFilter(), ["city:深圳", "+owed"], now=NOW)
    ss.save_search(book.admin, "深圳欠款", flt)
    saved = ss.get_search(book.admin, "深圳欠款")
    assert saved.filter == flt and saved.to_dict()["terms"] == ["city:深圳", "+owed"]
    merged, _ = ss.narrow(saved, q.CustomerFilter(terms=("level:A",)), None)
    assert merged.terms == ("city:深圳", "+owed", "level:A")
