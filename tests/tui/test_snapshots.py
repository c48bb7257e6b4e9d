"""Snapshots (pytest-textual-snapshot) of the center, the home, the keys and a dialog with
an error, at 80x24 and 120x40, per language of the interface.

The data and the clock are fixed, so the screens are the same on every run. After an
intended change of the screens: `pytest tests/tui/test_snapshots.py --snapshot-update`,
then look at the SVGs in `__snapshots__/` before committing them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from crm_cli import config
from crm_cli.store.activity import activities
from crm_cli.store.customers import contacts, customers
from crm_cli.tui.app import CrmApp, make_app
from tests.conftest import Team
from tests.tui.helpers import NOW, settle, steady

pytest.importorskip("pytest_textual_snapshot")
Compare = Callable[..., bool]
# Each screen is drawn once per language of the interface.
LANGUAGES = ("en", "zh")
SIZES = {"80x24": (80, 24), "120x40": (120, 40)}


@pytest.fixture(params=LANGUAGES)
def language(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture(params=list(SIZES))
def size(request: pytest.FixtureRequest) -> tuple[int, int]:
    return SIZES[request.param]


@pytest.fixture
def book(team: Team) -> Team:
    names = ("温州通天环保科技有限公司", "Falconbay Networks Co., Ltd.", "北京市明辉服饰有限公司")
    for i, name in enumerate(names):
        added = customers.add_customer(
            team.wang, name, {"city": ("温州", "Boston", "北京")[i], "phone": f"0577-2325{i}"},
            now=NOW,
        )  # fmt: skip
        contacts.add_contact(team.wang, added.code, "黄悦艳", {"title": "运营总监"}, now=NOW)
    activities.log_contact(
        team.wang, "C000001", {"summary": "上门拜访，演示产品", "next_date": "2026-11-04"},
        now=NOW,
    )  # fmt: skip
    return team


def app_in(language: str, db_url: str) -> CrmApp:
    """wang's app, speaking ``language`` (the personal setting, in the test's config)."""
    config.save("language", language)
    return make_app(db_url, "wang", now=NOW)


def then(*keys: str, typed: Sequence[tuple[str, str]] = ()) -> Callable[[Pilot[Any]], Any]:
    """Press ``keys``, then fill the focused dialog's ``typed`` (field, text) and press Enter."""

    async def run_before(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        for key in keys:
            await pilot.press(key)
            await settle(pilot)
        for field, text in typed:
            pilot.app.screen.query_one(f"#f-{field}", Input).value = text
        if typed:
            await pilot.press("enter")
            await settle(pilot)
        # A focused box's cursor blinks every half second: a snapshot taken late (a busy
        # machine) caught it hidden and differed. ``steady`` holds it visible.
        await steady(pilot)

    return run_before


def test_center(book: Team, db_url: str, language: str, size: Any, snap_compare: Compare) -> None:
    assert snap_compare(app_in(language, db_url), terminal_size=size, run_before=then())


def test_home(book: Team, db_url: str, language: str, size: Any, snap_compare: Compare) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        await pilot.press("1")
        # The home's parts arrive one by one from the store; a snapshot taken in between
        # (as a busy machine makes likely) would show a half-drawn screen.
        for _ in range(400):
            if getattr(pilot.app.screen, "loads", 0):
                break
            await pilot.pause(0.05)
        await steady(pilot)

    app = app_in(language, db_url)
    assert snap_compare(app, terminal_size=size, run_before=run_before)


def test_keys(book: Team, db_url: str, language: str, size: Any, snap_compare: Compare) -> None:
    assert snap_compare(app_in(language, db_url), terminal_size=size, run_before=then("?"))


def test_a_refused_contact_log(
    book: Team, db_url: str, language: str, size: Any, snap_compare: Compare
) -> None:
    """The store refuses the status: the error beside its field, what was typed kept."""
    typed = (("summary", "电话沟通报价"), ("set_status", "bogus"))
    app = app_in(language, db_url)
    assert snap_compare(app, terminal_size=size, run_before=then("l", typed=typed))
