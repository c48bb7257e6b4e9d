"""The calendar at scale: `crm agenda --month` of one user while the team's calendar grows.

Two copies of a demo database of --customers customers. In both, user `bench` (sales) has
the same agenda, drawn from one seed: 10 repeating series (weekly and monthly, some with
the team invited) and --own single events around the month asked. In the big one the rest
of the team (40 users) adds --series repeating series and --events single events more (the
issue's 1,000 series and 10,000 events among the customers); in the small one nobody else
has any, so the whole calendar holds the bench user's 10 series. Every event is written by
the store (`schedule.events.add_event`), as `crm schedule add` writes it.

`crm agenda --month --as-of DAY -f json` as `bench` in the big vs the small one, interleaved,
each run checked to list the same occurrences. Target: ratio <= 1.2 (the agenda reads the
user's window through an index and expands only the series that reach into it).

    python bench/agenda_scale.py [--customers 10000] [--series 1000] [--events 10000]
        [--own 100] [--runs 9]
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import random
from typing import Any

from _common import Row, bench_env, build, crm_command, options, ratio_row, report, timed

AS_OF = dt.date(2026, 6, 15)
NOW = dt.datetime(2026, 5, 20, 9, 0)  # when the events were planned
TEAM = 40
OWN_SERIES = 10
RULES = ("weekly", "monthly")


def _event(rng: random.Random) -> dict[str, Any]:
    """A single visit or call within six weeks of AS_OF (unlinked: a sales user may link
    only the customers they see, and the bench users own none)."""
    day = AS_OF + dt.timedelta(days=rng.randint(-45, 45))
    hour = rng.randint(8, 17)
    return {"at": f"{day} {hour:02d}:00", "until": f"{hour:02d}:45",
            "place": rng.choice(("客户现场", "电话", "公司会议室"))}  # fmt: skip


def _series(rng: random.Random, n: int) -> dict[str, Any]:
    """A weekly or monthly series that started before the month asked."""
    from crm_cli.store.schedule.recurrence import Repeat

    start = AS_OF - dt.timedelta(days=rng.randint(30, 200))
    rule = RULES[n % 2]
    repeat = (Repeat(rule, on=rng.choice(("mo", "tu,th", "we", "fr"))) if rule == "weekly"
              else Repeat(rule, day=rng.randint(1, 28)))  # fmt: skip
    return {"at": f"{start} 10:00", "until": "11:00", "repeat": repeat}


def add_calendar(series: int, events: int, own: int) -> None:
    """The bench user's agenda (seeded alike in both databases), and the team's when
    ``series`` or ``events``."""
    from crm_cli.store.core import users
    from crm_cli.store.schedule import events as ev

    admin = users.resolve_actor("admin")
    bench = users.add_user(admin, "bench", role="sales", display="Bench")
    team = [users.add_user(admin, f"team{n:02d}", role="sales") for n in range(TEAM)]
    rng = random.Random(7)
    for n in range(OWN_SERIES):
        ev.add_event(bench, f"例会 {n}", values=_series(rng, n), now=NOW)
    for n in range(own):
        ev.add_event(bench, f"拜访 {n}", values=_event(rng), now=NOW)
    others = random.Random(11)
    for n in range(series):
        ev.add_event(team[n % TEAM], f"团队例会 {n}", values=_series(others, n), now=NOW)
    for n in range(events):
        ev.add_event(team[n % TEAM], f"拜访 {n}", values=_event(others), now=NOW)
    print(f"\n  bench: {OWN_SERIES} series, {own} events; team: {series} series, {events} events")


def _same_agenda(seen: dict[str, int], key: str) -> Any:
    def check(stdout: str) -> None:
        count = len(json.loads(stdout))
        if seen.setdefault(key, count) != count:
            raise SystemExit(f"{key}: {count} occurrences, earlier {seen[key]}")

    return check


def main() -> None:
    parser = options(__doc__ or "")
    parser.add_argument("--customers", type=int, default=10_000)
    parser.add_argument("--series", type=int, default=1_000)
    parser.add_argument("--events", type=int, default=10_000)
    parser.add_argument("--own", type=int, default=100)
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    shapes = {"big": (args.series, args.events), "small": (0, 0)}
    paths = {}
    for name, (series, events) in shapes.items():
        path = args.data / f"agenda-{args.customers}-{series}-{events}-{args.own}" / "crm.db"
        build(path, args.customers,
              functools.partial(add_calendar, series, events, args.own))  # fmt: skip
        paths[name] = path
    argv = [*crm_command(), "agenda", "--month", "--as-of", AS_OF.isoformat(), "-f", "json"]
    envs = {name: {**bench_env(path), "CRM_USER": "bench"} for name, path in paths.items()}
    seen: dict[str, int] = {}
    times: dict[str, list[float]] = {name: [] for name in paths}
    for run in range(args.runs + 1):  # the first round warms caches, not counted
        for name in paths:
            seconds = timed(argv, envs[name], _same_agenda(seen, "agenda"))
            if run:
                times[name].append(seconds)
    label = (f"agenda --month, {args.series:,} series + {args.events:,} events of the team vs "
             f"{OWN_SERIES} series, {args.customers:,} customers "
             f"({seen['agenda']} occurrences)")  # fmt: skip
    rows: list[Row] = [ratio_row(label, times["big"], times["small"], 1.2)]
    report("crm agenda at scale", rows, "target: ratio <= 1.2", args.json)


if __name__ == "__main__":
    main()
