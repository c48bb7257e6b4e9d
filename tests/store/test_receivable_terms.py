"""Receivables found by query-language terms (SH-1): fields, tags, words, visibility."""

from __future__ import annotations

import datetime as dt

import pytest

from crm_cli.store.core.terms import BadTerm
from crm_cli.store.sales import order_flow, orders, payments, receivables
from crm_cli.store.sales.receivable_terms import check_terms
from tests.conftest import Team
from tests.store.test_orders import NOW, Sales

LATER = dt.datetime(2027, 1, 15, 9, 0)


@pytest.fixture
def owed(team: Team) -> Sales:
    """SO1 wang 服务器 3000 in 3 installments from 11-10, 1200 received; SO2 wang 1000 due
    12-31; SO3 wang draft (owes nothing); SO4 chen (Other Co) 2000 due 2027-02-01."""
    sales = Sales(team)
    sales.approved("PC:3", due="2026-11-10", installments=3, subject="服务器")
    sales.approved("PC:1", due="2026-12-31")
    sales.order(None, "PEN:1")
    view = orders.add_order(team.chen, sales.other.code, lines=["PC:2"], due="2027-02-01",
                            now=NOW)  # fmt: skip
    order_flow.submit_order(team.chen, view.order.code, now=NOW)
    order_flow.approve_order(team.admin, view.order.code, now=NOW)
    payments.record_payment(team.wang, "SO000001", "1200", now=NOW)
    return sales


def find(actor, *terms: str, now: dt.datetime = LATER) -> list[str]:
    rows = receivables.iter_receivables(actor, terms=terms, now=now)
    return [r.order.removeprefix("SO0000") for r in rows]  # oldest receivable date first


@pytest.mark.parametrize(
    ("terms", "expected"),
    [
        ((), ["01", "02", "04"]), (("+overdue",), ["01", "02"]), (("-overdue",), ["04"]),
        (("owed.over:1500",), ["01", "04"]), (("balance.under:1500",), ["02"]),
        (("due.before:2027-01-01", "received:0"), ["02"]), (("customer:C000002",), ["04"]),
        (("owner:chen",), ["04"]), (("order:SO000002",), ["02"]), (("服务器",), ["01"]),
    ],
)  # fmt: skip
def test_terms_select_receivables(owed: Sales, terms: tuple[str, ...], expected: list[str]) -> None:
    assert find(owed.team.admin, *terms) == expected


def test_overdue_term_is_the_overdue_option(owed: Sales) -> None:
    for now in (NOW, LATER, dt.datetime(2027, 3, 1)):
        by_term = find(owed.team.admin, "+overdue", now=now)
        option = receivables.iter_receivables(owed.team.admin, overdue=True, now=now)
        assert by_term == [r.order.removeprefix("SO0000") for r in option]


def test_visibility_still_applies(owed: Sales) -> None:
    assert find(owed.team.chen, "owed.over:0") == ["04"]
    assert find(owed.team.chen, "owner:wang") == []
    assert find(owed.team.wang, "+mine", "-overdue") == []
    assert find(owed.team.li, "+mine") == []


@pytest.mark.parametrize(
    ("term", "message"),
    [
        ("owd.over:1", "unknown field 'owd' in 'owd.over:1' (did you mean owed?)"),
        ("status:approved", "unknown field 'status' in 'status:approved'"),
        ("owed.over:lots", "bad amount 'lots' in 'owed.over:lots'"),
        ("due.before:tomorow", "bad date 'tomorow' in 'due.before:tomorow': use "),
        ("+owed", "unknown tag '+owed'"),
        ("+overdu", "unknown tag '+overdu' (did you mean +overdue?); receivable tags: "),
    ],
)  # fmt: skip
def test_a_bad_term_is_named(owed: Sales, term: str, message: str) -> None:
    with pytest.raises(BadTerm) as exc:
        check_terms(owed.team.admin, [term])
    assert str(exc.value).startswith(message)
