"""Opportunities (OPP-1): minimum probability, closing, visibility through the customer."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from crm_cli.store.core import models as m
from crm_cli.store.core import oplog, settings
from crm_cli.store.core.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from crm_cli.store.customers import contacts, customers
from crm_cli.store.customers import models as cm
from crm_cli.store.sales import models as sm
from crm_cli.store.sales import opportunities as opp
from tests.conftest import Team

NOW = dt.datetime(2026, 11, 23, 9, 0)


@pytest.fixture
def wangs(team: Team) -> str:
    """A customer of wang's (li manages wang) with one contact."""
    code = customers.add_customer(team.wang, "华为技术有限公司", now=NOW).code
    contacts.add_contact(team.wang, code, "张伟", now=NOW)
    return code


def add(actor, customer: str, **kw):  # type: ignore[no-untyped-def]
    kw.setdefault("amount", "120000.50")
    kw.setdefault("probability", 60)
    return opp.add_opportunity(actor, customer, now=NOW, **kw)


def count() -> int:
    return sm.Opportunity.select().count()


def test_add_records_every_field_and_logs_it(team: Team, wangs: str) -> None:
    row = add(team.wang, wangs, contact="张伟", product="ERP 套件", description="二期",
              stage="需求确认", close="+2m")  # fmt: skip
    assert (row.code, row.customer, row.contact, row.owner) == ("OP000001", wangs, "张伟", "wang")
    assert row.amount == Decimal("120000.50") and row.probability == 60
    assert (row.product, row.stage, row.close_date) == (
        "ERP 套件",
        "需求确认",
        dt.date(2027, 1, 23),
    )
    assert (row.status, row.closed_on, row.reason) == ("open", None, "")
    entry = oplog.entries_for_customer(cm.Customer.get(cm.Customer.code == wangs).id)[0]
    assert (entry.entity, entry.action, entry.actor) == ("opportunity", "add", "wang")
    assert entry.changes["amount"] == "120000.50" and entry.changes["code"] == "OP000001"


def test_a_manager_adds_for_a_subordinates_customer_and_the_owner_stays(
    team: Team, wangs: str
) -> None:
    assert add(team.li, wangs).owner == "wang"


def test_probability_below_the_minimum_needs_force(team: Team, wangs: str) -> None:
    with pytest.raises(InvalidInput, match=r"below the minimum of 30%.*--force"):
        add(team.wang, wangs, probability=29)
    assert count() == 0
    assert add(team.wang, wangs, probability=29, force=True).probability == 29
    settings.set_setting(team.admin, "opportunity.min_probability", "50")
    with pytest.raises(InvalidInput, match="minimum of 50%"):
        add(team.wang, wangs, probability=40)
    assert add(team.wang, wangs, probability=50).probability == 50
    assert count() == 2


@pytest.mark.parametrize(
    ("kw", "message"),
    [
        ({"probability": 101, "force": True}, "from 0 to 100"),
        ({"probability": -1, "force": True}, "from 0 to 100"),
        ({"probability": "lots"}, "whole number"),
        ({"amount": "0"}, "more than zero"),
        ({"amount": "-5"}, "more than zero"),
        ({"amount": "12.345"}, "two decimals"),
        ({"amount": "abc"}, "expected a number"),
        ({"close": "2026-11-01"}, "in the past"),
        ({"close": "someday"}, "invalid date"),
    ],
)
def test_bad_values_are_refused_and_nothing_is_added(
    team: Team, wangs: str, kw: dict[str, object], message: str
) -> None:
    with pytest.raises(InvalidInput, match=message):
        add(team.wang, wangs, **kw)
    assert count() == 0 and m.Sequence.get_or_none(m.Sequence.name == "opportunity").value == 0


def test_unknown_contact_or_customer_is_not_found(team: Team, wangs: str) -> None:
    with pytest.raises(NotFound, match="李四"):
        add(team.wang, wangs, contact="李四")
    with pytest.raises(NotFound):
        add(team.wang, "C999999")
    assert count() == 0


def test_visibility_follows_the_customer(team: Team, wangs: str) -> None:
    code = add(team.wang, wangs).code
    with pytest.raises(NotFound):
        add(team.chen, wangs)  # chen cannot see wang's customer
    with pytest.raises(NotFound):
        opp.get_opportunity(team.chen, code, now=NOW)
    assert opp.list_opportunities(team.chen, now=NOW) == []
    assert [o.code for o in opp.list_opportunities(team.li, now=NOW)] == [code]
    assert opp.get_opportunity(team.admin, code, now=NOW).code == code


def test_public_customer_visible_but_not_editable(team: Team) -> None:
    code = customers.add_customer(team.wang, "公开客户", {"is_public": "yes"}, now=NOW).code
    with pytest.raises(PermissionDenied):
        add(team.chen, code)
    ref = add(team.wang, code).code
    assert opp.get_opportunity(team.chen, ref, now=NOW).code == ref
    with pytest.raises(PermissionDenied):
        opp.win_opportunity(team.chen, ref, now=NOW)
    assert opp.get_opportunity(team.chen, ref, now=NOW).status == "open"


def test_list_filters(team: Team, wangs: str) -> None:
    other = customers.add_customer(team.zhao, "小米科技", now=NOW).code
    a = add(team.wang, wangs).code
    b = add(team.zhao, other).code
    opp.lose_opportunity(team.zhao, b, reason="价格", now=NOW)
    li = team.li
    assert [o.code for o in opp.list_opportunities(li, now=NOW)] == [b, a]  # newest first
    assert [o.code for o in opp.list_opportunities(li, customer=wangs, now=NOW)] == [a]
    assert [o.code for o in opp.list_opportunities(li, status="lost", now=NOW)] == [b]
    assert [o.code for o in opp.list_opportunities(li, owner="zhao", now=NOW)] == [b]
    assert [o.code for o in opp.list_opportunities(li, limit=1, now=NOW)] == [b]
    with pytest.raises(InvalidInput, match="unknown status"):
        opp.list_opportunities(li, status="maybe", now=NOW)


def test_win_and_lose_close_it_and_a_closed_one_is_locked(team: Team, wangs: str) -> None:
    won = opp.win_opportunity(team.wang, add(team.wang, wangs).code, date="2026-11-20", now=NOW)
    assert (won.status, won.closed_on) == ("won", dt.date(2026, 11, 20))
    with pytest.raises(Conflict, match="is won"):
        opp.win_opportunity(team.wang, won.code, now=NOW)
    with pytest.raises(Conflict):
        opp.lose_opportunity(team.wang, won.code, reason="x", now=NOW)
    with pytest.raises(Conflict):
        opp.edit_opportunity(team.wang, won.code, {"stage": "x"}, now=NOW)
    assert opp.get_opportunity(team.wang, won.code, now=NOW) == won
    lost = opp.lose_opportunity(team.wang, add(team.wang, wangs).code, reason=" 竞品 ", now=NOW)
    assert (lost.status, lost.closed_on, lost.reason) == ("lost", NOW.date(), "竞品")
    reopened = opp.reopen_opportunity(team.wang, lost.code, now=NOW)
    assert (reopened.status, reopened.closed_on, reopened.reason) == ("open", None, "")
    with pytest.raises(Conflict, match="already open"):
        opp.reopen_opportunity(team.wang, lost.code, now=NOW)


def test_closing_needs_a_reason_and_no_future_date(team: Team, wangs: str) -> None:
    code = add(team.wang, wangs).code
    with pytest.raises(InvalidInput, match="reason"):
        opp.lose_opportunity(team.wang, code, reason="  ", now=NOW)
    with pytest.raises(InvalidInput, match="future"):
        opp.win_opportunity(team.wang, code, date="+1d", now=NOW)
    assert opp.get_opportunity(team.wang, code, now=NOW).status == "open"


def test_edit_changes_fields_and_logs_the_difference(team: Team, wangs: str) -> None:
    code = add(team.wang, wangs).code
    row = opp.edit_opportunity(
        team.wang, code, {"amount": "99.90", "probability": 80, "contact": "张伟", "stage": "谈判"},
        now=NOW,
    )  # fmt: skip
    assert (row.amount, row.probability, row.contact, row.stage) == (
        Decimal("99.90"), 80, "张伟", "谈判",
    )  # fmt: skip
    entry = customers.customer_log(team.wang, wangs, now=NOW)[0]
    assert entry.action == "edit"
    assert entry.changes["amount"] == ["120000.50", "99.90"]
    assert entry.changes["probability"] == [60, 80]
    with pytest.raises(InvalidInput, match="minimum"):
        opp.edit_opportunity(team.wang, code, {"probability": 10}, now=NOW)
    assert opp.edit_opportunity(team.wang, code, {"probability": 10}, force=True, now=NOW)
    with pytest.raises(InvalidInput, match="unknown opportunity field"):
        opp.edit_opportunity(team.wang, code, {"status": "won"}, now=NOW)
    with pytest.raises(InvalidInput, match="nothing to change"):
        opp.edit_opportunity(team.wang, code, {}, now=NOW)


def test_delete_hides_it(team: Team, wangs: str) -> None:
    code = add(team.wang, wangs).code
    opp.delete_opportunity(team.wang, code, now=NOW)
    with pytest.raises(NotFound):
        opp.get_opportunity(team.wang, code, now=NOW)
    assert opp.list_opportunities(team.wang, now=NOW) == []


def test_by_numeric_id_too(team: Team, wangs: str) -> None:
    row = add(team.wang, wangs)
    assert opp.get_opportunity(team.wang, str(row.id), now=NOW).code == row.code
    assert opp.get_opportunity(team.wang, row.code.lower(), now=NOW).code == row.code


def test_works_on_every_backend(any_team: Team) -> None:
    code = customers.add_customer(any_team.wang, "多库客户", now=NOW).code
    row = opp.add_opportunity(any_team.wang, code, amount="0.10", probability=30, now=NOW)
    opp.edit_opportunity(any_team.wang, row.code, {"amount": "0.30"}, now=NOW)
    won = opp.win_opportunity(any_team.li, row.code, now=NOW)
    assert (won.amount, won.status) == (Decimal("0.30"), "won")
    assert [o.code for o in opp.list_opportunities(any_team.li, status="won", now=NOW)] == [
        row.code
    ]
