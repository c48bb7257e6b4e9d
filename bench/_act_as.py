"""Whether an admin's act-as (`--user NAME` on an admin's login) holds through a pooler.

crm sets ``crm.act_as`` for the connection's life (`core.team_mode.act_as`), and the
server's rules read it. Through pgbouncer in transaction mode a connection's settings stay
with the server connection, not the client: they may be missing in the client's next
transaction, and still there for the next client of that login. The probe asks the server
whom the admin's login acts as (``crm_acting_user_id()``, what its rules and its log
checks go by), acting as a salesperson and then as themselves in a new session, directly
and through the pooler, and compares. (Not what the login reads: an admin's login is in
the admins' group, whose policies show it every row, acting or not; crm narrows.)
"""

from __future__ import annotations

from collections.abc import Callable


def _acting(url: str, named: str, repeat: int) -> list[int]:
    """Whom the server takes the login of ``url``, acting as ``named``, for, in ``repeat``
    separate transactions (a user id)."""
    from crm_cli.store import domains
    from crm_cli.store.core import db, users

    domains.open_store(url)
    try:
        users.resolve_actor(named)
        database = db.db_proxy.obj
        return [
            int(database.execute_sql("SELECT crm_acting_user_id()").fetchone()[0])
            for _ in range(repeat)
        ]
    finally:
        db.close_store()


def probe(direct: Callable[[str], str], pooled: Callable[[str], str], boss: str,
          boss_login: str, person: str) -> tuple[bool, str]:  # fmt: skip
    """(act-as behaves as on a direct connection, what was seen)."""
    expect_as = _acting(direct(boss_login), person, 1)[0]
    expect_self = _acting(direct(boss_login), boss, 1)[0]
    seen_as = _acting(pooled(boss_login), person, 5)
    seen_self = _acting(pooled(boss_login), boss, 5)
    same = set(seen_as) == {expect_as} and set(seen_self) == {expect_self}
    gist = (f"admin acting as {person}: the server's acting user {'/'.join(map(str, seen_as))}"
            f" (direct {expect_as}); then as themselves: {'/'.join(map(str, seen_self))} "
            f"(direct {expect_self})")  # fmt: skip
    return same, gist
