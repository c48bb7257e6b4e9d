"""Every key of every screen: a key that destroys on one screen destroys wherever it is bound,
so a key learnt as harmless (refresh, sort, clear) never releases or rejects elsewhere."""

from __future__ import annotations

from collections import defaultdict

from textual.binding import Binding

from crm_cli.tui.app import CrmApp
from crm_cli.tui.screens.calendar import CalendarScreen
from crm_cli.tui.screens.center import CenterScreen
from crm_cli.tui.screens.home import HomeScreen
from crm_cli.tui.screens.pool import PoolScreen
from crm_cli.tui.screens.reports import ReportsScreen
from crm_cli.tui.screens.spending import SpendingScreen
from crm_cli.tui.screens.summary_builder import SummaryBuilderScreen
from crm_cli.tui.screens.targets import TargetsScreen
from crm_cli.tui.screens.work_reports import WorkReportsScreen
from crm_cli.tui.widgets.detail import DetailTabs

OWNERS = (CrmApp, CenterScreen, DetailTabs, HomeScreen, PoolScreen, CalendarScreen,
          WorkReportsScreen, TargetsScreen, SpendingScreen, ReportsScreen,
          SummaryBuilderScreen)  # fmt: skip
# What cannot be taken back from the screen it was done on.
DESTRUCTIVE = {"release", "reject", "step('reject')", "act('cancel')", "act('decline')",
               "act('delete')", "act('move_to_pool')", "row('delete')", "row('lose')"}  # fmt: skip


def meanings() -> dict[str, set[str]]:
    """Key -> the actions bound to it on any screen."""
    found: dict[str, set[str]] = defaultdict(set)
    for owner in OWNERS:
        for binding in owner.BINDINGS:
            assert isinstance(binding, Binding)
            for key in binding.key.split(","):
                found[key.strip()].add(binding.action)
    return found


def test_a_destructive_key_means_nothing_harmless_on_another_screen() -> None:
    mixed = {
        key: sorted(actions)
        for key, actions in meanings().items()
        if actions & DESTRUCTIVE and actions - DESTRUCTIVE
    }
    assert mixed == {}
    assert "release" in meanings()["P"]
