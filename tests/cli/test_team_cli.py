"""Team mode on PostgreSQL (issue 16, points 1-3): people's own logins decide who acts, and
the server's row-level security answers as crm does, for a login that bypasses crm.

One database for the module (roles are cluster-wide: per-run names, dropped at the end):
the owner migrates and seeds it through the store, runs `crm db init-team`, and maps a
login to each person with `crm user grant`. Then each login asks the same questions
through `crm … -f json` and through psycopg2 with plain SQL and no WHERE for visibility.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.cli.conftest import Crm
from tests.team_server import CUSTOMERS, TeamServer, team_database

# The tests share one team database (built once per module) and some build on what an
# earlier one did: the whole module runs on one xdist worker (`--dist loadgroup`).
pytestmark = pytest.mark.xdist_group("team_cli")
PEOPLE = ("boss", "li", "wang", "zhao", "chen")
# li manages wang, who leads zhao (wang is a sales: he sees no one below him); zhao is a
# pool member; 陈委托 is delegated to wang and li, 陈过期's delegation ended yesterday.
SEES = {
    "boss": set(CUSTOMERS),
    "li": {"王一", "王公开", "赵一", "李一", "陈委托"},
    "wang": {"王一", "王公开", "陈委托"},
    "zhao": {"赵一", "王公开", "池一"},
    "chen": {"陈一", "陈委托", "陈过期", "王公开"},
}


@pytest.fixture(scope="module")
def server() -> Iterator[TeamServer]:
    with team_database() as found:
        yield found


@pytest.fixture(scope="module")
def crm(server: TeamServer, tmp_path_factory: pytest.TempPathFactory) -> Crm:
    """`crm` as the owner (CRM_USER names the crm user, as before team mode)."""
    cli = Crm(Path(tmp_path_factory.mktemp("team")))
    cli.db_url = server.url(server.owner)
    setup = cli.json("db", "init-team", "--group", server.group, user="boss")
    assert setup["group_role"] == server.group
    for person in (*PEOPLE, "gone"):
        cli.ok("user", "grant", server.login(person), "--user", person, user="boss")
    cli.ok("user", "deactivate", "gone", user="boss")
    cli.ok("pool", "settings", "--enable", "--member", "zhao", user="boss")
    cli.ok("pool", "add", "池一", user="boss")
    return cli


def as_login(crm: Crm, server: TeamServer, person: str, *args: str, **env: Any) -> Any:
    """`crm ARGS -f json` connected as ``person``'s own login, naming no user."""
    url = server.url(server.login(person))
    return crm.json(*args, user=None, CRM_DATABASE_URL=url, **env)


def _names(rows: list[tuple[Any, ...]]) -> set[str]:
    return {row[0] for row in rows}


@pytest.mark.parametrize("person", PEOPLE)
def test_each_login_sees_through_sql_what_crm_shows_it(
    crm: Crm, server: TeamServer, person: str
) -> None:
    login = server.login(person)
    shown = {c["name"] for c in as_login(crm, server, person, "customer", "list")}
    assert shown == SEES[person]
    assert _names(server.sql(login, "SELECT name FROM customer")) == shown
    contacts = server.sql(
        login, "SELECT c.name FROM contact t JOIN customer c ON c.id = t.customer_id"
    )
    assert _names(contacts) == shown
    history = as_login(crm, server, person, "contact", "history")
    logged = server.sql(login, "SELECT summary FROM activity")
    assert {h["summary"] for h in history} == _names(logged) == {f"拜访{n}" for n in shown}
    orders = as_login(crm, server, person, "order", "list")
    subjects = _names(server.sql(login, "SELECT subject FROM sales_order"))
    assert {o["subject"] for o in orders} == subjects == {f"{n}订单" for n in shown}
    # Records under an order follow it: one line and two installments each.
    counts = server.sql(login, "SELECT (SELECT count(*) FROM order_line),"
                        " (SELECT count(*) FROM installment)")  # fmt: skip
    assert counts == [(len(shown), 2 * len(shown))]


def test_a_sales_login_cannot_change_what_crm_would_refuse(crm: Crm, server: TeamServer) -> None:
    wang = server.login("wang")
    assert server.trial(wang, "UPDATE customer SET name = 'x' WHERE name = '陈一'") == 0  # hidden
    assert server.trial(wang, "UPDATE customer SET name = 'x' WHERE name = '王公开'") == 1  # own
    zhao = server.login("zhao")
    # Public is readable, not writable; nor are its contacts.
    assert server.trial(zhao, "UPDATE customer SET name = 'x' WHERE name = '王公开'") == 0
    assert server.trial(zhao, "DELETE FROM contact") == 1  # only under their own customer
    assert server.trial(zhao, "UPDATE \"user\" SET role = 'admin' WHERE login = 'zhao'") == 0
    assert server.trial(zhao, "UPDATE setting SET value = '0'") == 0
    import psycopg2

    denied = psycopg2.errors.InsufficientPrivilege
    for statement in (
        "TRUNCATE customer CASCADE",
        "ALTER TABLE customer DISABLE ROW LEVEL SECURITY",
        "CREATE TABLE public.mine (id int)",
        "UPDATE op_log SET action = 'x'",
        # Joining the pool would show its customers
        "INSERT INTO pool_member (user_id, role) SELECT id, 'member' FROM \"user\""
        " WHERE login = 'wang'",
        # A log row in someone else's name
        "INSERT INTO op_log (at, actor_id, entity, entity_id, action, changes)"
        " SELECT now(), id, 'x', 1, 'forged', '{}' FROM \"user\" WHERE login = 'li'",
    ):
        with pytest.raises(denied):
            server.trial(zhao, statement)


def test_a_sales_login_works_through_crm_and_its_records_stay_its_own(
    crm: Crm, server: TeamServer
) -> None:
    added = as_login(crm, server, "zhao", "customer", "add", "赵新客户", "--phone", "13800138000")
    assert added["owner"] == "zhao"
    as_login(crm, server, "zhao", "contact", "add", "赵新客户", "钱经理")
    logged = as_login(crm, server, "zhao", "contact", "log", "赵新客户", "--summary", "初次电话")
    assert logged["user"] == "zhao"
    assert _names(server.sql(server.login("wang"), "SELECT name FROM customer")) == SEES["wang"]
    assert "赵新客户" in _names(server.sql(server.login("li"), "SELECT name FROM customer"))
    who = server.sql(server.owner, "SELECT DISTINCT a.login FROM op_log o JOIN \"user\" a"
                     " ON a.id = o.actor_id JOIN customer c ON c.id = o.customer_id"
                     " WHERE c.name = '赵新客户'")  # fmt: skip
    assert who == [("zhao",)]
    shown = as_login(crm, server, "wang", "customer", "show", "陈委托")  # delegated to him
    assert [o["subject"] for o in shown["orders"]] == ["陈委托订单"]
    as_login(crm, server, "wang", "today")
    as_login(crm, server, "li", "approvals")
    as_login(crm, server, "li", "customer", "delete", "赵新客户", "--yes")  # zhao's manager
    # A pool member claims through crm: the server lets a member take an open pool customer.
    as_login(crm, server, "zhao", "pool", "claim", "池一")
    mine = server.sql(server.login("zhao"), "SELECT c.name FROM customer c JOIN \"user\" u"
                      " ON u.id = c.owner_id WHERE u.login = 'zhao' AND c.deleted_at IS NULL")  # fmt: skip
    assert _names(mine) == {"赵一", "池一"}
    found = as_login(crm, server, "zhao", "customer", "list", "--search", "一")
    assert {c["name"] for c in found} == {"赵一", "池一"}


def test_an_admin_login_acts_as_another_user_and_the_log_says_so(
    crm: Crm, server: TeamServer
) -> None:
    shown = as_login(crm, server, "boss", "customer", "list", CRM_USER="wang")
    assert {c["name"] for c in shown} == SEES["wang"]
    acts = server.sql(server.owner, "SELECT changes FROM op_log WHERE action = 'act_as'")
    assert {"db_login": server.login("boss"), "as": "wang"} in [json.loads(a[0]) for a in acts]
    # The server shows an admin's login every row, acting or not (the admins' policies):
    # acting as someone is crm's narrowing, as for the owner. Anyone else's act-as is void.
    act = "SELECT set_config('crm.act_as', (SELECT id FROM \"user\" WHERE login = %s)::text, false)"
    every = "SELECT name FROM customer"
    for person, other, like in (("boss", "wang", server.owner), ("wang", "boss", "wang")):
        conn = server.connect(server.login(person))
        with conn.cursor() as cur:
            cur.execute(act, (other,))
            cur.execute(every)
            seen = _names(cur.fetchall())
        conn.close()
        assert seen == _names(server.sql(server.login(like) if like == "wang" else like, every))


def test_logins_that_may_not_act_get_one_line_and_exit_5(crm: Crm, server: TeamServer) -> None:
    nobody = server.login("nobody")
    server.sql(server.superuser, f"CREATE ROLE {nobody} LOGIN IN ROLE {server.group}")
    outsider = server.login("outsider")
    server.sql(server.superuser, f"CREATE ROLE {outsider} LOGIN")
    cases = {
        nobody: (None, f"database login '{nobody}' is not mapped to a crm user"),
        server.login("gone"): (None, "belongs to 'gone', who is deactivated"),
        server.login("wang"): ("zhao", "only an admin's login may act as another user ('zhao')"),
        outsider: (None, f"database login '{outsider}' is not in crm's team role"),
    }
    for login, (user, message) in cases.items():
        line = crm.fails(5, "customer", "list", user=user, CRM_DATABASE_URL=server.url(login))
        assert message in line, line


def test_only_admins_map_logins_and_a_refused_login_adds_nobody(
    crm: Crm, server: TeamServer
) -> None:
    wang_url = server.url(server.login("wang"))
    line = crm.fails(
        5, "user", "grant", "x", "--user", "wang", user=None, CRM_DATABASE_URL=wang_url
    )
    assert line == "Error: only an admin may grant database logins"
    # A person's login may not create roles: the message says what a DBA runs.
    boss_url = server.url(server.login("boss"))
    new = server.login("newbie")
    line = crm.fails(5, "user", "add", "newbie", "--db-login", new, user=None,
                     CRM_DATABASE_URL=boss_url)  # fmt: skip
    assert f"ask a DBA to run: CREATE ROLE {new} LOGIN" in line
    taken = server.login("wang")
    line = crm.fails(3, "user", "add", "newbie", "--db-login", taken, user="boss")
    assert line == f"Error: database login '{taken}' is already 'wang''s"
    line = crm.fails(1, "user", "grant", server.superuser, "--user", "chen", user="boss")
    assert "is a superuser or bypasses row-level security" in line
    users_now = {u["login"] for u in crm.json("user", "list", user="boss")}
    assert "newbie" not in users_now
    assert crm.json("user", "add", "newbie", "--db-login", new, user="boss")["login"] == "newbie"
    assert {c["name"] for c in as_login(crm, server, "newbie", "customer", "list")} == {"王公开"}


def test_a_login_meets_a_schema_it_may_not_upgrade_with_one_line(
    crm: Crm, server: TeamServer
) -> None:
    url = server.url(server.login("wang"))
    owner = server.owner
    server.sql(owner, "DELETE FROM schema_migration WHERE name = '0016_team_logins'")
    try:
        line = crm.fails(1, "customer", "list", user=None, CRM_DATABASE_URL=url)
    finally:
        server.sql(owner, "INSERT INTO schema_migration (name, applied) VALUES "
                          "('0016_team_logins', now())")  # fmt: skip
    assert "needs crm's schema upgrade 0016_team_logins, which only the owner" in line
    assert "ask them to run crm db migrate" in line
    server.sql(owner, "INSERT INTO schema_migration (name, applied) VALUES ('9999_x', now())")
    try:
        line = crm.fails(1, "customer", "list", user=None, CRM_DATABASE_URL=url)
    finally:
        server.sql(owner, "DELETE FROM schema_migration WHERE name = '9999_x'")
    assert "the database schema is newer than this crm" in line


def test_init_team_again_changes_nothing_and_a_person_may_not_run_it(
    crm: Crm, server: TeamServer
) -> None:
    assert crm.json("db", "init-team", "--group", server.group, user="boss")["tables"] > 15
    assert _names(server.sql(server.login("wang"), "SELECT name FROM customer")) == SEES["wang"]
    line = crm.fails(5, "db", "init-team", "--group", server.group, user=None,
                     CRM_DATABASE_URL=server.url(server.login("boss")))  # fmt: skip
    assert line == (
        f"Error: only the owner of the database's tables may run init-team "
        f"(you are '{server.login('boss')}')"
    )
    assert "The schema is up to date" in crm.ok("db", "migrate", user=None).stderr
    info = as_login(crm, server, "wang", "db", "info")
    assert info["row_rules"].startswith("PostgreSQL row-level security (team mode")


def test_the_catalog_gives_the_group_dml_only_and_every_policy_table_its_rules(
    crm: Crm, server: TeamServer
) -> None:
    from crm_cli.store.database.team_functions import ADMINS, FUNCTIONS, MIGRATED, WRITERS
    from crm_cli.store.database.team_keys import names
    from crm_cli.store.database.team_sql import POLICY_TABLES

    group, owner = server.group, server.owner
    tables = server.sql(owner, "SELECT relname FROM pg_class WHERE relkind = 'r'"
                        " AND relnamespace = 'public'::regnamespace AND relrowsecurity")  # fmt: skip
    assert _names(tables) == set(POLICY_TABLES)
    rights = server.sql(owner, "SELECT DISTINCT privilege_type FROM"
                        " information_schema.role_table_grants WHERE grantee = %s", group)  # fmt: skip
    assert _names(rights) == {"SELECT", "INSERT", "UPDATE", "DELETE"}
    definers = server.sql(owner, "SELECT proname, proconfig, has_function_privilege("
                          "'public', oid, 'EXECUTE') FROM pg_proc WHERE prosecdef"
                          " AND pronamespace = 'public'::regnamespace")  # fmt: skip
    functions = {f.split("(")[0] for f in (*FUNCTIONS, *WRITERS, *ADMINS, *MIGRATED)}
    assert {d[0] for d in definers} == functions | set(names())
    assert all(d[1] == ["search_path=public, pg_temp"] and not d[2] for d in definers)


def test_everyday_work_passes_the_servers_rules(crm: Crm, server: TeamServer) -> None:
    """What crm lets a sales or a manager do, the server lets their login do."""
    steps = [
        ("zhao", "customer", "edit", "赵一", "--city", "深圳"),
        ("zhao", "customer", "delegate", "赵一", "--to", "chen", "--until", "+3d"),
        ("zhao", "contact", "edit", "赵一联系人", "--title", "经理"),
        ("zhao", "opportunity", "add", "赵一", "--amount", "1000", "--probability", "50"),
        ("zhao", "quote", "add", "赵一", "--line", "P1:1"),
        ("zhao", "service", "add", "赵一", "--type", "repair", "--description", "坏了"),
        ("zhao", "customer", "evaluate", "赵一", "--grade", "A"),
        ("zhao", "remind", "add", "回访", "--at", "2030-01-01 09:00", "--customer", "王公开"),
        ("zhao", "schedule", "add", "见面", "--at", "2030-01-02 10:00", "--customer", "赵一"),
        ("zhao", "pool", "release", "池一"),
        ("zhao", "pool", "claim", "池一"),
        ("li", "customer", "delete", "王一", "--yes"),
        ("li", "customer", "restore", "王一"),
    ]
    # The claim above may have run on another xdist worker, with its own database.
    held = "SELECT 1 FROM pool_customer p JOIN customer c ON c.id = p.customer_id"
    if not server.sql(server.owner, held + " WHERE c.name = '池一' AND p.holder_id IS NOT NULL"):
        as_login(crm, server, "zhao", "pool", "claim", "池一")
    for person, *args in steps:
        as_login(crm, server, person, *args)
    order = as_login(crm, server, "zhao", "order", "add", "赵一", "--line", "P1:1")["code"]
    as_login(crm, server, "zhao", "order", "submit", order)
    assert as_login(crm, server, "li", "order", "approve", order)["status"] == "approved"
    as_login(crm, server, "li", "customer", "transfer", "赵一", "--to", "wang")
    assert crm.json("db", "check", user="boss")  # the owner copies followed the transfer
