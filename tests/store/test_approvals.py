"""The one approval inbox (issue 14, point 5): who sees what waits, oldest first, and
approve / reject handed to each domain's own verb. SQLite, PostgreSQL and MariaDB
(``any_team``) where the queries differ; the desk is tests/store/approval_desk.py."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from playhouse.test_utils import count_queries

from crm_cli.store.core import db, settings
from crm_cli.store.core.errors import (
    Ambiguous,
    CrmError,
    InvalidInput,
    NotFound,
    PermissionDenied,
)
from crm_cli.store.core.listing import Page
from crm_cli.store.core.records import User
from crm_cli.store.expenses import models as xm
from crm_cli.store.overview import approvals
from crm_cli.store.sales import models as sm
from tests.conftest import Team
from tests.store.approval_desk import NOW, ago, build, expense, submitted


@pytest.fixture
def desk(team: Team) -> Team:
    return build(team)


@pytest.fixture
def any_desk(any_team: Team) -> Team:
    return build(any_team)


def codes(actor: User, now: dt.datetime = NOW) -> list[str]:
    return [a.code for a in approvals.list_approvals(actor, now=now)]


def states() -> dict[str, str]:
    """Every order's and expense's status and every quote's audit flag, to prove a refusal
    changed nothing."""
    found = {o.code: o.status for o in sm.SalesOrder.select()}
    found |= {x.code: x.status for x in xm.Expense.select()}
    found |= {q.code: str(q.audited) for q in sm.Quote.select()}
    return found


def test_each_sees_what_waits_for_them_oldest_first(any_desk: Team) -> None:
    t = any_desk
    assert codes(t.li) == ["Q000001", "EX000001", "SO000001", "SO000003"]
    assert codes(t.admin) == [
        "Q000001", "EX000001", "SO000001", "SO000002", "SO000003", "EX000002",
    ]  # fmt: skip
    assert codes(t.wang) == ["EX000001"]  # above zhao: his expenses, never orders or quotes
    assert codes(t.zhao) == codes(t.chen) == []
    assert [approvals.count_approvals(u, now=NOW) for u in (t.admin, t.li, t.wang, t.chen)] == [
        6, 4, 1, 0,
    ]  # fmt: skip


def test_an_item_says_what_it_is_whose_and_how_long_it_waits(any_desk: Team) -> None:
    items = {a.code: a for a in approvals.list_approvals(any_desk.li, now=NOW)}
    assert items["SO000003"] == approvals.Approval(
        kind="order", code="SO000003", customer="C000002", customer_name="赵氏贸易",
        owner="zhao", amount=Decimal("3000.00"), subject="Desks", since=ago(1), age_days=1,
    )  # fmt: skip
    assert items["Q000001"][:7] == (
        "quote", "Q000001", "C000001", "Acme Trading", "wang", Decimal("1000.00"), "Refit",
    )  # fmt: skip
    assert items["EX000001"].amount == Decimal("120.50")
    assert (items["EX000001"].customer, items["EX000001"].owner) == (None, "zhao")
    assert items["Q000001"].age_days == 5


def test_pages_and_the_as_of_day(desk: Team) -> None:
    page = approvals.iter_approvals(desk.admin, now=NOW, page=Page(2, 3))
    assert [a.code for a in page] == ["SO000002", "SO000003"]
    # Two days ago the last two had not been submitted yet.
    assert codes(desk.admin, now=ago(2)) == ["Q000001", "EX000001", "SO000001", "SO000002"]
    assert approvals.count_approvals(desk.admin, now=ago(2)) == 4


def test_the_inbox_lists_exactly_what_approve_accepts(desk: Team) -> None:
    """The SQL of each kind follows the domain's own rule: every candidate is tried through
    ``approve`` by every user, in a transaction rolled back afterwards."""
    everything = [*codes(desk.admin), "SO000004", "Q000002"]
    database = db.db_proxy.obj
    for user in (desk.admin, desk.li, desk.wang, desk.zhao, desk.chen):
        accepted = []
        for code in everything:
            with database.atomic() as tx:
                try:
                    approvals.approve(user, [code], now=NOW)
                    accepted.append(code)
                except CrmError:
                    pass
                tx.rollback()
        assert accepted == codes(user), user.login


def test_approve_hands_each_kind_to_its_domain(any_desk: Team) -> None:
    done = approvals.approve(any_desk.li, ["so000001", "Q000001", "EX000001"], now=NOW)
    assert [tuple(d) for d in done] == [
        ("order", "SO000001", "approved"), ("quote", "Q000001", "audited"),
        ("expense", "EX000001", "approved"),
    ]  # fmt: skip
    order = sm.SalesOrder.get(sm.SalesOrder.code == "SO000001")
    assert (order.status, order.decided_by_id) == ("approved", any_desk.li.id)
    assert sm.Quote.get(sm.Quote.code == "Q000001").audited
    assert xm.Expense.get(xm.Expense.code == "EX000001").status == "approved"
    assert codes(any_desk.li) == ["SO000003"]


def test_too_many_codes_at_once_are_refused(desk: Team) -> None:
    before = states()
    codes_ = ["SO000001", *(f"SO{n:06d}" for n in range(5, 1005))]
    with pytest.raises(InvalidInput, match="too many codes: at most 1000"):
        approvals.approve(desk.li, codes_, now=NOW)
    assert states() == before


def test_a_code_given_twice_is_decided_once(desk: Team) -> None:
    done = approvals.approve(desk.li, ["SO000001", " so000001"], now=NOW)
    assert [tuple(d) for d in done] == [("order", "SO000001", "approved")]


def test_reject_sends_orders_and_expenses_back_with_the_reason(desk: Team) -> None:
    assert tuple(approvals.reject(desk.li, "SO000003", "价格太低", now=NOW)) == (
        "order", "SO000003", "rejected",
    )  # fmt: skip
    assert sm.SalesOrder.get(sm.SalesOrder.code == "SO000003").reject_reason == "价格太低"
    approvals.reject(desk.wang, "EX000001", "no receipt", now=NOW)
    assert xm.Expense.get(xm.Expense.code == "EX000001").reject_reason == "no receipt"
    assert codes(desk.li) == ["Q000001", "SO000001"]


@pytest.mark.parametrize(
    ("user", "refs", "error", "message"),
    [
        ("li", ["SO000001", "SO000002"], NotFound, "no order 'SO000002'"),  # chen's: unseen
        ("li", ["SO000004"], InvalidInput, "SO000004 is draft, not submitted"),
        ("li", ["Q000002"], InvalidInput, "already audited"),
        ("li", ["EX000002"], PermissionDenied, "your own expense"),
        ("wang", ["SO000001"], PermissionDenied, "only the owner's manager or an admin"),  # own
        ("admin", ["XX999999"], NotFound, "no order, quote or expense 'XX999999'"),
        ("admin", ["1"], NotFound, r"'1' \(give its code, not an id\)"),
        ("admin", ["  "], InvalidInput, "empty code"),
        ("admin", [], InvalidInput, "at least one code"),
    ],
)
def test_a_refused_approval_writes_nothing(
    desk: Team, user: str, refs: list[str], error: type, message: str
) -> None:
    before = states()
    with pytest.raises(error, match=message):
        approvals.approve(getattr(desk, user), refs, now=NOW)
    assert states() == before


@pytest.mark.parametrize(
    ("ref", "reason", "message"),
    [
        ("SO000001", "  ", "give a reason"),
        ("Q000001", "too dear", "quote Q000001 cannot be rejected"),
        ("SO000001", "x" * 301, None),  # the order's own rule cuts the reason, not refuses
    ],
)
def test_reject_needs_a_reason_and_refuses_quotes(
    desk: Team, ref: str, reason: str, message: str | None
) -> None:
    before = states()
    if message is None:
        approvals.reject(desk.li, ref, reason, now=NOW)
        assert len(sm.SalesOrder.get(sm.SalesOrder.code == ref).reject_reason) == 300
        return
    with pytest.raises(InvalidInput, match=message):
        approvals.reject(desk.li, ref, reason, now=NOW)
    assert states() == before


def test_codes_keep_their_type_when_a_prefix_changes(desk: Team) -> None:
    settings.set_setting(desk.admin, "code.order_prefix", "HT")
    assert approvals.approve(desk.li, ["SO000001"], now=NOW)[0].kind == "order"
    sm.Quote.update(code="SO000003").where(sm.Quote.code == "Q000001").execute()
    with pytest.raises(Ambiguous, match="SO000003 names more than one record: order, quote"):
        approvals.approve(desk.li, ["SO000003"], now=NOW)


def test_a_big_team_costs_no_query_per_item(desk: Team) -> None:
    def queries() -> int:
        with count_queries(only_select=True) as counter:
            assert codes(desk.li)
            approvals.count_approvals(desk.li, now=NOW)
        return counter.count

    few = queries()
    for n in range(15):
        submitted(desk.zhao, "C000002", 1, "PC:1")
        expense(desk.zhao, f"{n + 1}.00", 2)
    assert len(codes(desk.li)) == 4 + 30
    assert queries() == few


def test_sqlite_finds_submitted_orders_through_their_index(desk: Team) -> None:
    database = db.db_proxy.obj
    query = approvals._orders(desk.admin, NOW, NOW.date())
    sql, params = query.sql()
    plan = " ".join(row[-1] for row in database.execute_sql("EXPLAIN QUERY PLAN " + sql, params))
    assert "sales_order_status_submitted_at" in plan, plan
