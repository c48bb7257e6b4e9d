"""What the summary engine knows of a record type: its fields (a column or an expression,
possibly of a joined table), the joins they need, whose records they are and which date the
period applies to.

Kinds of field: ``text``, ``int``, ``bool``, ``date`` and ``datetime`` group; ``int``,
``money`` and ``number`` (an exact decimal kept as an integer with ``places`` decimals:
quantities, costs) are summed. Money is kept in cents, so its ``places`` is 2.

A field marked ``reserved`` (cost prices, and the profit taken from them) is management
information: only managers and admins may group, measure or filter by it, and a team
summary that names one is refused to a salesperson who runs it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple

GROUPABLE = ("text", "int", "bool", "date", "datetime")
NUMERIC = ("int", "money", "number")
DATES = ("date", "datetime")


class Field(NamedTuple):
    name: str
    kind: str
    expr: Any  # a peewee column or expression
    joins: tuple[str, ...] = ()  # the joins it needs, by name
    places: int = 0  # numeric kinds: decimals of the stored integer (money: 2)
    shown: int = 2  # numeric kinds: decimals shown
    reserved: bool = False  # managers and admins only


class Join(NamedTuple):
    """A LEFT JOIN of ``model`` (an alias) from ``source`` on ``on``, after ``needs``."""

    source: Any
    model: Any
    on: Any
    needs: tuple[str, ...] = ()


class Kind(NamedTuple):
    """A record type the summary engine can group."""

    name: str
    title_zh: str
    model: Any
    fields: dict[str, Field]
    joins: dict[str, Join]
    owner: Field  # the owner's id, for the actor's scope
    date: str  # the field a period applies to
    live: tuple[Field, ...] = ()  # conditions every counted record meets (not trashed …)
    # customers: the customer filter language (``customers.query``) instead of `filters`
    base: Callable[..., Any] | None = None

    def field(self, name: str) -> Field:
        from crm_cli.store.core.errors import InvalidInput

        found = self.fields.get(name.strip().lower().replace("-", "_"))
        if found is None:
            raise InvalidInput(
                "unknown field {name!r} of {records}; fields: {fields}",
                name=name.strip(),
                records=self.name,
                fields=", ".join(sorted(self.fields)),
            )
        return found

    def names(self, kinds: tuple[str, ...]) -> list[str]:
        return sorted(name for name, f in self.fields.items() if f.kind in kinds)

    def joins_for(self, fields: list[Field]) -> list[Join]:
        """The joins ``fields`` need (with theirs), in declaration order."""
        wanted: set[str] = set()
        todo = [name for f in fields for name in f.joins]
        while todo:
            name = todo.pop()
            if name not in wanted:
                wanted.add(name)
                todo.extend(self.joins[name].needs)
        return [join for name, join in self.joins.items() if name in wanted]


def fields(*items: Field) -> dict[str, Field]:
    return {f.name: f for f in items}
