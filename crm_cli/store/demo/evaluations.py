"""Customer evaluations for ``crm demo`` (issue 13, point 6; EVL-1): a share of the demo
customers evaluated once or twice by their owner (now and then by the owner's manager),
with the team's grades, score names and strategies, and the customer's ``grade`` and
``strategy`` columns left as `evaluation.evaluations.refresh_latest` would leave them.

Drawn like the service desk, per chunk of customers: rows in Python, one bulk statement
for the evaluations and one for their "evaluate" log entries, codes from one bump of the
sequence, then one UPDATE of the customers per (grade, strategy) pair.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from typing import Any

from crm_cli.store.core import models as m
from crm_cli.store.core.bulk import insert_rows
from crm_cli.store.core.codes import next_codes
from crm_cli.store.core.oplog import nonempty
from crm_cli.store.customers import models as cm
from crm_cli.store.demo.bulk import BulkTable, code_ranges
from crm_cli.store.demo.bundle import DemoCustomer, Draw, Row
from crm_cli.store.demo.team import TEAM
from crm_cli.store.demo.writer import log_json
from crm_cli.store.evaluation import models as em
from crm_cli.store.evaluation.settings import grades, score_names, strategies

SHARE = (0.2, 0.03)  # of customers evaluated: small demo, large demo
HISTORY = 365  # days back the oldest evaluation may be
QUALITY = (2, 4, 3, 1)  # how often each grade is a customer's worth: best, …, worst
# Notes by how good the customer is (best third, middle, worst third); '' is no note.
NOTES = (
    (("按时付款，扩产中", "合作多年，关系稳定", "采购量逐年增加", ""),
     ("Pays on time, expanding production", "Long-standing, steady orders", "")),
    (("订单稳定，付款偶有拖延", "有新项目意向，需跟进", ""),
     ("Steady orders, pays late now and then", "Talks about a new project", "")),
    (("需求萎缩，回款慢", "多次报价未成交", "联系人已离职，需重建关系", ""),
     ("Orders shrinking, slow to pay", "Several quotes, no order", "Our contact left", "")),
)  # fmt: skip


class Evaluations:
    """Draws and writes the evaluations of the demo customers, chunk by chunk."""

    def __init__(self, draw: Draw, share: float) -> None:
        self.draw, self.share = draw, share
        self.grades, self.scores, self.strategies = grades(), score_names(), strategies()
        U = m.User
        people = U.select(U.id, U.login).where(
            U.login.in_([t[0] for t in TEAM]) & (U.active == True)  # noqa: E712
        )
        self.logins = {u.id: u.login for u in people}
        ids = {login: uid for uid, login in self.logins.items()}
        # A customer's owner may hand the evaluation to their (active) manager.
        self.boss = {ids[login]: ids[boss] for login, _, _, boss, _ in TEAM
                     if login in ids and boss in ids}  # fmt: skip
        self.table = BulkTable(em.CustomerEvaluation)
        self.log = BulkTable(m.OpLog)
        self.count = 0

    def write(self, customers: list[DemoCustomer]) -> None:
        rng, rows = self.draw.rng, []
        for c in customers:
            # Pool customers (no owner, or one outside the demo team) are nobody's to judge.
            if c.owner in self.logins and rng.random() < self.share:
                rows += self._customer(c)
        if not rows:
            return
        codes = next_codes("evaluation", "code.evaluation_prefix", len(rows))
        for row, code in zip(rows, codes, strict=True):
            row["code"] = code
        insert_rows(self.table.name, self.table.columns, [self.table.tail(r) for r in rows])
        E = em.CustomerEvaluation
        written: Any = E.select(E.code, E.id).where(code_ranges(E.code, codes)).tuples()
        ids: dict[str, int] = dict(written)
        entries = [self.log.tail(_entry(row, ids[row["code"]])) for row in rows]
        insert_rows(self.log.name, self.log.columns, entries)
        _keep_latest(rows)
        self.count += len(rows)

    def _customer(self, c: DemoCustomer) -> list[Row]:
        """One or two evaluations, oldest first (each on its own day), of one worth that
        may drift by a grade between them."""
        d, rng = self.draw, self.draw.rng
        low = max(c.since, d.today - dt.timedelta(days=HISTORY))
        days = sorted({d.day(low, d.today) for _ in range(rng.choice((1, 1, 2)))})
        worth = rng.choices(range(len(self.grades)), weights=_weights(len(self.grades)))[0]
        rows = []
        for number, day in enumerate(days):
            if number and rng.random() < 0.4:
                worth = min(max(worth + rng.choice((-1, 1)), 0), len(self.grades) - 1)
            rows.append(self._evaluation(c, d.moment(day), worth, first=not number))
        return rows

    def _evaluation(self, c: DemoCustomer, at: dt.datetime, worth: int, *, first: bool) -> Row:
        rng = self.draw.rng
        share = worth / max(len(self.grades) - 1, 1)  # 0 best … 1 worst
        names = (
            self.scores if rng.random() < 0.8 else [n for n in self.scores if rng.random() < 0.6]
        )
        scores = {n: min(max(round(5 - 4 * share + rng.choice((-1, 0, 0, 1))), 1), 5)
                  for n in names}  # fmt: skip
        # Strategy follows the worth; a later evaluation often leaves the one in force.
        strategy = None
        if rng.random() < (0.9 if first else 0.6):
            place = round(share * (len(self.strategies) - 1)) + rng.choice((0, 0, 0, 1))
            strategy = self.strategies[min(place, len(self.strategies) - 1)]
        evaluator = c.owner
        if c.owner in self.boss and rng.random() < 0.25:
            evaluator = self.boss[c.owner]
        return {
            "customer": c.id,
            "evaluator": evaluator,
            "evaluated_at": at,
            "grade": self.grades[worth],
            "scores": json.dumps(scores),
            "strategy": strategy,
            "note": rng.choice(NOTES[min(int(share * 3), 2)][int(c.english)]),
        }


def _weights(count: int) -> list[int]:
    """``QUALITY`` stretched over the team's number of grades."""
    return [QUALITY[min(i * len(QUALITY) // count, len(QUALITY) - 1)] for i in range(count)]


def _entry(row: Row, evaluation_id: int) -> Row:
    """The "evaluate" log entry, as `evaluate_customer` writes it."""
    changes = {"code": row["code"], "grade": row["grade"], "scores": json.loads(row["scores"]),
               "strategy": row["strategy"], "note": row["note"]}  # fmt: skip
    return {
        "at": row["evaluated_at"],
        "actor": row["evaluator"],
        "entity": "evaluation",
        "entity_id": evaluation_id,
        "customer_id": row["customer"],
        "action": "evaluate",
        "changes": log_json(nonempty(changes)),
    }


def _keep_latest(rows: list[Row]) -> None:
    """Each customer's grade from its newest evaluation and strategy from the newest that
    gave one (``refresh_latest``'s rule); one UPDATE per pair, as the pairs are few."""
    latest: dict[int, list[Any]] = {}
    for row in sorted(rows, key=lambda r: r["evaluated_at"]):
        kept = latest.setdefault(row["customer"], [None, None])
        kept[0] = row["grade"]
        kept[1] = row["strategy"] or kept[1]
    groups: dict[tuple[Any, Any], list[int]] = defaultdict(list)
    for customer, (grade, strategy) in latest.items():
        groups[grade, strategy].append(customer)
    C = cm.Customer
    for (grade, strategy), ids in groups.items():
        C.update({C.grade: grade, C.strategy: strategy}).where(C.id.in_(ids)).execute()
