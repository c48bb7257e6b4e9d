"""What the imports of opportunities, orders and receipts share: checking a row's cells,
finding the customer a row names (whom the actor must be allowed to change, as the `add`
commands require), naming users, and taking back records through the operation log.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

from crm_cli.store.core import models as m
from crm_cli.store.core import oplog
from crm_cli.store.core.errors import CrmError, InvalidInput
from crm_cli.store.core.tabular import Table, phrase_of
from crm_cli.store.imports.bulk import Columns, select_in
from crm_cli.store.imports.customer_rows import reason
from crm_cli.store.imports.people import People
from crm_cli.store.imports.specs import Draft, Problems, Run

Convert = Callable[[str], Any]
LOG_JSON = json.JSONEncoder(ensure_ascii=False, default=oplog.plain)


def cells_of(
    table: Table, convert: dict[str, Convert], problems: Problems
) -> Iterator[tuple[int, dict[str, Any], dict[str, str]]]:
    """Each row whose every cell converts: (row, values, cells); empty cells left out."""
    for line, cells in table.records():
        values: dict[str, Any] = {}
        bad = False
        for field, text in cells.items():
            if not text or field not in convert:
                continue
            try:
                values[field] = convert[field](text)
            except CrmError as exc:
                problems.add(line, field, text, reason(exc))
                bad = True
        if not bad:
            yield line, values, cells


class Bad(InvalidInput):
    """A rule a row breaks, and the column it is about; ``why``: the rule as a problem's
    reason (a ``Phrase``, or the error that broke it)."""

    def __init__(self, field: str, why: str | Exception) -> None:
        self.why = phrase_of(why) if isinstance(why, Exception) else why
        super().__init__(str(self.why))
        self.field = field


def user_of(people: People, text: str) -> int:
    """The user a cell names (login, else display name): the actor, or one they manage."""
    key = text.strip()
    if key in people.by_login:
        user_id = people.by_login[key][0]
    elif len(found := people.by_display.get(key, [])) == 1:
        user_id = found[0]
    elif found:
        logins = ", ".join(sorted(people.login_of[u] for u in found))
        raise InvalidInput(
            "several users are called {key!r}: use a login ({logins})", key=key, logins=logins
        )
    else:
        raise InvalidInput("no user {key!r}", key=key)
    if not people.actor.is_admin and user_id not in people.managed:
        raise InvalidInput(
            "you may not record in the name of {login_of!r}", login_of=people.login_of[user_id]
        )
    return user_id


def problem(problems: Problems, draft: Draft, field: str, why: str, conflict: bool = False) -> None:
    problems.add(draft.line, field, draft.cells.get(field, ""), why, conflict)


def log_rows(run: Run, entity: str, rows: list[tuple[int, int, dict[str, Any]]]) -> None:
    """One "import" log entry per record written: (record id, customer id, its values)."""
    log = Columns(m.OpLog)
    log.insert([
        log.row({"at": run.now, "actor": run.actor.id, "entity": entity, "entity_id": record,
                 "customer_id": customer, "action": "import",
                 "changes": LOG_JSON.encode(oplog.nonempty(values))})
        for record, customer, values in rows
    ])  # fmt: skip


def logged_since(entity: str, ids: list[int], mark: int) -> set[int]:
    """Which of these records the operation log says changed after ``mark``."""
    log = m.OpLog
    query = log.select(log.entity_id).where((log.id > mark) & (log.entity == entity))
    return {r[0] for r in select_in(query.distinct().tuples(), log.entity_id, ids)}
