"""The cost of row-level security (issue 16, point 6): the store calls of customer search,
`crm today` and a report on a team database of --size demo customers, each person
connected with their own login (the policies on) vs. the tables' owner acting as the same
person (the policies off: the owner bypasses row-level security).

Both sides run the same crm code and get the same answers: as the owner the store applies
the visibility rule in its own SQL; as the login it leaves the rule to the server's
policies (`customers.policed`), so the difference is the server's rule against the
store's. That is fairer than a copy with row-level security disabled: the same tables,
caches and statistics, in the same run. The database (`_team_policy.py`) is built once and kept:
a salesperson `book` owning 2,000 customers (and the rare word's three matches) under the
manager `li` (who also manages wang and zhao, about half of the customers), and the admin.

Each round opens the store as each side in turn (which side first alternates), as a
command does, and times each call once; the first round warms caches and is not counted.
With --warm each call is timed on its second run in the session, as on a connection kept
open (the TUI, a pooler's server connections): what the rules cost per statement, without
what a new session pays once (PL/pgSQL loaded, each function compiled, its plans made).

Calls: the first page (20 rows, newest first, every field) of `customer list --search`
for a rare word (麒麟星链, three matches, trigram index) and a common one (有限公司, about
two thirds of the rows); `crm today` (`build_digest`, 7 days, 20 of each kind); and
`crm report run receivables-by-customer`. Target: ratio <= 1.3 each.

    python bench/team_policy_cost.py [--size 1000000] [--runs 9] [--server URL]
        [--people sales,manager,admin] [--warm] [--as-installed] [--drop]
"""

from __future__ import annotations

import datetime as dt
import statistics
import time
from collections.abc import Callable
from typing import Any, NamedTuple

from _common import Row, options, ratio_row, report
from _pg import SERVER
from _team_policy import PEOPLE, PolicyDb, policy_db

PAGE = 20
WORDS = {"rare": "麒麟星链", "common": "有限公司"}
REPORT = "receivables-by-customer"
LABELS = {
    "search rare": f"search {WORDS['rare']} (rare)",
    "search common": f"search {WORDS['common']} (common)",
    "today": "today (build_digest)",
    "report": f"report run {REPORT}",
}
# person -> the calls timed for them
CALLS = {
    "sales": ("search rare", "search common", "today", "report"),
    "manager": ("search rare", "search common", "today", "report"),
    "admin": ("search rare", "search common", "report"),
}


class Case(NamedTuple):
    person: str
    call: str


def _search(actor: Any, word: str) -> int:
    from crm_cli.store.core.listing import Page
    from crm_cli.store.customers.query import CustomerFilter
    from crm_cli.store.customers.records import Customer
    from crm_cli.store.customers.rows import customer_rows

    flt = CustomerFilter(search=word)
    return len(list(customer_rows(actor, flt, fields=Customer._fields, page=Page(PAGE, 0))))


def _today(actor: Any, day: dt.date) -> int:
    from crm_cli.store.overview import digest

    now = dt.datetime.combine(day, dt.time(9))
    return sum(digest.build_digest(actor, days=7, limit=PAGE, now=now).counts.values())


def _report(actor: Any, day: dt.date) -> int:
    from crm_cli.store.analysis import presets

    return len(presets.run_preset(actor, REPORT, presets.Params(None, day, {})).rows)


def call(name: str, actor: Any, day: dt.date) -> Callable[[], int]:
    if name.startswith("search"):
        word = WORDS[name.split()[1]]
        return lambda: _search(actor, word)
    if name == "today":
        return lambda: _today(actor, day)
    return lambda: _report(actor, day)


def one_side(found: PolicyDb, login: str, person: str, results: dict[Case, int],
             warm: bool = False) -> dict[Case, float]:  # fmt: skip
    """Seconds of each of ``person``'s calls on a store opened as ``login`` (``warm``: each
    call made once untimed first, as on a connection kept open); each call's answer must
    be the one the other side gave."""
    from crm_cli.store import domains
    from crm_cli.store.core import db, users

    domains.open_store(found.url(login))
    try:
        actor = users.resolve_actor(PEOPLE[person])
        times = {}
        for name in CALLS[person]:
            case = Case(person, name)
            if warm:
                call(name, actor, found.day)()
            started = time.perf_counter()
            answer = call(name, actor, found.day)()
            times[case] = time.perf_counter() - started
            if results.setdefault(case, answer) != answer:
                raise SystemExit(f"{person} {name}: {answer} as {login}, {results[case]} before")
        return times
    finally:
        db.close_store()


def measure(found: PolicyDb, people: list[str], runs: int, warm: bool = False) -> list[Row]:
    on: dict[Case, list[float]] = {}
    off: dict[Case, list[float]] = {}
    results: dict[Case, int] = {}
    for run in range(runs + 1):  # the first round warms caches, not counted
        for person in people:
            sides = [(found.login(person), on), (found.owner, off)]
            for login, times in sides if run % 2 else reversed(sides):
                for case, seconds in one_side(found, login, person, results, warm).items():
                    if run:
                        times.setdefault(case, []).append(seconds)
        print(f"  round {run}: " + ", ".join(
            f"{c.person} {c.call} {statistics.median(on[c]) * 1000:,.0f}/"
            f"{statistics.median(off[c]) * 1000:,.0f} ms" for c in on), flush=True)  # fmt: skip
    rows = []
    for case in on:
        user = PEOPLE[case.person]
        label = (f"{case.person} {user}: {LABELS[case.call]}{' (warm)' if warm else ''},"
                 f" {results[case]:,} rows/items,"
                 f" {found.size:,} customers, policies on vs off")  # fmt: skip
        rows.append(ratio_row(label, on[case], off[case], 1.3))
    return rows


def main() -> None:
    parser = options(__doc__ or "")
    parser.add_argument("--size", type=int, default=1_000_000, help="demo customers")
    parser.add_argument("--runs", type=int, default=9, help="timed rounds")
    parser.add_argument("--server", default=SERVER, help="a superuser's PostgreSQL URL")
    parser.add_argument("--people", default=",".join(CALLS), help="whose calls to time")
    parser.add_argument("--as-installed", action="store_true",
                        help="time the rules installed, without init-team first")  # fmt: skip
    parser.add_argument("--warm", action="store_true",
                        help="time each call's second run in its session (a kept connection:"
                        " the TUI, a pooler)")  # fmt: skip
    parser.add_argument("--drop", action="store_true",
                        help="drop the database and its roles afterwards")  # fmt: skip
    args = parser.parse_args()
    found = policy_db(args.server, args.size, reinstall=not args.as_installed)
    try:
        rows = measure(found, args.people.split(","), args.runs, args.warm)
    finally:
        if args.drop:
            found.drop()
    report(f"row-level security cost on PostgreSQL, {args.size:,} customers (the store's "
           "calls in process: login vs owner acting as the same user)", rows,
           "target ratio <= 1.3 each", args.json)  # fmt: skip


if __name__ == "__main__":
    main()
