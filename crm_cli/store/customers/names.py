"""The names a list of customers prints for ids: statuses and owners' logins."""

from __future__ import annotations

from typing import Any

import peewee as pw

from crm_cli.store.core import models as m
from crm_cli.store.customers import models as cm


def names_and_logins() -> tuple[dict[int, str], dict[int, str]]:
    """``status_names()`` and ``user_logins()`` in one statement (a list reads both; on a
    server each statement is a round trip)."""
    S, U = cm.CustomerStatus, m.User
    both: Any = S.select(pw.SQL("0"), S.id, S.name).union_all(U.select(pw.SQL("1"), U.id, U.login))
    maps: tuple[dict[int, str], dict[int, str]] = ({}, {})
    for kind, key, name in both.tuples():
        maps[int(kind)][key] = name
    return maps
