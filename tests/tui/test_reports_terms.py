"""The reports screen's options box takes query-language terms (SH-1) beside a preset's
options: a preset counts what belongs to the customers they select; a bad term is one
message line and the last good run stays."""

from __future__ import annotations

import contextlib
from typing import Any

from textual.pilot import Pilot
from textual.widgets import Input, OptionList
from textual.worker import WorkerCancelled

from crm_cli.store.activity import activities
from crm_cli.store.customers import customers
from crm_cli.tui.app import CrmApp
from crm_cli.tui.screens.reports import ReportsScreen
from tests.conftest import Team
from tests.tui.helpers import NOW, drive


def test_a_presets_rows_follow_the_terms_in_the_options_box(team: Team, db_url: str) -> None:
    customers.add_customer(team.admin, "中兴通讯", {"city": "深圳"}, now=NOW)
    customers.add_customer(team.admin, "陈氏贸易", {"city": "上海"}, now=NOW)
    for ref in ("C000001", "C000002", "C000002"):
        activities.log_contact(team.admin, ref, {"summary": "问候"}, now=NOW)
    seen: dict[str, Any] = {}

    async def ran(pilot: Pilot[Any], group: str = "report") -> None:
        """The screen's worker done (quicker than `settle`: no timer to wait for here)."""
        await pilot.pause()
        for worker in [w for w in pilot.app.workers if w.group == group]:
            with contextlib.suppress(WorkerCancelled):
                await worker.wait()
        await pilot.pause()

    async def rerun(pilot: Pilot[Any], box: Input, text: str) -> list[str]:
        box.value = text
        box.focus()
        await pilot.press("enter")
        await ran(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, ReportsScreen)
        return [r["customer"] for r in screen.table.rows_shown]

    async def script(pilot: Pilot[Any], app: CrmApp) -> None:
        await pilot.press("8")
        await ran(pilot, "report-list")
        screen = pilot.app.screen
        assert isinstance(screen, ReportsScreen)
        options = screen.query_one("#report-list", OptionList)
        options.focus()
        options.highlighted = options.get_option_index("preset:contacts-per-customer")
        await pilot.press("enter")
        await ran(pilot)
        box = screen.query_one("#options", Input)
        box.cursor_blink = False
        seen["all"] = [r["customer"] for r in screen.table.rows_shown]
        seen["深圳"] = await rerun(pilot, box, "--top 5 city:深圳")
        seen["words"] = await rerun(pilot, box, "陈氏 -owed")
        seen["bad"] = await rerun(pilot, box, "cty:深圳")

    app = drive(db_url, "admin", script)
    assert seen["all"] == ["C000002", "C000001"]
    assert seen["深圳"] == ["C000001"]
    assert seen["words"] == ["C000002"]
    assert seen["bad"] == ["C000002"]  # the last good run stays
    assert "unknown field 'cty' in 'cty:深圳' (did you mean city?)" in app.messages[-1]
