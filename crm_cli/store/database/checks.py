"""`crm db check`: the database's own integrity and the rules the store keeps, each a query
that names the records breaking it. What each rule says is what the code maintains:

- ``integrity`` (SQLite): ``PRAGMA integrity_check`` answers ok;
- ``references`` (SQLite, whose bulk writers switch the checks off): ``PRAGMA
  foreign_key_check`` finds no row referring to a missing one;
- ``customer_totals``: a customer's ``total_ordered`` and ``total_received`` are the sums
  of ``total`` and ``received`` over its approved, not deleted orders, ``balance_owed`` is
  their difference and ``last_order`` the latest of those orders' signing day (else the
  day it was made): `sales.order_totals.refresh_customer`;
- ``order_received``: an order's ``received`` is the sum of its receipts (`refresh_order`);
- ``order_settled``: an approved order is ``settled`` exactly when received >= total;
- ``installment_received``: an installment's ``received`` is the sum of its receipts;
- ``installments_sum``: an order with a plan: its installments plus the receipts taken on
  the order as a whole (before it had a plan) sum to its total (`sales.plans`);
- ``order_lines``, ``quote_lines``: an order's or quote's total is the sum of its lines;
- ``pool_holders``: a pool customer's holder is its owner; an unassigned one has no owner
  (`pool.models`); the pool's customers, and only they, are marked ``in_pool``;
- ``owner_copies``: a contact's ``owner_id`` is its customer's owner while the customer is
  live, NULL in the trash; an installment's or order line's is its order's owner where
  `crm today` counts the row, NULL elsewhere (migrations 0005, 0013; `sales.owners`); a
  reminder's ``customer_trashed_at`` is its customer's ``deleted_at`` (`activity.wiring`);
- ``unique_keys``: no two rows share a code, a login, or any other unique column or index;
- ``search_index`` (SQLite): each customer, and nothing else, is in both search tables,
  and numbered in name order (migration 0018) with the same texts under its number;
- ``admins_group`` (PostgreSQL in team mode): the admins' group, whose policies show every
  row, holds the logins of the active admins and no one else (`database.team`): a login a
  DBA put there by hand reads everything;
- ``team_keys`` (PostgreSQL in team mode): each record under a customer carries its
  customer's owner and marks, which its read policy tests (`database.team_keys`).

The rules' queries are in `rules.py`; SQLite's own checks here.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple

from crm_cli.store.core import team_mode
from crm_cli.store.core.db import db_proxy, reading
from crm_cli.store.core.errors import PermissionDenied, Phrase
from crm_cli.store.core.records import User
from crm_cli.store.customers import models as cm
from crm_cli.store.database import rules, team_keys
from crm_cli.store.database.records import CheckResult
from crm_cli.store.database.rules import Probe, first, labelled
from crm_cli.store.database.tables import kind_of, quoted, search_index_names

EXAMPLES = 10  # records named per failed check


def search_index(db: Any) -> list[Probe]:
    customer = quoted(db, cm.Customer._meta.table_name)
    found = []
    for name in search_index_names():
        missing = (
            f"SELECT code FROM {customer} c WHERE NOT EXISTS "
            f"(SELECT 1 FROM {name} f WHERE f.rowid = c.id)"
        )
        extra = f"SELECT rowid FROM {name} WHERE rowid NOT IN (SELECT id FROM {customer})"
        found.append(Probe(missing, (), labelled("{values} not in {index}", index=name)))
        found.append(Probe(extra, (), labelled("{index} row {values}", index=name)))
    return found + _name_order(customer)


def _name_order(customer: str) -> list[Probe]:
    """`customers.name_order`: one number per customer, growing with (name, id), and under
    each number the texts the customer's id has in the search index."""
    ranks = "customer_name_rank"
    unranked = (f"SELECT code FROM {customer} c WHERE NOT EXISTS "
                f"(SELECT 1 FROM {ranks} r WHERE r.customer_id = c.id)")  # fmt: skip
    gone = f"SELECT rank FROM {ranks} WHERE customer_id NOT IN (SELECT id FROM {customer})"
    disorder = (
        "SELECT code FROM (SELECT c.code, r.rank, lag(r.rank) OVER (ORDER BY c.name, c.id) prev"
        f" FROM {customer} c JOIN {ranks} r ON r.customer_id = c.id) x WHERE rank <= prev"
    )
    found = [
        Probe(unranked, (), labelled("{values} not in {index}", index=ranks)),
        Probe(gone, (), labelled("{index} row {values}", index=ranks)),
        Probe(disorder, (), labelled("{values} out of name order in {index}", index=ranks)),
    ]
    pairs = (("customer_name_fts", "customer_fts"), ("customer_name_words", "customer_words"))
    for name, source in pairs:
        differs = (
            f"SELECT r.rank FROM {ranks} r LEFT JOIN {name} n ON n.rowid = r.rank"
            f" LEFT JOIN {source} s ON s.rowid = r.customer_id WHERE n.body IS NOT s.body"
        )
        extra = f"SELECT rowid FROM {name} WHERE rowid NOT IN (SELECT rank FROM {ranks})"
        found.append(Probe(differs, (), labelled("{index} differs at {values}", index=name)))
        found.append(Probe(extra, (), labelled("{index} row {values}", index=name)))
    return found


# Exact memberships (a superuser counts as a member of every role for pg_has_role).
_MEMBERS = (
    "SELECT r.rolname FROM pg_auth_members m JOIN pg_roles r ON r.oid = m.member"
    " WHERE m.roleid = to_regrole(%s)"
)
_ADMIN_LOGINS = (
    'SELECT u.db_login FROM "user" u'
    " WHERE u.role = 'admin' AND u.active AND u.db_login IS NOT NULL"
)


def admins_group(db: Any) -> list[Probe]:
    admins = team_mode.admin_group(team_mode.group_role(db) or "")
    extra = f"SELECT rolname FROM ({_MEMBERS}) g WHERE rolname NOT IN ({_ADMIN_LOGINS})"
    missing = (
        f"SELECT a.db_login FROM ({_ADMIN_LOGINS}) a JOIN pg_roles r ON r.rolname = a.db_login"
        f" WHERE a.db_login NOT IN ({_MEMBERS})"
    )
    return [
        Probe(extra, (admins,), labelled("{values} (in the admins' group, not an active admin)")),
        Probe(missing, (admins,), labelled("{values} (an active admin, not in the admins' group)")),
    ]


def team_keys_match(db: Any) -> list[Probe]:
    added = {
        table
        for (table,) in db.execute_sql(
            "SELECT table_name FROM information_schema.columns"
            " WHERE table_schema = current_schema() AND column_name = %s", (team_keys.KEYS[0],)
        ).fetchall()
    }  # fmt: skip
    found = []
    for table, sql in team_keys.mismatches(added.__contains__):
        if sql is None:
            missing = labelled("{values}: no copies of its customers' rules (run crm db init-team)")
            found.append(Probe("SELECT %s", (table,), missing))
        else:
            found.append(Probe(sql, (), labelled("{table} row {values}", table=table)))
    return found


def integrity(db: Any) -> list[Probe]:
    sql = "SELECT * FROM pragma_integrity_check WHERE integrity_check <> 'ok'"
    return [Probe(sql, (), first, "")]


def references(db: Any) -> list[Probe]:
    return [Probe("SELECT * FROM pragma_foreign_key_check", (), _reference, "")]


def _reference(row: tuple[Any, ...]) -> str:
    return Phrase(
        "{table} row {row} refers to a missing {parent}", table=row[0], row=row[1], parent=row[2]
    )


class Check(NamedTuple):
    name: str
    about: str
    probes: Callable[[Any], list[Probe]]
    sqlite_only: bool = False
    team_only: bool = False  # PostgreSQL in team mode


CHECKS = (
    Check("integrity", "SQLite's integrity check answers ok", integrity, True),
    Check("references", "every reference finds its row", references, True),
    Check("customer_totals", "customer totals are the sums of their approved orders",
          rules.customer_totals),
    Check("order_received", "an order's received is the sum of its receipts",
          rules.order_received),
    Check("order_settled", "an approved order is settled when received >= total",
          rules.order_settled),
    Check("installment_received", "an installment's received is the sum of its receipts",
          rules.installment_received),
    Check("installments_sum", "installments (and receipts outside them) sum to the order",
          rules.installments_sum),
    Check("order_lines", "an order's total is the sum of its lines", rules.order_lines),
    Check("quote_lines", "a quote's total is the sum of its lines", rules.quote_lines),
    Check("pool_holders", "a pool customer's holder is its owner, and it is marked in the pool",
          rules.pool_holders),
    Check("owner_copies", "copies on contacts, installments, lines, reminders match",
          rules.owner_copies),
    Check("unique_keys", "no two rows share a code or other unique key", rules.unique_keys),
    Check("search_index", "every customer, and only they, in the search index", search_index,
          True),
    Check("admins_group", "the admins' group holds the active admins' logins, no one else",
          admins_group, team_only=True),
    Check("team_keys", "records carry their customer's owner and marks for the server's rules",
          team_keys_match, team_only=True),
)  # fmt: skip


def run_checks(db: Any) -> list[CheckResult]:
    """Every check that applies to ``db``'s backend, in ``CHECKS`` order."""
    sqlite = kind_of(db) == "sqlite"
    team = kind_of(db) == "postgres" and team_mode.group_role(db) is not None
    return [
        _run(db, check)
        for check in CHECKS
        if (sqlite or not check.sqlite_only) and (team or not check.team_only)
    ]


def _run(db: Any, check: Check) -> CheckResult:
    problems, records = 0, list[str]()
    for probe in check.probes(db):
        count = db.execute_sql(f"SELECT COUNT(*) FROM ({probe.sql}) x", probe.params)
        found = int(count.fetchone()[0])
        problems += found
        if found and len(records) < EXAMPLES:
            order = f" ORDER BY {probe.order}" if probe.order else ""
            sql = f"SELECT * FROM ({probe.sql}) x{order} LIMIT {EXAMPLES - len(records)}"
            records += [probe.show(row) for row in db.execute_sql(sql, probe.params).fetchall()]
    return CheckResult(check.name, problems == 0, problems, tuple(records), check.about)


@reading
def check_database(actor: User) -> list[CheckResult]:
    """Run every check on the open database (admins: it reads every record).

    Raises:
        PermissionDenied: the actor is not an admin.
    """
    if not actor.is_admin:
        raise PermissionDenied("only an admin may check the database")
    return run_checks(db_proxy.obj)
