"""Expenses (issue 14, point 3; EXP-1): the flow from draft to approval, who sees and decides
what, and the refusals that write nothing. The flow and the refusals run on SQLite,
PostgreSQL and MariaDB (``any_team``)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from crm_cli.store.core import models as m
from crm_cli.store.core import oplog, settings
from crm_cli.store.core.errors import InvalidInput, Locked, NotFound, PermissionDenied
from crm_cli.store.core.listing import Page
from crm_cli.store.customers import customers
from crm_cli.store.expenses import expenses, views
from crm_cli.store.expenses import models as xm
from crm_cli.store.expenses.records import Expense
from crm_cli.store.overview.customer360 import customer_view
from crm_cli.store.sales import opportunities
from tests.conftest import Team

NOW = dt.datetime(2026, 11, 23, 9, 0)
LATER = NOW + dt.timedelta(hours=3)


@pytest.fixture
def wangs(any_team: Team) -> str:
    return customers.add_customer(any_team.wang, "华为技术有限公司", now=NOW).code


def add(actor: Any, amount: str = "356.80", category: str = "travel", **values: Any) -> Expense:
    day = values.pop("spent_on", "2026-11-20")
    return expenses.add_expense(
        actor, amount=amount, category=category, spent_on=day, values=values, now=NOW
    )


def snapshot() -> list[tuple[Any, ...]]:
    """Every expense and log row: a refusal must leave both as they were."""
    rows = list(xm.Expense.select().order_by(xm.Expense.id).tuples())
    return [*rows, *m.OpLog.select().order_by(m.OpLog.id).tuples()]


def codes(actor: Any, **filters: Any) -> list[str]:
    return [e.code for e in views.iter_expenses(actor, now=NOW, **filters)]


def test_an_expense_goes_from_draft_to_approved_and_is_logged_on_its_customer(
    any_team: Team, wangs: str
) -> None:
    e = add(any_team.wang, "1280.50", "entertainment", customer=wangs, note="客户晚宴")
    assert (e.code, e.owner, e.status, e.amount) == (
        "EX000001",
        "wang",
        "draft",
        Decimal("1280.50"),
    )
    assert (e.customer, e.customer_name, e.spent_on) == (
        wangs,
        "华为技术有限公司",
        dt.date(2026, 11, 20),
    )
    e = expenses.submit_expense(any_team.wang, e.code, now=NOW)
    assert (e.status, e.submitted_at) == ("submitted", NOW)
    e = expenses.reject_expense(any_team.li, e.code, "缺发票", now=LATER)
    assert (e.status, e.reject_reason, e.decided_by) == ("rejected", "缺发票", "li")
    e = expenses.edit_expense(any_team.wang, e.code, {"amount": "1200.00"}, now=LATER)
    expenses.submit_expense(any_team.wang, e.code, now=LATER)
    e = expenses.approve_expense(any_team.li, e.code, now=LATER)
    assert (e.status, e.decided_by, e.decided_at, e.amount) == (
        "approved",
        "li",
        LATER,
        Decimal("1200.00"),
    )
    assert views.get_expense(any_team.admin, e.code) == e
    row = customers.find_row(any_team.admin, wangs, NOW.date())
    entries = [x for x in reversed(oplog.entries_for_customer(row.id)) if x.entity == "expense"]
    assert [x.action for x in entries] == ["add", "submit", "reject", "edit", "submit", "approve"]
    assert entries[3].changes == {"amount": ["1280.50", "1200.00"]}


def test_an_approved_expense_is_locked(any_team: Team) -> None:
    code = add(any_team.zhao).code
    expenses.submit_expense(any_team.zhao, code, now=NOW)
    expenses.approve_expense(any_team.wang, code, now=NOW)  # wang leads zhao
    before = snapshot()
    with pytest.raises(Locked, match="approved and locked"):
        expenses.edit_expense(any_team.zhao, code, {"note": "x"}, now=LATER)
    with pytest.raises(Locked, match="approved and locked"):
        expenses.delete_expense(any_team.zhao, code, now=LATER)
    with pytest.raises(Locked, match="approved and locked"):
        expenses.submit_expense(any_team.zhao, code, now=LATER)
    with pytest.raises(InvalidInput, match="is approved, not submitted"):
        expenses.reject_expense(any_team.li, code, "too late", now=LATER)
    assert snapshot() == before


def test_approving_ones_own_expense_is_refused_for_everyone(any_team: Team) -> None:
    mine = add(any_team.admin).code
    expenses.submit_expense(any_team.admin, mine, now=NOW)
    before = snapshot()
    with pytest.raises(PermissionDenied, match="your own expense"):
        expenses.approve_expense(any_team.admin, mine, now=NOW)
    with pytest.raises(PermissionDenied, match="your own expense"):
        expenses.reject_expense(any_team.admin, mine, "no", now=NOW)
    assert snapshot() == before
    row = xm.Expense.get(xm.Expense.code == mine)
    assert not expenses.may_approve_expense(any_team.admin, row)
    assert expenses.may_approve_expense(any_team.li, xm.Expense.get_by_id(row.id)) is False


def test_the_owners_managers_at_any_depth_and_admins_decide(any_team: Team) -> None:
    code = add(any_team.zhao).code
    expenses.submit_expense(any_team.zhao, code, now=NOW)
    row = xm.Expense.get(xm.Expense.code == code)
    may = {u.login: expenses.may_approve_expense(u, row)
           for u in (any_team.admin, any_team.li, any_team.wang, any_team.zhao, any_team.chen)}  # fmt: skip
    assert may == {"admin": True, "li": True, "wang": True, "zhao": False, "chen": False}
    before = snapshot()
    with pytest.raises(NotFound, match="no expense"):  # chen may not even see it
        expenses.approve_expense(any_team.chen, code, now=NOW)
    assert snapshot() == before
    assert expenses.approve_expense(any_team.li, code, now=NOW).decided_by == "li"


def test_only_a_submitted_expense_is_decided_and_a_rejection_needs_a_reason(any_team: Team) -> None:
    code = add(any_team.wang).code
    before = snapshot()
    with pytest.raises(InvalidInput, match="draft, not submitted; it must be submitted first"):
        expenses.approve_expense(any_team.li, code, now=NOW)
    expenses.submit_expense(any_team.wang, code, now=NOW)
    before = snapshot()
    with pytest.raises(InvalidInput, match="reason"):
        expenses.reject_expense(any_team.li, code, "  ", now=NOW)
    with pytest.raises(InvalidInput, match="already submitted"):
        expenses.submit_expense(any_team.wang, code, now=NOW)
    with pytest.raises(Locked, match="waits for approval"):
        expenses.edit_expense(any_team.wang, code, {"note": "x"}, now=NOW)
    assert snapshot() == before


@pytest.mark.parametrize(
    ("amount", "message"),
    [("-50", "must be more than 0"), ("0", "must be more than 0"), ("12.345", "two decimals"),
     ("abc", "expected a number")],
)  # fmt: skip
def test_a_negative_or_bad_amount_is_refused_and_writes_nothing(
    any_team: Team, amount: str, message: str
) -> None:
    before = snapshot()
    with pytest.raises(InvalidInput, match=message):
        add(any_team.wang, amount)
    assert snapshot() == before


def test_other_bad_values_are_refused_and_write_nothing(any_team: Team, wangs: str) -> None:
    before = snapshot()
    with pytest.raises(InvalidInput, match="unknown expense category 'yacht'; use one of: travel"):
        add(any_team.wang, category="yacht")
    with pytest.raises(InvalidInput, match="after today"):
        add(any_team.wang, spent_on="+1d")
    with pytest.raises(NotFound, match="no customer"):
        add(any_team.chen, customer=wangs)  # not hers to see
    with pytest.raises(NotFound, match="no campaign"):
        add(any_team.wang, campaign="CP999")
    with pytest.raises(NotFound, match="no opportunity"):
        add(any_team.wang, opportunity="OP999")
    assert snapshot() == before


def test_an_opportunity_brings_its_customer(any_team: Team, wangs: str) -> None:
    deal = opportunities.add_opportunity(
        any_team.wang, wangs, amount="50000", probability=40, now=NOW
    )
    e = add(any_team.wang, opportunity=deal.code)
    assert (e.opportunity, e.customer) == (deal.code, wangs)
    other = customers.add_customer(any_team.wang, "中兴通讯", now=NOW).code
    with pytest.raises(InvalidInput, match="another customer"):
        add(any_team.wang, opportunity=deal.code, customer=other)


def test_lists_show_ones_own_the_subordinates_and_admins_all(any_team: Team, wangs: str) -> None:
    t = any_team
    mine = {u.login: add(u, spent_on=day).code for u, day in
            ((t.li, "2026-11-01"), (t.wang, "2026-11-10"), (t.zhao, "2026-11-15"), (t.chen, "2026-11-18"))}  # fmt: skip
    assert codes(t.zhao) == [mine["zhao"]]
    assert codes(t.wang) == [mine["zhao"], mine["wang"]]
    assert codes(t.li) == [mine["zhao"], mine["wang"], mine["li"]]
    assert codes(t.admin) == [mine["chen"], mine["zhao"], mine["wang"], mine["li"]]
    assert codes(t.admin, page=Page(2, 1)) == [mine["zhao"], mine["wang"]]
    assert codes(t.li, owner="wang") == [mine["wang"]]
    assert codes(t.li, since="2026-11-10", until="2026-11-14") == [mine["wang"]]
    expenses.submit_expense(t.wang, mine["wang"], now=NOW)
    assert codes(t.admin, status="submitted") == [mine["wang"]]
    with pytest.raises(NotFound):
        views.get_expense(t.chen, mine["wang"])
    with pytest.raises(InvalidInput, match="unknown status"):
        codes(t.admin, status="paid")


def test_lists_filter_by_customer_campaign_and_category(any_team: Team, wangs: str) -> None:
    from crm_cli.store.campaigns import campaigns

    cp = campaigns.add_campaign(any_team.li, "秋季展会", now=NOW).code
    a = add(any_team.wang, customer=wangs).code
    b = add(any_team.wang, "99", "gifts", campaign=cp).code
    assert codes(any_team.wang, customer=wangs) == [a]
    assert codes(any_team.wang, campaign=cp) == [b]
    assert codes(any_team.wang, category="gifts") == [b]


def test_only_the_owner_changes_and_the_owner_or_an_admin_deletes(any_team: Team) -> None:
    code = add(any_team.zhao).code
    before = snapshot()
    with pytest.raises(PermissionDenied, match="only its owner"):
        expenses.edit_expense(any_team.li, code, {"note": "x"}, now=NOW)
    with pytest.raises(PermissionDenied, match="only its owner"):
        expenses.submit_expense(any_team.wang, code, now=NOW)
    with pytest.raises(PermissionDenied, match="only its owner"):
        expenses.delete_expense(any_team.li, code, now=NOW)
    assert snapshot() == before
    assert expenses.delete_expense(any_team.admin, code, now=NOW).code == code
    assert codes(any_team.admin) == []


def test_the_categories_are_a_team_setting(team: Team) -> None:
    settings.set_setting(team.admin, "expense.categories", "差旅, 招待, 礼品")
    assert add(team.wang, category="招待").category == "招待"
    with pytest.raises(InvalidInput, match="use one of: 差旅, 招待, 礼品"):
        add(team.wang, category="travel")


def test_the_360_view_lists_the_customers_expenses(team: Team) -> None:
    code = customers.add_customer(team.wang, "华为", now=NOW).code
    add(team.wang, "88.00", "gifts", customer=code)
    view = customer_view(team.li, code, now=NOW)
    assert [(r["code"], r["amount"], r["owner"]) for r in view.related["expenses"]] == [
        ("EX000001", Decimal("88.00"), "wang")
    ]


def test_the_migration_builds_the_models_columns_and_indexes(any_db: str) -> None:
    database = m.User._meta.database.obj
    columns = {c.name for c in database.get_columns("expense")}
    assert columns == {f.column_name for f in xm.Expense._meta.sorted_fields}
    indexes = {tuple(i.columns) for i in database.get_indexes("expense")}
    assert {("owner_id", "spent_on"), ("status", "submitted_at"), ("spent_on", "id")} <= indexes
