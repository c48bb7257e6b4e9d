"""The visibility rules of USR-3 as PostgreSQL enforces them (issue 16, TEAM-3): the SQL
functions and row-level security policies `crm db init-team` installs.

They mirror `customers.access` (and the open pool's rule from `pool.visibility`): a login
sees its own customers, public ones, those delegated to it until the delegation's end date
(``current_date``: the server's day, not ``--as-of``), the open pool if it is a pool
member, its subordinates' (recursively) if it is a manager, and everything if it is an
admin. It changes what it edits: its own (and its subordinates') and delegated customers,
not public ones. A record under a customer follows its customer.

The functions run as the tables' owner (SECURITY DEFINER, which the policies need: a
policy reading the tables it guards would recurse) and read the same tables the store
does. Each runs once per statement, never row by row (a per-row call costs a query per
row; see the reference notes on team security): as an initplan, ``(SELECT f())`` or an
array ``x = ANY (ARRAY(SELECT f()))`` an index can answer, or a hashed subplan for the
open pool. They are PL/pgSQL, whose plans last the session (issue 16, point 6;
`tests/store/test_team_plans.py`, `bench/team_policy_cost.py`).
"""

from __future__ import annotations

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

_DEFINER = "LANGUAGE sql STABLE SECURITY DEFINER SET search_path = {schema}, pg_temp"
# PL/pgSQL keeps its statements' plans for the session: an SQL function that cannot be
# inlined (SECURITY DEFINER) is parsed and planned again in every statement that calls it,
# and the policies call them in every statement (milliseconds each, issue 16 point 6).
_PLPGSQL = "LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = {schema}, pg_temp"
FUNCTIONS = {
    # The person behind the connection: session_user, which no SET ROLE moves.
    "crm_login_user_id()": """RETURNS integer {plpgsql} AS $$ BEGIN
        RETURN (SELECT u.id FROM "user" u WHERE u.db_login = session_user AND u.active);
        END $$""",
    # An admin's login may act as someone else (crm.act_as); anyone else is themselves.
    # An empty setting (what a SET LOCAL leaves once its transaction ends) is no one.
    "crm_acting_user_id()": """RETURNS integer {plpgsql} AS $$
        DECLARE
            me integer;
            admin boolean;
            other text := nullif(current_setting('crm.act_as', true), '');
        BEGIN
            SELECT l.id, l.role = 'admin' INTO me, admin
              FROM "user" l WHERE l.db_login = session_user AND l.active;
            IF admin AND other IS NOT NULL THEN
                RETURN (SELECT t.id FROM "user" t WHERE t.id = other::integer AND t.active);
            END IF;
            RETURN me;
        END $$""",
    "crm_is_admin()": """RETURNS boolean {plpgsql} AS $$ BEGIN
        RETURN coalesce((SELECT role = 'admin' FROM "user" WHERE id = crm_acting_user_id()),
                        false);
        END $$""",
    "crm_is_manager()": """RETURNS boolean {plpgsql} AS $$ BEGIN
        RETURN coalesce((SELECT role = 'manager' FROM "user" WHERE id = crm_acting_user_id()),
                        false);
        END $$""",
    # access.managed_owner_ids: oneself, and a manager's subordinates at any depth (UNION
    # stops at a cycle in the hierarchy).
    "crm_managed_owner_ids()": """RETURNS SETOF integer {plpgsql} ROWS 20 AS $$ BEGIN
        RETURN QUERY
        WITH RECURSIVE me AS (SELECT u.id, u.role FROM "user" u
                               WHERE u.id = crm_acting_user_id()),
        below(id) AS (
            SELECT u.id FROM "user" u JOIN me ON u.supervisor_id = me.id
             WHERE me.role = 'manager'
            UNION SELECT u.id FROM "user" u JOIN below b ON u.supervisor_id = b.id)
        SELECT me.id FROM me UNION SELECT below.id FROM below;
        END $$""",
    "crm_delegated_customer_ids()": """RETURNS SETOF integer {plpgsql} ROWS 20 AS $$ BEGIN
        RETURN QUERY SELECT d.customer_id FROM delegation d
         WHERE d.delegate_id = crm_acting_user_id() AND d.until >= current_date
           AND d.revoked_at IS NULL;
        END $$""",
    # pool.visibility.OpenPool: members see the customers waiting in the pool; and a
    # holder its own, which it owns too except inside the claim (holder first, owner next).
    "crm_pool_customer_ids()": """RETURNS SETOF integer {plpgsql} ROWS 100 AS $$ BEGIN
        RETURN QUERY SELECT p.customer_id FROM pool_customer p
         WHERE (p.holder_id IS NULL AND EXISTS (
                SELECT 1 FROM pool_member m WHERE m.user_id = crm_acting_user_id()))
            OR p.holder_id = crm_acting_user_id();
        END $$""",
    # pool.common.pool_customer: a member names a pool customer someone else now holds
    # (a claim that lost its race); the server hides that customer, so this says only how
    # it left the open pool (claim or assign), never to whom.
    "crm_pool_taken(text)": """RETURNS TABLE (code text, action text) {definer} AS $$
        SELECT c.code::text, coalesce((SELECT l.action FROM pool_log l
                          WHERE l.customer_id = c.id AND l.action IN ('claim', 'assign')
                          ORDER BY l.id DESC LIMIT 1), 'claim')::text
          FROM customer c JOIN pool_customer p ON p.customer_id = c.id
         WHERE (c.code = upper($1) OR c.name = $1) AND c.deleted_at IS NULL
           AND p.holder_id IS NOT NULL
           AND EXISTS (SELECT 1 FROM pool_member m WHERE m.user_id = crm_acting_user_id())
         LIMIT 1 $$""",
}

# Each function runs once per statement, as an initplan: `(SELECT f())`, and the sets as
# arrays, `= ANY (ARRAY(SELECT f()))`, which an index on the column answers (owner_id, the
# primary key) where `IN (SELECT f())` is a subplan tested on every row. The open pool may
# be large: a hashed subplan tests it, where an array would be searched row by row.
ADMIN = "(SELECT crm_is_admin())"
OWNERS = "{c}.owner_id = ANY (ARRAY(SELECT crm_managed_owner_ids()))"
EDIT = ADMIN + " OR " + OWNERS + " OR {c}.id = ANY (ARRAY(SELECT crm_delegated_customer_ids()))"
READ = EDIT + " OR {c}.is_public OR {c}.id IN (SELECT crm_pool_customer_ids())"
# access.can_manage: delete (the trash is an UPDATE; this is purge).
MANAGE = ADMIN + " OR ((SELECT crm_is_manager()) AND " + OWNERS + ")"
# Ends a record's EXISTS on its parent: no hashing of the parent table (see _child).
PROBE = "OFFSET 0"


# Customer search (CUS-6) under the policies (issue 16, point 6). The server keeps ILIKE
# and @@ (not LEAKPROOF) above the policy, so neither may use its index there: every
# visible customer was read and tested. This runs the search as the owner, through the
# trigram and word indexes, planned with the terms' values (EXECUTE), and keeps what the
# read policy shows the acting user (its rule, the admin's test made once): the ids of
# the visible matches; with `lim`, the newest `lim`, newest first. The caller's own policy
# applies again on top, so it can only narrow. A LIKE pattern ending in its escape
# character fails only once a row is tested, which would tell whether any customer,
# visible or not, has the pattern's trigrams: refused before any row is read;
# to_tsquery('simple', constant) fails, if at all, while planning. No percent sign: the
# driver reads the statement as a format.
SEARCH = r"""RETURNS SETOF integer {plpgsql} ROWS 100 AS $$
    DECLARE
        likes ALIAS FOR $1;
        words ALIAS FOR $2;
        lim ALIAS FOR $3;
        sql text := 'SELECT c.id FROM customer c WHERE ';
    BEGIN
        IF EXISTS (SELECT 1 FROM unnest(likes) p WHERE p ~ '(^|[^\\])(\\\\)*\\$') THEN
            RAISE EXCEPTION 'a search pattern may not end with its escape character';
        END IF;
        sql := sql || CASE WHEN crm_is_admin() THEN 'true' ELSE $seen$(SEEN)$seen$ END
            || coalesce((SELECT string_agg(' AND c.search_text ILIKE ' || quote_literal(p), '')
                           FROM unnest(likes) p), '')
            || coalesce((SELECT string_agg(' AND c.search_words @@ to_tsquery(''simple'', '
                                           || quote_literal(w) || ')', '')
                           FROM unnest(words) w), '');
        IF lim IS NOT NULL THEN
            sql := sql || ' ORDER BY c.id DESC LIMIT ' || lim;
        END IF;
        RETURN QUERY EXECUTE sql;
    END $$""".replace("SEEN", READ.removeprefix(ADMIN + " OR ").format(c="c"))
FUNCTIONS["crm_search_ids(text[], text[], integer)"] = SEARCH


# Writes the policies cannot allow (issue 16): PostgreSQL checks an updated row against the
# read rule too, so a customer handed to someone outside the editor's view would be refused.
# Each checks the UPDATE policy's own rule first, then writes as the tables' owner: the
# customer and the owner copies its contacts keep (`customers.owners`); 0 when refused.
WRITERS = {
    "crm_hand_over(integer, integer, timestamp)": """(
        customer_id integer, new_owner integer, at timestamp DEFAULT localtimestamp)
        RETURNS integer LANGUAGE sql VOLATILE SECURITY DEFINER
        SET search_path = {schema}, pg_temp AS $$
        WITH moved AS (
            UPDATE customer c SET owner_id = new_owner, updated_at = at
             WHERE c.id = crm_hand_over.customer_id AND c.deleted_at IS NULL
               AND ({rule})
               AND (new_owner IS NULL OR EXISTS (
                    SELECT 1 FROM "user" u WHERE u.id = new_owner AND u.active))
            RETURNING c.id),
        copies AS (
            UPDATE contact t SET owner_id = new_owner FROM moved WHERE t.customer_id = moved.id)
        SELECT count(*)::integer FROM moved $$""",
}
# The customer UPDATE policy's USING: the edit rule, or the pool rule for a pool move.
CHANGE = EDIT + " OR {c}.id IN (SELECT crm_pool_customer_ids())"


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
    c = "customer"
    # A pool member claims an open pool customer by updating it. The new row passes WITH
    # CHECK but must still be readable (the UPDATE's WHERE reads it): a hand-over beyond
    # the editor's view goes through crm_hand_over instead.
    return [
        f"CREATE POLICY crm_read ON {c} FOR SELECT TO {{group}} USING ({READ.format(c=c)})",
        f"CREATE POLICY crm_insert ON {c} FOR INSERT TO {{group}} WITH CHECK ({EDIT.format(c=c)})",
        f"CREATE POLICY crm_update ON {c} FOR UPDATE TO {{group}}"
        f" USING ({CHANGE.format(c=c)}) WITH CHECK (true)",
        f"CREATE POLICY crm_delete ON {c} FOR DELETE TO {{group}} USING ({MANAGE.format(c=c)})",
    ]


def _child(table: str, column: str, nullable: bool) -> list[str]:
    # The EXISTS reads customer through its own read policy: a child is visible exactly
    # when its customer is. OFFSET 0 keeps it a probe of the customer's primary key per
    # row: unable to estimate under row-level security, the planner otherwise hashed every
    # visible customer, reading the whole table in each statement (issue 16, point 6).
    parent = f'EXISTS (SELECT 1 FROM customer c WHERE c.id = "{table}".{column}'
    seen = parent + f" {PROBE})"
    edit = f"{parent} AND ({EDIT.format(c='c')}) {PROBE})"
    if table == "pool_customer":  # claiming: a member takes an open pool customer
        edit = f"({edit} OR {column} IN (SELECT crm_pool_customer_ids()))"
    if nullable:
        # Someone's own item that may name a customer: a customer they see is enough.
        seen = edit = f"({column} IS NULL OR {seen})"
    # An admin's rows skip the subplan that reads the customer, row by row.
    return _policies(table, f"{ADMIN} OR {seen}", f"{ADMIN} OR {edit}")


def _grandchild(table: str, column: str, parent: str) -> list[str]:
    seen = f'{ADMIN} OR EXISTS (SELECT 1 FROM {parent} p WHERE p.id = "{table}".{column} {PROBE})'
    edit = (
        f"{ADMIN} OR EXISTS (SELECT 1 FROM {parent} p JOIN customer c ON c.id = p.customer_id"
        f' WHERE p.id = "{table}".{column} AND ({EDIT.format(c="c")}) {PROBE})'
    )
    return _policies(table, seen, edit)


def _others() -> list[str]:
    admin_writes = [sql for t in ADMIN_WRITES for sql in _policies(t, "true", ADMIN)]
    # The log: read beside its customer (admins all, anyone their own); written only in
    # one's own name; never changed (no UPDATE or DELETE grant either).
    log_read = (
        f"{ADMIN} OR actor_id = (SELECT crm_login_user_id()) OR customer_id IS NULL"
        f" OR EXISTS (SELECT 1 FROM customer c WHERE c.id = op_log.customer_id {PROBE})"
    )
    log_write = "actor_id IN ((SELECT crm_login_user_id()), (SELECT crm_acting_user_id()))"
    return [*admin_writes, *_policies("op_log", log_read, log_write, "false")]


def policies() -> list[str]:
    """Every policy, with ``{group}`` for the group role."""
    statements = _customer() + _others()
    for table, column, nullable in CHILDREN:
        statements += _child(table, column, nullable)
    for table, column, parent in GRANDCHILDREN:
        statements += _grandchild(table, column, parent)
    return statements


def functions(schema: str) -> list[str]:
    definer = _DEFINER.format(schema=schema)
    plpgsql = _PLPGSQL.format(schema=schema)
    made = [
        f"CREATE OR REPLACE FUNCTION {name} {body.format(definer=definer, plpgsql=plpgsql)}"
        for name, body in FUNCTIONS.items()
    ]
    for name, body in WRITERS.items():
        function = name.split("(")[0]
        made.append(
            f"CREATE OR REPLACE FUNCTION {function}"
            + body.replace("{schema}", schema).replace("{rule}", CHANGE.format(c="c"))
        )
    return made
