"""PostgreSQL: which stretches of the name order hold which two- and three-letter pieces of
the search text, so that a search sorted by name starts where its matches are.

A search sorted by name read every match of a common word and sorted them (有限公司, in
60 % of 1 M customers: 1.5 to 3 s), or walked the name index past the 300 k Latin names
before the first match; the trigram index gives its matches in no order. SQLite keeps its
search index in name order (migration 0018); PostgreSQL's GIN cannot, and RUM, which can,
is not in the server's standard packages. ``customer_name_bucket`` cuts the name order into
buckets of about a thousand customers (each bucket's first (name, id)); ``customer_gram``
holds, for each piece of the lowered search text, a bit per bucket that has it. A word's
pieces, their bits ANDed, name the buckets that may hold a match, and the name index is read
from the first of them (`customers.name_buckets`; `core.name_grams` builds the tables, here
and after the store's bulk writes).

``crm_note_grams`` adds new customers' pieces to the table as their owner (SECURITY
DEFINER): a team's logins write through it and cannot read the pieces, which would tell
them which names exist beyond what they may see.
"""

from typing import Any

import peewee as pw

from crm_cli.store.core import name_grams

FUNCTION = "crm_note_grams(text[], integer[], text[], integer[])"
NOTE_GRAMS = """
CREATE FUNCTION crm_note_grams(names text[], ids integer[], grams text[], owners integer[])
RETURNS void LANGUAGE sql SECURITY DEFINER SET search_path = {schema}, pg_temp AS $$
  WITH placed AS (
    SELECT u.ord, coalesce((
      SELECT b.bucket FROM customer_name_bucket b WHERE (b.low_name, b.low_id) <= (u.name, u.id)
      ORDER BY b.low_name DESC, b.low_id DESC LIMIT 1), 0) AS bucket
    FROM unnest(names, ids) WITH ORDINALITY AS u(name, id, ord)
  ), wanted AS (
    SELECT DISTINCT w.gram, p.bucket
    FROM unnest(grams, owners) AS w(gram, owner) JOIN placed p ON p.ord = w.owner
    WHERE NOT EXISTS (SELECT 1 FROM customer_gram g
                      WHERE g.gram = w.gram AND get_bit(g.buckets, p.bucket) = 1)
  ), zero AS (
    SELECT repeat('0', count(*)::integer)::varbit AS bits FROM customer_name_bucket
  )
  INSERT INTO customer_gram AS g (gram, buckets)
  SELECT w.gram, bit_or(set_bit(zero.bits, w.bucket, 1)) FROM wanted w, zero
  GROUP BY w.gram ORDER BY w.gram
  ON CONFLICT (gram) DO UPDATE SET buckets = g.buckets | excluded.buckets
$$
"""


def up(migrator: Any, db: pw.Database) -> None:
    if not isinstance(db, pw.PostgresqlDatabase):
        return
    db.execute_sql(
        "CREATE TABLE customer_name_bucket (bucket integer PRIMARY KEY,"
        " low_name text NOT NULL, low_id integer NOT NULL)"
    )
    db.execute_sql("CREATE UNIQUE INDEX customer_name_bucket_low ON customer_name_bucket"
                   " (low_name, low_id)")  # fmt: skip
    db.execute_sql("CREATE TABLE customer_gram (gram text PRIMARY KEY, buckets varbit NOT NULL)")
    schema = db.execute_sql("SELECT quote_ident(current_schema())").fetchone()[0]
    db.execute_sql(NOTE_GRAMS.format(schema=schema))
    group = db.execute_sql("SELECT group_role FROM team_mode LIMIT 1").fetchone()
    if group is not None:  # a team's database (migration 0016): as `crm db init-team` leaves
        role = _q(group[0])  # it (`database.team`), its logins note pieces but read none
        db.execute_sql(f"REVOKE ALL ON customer_name_bucket, customer_gram FROM {role}")
        db.execute_sql(f"REVOKE ALL ON FUNCTION {FUNCTION} FROM PUBLIC")
        db.execute_sql(f"GRANT EXECUTE ON FUNCTION {FUNCTION} TO {role}")
    name_grams.build(db)


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'
