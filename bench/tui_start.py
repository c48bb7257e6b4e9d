"""The TUI at scale: start-up to the first rows, and a search typed while it is still
loading, on a big database vs. a small one (the `search_scale.py` databases).

Measured in one process with Textual's pilot (headless), big and small runs interleaved,
through widget ids only (`#grid`, `#search`, `#count`), so they survive changes inside:
- start: from creating the app to the grid showing its first rows; and, for information,
  to the row count showing in `#count` ("100 of 1,000,005"), which comes after the rows;
- search while loading, as a person does it: 100 ms after the first rows appear (the count
  may still be running) press `/` and type the needle "麒麟星链", a key every 100 ms; from
  the moment the last key is hit to the grid showing exactly the five needle customers with
  `#count` naming the whole needle (a prefix finds the same five). The keys are hit on
  time whether or not the app keeps up (a key the app takes late is a person waiting), so
  a frozen screen counts. This includes the search-as-you-type pause
  (`center.SEARCH_DELAY`, printed in the note).
Target: ratio <= 1.5 (first rows, search).

    python bench/tui_start.py [--big 1000000] [--small 1000] [--runs 7] [--data DIR]
"""

from __future__ import annotations

import argparse
import asyncio
import re
import time
from collections.abc import Callable
from typing import Any

from _common import Row, options, ratio_row, report
from search_scale import NEEDLES, search_db

NEEDLE = "麒麟星链"
WANTED = sorted(NEEDLES)
SIZE = (120, 40)
TIMEOUT_S = 300.0
TYPE_AFTER_S = 0.1  # a person starts typing this long after the first rows appear
KEY_GAP_S = 0.1  # and types a key every 100 ms
COUNTED = re.compile(r"\bof [0-9,]+")


async def _until(test: Callable[[], bool]) -> float:
    """The moment ``test`` first holds, polling the running app every millisecond."""
    deadline = time.perf_counter() + TIMEOUT_S
    while not test():
        if time.perf_counter() > deadline:
            raise SystemExit("timed out waiting for the TUI")
        await asyncio.sleep(0.001)
    return time.perf_counter()


def _widget(app: Any, selector: str) -> Any:
    from textual.css.query import NoMatches

    try:
        return app.screen.query_one(selector)
    except NoMatches:
        return None


def _has_rows(app: Any) -> bool:
    grid = _widget(app, "#grid")
    return grid is not None and grid.row_count > 0


def _counted(app: Any) -> bool:
    count = _widget(app, "#count")
    return count is not None and COUNTED.search(str(count.content)) is not None


def _needles_shown(app: Any) -> bool:
    """The grid shows the five needles for the whole needle: the count line names the
    search its rows belong to (a prefix such as 麒麟星 finds the same five)."""
    grid, count = _widget(app, "#grid"), _widget(app, "#count")
    if grid is None or count is None or f"search {NEEDLE!r}" not in str(count.content):
        return False
    return grid.row_count == len(WANTED) and sorted(map(str, grid.get_column("name"))) == WANTED


async def _start(url: str) -> tuple[float, float]:
    """Seconds from creating the app to its first rows, and to its row count."""
    from crm_cli.tui.app import make_app

    started = time.perf_counter()
    app = make_app(url, "admin")
    async with app.run_test(size=SIZE):
        rows = await _until(lambda: _has_rows(app))
        counted = await _until(lambda: _counted(app))
    return rows - started, counted - started


def _send_key(app: Any, key: str) -> None:
    """A key as the terminal driver delivers it: sent, not waited for. The pilot's
    ``press`` waits until the whole process is idle, a count on another thread included,
    which no person's typing does (it held a keystroke for a second at 1 M customers)."""
    import unicodedata

    from textual import events
    from textual.keys import REPLACED_KEYS, _get_unicode_name_from_key

    char: str | None
    try:
        char = unicodedata.lookup(_get_unicode_name_from_key(REPLACED_KEYS.get(key, key)))
    except KeyError:
        char = key if len(key) == 1 else None
    event = events.Key(key, char)
    event.set_sender(app)
    app._driver.send_message(event)


async def _search_while_loading(url: str) -> float:
    """Seconds from the last keystroke of a search typed during loading to its results."""
    from crm_cli.tui.app import make_app

    app = make_app(url, "admin")
    async with app.run_test(size=SIZE):
        first = await _until(lambda: _has_rows(app)) + TYPE_AFTER_S
        keys = ["slash", *NEEDLE]
        for n, key in enumerate(keys):  # a person's fingers do not wait for the screen
            await asyncio.sleep(max(0.0, first + n * KEY_GAP_S - time.perf_counter()))
            _send_key(app, key)
        typed = first + (len(keys) - 1) * KEY_GAP_S
        done = await _until(lambda: _needles_shown(app))
    return done - typed


def rows(args: argparse.Namespace) -> list[Row]:
    sizes = (args.big, args.small)
    urls = {size: f"sqlite:///{search_db(args.data, size)}" for size in sizes}
    for size in sizes:  # warm-up: imports, the OS file cache
        asyncio.run(_start(urls[size]))
        asyncio.run(_search_while_loading(urls[size]))
    times: dict[str, dict[int, list[float]]] = {
        k: {s: [] for s in sizes} for k in ("rows", "count", "search")
    }
    for _ in range(args.runs):
        for size in sizes:
            rows_s, count_s = asyncio.run(_start(urls[size]))
            times["rows"][size].append(rows_s)
            times["count"][size].append(count_s)
            times["search"][size].append(asyncio.run(_search_while_loading(urls[size])))
    sized = f"{args.big:,} vs {args.small:,} customers"
    return [
        ratio_row(f"tui start to first rows, {sized}", *_pair(times["rows"], sizes), 1.5),
        ratio_row(f"tui start to row count, {sized}", *_pair(times["count"], sizes), None),
        ratio_row(f"tui search typed {TYPE_AFTER_S * 1000:.0f} ms after first rows, last key"
                  f" to filtered grid, {sized}", *_pair(times["search"], sizes), 1.5),
    ]  # fmt: skip


def _pair(
    by_size: dict[int, list[float]], sizes: tuple[int, int]
) -> tuple[list[float], list[float]]:
    return by_size[sizes[0]], by_size[sizes[1]]


def main() -> None:
    parser = options(__doc__)
    parser.add_argument("--big", type=int, default=1_000_000, help="customers in the big one")
    parser.add_argument("--small", type=int, default=1_000, help="customers in the small one")
    parser.add_argument("--runs", type=int, default=7, help="timed runs of each measure")
    args = parser.parse_args()
    found = rows(args)
    from crm_cli.tui.screens.center import SEARCH_DELAY

    title = f"crm tui (pilot, {SIZE[0]}x{SIZE[1]}): {args.big:,} customers vs {args.small:,}"
    note = (f"target ratio <= 1.5 (first rows, search); the search time includes the"
            f" {SEARCH_DELAY * 1000:.0f} ms type-ahead pause")  # fmt: skip
    report(title, found, note, args.json)


if __name__ == "__main__":
    main()
