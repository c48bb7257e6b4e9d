"""Team load (issue 16): people, each with their own login and connection, doing a day's
mix on PostgreSQL in team mode (row-level security on), against one person alone.

Each person is a process of their own (no shared interpreter lock between them), connected
as their own login, calling the store functions the commands call: search, list and show
customers, log a contact, claim from the pool, add a quote, pay an installment
(`_team_people.MIX`), pausing between actions. The single user (one more login, set up as
each person) does the same actions back to back, half before the load and half after.
Afterwards every write the people were told succeeded is matched to the database, and
`crm db check` runs. Then the same again through a pgbouncer in transaction mode,
started here: it must work, or crm must refuse up front with one clear message.

    python bench/team_load.py [--people 50] [--seconds 60] [--think 1.0] [--baseline 200]
        [--size 4000] [--url postgresql://postgres@127.0.0.1:5432/test] [--no-pgbouncer]

Needs psycopg2 and a server whose superuser may create roles and databases (the roles and
the database, all named crmload_*, are dropped at the end unless --keep).
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

from _common import Row, options, print_table, report
from _pg import SERVER, available
from _team_check import check_writes, db_check
from _team_db import BOSS, DBNAME, OWNER, Person, Server, Team, build
from _team_people import ACTIONS, Plan, Result, work

AT_MOST = 3.0  # p99 of 50 people over p99 of one, per action


def phase(urls: list[str], people: tuple[Person, ...], team: Team, plan: Plan) -> list[Result]:
    """Start one process per person, let them all connect, open the gate, collect."""
    ctx = mp.get_context("fork")  # the parent has imported crm and holds no connection
    ready, gate, out = ctx.Queue(), ctx.Event(), ctx.Queue()
    procs = [ctx.Process(target=work, args=(url, p, team, plan, ready, gate, out), daemon=True)
             for url, p in zip(urls, people, strict=True)]  # fmt: skip
    for proc in procs:
        proc.start()
    for _ in procs:  # each connects and says so, then waits at the gate
        ready.get(timeout=120)
    gate.set()
    limit = plan.seconds + 60 + plan.each * len(ACTIONS) * 2
    results = [out.get(timeout=limit) for _ in procs]
    for proc in procs:
        proc.join()
    return results


def p99(values: list[float]) -> float:
    if len(values) < 2:
        return values[0] if values else float("nan")
    return statistics.quantiles(values, n=100, method="inclusive")[98]


def p50(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def ms(seconds: float) -> str:
    return f"{seconds * 1000:,.1f} ms"


def run(url_for: Callable[[str], str], label: str, server: Server, team: Team,
        args: argparse.Namespace, pool: tuple[str, ...]) -> list[Row]:  # fmt: skip
    """Baseline half, the load, baseline half; then the checks. Rows for the table."""
    half = args.baseline // 2
    solo = (team.solo,)
    base = [url_for(team.solo.login)]

    def alone(n: int) -> list[Result]:
        part = pool[(n - 1) * half : n * half]
        return phase(base, solo, team, Plan(f"{label}-b{n}:", each=half, seed=n, pool=part))

    print(f"\n{label}: one person, {half} of each action ...", flush=True)
    before = alone(1)
    print(f"{label}: {len(team.people)} people for {args.seconds:g} s ...", flush=True)
    plan = Plan(f"{label}-load:", args.seconds, args.think, seed=7, pool=pool[2 * half :])
    began, cpu = time.perf_counter(), _cpu()  # start-up and warm-up included
    load = phase([url_for(p.login) for p in team.people], team.people, team, plan)
    cpu = _cpu(cpu)
    print(f"{label}: load phase {time.perf_counter() - began:.1f} s with start-up", flush=True)
    print(f"{label}: the machine's CPUs were {cpu:.0%} busy during the load", flush=True)
    print(f"{label}: one person again ...", flush=True)
    after = alone(2)
    refused = [r for r in [*before, *load, *after] if r.refused]
    if refused:
        return refusal(label, refused, len(load) + 1, acceptable=label == "pgbouncer")
    return table(label, server, before + after, load, args.seconds, pool)


def _cpu(since: tuple[int, int] | None = None) -> Any:
    """(busy, total) jiffies of every CPU from /proc/stat; with ``since``, the busy share."""
    fields = [int(x) for x in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    now = (sum(fields) - fields[3] - fields[4], sum(fields))  # idle and iowait are not busy
    if since is None:
        return now
    return (now[0] - since[0]) / max(1, now[1] - since[1])


def refusal(label: str, refused: list[Result], people: int, acceptable: bool) -> list[Row]:
    reasons = Counter(r.refused for r in refused)
    for reason, n in reasons.most_common():
        print(f"  refused ({n} of {people}): {reason}")
    clear = acceptable and len(reasons) == 1 and "\n" not in next(iter(reasons)).strip()
    figure = f"{label}: {len(refused)} of {people} people refused at connection"
    target = "works, or refused up front in one clear line"
    first = next(iter(reasons)).strip()[:160]
    return [Row(figure, first, "-", "-", target, "yes" if clear else "no")]


def table(label: str, server: Server, solo: list[Result], load: list[Result], took: float,
          pool: tuple[str, ...]) -> list[Row]:  # fmt: skip
    one = [s for r in solo for s in r.samples if not s.warm]
    many = [s for r in load for s in r.samples if not s.warm]
    warm = [s for r in [*solo, *load] for s in r.samples if s.warm]
    rows, detail = [], []
    for action in ACTIONS:
        xs = [s.seconds for s in many if s.action == action]
        ys = [s.seconds for s in one if s.action == action]
        ratio = p99(xs) / p99(ys)
        lost = sum(1 for s in many if s.action == action and s.kind == "lost")
        detail.append([action, f"{len(xs)}", ms(p50(xs)), ms(p99(xs)), f"{len(ys)}",
                       ms(p50(ys)), ms(p99(ys)), f"{ratio:.2f}",
                       f"{lost}" if action == "claim" else "-"])  # fmt: skip
        rows.append(Row(f"{label}: {action} p99, {len(load)} people ({len(xs)}) vs one ({len(ys)})",
                        ms(p99(xs)), ms(p99(ys)), f"{ratio:.2f}", f"<= {AT_MOST:g}",
                        "yes" if ratio <= AT_MOST else "no"))  # fmt: skip
    rate = len(many) / took
    print(f"\n{label}: {len(many):,} timed actions in {took:g} s ({rate:,.1f}/s)\n")
    print_table(["action", "n", "p50", "p99", "n alone", "p50 alone", "p99 alone", "ratio",
                 "claims lost to a faster person"], detail)  # fmt: skip
    errors = [s for s in [*many, *one, *warm] if s.kind == "error"]
    for text, n in Counter(e.detail for e in errors).most_common(8):
        print(f"  error x{n}: {text[:300]}")
    actions = len(many) + len(one) + len(warm)
    rows.append(Row(f"{label}: errors in {actions:,} actions", f"{len(errors)}", "-", "-", "0",
                    "yes" if not errors else "no"))  # fmt: skip
    found = check_writes(server, f"{label}-", [*solo, *load], pool)
    for what in (*found.lost, *found.doubled, *found.unreported)[:10]:
        print(f"  write: {what}")
    rows.append(Row(f"{label}: writes lost / doubled / unreported, of {found.writes:,} reported",
                    f"{len(found.lost)} / {len(found.doubled)} / {len(found.unreported)}", "-",
                    "-", "0 / 0 / 0", "yes" if found.ok() else "no"))  # fmt: skip
    claims = sum(1 for s in [*many, *one, *warm] if s.action == "claim" and s.kind == "error")
    if claims:
        rows.append(Row(f"{label}: claims that lost a race, refused as 'no customer' (exit 4)",
                        f"{found.hidden} of {claims} failed claims", "-", "-",
                        "ClaimLost (exit 3), as without team mode", "no"))  # fmt: skip
    passed, gist = db_check(server.url(OWNER))
    rows.append(Row(f"{label}: crm db check", gist, "-", "-", "every check passes",
                    "yes" if passed else "no"))  # fmt: skip
    return rows


def bounced(
    server: Server, team: Team, args: argparse.Namespace, pool: tuple[str, ...]
) -> list[Row]:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the tests' pgbouncer
    from tests import pgbouncer as _pgbouncer

    why = _pgbouncer.missing()
    if why is not None:
        return [Row("pgbouncer (transaction mode)", f"not run: {why}", "-", "-", "-", "-")]
    from _act_as import probe

    logins = [p.login for p in (*team.people, team.solo)] + [team.boss]
    with _pgbouncer.Bouncer(DBNAME, server.host, server.port, logins) as bouncer:
        print(f"\npgbouncer {_pgbouncer.BINARY} on port {bouncer.port}, pool_mode = transaction")

        def url_for(login: str) -> str:
            return server.url(login, port=bouncer.port)

        rows = run(url_for, "pgbouncer", server, team, args, pool)
        same, gist = probe(server.url, url_for, BOSS, team.boss, team.people[0].name)
    print(f"  act-as: {gist}")
    rows.append(Row("pgbouncer: an admin's act-as", gist, "-",
                    "-", "as on a direct connection", "yes" if same else "no"))  # fmt: skip
    return rows


def main() -> None:
    parser = options(__doc__)
    parser.add_argument("--people", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--think", type=float, default=1.0, help="mean pause (s)")
    parser.add_argument("--baseline", type=int, default=200, help="single-user runs per action")
    parser.add_argument("--size", type=int, default=4000, help="demo customers")
    parser.add_argument("--own", type=int, default=20, help="customers of each person")
    parser.add_argument("--pool", type=int, default=1500, help="customers in the pool")
    parser.add_argument("--url", default=SERVER, help="the server, as a superuser")
    parser.add_argument("--no-pgbouncer", action="store_true")
    parser.add_argument("--keep", action="store_true", help="keep the database and roles")
    args = parser.parse_args()
    why = available()
    if why:
        raise SystemExit(why)
    server = Server(args.url)
    rows: list[Row] = []
    try:
        team = build(server, args.size, args.people, args.own, args.pool)
        half = len(team.pool) // 2
        rows += run(server.url, "postgres", server, team, args, team.pool[:half])
        if not args.no_pgbouncer:
            rows += bounced(server, team, args, team.pool[half:])
    finally:
        if not args.keep:
            server.drop()
    note = (
        f"{args.people} people, one process and login each, mean pause {args.think:g} s "
        f"between actions, for {args.seconds:g} s; one person: {args.baseline} of each "
        "action back to back, half before the load and half after; row-level security on; "
        "each process does each action once, untimed, before the clock starts"
    )
    report("team load on PostgreSQL (team mode)", rows, note, args.json)
    if any(r.met == "no" for r in rows):
        raise SystemExit(1)


if __name__ == "__main__":
    main()
