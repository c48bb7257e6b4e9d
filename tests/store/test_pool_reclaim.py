"""`pool reclaim` (POOL-5): what returns, what never does, and that reruns change nothing."""

from __future__ import annotations

import datetime as dt

from crm_cli.store.activity import models as am
from crm_cli.store.core.db import db_proxy
from crm_cli.store.customers import customers
from crm_cli.store.customers import lifecycle as customer_ops
from crm_cli.store.pool import configure, goal
from crm_cli.store.pool import moves as pool_moves
from crm_cli.store.pool import reclaim as pool_reclaim
from crm_cli.store.pool import views as pool_views
from crm_cli.store.pool.models import PoolCustomer
from tests.conftest import Team

NOW = dt.datetime(2026, 11, 2, 9, 0)
TODAY = NOW.date()


def day(n: int) -> dt.date:
    return TODAY + dt.timedelta(days=n)


def at(n: int) -> dt.datetime:
    """The clock ``n`` days on: a real reclaim runs as of its own today."""
    return NOW + dt.timedelta(days=n)


def setup_pool(team: Team, count: int = 3, **conf: str) -> list[str]:
    configure.update_pool_settings(
        team.admin, {"enabled": "yes", "protect_days": "30", "limit": "10", **conf},
        members=("wang", "zhao"),
    )  # fmt: skip
    codes = []
    for n in range(count):
        codes.append(customers.add_customer(team.chen, f"池中客户{n}号", now=NOW).code)
    pool_moves.add(team.admin, codes, now=NOW)
    return codes


def holder(team: Team, code: str) -> str | None:
    return customers.get_customer(team.admin, code, now=NOW).owner


def test_protection_ended_returns_and_a_rerun_returns_nothing(any_team: Team) -> None:
    codes = setup_pool(any_team)
    pool_moves.claim(any_team.wang, codes[:2], now=NOW)
    assert (
        pool_reclaim.reclaim(any_team.admin, as_of=day(30), now=at(30)).total == 0
    )  # the last protected day
    done = pool_reclaim.reclaim(any_team.admin, as_of=day(31), now=at(31), details=True)
    assert done.total == 2 and [r.rule for r in done.returned] == ["protection ended"] * 2
    assert done.returned[0].holder == "wang" and done.returned[0].days_over == 1
    assert holder(any_team, codes[0]) is None
    assert pool_reclaim.reclaim(any_team.admin, as_of=day(31), now=at(31)).total == 0
    entries = pool_views.pool_log(any_team.admin, codes[0], now=NOW)
    assert entries[0].action == "reclaim" and entries[0].actor == "admin"  # who ran it
    assert entries[0].from_owner == "wang"
    listed = {i.code: i for i in pool_views.list_pool(any_team.wang, "unassigned", now=NOW)}
    assert listed[codes[0]].previous_owner == "wang"
    # One statement copies the holder and clears it (two on MySQL): both took effect.
    row = PoolCustomer.get(PoolCustomer.customer == customers.get_customer(
        any_team.admin, codes[0], now=NOW).id)  # fmt: skip
    assert (row.holder_id, row.assigned_on, row.protect_until) == (None, None, None)
    assert row.last_holder_id == row.previous_owner_id == any_team.wang.id
    assert row.left_holder_on == day(31)


def test_dry_run_explains_and_changes_nothing(team: Team) -> None:
    codes = setup_pool(team)
    pool_moves.claim(team.wang, codes[:1], now=NOW)
    seen = pool_reclaim.preview(team.admin, as_of=day(35), now=NOW)
    assert seen.dry_run and seen.total == 1 and seen.returned[0].days_over == 5
    assert holder(team, codes[0]) == "wang"


def test_achieved_and_audited_customers_never_return(team: Team) -> None:
    codes = setup_pool(team)
    pool_moves.claim(team.wang, codes, now=NOW)
    first = customers.get_customer(team.admin, codes[0], now=NOW).id
    with db_proxy.atomic():
        goal.reach_goal(first, "receipt", day(2), NOW)
    customer_ops.audit_customers(team.admin, [codes[1]], now=NOW)
    done = pool_reclaim.reclaim(team.admin, as_of=day(400), now=at(400), details=True)
    assert [r.customer for r in done.returned] == [codes[2]]


def test_a_disabled_pool_reclaims_nothing(team: Team) -> None:
    codes = setup_pool(team)
    pool_moves.claim(team.wang, codes, now=NOW)
    configure.update_pool_settings(team.admin, {"enabled": "no"}, now=NOW)
    result = pool_reclaim.reclaim(team.admin, as_of=day(100), now=at(100))
    assert not result.enabled and result.total == 0


def log_contact(customer_id: int, on: dt.date) -> None:
    at = dt.datetime.combine(on, dt.time(10))
    am.Activity.create(
        customer=customer_id, started_at=at, summary="电话", created_at=at, updated_at=at
    )


def test_no_contact_rule_with_days_per_level(team: Team) -> None:
    codes = setup_pool(team, 3, protect_days="365", no_contact_days="A:20,*:10")
    customers.edit_customer(team.admin, codes[0], {"level": "A"}, now=NOW)
    pool_moves.claim(team.wang, codes, now=NOW)
    ids = [customers.get_customer(team.admin, c, now=NOW).id for c in codes]
    log_contact(ids[2], day(8))  # the third was called recently
    done = pool_reclaim.preview(team.admin, as_of=day(12), now=NOW)
    assert [(r.customer, r.rule, r.days_over) for r in done.returned] == [
        (codes[1], "no contact record for 10 days", 2),
    ]
    done = pool_reclaim.reclaim(team.admin, as_of=day(21), now=at(21), details=True)
    assert {r.customer: (r.rule, r.days_over) for r in done.returned} == {
        codes[0]: ("no contact record for 20 days (level A)", 1),
        codes[1]: ("no contact record for 10 days", 11),
        codes[2]: ("no contact record for 10 days", 3),  # 13 quiet days since the call
    }


def test_reminder_window_lists_protection_ending(team: Team) -> None:
    codes = setup_pool(team, 2, remind_days="3")
    pool_moves.claim(team.wang, codes[:1], now=NOW)
    pool_moves.claim(team.wang, codes[1:], now=NOW + dt.timedelta(days=10))
    ending = pool_views.protection_ending(team.wang.id, day(28))
    assert [(i.code, i.days_left) for i in ending] == [(codes[0], 2)]


def test_rule_text_parsing() -> None:
    assert pool_reclaim.parse_level_days("A:60, B:45,*:30") == [("A", 60), ("B", 45), (None, 30)]
    assert pool_reclaim.parse_level_days("30") == [(None, 30)]
    assert pool_reclaim.parse_level_days("") == []
