"""MariaDB in team mode (issue 16, point 4): it has no row-level security, so crm says
that it alone enforces who sees what, refuses init-team, and turns the server's refusal
of a wrong password into one line (trust authentication on the PostgreSQL here accepts
any password; MariaDB's root does not).
"""

from __future__ import annotations

from pathlib import Path

from crm_cli.store.core import db
from tests.cli.conftest import Crm
from tests.conftest import _drop_mysql, _fresh_mysql


def test_on_mariadb_crm_says_it_alone_enforces_the_rules(tmp_path: Path) -> None:
    url = _fresh_mysql()
    try:
        cli = Crm(tmp_path)
        cli.db_url = url
        assert cli.json("db", "info", user="boss")["row_rules"].startswith(
            "crm only: MariaDB and MySQL have no row-level security"
        )
        line = cli.fails(1, "db", "init-team", user="boss")
        assert line.startswith("Error: team mode needs PostgreSQL; on MariaDB the rules are crm")
        wrong = url.replace("://root@", "://root:wrong@")
        line = cli.fails(5, "customer", "list", user="boss", CRM_DATABASE_URL=wrong)
        assert line.endswith("database login 'root' was refused: wrong password "
                             "(check ~/.pgpass, PGPASSWORD or ~/.my.cnf)")  # fmt: skip
        assert "wrong@" not in line
    finally:
        db.close_store()
        _drop_mysql(url)
