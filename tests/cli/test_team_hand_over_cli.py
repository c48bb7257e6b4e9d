"""Team mode on PostgreSQL (issue 16): handing a customer to someone outside one's view.

The server checks an updated row against the read rule, so the owner change runs in
``crm_hand_over``, which init-team installs: it checks the UPDATE policy's rule, then
changes the owner as the tables' owner.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tests.cli.test_team_cli import as_login, crm, server

if TYPE_CHECKING:
    from tests.cli.conftest import Crm
    from tests.team_server import TeamServer

__all__ = ["crm", "server"]  # the module's team database, as in the team tests

OWNER = 'SELECT u.login FROM customer c JOIN "user" u ON u.id = c.owner_id WHERE c.name = %s'
COPIES = (
    "SELECT DISTINCT u.login FROM contact t JOIN customer c ON c.id = t.customer_id"
    ' JOIN "user" u ON u.id = t.owner_id WHERE c.name = %s'
)


def test_a_sales_login_hands_its_customer_to_someone_it_cannot_see(
    crm: Crm, server: TeamServer
) -> None:
    moved = as_login(crm, server, "wang", "customer", "transfer", "王一", "--to", "chen")
    assert [c["owner"] for c in moved] == ["chen"]
    assert server.sql(server.owner, OWNER, "王一") == [("chen",)]
    assert server.sql(server.owner, COPIES, "王一") == [("chen",)]  # the contacts followed
    names = {r[0] for r in server.sql(server.login("wang"), "SELECT name FROM customer")}
    assert "王一" not in names
    assert crm.json("db", "check", user="boss")


def test_a_pool_admin_login_assigns_to_someone_it_cannot_see(crm: Crm, server: TeamServer) -> None:
    crm.ok("pool", "settings", "--admin", "chen", user="boss")
    crm.ok("pool", "add", "李一", user="boss")
    done = as_login(crm, server, "chen", "pool", "assign", "李一", "--to", "wang")
    assert [d["done"] for d in done] == [True], done
    assert server.sql(server.owner, OWNER, "李一") == [("wang",)]
    assert server.sql(server.owner, COPIES, "李一") == [("wang",)]


def test_the_functions_refuse_a_customer_the_login_may_not_change(
    crm: Crm, server: TeamServer
) -> None:
    ((chen_one, wang_id),) = server.sql(
        server.owner,
        "SELECT (SELECT id FROM customer WHERE name = '陈一'),"
        " (SELECT id FROM \"user\" WHERE login = 'wang')",
    )
    wang = server.login("wang")
    assert server.sql(wang, "SELECT crm_hand_over(%s, %s)", chen_one, wang_id) == [(0,)]
    assert server.sql(server.owner, OWNER, "陈一") == [("chen",)]
