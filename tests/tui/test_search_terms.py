"""The center's search box takes query-language terms (SH-1); plain words still search."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, Static

from crm_cli.store.customers import customers
from crm_cli.store.customers import models as cm
from crm_cli.tui.app import CrmApp
from crm_cli.tui.screens.center import CenterScreen
from tests.conftest import Team
from tests.tui.helpers import NOW, drive, settle


@pytest.fixture
def book(team: Team, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Team:
    for name, city in (("上海明华", "上海"), ("上海东方", "上海"), ("北京东方", "北京")):
        customers.add_customer(team.wang, name, {"city": city}, now=NOW)
    C = cm.Customer
    C.update(balance_owed=Decimal("10")).where(C.name == "上海东方").execute()
    monkeypatch.setenv("CRM_CONFIG_DIR", str(tmp_path / "cfg"))
    (tmp_path / "cfg").mkdir()
    config = {"filter.sh": "city:上海", "filter.loop": "@loop"}
    (tmp_path / "cfg" / "config.json").write_text(json.dumps(config), encoding="utf-8")
    return team


async def _search(pilot: Pilot[Any], app: CrmApp, text: str) -> list[str]:
    screen = app.screen
    assert isinstance(screen, CenterScreen)
    screen.query_one("#search", Input).value = text
    await settle(pilot)
    return [c.name for c in screen.grid.customers]


def test_the_search_box_reads_terms_words_and_named_filters(book: Team, db_url: str) -> None:
    seen: dict[str, Any] = {}

    async def script(pilot: Pilot[Any], app: CrmApp) -> None:
        seen["city"] = await _search(pilot, app, "city:上海")
        seen["tag"] = await _search(pilot, app, "city:上海 -owed")
        seen["named"] = await _search(pilot, app, "@sh 明华")
        seen["count"] = str(app.screen.query_one("#count", Static).content)
        seen["words"] = await _search(pilot, app, "东方")

    drive(db_url, "wang", script)
    assert seen["city"] == ["上海东方", "上海明华"]
    assert seen["tag"] == ["上海明华"]
    assert seen["named"] == ["上海明华"]
    assert "city:上海" in seen["count"] and "明华" in seen["count"]
    assert seen["words"] == ["北京东方", "上海东方"]


def test_a_bad_term_is_reported_and_the_grid_kept(book: Team, db_url: str) -> None:
    seen: dict[str, Any] = {}

    async def script(pilot: Pilot[Any], app: CrmApp) -> None:
        seen["before"] = await _search(pilot, app, "city:北京")
        seen["loop"] = await _search(pilot, app, "@loop")
        seen["field"] = await _search(pilot, app, "cty:上海")

    app = drive(db_url, "wang", script)
    assert seen["before"] == seen["loop"] == ["北京东方"]
    assert any("named filter @loop uses itself" in m for m in app.messages)
    assert any("unknown field 'cty' in 'cty:上海' (did you mean city?)" in m for m in app.messages)
