"""One simulated person of `team_load.py`: a process of its own with its own login and
connection, calling the store functions the commands call.

A person works for a time (``Plan.seconds``), drawing each action from the day's mix
(``MIX``) and pausing between them (exponential, mean ``Plan.think``), or does a fixed
number of each action back to back (``Plan.each``: the single-user baseline). Each write
carries a token of its own (the summary of a contact record, the subject of a quote, the
note of a receipt) so that the writes found in the database afterwards can be matched to
the ones the person was told succeeded.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from typing import Any, NamedTuple

from _team_db import INSTALLMENTS, Person, Team

from crm_cli.commands.customer import LIST_COLUMNS
from crm_cli.store.activity.activities import log_contact
from crm_cli.store.core import users
from crm_cli.store.core.listing import Page
from crm_cli.store.customers.query import CustomerFilter
from crm_cli.store.customers.rows import customer_rows
from crm_cli.store.overview.customer360 import customer_view
from crm_cli.store.pool import moves
from crm_cli.store.sales.payments import record_payment
from crm_cli.store.sales.quotes import add_quote

# action: weight in a day's mix (reads dominate; the pool is a sideline)
MIX = {
    "search": 20, "list": 15, "show": 25, "log contact": 20,
    "claim": 5, "add quote": 8, "pay": 7,
}  # fmt: skip
ACTIONS = tuple(MIX)
PAGE = 50  # rows a list or search prints (--limit 50)


class Plan(NamedTuple):
    tag: str  # starts every token this phase writes
    seconds: float = 0.0  # work this long (the load) ...
    think: float = 1.0  # ... pausing this long on average between actions
    each: int = 0  # ... or do each action this many times, no pause (the baseline)
    seed: int = 0
    pool: tuple[str, ...] = ()  # the pool customers this phase claims from


class Sample(NamedTuple):
    action: str
    seconds: float
    kind: str  # ok | lost (a claim someone else won) | error
    detail: str  # the write's token, the claimed customer, or the error
    warm: bool = False  # the untimed first of each action (imports, connection caches)


class Result(NamedTuple):
    person: str
    refused: str  # why the person could not start ("" when they worked)
    samples: list[Sample]


class Desk:
    """A person at work: their actor, their customers, and the store's functions."""

    def __init__(self, person: Person, team: Team, plan: Plan) -> None:
        self.person, self.team, self.plan = person, team, plan
        self.rng = random.Random(f"{plan.seed}:{person.name}")
        self.actor = users.resolve_actor(person.name)
        self.pool = list(plan.pool)
        self.rng.shuffle(self.pool)
        self.writes = 0
        self.failed = ""  # the token of the write under way
        self.do: dict[str, Callable[[], tuple[str, str]]] = {
            "search": _read(lambda: self.rows(CustomerFilter(search=self.pick(team.words)))),
            "list": _read(lambda: self.rows(CustomerFilter())),
            "show": _read(lambda: customer_view(self.actor, self.pick(person.customers))),
            "log contact": self.writer(self.log_contact),
            "add quote": self.writer(self.add_quote),
            "pay": self.writer(self.pay),
            "claim": self.claim,
        }

    def rows(self, flt: CustomerFilter) -> None:
        """A page of `crm customer list`, read as the command prints it."""
        for _ in customer_rows(self.actor, flt, fields=LIST_COLUMNS, page=Page(PAGE)):
            pass

    def log_contact(self, token: str) -> None:
        log_contact(self.actor, self.pick(self.person.customers), {"summary": token})

    def add_quote(self, token: str) -> None:
        lines = [f"{self.team.product}:1"]
        add_quote(self.actor, self.pick(self.person.customers), lines, {"subject": token})

    def pay(self, token: str) -> None:
        number = self.rng.randint(1, INSTALLMENTS)
        record_payment(self.actor, self.pick(self.person.orders), "10", installment=number,
                       note=token)  # fmt: skip

    def pick(self, items: tuple[str, ...]) -> str:
        return self.rng.choice(items)

    def writer(self, act: Callable[[str], Any]) -> Callable[[], tuple[str, str]]:
        """``act`` with a new token: (ok, token), or the error naming the token."""

        def run() -> tuple[str, str]:
            self.writes += 1
            token = f"{self.plan.tag}:{self.person.name}:{self.writes}"
            self.failed = token
            act(token)
            return "ok", token

        return run

    def claim(self) -> tuple[str, str]:
        code = self.pool.pop() if self.pool else self.pick(self.plan.pool)
        [outcome] = moves.claim(self.actor, [code])
        if outcome.done:
            return "ok", code
        if outcome.error == 3:  # ClaimLost: another person was faster (exit 3)
            return "lost", code
        raise RuntimeError(f"claim {code}: {outcome.message} (exit {outcome.error})")

    def once(self, action: str, warm: bool = False) -> Sample:
        self.failed = ""
        started = time.perf_counter()
        try:
            kind, detail = self.do[action]()
        except Exception as exc:  # every failure is counted; none stops the person
            kind = "error"
            detail = f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"
            if self.failed:
                detail = f"{self.failed} {detail}"
        return Sample(action, time.perf_counter() - started, kind, detail, warm)


def _read(act: Callable[[], Any]) -> Callable[[], tuple[str, str]]:
    def run() -> tuple[str, str]:
        act()
        return "ok", ""

    return run


def work(url: str, person: Person, team: Team, plan: Plan, ready: Any, gate: Any, out: Any) -> None:
    """A process's life: connect as the person's login, say so, wait for the gate, work,
    report."""
    from crm_cli.store import domains
    from crm_cli.store.core import db

    try:
        domains.open_store(url)
        desk = Desk(person, team, plan)
        # Each action once before the clock: a person's first command pays for lazy
        # imports and the connection's first plans, in the baseline as under load.
        warm = [desk.once(action, warm=True) for action in ACTIONS]
    except Exception as exc:
        ready.put(person.name)
        out.put(Result(person.name, f"{type(exc).__name__}: {exc}", []))
        return
    ready.put(person.name)
    gate.wait()
    samples: list[Sample] = warm
    try:
        samples = counted(desk, plan, samples) if plan.each else timed(desk, plan, samples)
        db.close_store()
    finally:  # the parent waits for every person's result
        out.put(Result(person.name, "", samples))


def timed(desk: Desk, plan: Plan, samples: list[Sample]) -> list[Sample]:
    rng = desk.rng
    end = time.monotonic() + plan.seconds
    time.sleep(rng.uniform(0, plan.think))  # people do not all start on the same second
    weights = [MIX[a] for a in ACTIONS]
    while time.monotonic() < end:
        samples.append(desk.once(rng.choices(ACTIONS, weights)[0]))
        think = rng.expovariate(1 / plan.think) if plan.think > 0 else 0.0
        pause = min(think, max(0.0, end - time.monotonic()))
        time.sleep(pause)
    return samples


def counted(desk: Desk, plan: Plan, samples: list[Sample]) -> list[Sample]:
    todo = [a for a in ACTIONS for _ in range(plan.each)]
    desk.rng.shuffle(todo)
    samples.extend(desk.once(action) for action in todo)
    return samples
