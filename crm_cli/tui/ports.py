"""What screens, widgets and flows may ask of the app and of the customer center.

They never import `app.py` (which imports them) or the screen that runs them: the app is
reached as `self.app` typed as ``Crm``, the center as the ``CustomerPane`` a flow is given,
the calendar as a ``CalendarPane``, and the app's own screens as names it installed
("home", "center", "pool", "calendar").
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, Protocol, TypeVar

from crm_cli.store.core.records import User
from crm_cli.store.customers.records import Customer

T = TypeVar("T")


class Crm(Protocol):
    """The app as its parts use it: the acting user, the clock, the store threads, messages."""

    now: dt.datetime | None

    @property
    def user(self) -> User: ...

    def today(self) -> dt.date: ...

    async def store(self, fn: Callable[..., T], /, *args: Any, **kwargs: Any) -> T:
        """Run a store function on the store thread; CrmError propagates."""
        ...

    async def attempt(self, fn: Callable[..., T], /, *args: Any, **kwargs: Any) -> T | None:
        """Like `store`, but a store error becomes a notification and None."""
        ...

    async def count(self, fn: Callable[..., T], /, *args: Any, **kwargs: Any) -> T | None:
        """Like `attempt`, on the counting thread: whole-table counts never delay `store`."""
        ...

    def report(self, text: str, *, error: bool = False) -> None: ...

    async def push_screen_wait(self, screen: Any) -> Any: ...


class CustomerPane(Protocol):
    """The customer center as the flows that its keys start see it."""

    @property
    def crm(self) -> Crm: ...

    @property
    def query_state(self) -> Any: ...

    def current(self) -> Customer | None: ...

    def latest(self, tab: str) -> str:
        """The code of the highlighted (else newest) row of a detail tab, or ""."""
        ...

    def reload(self, query: Any = None) -> None: ...

    def show_customer(self, code: str) -> None:
        """Show the customer ``code`` alone (searched by its code)."""
        ...

    def refresh_side(self) -> None: ...

    def load_view(self, customer: Customer | None) -> Any: ...

    def run_worker(self, work: Any, *, group: str = ..., exclusive: bool = ...) -> Any: ...


class CalendarPane(Protocol):
    """The calendar screen as the flows that its keys start see it."""

    day: dt.date | None  # the chosen day (None until the first load)
    whose: str | None  # the login whose agenda is shown; None: the acting user's

    @property
    def crm(self) -> Crm: ...

    def go_to(self, day: dt.date | None = None) -> None:
        """Show ``day`` (default: the chosen one) of ``whose`` agenda, read afresh."""
        ...

    def run_worker(self, work: Any, *, group: str = ..., exclusive: bool = ...) -> Any: ...
