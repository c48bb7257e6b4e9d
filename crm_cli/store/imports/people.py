"""Who an import may name (owners by login or display name) and which customers the actor
may see and change: `customers.access`'s rules, with its lookups made once per import."""

from __future__ import annotations

import datetime as dt

from crm_cli.store.core import models as m
from crm_cli.store.core.errors import InvalidInput, Phrase
from crm_cli.store.core.records import User
from crm_cli.store.customers import access
from crm_cli.store.customers import models as cm
from crm_cli.store.imports.bulk import tuples

YOU_OR_TEAM = Phrase("yourself or your team")


class People:
    """The users, read once per import."""

    def __init__(self, actor: User, today: dt.date) -> None:
        self.actor = actor
        self.managed = access.managed_owner_ids(actor)
        D = cm.Delegation
        current = (D.delegate == actor.id) & (D.until >= today) & D.revoked_at.is_null()
        self.delegated = {row[0] for row in tuples(D.select(D.customer).where(current))}
        self.by_login: dict[str, tuple[int, bool]] = {}
        self.by_display: dict[str, list[int]] = {}
        self.login_of: dict[int, str] = {}
        query = m.User.select(m.User.id, m.User.login, m.User.display, m.User.active)
        for user_id, login, display, active in tuples(query):
            self.by_login[login] = (user_id, bool(active))
            self.by_display.setdefault(display, []).append(user_id)
            self.login_of[user_id] = login
        self.active = {uid for uid, on in self.by_login.values() if on}

    def owner(self, text: str) -> int:
        """The user a cell names (login, else display name) whom the actor may give records.

        Raises:
            InvalidInput: no such user, several with that display name, deactivated, or one
                the actor may not import for (a sales user imports only as their own owner).
        """
        key = text.strip()
        if key in self.by_login:
            user_id = self.by_login[key][0]
        elif len(found := self.by_display.get(key, [])) == 1:
            user_id = found[0]
        elif found:
            logins = ", ".join(sorted(self.login_of[u] for u in found))
            raise InvalidInput(
                "several users are called {key!r}: use a login ({logins})", key=key, logins=logins
            )
        else:
            raise InvalidInput("no user {key!r}", key=key)
        if user_id not in self.active:
            raise InvalidInput("user {login_of!r} is deactivated", login_of=self.login_of[user_id])
        if not self.actor.is_admin and user_id not in self.managed:
            whom = Phrase("yourself") if self.actor.role == "sales" else YOU_OR_TEAM
            raise InvalidInput("you may import customers only for {whom}", whom=whom)
        return user_id

    def can_see(self, row_id: int, owner: int | None, public: bool) -> bool:
        actor = self.actor
        if actor.is_admin or public or owner in self.managed or row_id in self.delegated:
            return True
        return any(rule.shows(actor, row_id) for rule in access.visibility_rules)

    def can_edit(self, row_id: int, owner: int | None) -> bool:
        return self.actor.is_admin or owner in self.managed or row_id in self.delegated
