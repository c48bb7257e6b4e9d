"""Every table crm keeps, parents before children, and the kind of each column's values.

Taken from the models, not from a list: every ``models`` module of the store's packages
is imported and each concrete model found, so a new domain's tables are backed up and
copied without an edit here (`tests/store/test_database_copy.py` checks that every table
of a new database, on each backend, is one of them). Parents come first (peewee's
``sort_models``); a table that refers to itself (``user.supervisor``) is written in two
passes by the copy engine.

The SQLite search index (``customer_fts``, ``customer_words``: FTS5 tables of migration
0002; and under migration 0018's name order, ``customer_name_*``) is not data: the copy
engine rebuilds it from ``customer.search_text`` wherever rows land on SQLite, and it is
never copied or dumped. Nor are PostgreSQL's buckets of the name order (migration 0019),
rebuilt where rows land on PostgreSQL.
"""

from __future__ import annotations

import functools
import importlib
import importlib.util
import pkgutil
import re
from decimal import Decimal
from typing import Any, NamedTuple

import peewee as pw

import crm_cli.store
from crm_cli.store.core.models import BaseModel
from crm_cli.store.customers import models as cm

# A column's values as they travel: how they are read, written to a file and back.
KINDS = ("int", "text", "bool", "date", "datetime", "decimal", "float")
SEARCH_INDEX = (cm.CustomerTrigrams, cm.CustomerWords)
# Migration 0018's numbering of the customers in name order, and the search index under it.
NAME_ORDER = (cm.CustomerNameRank, cm.NameTrigrams, cm.NameWords)
# PostgreSQL: migration 0019's buckets of the name order and the pieces of text in each.
NAME_BUCKETS = (cm.NameBucket, cm.NameGram)
_MODELS_MODULE = re.compile(r"^crm_cli\.store\.\w+\.models$")


class Table(NamedTuple):
    """One table: its model, its columns in order and each column's kind."""

    name: str
    model: Any
    fields: tuple[Any, ...]
    kinds: tuple[str, ...]

    @property
    def columns(self) -> list[str]:
        return [field.column_name for field in self.fields]

    @property
    def described(self) -> list[list[str]]:
        """``[[column, kind], …]``, as a dump's header lists them."""
        return [[column, kind] for column, kind in zip(self.columns, self.kinds, strict=True)]

    @property
    def key(self) -> Any:
        """The primary key: rows are read in its order, a page at a time."""
        return self.model._meta.primary_key

    @property
    def self_refs(self) -> tuple[int, ...]:
        """Positions of the columns that refer to a row of this same table."""
        return tuple(
            i
            for i, field in enumerate(self.fields)
            if isinstance(field, pw.ForeignKeyField) and field.rel_model is self.model
        )


@functools.cache
def tables() -> tuple[Table, ...]:
    """Every table crm keeps (the search index aside), parents before children."""
    _import_models()
    found = [m for m in _subclasses(BaseModel) if _MODELS_MODULE.match(m.__module__)]
    derived = SEARCH_INDEX + NAME_ORDER + NAME_BUCKETS
    concrete = [m for m in found if not m.__subclasses__() and m not in derived]
    return tuple(_table(model) for model in pw.sort_models(concrete))  # type: ignore[attr-defined]


def by_name() -> dict[str, Table]:
    return {table.name: table for table in tables()}


def search_index_names() -> tuple[str, ...]:
    return tuple(model._meta.table_name for model in SEARCH_INDEX)


def name_order_names() -> tuple[str, ...]:
    return tuple(model._meta.table_name for model in NAME_ORDER)


def name_bucket_names() -> tuple[str, ...]:
    return tuple(model._meta.table_name for model in NAME_BUCKETS)


def _import_models() -> None:
    """Import the ``models`` module of every package of the store that has one."""
    for info in pkgutil.iter_modules(crm_cli.store.__path__):
        name = f"{crm_cli.store.__name__}.{info.name}.models"
        if info.ispkg and importlib.util.find_spec(name) is not None:
            importlib.import_module(name)


def _subclasses(cls: Any) -> list[Any]:
    found: list[Any] = []
    for sub in cls.__subclasses__():
        found.extend([sub, *_subclasses(sub)])
    return found


def _table(model: Any) -> Table:
    fields = tuple(model._meta.sorted_fields)
    return Table(model._meta.table_name, model, fields, tuple(kind_of_field(f) for f in fields))


def kind_of_field(field: Any) -> str:
    """How a column's values travel; a field of a type not seen before is refused here,
    in the tests, rather than copied wrongly."""
    if isinstance(field, pw.ForeignKeyField):
        return kind_of_field(field.rel_field)
    if isinstance(field, pw.BooleanField):
        return "bool"
    if isinstance(field, pw.DateTimeField):
        return "datetime"
    if isinstance(field, pw.DateField):
        return "date"
    if isinstance(field, pw.DecimalField):
        return "decimal"
    if isinstance(field, pw.IntegerField):
        # Money and scaled quantities are integers stored, Decimals in Python.
        return "decimal" if isinstance(field.python_value(0), Decimal) else "int"
    if isinstance(field, pw.FloatField):
        return "float"
    if isinstance(field, pw.CharField | pw.TextField):
        return "text"
    raise TypeError(f"no rule for copying {type(field).__name__} {field.name!r}")


def kind_of(database: Any) -> str:
    """``sqlite``, ``postgres`` or ``mysql``: the kind of a peewee database (or proxy)."""
    database = getattr(database, "obj", None) or database
    if isinstance(database, pw.SqliteDatabase):
        return "sqlite"
    if isinstance(database, pw.PostgresqlDatabase):
        return "postgres"
    if isinstance(database, pw.MySQLDatabase):
        return "mysql"
    raise TypeError(f"unknown database {type(database).__name__}")


def quoted(database: Any, name: str) -> str:
    """A table or column name quoted for ``database`` (``"user"`` is a keyword)."""
    quote = database.quote
    return f"{quote[0]}{name}{quote[1]}"
