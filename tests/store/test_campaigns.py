"""Campaigns (issue 14, point 4; CMP-1): adding and changing one, who may, linking customers
(their source campaign) and opportunities, and the refusals that write nothing. On SQLite,
PostgreSQL and MariaDB (``any_team``) where it writes."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from crm_cli.store.campaigns import campaigns, links, views
from crm_cli.store.campaigns import models as km
from crm_cli.store.campaigns.records import Campaign
from crm_cli.store.core import models as m
from crm_cli.store.core import oplog, settings
from crm_cli.store.core.errors import Ambiguous, Duplicate, InvalidInput, NotFound, PermissionDenied
from crm_cli.store.customers import customers
from crm_cli.store.customers import models as cm
from crm_cli.store.sales import models as sm
from crm_cli.store.sales import opportunities
from tests.conftest import Team

NOW = dt.datetime(2026, 11, 23, 9, 0)


def add(actor: Any, name: str = "2026 秋季展会", **values: Any) -> Campaign:
    values.setdefault("starts_on", "2026-11-01")
    return campaigns.add_campaign(actor, name, values=values, now=NOW)


def snapshot() -> list[tuple[Any, ...]]:
    """Campaigns, the campaign columns of customers and opportunities, and the log."""
    C, Opp = cm.Customer, sm.Opportunity
    return [
        *km.Campaign.select().order_by(km.Campaign.id).tuples(),
        *C.select(C.id, C.campaign_id, C.updated_at).order_by(C.id).tuples(),
        *Opp.select(Opp.id, Opp.campaign_id, Opp.updated_at).order_by(Opp.id).tuples(),
        *m.OpLog.select().order_by(m.OpLog.id).tuples(),
    ]


def source_of(code: str) -> int | None:
    return cm.Customer.get(cm.Customer.code == code).campaign_id  # type: ignore[no-any-return]


def test_a_manager_adds_a_campaign_with_its_plan(any_team: Team) -> None:
    c = add(any_team.li, type="exhibition", ends_on="2026-11-30", budget="50000",
            expected_revenue="300000.00", expected_responses="200", note="深圳会展中心")  # fmt: skip
    assert (c.code, c.name, c.type, c.stage, c.owner) == ("CP000001", "2026 秋季展会", "exhibition",
                                                          "planned", "li")  # fmt: skip
    assert (c.starts_on, c.ends_on) == (dt.date(2026, 11, 1), dt.date(2026, 11, 30))
    assert (c.budget, c.expected_revenue) == (Decimal("50000.00"), Decimal("300000.00"))
    assert (c.expected_responses, c.responses) == (200, 0)
    c = campaigns.edit_campaign(
        any_team.li, c.code, {"stage": "active", "responses": "57"}, now=NOW
    )
    assert (c.stage, c.responses) == ("active", 57)
    assert views.get_campaign(any_team.chen, c.code) == c  # every user sees campaigns
    entries = m.OpLog.select().where(m.OpLog.entity == "campaign").order_by(m.OpLog.id)
    assert [e.action for e in entries] == ["add", "edit"]


def test_a_campaign_ending_before_it_starts_is_refused_and_writes_nothing(any_team: Team) -> None:
    code = add(any_team.li, ends_on="2026-11-30").code
    before = snapshot()
    with pytest.raises(InvalidInput, match=r"ends \(2026-10-31\) before it starts \(2026-11-01\)"):
        add(any_team.li, ends_on="2026-10-31")
    with pytest.raises(InvalidInput, match=r"ends .* before it starts"):
        campaigns.edit_campaign(any_team.li, code, {"starts_on": "2026-12-01"}, now=NOW)
    assert snapshot() == before


@pytest.mark.parametrize(
    ("values", "message"),
    [({"budget": "-1"}, "budget -1: it must not be negative"),
     ({"expected_revenue": "-0.01"}, "must not be negative"),
     ({"expected_responses": "-3"}, "expected 0 to"),
     ({"type": "party"}, "unknown campaign type 'party'"),
     ({"stage": "dreaming"}, "unknown campaign stage"),
     ({"starts_on": ""}, "needs a start date"),
     ({"owner": "nobody"}, "no user")],
)  # fmt: skip
def test_bad_values_are_refused_and_write_nothing(
    any_team: Team, values: dict[str, str], message: str
) -> None:
    before = snapshot()
    with pytest.raises((InvalidInput, NotFound), match=message):
        campaigns.add_campaign(any_team.li, "x", values=values, now=NOW)
    assert snapshot() == before


def test_managers_and_admins_add_and_delete_the_owner_changes(team: Team) -> None:
    before = snapshot()
    with pytest.raises(PermissionDenied, match="only managers and admins"):
        add(team.wang)
    assert snapshot() == before
    code = add(team.li, owner="wang").code
    assert campaigns.edit_campaign(team.wang, code, {"responses": 3}, now=NOW).responses == 3
    with pytest.raises(PermissionDenied, match="managers and admins may"):
        campaigns.delete_campaign(team.wang, code, now=NOW)
    with pytest.raises(PermissionDenied, match="managers, admins and its owner"):
        campaigns.edit_campaign(team.chen, code, {"responses": 4}, now=NOW)
    campaigns.delete_campaign(team.admin, code, now=NOW)
    with pytest.raises(NotFound, match="no campaign"):
        views.get_campaign(team.li, code)


def test_linking_customers_and_opportunities_is_logged_on_the_customer(any_team: Team) -> None:
    cp = add(any_team.li).code
    other = add(any_team.li, "春季研讨会").code
    acme = customers.add_customer(any_team.wang, "Acme", now=NOW).code
    deal = opportunities.add_opportunity(
        any_team.wang, acme, amount="9000", probability=50, now=NOW
    )
    done = links.link(any_team.wang, cp, customers=[acme], opportunities=[deal.code], now=NOW)
    assert [(x.kind, x.code, x.campaign, x.changed) for x in done] == [
        ("customer", acme, cp, True), ("opportunity", deal.code, cp, True)
    ]  # fmt: skip
    again = links.link(any_team.wang, other, customers=[acme], now=NOW)
    assert again[0].changed and source_of(acme) == km.Campaign.get(km.Campaign.code == other).id
    links.unlink(any_team.wang, cp, opportunities=[deal.code], now=NOW)
    assert sm.Opportunity.get(sm.Opportunity.code == deal.code).campaign_id is None
    row = customers.find_row(any_team.admin, acme, NOW.date())
    changes = [(e.entity, e.changes) for e in reversed(oplog.entries_for_customer(row.id))
               if e.action == "campaign"]  # fmt: skip
    assert changes == [
        ("customer", {"campaign": [None, cp]}), ("opportunity", {"campaign": [None, cp]}),
        ("customer", {"campaign": [cp, other]}), ("opportunity", {"campaign": [cp, None]}),
    ]  # fmt: skip


def test_linking_a_customer_one_cannot_see_is_not_found_and_writes_nothing(
    any_team: Team,
) -> None:
    cp = add(any_team.li).code
    mine = customers.add_customer(any_team.chen, "陈的客户", now=NOW).code
    wangs = customers.add_customer(any_team.wang, "王的客户", now=NOW).code
    before = snapshot()
    with pytest.raises(NotFound, match=f"no customer '{wangs}'"):
        links.link(any_team.chen, cp, customers=[mine, wangs], now=NOW)
    assert snapshot() == before and source_of(mine) is None


def test_unlinking_what_is_not_linked_and_linking_nothing_are_refused(team: Team) -> None:
    cp = add(team.li).code
    acme = customers.add_customer(team.wang, "Acme", now=NOW).code
    with pytest.raises(InvalidInput, match=f"customer {acme} is not linked to campaign {cp}"):
        links.unlink(team.wang, cp, customers=[acme], now=NOW)
    with pytest.raises(InvalidInput, match="at least one customer or opportunity"):
        links.link(team.wang, cp, now=NOW)
    with pytest.raises(NotFound, match="no campaign"):
        links.link(team.wang, "CP404", customers=[acme], now=NOW)
    public = customers.add_customer(team.chen, "Shared", {"is_public": "yes"}, now=NOW).code
    with pytest.raises(PermissionDenied, match="may not link a campaign to customer"):
        links.link(team.wang, cp, customers=[public], now=NOW)


def test_a_customer_added_from_a_campaign_is_one_transaction(any_team: Team) -> None:
    cp = add(any_team.li).code
    added = links.add_customer_from(any_team.wang, cp, "展会客户", {"city": "深圳"}, now=NOW)
    assert source_of(added.code) == km.Campaign.get(km.Campaign.code == cp).id
    row = customers.find_row(any_team.wang, added.code, NOW.date())
    assert [e.action for e in reversed(oplog.entries_for_customer(row.id))] == ["add", "campaign"]
    before = snapshot()
    with pytest.raises(NotFound, match="no campaign 'CP404'"):
        links.add_customer_from(any_team.wang, "CP404", "另一个客户", now=NOW)
    with pytest.raises(Duplicate):
        links.add_customer_from(any_team.wang, cp, "展会客户", now=NOW)
    assert snapshot() == before


def test_the_list_is_latest_start_first_and_filters(team: Team) -> None:
    a = add(team.li, "A", starts_on="2026-09-01", ends_on="2026-09-30", type="seminar").code
    b = add(team.li, "B", starts_on="2026-11-01", stage="active").code
    c = add(team.admin, "C", starts_on="2026-10-01", owner="wang").code
    assert [x.code for x in views.iter_campaigns(team.chen)] == [b, c, a]
    assert [x.code for x in views.iter_campaigns(team.chen, stage="active")] == [b]
    assert [x.code for x in views.iter_campaigns(team.chen, type="seminar")] == [a]
    assert [x.code for x in views.iter_campaigns(team.wang, owner="me")] == [c]
    on = dt.date(2026, 10, 15)
    assert [x.code for x in views.iter_campaigns(team.chen, active_on=on)] == [c]


def test_the_types_and_stages_are_team_settings(team: Team) -> None:
    settings.set_setting(team.admin, "campaign.stages", "筹备,执行,结束")
    settings.set_setting(team.admin, "campaign.types", "展会,地推")
    c = add(team.li, type="地推")
    assert (c.stage, c.type) == ("筹备", "地推")
    settings.set_setting(team.admin, "code.campaign_prefix", "MK")
    assert add(team.li, "B").code == "MK000002"


def test_the_migration_builds_the_models_columns_and_indexes(any_db: str) -> None:
    database = m.User._meta.database.obj
    columns = {c.name for c in database.get_columns("campaign")}
    assert columns == {f.column_name for f in km.Campaign._meta.sorted_fields}
    assert {("starts_on", "id")} <= {tuple(i.columns) for i in database.get_indexes("campaign")}
    for table in ("customer", "opportunity"):
        assert ("campaign_id",) in {tuple(i.columns) for i in database.get_indexes(table)}


def test_a_name_two_campaigns_share_is_ambiguous(team: Team) -> None:
    first, second = add(team.li, "展会").code, add(team.li, "展会").code
    with pytest.raises(Ambiguous, match=f"several campaigns: {first} 展会; {second} 展会"):
        views.get_campaign(team.wang, "展会")
    assert views.get_campaign(team.wang, second).code == second
