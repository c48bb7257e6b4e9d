"""Saved summaries (issue 15, point 3): personal or, by an admin, for the team; run again
with a new period; a name that exists is a conflict, someone else's personal report is not
found, and a team report naming what the runner may not read is refused."""

from __future__ import annotations

import pytest

from crm_cli.store.analysis import periods, saved
from crm_cli.store.analysis.summary import Definition
from crm_cli.store.core.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from crm_cli.store.customers import saved_searches
from crm_cli.store.customers.query import CustomerFilter
from tests.conftest import Team
from tests.store.report_book import at, fill

TODAY = at("2027-01-10").date()
MONTHLY = Definition("orders", ("signed:month",), ("count", "sum:total"))


def test_saved_and_run_again_with_a_new_period(team: Team) -> None:
    fill(team)
    kept = saved.save_summary(team.wang, "月度签约", MONTHLY, now=at("2027-01-10"))
    assert kept == saved.SavedSummary("月度签约", False, "wang", MONTHLY)
    assert saved.get_summary(team.wang, " 月度签约 ").definition == MONTHLY
    everything = saved.run_saved(team.wang, "月度签约", today=TODAY)
    assert everything.name == "月度签约"
    assert [(r["signed_month"], r["count"]) for r in everything.rows] == [
        ("2026-12", 1), ("2027-01", 1)
    ]  # fmt: skip
    january = periods.parse_period("2027-01", TODAY)
    again = saved.run_saved(team.wang, "月度签约", period=january,
                            compare_with=periods.compared(january, "previous"), today=TODAY)  # fmt: skip
    assert again.period == january and again.compare is not None
    assert [(r["signed_month"], str(r["sum_total"]), str(r["sum_total_compared"]))
            for r in again.rows] == [("2027-01", "333.33", "2000.00")]  # fmt: skip


def test_personal_reports_are_their_owners(team: Team) -> None:
    saved.save_summary(team.wang, "mine", MONTHLY)
    assert [s.name for s in saved.list_summaries(team.wang)] == ["mine"]
    assert saved.list_summaries(team.chen) == []
    for attempt in (saved.get_summary, saved.delete_summary):
        with pytest.raises(NotFound, match="'mine'"):
            attempt(team.chen, "mine")
    # chen may keep a report of the same name: names are per person.
    saved.save_summary(team.chen, "mine", Definition("customers", ("city",)))
    assert saved.get_summary(team.chen, "mine").definition.records == "customers"
    saved.delete_summary(team.wang, "mine")
    with pytest.raises(NotFound):
        saved.get_summary(team.wang, "mine")


def test_a_name_that_exists_is_a_conflict(team: Team) -> None:
    saved.save_summary(team.wang, "mine", MONTHLY)
    saved.save_summary(team.admin, "团队月报", MONTHLY, team=True)
    for name in ("mine", "团队月报", "sales-trend"):  # one's own, the team's, a preset
        with pytest.raises(Conflict):
            saved.save_summary(team.wang, name, Definition("customers"))
    with pytest.raises(Conflict):
        saved.save_summary(team.admin, "团队月报", MONTHLY, team=True)
    assert saved.get_summary(team.wang, "mine").definition == MONTHLY  # unchanged


def test_team_reports_are_everyones_and_an_admins_to_delete(team: Team) -> None:
    fill(team)
    with pytest.raises(PermissionDenied, match="only an admin"):
        saved.save_summary(team.li, "团队月报", MONTHLY, team=True)
    saved.save_summary(team.admin, "团队月报", MONTHLY, team=True)
    listed = saved.list_summaries(team.chen)
    assert [(s.name, s.team, s.owner) for s in listed] == [("团队月报", True, "admin")]
    # Each runner sees their own scope: chen her two orders, not the admin's five.
    rows = saved.run_saved(team.chen, "团队月报", today=TODAY).rows
    assert sum(r["count"] for r in rows) == 2
    with pytest.raises(PermissionDenied, match="only an admin deletes it"):
        saved.delete_summary(team.chen, "团队月报")
    saved.delete_summary(team.admin, "团队月报")
    assert saved.list_summaries(team.chen) == []


def test_a_team_report_naming_reserved_fields_is_refused_to_a_salesperson(team: Team) -> None:
    """Cost prices and profit are for managers and admins: a team report of profit per
    salesperson runs for a manager, and is refused to a salesperson (exit 5)."""
    fill(team)
    profit = Definition("order-lines", ("owner",), ("sum:profit",))
    saved.save_summary(team.admin, "利润", profit, team=True)
    assert saved.run_saved(team.li, "利润", today=TODAY).rows  # a manager: his team's
    with pytest.raises(PermissionDenied, match="report '利润': profit of order-lines is reserved"):
        saved.run_saved(team.wang, "利润", today=TODAY)
    with pytest.raises(PermissionDenied):  # nor may a salesperson save it
        saved.save_summary(team.wang, "我的利润", profit)


def test_a_bad_definition_or_name_is_never_saved(team: Team) -> None:
    with pytest.raises(InvalidInput, match="unknown field"):
        saved.save_summary(team.wang, "bad", Definition("orders", ("colour",)))
    with pytest.raises(InvalidInput):
        saved.save_summary(team.wang, "  ", MONTHLY)
    assert saved.list_summaries(team.wang) == []


def test_a_saved_customer_search_is_folded_into_the_summary(team: Team) -> None:
    codes = fill(team)
    flt = CustomerFilter(where=("source = 展会",), owner="chen")
    saved_searches.save_search(team.admin, "展会陈", flt)
    definition = saved.with_saved_search(team.admin, Definition("customers", ("city",)), "展会陈")
    assert definition.where == ("source = 展会", "owner = chen")
    saved.save_summary(team.admin, "展会客户", definition, team=True)
    saved_searches.delete_search(team.admin, "展会陈")  # the summary stands on its own
    rows = saved.run_saved(team.admin, "展会客户", today=TODAY).rows
    assert rows == [{"city": "上海", "count": 1}] and codes["丙"]
    with pytest.raises(InvalidInput, match="applies to customers only"):
        saved.with_saved_search(team.admin, Definition("orders"), "展会陈")
    with pytest.raises(NotFound):
        saved.with_saved_search(team.admin, Definition("customers"), "none")
