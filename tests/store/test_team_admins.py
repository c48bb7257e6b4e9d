"""The admins' group of team mode (issue 16, point 6): an admin's login is planned as the
tables' owner is, and the group holds the active admins' logins and no one else, whoever
changes the users table.

A small team database (`tests.team_server`) with logins for boss (the admin), li (a
manager) and wang (a salesperson).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

import pytest

from crm_cli.store import domains
from crm_cli.store.core import db, users
from crm_cli.store.core.errors import InvalidInput
from crm_cli.store.core.team_mode import SEARCH_VIEW, admin_group
from crm_cli.store.customers.policed import policed
from crm_cli.store.database import team
from tests.team_server import CUSTOMERS, TeamServer, sent_selects, team_database

pytestmark = pytest.mark.xdist_group("team_cli")
PEOPLE = ("boss", "li", "wang")
# What a report over orders asks: every approved order's installments, by customer.
REPORT = (
    "SELECT c.name, sum(i.amount) FROM installment i JOIN sales_order o ON o.id = i.order_id"
    " JOIN customer c ON c.id = o.customer_id GROUP BY c.name"
)


@pytest.fixture(scope="module")
def server() -> Iterator[TeamServer]:
    with team_database(*PEOPLE) as found:
        yield found


def _admins(server: TeamServer) -> set[str]:
    """The logins in the admins' group, by person."""
    rows = server.sql(
        server.owner,
        "SELECT r.rolname FROM pg_auth_members m JOIN pg_roles r ON r.oid = m.member"
        " WHERE m.roleid = to_regrole(%s)",
        admin_group(server.group),
    )
    return {name.removeprefix(server.prefix + "_") for (name,) in rows}


def _seen(server: TeamServer, person: str) -> set[str]:
    rows = server.sql(server.login(person), "SELECT name FROM customer")
    return {name for (name,) in rows}


def _as_owner(calls: Any, server: TeamServer) -> None:
    domains.open_store(server.url(server.owner))
    try:
        calls(users.resolve_actor("boss"))
    finally:
        db.close_store()


def _plan(server: TeamServer, person: str, sql: str) -> str:
    conn = server.connect(server.login(person))
    try:
        with conn.cursor() as cur:
            for setting in ("parallel_setup_cost", "parallel_tuple_cost",
                            "min_parallel_table_scan_size"):  # fmt: skip
                cur.execute(f"SET {setting} = 0")
            cur.execute("EXPLAIN (VERBOSE, FORMAT JSON) " + sql)
            return json.dumps(cur.fetchone()[0])
    finally:
        conn.close()


def test_an_admins_login_is_planned_as_the_owners_is(server: TeamServer) -> None:
    """An admin's report tested the rules' functions on every record (2.1x the owner's at
    1,000,000 customers, when they still probed each record's customer) and its search
    went through ``crm_search_ids`` (1.5x). The admins' policies fold the rules away."""
    boss, wang = _plan(server, "boss", REPORT), _plan(server, "wang", REPORT)
    assert "crm_managed_owner_ids" in wang  # the rules, for anyone else
    assert "SubPlan" not in boss and not re.search(r"crm_\w+\(", boss) and "Gather" in boss
    assert _seen(server, "boss") == set(CUSTOMERS)
    policed_as = {}
    for person in ("boss", "wang"):
        domains.open_store(server.url(server.login(person)))
        try:
            policed_as[person] = policed()
        finally:
            db.close_store()
    assert policed_as == {"boss": False, "wang": True}


def test_the_admins_group_follows_the_users_table(server: TeamServer) -> None:
    assert _admins(server) == {"boss"}
    manager = _seen(server, "li")
    _as_owner(lambda boss: users.edit_user(boss, "li", role="admin"), server)
    assert _admins(server) == {"boss", "li"}
    assert _seen(server, "li") == set(CUSTOMERS)
    _as_owner(lambda boss: users.edit_user(boss, "li", active=False), server)
    assert _admins(server) == {"boss"}
    _as_owner(lambda boss: users.edit_user(boss, "li", active=True, role="manager"), server)
    assert _admins(server) == {"boss"} and _seen(server, "li") == manager
    # An admin's own SQL, bypassing crm, moves the group too, in its transaction.
    promote = "UPDATE \"user\" SET role = %s WHERE login = 'wang'"
    server.sql(server.login("boss"), promote, "admin")
    assert _admins(server) == {"boss", "wang"}
    server.sql(server.login("boss"), promote, "sales")
    assert _admins(server) == {"boss"}
    # A login mapped to another user leaves the group with its old user's role.
    server.sql(server.owner, f"CREATE ROLE {server.login('boss2')} LOGIN IN ROLE {server.group}")
    _as_owner(lambda boss: team.grant_login(boss, server.login("boss2"), "boss"), server)
    assert _admins(server) == {"boss2"}
    _as_owner(lambda boss: team.grant_login(boss, server.login("boss"), "boss"), server)
    assert _admins(server) == {"boss"}


def test_a_group_name_too_long_for_its_admins_group_is_refused(server: TeamServer) -> None:
    domains.open_store(server.url(server.owner))
    try:
        with pytest.raises(InvalidInput, match="too long: at most 57 characters"):
            team.init_team("g" * 60)
    finally:
        db.close_store()


def test_db_check_names_a_login_in_the_admins_group_by_hand(server: TeamServer) -> None:
    """A DBA's GRANT by hand would show wang everything: `crm db check` names it, and a
    login the group lacks; init-team (its sync) puts both right."""
    from crm_cli.store.database.checks import check_database

    def results() -> Any:
        found: list[Any] = []
        _as_owner(lambda boss: found.extend(check_database(boss)), server)
        return {r.check: r for r in found}

    assert results()["admins_group"].ok
    admins = admin_group(server.group)
    server.sql(server.owner, f"GRANT {admins} TO {server.login('wang')}")
    server.sql(server.owner, f"REVOKE {admins} FROM {server.login('boss')}")
    failed = results()["admins_group"]
    assert not failed.ok and failed.problems == 2
    assert set(failed.records) == {
        f"{server.login('wang')} (in the admins' group, not an active admin)",
        f"{server.login('boss')} (an active admin, not in the admins' group)",
    }
    _as_owner(lambda boss: team.init_team(server.group), server)
    assert results()["admins_group"].ok and _admins(server) == {"boss"}


def test_an_admins_search_reads_the_owners_view_and_calls_no_rule(server: TeamServer) -> None:
    """The server hides the columns' statistics from a login under a policy, so an admin's
    search went through ``crm_search_ids`` (PL/pgSQL and the rules' functions, paid again
    by every new connection: 1.5x to 1.9x the owner's cold search at 1,000,000
    customers). It reads the owner's view now, which no one else may read."""
    import psycopg2

    from crm_cli.store.core.listing import Page
    from crm_cli.store.customers.query import CustomerFilter
    from crm_cli.store.customers.records import Customer
    from crm_cli.store.customers.rows import customer_rows

    def search(actor: Any) -> None:
        for word in ("王", "王一", "有限公司"):
            flt = CustomerFilter(search=word)
            list(customer_rows(actor, flt, fields=Customer._fields, page=Page(20, 0)))

    sent = [s for s in sent_selects(server, "boss", search) if "search_text" in s]
    assert len(sent) == 3
    assert all(SEARCH_VIEW in s and "crm_search_ids" not in s for s in sent)
    for sql in sent:
        assert not re.search(r"crm_\w+\(", _plan(server, "boss", sql))
    for person in ("li", "wang"):
        with pytest.raises(psycopg2.errors.InsufficientPrivilege):
            server.sql(server.login(person), f"SELECT count(*) FROM {SEARCH_VIEW}")
