"""The TUI at scale: start-up to the first rows, and a search keystroke to the filtered grid,
on a big database vs. a small one (the `search_scale.py` databases, reused as they are).

Measured in one process with Textual's pilot (headless), big and small runs interleaved:
- start: from creating the app to the grid showing its first rows (and, separately, to
  the row count "100 of 1,000,005" showing, which comes after the rows by design);
- search: from the last keystroke of the needle "麒麟星链" to the grid showing exactly the
  five needle customers; this includes the search-as-you-type pause
  (`center.SEARCH_DELAY`), printed too so the query's own share is visible.
Target: ratio <= 1.5.

    python bench/tui_start.py [--big 1000000] [--small 1000] [--runs 7] [--data DIR]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from _common import DEFAULT_DATA, print_table, summary_row
from search_scale import NEEDLES

NEEDLE = "麒麟星链"
SIZE = (120, 40)
TIMEOUT_S = 120.0


async def _until(test: Callable[[], bool]) -> float:
    """The moment ``test`` first holds, polling the running app every millisecond."""
    deadline = time.perf_counter() + TIMEOUT_S
    while not test():
        if time.perf_counter() > deadline:
            raise SystemExit("timed out waiting for the TUI")
        await asyncio.sleep(0.001)
    return time.perf_counter()


async def _idle(app: Any) -> None:
    """Every worker done; one replaced by a newer search (cancelled) counts as done."""
    from textual.worker import WorkerCancelled

    for worker in list(app.workers):
        with contextlib.suppress(WorkerCancelled):
            await worker.wait()


def _center(app: Any) -> Any:
    from crm_cli.tui.screens.center import CenterScreen

    return app.screen if isinstance(app.screen, CenterScreen) else None


async def _start(url: str) -> tuple[float, float]:
    from crm_cli.tui.app import make_app

    started = time.perf_counter()
    app = make_app(url, "admin")
    async with app.run_test(size=SIZE):
        rows = await _until(lambda: (s := _center(app)) is not None and s.grid.row_count > 0)
        counted = await _until(lambda: _center(app).total is not None)
    return rows - started, counted - started


async def _search(url: str) -> float:
    from crm_cli.tui.app import make_app

    app = make_app(url, "admin")
    async with app.run_test(size=SIZE) as pilot:
        await _until(lambda: (s := _center(app)) is not None and s.total is not None)
        await _idle(app)
        screen = _center(app)
        await pilot.press("slash", *NEEDLE[:-1])
        await _until(lambda: screen.query_state.flt.search == NEEDLE[:-1] and screen.total)
        await _idle(app)
        grid, wanted = screen.grid, sorted(NEEDLES)
        before = grid.generation  # the prefix may already show the needles: wait for anew
        started = time.perf_counter()
        await pilot.press(NEEDLE[-1])
        done = await _until(
            lambda: grid.generation > before and sorted(c.name for c in grid.customers) == wanted
        )
    return done - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--big", type=int, default=1_000_000, help="customers in the big one")
    parser.add_argument("--small", type=int, default=1_000, help="customers in the small one")
    parser.add_argument("--runs", type=int, default=7, help="timed runs of each measure")
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="where databases live")
    args = parser.parse_args()
    sizes = (args.big, args.small)
    urls = {}
    for size in sizes:
        path = args.data / f"search-{size}" / "crm.db"
        if not path.with_name("crm.db.ready").exists():
            raise SystemExit(f"no database at {path}: run bench/search_scale.py first")
        urls[size] = f"sqlite:///{path}"
    for size in sizes:  # warm-up: imports, the OS file cache
        asyncio.run(_start(urls[size]))
        asyncio.run(_search(urls[size]))
    times: dict[str, dict[int, list[float]]] = {
        k: {s: [] for s in sizes} for k in ("rows", "count", "search")
    }
    for _ in range(args.runs):
        for size in sizes:
            rows, count = asyncio.run(_start(urls[size]))
            times["rows"][size].append(rows)
            times["count"][size].append(count)
            times["search"][size].append(asyncio.run(_search(urls[size])))
    from crm_cli.tui.screens.center import SEARCH_DELAY

    pause = f"{SEARCH_DELAY * 1000:.0f} ms"
    labels = {"rows": "start to first rows", "count": "start to row count",
              "search": f"keystroke to filtered grid (incl. {pause} pause)"}  # fmt: skip
    table = [summary_row(labels[k], v[args.big], v[args.small]) for k, v in times.items()]
    print(f"\ncrm tui (pilot, {SIZE[0]}x{SIZE[1]}): {args.big:,} customers (ours) "
          f"vs {args.small:,} (anchor)\n")  # fmt: skip
    print_table(["measure", "big median", "small median", "ratio", "big best", "runs"], table)
    print("\ntarget ratio <= 1.5 (first rows, search); the count follows the rows")


if __name__ == "__main__":
    main()
