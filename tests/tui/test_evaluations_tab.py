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


def _typed_and_error(app: CrmApp) -> tuple[dict[str, str], str]:
    from textual.widgets import Input

    shown = app.screen.query_one("#e-scores", Static)
    return ({str(b.id): b.value for b in app.screen.query(Input)},
            str(shown.content) if shown.display else "")  # fmt: skip


def test_e_evaluates_the_highlighted_customer_and_a_refusal_stays_in_the_dialog(
    team: Team, db_url: str
) -> None:
    """`E` opens the evaluation dialog; a score of 6 is refused beside the scores with what
    was typed kept and nothing written; fixed, it saves and the customer carries the grade."""
    code = customers.add_customer(team.wang, "Acme Trading", now=NOW).code
    seen: dict[str, Any] = {}

    async def script(pilot: Pilot[Any], app: CrmApp) -> None:
        from tests.tui.test_tab_edits import type_into

        await pilot.press("E")
        await settle(pilot)
        await type_into(pilot, {"grade": "B", "scores": "credit=6", "strategy": "develop"})
        await pilot.press("enter")
        await settle(pilot)
        seen["refused"] = _typed_and_error(app)
        await type_into(pilot, {"scores": "credit=4, potential=5"})
        await pilot.press("enter")
        await settle(pilot)

    app = drive(db_url, "wang", script)
    typed, error = seen["refused"]
    assert "credit" in error and (typed["f-grade"], typed["f-scores"]) == ("B", "credit=6")
    [saved] = evaluations.iter_evaluations(team.admin, code, now=NOW)  # the refusal wrote none
    assert (saved.grade, saved.scores, saved.strategy) == ("B", {"credit": 4, "potential": 5},
                                                           "develop")  # fmt: skip
    assert customers.get_customer(team.admin, code, now=NOW).grade == "B"
    assert app.messages[-1] == f"Evaluated {code}: grade B ({saved.code})"
