"""Concurrent claims: P processes each claim from the same N unassigned pool customers as fast
as they can, each with its own connection. Prints claims per second and checks that every
customer ended with exactly one holder, that no limit was exceeded, and that nobody saw a
raw "database is locked" error.

    python bench/pool_claims.py [--procs 8] [--customers 200] [--limit 40] [--url URL]
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import tempfile
import time
from pathlib import Path
from typing import Any

from _common import Row, options, report


def setup(url: str, procs: int, customers_n: int, limit: int) -> list[str]:
    from crm_cli.store import domains
    from crm_cli.store.core import db, users
    from crm_cli.store.customers import customers
    from crm_cli.store.pool import configure
    from crm_cli.store.pool import moves as pool_moves

    domains.open_store(url)
    admin = users.resolve_actor("admin")
    logins = [f"claimer{n}" for n in range(procs)]
    for login in logins:
        users.add_user(admin, login, role="sales")
    configure.update_pool_settings(
        admin, {"enabled": "yes", "limit": str(limit)}, members=tuple(logins)
    )
    codes = [
        customers.add_customer(admin, f"抢单客户{n:04d}", allow_duplicate=True).code
        for n in range(customers_n)
    ]
    pool_moves.add(admin, codes)
    db.close_store()
    return codes


def claimer(url: str, login: str, codes: list[str], start: Any, out: Any) -> None:
    import random

    from crm_cli.store import domains
    from crm_cli.store.core import db, users
    from crm_cli.store.pool import moves as pool_moves

    domains.open_store(url)
    actor = users.resolve_actor(login)
    order = codes[:]
    random.shuffle(order)
    start.wait()
    won, lost, other = 0, 0, []
    for code in order:
        [outcome] = pool_moves.claim(actor, [code])
        if outcome.done:
            won += 1
        elif outcome.error == 3:
            lost += 1
        else:
            other.append(outcome.message)
    db.close_store()
    out.put((login, won, lost, other))


def check(url: str, limit: int) -> tuple[int, int]:
    from crm_cli.store import domains
    from crm_cli.store.core import db
    from crm_cli.store.customers import models as cm
    from crm_cli.store.pool import models as pm

    domains.open_store(url)
    rows = list(
        pm.PoolCustomer.select(pm.PoolCustomer.holder, cm.Customer.owner)
        .join(cm.Customer, on=(pm.PoolCustomer.customer == cm.Customer.id))
        .tuples()
    )
    claims = pm.PoolLog.select().where(pm.PoolLog.action == "claim").count()
    db.close_store()
    held: dict[int, int] = {}
    for holder, owner in rows:
        if holder != owner:
            raise SystemExit(f"holder {holder} and owner {owner} disagree")
        if holder is not None:
            held[holder] = held.get(holder, 0) + 1
    if max(held.values(), default=0) > limit:
        raise SystemExit(f"a user holds {max(held.values())} > limit {limit}")
    return sum(held.values()), claims


def rows(args: argparse.Namespace) -> list[Row]:
    url = args.url or f"sqlite:///{Path(tempfile.mkdtemp()) / 'claims.db'}"
    codes = setup(url, args.procs, args.customers, args.limit)
    ctx = mp.get_context("spawn")
    start, out = ctx.Event(), ctx.Queue()
    logins = [f"claimer{n}" for n in range(args.procs)]
    procs = [ctx.Process(target=claimer, args=(url, x, codes, start, out)) for x in logins]
    for p in procs:
        p.start()
    time.sleep(2)  # let every process import and connect before the gun
    began = time.perf_counter()
    start.set()
    results = [out.get(timeout=600) for _ in procs]
    seconds = time.perf_counter() - began
    for p in procs:
        p.join()
    attempts = sum(won + lost + len(other) for _, won, lost, other in results)
    problems = [msg for *_, other in results for msg in other]
    held, claims = check(url, args.limit)
    print(f"{attempts:,} claim attempts in {seconds:.2f} s, {claims} successful claims;"
          f" customers held: {held} of {args.customers}; other errors: {len(problems)}"
          f"{' ' + problems[0] if problems else ''}")  # fmt: skip
    backend = url.split(":")[0]
    return [
        Row(f"pool claims: {args.procs} processes x {args.customers} customers on {backend}",
            f"{attempts / seconds:,.0f} attempts/s, {claims / seconds:,.1f} claims/s", "-", "-",
            "one holder each, limit kept, no lock errors",
            "yes" if held == claims and not problems else "no"),
    ]  # fmt: skip


def main() -> None:
    parser = options(__doc__)
    parser.add_argument("--procs", type=int, default=8)
    parser.add_argument("--customers", type=int, default=200)
    parser.add_argument("--limit", type=int, default=40)
    parser.add_argument("--url", help="a database URL (default: a new SQLite file)")
    args = parser.parse_args()
    found = rows(args)
    report("concurrent pool claims", found, "", args.json)
    if found[0].met != "yes":
        raise SystemExit(1)


if __name__ == "__main__":
    main()
