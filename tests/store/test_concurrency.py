"""Codes stay unique when several processes add customers at the same moment."""

from __future__ import annotations

import multiprocessing as mp
from pathlib import Path

import pytest

from crm_cli.store import domains
from crm_cli.store.core import db, schema, users
from crm_cli.store.customers import models as cm


def _adder(url: str, worker: int, count: int, start: object) -> None:
    from crm_cli.store.core import db, users
    from crm_cli.store.customers import customers

    domains.open_store(url)
    actor = users.resolve_actor("admin")
    start.wait()  # type: ignore[attr-defined]
    for i in range(count):
        customers.add_customer(actor, f"并发公司{worker}-{i}", allow_duplicate=True)
    db.close_store()


def _run(url: str, workers: int = 4, count: int = 15) -> None:
    ctx = mp.get_context("spawn")
    start = ctx.Event()
    procs = [ctx.Process(target=_adder, args=(url, w, count, start)) for w in range(workers)]
    for p in procs:
        p.start()
    start.set()
    for p in procs:
        p.join(120)
        assert p.exitcode == 0


@pytest.mark.parametrize("kind", ["sqlite", "postgres"])
def test_concurrent_adds_get_unique_codes(kind: str, tmp_path: Path, request) -> None:
    if kind == "sqlite":
        url = f"sqlite:///{tmp_path / 'crm.db'}"
    else:
        from tests.conftest import _drop_postgres, _fresh_postgres

        url = _fresh_postgres()
        request.addfinalizer(lambda: _drop_postgres(url))
    domains.open_store(url)
    users.resolve_actor("admin")
    db.close_store()
    _run(url)
    domains.open_store(url)
    codes = [c.code for c in cm.Customer.select(cm.Customer.code)]
    db.close_store()
    assert len(codes) == 60 and len(set(codes)) == 60
    assert sorted(codes)[-1] == "C000060"


def _opener(url: str, start: object) -> None:
    from crm_cli.store.core import db

    start.wait()  # type: ignore[attr-defined]
    domains.open_store(url)
    db.close_store()


def test_concurrent_first_opens_migrate_once(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'fresh.db'}"
    ctx = mp.get_context("spawn")
    start = ctx.Event()
    procs = [ctx.Process(target=_opener, args=(url, start)) for _ in range(4)]
    for p in procs:
        p.start()
    start.set()
    for p in procs:
        p.join(60)
        assert p.exitcode == 0
    domains.open_store(url)
    names = [
        r[0] for r in cm.Customer._meta.database.execute_sql("SELECT name FROM schema_migration")
    ]
    db.close_store()
    assert sorted(names) == schema.known_migrations()  # each once
