"""The home's chart parts (issue 15, point 6; RPT-4): an admin gives a role the trend, the
funnel or attainment as charts through `home.<role>`; a salesperson's home is unchanged,
and a part whose preset does not exist is left out without an error."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from textual.pilot import Pilot

from crm_cli.store.analysis import presets
from crm_cli.store.analysis.presets import Params, Preset
from crm_cli.store.analysis.records import Column, Report
from crm_cli.store.core import settings
from crm_cli.store.core.errors import InvalidInput
from crm_cli.store.core.records import User
from crm_cli.tui.app import CrmApp
from crm_cli.tui.widgets.home_charts import ChartPart
from tests.conftest import Team
from tests.tui.helpers import drive, settle


def stages(actor: User, params: Params) -> Report:
    columns = (Column("stage", "text", "Stage", "阶段"), Column("count", "int"),
               Column("amount", "money"))  # fmt: skip
    rows = [{"stage": "初步接触", "count": 10, "amount": Decimal("1000.00")},
            {"stage": "需求确认", "count": 4, "amount": Decimal("600.00")},
            {"stage": "赢单", "count": 1, "amount": Decimal("300.00")}]  # fmt: skip
    return Report("funnel", "Sales funnel", columns, rows, ("stage",))


FUNNEL = Preset("funnel", "Sales funnel (test)", "销售漏斗(测试)", stages, chart="funnel",
                x="stage", y="count", periodic=False)  # fmt: skip


async def home(pilot: Pilot[Any]) -> Any:
    await pilot.press("1")
    await settle(pilot)
    return pilot.app.screen


def charts(screen: Any) -> dict[str, Any]:
    """Each chart part: whether it shows, and what its chart draws (None: not drawn)."""
    seen = {}
    for part in screen.query(ChartPart):
        drawn = part.query("ReportChart")
        chart = drawn.first() if drawn else None
        seen[part.id] = (part.display, chart and (chart.kind, chart.labels, chart.values))
    return seen


def test_a_manager_given_the_chart_parts_sees_them_drawn(
    team: Team, db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    presets.load()  # the real presets first: the test's funnel stands in for theirs
    monkeypatch.setitem(presets._REGISTRY, "funnel", FUNNEL)
    settings.set_setting(team.admin, "home.manager", "approvals,trend,funnel,attainment_chart")
    seen: dict[str, Any] = {}

    async def script(pilot: Pilot[Any], app: CrmApp) -> None:
        screen = await home(pilot)
        seen["charts"] = charts(screen)
        seen["team shown"] = screen.query_one("#team").display

    app = drive(db_url, "li", script)
    found = seen["charts"]
    assert found["funnel"] == (
        True,
        ("funnel", ["初步接触", "需求确认", "赢单"], [[10.0, 4.0, 1.0]]),
    )
    assert found["trend"][0] and found["trend"][1][0] == "line"  # the real sales-trend preset
    assert found["attainment_chart"][0] and found["attainment_chart"][1][0] == "bar"
    assert not seen["team shown"]
    assert not [m for m in app.messages if "rror" in m]


def test_a_part_whose_preset_is_not_registered_is_left_out(
    team: Team, db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    presets.load()
    monkeypatch.delitem(presets._REGISTRY, "funnel", raising=False)
    settings.set_setting(team.admin, "home.manager", "funnel,attainment_chart")
    seen: dict[str, Any] = {}

    async def script(pilot: Pilot[Any], app: CrmApp) -> None:
        screen = await home(pilot)
        seen["charts"] = charts(screen)

    app = drive(db_url, "li", script)
    assert seen["charts"]["funnel"] == (False, None)
    assert seen["charts"]["attainment_chart"][0]
    assert app.messages == []  # no error, nothing said


def test_a_salespersons_home_has_no_charts_by_default(team: Team, db_url: str) -> None:
    seen: dict[str, Any] = {}

    async def script(pilot: Pilot[Any], app: CrmApp) -> None:
        screen = await home(pilot)
        seen["charts"] = charts(screen)
        seen["digest"] = screen.query_one("#digest").display

    drive(db_url, "wang", script)
    assert seen["charts"] == {p: (False, None) for p in ("trend", "funnel", "attainment_chart")}
    assert seen["digest"]


def test_the_setting_takes_the_chart_parts_and_refuses_others(team: Team, db_url: str) -> None:
    settings.set_setting(team.admin, "home.sales", "digest,trend")
    assert settings.get_setting(team.admin, "home.sales") == "digest,trend"
    with pytest.raises(InvalidInput, match="attainment_chart"):
        settings.set_setting(team.admin, "home.sales", "digest,piechart")
