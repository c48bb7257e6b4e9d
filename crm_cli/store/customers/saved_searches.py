"""Saved searches (CUS-6): a user's named filters, reloaded by name in the CLI and the TUI."""

from __future__ import annotations

import json
from typing import NamedTuple

from crm_cli.store.core.dates import now_or
from crm_cli.store.core.db import conflict_target, reading, writing
from crm_cli.store.core.errors import NotFound
from crm_cli.store.core.normalize import clean_name
from crm_cli.store.core.records import User
from crm_cli.store.customers import models as cm
from crm_cli.store.customers.query import CustomerFilter, build_query, order_by


class SavedSearch(NamedTuple):
    name: str
    filter: CustomerFilter
    sort: str | None

    def to_dict(self) -> dict[str, object]:
        data: dict[str, object] = {"name": self.name, "sort": self.sort or ""}
        data.update(self.filter._asdict())
        data["where"] = list(self.filter.where)
        data["terms"] = list(self.filter.terms)
        return data


def _encode(flt: CustomerFilter, sort: str | None) -> str:
    data = flt._asdict()
    data["where"] = list(flt.where)
    data["sort"] = sort
    return json.dumps(data, ensure_ascii=False)


def _decode(name: str, text: str) -> SavedSearch:
    data = json.loads(text)
    sort = data.pop("sort", None)
    data["where"] = tuple(data.get("where") or ())
    data["terms"] = tuple(data.get("terms") or ())  # searches saved before SH-1 have none
    return SavedSearch(name, CustomerFilter(**data), sort)


@writing
def save_search(
    actor: User, name: str, flt: CustomerFilter, *, sort: str | None = None
) -> SavedSearch:
    """Save (or replace) a named search; it is checked, sort included, by running it once."""
    name = clean_name(name, "search name")
    # Bad filters or a bad sort fail now, not every time the search is used.
    build_query(actor, flt, now_or(None).date()).order_by(*order_by(sort)).limit(1).execute()
    query = _encode(flt, sort)
    cm.SavedSearch.insert(owner=actor.id, name=name, query=query).on_conflict(
        conflict_target=conflict_target(cm.SavedSearch.owner, cm.SavedSearch.name),
        update={cm.SavedSearch.query: query},
    ).execute()
    return SavedSearch(name, flt, sort)


@reading
def list_searches(actor: User) -> list[SavedSearch]:
    rows = cm.SavedSearch.select().where(cm.SavedSearch.owner == actor.id)
    return [_decode(r.name, r.query) for r in rows.order_by(cm.SavedSearch.name)]


@reading
def get_search(actor: User, name: str) -> SavedSearch:
    row = cm.SavedSearch.get_or_none(
        (cm.SavedSearch.owner == actor.id) & (cm.SavedSearch.name == name.strip())
    )
    if row is None:
        raise NotFound("no saved search {name!r}", name=name.strip())
    return _decode(row.name, row.query)


def narrow(
    saved: SavedSearch, flt: CustomerFilter, sort: str | None
) -> tuple[CustomerFilter, str | None]:
    """The saved filter with what is given now on top: new conditions are added to the
    saved ones, a given search text, status or owner replaces the saved one."""
    merged = saved.filter._replace(
        search=flt.search or saved.filter.search,
        status=flt.status or saved.filter.status,
        owner=flt.owner or saved.filter.owner,
        where=(*saved.filter.where, *flt.where),
        terms=(*saved.filter.terms, *flt.terms),
        deleted=flt.deleted or saved.filter.deleted,
    )
    return merged, sort or saved.sort


@writing
def delete_search(actor: User, name: str) -> None:
    deleted = (
        cm.SavedSearch.delete()
        .where((cm.SavedSearch.owner == actor.id) & (cm.SavedSearch.name == name.strip()))
        .execute()
    )
    if not deleted:
        raise NotFound("no saved search {name!r}", name=name.strip())
