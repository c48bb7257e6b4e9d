"""Who submitted when, at a department's scale: `crm work-report overview` for a year.

A database with two departments of --people sales people each under one manager, and a
year (2026) of their daily reports (working days) and weekly reports as the store keeps
them: most submitted on time, some late by 1 to 6 days, some missing, a few left as drafts.
Rows are inserted in bulk with the columns `write_report`/`submit_report` set (codes,
period bounds, `late_days`), which writing 30,000 reports one by one would take minutes for.

`crm work-report overview --day|--week --from 2026-01-01 --to 2026-12-31 --department 华南
--as-of 2027-01-08 -f json` as admin, against the equivalent hand-written SQL: a python
process with sqlite3 that selects the department's people and their submitted reports in
the range, fills the same grid and prints the same JSON (checked equal to crm's once,
outside the timing). Interleaved. The target (ratio <= 1.5) is for the two timed inside
one process, start-up left out: `submission_overview` and the commands' JSON encoder against
the SQL's code as a function, as `bench/target_attainment.py` compares its figures; whole
processes are printed for information (crm's start-up is measured by `bench/startup.py`).

    python bench/work_report_overview.py [--people 50] [--runs 9]
"""

from __future__ import annotations

import datetime as dt
import json
import random
import sys
import time
from pathlib import Path
from typing import Any

from _common import Row, bench_env, crm_command, options, ratio_row, report, run, timed

YEAR = 2026
AS_OF = "2027-01-08"
DEPARTMENTS = ("华南", "华北")

# The hand-written SQL and the grid it fills, as a function (timed in process) and as the
# program the anchor process runs.
OVERVIEW = r"""
import datetime as dt, json, sqlite3, sys


def overview(path, kind, dept, since, until, as_of):
    con = sqlite3.connect(path)
    first, last, today = (dt.date.fromisoformat(d) for d in (since, until, as_of))
    if kind == "week":
        first -= dt.timedelta(days=first.weekday())
        last += dt.timedelta(days=6 - last.weekday())
    row = con.execute("SELECT value FROM setting WHERE key = 'work_report.grace_days'").fetchone()
    grace = int(row[0]) if row else 0
    periods, day, step = [], first, dt.timedelta(days=7 if kind == "week" else 1)
    while day <= last:
        if kind == "week" or day.weekday() < 5:
            end = day + dt.timedelta(days=6) if kind == "week" else day
            y, w, _ = day.isocalendar()
            periods.append((day, end, f"{y}-W{w:02d}" if kind == "week" else day.isoformat()))
        day += step
    people = con.execute(
        "SELECT id, login, display, department FROM user WHERE active = 1 AND role != 'admin'"
        " AND department = ? ORDER BY department, login, id", (dept,)).fetchall()
    ids = [p[0] for p in people]
    found = {
        (a, s): (late or 0, code)
        for a, s, late, code in con.execute(
            f"SELECT author_id, starts_on, late_days, code FROM work_report"
            f" WHERE author_id IN ({','.join('?' * len(ids))}) AND period = ?"
            " AND starts_on >= ? AND starts_on <= ? AND status = 'submitted'"
            " AND deleted_at IS NULL",
            (*ids, kind, periods[0][0].isoformat(), periods[-1][0].isoformat()))
    }
    con.close()
    out = []
    for pid, login, display, department in people:
        cells = []
        for start, end, label in periods:
            hit = found.get((pid, start.isoformat()))
            if hit:
                cells.append({"period": label, "status": "late" if hit[0] else "on_time",
                              "days": hit[0], "code": hit[1]})
                continue
            deadline = end + dt.timedelta(days=grace)
            missing = today > deadline
            cells.append({"period": label, "status": "missing" if missing else "not_due",
                          "days": (today - deadline).days if missing else 0, "code": None})
        count = lambda s: sum(1 for c in cells if c["status"] == s)
        out.append({"login": login, "name": display or login, "department": department,
                    "on_time": count("on_time"), "late": count("late"),
                    "missing": count("missing"), "cells": cells})
    return json.dumps({"kind": kind, "from": first.isoformat(), "to": last.isoformat(),
                       "as_of": as_of, "periods": [p[2] for p in periods], "people": out},
                      ensure_ascii=False, indent=2)
"""
ANCHOR = OVERVIEW + "\nprint(overview(*sys.argv[1:]))\n"


def _rows(people: list[int], rng: random.Random) -> list[dict[str, object]]:
    """The year's reports of ``people``, as the store would have written them."""
    from crm_cli.store.workreports.periods import between

    found: list[dict[str, object]] = []
    for kind in ("day", "week"):
        for period in between(kind, dt.date(YEAR, 1, 1), dt.date(YEAR, 12, 31)):
            for author in people:
                luck = rng.random()
                if luck < 0.05:
                    continue  # missing
                late = rng.randint(1, 6) if luck > 0.88 else 0
                at = dt.datetime.combine(period.ends_on + dt.timedelta(days=late), dt.time(18))
                draft = luck < 0.07
                found.append({
                    "author": author, "period": kind, "starts_on": period.starts_on,
                    "ends_on": period.ends_on, "body": f"{kind} report {period.label}",
                    "status": "draft" if draft else "submitted", "created_at": at,
                    "updated_at": at, "submitted_at": None if draft else at,
                    "late_days": None if draft else late,
                })  # fmt: skip
    return found


def build(path: Path, people: int) -> None:
    """The team and its year of reports at ``path``, built once (``.ready`` marks it)."""
    ready = path.with_name(path.name + ".ready")
    if ready.exists() and path.exists():
        print(f"reusing {path}", flush=True)
        return
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    from crm_cli.store import domains
    from crm_cli.store.core import codes, db, users
    from crm_cli.store.workreports import models as wm

    domains.open_store(f"sqlite:///{path}")
    admin = users.resolve_actor("admin")
    ids: list[int] = []
    for dept in DEPARTMENTS:
        boss = users.add_user(admin, f"boss-{len(ids)}", role="manager", department=dept)
        ids += [
            users.add_user(admin, f"s{len(ids) + n:03d}", department=dept, supervisor=boss.login).id
            for n in range(people)
        ]
    rows = _rows(ids, random.Random(3))
    with db.db_proxy.atomic():
        for row, code in zip(rows, codes.next_codes("work_report", "code.work_report_prefix",
                                                    len(rows)), strict=True):  # fmt: skip
            row["code"] = code
        for start in range(0, len(rows), 500):
            wm.WorkReport.insert_many(rows[start : start + 500]).execute()
    db.close_store()
    ready.write_text(f"{len(rows)}\n")
    print(f"built {path}: {len(ids)} people, {len(rows):,} reports", flush=True)


def figure(db: Path, kind: str, runs: int, people: int) -> tuple[str, list[float], list[float]]:
    """The label and the times of crm's overview and of the SQL's, checked to agree."""
    env = bench_env(db)
    ours = [*crm_command(), "work-report", "overview", f"--{kind}", "--from", f"{YEAR}-01-01",
            "--to", f"{YEAR}-12-31", "--department", DEPARTMENTS[0], "--as-of", AS_OF,
            "-f", "json"]  # fmt: skip
    anchor = [sys.executable, "-c", ANCHOR, str(db), kind, DEPARTMENTS[0], f"{YEAR}-01-01",
              f"{YEAR}-12-31", AS_OF]  # fmt: skip
    mine, theirs = run(ours, env), run(anchor, env)
    if mine.code or theirs.code or json.loads(mine.stdout) != json.loads(theirs.stdout):
        raise SystemExit(f"{kind}: crm and the SQL disagree\n{mine.stderr}\n{theirs.stderr}")
    cells = sum(len(p["cells"]) for p in json.loads(mine.stdout)["people"])

    def same(stdout: str) -> None:
        if len(stdout) != len(mine.stdout):
            raise SystemExit(f"{kind}: the output changed between runs")

    times: dict[str, list[float]] = {"ours": [], "anchor": []}
    for _ in range(runs):
        times["ours"].append(timed(ours, env, same))
        times["anchor"].append(timed(anchor, env, same))
    label = f"work-report overview --{kind}, {people} people x {YEAR} ({cells:,} cells)"
    return label, times["ours"], times["anchor"]


def in_process(db: Path, kind: str, runs: int) -> tuple[list[float], list[float]]:
    """The overview and its JSON timed inside this one process, start-up left out: the
    store's ``submission_overview`` with the commands' JSON encoder, against the SQL's
    function above; interleaved."""
    from crm_cli.commands._values import dumps_json
    from crm_cli.store import domains
    from crm_cli.store.core import db as store_db
    from crm_cli.store.core import users
    from crm_cli.store.workreports.overview import submission_overview

    namespace: dict[str, Any] = {}
    exec(OVERVIEW, namespace)  # the anchor's own code, as a function
    span = (f"{YEAR}-01-01", f"{YEAR}-12-31")
    now = dt.datetime.combine(dt.date.fromisoformat(AS_OF), dt.time(9))
    domains.open_store(f"sqlite:///{db}")
    admin = users.resolve_actor("admin")
    times: dict[str, list[float]] = {"ours": [], "anchor": []}
    for n in range(runs + 1):  # the first round warms caches, not counted
        started = time.perf_counter()
        found = submission_overview(admin, kind, since=span[0], until=span[1],
                                    department=DEPARTMENTS[0], now=now)  # fmt: skip
        dumps_json(found.to_dict())
        middle = time.perf_counter()
        namespace["overview"](str(db), kind, DEPARTMENTS[0], *span, AS_OF)
        if n:
            times["ours"].append(middle - started)
            times["anchor"].append(time.perf_counter() - middle)
    store_db.close_store()
    return times["ours"], times["anchor"]


def rows(args: object) -> list[Row]:
    people, runs, data = args.people, args.runs, args.data  # type: ignore[attr-defined]
    db = data / f"work-reports-{people}" / "crm.db"
    build(db, people)
    found = [figure(db, kind, runs, people) for kind in ("day", "week")]
    result = []
    for label, _, _ in found:  # the target: the store's work against the SQL's
        kind = "week" if "--week" in label else "day"
        name = f"{label.split(' (')[0]}, in process (no start-up)"
        result.append(ratio_row(name, *in_process(db, kind, runs), 1.5))
    # For information: whole processes, where crm's start-up (Typer, peewee and its
    # drivers, the store; `bench/startup.py` has its own target) outweighs the work.
    result += [ratio_row(label, ours, anchor, None) for label, ours, anchor in found]
    return result


def main() -> None:
    parser = options(__doc__ or "")
    parser.add_argument("--people", type=int, default=50)
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    report("Work report overview", rows(args), "target: ratio <= 1.5", args.json)


if __name__ == "__main__":
    main()
