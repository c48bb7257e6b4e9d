"""Search and filters (CUS-6): fuzzy text over an index, FIELD OP VALUE, sort, limit."""

from __future__ import annotations

import datetime as dt

import pytest

from crm_cli.store.core.errors import InvalidInput, NotFound
from crm_cli.store.customers import contacts, customers
from crm_cli.store.customers import query as q
from tests.conftest import Team

NOW = dt.datetime(2026, 11, 23, 9, 0)


@pytest.fixture
def sample(any_team: Team) -> Team:
    a = any_team.admin
    rows = [
        (
            "中兴通讯股份有限公司",
            {"city": "深圳", "phone": "0755-26770000", "registered": "2024-01-10"},
        ),
        (
            "IBM China Co., Ltd.",
            {"city": "北京", "email": "info@ibm.com", "registered": "2025-03-01"},
        ),
        ("重庆银行", {"city": "重庆", "keyword": "渝银", "registered": "2023-07-15", "level": "A"}),
        ("Acme Robotics Inc.", {"city": "上海", "registered": "2026-11-01"}),
    ]
    for name, fields in rows:
        customers.add_customer(a, name, fields, custom={"employees": "120"}, now=NOW)
    contacts.add_contact(a, "C000004", "Jane Doe", now=NOW)
    return any_team


def find(actor, **kw) -> list[str]:
    sort = kw.pop("sort", "code")
    limit = kw.pop("limit", None)
    rows = q.list_customers(actor, q.CustomerFilter(**kw), sort=sort, limit=limit, now=NOW)
    return [r.code for r in rows]


# Each table of cases runs on one sample database per backend: a fresh server database
# per case cost 1.3 to 3 s of migrations (tests/store/test_query.py was the suite's
# slowest file). A case that fails is named with what it found.
FUZZY = [
    ("中兴", ["C000001"]), ("兴通", ["C000001"]), ("通讯股份", ["C000001"]),
    ("ibm", ["C000002"]), ("IB", ["C000002"]), ("china co", ["C000002"]),
    ("zxtx", ["C000001"]), ("CQYH", ["C000003"]), ("渝银", ["C000003"]),
    ("26770000", ["C000001"]), ("info@ibm", ["C000002"]), ("jane", ["C000004"]),
    ("银", ["C000003"]), ("robotics acme", ["C000004"]), ("nothing-like-it", []),
]  # fmt: skip


def test_fuzzy_search(sample: Team) -> None:
    found = {text: find(sample.admin, search=text) for text, _ in FUZZY}
    assert {t: f for t, f in found.items() if f != dict(FUZZY)[t]} == {}


WHERE = [
    ("city = 深圳", ["C000001"]), ("city != 深圳", ["C000002", "C000003", "C000004"]),
    ("registered < 2024-01-10", ["C000003"]), ("registered <= 2024-01-10", ["C000001", "C000003"]),
    ("registered > 2025-03-01", ["C000004"]), ("registered >= 2025-03-01", ["C000002", "C000004"]),
    ("name contains 银行", ["C000003"]), ("name starts-with IBM", ["C000002"]),
    ("city in 深圳,重庆", ["C000001", "C000003"]),
    ("registered between 2024-01-01,2025-12-31", ["C000001", "C000002"]),
    ("email empty", ["C000001", "C000003", "C000004"]), ("email not-empty", ["C000002"]),
    ("level = A", ["C000003"]), ("status = potential", ["C000001", "C000002", "C000003", "C000004"]),
    ("custom.employees >= 100", ["C000001", "C000002", "C000003", "C000004"]),
    ("custom.employees > 500", []), ("owner = admin", ["C000001", "C000002", "C000003", "C000004"]),
]  # fmt: skip


def test_where_operators(sample: Team) -> None:
    found = {clause: find(sample.admin, where=(clause,)) for clause, _ in WHERE}
    assert {c: f for c, f in found.items() if f != dict(WHERE)[c]} == {}


BAD_WHERE = [
    ("colour = red", InvalidInput), ("city", InvalidInput), ("status = unknown", InvalidInput),
    ("owner = ghost", NotFound), ("registered > soon", InvalidInput),
    ("registered between 2024-01-01", InvalidInput),
]  # fmt: skip


def _refusal(actor, clause: str) -> type | None:
    try:
        find(actor, where=(clause,))
    except (InvalidInput, NotFound) as exc:
        return type(exc)
    return None


def test_bad_where_is_refused(sample: Team) -> None:
    found = {clause: _refusal(sample.admin, clause) for clause, _ in BAD_WHERE}
    assert {c: f for c, f in found.items() if f is not dict(BAD_WHERE)[c]} == {}


def test_sort_and_limit(sample: Team) -> None:
    assert find(sample.admin, sort="-registered", limit=2) == ["C000004", "C000002"]
    assert find(sample.admin, sort="city,name")[:1] == ["C000004"]  # 上海 sorts first by code point
    with pytest.raises(InvalidInput):
        find(sample.admin, sort="nonsense")


def test_search_follows_renames_and_contact_changes(sample: Team) -> None:
    a = sample.admin
    customers.edit_customer(a, "C000002", {"name": "Big Blue Ltd."}, now=NOW)
    assert find(a, search="ibm china") == []
    assert find(a, search="big blue") == ["C000002"]
    contacts.delete_contact(a, "Jane Doe", now=NOW)
    assert find(a, search="jane") == []


def test_sqlite_search_uses_the_index_not_a_scan(team: Team) -> None:
    from crm_cli.store.customers import models as cm
    from crm_cli.store.customers import search

    customers.add_customer(team.admin, "中兴通讯", now=NOW)
    for text in ("中兴通讯", "中兴", "ib"):
        query = cm.Customer.select().where(search.condition(text))
        sql, params = query.sql()
        plan = cm.Customer._meta.database.execute_sql("EXPLAIN QUERY PLAN " + sql, params)
        details = " ".join(str(row[-1]) for row in plan.fetchall())
        assert "VIRTUAL TABLE INDEX" in details and "SCAN customer " not in details + " "


def test_saved_searches_round_trip_per_user(sample: Team) -> None:
    from crm_cli.store.customers import saved_searches as ss

    flt = q.CustomerFilter(search="银行", where=("level = A",))
    ss.save_search(sample.admin, "重点银行", flt, sort="-registered")
    got = ss.get_search(sample.admin, "重点银行")
    assert got.filter == flt and got.sort == "-registered"
    assert find(sample.admin, **got.filter._asdict()) == ["C000003"]
    assert [s.name for s in ss.list_searches(sample.wang)] == []
    with pytest.raises(InvalidInput):
        ss.save_search(sample.admin, "坏的", q.CustomerFilter(where=("colour = red",)))
    ss.delete_search(sample.admin, "重点银行")
    with pytest.raises(NotFound):
        ss.get_search(sample.admin, "重点银行")


@pytest.mark.parametrize(
    "text",
    ["有限公司", "公司", "ltd", "中兴 通讯", "银", "ib", "zxtx", "jane", "co", "nothing-like-it"],
)
def test_a_search_newest_first_is_the_same_list_read_from_the_index(
    sample: Team, text: str
) -> None:
    """The default order drives the page from the search index (SQLite): same rows, same
    order, same pages as the condition sorted by id (what every backend does)."""
    a = sample.admin
    for n in range(12):  # enough matches to page through
        customers.add_customer(a, f"华信{n}号有限公司 Ltd", now=NOW)
    flt = q.CustomerFilter(search=text)
    expected = [r.code for r in q.list_customers(a, flt, sort="-created_at", now=NOW)]
    assert [r.code for r in q.list_customers(a, flt, now=NOW)] == expected
    for offset in (0, 3, 11):
        page = q.list_customers(a, flt, limit=4, offset=offset, now=NOW)
        assert [r.code for r in page] == expected[offset : offset + 4]
    assert q.count_customers(a, flt, now=NOW) == len(expected)
