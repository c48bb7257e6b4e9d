"""`crm demo`'s campaign and expenses (issue 14, point 7; CMP-1, EXP-1): a running fair with
linked buyers and deals, approved costs, a revenue and an ROI; the team's expenses in every
state, waiting in the manager's inbox; logged, with codes from the sequences."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from decimal import Decimal

import pytest

from crm_cli.store.core import models as m
from crm_cli.store.core import users
from crm_cli.store.core.records import User
from crm_cli.store.database.checks import check_database
from crm_cli.store.demo import generate as demo
from crm_cli.store.expenses import expenses, views
from crm_cli.store.expenses import models as xm
from crm_cli.store.overview.campaign_results import campaign_results

NOW = dt.datetime(2026, 11, 23, 9, 0)


@pytest.fixture
def filled(db_url: str) -> User:
    admin = users.resolve_actor("admin")
    demo.add_demo_data(admin, 200, seed=1, now=NOW)
    return admin


def test_the_fair_has_a_cost_a_revenue_and_an_roi(filled: User) -> None:
    li = users.resolve_actor("li")
    r = campaign_results(li, "CP000001")
    assert r.actual_cost == Decimal("44698.50")  # the four approved fair costs, to the cent
    assert r.actual_revenue > 0 and r.orders > 0 and r.roi is not None
    assert r.customers > 0 and r.opportunities > 0 and r.responses >= 150
    assert r.cost_per_response == (r.actual_cost / r.responses).quantize(Decimal("0.01"))


def test_the_teams_expenses_are_in_every_state_and_wait_for_li(filled: User) -> None:
    li = users.resolve_actor("li")
    states = Counter(e.status for e in views.iter_expenses(li, now=NOW))
    assert set(states) == {"draft", "submitted", "approved", "rejected"}
    waiting = list(views.iter_expenses(li, status="submitted", now=NOW))
    rows = [xm.Expense.get_by_id(e.id) for e in waiting]
    assert rows and all(expenses.may_approve_expense(li, row) for row in rows)
    assert all(e.spent_on <= NOW.date() for e in views.iter_expenses(filled, now=NOW))


def test_each_expense_is_logged_once_and_the_sequence_carries_on(filled: User) -> None:
    count = xm.Expense.select().count()
    logged = m.OpLog.select().where((m.OpLog.entity == "expense") & (m.OpLog.action == "add"))
    assert logged.count() == count
    wang = users.resolve_actor("wang")
    added = expenses.add_expense(wang, amount="10", category="travel", now=NOW)
    assert added.code == f"EX{count + 1:06d}"


def test_the_database_checks_clean(filled: User) -> None:
    assert [(r.check, r.records) for r in check_database(filled) if not r.ok] == []
