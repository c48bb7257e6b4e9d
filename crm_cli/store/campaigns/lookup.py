"""Finding a campaign and who may change it (CMP-1, USR-3).

Campaigns are the team's: everyone sees every live campaign, so that whoever adds a
customer can name the campaign it came from. Managers and admins create, change and
delete campaigns; a campaign's owner may change it too (record its responses, move its
stage). Linking a customer or opportunity takes edit rights on that customer instead.
"""

from __future__ import annotations

from typing import Any

from crm_cli.store.campaigns import models as km
from crm_cli.store.core.errors import Ambiguous, InvalidInput, NotFound, PermissionDenied
from crm_cli.store.core.records import User
from crm_cli.store.core.values import as_id


def find_row(ref: str) -> km.Campaign:
    """The live campaign named by code, numeric id or exact name."""
    text = ref.strip()
    if not text:
        raise InvalidInput("empty campaign reference")
    C = km.Campaign
    cond = (C.code == text.upper()) | (C.name == text)
    if (number := as_id(text, "campaign")) is not None:
        cond |= C.id == number
    rows = list(C.select().where(cond & C.deleted_at.is_null()).order_by(C.id).limit(10))
    exact = [r for r in rows if r.code == text.upper() or str(r.id) == text]
    if exact:
        return exact[0]
    if not rows:
        raise NotFound("no campaign {text!r}", text=text)
    if len(rows) > 1:
        names = [f"{r.code} {r.name}" for r in rows]
        raise Ambiguous(
            "{text!r} matches several campaigns: {names}", names, text=text, names="; ".join(names)
        )
    return rows[0]


def may_manage(actor: User) -> bool:
    """Create and delete campaigns: managers and admins."""
    return actor.role in ("manager", "admin")


def may_change(actor: User, row: km.Campaign) -> bool:
    """Change a campaign: managers, admins and the campaign's owner."""
    return may_manage(actor) or row.owner_id == actor.id


def writable(actor: User, ref: str, what: str) -> km.Campaign:
    row = find_row(ref)
    if not may_change(actor, row):
        raise PermissionDenied(
            "you may not {what} campaign {code}: managers, admins and its owner may",
            what=what,
            code=row.code,
        )
    return row


class Codes:
    """Campaign codes and names to ids, read once when first asked (an import's cells)."""

    def __init__(self) -> None:
        self._ids: dict[str, int] | None = None

    def id_of(self, text: str) -> int:
        if self._ids is None:
            C = km.Campaign
            query: Any = C.select(C.code, C.name, C.id).where(C.deleted_at.is_null())
            self._ids = {}
            for code, name, row_id in query.order_by(C.id).tuples():
                self._ids.setdefault(name, row_id)  # the first of a repeated name
                self._ids[code] = row_id
        word = text.strip()
        found = self._ids.get(word.upper()) or self._ids.get(word)
        if found is None:
            raise InvalidInput(
                "no campaign {word!r}; name one by its code, e.g. CP000001", word=word
            )
        return found
