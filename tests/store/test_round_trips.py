"""Statements a command sends to a server: each is a round trip (a network away for a team,
a wait for the CPU under fifty people, issue 16 point 5). A page of a list is one SELECT;
a list longer than a batch streams through a cursor without an empty last FETCH; a write
reads the settings once and draws its number in one statement.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from crm_cli.store import domains
from crm_cli.store.core import db, listing, memo, settings, users
from crm_cli.store.core.listing import Page
from crm_cli.store.customers import customers
from crm_cli.store.customers import models as cm
from crm_cli.store.customers.names import names_and_logins
from crm_cli.store.customers.query import CustomerFilter, iter_customers
from crm_cli.store.customers.rows import customer_rows
from crm_cli.store.sales import products, quotes
from tests.conftest import _drop_mysql, _drop_postgres, _fresh_mysql, _fresh_postgres, sqlite_url

NOW = dt.datetime(2026, 5, 10, 9, 0)


@pytest.fixture(params=["postgres", "mysql"])
def server(request: pytest.FixtureRequest) -> Iterator[str]:
    url = _fresh_postgres() if request.param == "postgres" else _fresh_mysql()
    domains.open_store(url)
    yield request.param
    db.close_store()
    (_drop_postgres if request.param == "postgres" else _drop_mysql)(url)


def sent(calls: Callable[[], object]) -> list[str]:
    """The statements peewee sends while ``calls`` runs."""
    texts: list[str] = []

    class Catch(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            sql = record.msg[0] if isinstance(record.msg, tuple) else record.msg
            texts.append(" ".join(str(sql).replace("`", '"').split()))  # MySQL quotes so

    logger, handler = logging.getLogger("peewee"), Catch()
    level = logger.level
    logger.setLevel(logging.DEBUG)
    logger.addHandler(handler)
    try:
        calls()
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)
    return texts


def names(page: Page, actor: Any = None) -> list[str]:
    actor = actor or users.resolve_actor("admin")
    return [r["name"] for r in customer_rows(actor, CustomerFilter(), fields=["name"], page=page)]


def add_customers(count: int) -> list[Any]:
    admin = users.resolve_actor("admin")
    return [customers.add_customer(admin, f"往返公司{i:02d}", now=NOW) for i in range(count)]


def cursor_statements(texts: list[str]) -> list[str]:
    return [t.split()[0] for t in texts if t.startswith(("DECLARE", "FETCH", "CLOSE"))]


def test_a_page_is_one_statement_with_its_names_and_reads_as_the_records(server: str) -> None:
    added = add_customers(6)
    cm.Customer.update(owner=None, status=None).where(cm.Customer.code == added[0].code).execute()
    admin = users.resolve_actor("admin")
    fields = ["code", "name", "status", "owner", "balance_owed", "registered"]
    got: list[dict[str, Any]] = []
    texts = sent(lambda: got.extend(customer_rows(admin, fields=fields, page=Page(6))))
    assert cursor_statements(texts) == []
    assert len(texts) == 1  # the page, its status names and owners' logins joined in
    records = {c.code: c for c in iter_customers(admin)}
    assert got == [{f: getattr(records[r["code"]], f) for f in fields} for r in got]
    assert {r["code"]: (r["status"], r["owner"]) for r in got}[added[0].code] == (None, None)
    assert {r["owner"] for r in got} == {None, "admin"} and len(got) == 6


def test_a_list_longer_than_a_batch_streams_with_no_empty_fetch(
    server: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    added = [c.name for c in add_customers(12)]
    monkeypatch.setattr(listing, "BATCH", 5)
    got: list[str] = []
    texts = sent(lambda: got.extend(names(Page())))
    assert sorted(got) == sorted(added)
    if server == "postgres":  # 5 + 5 + 2: the short batch is the last; COMMIT closes it
        assert cursor_statements(texts) == ["DECLARE", "FETCH", "FETCH", "FETCH"]
    # A page of at most a batch is read whole; a longer one streams.
    assert cursor_statements(sent(lambda: names(Page(5)))) == []
    assert sorted(names(Page(7, offset=5))) == sorted(names(Page())[5:12])


def test_a_quote_reads_the_settings_once_and_draws_its_code_in_one_statement(
    server: str,
) -> None:
    admin = users.resolve_actor("admin")
    products.add_product(admin, "PC", "Desktop PC", {"price": "1000.00"}, now=NOW)
    [customer] = add_customers(1)
    code = customer.code
    made: list[Any] = []
    texts = sent(lambda: made.append(quotes.add_quote(admin, code, ["PC:1"], now=NOW)))
    assert len([t for t in texts if 'FROM "setting"' in t]) == 1
    drawn = [t for t in texts if '"sequence"' in t]
    assert len(drawn) == (1 if server == "postgres" else 3)
    second = quotes.add_quote(admin, code, ["PC:2"], now=NOW)
    assert int(second.code[-6:]) == int(made[0].code[-6:]) + 1


def test_a_setting_stored_inside_a_write_is_read_back_by_it(tmp_path: Any) -> None:
    domains.open_store(sqlite_url(tmp_path / "crm.db"))
    try:

        @db.writing
        def change() -> tuple[str, str, str]:
            before = settings.value_of("code.quote_prefix")
            settings.store_value("code.quote_prefix", "qx")
            return before, settings.value_of("code.quote_prefix"), settings.value_of("code.width")

        before, after, width = change()
        assert (after, width) == ("QX", settings.spec("code.width").default)
        assert before != after
        assert memo.current() is None  # the memo ends with its transaction
        assert settings.value_of("code.quote_prefix") == "QX"
    finally:
        db.close_store()


def test_statuses_and_logins_are_read_in_one_statement_as_each_alone(any_db: str) -> None:
    admin = users.resolve_actor("admin")
    users.add_user(admin, "wu", role="sales")
    texts = sent(names_and_logins)
    assert len(texts) == 1
    assert names_and_logins() == (customers.status_names(), customers.user_logins())
    assert "wu" in names_and_logins()[1].values() and names_and_logins()[0]
