"""The footer (`widgets.common.Footer`): rebuilt only for the screen in front and only
when its keys changed. Textual's own rebuilt a screen's footer on every bindings signal,
in front or behind, which delayed the first keys typed on a newly opened screen."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets._footer import FooterKey

from crm_cli.tui.app import CrmApp
from crm_cli.tui.widgets.common import Footer
from tests.conftest import Team
from tests.tui.helpers import drive, settle


def _descriptions(screen: Any) -> set[str]:
    return {key.description for key in screen.query_one(Footer).query(FooterKey)}


def test_a_screen_behind_keeps_its_footer_and_catches_up_in_front(
    team: Team, db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    rebuilt: Counter[str] = Counter()
    recompose = Footer.recompose

    async def counted(self: Footer) -> None:
        rebuilt[type(self.screen).__name__] += 1
        await recompose(self)

    monkeypatch.setattr(Footer, "recompose", counted)

    async def script(pilot: Pilot[Any], app: CrmApp) -> None:
        center = app.get_screen("center")
        assert "Search" in _descriptions(center)
        await pilot.press("8")
        await settle(pilot)
        reports = app.screen
        assert "New summary" in _descriptions(reports)
        before = rebuilt.copy()
        center.refresh_bindings()  # behind: no rebuild
        reports.refresh_bindings()  # in front, the same keys: no rebuild
        reports.refresh_bindings()
        await settle(pilot)
        assert rebuilt == before
        await pilot.press("2")
        await settle(pilot)
        assert app.screen is center and "Search" in _descriptions(center)
        assert rebuilt["CenterScreen"] <= before["CenterScreen"] + 1

    drive(db_url, "admin", script)
