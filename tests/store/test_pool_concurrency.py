"""Race-free claims (POOL-7) and concurrent reclaims, with real processes, each with its own
connection, on a SQLite file and on PostgreSQL."""

from __future__ import annotations

import datetime as dt
import multiprocessing as mp
from pathlib import Path
from typing import Any

import pytest

from crm_cli.store import domains
from crm_cli.store.core import db, users
from crm_cli.store.core import models as m
from crm_cli.store.customers import customers
from crm_cli.store.customers import models as cm
from crm_cli.store.pool import configure
from crm_cli.store.pool import models as pm
from crm_cli.store.pool import moves as pool_moves

SALES = ("s1", "s2", "s3", "s4")
NOW = dt.datetime(2026, 11, 2, 9, 0)


def _url(kind: str, tmp_path: Path, request: Any) -> str:
    if kind == "sqlite":
        return f"sqlite:///{tmp_path / 'crm.db'}"
    from tests.conftest import _drop_postgres, _fresh_postgres

    url = _fresh_postgres()
    request.addfinalizer(lambda: _drop_postgres(url))
    return url


def _setup(url: str, count: int, limit: int) -> None:
    domains.open_store(url)
    admin = users.resolve_actor("admin")
    for login in SALES:
        users.add_user(admin, login, role="sales")
    configure.update_pool_settings(admin, {"enabled": "yes", "limit": str(limit)}, members=SALES)
    codes = [
        customers.add_customer(admin, f"公海客户{n:03d}号", allow_duplicate=True, now=NOW).code
        for n in range(count)
    ]
    pool_moves.add(admin, codes, now=NOW)
    db.close_store()


def _claimer(url: str, login: str, codes: list[str], start: Any, out: Any) -> None:
    from crm_cli.store.core import db, users
    from crm_cli.store.pool import moves as pool_moves

    domains.open_store(url)
    actor = users.resolve_actor(login)
    start.wait()
    won, lost, errors = [], 0, []
    for code in codes:
        [outcome] = pool_moves.claim(actor, [code])
        if outcome.done:
            won.append(code)
        elif outcome.error == 3:
            lost += 1
        else:
            errors.append(outcome.message)
    db.close_store()
    out.put((login, won, lost, errors))


def _race(url: str, codes: list[str]) -> list[tuple[str, list[str], int, list[str]]]:
    ctx = mp.get_context("spawn")
    start, out = ctx.Event(), ctx.Queue()
    procs = [ctx.Process(target=_claimer, args=(url, login, codes, start, out)) for login in SALES]
    for p in procs:
        p.start()
    start.set()
    results = [out.get(timeout=180) for _ in procs]
    for p in procs:
        p.join(60)
        assert p.exitcode == 0
    return results


@pytest.mark.parametrize("kind", ["sqlite", "postgres"])
def test_each_customer_gets_exactly_one_holder(kind: str, tmp_path: Path, request: Any) -> None:
    url = _url(kind, tmp_path, request)
    _setup(url, count=12, limit=100)
    codes = [f"C{n:06d}" for n in range(1, 13)]
    results = _race(url, codes)
    assert all(not errors for _, _, _, errors in results), results
    won = [code for _, claimed, _, _ in results for code in claimed]
    assert sorted(won) == codes  # every customer claimed once, none twice
    domains.open_store(url)
    holders = {row.customer.code: row.holder_id for row in pm.PoolCustomer.select()}
    owners = {row.code: row.owner_id for row in cm.Customer.select()}
    claims = pm.PoolLog.select().where(pm.PoolLog.action == "claim").count()
    db.close_store()
    assert all(holders[c] == owners[c] and holders[c] is not None for c in codes)
    assert claims == 12


@pytest.mark.parametrize("kind", ["sqlite", "postgres"])
def test_the_limit_holds_under_concurrency(kind: str, tmp_path: Path, request: Any) -> None:
    url = _url(kind, tmp_path, request)
    _setup(url, count=12, limit=2)
    codes = [f"C{n:06d}" for n in range(1, 13)]
    results = _race(url, codes)
    for login, claimed, _, errors in results:
        assert len(claimed) <= 2 and not errors, (login, claimed, errors)
    domains.open_store(url)
    held = {}
    for row in pm.PoolCustomer.select().where(pm.PoolCustomer.holder.is_null(False)):
        held[row.holder_id] = held.get(row.holder_id, 0) + 1
    db.close_store()
    assert max(held.values()) <= 2 and sum(held.values()) == 8


def _reclaimer(url: str, start: Any, out: Any) -> None:
    from crm_cli.store.core import db, users
    from crm_cli.store.pool import reclaim as pool_reclaim

    domains.open_store(url)
    admin = users.resolve_actor("admin")
    start.wait()
    later = NOW + dt.timedelta(days=60)
    result = pool_reclaim.reclaim(admin, as_of=later.date(), now=later)
    db.close_store()
    out.put(result.total)


@pytest.mark.parametrize("kind", ["sqlite", "postgres"])
def test_two_reclaims_at_once_return_each_customer_once(
    kind: str, tmp_path: Path, request: Any
) -> None:
    url = _url(kind, tmp_path, request)
    _setup(url, count=30, limit=100)
    domains.open_store(url)
    pool_moves.claim(users.resolve_actor("s1"), [f"C{n:06d}" for n in range(1, 31)], now=NOW)
    db.close_store()
    ctx = mp.get_context("spawn")
    start, out = ctx.Event(), ctx.Queue()
    procs = [ctx.Process(target=_reclaimer, args=(url, start, out)) for _ in range(2)]
    for p in procs:
        p.start()
    start.set()
    totals = sorted(out.get(timeout=120) for _ in procs)
    for p in procs:
        p.join(60)
        assert p.exitcode == 0
    assert totals == [0, 30]
    domains.open_store(url)
    logged = pm.PoolLog.select().where(pm.PoolLog.action == "reclaim").count()
    db.close_store()
    assert logged == 30


def _bulk_pool(url: str, count: int) -> None:
    """``count`` held pool customers, all past protection, written in bulk."""
    domains.open_store(url)
    admin = users.resolve_actor("admin")
    users.add_user(admin, "s1", role="sales")
    configure.update_pool_settings(admin, {"enabled": "yes", "limit": "1000000"}, members=("s1",))
    holder = m.User.get(m.User.login == "s1").id
    start = dt.date(2026, 1, 1)
    with db.db_proxy.atomic():
        for first in range(0, count, 2000):
            batch = range(first, min(first + 2000, count))
            cm.Customer.insert_many(
                [{"code": f"K{n:07d}", "name": f"批量{n}", "owner": holder, "created_at": NOW,
                  "updated_at": NOW} for n in batch]
            ).execute()  # fmt: skip
        ids = [c.id for c in cm.Customer.select(cm.Customer.id).where(cm.Customer.owner == holder)]
        for first in range(0, len(ids), 2000):
            pm.PoolCustomer.insert_many(
                [{"customer": cid, "added_at": NOW, "holder": holder, "assigned_on": start,
                  "protect_until": start + dt.timedelta(days=30)} for cid in ids[first:first + 2000]]
            ).execute()  # fmt: skip
    db.close_store()


def _consistent(url: str) -> tuple[int, int]:
    """Holders match owners everywhere, and every logged return was carried out.

    Returns (customers still held, reclaim log rows).
    """
    domains.open_store(url)
    rows = (
        pm.PoolCustomer.select(pm.PoolCustomer.holder, cm.Customer.owner)
        .join(cm.Customer, on=(pm.PoolCustomer.customer == cm.Customer.id))
        .tuples()
    )
    mismatched = [r for r in rows if r[0] != r[1]]
    held = pm.PoolCustomer.select().where(pm.PoolCustomer.holder.is_null(False)).count()
    returned = pm.PoolLog.select(pm.PoolLog.customer_id).where(pm.PoolLog.action == "reclaim")
    still_held = (
        pm.PoolCustomer.select()
        .where(pm.PoolCustomer.customer.in_(returned) & pm.PoolCustomer.holder.is_null(False))
        .count()
    )
    logged = returned.count()
    db.close_store()
    assert not mismatched and still_held == 0
    return held, logged


@pytest.mark.parametrize("delay", [0.05, 0.3, 0.8])
def test_a_killed_reclaim_leaves_a_consistent_database(tmp_path: Path, delay: float) -> None:
    import os
    import signal
    import subprocess
    import sys
    import time

    url = f"sqlite:///{tmp_path / 'crm.db'}"
    _bulk_pool(url, 20_000)
    code = (
        "import datetime as dt\n"
        "from crm_cli.store import domains\n"
        "from crm_cli.store.pool import reclaim as pool_reclaim\n"
        f"domains.open_store({url!r})\n"
        "from crm_cli.store.core import users\n"
        "pool_reclaim.reclaim(users.resolve_actor('admin'), as_of=dt.date(2026, 6, 1))\n"
    )
    proc = subprocess.Popen([sys.executable, "-c", code], cwd=Path(__file__).parents[2])
    time.sleep(delay)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    held, logged = _consistent(url)
    assert (held, logged) in ((20_000, 0), (0, 20_000))  # all or nothing
    domains.open_store(url)
    from crm_cli.store.pool import reclaim as pool_reclaim

    pool_reclaim.reclaim(users.resolve_actor("admin"), as_of=dt.date(2026, 6, 1))
    db.close_store()
    assert _consistent(url) == (0, 20_000)  # the next run finishes the job
