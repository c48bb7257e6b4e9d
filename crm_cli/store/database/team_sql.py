"""The visibility rules of USR-3 as PostgreSQL enforces them (issue 16, TEAM-3): the SQL
functions and row-level security policies `crm db init-team` installs.

They mirror `customers.access` (and the open pool's rule from `pool.visibility`): a login
sees its own customers, public ones, those delegated to it until the delegation's end date
(``current_date``: the server's day, not ``--as-of``), the open pool if it is a pool
member, its subordinates' (recursively) if it is a manager, and everything if it is an
admin. It changes what it edits: its own (and its subordinates') and delegated customers,
not public ones. A record under a customer follows its customer; a record of one's own
(a reminder, an event, an expense, which may name no customer) follows its own rule too.

The functions (`team_functions`) run as the tables' owner (SECURITY DEFINER, which the
policies need: a policy reading the tables it guards would recurse) and read the same
tables the store does. Each runs once per statement, never row by row (a per-row call
costs a query per row; see the reference notes on team security): as an initplan,
``(SELECT f())`` or an array ``x = ANY (ARRAY(SELECT f()))`` an index can answer; the open
pool is a mark on the row. They are PL/pgSQL, whose plans last the session, and parallel
safe: a statement on customers alone may still run in parallel (issue 16, point 6;
`tests/store/test_team_plans.py`, `bench/team_policy_cost.py`).
"""

from __future__ import annotations

from typing import NamedTuple

from crm_cli.store.core.team_mode import SEARCH_VIEW

# (table, column naming the customer, whether it may be NULL: a record of its own then)
CHILDREN = (
    ("contact", "customer_id", False),
    ("delegation", "customer_id", False),
    ("activity", "customer_id", False),
    ("opportunity", "customer_id", False),
    ("quote", "customer_id", False),
    ("sales_order", "customer_id", False),
    ("ticket", "customer_id", False),
    ("customer_evaluation", "customer_id", False),
    ("pool_customer", "customer_id", False),
    ("reminder", "customer_id", True),
    ("schedule_event", "customer_id", True),
    ("expense", "customer_id", True),
)
ME = "(SELECT crm_acting_user_id())"
MANAGED = "ANY (ARRAY(SELECT crm_managed_owner_ids()))"
TEAM = "ANY (ARRAY(SELECT crm_team_ids()))"
# A record of one's own, which may name a customer (the tables marked NULL above): who
# reads it and who changes it besides whoever sees (changes) its customer, as the store's
# own rules say. A reminder: the person it is for and whoever set it
# (`activity.reminders`); an event: its owner, the owner's managers and (reading) its
# invitees (`schedule.lookup`); an expense: its owner and whoever is above the owner,
# manager or not, who approve it (`expenses.lookup`).
OWN = {
    "reminder": (f"user_id = {ME} OR created_by_id = {ME}",) * 2,
    "schedule_event": (
        f"owner_id = {MANAGED} OR EXISTS (SELECT 1 FROM schedule_invite i"
        f" WHERE i.event_id = schedule_event.id AND i.user_id = {ME})",
        f"owner_id = {MANAGED}",
    ),
    "expense": (f"owner_id = {TEAM}",) * 2,
}
# (table, column naming its parent, the parent table): records under a child
GRANDCHILDREN = (
    ("quote_line", "quote_id", "quote"),
    ("order_line", "order_id", "sales_order"),
    ("installment", "order_id", "sales_order"),
    ("payment", "order_id", "sales_order"),
)
# Everyone reads them; only admins change them: a role, a pool membership or a team
# setting is a right (pool members see the open pool).
ADMIN_WRITES = ("user", "pool_member", "setting")
POLICY_TABLES = (
    "customer",
    *ADMIN_WRITES,
    "op_log",
    *(c[0] for c in CHILDREN),
    *(g[0] for g in GRANDCHILDREN),
)

# Each function runs once per statement, as an initplan: `(SELECT f())`, and the sets as
# arrays, `= ANY (ARRAY(SELECT f()))`, which an index on the column answers (owner_id, the
# primary key) where `IN (SELECT f())` is a subplan tested on every row (and a hashed
# subplan keeps the statement from running in parallel). ``{c.…}``: where the rule reads
# the customer's owner, id, public mark and pool mark (`Columns`).
ADMIN = "(SELECT crm_is_admin())"
OWNERS = "{c.owner_id} = ANY (ARRAY(SELECT crm_managed_owner_ids()))"
# One's own first, the admin's test after: an initplan runs when first reached, and a
# statement that reads only what one owns then never calls the others (an admin's login
# is in the admins' group, whose policies leave none of this to test).
DELEGATED = "{c.id} = ANY (ARRAY(SELECT crm_delegated_customer_ids()))"
EDIT = OWNERS + " OR " + ADMIN + " OR " + DELEGATED
# The open pool: its members see a customer in the pool with no owner (no holder), by the
# row's own mark (migration 0017): a set of them tested row by row kept every statement
# from running in parallel.
POOL = "({c.in_pool} AND {c.owner_id} IS NULL AND (SELECT crm_is_pool_member()))"
# Who sees a customer, but for the admin's test (the search function makes that once).
SEEN = OWNERS + " OR " + DELEGATED + " OR {c.is_public} OR " + POOL
READ = SEEN + " OR " + ADMIN
# access.can_manage: delete (the trash is an UPDATE; this is purge).
MANAGE = ADMIN + " OR ((SELECT crm_is_manager()) AND " + OWNERS + ")"
# Ends a record's EXISTS on its parent: no hashing of the parent table (see _child).
PROBE = "OFFSET 0"

# The customer UPDATE policy's USING: the edit rule, or the pool rule for a pool move.
CHANGE = EDIT + " OR " + POOL


class Columns(NamedTuple):
    """Where a rule reads a customer's owner, id, public mark and pool mark."""

    owner_id: str
    id: str
    is_public: str
    in_pool: str


def on(alias: str) -> Columns:
    """The customer's own row, under ``alias``."""
    return Columns(*(f"{alias}.{name}" for name in Columns._fields))


def keys_of(table: str, customer: str) -> Columns:
    """A record's copies of its customer's (`team_keys`): ``customer`` names it."""
    t = f'"{table}"'
    return Columns(f"{t}.crm_owner_id", f"{t}.{customer}", f"{t}.crm_public", f"{t}.crm_pool")


def _policies(table: str, read: str, write: str, delete: str | None = None) -> list[str]:
    """One policy per command; UPDATE checks the new row with the same rule."""
    t = f'"{table}"'
    return [
        f"CREATE POLICY crm_read ON {t} FOR SELECT TO {{group}} USING ({read})",
        f"CREATE POLICY crm_insert ON {t} FOR INSERT TO {{group}} WITH CHECK ({write})",
        f"CREATE POLICY crm_update ON {t} FOR UPDATE TO {{group}} USING ({write})"
        f" WITH CHECK ({write})",
        f"CREATE POLICY crm_delete ON {t} FOR DELETE TO {{group}} USING ({delete or write})",
    ]


def _customer() -> list[str]:
    t, c = "customer", on("customer")
    # A pool member claims an open pool customer by updating it. The new row passes WITH
    # CHECK but must still be readable (the UPDATE's WHERE reads it): a hand-over beyond
    # the editor's view goes through crm_hand_over instead.
    return [
        f"CREATE POLICY crm_read ON {t} FOR SELECT TO {{group}} USING ({READ.format(c=c)})",
        f"CREATE POLICY crm_insert ON {t} FOR INSERT TO {{group}} WITH CHECK ({EDIT.format(c=c)})",
        f"CREATE POLICY crm_update ON {t} FOR UPDATE TO {{group}}"
        f" USING ({CHANGE.format(c=c)}) WITH CHECK (true)",
        f"CREATE POLICY crm_delete ON {t} FOR DELETE TO {{group}} USING ({MANAGE.format(c=c)})",
    ]


def _child(table: str, column: str, nullable: bool) -> list[str]:
    # Read: the customer's read rule on the record's copies of its customer's owner and
    # marks (`team_keys`), so no customer is read per record and a statement may still
    # run in parallel (issue 16, point 6). Write: the EXISTS reads the customer itself
    # (through its read policy); OFFSET 0 keeps it a probe of the customer's primary key
    # per row, as the planner, unable to estimate under row-level security, otherwise
    # hashed every visible customer.
    seen = f"({SEEN.format(c=keys_of(table, column))})"
    parent = f'EXISTS (SELECT 1 FROM customer c WHERE c.id = "{table}".{column}'
    edit = f"{parent} AND ({EDIT.format(c=on('c'))}) {PROBE})"
    if table == "pool_customer":  # claiming: a member takes a customer in the open pool
        waiting = f"{parent} AND {POOL.format(c=on('c'))} {PROBE})"
        edit = f"({edit} OR {waiting})"
    if nullable:
        # Someone's own item that may name a customer: its own rule, or its customer's
        # (which lets whoever trashes a customer mark its reminders, `customers.owners`).
        own_read, own_write = OWN[table]
        seen = f"{own_read} OR ({column} IS NOT NULL AND {seen})"
        edit = f"{own_write} OR ({column} IS NOT NULL AND {edit})"
    # The admin's test last (see EDIT): an admin's login reads through the admins' group.
    return _policies(table, f"{seen} OR {ADMIN}", f"{edit} OR {ADMIN}")


def _grandchild(table: str, column: str, parent: str) -> list[str]:
    seen = f"({SEEN.format(c=keys_of(table, 'crm_customer_id'))}) OR {ADMIN}"
    edit = (
        f"EXISTS (SELECT 1 FROM {parent} p JOIN customer c ON c.id = p.customer_id"
        f' WHERE p.id = "{table}".{column} AND ({EDIT.format(c=on("c"))}) {PROBE}) OR {ADMIN}'
    )
    return _policies(table, seen, edit)


def _others() -> list[str]:
    admin_writes = [sql for t in ADMIN_WRITES for sql in _policies(t, "true", ADMIN)]
    # The log: read beside its customer (admins all, anyone their own; crm shows the rest
    # only in a customer's history, so an entry about no customer, such as a colleague's
    # expense or a setting, is an admin's); written only in one's own name; never changed
    # (no UPDATE or DELETE grant either).
    log_read = (
        f"actor_id = (SELECT crm_login_user_id()) OR (customer_id IS NOT NULL"
        f" AND EXISTS (SELECT 1 FROM customer c WHERE c.id = op_log.customer_id {PROBE}))"
        f" OR {ADMIN}"
    )
    log_write = "actor_id IN ((SELECT crm_login_user_id()), (SELECT crm_acting_user_id()))"
    return [*admin_writes, *_policies("op_log", log_read, log_write, "false")]


def admin_policies() -> list[str]:
    """The admins' group's policies (``{admins}``): every row, read and written, except the
    log, which they read (its write rule above holds for them too).

    An admin's login is in the team's group and in this one, and the server joins the
    policies of both with OR: ``true OR …`` folds to ``true`` while planning, so an
    admin's statement is planned as the owner's, with no rule left to test. The rules'
    functions and the probes of a record's customer (subplans, which keep a statement
    in one process) made an admin's report 2.1x the owner's at 1,000,000 customers, and
    a search go through ``crm_search_ids`` (issue 16, point 6). Who is in the group
    follows the users table (``crm_admins_sync``): an active admin's login, no one else.
    """
    return [
        "CREATE POLICY crm_admin ON op_log FOR SELECT TO {admins} USING (true)"
        if table == "op_log"
        else f'CREATE POLICY crm_admin ON "{table}" TO {{admins}} USING (true) WITH CHECK (true)'
        for table in POLICY_TABLES
    ]


def policies() -> list[str]:
    """Every policy of the team's group, with ``{group}`` for the group role."""
    statements = _customer() + _others()
    for table, column, nullable in CHILDREN:
        statements += _child(table, column, nullable)
    for table, column, parent in GRANDCHILDREN:
        statements += _grandchild(table, column, parent)
    return statements


# An admin's search (`customers.search`): the customers' search columns through a view of
# the tables' owner, which only the admins' group may read. The server applies no policy
# below a view to its owner, so an admin's planner sees the columns' statistics, which it
# hides from any login under a policy (even one folded to true), and chooses between the
# trigram index and the newest first as the owner's does: without them a common word's
# first page read every match (840 ms against 8). It shows an admin nothing the admins'
# policies do not, and it calls no function (a new connection paid for PL/pgSQL and the
# rules' functions through ``crm_search_ids``: 1.5x to 1.9x the owner's cold search).
def admin_view() -> list[str]:
    """The view's statements, with ``{group}`` and ``{admins}``: after the group's grants
    (on every table, views too)."""
    return [
        f"CREATE OR REPLACE VIEW {SEARCH_VIEW} WITH (security_invoker = false)"
        " AS SELECT id, search_text, search_words FROM customer",
        f"REVOKE ALL ON {SEARCH_VIEW} FROM PUBLIC, {{group}}",
        f"GRANT SELECT ON {SEARCH_VIEW} TO {{admins}}",
    ]
