"""`crm demo`'s customer evaluations (issue 13, point 6; EVL-1): a share of the customers
evaluated by their owner or the owner's manager with the team's lists, the customer's
grade and strategy as `evaluation`'s own rule leaves them, each logged once, with codes
from the sequence."""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter

import pytest

from crm_cli.store.core import models as m
from crm_cli.store.core import users
from crm_cli.store.core.db import writing
from crm_cli.store.core.records import User
from crm_cli.store.customers import models as cm
from crm_cli.store.demo import generate as demo
from crm_cli.store.evaluation import evaluations
from crm_cli.store.evaluation import models as em
from crm_cli.store.evaluation.settings import grades, score_names, strategies
from crm_cli.store.overview import customer360

NOW = dt.datetime(2026, 11, 23, 9, 0)
SIZE = 200
EV = em.CustomerEvaluation


def fill() -> User:
    admin = users.resolve_actor("admin")
    demo.add_demo_data(admin, SIZE, seed=1, now=NOW)
    return admin


@pytest.fixture
def filled(db_url: str) -> User:
    return fill()


def kept() -> dict[int, tuple[str | None, str | None]]:
    C = cm.Customer
    return {c.id: (c.grade, c.strategy) for c in C.select(C.id, C.grade, C.strategy)}


@writing
def _refresh_all() -> None:
    for c in cm.Customer.select(cm.Customer.id):
        evaluations.refresh_latest(c.id)


def test_grade_and_strategy_follow_the_evaluations_rule_on_every_backend(any_db: str) -> None:
    fill()
    drawn = kept()
    _refresh_all()  # what `evaluate` would have left on each customer
    assert kept() == drawn
    evaluated = {e.customer_id for e in EV.select()}
    assert {cid for cid, pair in drawn.items() if pair != (None, None)} == evaluated
    # The rule's second half at work: the newest evaluation gave no strategy, one stays.
    newest: dict[int, em.CustomerEvaluation] = {}
    for e in EV.select().order_by(EV.evaluated_at, EV.id):
        newest[e.customer_id] = e
    assert any(e.strategy is None and drawn[c][1] for c, e in newest.items())


def test_a_share_is_evaluated_by_owner_or_manager(filled: User) -> None:
    rows = list(EV.select())
    per_customer = Counter(e.customer_id for e in rows)
    assert 0.1 * SIZE <= len(per_customer) <= 0.3 * SIZE
    assert set(per_customer.values()) == {1, 2}
    team = {u.id: u for u in m.User.select()}
    by_evaluator = Counter()
    for e in rows:
        customer = cm.Customer.get_by_id(e.customer_id)
        owner = team[customer.owner_id]
        assert e.evaluator_id in (owner.id, owner.supervisor_id), e.code
        by_evaluator[e.evaluator_id == owner.id] += 1
        assert e.grade in grades() and (e.strategy is None or e.strategy in strategies())
        scores = json.loads(e.scores)
        assert scores and set(scores) <= set(score_names())
        assert all(1 <= n <= 5 for n in scores.values())
        assert customer.registered <= e.evaluated_at.date() and e.evaluated_at <= NOW
    assert by_evaluator[True] > by_evaluator[False] > 0
    assert len({e.grade for e in rows}) == len(grades())


def test_each_evaluation_is_logged_once_and_the_sequence_carries_on(filled: User) -> None:
    log = list(m.OpLog.select().where(m.OpLog.entity == "evaluation"))
    assert {e.action for e in log} == {"evaluate"}
    assert sorted((e.entity_id, e.customer_id, e.actor_id, e.at) for e in log) == sorted(
        (e.id, e.customer_id, e.evaluator_id, e.evaluated_at) for e in EV.select()
    )
    count = EV.select().count()
    assert sorted(e.code for e in EV.select()) == [f"EVL{n:06d}" for n in range(1, count + 1)]
    wang = users.resolve_actor("wang")
    mine = cm.Customer.select().where(cm.Customer.owner == wang.id).first()
    made = evaluations.evaluate_customer(wang, mine.code, grade="D", strategy="watch", now=NOW)
    assert made.code == f"EVL{count + 1:06d}"
    assert kept()[mine.id] == ("D", "watch")


def test_the_360_view_shows_them(filled: User) -> None:
    customer = cm.Customer.get_by_id(EV.select().first().customer_id)
    shown = customer360.customer_view(filled, customer.code, now=NOW).related["evaluations"]
    assert shown and shown[0]["grade"] == customer.grade
