"""Writing the demo calendar (``calendar``) in bulk: the events with codes from one bump of
the ``event`` sequence and the span `series.respan` gives them, their invitations and
changed occurrences, and the log entries the calendar's verbs write (times in UTC, as
`events` logs them): "add" by the owner, "accept"/"decline" by each invitee who answered,
"edit occurrence"/"cancel occurrence" by the owner.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from crm_cli.store.core import models as m
from crm_cli.store.core.bulk import insert_rows
from crm_cli.store.core.codes import next_codes
from crm_cli.store.core.oplog import nonempty
from crm_cli.store.demo.bulk import BulkTable, code_ranges
from crm_cli.store.demo.bundle import Row
from crm_cli.store.demo.writer import log_json
from crm_cli.store.schedule import models as sc
from crm_cli.store.schedule import series

E, Inv, X = sc.ScheduleEvent, sc.ScheduleInvite, sc.ScheduleException
# What an "add" entry records of the event, as `events._snapshot` names it.
SNAPSHOT = ("title", "place", "note", "start_at", "end_at", "all_day", "rrule",
            "remind_minutes", "customer", "contact", "opportunity")  # fmt: skip


class Draft(NamedTuple):
    """A drawn event: its columns, its invitations and its changed occurrences."""

    row: Row
    invites: list[Row]  # user, status, responded_at
    exceptions: list[Row]  # occurrence, cancelled, start_at, end_at, note, updated_at


def write(drafts: list[Draft]) -> int:
    """Write the events (codes in the order they were planned) and all that hangs on them;
    returns how many events."""
    if not drafts:
        return 0
    drafts = sorted(drafts, key=lambda d: d.row["created_at"])
    codes = next_codes("event", "code.event_prefix", len(drafts))
    for draft, code in zip(drafts, codes, strict=True):
        draft.row["code"] = code
        _span(draft)
    events = BulkTable(E)
    insert_rows(events.name, events.columns, [events.tail(d.row) for d in drafts])
    written: Any = E.select(E.code, E.id).where(code_ranges(E.code, codes)).tuples()
    ids: dict[str, int] = dict(written)
    people: Any = m.User.select(m.User.id, m.User.login).tuples()
    logins: dict[int, str] = dict(people)
    invites, exceptions, log = [], [], _Log()
    for draft in drafts:
        row, event = draft.row, ids[draft.row["code"]]
        invited = [logins[i["user"]] for i in draft.invites]
        added = {"code": row["code"], **{k: row.get(k) for k in SNAPSHOT}, "invited": invited}
        log.add(row, event, row["owner"], "add", added, row["created_at"])
        for invite in draft.invites:
            spans = {k: row[k] for k in ("start_at", "span_start", "span_end")}
            invites.append({**invite, **spans, "event": event})
            if invite["status"] != "pending":
                _answer(log, row, event, invite, logins[invite["user"]])
        for exc in draft.exceptions:
            exceptions.append({**exc, "event": event})
            _changed(log, row, event, exc)
    for model, rows in ((Inv, invites), (X, exceptions)):
        table = BulkTable(model)
        insert_rows(table.name, table.columns, [table.tail(r) for r in rows])
    log.flush()
    return len(drafts)


def _span(draft: Draft) -> None:
    """The span the agenda reads through: `series.respan` on an unsaved row, so that no
    invitation is touched before it is written."""
    row = draft.row
    event = E(start_at=row["start_at"], end_at=row["end_at"], tz=row["tz"], rrule=row["rrule"])
    changed = [X(start_at=e["start_at"], end_at=e["end_at"]) for e in draft.exceptions]
    series.respan(event, changed)
    row["span_start"], row["span_end"] = event.span_start, event.span_end


def _answer(log: _Log, row: Row, event: int, invite: Row, login: str) -> None:
    action = "accept" if invite["status"] == "accepted" else "decline"
    changes = {"invitee": login, "status": ["pending", invite["status"]]}
    log.add(row, event, invite["user"], action, changes, invite["responded_at"])


def _changed(log: _Log, row: Row, event: int, exc: Row) -> None:
    action = "cancel occurrence" if exc["cancelled"] else "edit occurrence"
    changes = {"occurrence": exc["occurrence"], "cancelled": exc["cancelled"],
               "start": exc["start_at"], "title": None, "place": None}  # fmt: skip
    log.add(row, event, row["owner"], action, changes, exc["updated_at"])


class _Log:
    """The calendar's log entries, written in one statement."""

    def __init__(self) -> None:
        self.table = BulkTable(m.OpLog)
        self.rows: list[tuple[Any, ...]] = []

    def add(self, row: Row, event: int, actor: int, action: str, changes: Row, at: Any) -> None:
        values = {"at": at, "actor": actor, "entity": "event", "entity_id": event,
                  "customer_id": row.get("customer"), "action": action,
                  "changes": log_json(nonempty(changes))}  # fmt: skip
        self.rows.append(self.table.tail(values))

    def flush(self) -> None:
        insert_rows(self.table.name, self.table.columns, self.rows)
