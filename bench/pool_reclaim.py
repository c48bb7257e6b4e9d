"""Reclaim: `crm pool reclaim` on N pool customers of which M are due, against raw sqlite3
making the same state change (one UPDATE plus one INSERT ... SELECT into the log).

Both sides start from a copy of the same database and run as fresh processes.
Target: ratio <= 3.

    python bench/pool_reclaim.py [--size 1000000] [--due 100000] [--runs 3] [--data DIR]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sqlite3
import sys
import time
from pathlib import Path

from _common import (
    DEFAULT_DATA,
    bench_env,
    copy_database,
    crm_command,
    print_table,
    summary_row,
    timed,
)

AS_OF = "2026-06-01"
ANCHOR = """
import sqlite3, sys
con = sqlite3.connect(sys.argv[1], isolation_level=None)
con.execute("BEGIN IMMEDIATE")
con.execute(
    "INSERT INTO pool_log (at, customer_id, action, from_owner_id, protect_from,"
    " protect_until, rule)"
    " SELECT '2026-06-01 00:00:00', customer_id, 'reclaim', holder_id, assigned_on, protect_until,"
    " 'protection ended' FROM pool_customer WHERE holder_id IS NOT NULL AND achieved = 0"
    " AND protect_until < '2026-06-01'")
con.execute(
    "UPDATE pool_customer SET previous_owner_id = holder_id, holder_id = NULL, assigned_on = NULL,"
    " protect_until = NULL WHERE holder_id IS NOT NULL AND achieved = 0"
    " AND protect_until < '2026-06-01'")
con.execute("COMMIT")
"""


def build(path: Path, size: int, due: int) -> None:
    """The schema from our migrations, then customers and pool rows written in bulk."""
    if path.exists():
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".building")
    tmp.unlink(missing_ok=True)
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from crm_cli.store import domains
    from crm_cli.store.core import db, users
    from crm_cli.store.customers import models as cm
    from crm_cli.store.pool import configure
    from crm_cli.store.pool import models as pm

    domains.open_store(f"sqlite:///{tmp}")
    admin = users.resolve_actor("admin")
    users.add_user(admin, "s1", role="sales")
    configure.update_pool_settings(admin, {"enabled": "yes", "limit": "1000000"}, members=("s1",))
    started = time.perf_counter()
    now = dt.datetime(2026, 1, 1)
    held, ok, late = dt.date(2026, 4, 1), dt.date(2026, 12, 31), dt.date(2026, 5, 1)
    step = size // due
    with db.db_proxy.atomic():  # peewee fills in every column's default
        for first in range(0, size, 5000):
            numbers = range(first, min(first + 5000, size))
            cm.Customer.insert_many(
                [{"code": f"K{n:07d}", "name": f"公海客户{n}", "owner": 2, "created_at": now,
                  "updated_at": now} for n in numbers]
            ).execute()  # fmt: skip
            pm.PoolCustomer.insert_many(
                [{"customer": n + 1, "added_at": now, "holder": 2, "assigned_on": held,
                  "protect_until": late if n % step == 0 else ok} for n in numbers]
            ).execute()  # fmt: skip
    db.close_store()
    tmp.rename(path)
    print(f"built {path}: {size:,} pool customers in {time.perf_counter() - started:.1f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=1_000_000)
    parser.add_argument("--due", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    args = parser.parse_args()
    base = args.data / f"reclaim-{args.size}-{args.due}" / "base.db"
    build(base, args.size, args.due)
    ours_db, anchor_db = base.with_name("ours.db"), base.with_name("anchor.db")
    env = bench_env(ours_db)
    env["CRM_USER"] = "admin"
    crm = crm_command()
    ours: list[float] = []
    anchor: list[float] = []
    for _ in range(args.runs):
        copy_database(base, ours_db)
        ours.append(timed([*crm, "pool", "reclaim", "--as-of", AS_OF], env, lambda _: None))
        returned = (
            sqlite3.connect(ours_db)
            .execute("SELECT count(*) FROM pool_log WHERE action = 'reclaim'")
            .fetchone()[0]
        )
        if returned != args.due:
            raise SystemExit(f"ours returned {returned:,}, expected {args.due:,}")
        copy_database(base, anchor_db)
        anchor.append(timed([sys.executable, "-c", ANCHOR, str(anchor_db)], dict(os.environ),
                            lambda _: None))  # fmt: skip
    print(f"\ncrm pool reclaim: {args.size:,} pool customers, {args.due:,} due"
          f" (python {sys.version.split()[0]}, {dt.date.today()})\n")  # fmt: skip
    header = ["command", "median", "anchor median", "ratio", "best", "runs"]
    print_table(header, [summary_row("crm pool reclaim", ours, anchor)])
    print("\nanchor: raw sqlite3, one INSERT ... SELECT into the log plus one UPDATE;"
          " target ratio <= 3")  # fmt: skip


if __name__ == "__main__":
    main()
