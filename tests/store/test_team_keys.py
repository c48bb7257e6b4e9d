"""A record's copies of its customer's owner and marks, which its read policy tests in team
mode (`database.team_keys`, issue 16 point 6): filled by init-team, kept by the server's
triggers whoever writes, never taken from the writer, compared by `crm db check`.

A small team database (`tests.team_server`) with logins for boss (the admin), li (a
manager), wang (a salesperson) and zhao (under wang).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from crm_cli.store import domains
from crm_cli.store.core import db, users
from crm_cli.store.customers.customers import edit_customer
from crm_cli.store.customers.lifecycle import transfer_customers
from crm_cli.store.database import team
from crm_cli.store.database.checks import check_database
from crm_cli.store.pool import moves
from crm_cli.store.pool.configure import update_pool_settings
from crm_cli.store.sales.orders import add_order
from tests.team_server import TeamServer, team_database

pytestmark = pytest.mark.xdist_group("team_cli")
NOW = dt.datetime.now().replace(microsecond=0)
# a customer's records of each kind: under it, and under its orders
UNDER = (
    "SELECT 'contact', t.crm_owner_id, t.crm_public, t.crm_pool FROM contact t"
    " WHERE t.customer_id = %(id)s"
    " UNION ALL SELECT 'activity', t.crm_owner_id, t.crm_public, t.crm_pool FROM activity t"
    " WHERE t.customer_id = %(id)s"
    " UNION ALL SELECT 'sales_order', t.crm_owner_id, t.crm_public, t.crm_pool FROM sales_order t"
    " WHERE t.customer_id = %(id)s"
    " UNION ALL SELECT 'installment', t.crm_owner_id, t.crm_public, t.crm_pool FROM installment t"
    " WHERE t.crm_customer_id = %(id)s"
    " UNION ALL SELECT 'order_line', t.crm_owner_id, t.crm_public, t.crm_pool FROM order_line t"
    " JOIN sales_order o ON o.id = t.order_id WHERE o.customer_id = %(id)s"
)


@pytest.fixture(scope="module")
def server() -> Iterator[TeamServer]:
    with team_database("boss", "li", "wang", "zhao") as found:
        yield found


def _as(server: TeamServer, person: str, call: Callable[[Any], Any]) -> Any:
    """``call`` with the store open as ``person``'s login ("owner": the tables' owner, as boss)."""
    login = server.login(person) if person != "owner" else server.owner
    domains.open_store(server.url(login))
    try:
        return call(users.resolve_actor("boss" if person == "owner" else person))
    finally:
        db.close_store()


def _id(server: TeamServer, table: str, where: str, *args: Any) -> int:
    return int(server.sql(server.owner, f'SELECT id FROM "{table}" WHERE {where}', *args)[0][0])


def _copies(server: TeamServer, customer: str) -> set[tuple[Any, ...]]:
    """What the records of ``customer`` carry, by kind: (kind, owner's login, public, pool)."""
    found = server.sql(server.owner, UNDER.replace("%(id)s", str(_customer(server, customer))))
    names = dict(server.sql(server.owner, 'SELECT id, login FROM "user"'))
    return {(kind, names.get(owner), public, pool) for kind, owner, public, pool in found}


def _customer(server: TeamServer, name: str) -> int:
    return _id(server, "customer", "name = %s", name)


def _keys_check(server: TeamServer) -> Any:
    found = _as(server, "owner", check_database)
    return {r.check: r for r in found}["team_keys"]


def _kinds(owner: str | None, public: bool, pool: bool) -> set[tuple[Any, ...]]:
    kinds = ("contact", "activity", "sales_order", "installment", "order_line")
    return {(kind, owner, public, pool) for kind in kinds}


def test_init_team_fills_the_copies_and_they_follow_every_move(server: TeamServer) -> None:
    # Seeded before init-team: filled then.
    assert _copies(server, "王一") == _kinds("wang", False, False)
    assert _keys_check(server).ok
    # wang makes his customer public, then hands it to zhao, through crm as his login.
    _as(server, "wang", lambda me: edit_customer(me, "王一", {"is_public": True}, now=NOW))
    _as(server, "wang", lambda me: transfer_customers(me, ["王一"], "zhao", now=NOW))
    assert _copies(server, "王一") == _kinds("zhao", True, False)
    # The admin puts zhao's customer in the pool: no owner, marked.
    _as(server, "boss", lambda me: update_pool_settings(me, {"enabled": "yes"}))
    (added,) = _as(server, "boss", lambda me: moves.add(me, ["赵一"], now=NOW))
    assert added.done
    assert _copies(server, "赵一") == _kinds(None, False, True)
    # A new order and its plan take their customer's copies as they are written.
    _as(server, "wang", lambda me: add_order(me, "王公开", lines=["P1:1"], installments=3,
                                             now=NOW))  # fmt: skip
    assert _copies(server, "王公开") == _kinds("wang", True, False)
    # An order moved to another customer (a merge, by hand): its records follow.
    order = _id(server, "sales_order", "customer_id = %s", _customer(server, "陈一"))
    server.sql(server.owner, "UPDATE sales_order SET customer_id = %s WHERE id = %s",
               _customer(server, "李一"), order)  # fmt: skip
    moved = server.sql(server.owner, "SELECT DISTINCT crm_customer_id, crm_owner_id FROM"
                       " installment WHERE order_id = %s", order)  # fmt: skip
    assert moved == [(_customer(server, "李一"), _id(server, "user", "login = 'li'"))]
    assert _keys_check(server).ok


def test_a_login_cannot_forge_its_records_copies(server: TeamServer) -> None:
    """The copies decide what everyone's policies show: whatever a writer gives, the
    server takes them from the customer."""
    wang, chen = server.login("wang"), _id(server, "user", "login = 'chen'")
    mine = _customer(server, "王公开")
    order = _id(server, "sales_order", "customer_id = %s ORDER BY id LIMIT 1", mine)
    changed = server.sql(wang, "UPDATE activity SET crm_owner_id = %s, crm_public = false"
                         " WHERE customer_id = %s", chen, mine)  # fmt: skip
    assert changed >= 1
    server.sql(wang, "INSERT INTO installment (order_id, number, due, amount, received,"
               " crm_customer_id, crm_owner_id, crm_public, crm_pool)"
               " VALUES (%s, 99, current_date, 1, 0, %s, %s, false, true)",
               order, _customer(server, "陈一"), chen)  # fmt: skip
    server.sql(server.owner, "UPDATE contact SET crm_pool = true WHERE customer_id = %s", mine)
    assert _copies(server, "王公开") == _kinds("wang", True, False)
    assert _keys_check(server).ok
    server.sql(server.owner, "DELETE FROM installment WHERE number = 99")


def test_db_check_names_a_record_whose_copies_differ(server: TeamServer) -> None:
    """Only by going round the triggers (the owner may): `crm db check` names the record,
    and init-team (which fills the copies where they differ) puts it right."""
    installment = _id(server, "installment", "crm_owner_id IS NOT NULL ORDER BY id LIMIT 1")
    server.sql(server.owner, "ALTER TABLE installment DISABLE TRIGGER crm_keys_moved;"
               " UPDATE installment SET crm_owner_id = NULL WHERE id = %s;"
               " ALTER TABLE installment ENABLE TRIGGER crm_keys_moved", installment)  # fmt: skip
    failed = _keys_check(server)
    assert not failed.ok and failed.records == (f"installment row {installment}",)
    # A table of an older init-team, before the copies: the check says what to run.
    server.sql(server.owner, "DROP POLICY crm_read ON ticket;"
               " ALTER TABLE ticket DROP COLUMN crm_owner_id CASCADE")  # fmt: skip
    failed = _keys_check(server)
    assert failed.problems == 2
    assert "ticket: no copies of its customers' rules (run crm db init-team)" in failed.records
    _as(server, "owner", lambda boss: team.init_team(server.group))
    assert _keys_check(server).ok
