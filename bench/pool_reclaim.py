"""Reclaim: `crm pool reclaim` (as cron runs it) on N held pool customers of which M are due.

Two anchors, each a fresh python process on its own fresh copy of the same database:
- faithful: every statement crm executed in a reclaim, replayed with raw sqlite3. They are
  recorded from a real `crm pool reclaim` at the start of this run (sqlite3's trace
  callback, values expanded), so the anchor follows the product: connection pragmas,
  migration check, actor and settings look-ups, the run number, the log, the moves, the
  operation log, the count, the closing checkpoint. Target: ratio <= 1.5;
- minimal: the least SQL that makes the change a user sees: one INSERT ... SELECT into the
  pool log, one UPDATE of the pool rows, and one of the customers (they leave their owner:
  `customer list --mine` reads that). Target: ratio <= 3;
- two statements: the log and the pool rows only, as this anchor first was (the customers
  kept their owner). For information.

Every copy goes through `copy_database` (stale -wal/-shm removed first), and every run,
ours and the anchors', is checked afterwards: exactly M customers returned, logged and
released, or the script fails.

    python bench/pool_reclaim.py [--size 1000000] [--due 100000] [--runs 3] [--data DIR]
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import sqlite3
import sys
import time
from pathlib import Path

from _common import (
    Row,
    bench_env,
    checked,
    copy_database,
    crm_command,
    options,
    ratio_row,
    report,
    up_to_date,
)

AS_OF = "2026-06-01"
DUE = "holder_id IS NOT NULL AND achieved = 0 AND protect_until < '2026-06-01'"
LOG = (
    "INSERT INTO pool_log (at, customer_id, action, from_owner_id, protect_from, protect_until,"
    " rule) SELECT '2026-06-01 00:00:00', customer_id, 'reclaim', holder_id, assigned_on,"
    f" protect_until, 'protection ended' FROM pool_customer WHERE {DUE}"
)
POOL_ROWS = (
    "UPDATE pool_customer SET previous_owner_id = holder_id, holder_id = NULL,"
    f" assigned_on = NULL, protect_until = NULL WHERE {DUE}"
)
OWNERS = (
    "UPDATE customer SET owner_id = NULL"
    " WHERE id IN (SELECT customer_id FROM pool_log WHERE action = 'reclaim')"
)


def _script(*statements: str) -> str:
    """A python program running ``statements`` in one transaction on the database argv[1]."""
    calls = "".join(f"con.execute({sql!r})\n" for sql in statements)
    return (
        "import sqlite3, sys\ncon = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
        f'con.execute("BEGIN IMMEDIATE")\n{calls}con.execute("COMMIT")\ncon.close()\n'
    )


# Runs crm's own entry point with every sqlite3 connection traced; argv: OUT crm-args...
TRACER = """
import json, sqlite3, sys
out, sys.argv = sys.argv[1], ["crm", *sys.argv[2:]]
statements = []
plain_connect = sqlite3.connect
def connect(*args, **kwargs):
    con = plain_connect(*args, **kwargs)
    con.set_trace_callback(statements.append)
    return con
sqlite3.connect = connect
from crm_cli.cli import main
try:
    main()
finally:
    open(out, "w", encoding="utf-8").write(json.dumps(statements, ensure_ascii=False))
"""
# argv: DB STATEMENTS; executes them in order, reading every row as crm does.
REPLAY = """
import json, sqlite3, sys
con = sqlite3.connect(sys.argv[1], isolation_level=None)
for sql in json.load(open(sys.argv[2], encoding="utf-8")):
    con.execute(sql).fetchall()
con.close()
"""


def build(path: Path, size: int, due: int) -> None:
    """The schema from our migrations, then customers and pool rows written in bulk."""
    if path.exists():
        print(f"reusing {path} ({size:,} pool customers, {due:,} due)", flush=True)
        up_to_date(f"sqlite:///{path}")
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".building")
    for suffix in ("", "-wal", "-shm"):
        Path(f"{tmp}{suffix}").unlink(missing_ok=True)
    from crm_cli.store import domains
    from crm_cli.store.core import db, users
    from crm_cli.store.pool import configure

    domains.open_store(f"sqlite:///{tmp}")
    admin = users.resolve_actor("admin")
    users.add_user(admin, "s1", role="sales")
    configure.update_pool_settings(admin, {"enabled": "yes", "limit": "1000000"}, members=("s1",))
    started = time.perf_counter()
    with db.db_proxy.atomic():
        _fill(size, due)
    db.close_store()
    tmp.rename(path)
    print(f"built {path}: {size:,} pool customers in {time.perf_counter() - started:.1f} s")


def _fill(size: int, due: int) -> None:
    from crm_cli.store.customers import models as cm
    from crm_cli.store.pool import models as pm

    now = dt.datetime(2026, 1, 1)
    held, ok, late = dt.date(2026, 4, 1), dt.date(2026, 12, 31), dt.date(2026, 5, 1)
    step = size // due
    for first in range(0, size, 5000):  # peewee fills in every column's default
        numbers = range(first, min(first + 5000, size))
        cm.Customer.insert_many(
            [{"code": f"K{n:07d}", "name": f"公海客户{n}", "owner": 2, "created_at": now,
              "updated_at": now} for n in numbers]
        ).execute()  # fmt: skip
        pm.PoolCustomer.insert_many(
            [{"customer": n + 1, "added_at": now, "holder": 2, "assigned_on": held,
              "protect_until": late if n % step == 0 and n // step < due else ok}
             for n in numbers]
        ).execute()  # fmt: skip


def check_returned(db_path: Path, due: int, who: str, owners: bool = True) -> None:
    """The run left exactly ``due`` customers logged as returned and released, and (with
    ``owners``) ``due`` customers without an owner; or fail."""
    with contextlib.closing(sqlite3.connect(db_path)) as con:
        this_run = "action = 'reclaim' AND run IS (SELECT max(run) FROM pool_log)"
        logged = con.execute(f"SELECT count(*) FROM pool_log WHERE {this_run}").fetchone()[0]
        released = "SELECT count(*) FROM pool_customer WHERE holder_id IS NULL"
        free = con.execute(released).fetchone()[0]
        unowned = "SELECT count(*) FROM customer WHERE owner_id IS NULL"
        left = con.execute(unowned).fetchone()[0] if owners else due
    if (logged, free, left) != (due, due, due):
        raise SystemExit(f"{who}: {logged:,} logged, {free:,} released and {left:,} without an"
                         f" owner, expected {due:,}")  # fmt: skip


def record_statements(base: Path, work: Path, due: int) -> Path:
    """Every SQL statement one real reclaim executes, recorded on a scratch copy."""
    scratch, out = work / "traced.db", work / "statements.json"
    copy_database(base, scratch)
    argv = [sys.executable, "-c", TRACER, str(out), "pool", "reclaim", "--as-of", AS_OF]
    checked(argv, bench_env(scratch), lambda _: None)
    check_returned(scratch, due, "the traced crm run")
    statements = json.loads(out.read_text(encoding="utf-8"))
    print(f"recorded {len(statements)} statements of one reclaim (see {out})", flush=True)
    return out


def rows(args: argparse.Namespace) -> list[Row]:
    size, due, runs, data = args.size, args.due, args.runs, args.data
    base = data / f"reclaim-{size}-{due}" / "base.db"
    build(base, size, due)
    statements = record_statements(base, base.parent, due)
    sides = {
        "ours": [*crm_command(), "pool", "reclaim", "--as-of", AS_OF],
        "faithful": [sys.executable, "-c", REPLAY, "{db}", str(statements)],
        "minimal": [sys.executable, "-c", _script(LOG, POOL_ROWS, OWNERS), "{db}"],
        "two statements": [sys.executable, "-c", _script(LOG, POOL_ROWS), "{db}"],
    }
    times: dict[str, list[float]] = {side: [] for side in sides}
    for _ in range(runs):  # interleaved: a busy moment hits every side
        for side, argv in sides.items():
            db_path = base.with_name(f"{side.replace(' ', '-')}.db")
            copy_database(base, db_path)
            command = [db_path.as_posix() if part == "{db}" else part for part in argv]
            times[side].append(checked(command, bench_env(db_path), lambda _: None).seconds)
            check_returned(db_path, due, side, owners=side != "two statements")
    label = f"pool reclaim, {size:,} held, {due:,} due"
    return [
        ratio_row(f"{label} vs faithful raw SQL", times["ours"], times["faithful"], 1.5),
        ratio_row(f"{label} vs minimal raw SQL", times["ours"], times["minimal"], 3),
        ratio_row(
            f"{label} vs two statements (log, pool rows; customers keep their owner)",
            times["ours"],
            times["two statements"],
            None,
        ),
    ]


def main() -> None:
    parser = options(__doc__)
    parser.add_argument("--size", type=int, default=1_000_000, help="held pool customers")
    parser.add_argument("--due", type=int, default=100_000, help="of which past protection")
    parser.add_argument("--runs", type=int, default=3, help="timed runs of each side")
    args = parser.parse_args()
    title = f"crm pool reclaim: {args.size:,} held pool customers, {args.due:,} due"
    note = ("anchors: every statement crm ran, replayed with raw sqlite3 (faithful);"
            " the log, the pool rows and the customers' owner (minimal); the log and the"
            " pool rows only (two statements)")  # fmt: skip
    report(title, rows(args), note, args.json)


if __name__ == "__main__":
    main()
