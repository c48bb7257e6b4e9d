"""The plumbing of the customer center's flows: start, the highlighted customer, duplicates.

Each flow runs as a worker of the screen (dialogs are awaited with `push_screen_wait`);
store errors become notifications through `Crm.attempt`, so nothing crashes the app.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from crm_cli.i18n import _
from crm_cli.store.customers.records import Customer
from crm_cli.tui.ports import Crm, CustomerPane

Flow = Callable[[CustomerPane, Crm, Customer], Awaitable[None]]
# What an edit dialog's save returns when nothing was changed (no store call made).
UNCHANGED = object()


def start(screen: CustomerPane, coro: Awaitable[None]) -> None:
    screen.run_worker(coro, group="action", exclusive=True)


def needs_customer(flow: Flow) -> Callable[[CustomerPane], None]:
    """Run ``flow`` on the highlighted customer, or say there is none."""

    def begin(screen: CustomerPane) -> None:
        customer = screen.current()
        if customer is None:
            screen.crm.report(_("No customer highlighted"), error=True)
            return
        start(screen, flow(screen, screen.crm, customer))

    begin.__doc__ = flow.__doc__
    return begin


def done(screen: CustomerPane, text: str, *, grid: bool = False) -> None:
    screen.crm.report(text)
    if grid:
        screen.reload()
        screen.refresh_side()
    else:
        screen.load_view(screen.current())
