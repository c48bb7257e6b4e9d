"""The one approval inbox (APR-1, issue 14 point 5): what waits for the acting user's decision.

Three kinds, each read by one query, merged oldest first:
- order: submitted orders the actor may approve (``order_base.approver_scope``: admins all,
  a manager their own and their subordinates'), on customers the actor sees, as
  ``order_flow.approve_order`` finds them; waiting since they were submitted.
- quote: quotes neither audited nor deleted, of live customers the actor manages
  (``access.manage_scope``, the rule of ``quotes.audit_quote``: admins every quote, a
  manager those of their own and their subordinates' customers); waiting since written.
  A quote has no submitted state, so every unaudited quote counts as waiting while it can
  still be accepted (no validity date, or valid until today or later).
- expense: submitted expenses of people below the actor in the hierarchy, or of anyone
  but the actor for an admin (the rule of ``expenses.may_approve_expense``).

The inbox lists exactly what ``approve`` would accept. ``approve`` and ``reject`` find a
code's record type by looking the exact code up in the three tables (prefixes are team
settings that may change, old codes keep theirs) and hand it to the domain's own verb.
A quote cannot be rejected: quotes have no such state; ``reject`` refuses and says to
leave it unaudited or ask its owner to change it.
"""

from __future__ import annotations

import datetime as dt
import heapq
import itertools
from collections.abc import Iterator, Sequence
from decimal import Decimal
from typing import Any, NamedTuple

import peewee as pw

from crm_cli.store.core import models as m
from crm_cli.store.core.dates import now_or
from crm_cli.store.core.db import reading, writing
from crm_cli.store.core.errors import Ambiguous, InvalidInput, NotFound
from crm_cli.store.core.listing import ALL, Page, streaming
from crm_cli.store.core.records import User
from crm_cli.store.customers import access
from crm_cli.store.customers import models as cm
from crm_cli.store.customers.access import subordinate_ids
from crm_cli.store.expenses import models as xm
from crm_cli.store.overview import approval_terms
from crm_cli.store.overview.approval_terms import KINDS
from crm_cli.store.sales import models as sm
from crm_cli.store.sales.order_base import approver_scope

MAX_CODES = 1000  # codes one `approve` takes: all decided in one transaction


class Approval(NamedTuple):
    """One item waiting for a decision; ``age_days``: whole days since ``since``."""

    kind: str
    code: str
    customer: str | None
    customer_name: str | None
    owner: str | None
    amount: Decimal
    subject: str
    since: dt.datetime
    age_days: int

    def to_dict(self) -> dict[str, Any]:
        return self._asdict()


class Decision(NamedTuple):
    """What ``approve`` or ``reject`` did to one item: its kind, code and new status."""

    kind: str
    code: str
    status: str

    def to_dict(self) -> dict[str, Any]:
        return self._asdict()


def _columns(kind: str, code: Any, amount: Any, subject: Any, since: Any) -> tuple[Any, ...]:
    """The same named columns from every kind, so one merge reads them all."""
    C, U = cm.Customer, m.User
    return (
        pw.Value(kind).alias("kind"), code.alias("code"), C.code.alias("customer_code"),
        C.name.alias("customer_name"), U.login.alias("owner"), amount.alias("amount"),
        subject.alias("subject"), since.alias("since"),
    )  # fmt: skip


def _narrowed(kind: str, query: Any, actor: User, today: dt.date, terms: Sequence[str]) -> Any:
    for cond in approval_terms.conditions(kind, terms, actor, today):
        query = query.where(cond)
    return query


def _orders(actor: User, end: dt.datetime, today: dt.date, terms: Sequence[str] = ()) -> Any | None:
    owners = approver_scope(actor)
    if owners is not None and not owners:
        return None
    S, C, U = sm.SalesOrder, cm.Customer, m.User
    query = (
        S.select(*_columns("order", S.code, S.total, S.subject, S.submitted_at), S.id)
        .join(C, on=(S.customer == C.id))
        .switch(S)
        .join(U, pw.JOIN.LEFT_OUTER, on=(S.owner == U.id))
        .where((S.status == "submitted") & (S.submitted_at < end) & S.deleted_at.is_null())
    )
    if owners is not None:
        query = query.where(S.owner.in_(sorted(owners)))
    query = _narrowed("order", query, actor, today, terms)
    return access.restrict(query, actor, today).order_by(S.submitted_at, S.id).namedtuples()


def _quotes(actor: User, end: dt.datetime, today: dt.date, terms: Sequence[str] = ()) -> Any | None:
    owners = access.manage_scope(actor)
    if owners is not None and not owners:
        return None
    Q, C, U = sm.Quote, cm.Customer, m.User
    query = (
        Q.select(*_columns("quote", Q.code, Q.total, Q.subject, Q.created_at), Q.id)
        .join(C, on=(Q.customer == C.id))
        .switch(Q)
        .join(U, pw.JOIN.LEFT_OUTER, on=(Q.handler == U.id))
        .where(
            (Q.audited == False)  # noqa: E712
            & Q.deleted_at.is_null()
            & C.deleted_at.is_null()
            & (Q.created_at < end)
            # An expired quote can no longer be accepted: nobody needs to audit it.
            & (Q.valid_until.is_null() | (Q.valid_until >= today))
        )
    )
    if owners is not None:
        query = query.where(C.owner.in_(sorted(owners)))
    query = _narrowed("quote", query, actor, today, terms)
    return query.order_by(Q.created_at, Q.id).namedtuples()


def _expenses(
    actor: User, end: dt.datetime, today: dt.date, terms: Sequence[str] = ()
) -> Any | None:
    X, C, U = xm.Expense, cm.Customer, m.User
    cond = (X.status == "submitted") & (X.submitted_at < end) & X.deleted_at.is_null()
    if actor.is_admin:
        cond &= X.owner != actor.id
    else:
        below = subordinate_ids(actor.id)
        if not below:
            return None
        cond &= X.owner.in_(sorted(below))
    query = (
        X.select(*_columns("expense", X.code, X.amount, X.category, X.submitted_at), X.id)
        .join(C, pw.JOIN.LEFT_OUTER, on=(X.customer == C.id))
        .switch(X)
        .join(U, on=(X.owner == U.id))
        .where(cond)
    )
    query = _narrowed("expense", query, actor, today, terms)
    return query.order_by(X.submitted_at, X.id).namedtuples()


def _sources(actor: User, now: dt.datetime, terms: Sequence[str] = ()) -> list[Any]:
    """One ordered query per kind that may have something for the actor."""
    end = dt.datetime.combine(now.date() + dt.timedelta(days=1), dt.time())
    today = now.date()
    found = (_orders(actor, end, today, terms), _quotes(actor, end, today, terms),
             _expenses(actor, end, today, terms))  # fmt: skip
    return [query for query in found if query is not None]


def _record(row: Any, today: dt.date) -> Approval:
    return Approval(
        kind=row.kind, code=row.code, customer=row.customer_code,
        customer_name=row.customer_name, owner=row.owner, amount=row.amount,
        subject=row.subject, since=row.since, age_days=(today - row.since.date()).days,
    )  # fmt: skip


@streaming
def iter_approvals(
    actor: User, *, now: dt.datetime | None = None, page: Page = ALL, terms: Sequence[str] = ()
) -> Iterator[Approval]:
    """Everything waiting for ``actor`` to approve, oldest first (then by kind and id).

    Items waiting since after ``now``'s day are left out: ``--as-of`` looks at that day.
    ``terms``: query-language terms (SH-1, ``approval_terms``), compiled into each kind's
    query.
    """
    now = now_or(now)
    order = {kind: n for n, kind in enumerate(KINDS)}
    limit = page.check().limit
    end = None if limit is None else page.offset + limit
    # Each kind's first ``end`` rows, read whole: what waits is few, and several server
    # cursors open at once would interleave their transactions (``listing.merged``).
    found = [list(Page(end).apply(query)) for query in _sources(actor, now, terms)]
    rows = heapq.merge(*found, key=lambda row: (row.since, order[row.kind], row.id))
    for row in itertools.islice(rows, page.offset, end):
        yield _record(row, now.date())


@reading
def list_approvals(
    actor: User, *, now: dt.datetime | None = None, limit: int | None = None
) -> list[Approval]:
    """``iter_approvals`` as a list, at most ``limit`` items."""
    return list(iter_approvals(actor, now=now, page=Page(limit)))


@reading
def count_approvals(actor: User, *, now: dt.datetime | None = None) -> int:
    """How many items wait for ``actor``: one count per kind."""
    return sum(query.order_by().count() for query in _sources(actor, now_or(now)))


def _kind_of(ref: str) -> tuple[str, str]:
    """The record type of an exact code, and the code as stored (upper case)."""
    code = ref.strip().upper()
    if not code:
        raise InvalidInput("empty code: give an order, quote or expense code")
    models = (("order", sm.SalesOrder), ("quote", sm.Quote), ("expense", xm.Expense))
    kinds = [kind for kind, model in models if model.select().where(model.code == code).exists()]
    if not kinds:
        # A number names a row of each table: the inbox takes codes only.
        hint = " (give its code, not an id)" if code.isdigit() else ""
        raise NotFound("no order, quote or expense {ref!r}{hint}", ref=ref.strip(), hint=hint)
    if len(kinds) > 1:
        raise Ambiguous(
            "{code} names more than one record: {kinds}", kinds, code=code, kinds=", ".join(kinds)
        )
    return kinds[0], code


def _approve_one(actor: User, ref: str, now: dt.datetime) -> Decision:
    # The domains' verbs load only to decide: `crm today` reads the inbox, never writes.
    from crm_cli.store.expenses import expenses
    from crm_cli.store.sales import order_flow, quotes

    kind, code = _kind_of(ref)
    if kind == "order":
        return Decision(kind, code, order_flow.approve_order(actor, code, now=now).order.status)
    if kind == "quote":
        quotes.audit_quote(actor, code, now=now)
        return Decision(kind, code, "audited")
    return Decision(kind, code, expenses.approve_expense(actor, code, now=now).status)


@writing
def approve(actor: User, refs: Sequence[str], *, now: dt.datetime | None = None) -> list[Decision]:
    """Approve orders and expenses and audit quotes, by code, each through its domain's
    own verb; all or nothing: the first refusal undoes the others.

    Raises:
        NotFound: an unknown code (or one the actor may not see). InvalidInput: an item
            not waiting (already decided, a draft). PermissionDenied: not the actor's to
            decide (one's own expense, a subordinate's order for a sales user).
    """
    if not refs:
        raise InvalidInput("give at least one code to approve")
    if len(refs) > MAX_CODES:
        raise InvalidInput("too many codes: at most {max_codes} at a time", max_codes=MAX_CODES)
    now = now_or(now)
    unique: dict[str, str] = {}
    for ref in refs:  # a code given twice (in any case) is decided once, not refused
        unique.setdefault(ref.strip().upper(), ref)
    return [_approve_one(actor, ref, now) for ref in unique.values()]


@writing
def reject(actor: User, ref: str, reason: str, *, now: dt.datetime | None = None) -> Decision:
    """Send an order or expense back to its owner with ``reason`` (required).

    Raises:
        InvalidInput: no reason; a quote (quotes cannot be rejected: leave it unaudited,
            or ask its owner to change it). Otherwise as ``approve``.
    """
    now = now_or(now)
    if not (reason or "").strip():
        raise InvalidInput("give a reason for rejecting (--reason)")
    from crm_cli.store.expenses import expenses
    from crm_cli.store.sales import order_flow

    kind, code = _kind_of(ref)
    if kind == "order":
        view = order_flow.reject_order(actor, code, reason, now=now)
        return Decision(kind, code, view.order.status)
    if kind == "quote":
        raise InvalidInput(
            "quote {code} cannot be rejected: quotes are only audited; leave it unaudited "
            "or ask its owner to change it",
            code=code,
        )
    return Decision(kind, code, expenses.reject_expense(actor, code, reason, now=now).status)
