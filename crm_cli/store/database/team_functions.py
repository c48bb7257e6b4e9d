"""The SQL functions of team mode (issue 16, TEAM-3) that `crm db init-team` installs:
the visibility rules of `team_sql` as functions the policies call once per statement, the
search under the policies, and the writes the policies cannot allow.
"""

from __future__ import annotations

from crm_cli.store.database.team_sql import CHANGE, SEEN, on

_DEFINER = "LANGUAGE sql STABLE SECURITY DEFINER SET search_path = {schema}, pg_temp"
# PL/pgSQL keeps its statements' plans for the session: an SQL function that cannot be
# inlined (SECURITY DEFINER) is parsed and planned again in every statement that calls it,
# and the policies call them in every statement (milliseconds each, issue 16 point 6).
# Parallel safe: they read tables and the session's settings, which a parallel worker
# shares; a function that is not keeps every statement calling it in one process.
_PLPGSQL = (
    "LANGUAGE plpgsql STABLE PARALLEL SAFE SECURITY DEFINER SET search_path = {schema}, pg_temp"
)
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
    # `(SELECT crm_acting_user_id())`: once per query, where a call in the WHERE of a scan
    # would run per row read (a table read whole).
    "crm_is_admin()": """RETURNS boolean {plpgsql} AS $$ BEGIN
        RETURN coalesce((SELECT role = 'admin' FROM "user"
                          WHERE id = (SELECT crm_acting_user_id())), false);
        END $$""",
    "crm_is_manager()": """RETURNS boolean {plpgsql} AS $$ BEGIN
        RETURN coalesce((SELECT role = 'manager' FROM "user"
                          WHERE id = (SELECT crm_acting_user_id())), false);
        END $$""",
    # access.managed_owner_ids: oneself, and a manager's subordinates at any depth (UNION
    # stops at a cycle in the hierarchy). Anyone else is themselves, without the recursive
    # query (a tenth of a millisecond in each policy of each statement).
    "crm_managed_owner_ids()": """RETURNS SETOF integer {plpgsql} ROWS 20 AS $$
        DECLARE
            me integer := crm_acting_user_id();
        BEGIN
            IF NOT EXISTS (SELECT 1 FROM "user" u WHERE u.id = me AND u.role = 'manager') THEN
                IF me IS NOT NULL THEN
                    RETURN NEXT me;
                END IF;
                RETURN;
            END IF;
            RETURN QUERY
            WITH RECURSIVE below(id) AS (
                SELECT u.id FROM "user" u WHERE u.supervisor_id = me
                UNION SELECT u.id FROM "user" u JOIN below b ON u.supervisor_id = b.id)
            SELECT me UNION SELECT below.id FROM below;
        END $$""",
    # expenses.lookup.seen_by: oneself and everyone below, whatever one's role.
    "crm_team_ids()": """RETURNS SETOF integer {plpgsql} ROWS 20 AS $$ BEGIN
        RETURN QUERY
        WITH RECURSIVE below(id) AS (
            SELECT crm_acting_user_id()
            UNION SELECT u.id FROM "user" u JOIN below b ON u.supervisor_id = b.id)
        SELECT below.id FROM below;
        END $$""",
    "crm_delegated_customer_ids()": """RETURNS SETOF integer {plpgsql} ROWS 20 AS $$ BEGIN
        RETURN QUERY SELECT d.customer_id FROM delegation d
         WHERE d.delegate_id = (SELECT crm_acting_user_id()) AND d.until >= current_date
           AND d.revoked_at IS NULL;
        END $$""",
    # pool.visibility.OpenPool: members see the customers waiting in the pool.
    "crm_is_pool_member()": """RETURNS boolean {plpgsql} AS $$ BEGIN
        RETURN EXISTS (SELECT 1 FROM pool_member m WHERE m.user_id = crm_acting_user_id());
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
           AND EXISTS (SELECT 1 FROM pool_member m
                       WHERE m.user_id = (SELECT crm_acting_user_id()))
         LIMIT 1 $$""",
}


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
    END $$""".replace("SEEN", SEEN.format(c=on("c")))
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


# Who is in the admins' group (`team_sql.admin_policies`): the logins of the active admins,
# no one else. init-team runs it; so does a trigger on every change to a user's role,
# active flag or login, whoever makes it (crm, or an admin's psql), in the same
# transaction: a demoted, deactivated or remapped admin's login leaves the group with it.
# As the tables' owner, who created the group (CREATEROLE). Exact memberships only
# (pg_auth_members): pg_has_role counts a superuser as a member of every role. No percent
# sign (the driver reads the statement as a format): no format().
ADMINS = {
    "crm_admins_sync()": """RETURNS void LANGUAGE plpgsql VOLATILE SECURITY DEFINER
        SET search_path = {schema}, pg_temp AS $$
        DECLARE
            grp oid := to_regrole({admins});
            who text;
        BEGIN
            FOR who IN SELECT r.rolname FROM "user" u JOIN pg_roles r ON r.rolname = u.db_login
                        WHERE u.role = 'admin' AND u.active AND NOT EXISTS (
                              SELECT 1 FROM pg_auth_members m
                               WHERE m.roleid = grp AND m.member = r.oid)
            LOOP
                EXECUTE 'GRANT ' || quote_ident({admins}) || ' TO ' || quote_ident(who);
            END LOOP;
            FOR who IN SELECT r.rolname FROM pg_auth_members m JOIN pg_roles r ON r.oid = m.member
                        WHERE m.roleid = grp AND NOT EXISTS (
                              SELECT 1 FROM "user" u WHERE u.db_login = r.rolname
                                 AND u.role = 'admin' AND u.active)
            LOOP
                EXECUTE 'REVOKE ' || quote_ident({admins}) || ' FROM ' || quote_ident(who);
            END LOOP;
        END $$""",
    "crm_admins_follow()": """RETURNS trigger LANGUAGE plpgsql VOLATILE SECURITY DEFINER
        SET search_path = {schema}, pg_temp AS $$ BEGIN
            IF TG_OP = 'UPDATE' AND (NEW.role, NEW.active, NEW.db_login)
                    IS NOT DISTINCT FROM (OLD.role, OLD.active, OLD.db_login) THEN
                RETURN NULL;
            END IF;
            PERFORM crm_admins_sync();
            RETURN NULL;
        END $$""",
}
ADMINS_TRIGGER = (
    'CREATE TRIGGER crm_admins AFTER INSERT OR UPDATE OR DELETE ON "user"'
    " FOR EACH ROW EXECUTE FUNCTION crm_admins_follow()"
)


# Installed by a migration (0019: a customer's pieces of text noted by stretch of the name
# order), since every database writes through it; init-team gives them to the group alone.
MIGRATED = ("crm_note_grams(text[], integer[], text[], integer[])",)


# Functions an earlier crm installed that no policy calls any more: init-team drops them
# once it has replaced the policies.
RETIRED = ("crm_pool_customer_ids()",)


def functions(schema: str, admins: str) -> list[str]:
    """The statements that install every function; ``admins``: the admins' group."""
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
            + body.replace("{schema}", schema).replace("{rule}", CHANGE.format(c=on("c")))
        )
    literal = "'" + admins.replace("'", "''") + "'"
    for name, body in ADMINS.items():
        body = body.replace("{schema}", schema).replace("{admins}", literal)
        made.append(f"CREATE OR REPLACE FUNCTION {name} {body}")
    return made
