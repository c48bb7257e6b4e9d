"""The Textual app behind `crm tui`: the screens, the keys and one thread for the store.

Every database call runs on a single worker thread (`CrmApp.store`), so the screen never
waits on a query and peewee keeps one connection; store errors become notifications.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import functools
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

from textual.app import App
from textual.binding import Binding, BindingType
from textual.worker import NoActiveWorker, get_current_worker

from crm_cli.store.core.errors import CrmError
from crm_cli.store.core.records import User
from crm_cli.tui.ports import Crm

T = TypeVar("T")


def _open(db_url: str, login: str) -> User:
    """Open the store on the store thread (unless it is open on that URL) and find the user."""
    from crm_cli.store import domains
    from crm_cli.store.core import db, users

    try:
        current: str | None = db.info().url
    except CrmError:
        current = None
    if current != db_url:
        domains.open_store(db_url)
    return users.resolve_actor(login)


def _close_connection() -> None:
    from crm_cli.store.core import db

    if db.db_proxy.obj is not None and not db.db_proxy.obj.is_closed():
        db.db_proxy.obj.close()


def _still_wanted() -> None:
    """Cancel the calling worker when its screen went away (or the app is closing) while
    the store was busy: there is nothing left to show the answer on."""
    try:
        node = get_current_worker().node
    except NoActiveWorker:
        return
    # Textual prunes a closing screen's children before it detaches the screen itself.
    if not node.is_attached or node._pruning or node._closing or node._closed:
        raise asyncio.CancelledError


class CrmApp(App[None]):
    """The customer center. ``now`` pins the clock (tests, demos); None is the real time."""

    CSS_PATH = "app.tcss"
    TITLE = "crm"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("1", "go('home')", "Home"),
        Binding("2", "go('center')", "Customers"),
        Binding("3", "go('pool')", "Pool"),
        Binding("question_mark", "toggle_keys", "Keys", key_display="?"),
        Binding("ctrl+q", "quit", "Quit", priority=True),
    ]

    def __init__(self, db_url: str, user: str, *, now: dt.datetime | None = None) -> None:
        super().__init__()
        self.db_url = db_url
        self.login = user
        self.now = now
        self.actor: User | None = None
        self.messages: list[str] = []  # the message line's history; tests read it too
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="crm-store")

    @property
    def user(self) -> User:
        assert self.actor is not None, "the store is not open yet"
        return self.actor

    def today(self) -> dt.date:
        return (self.now or dt.datetime.now()).date()

    async def store(self, fn: Callable[..., T], /, *args: Any, **kwargs: Any) -> T:
        """Run a store function on the store thread; CrmError propagates."""
        loop = asyncio.get_running_loop()
        result = await loop.run_in_executor(self._pool, functools.partial(fn, *args, **kwargs))
        _still_wanted()
        return result

    async def attempt(self, fn: Callable[..., T], /, *args: Any, **kwargs: Any) -> T | None:
        """Like `store`, but a store error becomes a notification and None."""
        try:
            return await self.store(fn, *args, **kwargs)
        except CrmError as exc:
            self.report(str(exc), error=True)
            return None

    def report(self, text: str, *, error: bool = False) -> None:
        """Show one line on the message line and as a notification."""
        self.messages.append(text)
        self.notify(text, severity="error" if error else "information", timeout=6)
        for line in self.screen.query("MessageLine"):
            line.update(text)  # type: ignore[attr-defined]

    async def on_mount(self) -> None:
        from crm_cli.tui.screens.center import CenterScreen
        from crm_cli.tui.screens.home import HomeScreen
        from crm_cli.tui.screens.pool import PoolScreen

        try:
            self.actor = await self.store(_open, self.db_url, self.login)
        except CrmError as exc:
            self.exit(message=f"Error: {exc}")
            return
        self.sub_title = f"{self.actor.login} ({self.actor.role})"
        self.install_screen(CenterScreen(), "center")
        self.install_screen(HomeScreen(), "home")
        self.install_screen(PoolScreen(), "pool")
        await self.push_screen("center")

    def action_go(self, name: str) -> None:
        if self.actor is None or self.screen is self.get_screen(name):
            return
        if len(self.screen_stack) > 1 and not self.screen.is_modal:
            self.switch_screen(name)
        else:
            self.push_screen(name)

    def action_toggle_keys(self) -> None:
        if self.screen.query("HelpPanel"):
            self.action_hide_help_panel()
        else:
            self.action_show_help_panel()

    async def on_unmount(self) -> None:
        await asyncio.get_running_loop().run_in_executor(self._pool, _close_connection)
        self._pool.shutdown(wait=False)


def make_app(db_url: str, user: str, *, now: dt.datetime | None = None) -> CrmApp:
    """The app for `crm tui` and the tests: the database URL and the acting user's login."""
    return CrmApp(db_url, user, now=now)


if TYPE_CHECKING:
    # The app is what its screens, widgets and flows are written against.
    _as_its_parts_see_it: Crm = make_app("", "")
