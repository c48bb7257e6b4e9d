"""SQLite's numbering of the customers in name order (migration 0018, `customers.name_order`):
whatever adds, renames, re-texts or purges customers, or writes them in bulk, keeps one
number per customer growing with (name, id) and the search texts under it, so that `crm db
check` passes and a search sorted by name reads the same rows as one sorted by the
database."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

import pytest

from crm_cli.store.core import db
from crm_cli.store.customers import contacts, customers, lifecycle, name_order
from crm_cli.store.customers import query as q
from crm_cli.store.database import checks
from crm_cli.store.database.checks import run_checks
from tests.conftest import Team
from tests.store.test_import_customers import load, write

NOW = dt.datetime(2026, 11, 23, 9, 0)
WORDS = ["有限公司", "公司", "ltd", "华信", "ab"]


def assert_kept(team: Team) -> None:
    """`crm db check`'s search index check clean, and every word's pages sorted by name
    through the name order equal to the database's sort of the plain matches."""
    index = next(r for r in run_checks(db.db_proxy) if r.check == "search_index")
    assert index.ok, index.examples
    for word in WORDS:
        flt = q.CustomerFilter(search=word)
        matches = {c.code for c in q.list_customers(team.admin, flt)}
        for key in ("name", "-name"):
            everyone = q.list_customers(team.admin, q.CustomerFilter(), sort=key)
            want = [c.code for c in everyone if c.code in matches]
            got = q.list_customers(team.admin, flt, sort=key, limit=7, offset=2)
            assert [c.code for c in got] == want[2:9], (word, key)


def ranks() -> list[int]:
    rows = db.db_proxy.execute_sql("SELECT rank FROM customer_name_rank ORDER BY rank")
    return [rank for (rank,) in rows]


@pytest.fixture
def tight(monkeypatch: pytest.MonkeyPatch) -> None:
    """Numbers 4 apart, respaced windows 2 apart: every few adds find no room."""
    monkeypatch.setattr(name_order, "GAP", 4)
    monkeypatch.setattr(name_order, "SPARSE", 2)


def test_names_added_at_one_place_respace_the_numbers(team: Team) -> None:
    a = team.admin
    for name in ("A 有限公司", "C 有限公司"):
        customers.add_customer(a, name, now=NOW)
    for i in range(80):  # each after the one before: the gap halves until none is left
        customers.add_customer(a, f"B{i:03} 有限公司", now=NOW)
    assert len(ranks()) == 82
    assert_kept(team)


def test_random_adds_renames_texts_and_purges_keep_the_order(team: Team, tight: None) -> None:
    a, draw = team.admin, random.Random(11)
    stems = ["华信", "Acme", "公 司", "Abbot", "中兴", "ltd"]
    made: list[str] = []
    for i in range(120):
        name = f"{draw.choice(stems)}{draw.randint(0, 40)}-{i} {draw.choice(['有限公司', 'Ltd'])}"
        made.append(customers.add_customer(a, name, allow_duplicate=True, now=NOW).code)
        if i % 7 == 3:  # renamed to anywhere in the order
            customers.edit_customer(a, draw.choice(made), {"name": f"{draw.choice(stems)} {i}"},
                                    allow_duplicate=True, now=NOW)  # fmt: skip
        if i % 11 == 5:  # a contact's name is part of the search text
            contacts.add_contact(a, draw.choice(made), f"Abel 公司 {i}", now=NOW)
        if i % 13 == 7:
            gone = made.pop(draw.randrange(len(made)))
            lifecycle.delete_customers(a, [gone], now=NOW)
            lifecycle.purge_customers(a, [gone], now=NOW)
    assert len(ranks()) == len(made)
    assert_kept(team)


def test_an_import_and_a_rebuild_number_every_customer(team: Team, tmp_path: Path) -> None:
    customers.add_customer(team.admin, "M 中兴有限公司", now=NOW)
    lines = [f"{stem}{i} 有限公司,0571-8877{i:04}" for i, stem in enumerate(["Z", "A", "华信"] * 9)]
    load(team.admin, write(tmp_path, "name,phone\n" + "\n".join(lines) + "\n"))
    assert len(ranks()) == 28
    assert_kept(team)
    with db.db_proxy.atomic():
        name_order.rebuild()
    assert ranks() == [name_order.GAP * n for n in range(1, 29)]
    assert_kept(team)


def test_an_import_that_runs_out_of_numbers_respaces_them(
    team: Team, tmp_path: Path, tight: None
) -> None:
    """A batch whose names fall into one gap too small for them: the numbers are spread out
    again mid-batch, and the texts of the batch's customers numbered before are kept. Added
    last first, the names before it are numbered below zero, and a batch sorting before
    them all goes below those."""
    for name in ("C 有限公司", "B0 有限公司", "A 有限公司"):
        customers.add_customer(team.admin, name, now=NOW)
    assert min(ranks()) < 0
    names = [f"B{i:03} 有限公司" for i in range(40)] + [f"0{i} 有限公司" for i in range(5)]
    lines = [f"{name},0571-8877{i:04}" for i, name in enumerate(names)]
    load(team.admin, write(tmp_path, "name,phone\n" + "\n".join(lines) + "\n"))
    assert len(ranks()) == 48
    assert_kept(team)


def test_an_import_into_one_gap_shares_it_and_widens_it_once(
    team: Team, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A batch whose names sort together is numbered at once, evenly over the gap it falls
    into; a second batch after it, with too little room left, widens the gap once for all
    of its customers (numbered one by one, each halved the gap: a respace every ten)."""
    for name in ("A 有限公司", "C 有限公司"):
        customers.add_customer(team.admin, name, now=NOW)
    respaced: list[int] = []
    real = name_order._respace
    monkeypatch.setattr(name_order, "_respace", lambda *a: respaced.append(1) or real(*a))
    for batch, stem in enumerate(["B{:03}", "B299 {:03}"]):
        lines = [f"{stem.format(i)} 有限公司,0571-88{batch}{i:05}" for i in range(300)]
        load(team.admin, write(tmp_path, "name,phone\n" + "\n".join(lines) + "\n"))
        assert len(respaced) == batch
    assert len(ranks()) == 602
    assert_kept(team)


def test_the_check_names_a_customer_out_of_order_or_missing(team: Team) -> None:
    for name in ("A 有限公司", "B 有限公司", "C 有限公司"):
        customers.add_customer(team.admin, name, now=NOW)
    sql = db.db_proxy.execute_sql
    with db.db_proxy.atomic():
        sql("UPDATE customer_name_rank SET rank = -rank WHERE rank = ?", (3 * name_order.GAP,))
        sql("DELETE FROM customer_name_words WHERE rowid = ?", (name_order.GAP,))
    index = next(r for r in checks.run_checks(db.db_proxy) if r.check == "search_index")
    assert not index.ok
    assert index.problems >= 3  # out of order; its texts under no number; a text missing
