"""Pilot helpers: the app on the temp SQLite file of `tests/conftest.py`, a fixed clock.

The tests are plain functions that run their pilot with `asyncio.run`, so they need no
async plugin; `drive` waits for the app's workers before returning control.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import functools
import time
from collections.abc import Awaitable, Callable
from typing import Any

from textual.pilot import Pilot
from textual.widgets import DataTable, Input
from textual.worker import WorkerCancelled

from crm_cli.tui.app import CrmApp, make_app

NOW = dt.datetime(2026, 11, 2, 9, 0)
SIZE = (120, 40)


# Flows that wait on a dialog: they finish only after the test answers it.
DIALOG_GROUPS = ("action", "pool-move")


async def settle(pilot: Pilot[Any]) -> None:
    """Until the app is quiet: no message pending, no worker running (but those waiting on
    a dialog), and none of the app's own one-shot timers (debounces) waiting to fire.

    Waits on state, not on time: fixed sleeps made every call cost 0.75 s (minutes of CI
    over the suite) and still could be too short on a loaded machine.
    """
    app = pilot.app
    deadline = time.monotonic() + 60
    quiet_rounds = 0
    while quiet_rounds < 2 and time.monotonic() < deadline:
        await pilot.pause()
        workers = [w for w in app.workers if w.group not in DIALOG_GROUPS and not w.is_finished]
        for worker in workers:
            # WorkerCancelled: an exclusive worker replaced by a newer one
            with contextlib.suppress(WorkerCancelled):
                await asyncio.wait_for(worker.wait(), 20)
        timers = _pending_app_timers(app)
        tables = _tables_measuring(app)
        if timers or tables:
            await asyncio.sleep(0.02)
        quiet_rounds = 0 if workers or timers or tables else quiet_rounds + 1
    await pilot.pause()


async def steady(pilot: Pilot[Any], rounds: int = 3) -> None:
    """``settle``, then until the screen draws the same ``rounds`` times running, 50 ms
    apart: for a snapshot. Layout Textual finishes when idle can lag the last message (the
    home's cursor row was once drawn two cells short after every wait above had passed).
    Blinking cursors are held visible, or no two draws would match."""
    await settle(pilot)
    for box in pilot.app.screen.query(Input):
        box.cursor_blink = False
    last, same = "", 0
    deadline = time.monotonic() + 20
    while same < rounds and time.monotonic() < deadline:
        await pilot.pause(0.05)
        shot = pilot.app.export_screenshot()
        same = same + 1 if shot == last else 0
        last = shot


def _tables_measuring(app: Any) -> list[Any]:
    """DataTables with rows or cells whose size they have not measured yet: a DataTable
    does that when its message queue is idle, so a screenshot taken before (a busy
    machine makes it likely) drew the cursor row two cells short of its width."""
    return [
        table
        for screen in app.screen_stack
        for table in screen.query(DataTable)
        if table._require_update_dimensions or table._updated_cells
    ]


def _pending_app_timers(app: Any) -> list[Any]:
    """One-shot timers set by crm's own code (a search or preview debounce, the record
    panel's delay) that have not fired yet; Textual's own (a toast's timeout, the cursor's
    blink) are not waited for."""
    nodes = [app]
    for screen in app.screen_stack:
        nodes.extend(screen.walk_children(with_self=True))
    pending = []
    for node in nodes:
        for timer in list(node._timers):
            task = timer._task
            callback = timer._callback
            while isinstance(callback, functools.partial):  # set_timer wraps in call_next
                callback = callback.args[0] if callback.args else callback.func
            callback_module = getattr(callback, "__module__", "") or ""
            if (
                timer._repeat == 0
                and task is not None
                and not task.done()
                and callback_module.startswith("crm_cli")
            ):
                pending.append(timer)
    return pending


def drive(
    db_url: str,
    user: str,
    script: Callable[[Pilot[Any], CrmApp], Awaitable[None]],
    *,
    size: tuple[int, int] = SIZE,
) -> CrmApp:
    """Run ``script`` against a fresh app for ``user``; returns the app for its messages."""
    app = make_app(db_url, user, now=NOW)

    async def main() -> None:
        async with app.run_test(size=size) as pilot:
            await settle(pilot)
            await script(pilot, app)
            await settle(pilot)

    asyncio.run(main())
    return app


async def type_text(pilot: Pilot[Any], text: str) -> None:
    """Type into the focused input character by character (CJK included)."""
    for ch in text:
        await pilot.press(ch)


def send_keys_at_once(app: Any, keys: list[str]) -> None:
    """Queue keys as a terminal delivers fast typing: all at once, none waited for (the
    pilot's ``press`` waits after each key until the app is idle)."""
    import unicodedata

    from textual import events
    from textual.keys import REPLACED_KEYS, _get_unicode_name_from_key

    for key in keys:
        char: str | None
        try:
            char = unicodedata.lookup(_get_unicode_name_from_key(REPLACED_KEYS.get(key, key)))
        except KeyError:
            char = key if len(key) == 1 else None
        event = events.Key(key, char)
        event.set_sender(app)
        app._driver.send_message(event)
