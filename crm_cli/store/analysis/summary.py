"""The summary wizard (RPT-1): any record type, grouped by any of its fields (dates in time
buckets), with counts, sums, averages, least and greatest values and ratios, as ONE SQL
``GROUP BY`` inside the actor's scope (`scope.within`) for a period of the record type's
date field.

Rows come back sorted by their groups (None last), or by ``sort``; a summary without
groups is one row of totals, or no row when nothing matched. Figures are exact: sums of
integers from the database, divided here (`measures`).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from typing import Any, NamedTuple

import peewee as pw

from crm_cli.store.analysis import compare, filters, kind_terms, measures, scope
from crm_cli.store.analysis.align import aligned
from crm_cli.store.analysis.fields import DATES, Field, Kind
from crm_cli.store.analysis.kinds import find_kind
from crm_cli.store.analysis.measures import Group, Measure
from crm_cli.store.analysis.periods import Period
from crm_cli.store.analysis.records import Report
from crm_cli.store.analysis.sqlbits import bucket
from crm_cli.store.core.dates import now_or
from crm_cli.store.core.db import reading
from crm_cli.store.core.errors import InvalidInput, PermissionDenied
from crm_cli.store.core.records import User
from crm_cli.store.core.terms import as_where, expand


class Definition(NamedTuple):
    """A summary as the user put it: record type, ``--by``, measures (``count``,
    ``sum:F`` …, see `measures`), ``--where`` filters, a customer search text, the date
    field the period applies to (empty: the record type's), a sort column, a limit, and
    query-language terms its list's vocabulary reads (SH-1, tags: ``+overdue``; see
    `kind_terms`)."""

    records: str
    by: tuple[str, ...] = ()
    measures: tuple[str, ...] = ()
    where: tuple[str, ...] = ()
    search: str = ""
    date: str = ""
    sort: str = ""
    limit: int | None = None
    terms: tuple[str, ...] = ()

    def to_json(self) -> str:
        data = {k: list(v) if isinstance(v, tuple) else v for k, v in self._asdict().items()}
        return json.dumps(data, ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> Definition:
        data = json.loads(text)
        for key in ("by", "measures", "where", "terms"):
            data[key] = tuple(data.get(key) or ())
        return cls(**{k: v for k, v in data.items() if k in cls._fields})


def with_terms(definition: Definition, terms: Sequence[str], actor: User) -> Definition:
    """``definition`` narrowed by query-language terms (SH-1, named filters expanded by the
    face): a field term is a ``--where`` on the record type's fields (``owner:me`` the
    actor), words the customer search, tags the vocabulary of the record type's list.

    Raises:
        BadTerm: a term that cannot be read (checked when it runs: `kind_terms`).
    """
    if not terms:
        return definition
    found = expand(list(terms), {})
    rest = [t.text for t in found if t.kind != "tag"]
    words, clauses = as_where(rest, {}, me=actor.login)
    return definition._replace(
        where=(*definition.where, *clauses),
        search=" ".join(w for w in (definition.search, words) if w),
        terms=(*definition.terms, *(t.text for t in found if t.kind == "tag")),
    )


class Plan(NamedTuple):
    kind: Kind
    groups: list[Group]
    measures: list[Measure]
    raw: list[tuple[str, str]]  # the aggregates selected, in order
    filters: list[Field]  # the fields ``--where`` reads
    date: Field


def plan(actor: User, definition: Definition) -> Plan:
    """``definition`` checked against its record type and the actor's rights.

    Raises:
        InvalidInput: an unknown record type, field, bucket or measure, a measure of text,
        a search or saved search of records other than customers.
        PermissionDenied: a field reserved to managers and admins, for a salesperson.
    """
    kind = find_kind(definition.records)
    groups = list({g.name: g for g in (measures.group(b, kind) for b in definition.by)}.values())
    wanted = [measures.measure(m, kind) for m in definition.measures or ("count",)]
    chosen = list({m.name: m for m in wanted}.values())
    raw = list(dict.fromkeys([("count", ""), *(r for m in chosen for r in m.raw())]))
    if kind.base is None:
        if definition.search:
            raise InvalidInput("a search text applies to customers, not to {name}", name=kind.name)
        read = [filters.parse(text, kind)[0] for text in definition.where]
    else:
        read = []  # the customer filter language checks its own fields
    date = kind.field(definition.date or kind.date)
    if date.kind not in DATES:
        raise InvalidInput(
            "{name} is not a date of {records}; dates: {dates}",
            name=date.name,
            records=kind.name,
            dates=", ".join(kind.names(DATES)),
        )
    used = [g.field for g in groups] + [f for m in chosen for f in _fields_of(m)] + read
    _check_rights(actor, kind, used)
    return Plan(kind, groups, chosen, raw, read, date)


def _fields_of(measure: Measure) -> list[Field]:
    if measure.op == "ratio":
        return [f for m in measure.operands for f in _fields_of(m)]
    return [measure.field] if measure.field is not None else []


def _check_rights(actor: User, kind: Kind, used: list[Field]) -> None:
    if actor.is_admin or actor.role == "manager":
        return
    for field in used:
        if field.reserved:
            raise PermissionDenied(
                "{name} of {records} is reserved to managers and admins",
                name=field.name,
                records=kind.name,
            )


def _aggregate(function: str, field: Field | None) -> Any:
    if function == "count":
        return pw.fn.COUNT(pw.SQL("*"))
    assert field is not None
    name = {"n": "COUNT", "sum": "SUM", "min": "MIN", "max": "MAX"}[function]
    return pw.Function(name, (field.expr,))


def _query(actor: User, p: Plan, d: Definition, period: Period | None, today: dt.date) -> Any:
    kind = p.kind
    if kind.base is not None:
        query = kind.base(actor, d.search, d.where, today, d.terms)
        conditions = []
    else:
        query = kind.model.select()
        conditions = [filters.condition(text, kind, today)[1] for text in d.where]
        narrowed = kind_terms.condition(kind.name, actor, d.terms, today)
        conditions += [] if narrowed is None else [narrowed]
    aggregates = {(fn, name): _aggregate(fn, kind.fields.get(name)) for fn, name in p.raw}
    used = [g.field for g in p.groups] + list(kind.live) + [kind.owner] + p.filters
    used += [kind.fields[name] for _, name in p.raw if name] + ([p.date] if period else [])
    for join in kind.joins_for(used):
        query = query.join_from(join.source, join.model, pw.JOIN.LEFT_OUTER, on=join.on)
    for condition in [f.expr for f in kind.live] + conditions:
        query = query.where(condition)
    if period is not None:
        query = query.where(filters.in_period(p.date, period.start, period.end))
    query = scope.within(query, kind.owner.expr, actor)
    keys = [(bucket(g.unit, g.field.expr) if g.unit else g.field.expr) for g in p.groups]
    selected = [k.alias(f"k{i}") for i, k in enumerate(keys)]
    selected += [a.alias(f"m{i}") for i, a in enumerate(aggregates.values())]
    query = query.select(*selected)
    if keys:
        query = query.group_by(*(pw.SQL(f"k{i}") for i in range(len(keys))))
    return query


def _key(group: Group, value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, bytes):
        value = value.decode("utf-8")
    if group.unit:
        return str(value)
    if group.field.kind == "bool":
        return bool(value)
    return int(value) if group.field.kind == "int" else str(value)


def _rows(p: Plan, fetched: list[tuple[Any, ...]]) -> list[dict[str, Any]]:
    rows = []
    width = len(p.groups)
    for values in fetched:
        raw = dict(zip(p.raw, values[width:], strict=True))
        if not width and not raw[("count", "")]:
            continue  # totals of nothing: no row
        row = {g.name: _key(g, v) for g, v in zip(p.groups, values[:width], strict=True)}
        row.update((m.name, m.value(raw)) for m in p.measures)
        rows.append(row)
    names = [g.name for g in p.groups]
    rows.sort(key=lambda r: [(r[n] is None, r[n] if r[n] is not None else 0) for n in names])
    return rows


def _sorted(rows: list[dict[str, Any]], d: Definition, columns: list[str]) -> list[dict[str, Any]]:
    if d.sort:
        name = d.sort.strip().lstrip("-+").strip().lower().replace("-", "_")
        if name not in columns:
            raise InvalidInput(
                "cannot sort by {name!r}; sort by one of: {columns}",
                name=name,
                columns=", ".join(columns),
            )
        desc = d.sort.strip().startswith("-")
        present = [r for r in rows if r[name] is not None]
        present.sort(key=lambda r: r[name], reverse=desc)
        rows = present + [r for r in rows if r[name] is None]
    if d.limit is not None:
        if d.limit < 0:
            raise InvalidInput("invalid limit {limit}: expected 0 or more", limit=d.limit)
        rows = rows[: d.limit]
    return rows


def _title(kind: Kind, groups: list[Group]) -> str:
    return f"{kind.name} by {', '.join(g.name for g in groups)}" if groups else kind.name


def _run_once(
    actor: User, p: Plan, d: Definition, name: str, period: Period | None, today: dt.date
) -> Report:
    query = _query(actor, p, d, period, today)
    sql, params = query.sql()
    fetched = list(p.kind.model._meta.database.execute_sql(sql, params).fetchall())
    columns = tuple(g.column() for g in p.groups) + tuple(m.column() for m in p.measures)
    rows = _sorted(_rows(p, fetched), d, [c.name for c in columns])
    keys = tuple(g.name for g in p.groups)
    title = _title(p.kind, p.groups)
    return Report(name, title, columns, rows, keys, period, records=p.kind.name)


@reading
def run_summary(
    actor: User,
    definition: Definition,
    *,
    period: Period | None = None,
    compare_with: Period | None = None,
    today: dt.date | None = None,
    name: str = "summary",
) -> Report:
    """The summary ``definition`` for ``period`` (None: all time), inside the actor's
    scope; with ``compare_with``, the same beside it (`compare.beside`).

    Raises:
        InvalidInput, PermissionDenied: see `plan`; a sort column that is not in the report.
    """
    today = today or now_or(None).date()
    p = plan(actor, definition)
    report = _run_once(actor, p, definition, name, period, today)
    if compare_with is None:
        return report
    if period is None:
        raise InvalidInput("--compare needs a period: give --period or --from/--to")
    then = _run_once(actor, p, definition, name, compare_with, today)
    buckets = {g.name: g.unit for g in p.groups if g.unit}
    return compare.beside(report, aligned(then, buckets, period, compare_with))
