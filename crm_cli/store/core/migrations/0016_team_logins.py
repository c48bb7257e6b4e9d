"""Team mode (issue 16, TEAM-3): a person's own database login, and the team-mode mark.

``user.db_login``: the server login (PostgreSQL role, MariaDB account) that acts as this
user; NULL until an admin maps one (`crm user grant`). Unique: one login is one person.

``team_mode``: empty until `crm db init-team` has installed the server's rules; its one
row names the group role every person's login belongs to. The store reads it on open, so
a server database that never ran init-team keeps working as before (``--user`` chooses).

``delegation (delegate_id, until)``: the delegations live for one person, read by the
visibility rule of every statement on PostgreSQL's row-level security.

A frozen copy of the table as it was at this migration.
"""

from typing import Any

import peewee as pw
from playhouse.migrate import migrate as run


def up(migrator: Any, db: pw.Database) -> None:
    class TeamMode(pw.Model):
        group_role = pw.CharField(max_length=63)
        installed_at = pw.DateTimeField()

        class Meta:
            database = db
            table_name = "team_mode"

    q = "`" if isinstance(db, pw.MySQLDatabase) else '"'
    run(migrator.add_column("user", "db_login", pw.CharField(max_length=63, null=True)))
    db.execute_sql(f"CREATE UNIQUE INDEX {q}user_db_login{q} ON {q}user{q} (db_login)")
    db.execute_sql(
        f"CREATE INDEX {q}delegation_delegate_until{q} ON {q}delegation{q} (delegate_id, until)"
    )
    db.create_tables([TeamMode])
