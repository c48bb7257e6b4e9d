"""A user's row by login or id: below ``users`` and ``term_sql`` (``owner:wang``), so that
the users' own list can take query-language terms (``user_terms``) without an import
circle. Others import it through ``users`` as before."""

from __future__ import annotations

from crm_cli.store.core import models as m
from crm_cli.store.core.errors import NotFound
from crm_cli.store.core.values import as_id


def user_row(ref: str) -> m.User:
    """The user named by login or numeric id (active or not)."""
    ref = ref.strip()
    row = m.User.get_or_none(m.User.login == ref)
    if row is None and (number := as_id(ref, "user")) is not None:
        row = m.User.get_or_none(m.User.id == number)
    if row is None:
        raise NotFound("no user {key!r}", key=ref)
    return row
