"""The plumbing of the customer center's flows: start, the highlighted customer, duplicates.

Each flow runs as a worker of the screen (dialogs are awaited with `push_screen_wait`);
store errors become notifications through `CrmApp.attempt`, so nothing crashes the app.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from crm_cli.store.core.errors import CrmError, Duplicate
from crm_cli.store.customers.records import Customer
from crm_cli.tui.dialogs.duplicate import DuplicateDialog

if TYPE_CHECKING:
    from crm_cli.tui.app import CrmApp
    from crm_cli.tui.center import CenterScreen

Flow = Callable[["CenterScreen", "CrmApp", Customer], Awaitable[None]]


def start(screen: CenterScreen, coro: Awaitable[None]) -> None:
    screen.run_worker(coro, group="action", exclusive=True)


def needs_customer(flow: Flow) -> Callable[[CenterScreen], None]:
    """Run ``flow`` on the highlighted customer, or say there is none."""

    def begin(screen: CenterScreen) -> None:
        customer = screen.current()
        if customer is None:
            screen.crm.report("No customer highlighted", error=True)
            return
        start(screen, flow(screen, screen.crm, customer))

    begin.__doc__ = flow.__doc__
    return begin


async def with_duplicates(app: CrmApp, what: str, call: Callable[[bool], Any]) -> Any:
    """Run ``call(allow_duplicate)``; on a duplicate warning ask, then retry if allowed."""
    try:
        return await app.store(call, False)
    except Duplicate as exc:
        if not await app.push_screen_wait(DuplicateDialog(what, exc.matches)):
            app.report(f"{what} not saved (possible duplicate)")
            return None
    except CrmError as exc:
        app.report(str(exc), error=True)
        return None
    return await app.attempt(call, True)


def done(screen: CenterScreen, text: str, *, grid: bool = False) -> None:
    screen.crm.report(text)
    if grid:
        screen.reload()
        screen.refresh_side()
    else:
        screen.load_view(screen.current())


def latest(screen: CenterScreen, tab: str) -> str:
    row = screen.query_one("#details").latest(tab)  # type: ignore[attr-defined]
    return str(row["code"]) if row else ""
