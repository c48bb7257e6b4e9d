"""The customer center shows real evaluations (issue 13, point 5; EVL-1): the Evaluations
tab lists the highlighted customer's, newest first, and the record panel its latest grade
and strategy."""

from __future__ import annotations

import datetime as dt
from typing import Any

from textual.pilot import Pilot
from textual.widgets import Static

from crm_cli.store.customers import customers
from crm_cli.store.evaluation import evaluations
from crm_cli.tui.app import CrmApp
from crm_cli.tui.widgets.detail import DetailTabs
from tests.conftest import Team
from tests.tui.helpers import NOW, drive, settle


def test_the_evaluations_tab_shows_the_customers_evaluations(team: Team, db_url: str) -> None:
    code = customers.add_customer(team.wang, "Acme Trading", now=NOW).code
    evaluations.evaluate_customer(team.wang, code, grade="B", scores=["credit=3"],
                                  strategy="watch", now=NOW - dt.timedelta(days=30))  # fmt: skip
    evaluations.evaluate_customer(team.li, code, grade="A", scores=["credit=4", "potential=5"],
                                  note="扩产中", now=NOW)  # fmt: skip
    seen: dict[str, Any] = {}

    async def script(pilot: Pilot[Any], app: CrmApp) -> None:
        tabs = app.screen.query_one(DetailTabs)
        while tabs.active != "tab-evaluations":
            await pilot.press("right_square_bracket")
        await settle(pilot)
        table = tabs.table("evaluations")
        seen["rows"] = list(table.rows_shown)
        seen["cells"] = [str(cell) for cell in table.get_row_at(0)]
        seen["panel"] = str(app.screen.query_one("#record", Static).content)

    drive(db_url, "wang", script)
    rows = seen["rows"]
    assert [(r["code"], r["grade"], r["strategy"], r["evaluator"]) for r in rows] == [
        ("EVL000002", "A", None, "li"), ("EVL000001", "B", "watch", "wang")]  # fmt: skip
    assert seen["cells"] == ["EVL000002", "2026-11-02", "A", "", "credit=4, potential=5", "li",
                             "扩产中"]  # fmt: skip
    assert "grade: A" in seen["panel"] and "strategy: watch" in seen["panel"]
