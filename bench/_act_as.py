"""Whether an admin's act-as (`--user NAME` on an admin's login) holds through a pooler.

crm sets ``crm.act_as`` for the connection's life (`core.team_mode.act_as`), and the
server's rules read it. Through pgbouncer in transaction mode a connection's settings stay
with the server connection, not the client: they may be missing in the client's next
transaction, and still there for the next client of that login. The probe counts the
customers the server lets the admin's login read, acting as a salesperson and then
as themselves in a new session, directly and through the pooler, and compares.
"""

from __future__ import annotations

from collections.abc import Callable


def _visible(url: str, named: str, repeat: int) -> list[int]:
    """Customers the server shows, in ``repeat`` separate transactions, to the login of
    ``url`` acting as ``named``."""
    from crm_cli.store import domains
    from crm_cli.store.core import db, users

    domains.open_store(url)
    try:
        users.resolve_actor(named)
        database = db.db_proxy.obj
        return [
            int(database.execute_sql("SELECT count(*) FROM customer").fetchone()[0])
            for _ in range(repeat)
        ]
    finally:
        db.close_store()


def probe(direct: Callable[[str], str], pooled: Callable[[str], str], boss: str,
          boss_login: str, person: str) -> tuple[bool, str]:  # fmt: skip
    """(act-as behaves as on a direct connection, what was seen)."""
    expect_as = _visible(direct(boss_login), person, 1)[0]
    expect_self = _visible(direct(boss_login), boss, 1)[0]
    seen_as = _visible(pooled(boss_login), person, 5)
    seen_self = _visible(pooled(boss_login), boss, 5)
    same = set(seen_as) == {expect_as} and set(seen_self) == {expect_self}
    gist = (f"admin acting as {person}: {'/'.join(map(str, seen_as))} customers "
            f"(direct {expect_as}); then as themselves: {'/'.join(map(str, seen_self))} "
            f"(direct {expect_self})")  # fmt: skip
    return same, gist
