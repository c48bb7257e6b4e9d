"""The public pool's settings and moves (POOL-1, POOL-2, POOL-3, POOL-6)."""

from __future__ import annotations

import datetime as dt

import pytest

from crm_cli.store.core.errors import (
    ClaimLost,
    Conflict,
    InvalidInput,
    LimitReached,
    NotFound,
    PermissionDenied,
)
from crm_cli.store.customers import customers
from crm_cli.store.pool import configure, goal
from crm_cli.store.pool import entry as pool_entry
from crm_cli.store.pool import moves as pool_moves
from crm_cli.store.pool import views as pool_views
from tests.conftest import Team

NOW = dt.datetime(2026, 11, 2, 9, 0)
TODAY = NOW.date()


def later(days: int) -> dt.datetime:
    return NOW + dt.timedelta(days=days)


@pytest.fixture
def pooled(team: Team) -> Team:
    """An enabled pool (protection 30 days, limit 2), wang and zhao members, li pool admin,
    and three customers of chen's in it: P1 P2 P3."""
    configure.update_pool_settings(
        team.admin, {"enabled": "yes", "protect_days": "30", "limit": "2"},
        members=("wang", "zhao"), admins=("li",),
    )  # fmt: skip
    for name in ("甲方一号", "乙方二号", "丙方三号"):
        customers.add_customer(team.chen, name, now=NOW)
    codes = ["C000001", "C000002", "C000003"]
    done = pool_moves.add(team.admin, codes, now=NOW)
    assert all(o.done for o in done)
    return team


def owner_of(team: Team, code: str) -> str | None:
    return customers.get_customer(team.admin, code, now=NOW).owner


def test_settings_are_for_admins_and_list_members(team: Team) -> None:
    with pytest.raises(PermissionDenied):
        configure.update_pool_settings(team.li, {"enabled": "yes"})
    found = configure.update_pool_settings(team.admin, {"enabled": "yes"}, members=("wang",))
    assert found.enabled and found.members == ("wang",) and found.protect_days == 30
    with pytest.raises(InvalidInput):
        configure.update_pool_settings(team.admin, {"goal": "sometimes"})
    with pytest.raises(InvalidInput):
        configure.update_pool_settings(team.admin, {"no_contact_days": "A:0"})


def test_into_the_pool_unassigned_and_members_see_it(pooled: Team) -> None:
    assert owner_of(pooled, "C000001") is None
    # Members see the unassigned pool; a non-member no longer sees chen's customer at all.
    assert customers.get_customer(pooled.wang, "C000001", now=NOW).code == "C000001"
    with pytest.raises(NotFound):
        customers.get_customer(pooled.chen, "C000001", now=NOW)
    listed = pool_views.list_pool(pooled.wang, "unassigned", now=NOW)
    assert [i.code for i in listed] == ["C000001", "C000002", "C000003"]
    assert listed[0].previous_owner == "chen"


def test_claim_gives_the_customer_and_protection(pooled: Team) -> None:
    [won] = pool_moves.claim(pooled.wang, ["C000001"], now=NOW)
    assert won.done and won.holder == "wang" and won.protect_until == TODAY + dt.timedelta(30)
    assert owner_of(pooled, "C000001") == "wang"
    [lost] = pool_moves.claim(pooled.zhao, ["C000001"], now=NOW)
    assert not lost.done and lost.error == 3 and "claimed by someone else" in lost.message
    assert "wang" not in lost.message  # zhao may not see wang's customer, nor learn its holder
    [again] = pool_moves.claim(pooled.wang, ["C000001"], now=NOW)
    assert not again.done and "already held by wang" in again.message


def test_claim_refusals(pooled: Team) -> None:
    outcomes = pool_moves.claim(pooled.wang, ["C000001", "C000002", "C000003"], now=NOW)
    assert [o.done for o in outcomes] == [True, True, False]
    assert outcomes[2].error == 3 and "limit 2" in outcomes[2].message
    [chen] = pool_moves.claim(pooled.chen, ["C000003"], now=NOW)
    assert chen.error == 5  # not a member
    customers.add_customer(pooled.wang, "丁方不在池", now=NOW)
    [outside] = pool_moves.claim(pooled.wang, ["C000004"], now=NOW)
    assert outside.error == 1 and "not in the pool" in outside.message


def test_the_limit_is_checked_as_an_exception_too(pooled: Team) -> None:
    pool_moves.claim(pooled.wang, ["C000001", "C000002"], now=NOW)
    with pytest.raises(LimitReached):
        pool_moves._claim(pooled.wang, "C000003", NOW)
    with pytest.raises(ClaimLost):
        pool_moves._claim(pooled.zhao, "C000001", NOW)


def test_assign_release_extend_rights(pooled: Team) -> None:
    [denied] = pool_moves.assign(pooled.wang, ["C000001"], "zhao", now=NOW)
    assert denied.error == 5
    [given] = pool_moves.assign(pooled.li, ["C000001"], "zhao", now=NOW)
    assert given.done and owner_of(pooled, "C000001") == "zhao"
    [not_theirs] = pool_moves.release(pooled.wang, ["C000001"], now=NOW)
    assert not_theirs.error in (4, 5)
    [extended] = pool_moves.extend(pooled.li, ["C000001"], 5, now=NOW)
    assert extended.protect_until == TODAY + dt.timedelta(35)
    [no] = pool_moves.extend(pooled.zhao, ["C000001"], 5, now=NOW)
    assert no.error == 5
    for bad in (0, -3, 1.5, True):
        with pytest.raises(InvalidInput):
            pool_moves.extend(pooled.li, ["C000001"], bad, now=NOW)  # type: ignore[arg-type]
    [back] = pool_moves.release(pooled.zhao, ["C000001"], now=NOW)
    assert back.done and owner_of(pooled, "C000001") is None


def test_cooldown_and_daily_claims(pooled: Team) -> None:
    configure.update_pool_settings(pooled.admin, {"cooldown_days": "7", "daily_claims": "1"})
    pool_moves.claim(pooled.wang, ["C000001"], now=NOW)
    [second] = pool_moves.claim(pooled.wang, ["C000002"], now=NOW)
    assert second.error == 3 and "a day" in second.message
    pool_moves.release(pooled.wang, ["C000001"], now=later(1))
    [cool] = pool_moves.claim(pooled.wang, ["C000001"], now=later(2))
    assert cool.error == 3 and "again on" in cool.message
    [ok] = pool_moves.claim(pooled.wang, ["C000001"], now=later(9))
    assert ok.done


def test_remove_and_disable_turn_customers_back_to_normal(pooled: Team) -> None:
    pool_moves.claim(pooled.wang, ["C000001"], now=NOW)
    [removed] = pool_moves.remove(pooled.li, ["C000002"], now=NOW)
    assert removed.done and owner_of(pooled, "C000002") == "chen"
    configure.update_pool_settings(pooled.admin, {"enabled": "no"}, now=NOW)
    assert owner_of(pooled, "C000001") == "wang"  # the holder keeps it
    assert owner_of(pooled, "C000003") == "chen"  # back to its previous owner
    assert pool_views.list_pool(pooled.admin, "all", now=NOW) == []
    [refused] = pool_moves.claim(pooled.wang, ["C000003"], now=NOW)
    assert refused.error == 1 and "disabled" in refused.message


def test_every_move_is_in_the_pool_log_and_the_operation_log(pooled: Team) -> None:
    pool_moves.claim(pooled.wang, ["C000001"], now=NOW)
    pool_moves.release(pooled.wang, ["C000001"], now=later(1))
    entries = pool_views.pool_log(pooled.li, "C000001", now=later(1))
    assert [(e.action, e.actor) for e in entries] == [
        ("release", "wang"), ("claim", "wang"), ("add", "admin"),
    ]  # fmt: skip
    assert entries[1].to_owner == "wang" and entries[1].protect_until == TODAY + dt.timedelta(30)
    log = customers.customer_log(pooled.admin, "C000001")
    assert {"pool claim", "pool release", "pool add"} <= {e.action for e in log}


def test_goal_ends_protection_only_inside_it(pooled: Team) -> None:
    pool_moves.claim(pooled.wang, ["C000001", "C000002"], now=NOW)
    c1 = customers.get_customer(pooled.admin, "C000001", now=NOW).id
    c2 = customers.get_customer(pooled.admin, "C000002", now=NOW).id
    from crm_cli.store.core.db import db_proxy

    with db_proxy.atomic():
        assert goal.reach_goal(c1, "order", TODAY + dt.timedelta(3), NOW)
        assert not goal.reach_goal(c2, "order", TODAY + dt.timedelta(31), NOW)
    items = {i.code: i for i in pool_views.list_pool(pooled.wang, "mine", now=NOW)}
    assert items["C000001"].goal == "achieved" and items["C000001"].protect_until is None
    assert items["C000002"].goal == "open"


def test_pool_list_needs_a_role_except_mine(pooled: Team) -> None:
    with pytest.raises(PermissionDenied):
        pool_views.list_pool(pooled.chen, "unassigned", now=NOW)
    assert pool_views.list_pool(pooled.chen, "mine", now=NOW) == []
    with pytest.raises(Conflict):
        pool_entry.add_one(pooled.admin, "C000001", NOW)


def _marked(team: Team) -> set[str]:
    """The customers marked in the pool (migration 0017), trashed ones too."""
    from crm_cli.store.customers import models as cm

    return {c.code for c in cm.Customer.select(cm.Customer.code).where(cm.Customer.in_pool)}


def test_the_pool_marks_its_customers_and_members_see_the_unowned_ones(pooled: Team) -> None:
    """The open pool is what is marked and has no owner: a claim, a release, a removal and
    disabling the pool keep the mark the visibility rule reads."""
    assert _marked(pooled) == {"C000001", "C000002", "C000003"}
    pool_moves.claim(pooled.wang, ["C000001"], now=NOW)
    assert _marked(pooled) == {"C000001", "C000002", "C000003"}  # held: still in the pool
    with pytest.raises(NotFound):  # held by wang: out of the open pool for zhao
        customers.get_customer(pooled.zhao, "C000001", now=NOW)
    pool_moves.release(pooled.wang, ["C000001"], now=later(1))
    assert customers.get_customer(pooled.zhao, "C000001", now=later(1)).owner is None
    pool_moves.remove(pooled.admin, ["C000002"], now=later(1))
    assert _marked(pooled) == {"C000001", "C000003"}
    with pytest.raises(NotFound):  # back to chen, out of the pool
        customers.get_customer(pooled.zhao, "C000002", now=later(1))
    configure.update_pool_settings(pooled.admin, {"enabled": "no"}, now=later(2))
    assert _marked(pooled) == set()
