"""Bulk writes for the demo data: rows go straight to the driver, several times faster
than peewee's ``insert_many``, with every column's default taken from the models."""

from __future__ import annotations

import json
from collections.abc import Sequence
from functools import reduce
from operator import itemgetter, or_
from typing import Any

import peewee as pw

from crm_cli.store.core import models as m
from crm_cli.store.core.bulk import default_of, sql_value
from crm_cli.store.core.oplog import plain

_DATE_FIELDS = (pw.DateField, pw.DateTimeField, pw.TimeField)


# One encoder for every log entry: json.dumps with options builds a new one per call.
LOG_JSON = json.JSONEncoder(ensure_ascii=False, default=plain)


class BulkTable:
    """A model's columns in insert order, with the value each takes when a row omits it.

    Taken from the model, so a column a later migration adds gets its default here too.
    ``lead`` columns come first and are left out of ``tail``: the writer adds them once
    the database has assigned the ids they hold.
    """

    def __init__(self, model: type[m.BaseModel], lead: Sequence[str] = ()) -> None:
        fields = [f for f in model._meta.sorted_fields if not isinstance(f, pw.AutoField)]
        rest = [f for f in fields if f.name not in lead]
        by_name = {f.name: f for f in fields}
        self.name: str = model._meta.table_name
        self.columns = [by_name[n].column_name for n in lead] + [f.column_name for f in rest]
        self._template = {f.name: sql_value(default_of(f)) for f in rest}
        self._dates = [f.name for f in rest if isinstance(f, _DATE_FIELDS)]
        self._pick = itemgetter(*(f.name for f in rest))

    def tail(self, values: dict[str, Any]) -> tuple[Any, ...]:
        full = {**self._template, **values}
        for name in self._dates:
            full[name] = sql_value(full[name])
        return tuple(self._pick(full))


def code_ranges(column: Any, codes: list[str]) -> Any:
    """A condition on ``column`` matching ``codes``, drawn in order as one block of a
    sequence: one range per code length, not an IN list (which peewee builds slowly).

    Codes of one length sort like their numbers, and nobody else draws from the block;
    the number outgrowing the width (C999999, C1000000) starts a second range.
    """
    bounds: dict[int, tuple[str, str]] = {}
    for code in codes:
        low, _ = bounds.get(len(code), (code, code))
        bounds[len(code)] = (low, code)
    return reduce(or_, (column.between(low, high) for low, high in bounds.values()))
