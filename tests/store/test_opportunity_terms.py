"""Opportunities found by query-language terms (SH-1): fields, tags, words, visibility."""

from __future__ import annotations

import datetime as dt

import pytest

from crm_cli.store.core.terms import BadTerm
from crm_cli.store.customers import customers
from crm_cli.store.sales import opportunities as opp
from crm_cli.store.sales.opportunity_terms import check_terms
from tests.conftest import Team

NOW = dt.datetime(2026, 11, 23, 9, 0)


@pytest.fixture
def deals(team: Team) -> Team:
    """OP1 wang 深圳 报价 60000 close 12-30; OP2 wang 上海 初步接触 10000, no close date;
    OP3 chen 深圳 报价 80000 close 11-30, won; OP4 wang 深圳 close 11-30 (passed by 12-05)."""
    customers.add_customer(team.wang, "中兴通讯", {"city": "深圳"}, now=NOW)
    customers.add_customer(team.wang, "上海银行", {"city": "上海"}, now=NOW)
    customers.add_customer(team.chen, "陈氏贸易", {"city": "深圳"}, now=NOW)
    add = opp.add_opportunity
    add(team.wang, "C000001", amount="60000", probability=50, stage="报价", close="2026-12-30",
        product="交换机", now=NOW)  # fmt: skip
    add(team.wang, "C000002", amount="1万", probability=40, stage="初步接触", now=NOW)
    add(team.chen, "C000003", amount="80000", probability=60, stage="报价", close="2026-11-30",
        now=NOW)  # fmt: skip
    opp.win_opportunity(team.chen, "OP000003", now=NOW)
    add(team.wang, "C000001", amount="5000", probability=30, close="2026-11-30", now=NOW)
    return team


def find(actor, *terms: str, day: int = 23) -> list[str]:
    now = NOW.replace(day=day) if day <= 30 else NOW.replace(month=12, day=day - 30)
    rows = opp.iter_opportunities(actor, terms=terms, now=now)
    return sorted(r.code for r in rows)


@pytest.mark.parametrize(
    ("terms", "expected"),
    [
        (("stage:报价",), ["OP000001", "OP000003"]),
        (("stage:报价", "amount.over:50000", "-won"), ["OP000001"]),
        (("amount.under:1.5万",), ["OP000002", "OP000004"]),
        (("+won",), ["OP000003"]), (("status:赢单",), ["OP000003"]),
        (("+open", "city:深圳"), ["OP000001", "OP000004"]),
        (("close.before:2026-12-01",), ["OP000003", "OP000004"]),
        (("close:",), ["OP000002"]), (("stage.not:报价",), ["OP000002", "OP000004"]),
        (("交换机",), ["OP000001"]), (("上海银行",), ["OP000002"]),
        (("customer:C000001", "probability.over:40"), ["OP000001"]),
        (("owner:chen",), ["OP000003"]), (("+mine",), []),
    ],
)  # fmt: skip
def test_terms_select_opportunities(
    deals: Team, terms: tuple[str, ...], expected: list[str]
) -> None:
    assert find(deals.admin, *terms) == expected


def test_overdue_is_open_past_its_close_date(deals: Team) -> None:
    assert find(deals.admin, "+overdue") == []
    assert find(deals.admin, "+overdue", day=35) == ["OP000004"]  # 12-05: OP3 is won


def test_visibility_still_applies(deals: Team) -> None:
    assert find(deals.wang, "stage:报价") == ["OP000001"]
    assert find(deals.wang, "+mine") == ["OP000001", "OP000002", "OP000004"]
    assert find(deals.chen, "owner:me") == ["OP000003"]


@pytest.mark.parametrize(
    ("term", "message"),
    [
        ("stag:报价", "unknown field 'stag' in 'stag:报价' (did you mean stage?)"),
        ("amount.over:lots", "bad amount 'lots' in 'amount.over:lots'"),
        ("close.before:tomorow", "bad date 'tomorow' in 'close.before:tomorow': use "),
        ("probability.over:x", "bad number 'x' in 'probability.over:x'"),
        ("+wonn", "unknown tag '+wonn' (did you mean +won?)"),
        ("owner:nobody", "no user 'nobody' (in 'owner:nobody')"),
    ],
)  # fmt: skip
def test_a_bad_term_is_named(deals: Team, term: str, message: str) -> None:
    with pytest.raises(BadTerm) as exc:
        check_terms(deals.admin, [term])
    assert str(exc.value).startswith(message)
