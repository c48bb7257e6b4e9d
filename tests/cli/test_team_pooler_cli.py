"""Team mode through pgbouncer in transaction mode (issue 16, point 5): each transaction
may get another server connection, and a server connection serves other clients of the
same login between them.

With one server connection per login, an admin's act-as from one command must neither be
missing from that command's later transactions nor still there for the next command.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests import pgbouncer
from tests.cli.test_team_cli import SEES, crm, server

if TYPE_CHECKING:
    from tests.cli.conftest import Crm
    from tests.team_server import TeamServer

__all__ = ["crm", "server"]  # the module's team database, as in the team tests
pytestmark = pytest.mark.xdist_group("team_cli")


@pytest.fixture(scope="module")
def bouncer(server: TeamServer) -> Iterator[pgbouncer.Bouncer]:
    why = pgbouncer.missing()
    if why:
        pytest.skip(why)
    logins = [server.login(p) for p in ("boss", "wang")]
    with pgbouncer.Bouncer(server.dbname, server.host, server.port, logins, 1) as running:
        yield running


def through(crm: Crm, server: TeamServer, bouncer: pgbouncer.Bouncer, person: str,
            *args: str, **env: str) -> object:  # fmt: skip
    url = f"postgresql://{server.login(person)}@127.0.0.1:{bouncer.port}/{server.dbname}"
    return crm.json(*args, user=None, CRM_DATABASE_URL=url, **env)


def names(rows: object) -> set[str]:
    assert isinstance(rows, list)
    return {row["name"] for row in rows}


def test_an_admins_act_as_holds_for_its_command_only(
    crm: Crm, server: TeamServer, bouncer: pgbouncer.Bouncer
) -> None:
    for _ in range(2):
        acting = through(crm, server, bouncer, "boss", "customer", "list", CRM_USER="wang")
        assert names(acting) == SEES["wang"]
        # The same login's next command, on the same server connection, is the admin again.
        assert names(through(crm, server, bouncer, "boss", "customer", "list")) == SEES["boss"]
    left = server.sql(server.login("boss"), "SELECT current_setting('crm.act_as', true)")
    assert left in ([(None,)], [("",)])


def test_a_write_acting_through_the_pooler_is_the_other_persons(
    crm: Crm, server: TeamServer, bouncer: pgbouncer.Bouncer
) -> None:
    through(crm, server, bouncer, "boss", "contact", "log", "王一", "--summary", "代王记录",
            "--method", "phone", CRM_USER="wang")  # fmt: skip
    who = server.sql(server.owner, "SELECT u.login FROM activity a JOIN \"user\" u"
                     " ON u.id = a.user_id WHERE a.summary = '代王记录'")  # fmt: skip
    assert who == [("wang",)]
    mine = through(crm, server, bouncer, "wang", "customer", "list")
    assert names(mine) == SEES["wang"]


def test_passwords_come_the_drivers_ways_and_a_wrong_one_is_one_line(
    crm: Crm, server: TeamServer, tmp_path: Path
) -> None:
    why = pgbouncer.missing()
    if why:
        pytest.skip(why)
    wang = server.login("wang")
    with pgbouncer.Bouncer(server.dbname, server.host, server.port, [wang], 1,
                           passwords={wang: "s3cret"}) as checking:  # fmt: skip
        url = f"postgresql://{wang}:{{}}@127.0.0.1:{checking.port}/{server.dbname}"
        line = crm.fails(5, "customer", "list", user=None, CRM_DATABASE_URL=url.format("wrong"))
        assert line.endswith(f": database login {wang!r} was refused: wrong password "
                             "(check ~/.pgpass, PGPASSWORD or ~/.my.cnf)"), line  # fmt: skip
        assert "wrong@" not in line and ":***@" in line  # the URL, its password masked
        shown = crm.json("customer", "list", user=None, CRM_DATABASE_URL=url.format("s3cret"))
        assert names(shown) == SEES["wang"]
        bare = f"postgresql://{wang}@127.0.0.1:{checking.port}/{server.dbname}"
        pgpass = tmp_path / "pgpass"
        pgpass.write_text(f"127.0.0.1:{checking.port}:{server.dbname}:{wang}:s3cret\n")
        pgpass.chmod(0o600)  # libpq ignores a password file others may read
        none = {"PGPASSWORD": None, "PGPASSFILE": str(tmp_path / "none")}
        line = crm.fails(5, "customer", "list", user=None, CRM_DATABASE_URL=bare, **none)
        assert line.endswith(f": database login {wang!r} needs a password: give it in the URL, "
                             "PGPASSWORD, ~/.pgpass or a service file"), line  # fmt: skip
        for env in ({"PGPASSWORD": "s3cret"}, {"PGPASSFILE": str(pgpass)}):
            shown = crm.json("customer", "list", user=None, CRM_DATABASE_URL=bare, **env)
            assert names(shown) == SEES["wang"], env
