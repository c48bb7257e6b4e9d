"""`customers.edits.edit_customers`: many customers, each with its own values, all or
nothing (the TSV of `crm customer edit --where`)."""

from __future__ import annotations

import pytest

from crm_cli.store.core.errors import InvalidInput
from crm_cli.store.core.records import User
from crm_cli.store.customers import customers
from crm_cli.store.customers.edits import RowsRefused, edit_customers


def statuses(actor: User, *codes: str) -> list[str | None]:
    return [customers.get_customer(actor, code).status for code in codes]


def test_every_refusal_is_named_and_nothing_is_saved(admin: User) -> None:
    for name in ("中兴通讯", "华为", "腾讯"):
        customers.add_customer(admin, name)
    with pytest.raises(RowsRefused) as refused:
        edit_customers(
            admin,
            {
                "C000001": {"status": "intent"},
                "C000002": {"status": "bogus"},
                "C000003": {"name": ""},
            },
        )
    assert list(refused.value.problems) == ["C000002", "C000003"]
    assert "unknown status 'bogus'" in refused.value.problems["C000002"]
    assert statuses(admin, "C000001", "C000002") == ["potential", "potential"]
    assert customers.customer_log(admin, "C000001")[0].action == "add"


def test_a_dry_run_checks_then_rolls_back_and_a_real_run_logs_each(admin: User) -> None:
    customers.add_customer(admin, "中兴通讯")
    customers.add_customer(admin, "华为")
    changes = {"C000001": {"status": "intent"}, "C000002": {"city": "广州"}}
    checked = edit_customers(admin, changes, dry_run=True)
    assert [c.code for c in checked] == ["C000001", "C000002"]
    assert statuses(admin, "C000001") == ["potential"]
    edit_customers(admin, changes)
    assert statuses(admin, "C000001") == ["intent"]
    assert customers.get_customer(admin, "C000002").city == "广州"
    assert customers.customer_log(admin, "C000002")[0].action == "edit"


def test_renaming_two_to_one_name_is_a_duplicate_unless_allowed(admin: User) -> None:
    customers.add_customer(admin, "中兴通讯")
    customers.add_customer(admin, "华为")
    with pytest.raises(RowsRefused, match="C000002: possible duplicate"):
        edit_customers(admin, {"C000002": {"name": "中兴通讯"}})
    edit_customers(admin, {"C000002": {"name": "中兴通讯"}}, allow_duplicate=True)
    assert customers.get_customer(admin, "C000002").name == "中兴通讯"


def test_the_matches_to_edit_are_capped(admin: User) -> None:
    from crm_cli.store.customers.edits import customers_to_edit
    from crm_cli.store.customers.query import CustomerFilter

    for name in ("中兴通讯", "华为", "腾讯"):
        customers.add_customer(admin, name, {"city": "深圳"})
    everyone = CustomerFilter(where=("city = 深圳",))
    assert [c.code for c in customers_to_edit(admin, everyone, limit=3).customers] == [
        "C000001", "C000002", "C000003",
    ]  # fmt: skip
    with pytest.raises(InvalidInput, match="3 customers match; at most 2"):
        customers_to_edit(admin, everyone, limit=2)
