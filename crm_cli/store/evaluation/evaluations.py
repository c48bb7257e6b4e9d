"""Evaluating a customer (EVL-1) and reading its evaluations.

Evaluating takes edit rights on the customer (`customers.access`); reading, the right to
see it. A customer one may not see is "not found". Each evaluation writes the customer's
operation log in the same transaction, and refreshes the latest grade and strategy kept
on the customer's row (indexed there, so `customer list --where "grade = A"` is SQL).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from typing import Any

import peewee as pw

from crm_cli.store.core import models as m
from crm_cli.store.core import oplog
from crm_cli.store.core.codes import next_code
from crm_cli.store.core.dates import now_or
from crm_cli.store.core.db import reading, writing
from crm_cli.store.core.listing import ALL, Page, chunks, streaming
from crm_cli.store.core.records import User
from crm_cli.store.customers import access
from crm_cli.store.customers import models as cm
from crm_cli.store.customers.customers import find_row, require_live
from crm_cli.store.evaluation import fields
from crm_cli.store.evaluation import models as em
from crm_cli.store.evaluation.records import Evaluation, load_scores, record

ENTITY = "evaluation"
E = em.CustomerEvaluation


@writing
def evaluate_customer(
    actor: User,
    customer_ref: str,
    *,
    grade: str,
    scores: fields.Scores = (),
    strategy: str | None = None,
    note: str = "",
    now: dt.datetime | None = None,
) -> Evaluation:
    """Evaluate a customer the actor may change, dated ``now``.

    ``scores``: ``{"credit": 4}``, ``["credit=4", …]`` or ``"credit=4, potential=5"``.

    Raises:
        NotFound: the customer (also one the actor may not see).
        InvalidInput: an unknown grade, score name or strategy, a score outside 1 to 5,
            a deleted customer. PermissionDenied: the actor may not change the customer.
    """
    now = now_or(now)
    customer = find_row(actor, customer_ref, now.date())
    require_live(customer)
    access.require_edit(actor, customer, now.date(), "evaluate")
    given = fields.values(grade, scores, strategy, note)
    row = E(
        customer=customer.id, evaluator=actor.id, evaluated_at=now, grade=given.grade,
        scores=json.dumps(given.scores), strategy=given.strategy, note=given.note,
        code=next_code("evaluation", "code.evaluation_prefix"),
    )  # fmt: skip
    row.save(force_insert=True)
    refresh_latest(customer.id)
    changes = {"code": row.code, **given._asdict()}
    oplog.write(actor, ENTITY, row.id, customer.id, "evaluate", oplog.nonempty(changes), now)
    return record(row, customer, actor.login)


def refresh_latest(customer_id: int) -> None:
    """Set the customer's grade from its newest evaluation, and its strategy from the newest
    that gave one (an evaluation without a strategy leaves the one in force)."""
    newest = E.select(E.grade, E.strategy).where(E.customer == customer_id)
    newest = newest.order_by(E.evaluated_at.desc(), E.id.desc())
    latest = newest.first()
    steered = newest.where(E.strategy.is_null(False)).first()
    values: dict[Any, Any] = {
        cm.Customer.grade: latest.grade if latest else None,
        cm.Customer.strategy: steered.strategy if steered else None,
    }
    # Derived columns only: the search index and updated_at stay as they are.
    cm.Customer.update(values).where(cm.Customer.id == customer_id).execute()


@reading
def iter_evaluations(
    actor: User, customer_ref: str, *, page: Page = ALL, now: dt.datetime | None = None
) -> Iterator[Evaluation]:
    """A customer's evaluations, newest first, if the actor may see the customer.

    The customer is looked up at once (a refusal comes before any row is printed); the
    rows are read as the caller iterates, one page cut in SQL through (customer, date).
    """
    customer = find_row(actor, customer_ref, now_or(now).date(), deleted=None)
    return _rows(customer, page.check())


@streaming
def _rows(customer: cm.Customer, page: Page) -> Iterator[Evaluation]:
    for chunk in chunks(page.apply(_newest_first(customer.id))):
        yield from (record(r, customer, r.evaluator_login) for r in chunk)


def _newest_first(customer_id: int) -> Any:
    return (
        E.select(E, m.User.login.alias("evaluator_login"))
        .join(m.User, pw.JOIN.LEFT_OUTER, on=(E.evaluator == m.User.id))
        .where(E.customer == customer_id)
        .order_by(E.evaluated_at.desc(), E.id.desc())
        .objects()
    )


def customer_evaluations(customer_id: int, limit: int) -> list[dict[str, Any]]:
    """A customer's latest evaluations for the 360 view (and the TUI's Evaluations tab),
    newest first; the caller has checked that the actor may see the customer."""
    return [
        {
            "code": r.code,
            "date": r.evaluated_at.date(),
            "grade": r.grade,
            "strategy": r.strategy,
            "scores": load_scores(r.scores),
            "evaluator": r.evaluator_login,
            "note": r.note,
        }
        for r in _newest_first(customer_id).limit(limit)
    ]
