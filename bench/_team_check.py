"""After a run of `team_load.py`: the writes the people were told succeeded against the
rows in the database (read as the superuser, past row-level security), and `crm db check`.

A contact record, a quote and a receipt carry their write's token (summary, subject,
note): a token reported but not found is a lost write, one found twice a doubled write,
one found but reported failed (or never reported) an unreported write. A claim is the
pool log's ``claim`` row: a customer claimed twice in the run (each run claims from a
part of the pool of its own), or reported won by a person who is not its holder now, is
doubled or lost.
"""

from __future__ import annotations

import tempfile
from collections import Counter
from pathlib import Path
from typing import NamedTuple

from _common import crm_command, run, url_env
from _team_db import DBNAME, Server
from _team_people import Result

WRITES = {  # action: (table, column holding the token)
    "log contact": ("activity", "summary"),
    "add quote": ("quote", "subject"),
    "pay": ("payment", "note"),
}


class WriteCheck(NamedTuple):
    writes: int  # reported successful (claims included)
    lost: list[str]
    doubled: list[str]
    unreported: list[str]
    hidden: int  # claims refused "no customer" (exit 4) while another person held it

    def ok(self) -> bool:
        return not (self.lost or self.doubled or self.unreported)


def check_writes(
    server: Server, tag: str, results: list[Result], pool: tuple[str, ...]
) -> WriteCheck:
    """Every write of the run whose tokens start with ``tag``; claims of the customers in
    ``pool`` (each run claims from a part of the pool of its own)."""
    samples = [s for r in results for s in r.samples]
    lost, doubled, unreported, writes = [], [], [], 0
    for action, (table, column) in WRITES.items():
        told = {s.detail for s in samples if s.action == action and s.kind == "ok"}
        rows = server.sql(f'SELECT "{column}", count(*) FROM "{table}" WHERE "{column}" LIKE %s '
                          f'GROUP BY "{column}"', f"{tag}%", dbname=DBNAME)  # fmt: skip
        found = dict(rows)
        writes += len(told)
        lost += [f"{action} {t}" for t in sorted(told - found.keys())]
        doubled += [f"{action} {t} x{n}" for t, n in sorted(found.items()) if n > 1]
        unreported += [f"{action} {t}" for t in sorted(found.keys() - told)]
    won = [(s.detail, r.person) for r in results for s in r.samples
           if s.action == "claim" and s.kind == "ok"]  # fmt: skip
    writes += len(won)
    logged = server.sql(
        'SELECT c.code, u.login FROM pool_log l JOIN customer c ON c.id = l.customer_id '
        'JOIN "user" u ON u.id = l.actor_id WHERE l.action = %s AND c.code = ANY(%s)',
        "claim", list(pool), dbname=DBNAME,
    )  # fmt: skip
    holders = dict(server.sql(
        'SELECT c.code, u.login FROM pool_customer p JOIN customer c ON c.id = p.customer_id '
        'JOIN "user" u ON u.id = p.holder_id', dbname=DBNAME,
    ))  # fmt: skip
    in_log, told = Counter(code for code, _ in logged), Counter(code for code, _ in won)
    for code in sorted(in_log | told):
        if in_log[code] > 1 or told[code] > 1:
            doubled.append(f"claim {code}: {in_log[code]} in the log, won {told[code]} times")
    lost += [f"claim {code} by {who}" for code, who in won if holders.get(code) != who]
    unreported += [f"claim {code} by {who}" for code, who in set(logged) - set(won)]
    lost += [f"claim {code} by {who} not logged" for code, who in set(won) - set(logged)]
    refused = [(s.detail.split("claim ", 1)[1].split(":")[0], r.person)
               for r in results for s in r.samples
               if s.action == "claim" and s.kind == "error" and "(exit 4)" in s.detail]  # fmt: skip
    hidden = sum(1 for code, who in refused if holders.get(code) not in (None, who))
    return WriteCheck(writes, lost, doubled, unreported, hidden)


def db_check(owner_url: str) -> tuple[bool, str]:
    """`crm db check` as the owner's login (admin): (all passed, its output's gist)."""
    home = Path(tempfile.mkdtemp(prefix="crm-team-load-"))
    argv = [*crm_command(), "--db", owner_url, "--user", "admin", "db", "check", "-f", "csv"]
    done = run(argv, url_env(owner_url, home))
    if done.code == 0:
        return True, f"{len(done.stdout.splitlines()) - 1} checks pass"
    return False, f"exit {done.code}: {done.stderr.strip()[-500:]}"
