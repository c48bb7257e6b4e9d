"""Loads and counts: a keystroke never waits behind a count, and quitting mid-load is clean.

A count is made slow for real: the store function the TUI calls blocks on an event the
test opens (the database stays the real temp file), and the test asserts what the screen
shows while it is still blocked.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, Label, Static

from crm_cli.store.customers import customers, statuses
from crm_cli.store.customers import query as customer_query
from crm_cli.store.overview import digest
from crm_cli.tui.app import CrmApp, make_app
from crm_cli.tui.screens.center import CenterScreen
from crm_cli.tui.screens.home import HomeScreen
from tests.conftest import Team
from tests.tui.helpers import NOW, SIZE, send_keys_at_once, settle, type_text

WAIT_S = 20.0  # only a broken build waits this long: every wait below ends on a state
GATE_S = 60.0  # a gate never opened lets its call through then, and says so


class Gate:
    """Makes ``module.name`` block until `open` (calls matching ``when`` only)."""

    def __init__(
        self,
        monkeypatch: pytest.MonkeyPatch,
        module: Any,
        name: str,
        when: Callable[..., bool] = lambda *a, **k: True,
    ) -> None:
        self.entered = threading.Event()  # a matching call is running, blocked
        self.opened = threading.Event()
        self.left = threading.Event()  # a matching call has returned
        self.expired = False  # the call went on without the test opening the gate
        real = getattr(module, name)

        def blocked(*args: Any, **kwargs: Any) -> Any:
            if when(*args, **kwargs):
                self.entered.set()
                self.expired |= not self.opened.wait(GATE_S)
                try:
                    return real(*args, **kwargs)
                finally:
                    self.left.set()
            return real(*args, **kwargs)

        monkeypatch.setattr(module, name, blocked)

    def open(self) -> None:
        self.opened.set()


async def until(pilot: Pilot[Any], test: Callable[[], object]) -> bool:
    """Let the app run until ``test()`` holds; False if it never does."""
    for _ in range(int(WAIT_S / 0.02)):
        if test():
            return True
        await pilot.pause(0.02)
    return bool(test())


def center(app: CrmApp) -> CenterScreen | None:
    return app.screen if isinstance(app.screen, CenterScreen) else None


def shown(app: CrmApp) -> list[str]:
    screen = center(app)
    return [c.name for c in screen.grid.customers] if screen else []


def searching(_actor: Any, flt: Any = None, **_: Any) -> bool:
    return bool(flt is not None and flt.search)


@pytest.fixture
def three(team: Team) -> Team:
    for name in ("上海明华科技有限公司", "北京东方贸易公司", "Acme Trading Ltd"):
        customers.add_customer(team.wang, name, now=NOW)
    return team


def test_a_search_shows_its_rows_while_the_counts_still_run(
    three: Team, db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    gates = [
        Gate(monkeypatch, customer_query, "count_customers"),
        Gate(monkeypatch, statuses, "list_statuses"),
    ]
    app = make_app(db_url, "wang", now=NOW)
    seen: dict[str, Any] = {}

    async def main() -> None:
        async with app.run_test(size=SIZE) as pilot:
            try:
                assert await until(pilot, lambda: len(shown(app)) == 3)
                # Counts run one at a time: one runs (blocked), the other waits behind it.
                assert await until(pilot, lambda: any(g.entered.is_set() for g in gates))
                await pilot.press("slash")
                await type_text(pilot, "明华")
                await pilot.press("enter")
                seen["rows"] = await until(pilot, lambda: shown(app) == ["上海明华科技有限公司"])
                screen = center(app)
                assert screen is not None
                seen["total"] = screen.total
                seen["blocked"] = any(g.entered.is_set() and not g.left.is_set() for g in gates)
            finally:
                for gate in gates:
                    gate.open()
            await settle(pilot)
            seen["count"] = str(screen.query_one("#count", Static).content)
            labels = screen.query("#statuses ListItem Label").results(Label)
            seen["statuses"] = [str(label.content) for label in labels][:2]

    asyncio.run(main())
    assert seen["rows"], "the search waited for the counts"
    assert seen["blocked"] and seen["total"] is None
    assert not any(g.expired for g in gates)
    # The old query's count (3) came in late and did not overwrite the search's.
    assert seen["count"].startswith("1 of 1")
    assert seen["statuses"] == ["All (3)", "potential (3)"]


def test_keys_typed_right_after_the_slash_reach_the_search_box(three: Team, db_url: str) -> None:
    app = make_app(db_url, "wang", now=NOW)
    seen: dict[str, Any] = {}

    async def main() -> None:
        async with app.run_test(size=SIZE) as pilot:
            assert await until(pilot, lambda: len(shown(app)) == 3)
            send_keys_at_once(app, ["slash", "明", "华"])  # queued before `/` is handled
            seen["rows"] = await until(pilot, lambda: shown(app) == ["上海明华科技有限公司"])
            screen = center(app)
            assert screen is not None
            seen["typed"] = screen.query_one("#search", Input).value
            await pilot.press("slash")  # in the search box, "/" is text
            seen["slash"] = screen.query_one("#search", Input).value

    asyncio.run(main())
    assert seen["typed"] == "明华" and seen["rows"]
    assert seen["slash"] == "明华/"


@pytest.mark.parametrize("blocked", ["count", "statuses", "search page", "home"])
def test_quitting_while_a_load_is_blocked_is_clean(
    three: Team, db_url: str, monkeypatch: pytest.MonkeyPatch, blocked: str
) -> None:
    gate = {
        "count": lambda: Gate(monkeypatch, customer_query, "count_customers"),
        "statuses": lambda: Gate(monkeypatch, statuses, "list_statuses"),
        "search page": lambda: Gate(monkeypatch, customer_query, "list_customers", searching),
        "home": lambda: Gate(monkeypatch, digest, "build_digest"),
    }[blocked]()
    app = make_app(db_url, "wang", now=NOW)

    async def main() -> None:
        async with app.run_test(size=SIZE) as pilot:
            assert await until(pilot, lambda: len(shown(app)) == 3)
            if blocked == "search page":
                await pilot.press("slash")
                await type_text(pilot, "明华")
                await pilot.press("enter")
            elif blocked == "home":
                await pilot.press("escape", "1")
                assert await until(pilot, lambda: isinstance(app.screen, HomeScreen))
            assert await until(pilot, gate.entered.is_set)
            # The blocked call ends only after the app was told to quit.
            threading.Timer(0.3, gate.open).start()
            await pilot.press("ctrl+q")

    asyncio.run(main())  # raises whatever the app raised while closing
    assert gate.opened.is_set() and not gate.expired
    assert app.return_code == 0


SHOWN: dict[str, Callable[[CrmApp], object]] = {
    "first rows": shown,
    "count shown": lambda app: (s := center(app)) and s.total is not None,
    "statuses shown": lambda app: (s := center(app)) and s.query("#statuses ListItem"),
}


@pytest.mark.parametrize("when", SHOWN)
def test_closing_as_soon_as_something_shows_is_clean(three: Team, db_url: str, when: str) -> None:
    # As the benchmark does: leave the moment something shows, with loads still running
    # (the old side panel raised NoMatches('#searches') here, filling its lists meanwhile).
    async def main(app: CrmApp) -> None:
        async with app.run_test(size=SIZE) as pilot:
            assert await until(pilot, lambda: SHOWN[when](app))

    for _ in range(3):  # the moment varies with the machine's load: a few tries
        asyncio.run(main(make_app(db_url, "wang", now=NOW)))
