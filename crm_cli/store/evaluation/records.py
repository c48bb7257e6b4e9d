"""What a customer evaluation is to callers (``Evaluation``)."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any, NamedTuple

from crm_cli.store.customers import models as cm
from crm_cli.store.evaluation import models as em


class Evaluation(NamedTuple):
    id: int
    code: str
    customer: str
    customer_name: str
    date: dt.date
    evaluated_at: dt.datetime
    evaluator: str | None
    grade: str
    scores: dict[str, int]  # by score name, in the order of the team's setting
    strategy: str | None
    note: str

    def to_dict(self) -> dict[str, Any]:
        data = self._asdict()
        data["scores"] = dict(self.scores)
        return data


def load_scores(text: str) -> dict[str, int]:
    try:
        data = json.loads(text or "{}")
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def record(row: em.CustomerEvaluation, customer: cm.Customer, evaluator: str | None) -> Evaluation:
    return Evaluation(
        id=row.id, code=row.code, customer=customer.code, customer_name=customer.name,
        date=row.evaluated_at.date(), evaluated_at=row.evaluated_at, evaluator=evaluator,
        grade=row.grade, scores=load_scores(row.scores), strategy=row.strategy, note=row.note,
    )  # fmt: skip
