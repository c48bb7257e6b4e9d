"""Visibility and rights (USR-3, USR-4, USR-5): one rule for every read and write."""

from __future__ import annotations

import datetime as dt

import pytest

from crm_cli.store.core.errors import InvalidInput, NotFound, PermissionDenied
from crm_cli.store.customers import contacts, customers, delegations, statuses
from crm_cli.store.customers import lifecycle as customer_ops
from crm_cli.store.customers import query as q
from tests.conftest import Team

NOW = dt.datetime(2026, 11, 23, 9, 0)


@pytest.fixture
def owned(any_team: Team) -> Team:
    t = any_team
    for owner, name in [(t.wang, "王的客户"), (t.zhao, "赵的客户"), (t.chen, "陈的客户")]:
        customers.add_customer(owner, name, now=NOW)
    customers.add_customer(t.chen, "公共客户", {"is_public": "yes"}, now=NOW)
    return t


def visible(actor) -> set[str]:
    return {c.name for c in q.list_customers(actor, now=NOW)}


def test_sales_see_own_and_public(owned: Team) -> None:
    assert visible(owned.wang) == {"王的客户", "公共客户"}
    assert visible(owned.chen) == {"陈的客户", "公共客户"}


def test_managers_see_subordinates_recursively_admins_all(owned: Team) -> None:
    assert visible(owned.li) == {"王的客户", "赵的客户", "公共客户"}
    assert len(visible(owned.admin)) == 4


def test_invisible_is_not_found_visible_but_foreign_is_denied(owned: Team) -> None:
    with pytest.raises(NotFound):
        customers.get_customer(owned.wang, "陈的客户", now=NOW)
    with pytest.raises(NotFound):
        customers.edit_customer(owned.wang, "C000003", {"city": "上海"}, now=NOW)
    with pytest.raises(PermissionDenied):
        customers.edit_customer(owned.wang, "公共客户", {"city": "上海"}, now=NOW)
    with pytest.raises(PermissionDenied):
        contacts.add_contact(owned.wang, "公共客户", "张三", now=NOW)


def test_sales_cannot_delete_managers_can_for_their_team(owned: Team) -> None:
    with pytest.raises(PermissionDenied):
        customer_ops.delete_customers(owned.wang, ["王的客户"], now=NOW)
    customer_ops.delete_customers(owned.li, ["赵的客户"], now=NOW)
    with pytest.raises(NotFound):
        customer_ops.delete_customers(owned.li, ["陈的客户"], now=NOW)
    with pytest.raises(PermissionDenied):
        customer_ops.purge_customers(owned.li, ["赵的客户"], now=NOW)


def test_batch_is_all_or_nothing(owned: Team) -> None:
    with pytest.raises(NotFound):
        customer_ops.transfer_customers(owned.wang, ["王的客户", "陈的客户"], "zhao", now=NOW)
    assert customers.get_customer(owned.admin, "王的客户", now=NOW).owner == "wang"


def test_transfer_moves_visibility(owned: Team) -> None:
    customer_ops.transfer_customers(owned.wang, ["王的客户"], "chen", now=NOW)
    assert "王的客户" not in visible(owned.wang)
    assert "王的客户" in visible(owned.chen)
    log = customers.customer_log(owned.admin, "王的客户", now=NOW)
    assert log[0].action == "transfer" and log[0].changes["owner"] == ["wang", "chen"]


def test_delegation_grants_until_its_end_date_then_stops_by_itself(owned: Team) -> None:
    until = NOW.date() + dt.timedelta(days=7)
    delegations.delegate_customers(owned.chen, ["陈的客户"], "wang", until, now=NOW)
    assert "陈的客户" in visible(owned.wang)
    customers.edit_customer(owned.wang, "陈的客户", {"city": "杭州"}, now=NOW)
    after = NOW + dt.timedelta(days=8)
    assert "陈的客户" not in {c.name for c in q.list_customers(owned.wang, now=after)}
    with pytest.raises(NotFound):
        customers.edit_customer(owned.wang, "陈的客户", {"city": "苏州"}, now=after)


def test_undelegate_and_bad_delegations(owned: Team) -> None:
    until = NOW.date() + dt.timedelta(days=7)
    delegations.delegate_customers(owned.chen, ["陈的客户"], "wang", until, now=NOW)
    assert delegations.undelegate_customers(owned.chen, ["陈的客户"], now=NOW) == 1
    assert "陈的客户" not in visible(owned.wang)
    with pytest.raises(InvalidInput, match="past"):
        delegations.delegate_customers(
            owned.chen, ["陈的客户"], "wang", NOW.date() - dt.timedelta(days=1), now=NOW
        )


def test_status_counts_respect_visibility(owned: Team) -> None:
    counts = {s.name: s.customers for s in statuses.list_statuses(owned.wang, now=NOW)}
    assert counts["potential"] == 2
