"""What the query language's terms (SH-1, grammar in ``core.terms``) mean for campaigns:
``crm campaign list type:exhibition budget.over:1万 start.after:2026-01-01 +mine``.

Fields: the campaign's ``code``, ``name``, ``type`` (= ``channel``), ``stage`` (=
``status``), ``note`` (text), ``start``, ``end``, ``created`` (dates), ``budget``,
``revenue`` (= ``expected_revenue``; money), ``responses``, ``expected_responses``
(numbers), ``owner`` (who runs it, ``me``). Tags: ``+mine`` (you run it), ``+active``
(running today, as ``--active``). Words match the code or the name.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from typing import Any

from crm_cli.store.campaigns import models as km
from crm_cli.store.core import term_sql
from crm_cli.store.core.records import User
from crm_cli.store.core.term_sql import Column, Vocabulary

K = km.Campaign
FIELDS = {
    **{name: Column(getattr(K, name), "text") for name in ("code", "name", "type", "stage")},
    "channel": Column(K.type, "text"), "status": Column(K.stage, "text"),
    "note": Column(K.note, "text"),
    "start": Column(K.starts_on, "date"), "end": Column(K.ends_on, "date"),
    "created": Column(K.created_at, "date"),
    "budget": Column(K.budget, "money"), "revenue": Column(K.expected_revenue, "money"),
    "expected_revenue": Column(K.expected_revenue, "money"),
    "responses": Column(K.responses, "int"),
    "expected_responses": Column(K.expected_responses, "int"),
    "owner": Column(K.owner, "owner"),
}  # fmt: skip


def _running(actor: User, today: dt.date) -> Any:
    # A campaign with no start is not running, so -active keeps it.
    return (
        K.starts_on.is_null(False)
        & (K.starts_on <= today)
        & (K.ends_on.is_null() | (K.ends_on >= today))
    )


# Each condition is never NULL, so -tag is exactly the rest.
TAGS = {"mine": lambda a, t: K.owner.is_null(False) & (K.owner == a.id), "active": _running}
VOCABULARY = Vocabulary(
    "campaign", FIELDS, TAGS, lambda w: K.code.contains(w.upper()) | K.name.contains(w)
)


def conditions(terms: Iterable[str], actor: User, today: dt.date) -> Iterator[Any]:
    """The SQL condition of each term, on campaigns."""
    return term_sql.conditions(VOCABULARY, terms, actor, today)


check_terms = term_sql.checker(VOCABULARY)
