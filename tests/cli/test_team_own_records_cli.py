"""Team mode on PostgreSQL (issue 16, point 2): records of one's own that may name no
customer (reminders, calendar events, expenses) follow the store's rules on the server too.

Before, a reminder, event or expense without a customer was open to every login in the
group: `SELECT * FROM reminder` as wang read chen's. Now each table has its owner's rule
(`team_sql.OWN`) beside its customer's: the person a reminder is for and whoever set it;
an event's owner, the owner's managers and its invitees; an expense's owner and whoever
is above the owner. The same questions go through `crm … -f json` and plain SQL.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from tests.cli.test_team_cli import PEOPLE, as_login, crm, server
from tests.cli.test_team_cli import _names as _column

if TYPE_CHECKING:
    from tests.cli.conftest import Crm
    from tests.team_server import TeamServer

__all__ = ["crm", "server"]  # the module's team database, as in the team tests
pytestmark = pytest.mark.xdist_group("team_cli")
# li manages wang, who leads zhao (a sales role: he manages no customers, but an expense
# goes up the hierarchy); li sets zhao a reminder; wang invites chen.
REMINDERS = {"王记": ("wang", "wang"), "李给赵": ("li", "zhao"), "陈记": ("chen", "chen")}
EVENTS = {"王的会": ("wang", "chen"), "陈的会": ("chen", None)}
EXPENSES = {"wang": "100", "zhao": "200", "chen": "300"}
SEES = {
    "boss": (set(REMINDERS), set(EVENTS), set(EXPENSES)),
    "li": ({"李给赵"}, {"王的会"}, {"wang", "zhao"}),
    "wang": ({"王记"}, {"王的会"}, {"wang", "zhao"}),
    "zhao": ({"李给赵"}, set(), {"zhao"}),
    "chen": ({"陈记"}, {"王的会", "陈的会"}, {"chen"}),
}
REMINDERS_SQL = "SELECT text FROM reminder WHERE customer_id IS NULL"
EVENTS_SQL = "SELECT title FROM schedule_event WHERE customer_id IS NULL"
EXPENSES_SQL = (
    'SELECT u.login FROM expense x JOIN "user" u ON u.id = x.owner_id WHERE x.customer_id IS NULL'
)


@pytest.fixture(scope="module")
def own(crm: Crm) -> Crm:
    """Each person's records without a customer, added through crm as the owner."""
    for text, (by, whom) in REMINDERS.items():
        crm.ok("remind", "add", text, "--at", "2030-01-02 09:00", "--for", whom, user=by)
    for title, (by, guest) in EVENTS.items():
        invite = ("--invite", guest) if guest else ()
        crm.ok("schedule", "add", title, "--at", "2030-01-03 10:00", *invite, user=by)
    for person, amount in EXPENSES.items():
        crm.ok("expense", "add", "--amount", amount, "--category", "travel", user=person)
    return crm


@pytest.mark.parametrize("person", PEOPLE)
def test_each_login_reads_only_the_personal_records_crm_shows_it(
    own: Crm, server: TeamServer, person: str
) -> None:
    login = server.login(person)
    reminders, events, expenses = SEES[person]
    assert _column(server.sql(login, REMINDERS_SQL)) == reminders
    assert _column(server.sql(login, EVENTS_SQL)) == events
    assert _column(server.sql(login, EXPENSES_SQL)) == expenses
    # crm as that login: the same reminders (theirs and those they set; an admin reads
    # everyone's through SQL, as it may every row) and expenses.
    listed = as_login(own, server, person, "remind", "list")
    theirs = {text for text, pair in REMINDERS.items() if person in pair}
    assert {r["text"] for r in listed} == theirs == (reminders if person != "boss" else set())
    spent = as_login(own, server, person, "expense", "list")
    assert {x["owner"] for x in spent} == expenses


def test_crm_shows_an_invitee_and_a_manager_the_events_the_server_lets_them_read(
    own: Crm, server: TeamServer
) -> None:
    mine = as_login(own, server, "chen", "schedule", "list")
    assert {e["title"] for e in mine} == SEES["chen"][1]
    # Invited to talk about a customer of wang's that chen does not see: the event shows,
    # its customer stays hidden (before, the server hid the event from the invitee).
    own.ok("schedule", "add", "王一洽谈", "--at", "2030-01-04 10:00", "--customer", "王一",
           "--invite", "chen", user="wang")  # fmt: skip
    mine = as_login(own, server, "chen", "schedule", "list")
    assert {e["title"] for e in mine} == {*SEES["chen"][1], "王一洽谈"}
    about = server.sql(server.login("chen"), "SELECT e.title, c.name FROM schedule_event e"
                       " LEFT JOIN customer c ON c.id = e.customer_id WHERE e.title = '王一洽谈'")  # fmt: skip
    assert about == [("王一洽谈", None)]
    # A manager reads a subordinate's calendar; the server agrees.
    theirs = as_login(own, server, "li", "schedule", "list", "--user", "wang")
    assert {e["title"] for e in theirs} == {"王的会", "王一洽谈"}


def test_a_login_may_not_change_or_forge_someone_elses_personal_records(
    own: Crm, server: TeamServer
) -> None:
    wang, zhao = server.login("wang"), server.login("zhao")
    assert server.trial(zhao, "UPDATE reminder SET text = 'x' WHERE text = '陈记'") == 0
    assert server.trial(zhao, "DELETE FROM schedule_event WHERE title = '陈的会'") == 0
    assert server.trial(zhao, "UPDATE expense SET amount = 1") == 1  # only zhao's own
    assert server.trial(wang, "UPDATE expense SET note = 'seen'") == 2  # his and zhao's
    import psycopg2

    forged = (
        "INSERT INTO expense (code, owner_id, spent_on, amount, category, status, created_at,"
        " updated_at) SELECT 'X9', id, current_date, 1, 'travel', 'draft', now(), now()"
        " FROM \"user\" WHERE login = 'chen'"
    )
    with pytest.raises(psycopg2.errors.InsufficientPrivilege):
        server.trial(zhao, forged)


def test_the_log_of_records_without_a_customer_is_read_by_their_actor_and_admins(
    own: Crm, server: TeamServer
) -> None:
    about_none = (
        'SELECT DISTINCT u.login FROM op_log o JOIN "user" u ON u.id = o.actor_id'
        " WHERE o.customer_id IS NULL AND o.entity = 'expense'"
    )
    assert _column(server.sql(server.login("zhao"), about_none)) == {"zhao"}
    assert _column(server.sql(server.login("boss"), about_none)) == set(EXPENSES)
