"""Each customer's visibility copied onto the records under it, in team mode (issue 16,
point 6): what `crm db init-team` adds, and the triggers that keep it.

A record's read policy (`team_sql`) tested its customer per record: a probe of the
customer's primary key, under the customer's own policy, for every row a statement read.
That kept a report or `crm today` in one process and cost it 1.3 to 1.8 times the owner's
at 1,000,000 customers. Now each record under a customer carries copies of what the
customer's read rule looks at (``crm_owner_id``, ``crm_public``, ``crm_pool``; a record
under an order or a quote also ``crm_customer_id``), and its policy tests those as the
customer's policy tests its own columns: no customer read per row.

The copies are the server's, not crm's: the models do not know them (dumps and copies
leave them out), and no crm writer sets them. Triggers of the tables' owner do, whoever
writes (crm, an admin's psql, a bulk import): before a record is written its copies are
taken from its customer, overwriting whatever the writer gave (a login cannot forge
them); after a customer, an order or a quote changes hands or marks, the records under
it follow. Each update's trigger says when it runs (``WHEN``, which the server tests
without calling the function): a write that moves nothing runs no PL/pgSQL.
init-team adds and fills them; `crm db check` compares them (the ``team_keys`` check).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

from crm_cli.store.database.team_sql import CHILDREN, GRANDCHILDREN

KEYS = ("crm_owner_id", "crm_public", "crm_pool")
TYPES = ("integer", "boolean", "boolean")
# the customer's columns the keys copy, in KEYS order
SOURCE = ("owner_id", "is_public", "in_pool")
# what an order's or a quote's records copy from it
PARENT_KEYS = ("customer_id", *KEYS)
# the tables records hang under (besides the customer), and the column naming one
PARENTS = {parent: column for _table, column, parent in GRANDCHILDREN}
_FUNCTION = (
    "RETURNS trigger LANGUAGE plpgsql VOLATILE SECURITY DEFINER"
    " SET search_path = {schema}, pg_temp AS $$ BODY $$"
)


class Keyed(NamedTuple):
    """A table with copies: the column naming its parent, and the parent when it is not
    the customer (an order's or a quote's record then also copies the customer's id)."""

    table: str
    column: str
    parent: str | None

    @property
    def keys(self) -> tuple[str, ...]:
        return ("crm_customer_id", *KEYS) if self.parent else KEYS

    @property
    def types(self) -> tuple[str, ...]:
        return ("integer", *TYPES) if self.parent else TYPES

    @property
    def sources(self) -> tuple[str, ...]:
        """What each copy is, with c the customer and p the parent."""
        found = tuple(f"c.{s}" for s in SOURCE)
        return ("p.customer_id", *found) if self.parent else found

    def source(self, row: str) -> str:
        """FROM and the join of ``row``'s customer (through its parent)."""
        if self.parent:
            return (
                f"{self.parent} p JOIN customer c ON c.id = p.customer_id"
                f" WHERE p.id = {row}.{self.column}"
            )
        return f"customer c WHERE c.id = {row}.{self.column}"


KEYED = tuple(Keyed(t, c, None) for t, c, _n in CHILDREN) + tuple(
    Keyed(t, c, p) for t, c, p in GRANDCHILDREN
)


def _tuple(alias: str, names: tuple[str, ...]) -> str:
    return "(" + ", ".join(f"{alias}.{n}" for n in names) + ")"


def _function(name: str, body: str) -> str:
    return f"CREATE OR REPLACE FUNCTION {name}() {_FUNCTION.replace('BODY', body)}"


def _before(name: str, keyed: Keyed) -> str:
    """The row trigger's function: a record's copies, from its customer. A SELECT INTO
    finding no row (a record naming no customer) sets every copy to NULL."""
    into = ", ".join(f"NEW.{k}" for k in keyed.keys)
    return _function(
        name,
        f"BEGIN SELECT {', '.join(keyed.sources)} INTO {into} FROM {keyed.source('NEW')};"
        " RETURN NEW; END",
    )


def _follow(parent: str, watched: tuple[str, ...]) -> str:
    """The function of a parent's (customer, order, quote) row trigger, run when the
    watched columns moved: the records under it are written with their new copies (which
    their own trigger then takes from the customer itself)."""
    body = ["BEGIN"]
    for keyed in KEYED:
        if (keyed.parent or "customer") == parent:
            sets = ", ".join(f"{k} = NEW.{v}" for k, v in zip(keyed.keys, watched, strict=True))
            body.append(
                f' UPDATE "{keyed.table}" t SET {sets} WHERE t.{keyed.column} = NEW.id'
                f" AND {_tuple('t', keyed.keys)} IS DISTINCT FROM {_tuple('NEW', watched)};"
            )
    body.append(" RETURN NULL; END")
    return _function(f"crm_keys_follow_{parent}", "".join(body))


def _moved(columns: tuple[str, ...]) -> str:
    """A trigger's WHEN: the server tests it without calling the function, so a write
    that changes none of ``columns`` (most: a payment's amount, a customer's last contact)
    runs no PL/pgSQL."""
    return f"WHEN ({_tuple('OLD', columns)} IS DISTINCT FROM {_tuple('NEW', columns)})"


def names() -> list[str]:
    """The trigger functions' names."""
    return [
        "crm_keys_of_customer",
        *(f"crm_keys_of_{p}" for p in PARENTS),
        *(f"crm_keys_follow_{p}" for p in ("customer", *PARENTS)),
    ]


def functions() -> list[str]:
    """The trigger functions (``{schema}`` for the schema), in ``names`` order."""
    # One function per parent (None: the customer): its tables name it by the same column.
    first = {k.parent: k for k in reversed(KEYED)}
    made = [_before("crm_keys_of_customer", first[None])]
    made += [_before(f"crm_keys_of_{p}", first[p]) for p in PARENTS]
    made.append(_follow("customer", SOURCE))
    made += [_follow(p, PARENT_KEYS) for p in PARENTS]
    return made


def columns() -> list[str]:
    """The copies' columns (no default: adding them rewrites no table)."""
    made = []
    for k in KEYED:
        adds = (f"ADD COLUMN IF NOT EXISTS {n} {t}" for n, t in zip(k.keys, k.types, strict=True))
        made.append(f'ALTER TABLE "{k.table}" ' + ", ".join(adds))
    return made


def fill() -> list[str]:
    """The copies where they differ (all of them the first time), set-wise: before the
    triggers exist, which would run per row. A record naming no customer keeps NULLs."""
    made = []
    for k in KEYED:
        sets = ", ".join(f"{n} = {v}" for n, v in zip(k.keys, k.sources, strict=True))
        made.append(
            f'UPDATE "{k.table}" t SET {sets} FROM {k.source("t")}'
            f" AND {_tuple('t', k.keys)} IS DISTINCT FROM ({', '.join(k.sources)})"
        )
    return made


def triggers() -> list[str]:
    """The triggers, in place of any installed."""
    made = []
    for k in KEYED:
        function = f"crm_keys_of_{k.parent or 'customer'}()"
        made += [
            f'DROP TRIGGER IF EXISTS {t} ON "{k.table}"' for t in ("crm_keys", "crm_keys_moved")
        ]
        made.append(
            f'CREATE TRIGGER crm_keys BEFORE INSERT ON "{k.table}"'
            f" FOR EACH ROW EXECUTE FUNCTION {function}"
        )
        made.append(
            f'CREATE TRIGGER crm_keys_moved BEFORE UPDATE ON "{k.table}" FOR EACH ROW'
            f" {_moved((k.column, *k.keys))} EXECUTE FUNCTION {function}"
        )
    for parent, watched in (("customer", SOURCE), *((p, PARENT_KEYS) for p in PARENTS)):
        made.append(f'DROP TRIGGER IF EXISTS crm_keys_follow ON "{parent}"')
        made.append(
            f'CREATE TRIGGER crm_keys_follow AFTER UPDATE ON "{parent}" FOR EACH ROW'
            f" {_moved(watched)} EXECUTE FUNCTION crm_keys_follow_{parent}()"
        )
    return made


def install(execute: Callable[[str], object], schema: str) -> None:
    """Add, fill and keep the copies (the tables' owner, in init-team's transaction: the
    tables stay locked from the columns' ALTER to the triggers)."""
    for sql in columns() + functions() + fill() + triggers():
        execute(sql.replace("{schema}", schema))
    for name in names():  # run by their triggers only
        execute(f"REVOKE ALL ON FUNCTION {name}() FROM PUBLIC")


def mismatches(present: Callable[[str], bool]) -> list[tuple[str, str | None]]:
    """(table, the ids of its records whose copies differ from their customer's), or
    (table, None) where ``present(table)`` says init-team has not added them yet."""
    made: list[tuple[str, str | None]] = []
    for k in KEYED:
        if not present(k.table):
            made.append((k.table, None))
            continue
        # LEFT JOINs: a record naming no customer (or a missing one) has NULL copies.
        joined = f"LEFT JOIN customer c ON c.id = t.{k.column}"
        if k.parent:
            joined = (
                f"LEFT JOIN {k.parent} p ON p.id = t.{k.column}"
                " LEFT JOIN customer c ON c.id = p.customer_id"
            )
        differ = f"{_tuple('t', k.keys)} IS DISTINCT FROM ({', '.join(k.sources)})"
        made.append((k.table, f'SELECT t.id FROM "{k.table}" t {joined} WHERE {differ}'))
    return made
