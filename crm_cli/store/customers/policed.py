"""Whether the server enforces the visibility rules itself (issue 16, TEAM-3).

A login in team mode on PostgreSQL is under the row-level security policies `crm db
init-team` installs (`database.team_sql`), which mirror `access.visible`: every row it
reads is one the rule shows it. The store then need not repeat the rule in its own SQL,
where it cost a second test of every row beside the server's (issue 16, point 6), but
only on the server's day: the policies end a delegation on ``current_date``, where a
command run ``--as-of`` another day asks the store's rule for that day.
"""

from __future__ import annotations

import datetime as dt

from crm_cli.store.core.db import StoreInfo, backend, info
from crm_cli.store.customers import models as cm

# Per opening of a store: whether its server polices this login, and the server's day.
_SEEN: list[tuple[StoreInfo, bool, dt.date | None]] = []
_ASK = (
    "SELECT row_security_active('customer') AND coalesce(has_function_privilege("
    "to_regprocedure('crm_search_ids(text[], text[], integer)'), 'EXECUTE'), false),"
    " current_date"
)


def _seen() -> tuple[bool, dt.date | None]:
    store = info()
    if not _SEEN or _SEEN[0][0] is not store:
        row = cm.Customer._meta.database.execute_sql(_ASK).fetchone()
        _SEEN[:] = [(store, bool(row[0]), row[1])]
    return _SEEN[0][1], _SEEN[0][2]


def policed() -> bool:
    """Whether the server applies the policies to this login: a login in team mode (the
    owner and superusers bypass them), once init-team has installed them."""
    if backend() != "postgres" or info().team_group is None:
        return False
    return _seen()[0]


def enforced(today: dt.date) -> bool:
    """Whether the server's own rule is the store's rule for ``today``."""
    return policed() and _seen()[1] == today
