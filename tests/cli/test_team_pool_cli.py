"""Team mode on PostgreSQL (issue 16): a claim that lost its race says so.

Once another member holds a pool customer, the server's rules hide it from the loser, so
the store's look-up finds nothing; ``crm_pool_taken`` tells the loser only how it left the
open pool (a claim or an assignment), never to whom, as on SQLite.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from tests.cli.test_team_cli import as_login, crm, server

if TYPE_CHECKING:
    from tests.cli.conftest import Crm
    from tests.team_server import TeamServer

__all__ = ["crm", "server"]  # the module's team database, as in the team tests
pytestmark = pytest.mark.xdist_group("team_cli")


def claim_as(crm: Crm, server: TeamServer, person: str, name: str) -> object:
    url = server.url(server.login(person))
    return crm.run("pool", "claim", name, "-f", "json", user=None, CRM_DATABASE_URL=url)


@pytest.mark.parametrize(("first", "how"), [("claim", "claimed by someone else first"),
                                            ("assign", "assigned by a pool admin first")])  # fmt: skip
def test_the_loser_of_a_claim_is_told_it_was_taken(
    crm: Crm, server: TeamServer, first: str, how: str
) -> None:
    name = f"池{first}"
    crm.ok("customer", "add", name, user="boss")
    crm.ok("pool", "settings", "--member", "chen", user="boss")
    crm.ok("pool", "add", name, user="boss")
    if first == "claim":
        assert [o["done"] for o in as_login(crm, server, "chen", "pool", "claim", name)] == [True]
    else:
        crm.ok("pool", "assign", name, "--to", "chen", user="boss")
    lost = claim_as(crm, server, "zhao", name)
    assert lost.exit_code == 3, lost.output  # type: ignore[attr-defined]
    assert f"is no longer unassigned: it was {how}" in lost.output  # type: ignore[attr-defined]
    assert "chen" not in lost.output  # type: ignore[attr-defined]
    # A name that was never in the pool is still not found (exit 4), not "taken".
    missing = claim_as(crm, server, "zhao", "王一")
    assert missing.exit_code == 4, missing.output  # type: ignore[attr-defined]


def test_a_claim_taken_between_its_two_reads_is_lost_too(
    crm: Crm, server: TeamServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The winner commits after the loser found the customer but before it read the pool
    row: the server now hides that row too, and the loser is told it was taken."""
    from crm_cli.store.pool import common

    crm.ok("customer", "add", "池竞争", user="boss")
    crm.ok("pool", "settings", "--member", "chen", user="boss")
    crm.ok("pool", "add", "池竞争", user="boss")
    found = common.find_row

    def then_chen_wins(*args: object) -> object:
        row = found(*args)  # type: ignore[arg-type]
        server.sql(server.owner, """
            WITH chen AS (SELECT id FROM "user" WHERE login = 'chen'),
            held AS (UPDATE pool_customer SET holder_id = (SELECT id FROM chen)
                      WHERE customer_id = %s RETURNING customer_id)
            UPDATE customer SET owner_id = (SELECT id FROM chen)
             WHERE id IN (SELECT customer_id FROM held)""", row.id)  # fmt: skip
        return row

    monkeypatch.setattr(common, "find_row", then_chen_wins)
    lost = claim_as(crm, server, "zhao", "池竞争")
    assert lost.exit_code == 3, lost.output  # type: ignore[attr-defined]
    assert "it was claimed by someone else first" in lost.output  # type: ignore[attr-defined]


def test_a_claim_taken_just_before_its_hand_over_is_lost_too(
    crm: Crm, server: TeamServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The winner commits after the loser read the pool row as unassigned: the server's
    hand-over (`crm_hand_over`) then finds the customer out of the open pool and refuses,
    which was reported as "the database refused to hand over" (exit 5; seen once in 4,655
    actions of `bench/team_load.py` through pgbouncer)."""
    from crm_cli.store.pool import moves

    crm.ok("customer", "add", "池交接", user="boss")
    crm.ok("pool", "settings", "--member", "chen", user="boss")
    crm.ok("pool", "add", "池交接", user="boss")
    checked = moves._check_limits

    def then_chen_wins(user_id: int, conf: object, today: object, pool: object) -> None:
        checked(user_id, conf, today, pool)  # type: ignore[arg-type]
        server.sql(server.owner, """
            WITH chen AS (SELECT id FROM "user" WHERE login = 'chen'),
            held AS (UPDATE pool_customer SET holder_id = (SELECT id FROM chen)
                      WHERE customer_id = %s RETURNING customer_id)
            UPDATE customer SET owner_id = (SELECT id FROM chen)
             WHERE id IN (SELECT customer_id FROM held)""", pool.customer_id)  # type: ignore[attr-defined]  # fmt: skip

    monkeypatch.setattr(moves, "_check_limits", then_chen_wins)
    lost = claim_as(crm, server, "zhao", "池交接")
    assert lost.exit_code == 3, lost.output  # type: ignore[attr-defined]
    assert "it was claimed by someone else first" in lost.output  # type: ignore[attr-defined]
