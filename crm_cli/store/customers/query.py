"""Finding customers (CUS-6) and editing a filtered set at once (CUS-5)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Mapping, Sequence
from typing import Any, NamedTuple

import peewee as pw

from crm_cli.store.core import hooks
from crm_cli.store.core.dates import now_or
from crm_cli.store.core.db import reading, writing
from crm_cli.store.core.errors import InvalidInput, PermissionDenied
from crm_cli.store.core.listing import Page, Sorts, rows, streaming
from crm_cli.store.core.records import User
from crm_cli.store.core.users import user_row
from crm_cli.store.core.values import parse_money
from crm_cli.store.customers import access, query_terms, search, sorted_search
from crm_cli.store.customers import models as cm
from crm_cli.store.customers.customers import (
    _apply,
    _set_keys,
    _values,
    require_unlocked,
    save_changes,
    to_record,
)
from crm_cli.store.customers.fields import FieldSpec, coerce, column, spec_for, status_id
from crm_cli.store.customers.names import names_and_logins
from crm_cli.store.customers.records import Customer

OPERATORS = ("=", "!=", "<", ">", "<=", ">=", "contains", "starts-with", "in", "between")
UNARY = ("empty", "not-empty")
_WHERE = re.compile(
    r"^\s*([\w.\-]+)\s*(<=|>=|!=|=|<|>|\s(?:contains|starts-with|in|between|empty|not-empty)\b)"
    r"\s*(.*?)\s*$",
    re.IGNORECASE | re.DOTALL,
)


class CustomerFilter(NamedTuple):
    """What ``customer list`` and ``customer update`` select."""

    search: str = ""
    status: str | None = None
    owner: str | None = None
    where: Sequence[str] = ()
    deleted: bool = False
    terms: Sequence[str] = ()  # query-language terms (SH-1), one per item: `query_terms`


def _where_condition(text: str, today: dt.date) -> pw.Expression:
    found = _WHERE.match(text)
    if not found:
        raise InvalidInput(
            "invalid filter {text!r}: expected 'FIELD OP VALUE' with OP one of {value}",
            text=text,
            value=", ".join(OPERATORS + UNARY),
        )
    name, op, raw = found.group(1), found.group(2).strip().lower(), found.group(3)
    spec = spec_for(name)
    col = column(spec)
    if op in UNARY:
        empty = col.is_null() | (col == "") if spec.kind in ("text", "phone", "email") else None
        cond = empty if empty is not None else col.is_null()
        return cond if op == "empty" else ~cond
    if op in ("in", "between"):
        values = [_value(spec, v, today) for v in raw.split(",") if v.strip()]
        if op == "in":
            return col.in_(values)
        if len(values) != 2:
            raise InvalidInput(
                "'between' needs two values separated by a comma in {text!r}", text=text
            )
        return col.between(values[0], values[1])
    if op in ("contains", "starts-with"):
        return col.contains(raw) if op == "contains" else col.startswith(raw)
    value = _value(spec, raw, today)
    # "city != 上海" should include customers with no city at all, as a person reading it expects.
    compare = {"=": col == value, "!=": (col != value) | col.is_null()}
    compare.update({"<": col < value, ">": col > value})
    compare.update({"<=": col <= value, ">=": col >= value})
    return compare[op]


def _key(name: str) -> str:
    return name.strip().lower().replace("-", "_")


def _value(spec: FieldSpec, raw: str, today: dt.date) -> Any:
    if spec.kind == "status":
        return status_id(raw)
    if spec.kind == "owner":
        return user_row(raw).id
    if spec.name.startswith("custom."):
        value = coerce(spec, raw, today)
        # Custom values live in JSON as text (ISO dates), numbers compared as numbers.
        if spec.kind == "number":
            return parse_money(raw, spec.name)
        return value.isoformat() if isinstance(value, dt.date) else value
    if spec.kind in ("bool", "date", "money", "credit_code"):  # as stored: 91…l finds 91…L
        return coerce(spec, raw, today)
    return raw.strip()


def build_query(actor: User, flt: CustomerFilter, today: dt.date, *, text: bool = True) -> Any:
    """The visible customers matching ``flt``, as one SQL query.

    ``text=False`` leaves the search out, for a caller that drives the query from the
    search index itself (``_driven``).
    """
    C = cm.Customer
    query = access.restrict(C.select(), actor, today)
    query = query.where(C.deleted_at.is_null(not flt.deleted))
    found = search.condition(flt.search) if flt.search and text else None
    if found is not None:
        query = query.where(found)
    if flt.status:
        query = query.where(C.status == status_id(flt.status))
    if flt.owner:
        query = query.where(C.owner == user_row(flt.owner).id)
    for clause in flt.where:
        query = query.where(_where_condition(clause, today))
    for cond in query_terms.conditions(flt.terms, actor, today, _where_condition):
        query = query.where(cond)
    return query


def _sorts() -> Sorts:
    C = cm.Customer
    keys: dict[str, Any] = {"code": C.code, "name": C.name, "mnemonic": C.mnemonic}
    keys.update(keyword=C.keyword)
    keys.update(status=C.status, city=C.city, phone=C.phone_key, email=C.email_key)
    keys.update(registered=C.registered, last_contact=C.last_contact)
    keys.update(next_contact=C.next_contact, balance_owed=C.balance_owed)
    keys.update(grade=C.grade, strategy=C.strategy)
    keys.update(created_at=C.id, updated_at=C.updated_at)
    return Sorts("customers", keys, C.id)


SORTS = _sorts()  # each key has an index on (key, id): migrations 0001, 0005 and 0011


def order_by(sort: str | None) -> list[pw.Node]:
    """The ORDER BY of ``sort`` ("-name,city"); newest first when None."""
    return SORTS.order_by(sort, [cm.Customer.id.desc()])


def page_query(
    actor: User, flt: CustomerFilter, today: dt.date, sort: str | None, page: Page
) -> Any:
    """The page of visible customers, cut by the database.

    A search sorted newest first is driven from the search index in id order (SQLite; on
    PostgreSQL a word in many buckets of the name order walks the ids), so the first page
    costs the same whether a word is in five names or in most; sorted
    by a column, it reads few matches sorted or walks the column's index (``sorted_by``).
    """
    nodes = order_by(sort)
    if flt.search and search.terms(flt.search):
        base = build_query(actor, flt, today, text=False)
        end = None if page.limit is None else page.offset + page.limit
        if sort and sort.strip():
            found = sorted_search.sorted_by(base, flt.search, nodes, end)
        else:
            found = sorted_search.newest_first(base, flt.search, end)
        if found is not None:
            return page.apply(found)
    return page.apply(build_query(actor, flt, today).order_by(*nodes))


@streaming
def iter_customers(
    actor: User,
    flt: CustomerFilter | None = None,
    *,
    sort: str | None = None,
    page: Page = Page(),
    now: dt.datetime | None = None,
) -> Iterator[Customer]:
    """Visible customers matching the filter, read as the caller iterates (any count)."""
    query = page_query(actor, flt or CustomerFilter(), now_or(now).date(), sort, page)
    statuses, logins = names_and_logins()
    for row in rows(query):
        yield to_record(row, statuses, logins)


@reading
def list_customers(
    actor: User,
    flt: CustomerFilter | None = None,
    *,
    sort: str | None = None,
    limit: int | None = None,
    offset: int = 0,
    now: dt.datetime | None = None,
) -> list[Customer]:
    """Visible customers matching the filter; newest first unless ``sort`` ("-name,city")."""
    if limit is not None and limit < 0:
        raise InvalidInput("limit must not be negative")
    page = Page(limit, offset)
    return list(iter_customers(actor, flt, sort=sort, page=page, now=now))


@reading
def count_customers(
    actor: User, flt: CustomerFilter | None = None, *, now: dt.datetime | None = None
) -> int:
    """How many match: a query of its own, so a face shows the first page before it."""
    query = build_query(actor, flt or CustomerFilter(), now_or(now).date())
    return int(query.count())


@writing
def update_customers(
    actor: User,
    flt: CustomerFilter,
    changes: Mapping[str, Any],
    *,
    expected: int | None = None,
    now: dt.datetime | None = None,
) -> int:
    """Set the same values on every matching customer the actor may change (CUS-5).

    All or nothing: if any match is audited or not the actor's to change, nothing
    changes. ``expected``: the count the user confirmed; a different count refuses.
    """
    now = now_or(now)
    if not changes:
        raise InvalidInput("nothing to change: give at least one --set FIELD=VALUE")
    if flt.deleted:
        raise InvalidInput("deleted customers cannot be edited; restore them first")
    if "name" in {k.strip().lower() for k in changes}:
        raise InvalidInput("names are unique to a customer; rename one with customer edit")
    if any(_key(k) == "credit_code" and str(v or "").strip() for k, v in changes.items()):
        raise InvalidInput("a credit code names one legal entity; set it with customer edit")
    rows = list(build_query(actor, flt, now.date()))
    if expected is not None and expected != len(rows):
        raise InvalidInput(
            "{count} customers match now, not {expected}; run it again",
            count=len(rows),
            expected=expected,
        )
    for row in rows:
        if not access.can_edit(actor, row, now.date()):
            raise PermissionDenied(
                "you may not change customer {code}; nothing changed", code=row.code
            )
        require_unlocked(row)
    hooked = hooks.wanted("modify-customer")  # per customer, as `customer edit` (README)
    for row in rows:
        before = _values(row)
        old = to_record(row) if hooked else None
        _apply(row, changes, {}, now.date())
        _set_keys(row)
        record = save_changes(actor, row, before, now, "update")
        if old is not None and old != record:
            hooks.fire("modify-customer", actor, now, old, record)
    return len(rows)
