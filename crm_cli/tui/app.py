"""The Textual app behind `crm tui`: the screens, the keys and two threads for the store.

Database calls run off the screen's thread, so it never waits on a query: pages, searches
and changes on the store thread (`CrmApp.store`), counts of whole tables on the counting
thread (`CrmApp.count`), so a keystroke never waits behind a count. Peewee gives each
thread its own connection. Store errors become notifications.

The interface speaks the run's language (`crm_cli.i18n`: the personal ``language``, else
the locale). Every text is an English msgid translated where it is shown, never at import
(BINDINGS, TITLE, class-level labels): the footer and the `?` list translate the keys'
descriptions, the form dialogs their labels, and a store error is shown as its template
translated (`i18n.message_of`).
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import functools
import os
import sys
import threading
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

from textual.app import App, ScreenStackError, SystemCommand, UnknownModeError
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.worker import NoActiveWorker, get_current_worker

from crm_cli import i18n
from crm_cli.store.core import priority
from crm_cli.store.core.errors import CrmError
from crm_cli.store.core.records import User
from crm_cli.tui.ports import Crm

T = TypeVar("T")
COUNT_NICE = 10  # the counting thread's nice value (0 normal, 19 lowest)


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
    """Close the calling thread's connection (peewee keeps one per thread)."""
    from crm_cli.store.core import db

    if db.db_proxy.obj is not None and not db.db_proxy.obj.is_closed():
        db.db_proxy.obj.close()


def _yield_the_cpu() -> None:
    """Lower the calling thread's CPU priority (Linux: nice is per thread), so that on a busy
    machine a count takes the CPU the screen and the store thread leave over."""
    if sys.platform == "linux":  # elsewhere the id would name a process, not this thread
        with contextlib.suppress(OSError):  # not allowed: counts run at the usual priority
            os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), COUNT_NICE)


def _foreground(fn: Callable[..., T], args: Any, kwargs: Any) -> T:
    with priority.foreground():
        return fn(*args, **kwargs)


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
        # Listed under `?`, kept out of the footers, which are full on a narrow terminal.
        Binding("4", "go('calendar')", "Calendar", show=False),
        Binding("5", "go('work_reports')", "Work reports", show=False),
        Binding("6", "go('targets')", "Targets", show=False),
        Binding("7", "go('spending')", "Expenses and campaigns", show=False),
        Binding("8", "go('reports')", "Reports", show=False),
        Binding("question_mark", "toggle_keys", "Keys", key_display="?"),
        Binding("ctrl+q", "quit", "Quit", priority=True),
        # Textual's own (added when no binding runs the palette) says "palette" in English.
        Binding("ctrl+p", "command_palette", "Commands", show=False, priority=True),
    ]

    def __init__(self, db_url: str, user: str, *, now: dt.datetime | None = None) -> None:
        super().__init__()
        self.db_url = db_url
        self.login = user
        self.now = now
        self.actor: User | None = None
        self.messages: list[str] = []  # the message line's history; tests read it too
        self._store_thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="crm-store")
        # An in-memory SQLite database lives on one connection: its counts share the thread.
        memory = db_url.endswith(":memory:")
        self._count_thread = (
            self._store_thread
            if memory
            else ThreadPoolExecutor(1, thread_name_prefix="crm-count", initializer=_yield_the_cpu)
        )
        self._closing = False

    @property
    def user(self) -> User:
        assert self.actor is not None, "the store is not open yet"
        return self.actor

    def today(self) -> dt.date:
        return (self.now or dt.datetime.now()).date()

    async def store(self, fn: Callable[..., T], /, *args: Any, **kwargs: Any) -> T:
        """Run a store function on the store thread; CrmError propagates."""
        return await self._run(self._store_thread, functools.partial(_foreground, fn, args, kwargs))

    async def attempt(self, fn: Callable[..., T], /, *args: Any, **kwargs: Any) -> T | None:
        """Like `store`, but a store error becomes a notification and None."""
        try:
            return await self.store(fn, *args, **kwargs)
        except CrmError as exc:
            self.report(i18n.message_of(exc), error=True)
            return None

    async def count(self, fn: Callable[..., T], /, *args: Any, **kwargs: Any) -> T | None:
        """Like `attempt`, on the counting thread: for reads of whole tables (counts), which
        wait only behind each other. One whose worker is cancelled before it starts never runs.
        """
        call = functools.partial(fn, *args, **kwargs)
        if self._count_thread is not self._store_thread:
            # On SQLite, a count pauses while the store thread serves a person.
            call = functools.partial(priority.in_background, call)
        try:
            return await self._run(self._count_thread, call)
        except CrmError as exc:
            self.report(i18n.message_of(exc), error=True)
            return None

    async def _run(self, thread: ThreadPoolExecutor, call: Callable[[], T]) -> T:
        if self._closing:
            raise asyncio.CancelledError  # the connections are closing: nothing new starts
        # Cancelling the awaiting worker cancels the call too, unless it already started.
        result = await asyncio.get_running_loop().run_in_executor(thread, call)
        _still_wanted()
        return result

    def report(self, text: str, *, error: bool = False) -> None:
        """Show one line on the message line and as a notification."""
        self.messages.append(text)
        self.notify(text, severity="error" if error else "information", timeout=6)
        try:
            screen = self.screen
        except (ScreenStackError, UnknownModeError):
            return  # closing: no screen left to show it on
        for line in screen.query("MessageLine"):
            line.update(text)  # type: ignore[attr-defined]

    async def on_mount(self) -> None:
        from crm_cli.tui.screens.calendar import CalendarScreen
        from crm_cli.tui.screens.center import CenterScreen
        from crm_cli.tui.screens.home import HomeScreen
        from crm_cli.tui.screens.pool import PoolScreen
        from crm_cli.tui.screens.reports import ReportsScreen
        from crm_cli.tui.screens.spending import SpendingScreen
        from crm_cli.tui.screens.targets import TargetsScreen
        from crm_cli.tui.screens.work_reports import WorkReportsScreen

        try:
            self.actor = await self.store(_open, self.db_url, self.login)
        except CrmError as exc:
            self.exit(message=i18n.tr("Error: {message}", message=i18n.message_of(exc)))
            return
        role = i18n.pgettext("value", self.actor.role)
        self.sub_title = f"{self.actor.login} ({role})"
        self.install_screen(CenterScreen(), "center")
        self.install_screen(HomeScreen(), "home")
        self.install_screen(PoolScreen(), "pool")
        self.install_screen(CalendarScreen(), "calendar")
        self.install_screen(SpendingScreen(), "spending")
        self.install_screen(WorkReportsScreen(), "work_reports")
        self.install_screen(TargetsScreen(), "targets")
        self.install_screen(ReportsScreen(), "reports")
        await self.push_screen("center")

    def action_go(self, name: str) -> None:
        if self.actor is None or self.screen is self.get_screen(name):
            return
        if len(self.screen_stack) > 1 and not self.screen.is_modal:
            self.switch_screen(name)
        else:
            self.push_screen(name)

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        from crm_cli.tui.widgets.palette import translated

        return translated(super().get_system_commands(screen))

    def action_command_palette(self) -> None:
        from textual.command import CommandPalette

        from crm_cli.tui.widgets.palette import palette

        open_already = CommandPalette.is_open(self)  # type: ignore[arg-type]  # App[None]
        if self.use_command_palette and not open_already:
            self.push_screen(palette())

    def action_toggle_keys(self) -> None:
        from crm_cli.tui.dialogs.keys import KeysDialog, sections

        # The dialog closes itself on `?` (a modal screen does not pass keys to the app's).
        if not isinstance(self.screen, KeysDialog):
            self.push_screen(KeysDialog(sections(self.screen), self.size.width))

    async def on_unmount(self) -> None:
        # The screens' workers were cancelled as their screens closed; a store call already
        # running finishes first, then each thread closes its own connection (never one
        # under a running query).
        self._closing = True
        loop = asyncio.get_running_loop()
        threads = list({self._store_thread, self._count_thread})
        await asyncio.gather(*(loop.run_in_executor(t, _close_connection) for t in threads))
        for thread in threads:
            thread.shutdown(wait=False, cancel_futures=True)


def make_app(db_url: str, user: str, *, now: dt.datetime | None = None) -> CrmApp:
    """The app for `crm tui` and the tests: the database URL and the acting user's login."""
    return CrmApp(db_url, user, now=now)


if TYPE_CHECKING:
    # The app is what its screens, widgets and flows are written against.
    _as_its_parts_see_it: Crm = make_app("", "")
