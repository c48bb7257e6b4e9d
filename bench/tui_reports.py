"""The TUI's reports screen at scale: its first chart against `crm report run` of the same
report, on a copy of the `search_scale.py` demo database (the shared cached file is only
read: its copy is migrated).

Measured with Textual's pilot (headless), through widget ids only (`#grid`,
`#report-list`, `#report-chart`):
- the screen's first chart: the app started, `8` as soon as the customer center shows its
  first rows (its counts of every customer still running, as they do for a person), then
  `Enter` on the report as soon as the list shows it, to the chart drawing its figures;
- start to first chart (information): the same from creating the app;
- chosen to chart (information): in the same app, back on the reports screen, from `Enter`
  on the report to its chart.
Each key is sent as the terminal driver sends it (the pilot's ``press`` waits until the
whole process is idle, a count on another thread included).
The anchor: `crm report run REPORT -f plain` as a process of its own, interleaved.
Target: ratio <= 1.5 (the screen's first chart).

    python bench/tui_reports.py [--size 1000000] [--report sales-trend] [--runs 5]
"""

from __future__ import annotations

import argparse
import asyncio
import time
from pathlib import Path
from typing import Any

from _common import (
    Row,
    bench_env,
    crm_command,
    options,
    ratio_row,
    report,
    timed,
)
from _derived import derived_db, migrated
from tui_start import SIZE, _has_rows, _send_key, _until, _widget


def reports_db(data: Path, size: int) -> Path:
    """Our copy of the shared demo database (made and migrated once)."""
    return derived_db(data, "tui-reports", size, migrated)[0]


def _listed(app: Any, key: str) -> bool:
    options = _widget(app, "#report-list")
    return options is not None and any(o.id == key for o in options.options)


def _charted(app: Any, name: str) -> bool:
    screen = app.screen
    chart = _widget(app, "#report-chart")
    report = getattr(screen, "report", None)
    return chart is not None and report is not None and report.name == name and chart.values


async def _choose(app: Any, name: str) -> float:
    """Enter on report ``name`` in the list; returns the moment the key was sent."""
    key = f"preset:{name}"
    await _until(lambda: _listed(app, key))
    options = _widget(app, "#report-list")
    options.focus()
    options.highlighted = [o.id for o in options.options].index(key)
    sent = time.perf_counter()
    _send_key(app, "enter")
    return sent


async def _first_chart(url: str, name: str) -> tuple[float, float, float]:
    """Seconds from `8` (pressed once the center shows rows) to the first chart, from
    creating the app to it, and from Enter on the report, in the same app, to its chart."""
    from crm_cli.tui.app import make_app

    started = time.perf_counter()
    app = make_app(url, "admin")
    async with app.run_test(size=SIZE):
        opened = await _until(lambda: _has_rows(app))
        _send_key(app, "8")
        await _choose(app, name)
        charted = await _until(lambda: _charted(app, name))
        _send_key(app, "2")
        await _until(lambda: _widget(app, "#grid") is not None)
        _send_key(app, "8")
        await _until(lambda: _widget(app, "#report-chart") is not None)
        app.screen.report = None  # the next chart is the rerun's
        sent = await _choose(app, name)
        again = await _until(lambda: _charted(app, name)) - sent
        # Closed only once idle: a center worker still running as the app closes can find
        # its screen's widgets gone (the center's own race, not what is measured here).
        await _until(lambda: not any(w.is_running for w in app.workers))
    return charted - opened, charted - started, again


def rows(args: argparse.Namespace) -> list[Row]:
    path = reports_db(args.data, args.size)
    url, env = f"sqlite:///{path}", bench_env(path)
    argv = [*crm_command(), "report", "run", args.report, "-f", "plain"]

    def check(out: str) -> None:
        if len(out.strip().splitlines()) < 2:
            raise SystemExit(f"{' '.join(argv)} printed no rows: {out!r}")

    timed(argv, env, check)  # warm-up: bytecode, the OS file cache
    asyncio.run(_first_chart(url, args.report))
    screen, start, chosen, cli = [], [], [], []
    for _ in range(args.runs):
        cli.append(timed(argv, env, check))
        first, whole, again = asyncio.run(_first_chart(url, args.report))
        screen.append(first)
        start.append(whole)
        chosen.append(again)
    sized = f"{args.report}, {args.size:,} customers, vs `crm report run`"
    return [
        ratio_row(f"tui reports: `8` to the screen's first chart, {sized}", screen, cli, 1.5),
        ratio_row(f"tui reports: app start to first chart, {sized}", start, cli, None),
        ratio_row(f"tui reports: Enter to chart, screen open, {sized}", chosen, cli, None),
    ]


def main() -> None:
    parser = options(__doc__)
    parser.add_argument("--size", type=int, default=1_000_000, help="demo customers")
    parser.add_argument("--report", default="sales-trend", help="the preset to run")
    parser.add_argument("--runs", type=int, default=5, help="timed runs of each")
    args = parser.parse_args()
    found = rows(args)
    title = f"crm tui reports screen (pilot, {SIZE[0]}x{SIZE[1]}) vs crm report run"
    report(title, found, "target ratio <= 1.5 (the screen's first chart)", args.json)


if __name__ == "__main__":
    main()
