"""Team mode without a server (issue 16): a server's refusal to connect becomes one line
that says what to do, and MariaDB states that crm alone enforces the rules.

Trust authentication on the test server accepts any password, so the wrong-password
text is the driver's own, as libpq and PyMySQL word it.
"""

from __future__ import annotations

from crm_cli.store.core.team_mode import explain


def test_a_wrong_password_is_one_line_naming_where_passwords_live() -> None:
    for text in (
        'connection to server at "127.0.0.1", port 5432 failed: FATAL:  password '
        'authentication failed for user "wang"\n',
        "(1045, \"Access denied for user 'wang'@'localhost' (using password: YES)\")",
    ):
        assert explain(text, "wang") == (
            "database login 'wang' was refused: wrong password "
            "(check ~/.pgpass, PGPASSWORD or ~/.my.cnf)"
        )


def test_a_login_outside_the_team_or_missing_is_told_who_can_fix_it() -> None:
    refused = (
        'connection to server at "127.0.0.1", port 5432 failed: FATAL:  permission denied '
        'for database "crm"\nDETAIL:  User does not have CONNECT privilege.\n'
    )
    assert explain(refused, None) == (
        "your database login is not in crm's team role; an admin can add it with "
        "crm user grant LOGIN --user NAME"
    )
    missing = 'connection to server failed: FATAL:  role "li" does not exist'
    assert explain(missing, "li") == (
        "database login 'li' does not exist on the server; an admin can create it with "
        "crm user grant"
    )
    assert explain("permission denied for table schema_migration\n", "li") == (
        "database login 'li' has no rights on table schema_migration: it is not in crm's "
        "team role, or the owner of the tables has not run crm db init-team since an upgrade"
    )
    assert explain("could not connect to server: Connection refused", "li") is None
