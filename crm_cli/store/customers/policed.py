"""Whether the server enforces the visibility rules itself (issue 16, TEAM-3).

A login in team mode on PostgreSQL is under the row-level security policies `crm db
init-team` installs (`database.team_sql`), which mirror `access.visible`: every row it
reads is one the rule shows it. The store then need not repeat the rule in its own SQL,
where it cost a second test of every row beside the server's (issue 16, point 6), but
only on the server's day: the policies end a delegation on ``current_date``, where a
command run ``--as-of`` another day asks the store's rule for that day.

An admin's login is in the admins' group too, whose policies let it see every row
(`team_sql.admin_policies`): the server tests no rule, and the store applies its own, as
for the tables' owner (an admin acting as someone else sees what they would). Its
searches read the owner's view of the search columns (``admin_view``).
"""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from crm_cli.store.core.db import StoreInfo, backend, info
from crm_cli.store.core.team_mode import SEARCH_VIEW, admin_group
from crm_cli.store.customers import models as cm

_ASK = (
    "SELECT row_security_active('customer') AND coalesce(has_function_privilege("
    "to_regprocedure('crm_search_ids(text[], text[], integer)'), 'EXECUTE'), false),"
    " coalesce(pg_has_role(to_regrole(%s), 'MEMBER'), false), current_date,"
    " coalesce(has_table_privilege(to_regclass(%s), 'SELECT'), false)"
)


class _Seen(NamedTuple):
    store: StoreInfo
    secured: bool  # row-level security applies to the login, and crm_search_ids is there
    admin: bool  # in the admins' group
    day: dt.date | None  # the server's
    view: bool  # it reads the admins' search view


# Per opening of a store: what its server said of this login.
_SEEN: list[_Seen] = []


def _seen() -> _Seen:
    store = info()
    if not _SEEN or _SEEN[0].store is not store:
        admins = admin_group(store.team_group or "")
        row = cm.Customer._meta.database.execute_sql(_ASK, (admins, SEARCH_VIEW)).fetchone()
        _SEEN[:] = [_Seen(store, bool(row[0]), bool(row[1]), row[2], bool(row[3]))]
    return _SEEN[0]


def policed() -> bool:
    """Whether the server applies the policies to this login: a login in team mode (the
    owner and superusers bypass them), once init-team has installed them, that is not
    an admin's."""
    return secured() and not _seen().admin


def secured() -> bool:
    """Whether row-level security applies to this login, an admin's too. Its planner then
    estimates a search without the columns' statistics (the server shows them to no login
    under a policy, folded away or not), and planned a common word's first page by
    reading every match (840 ms against 8 at 200,000 customers): the search goes through
    ``crm_search_ids``, which plans it as the owner."""
    if backend() != "postgres" or info().team_group is None:
        return False
    return _seen().secured


def admin_view() -> str | None:
    """The view an admin's login searches through (`database.team_sql.admin_view`): the
    owner's, so its planner sees the columns' statistics, and no function is called;
    None for anyone else, or where init-team has not made it yet (``crm_search_ids``)."""
    if not secured():
        return None
    seen = _seen()
    return SEARCH_VIEW if seen.admin and seen.view else None


def enforced(today: dt.date) -> bool:
    """Whether the server's own rule is the store's rule for ``today``."""
    return policed() and _seen().day == today
