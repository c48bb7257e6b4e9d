"""The calendar screen's flows (issue 13, point 5): add an event, edit or cancel the chosen
occurrence or its whole series, accept or decline an invitation, show another's agenda.

Every step is the CLI's store call (`schedule.events`, `schedule.agenda`). Add and edit run
it from their dialog, so a refusal stays there beside its field; cancel and decline ask
for a confirmation, accept asks nothing, and a refusal is a notification.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Mapping
from typing import Any

from crm_cli.i18n import N_, _, tr
from crm_cli.store.core.errors import InvalidInput
from crm_cli.store.schedule import agenda, events
from crm_cli.store.schedule.records import Event, Occurrence
from crm_cli.store.schedule.recurrence import Repeat
from crm_cli.tui.dialogs.confirm import ConfirmDialog
from crm_cli.tui.dialogs.event_forms import (
    EventDialog,
    OccurrenceDialog,
    ScopeDialog,
    repeat_of,
    yes,
)
from crm_cli.tui.dialogs.pick_user import UserDialog
from crm_cli.tui.ports import CalendarPane


def start(pane: CalendarPane, flow: Awaitable[None]) -> None:
    pane.run_worker(flow, group="action", exclusive=True)


def logins(text: str) -> list[str]:
    return [w for w in text.replace(",", " ").split() if w]


def _moment(t: dt.datetime, all_day: bool, *, end: bool = False) -> str:
    """A time as typed back: a day for all-day events (the end as the last day)."""
    if all_day:
        return f"{t - dt.timedelta(days=1) if end else t:%Y-%m-%d}"
    return f"{t:%Y-%m-%d %H:%M}"


def _values(typed: Mapping[str, str]) -> dict[str, Any]:
    """What the event dialog says, as the store's values (empty fields left out)."""
    found: dict[str, Any] = {k: typed[k] for k in ("at", "until", "place", "customer",
                                                   "remind", "note") if typed[k]}  # fmt: skip
    if typed["all_day"]:
        found["all_day"] = yes(typed["all_day"])
    if spec := repeat_of(typed["repeat"]):
        found["repeat"] = spec
    return found


async def add(pane: CalendarPane) -> None:
    app = pane.crm

    def save(typed: dict[str, str]) -> Event:
        return events.add_event(app.user, typed["title"], values=_values(typed),
                                invite=logins(typed["invite"]), now=app.now)  # fmt: skip

    day = pane.day or app.today()
    dialog = EventDialog(save, N_("New event"), {"at": f"{day:%Y-%m-%d} 09:00", "all_day": "no"})
    saved = await app.push_screen_wait(dialog)
    if saved is not None:
        # The store plans it for the acting user, also while another's agenda is shown.
        mine = _(" to your calendar") if pane.whose else ""
        when = _moment(saved.start, saved.all_day)
        app.report(tr("Added {code} {title} ({when})", code=saved.code, title=saved.title,
                      when=when) + mine)  # fmt: skip
        pane.go_to(saved.start.date())


def _series_values(e: Event) -> dict[str, str]:
    return {
        "title": e.title, "at": _moment(e.start, e.all_day),
        "until": _moment(e.end, e.all_day, end=True), "all_day": "yes" if e.all_day else "no",
        "place": e.place, "customer": e.customer or "", "remind": f"{e.remind_minutes}m",
        "invite": ", ".join(str(i["user"]) for i in e.invitees), "repeat": e.repeat or "",
        "note": e.note,
    }  # fmt: skip


def _series_changes(typed: Mapping[str, str], before: Mapping[str, str]) -> dict[str, Any]:
    """Only what the user changed: an unchanged start is not sent to be read again."""
    changes: dict[str, Any] = {}
    for key, text in typed.items():
        if text == before[key]:
            continue
        if key == "invite":
            old, new = set(logins(before[key])), set(logins(text))
            changes.update(invite=sorted(new - old), uninvite=sorted(old - new))
        elif key == "repeat":
            changes["repeat"] = repeat_of(text) or Repeat("none")  # emptied: stop repeating
        elif key == "all_day":
            changes["all_day"] = yes(text)
        else:
            changes[key] = text
    if not changes:
        raise InvalidInput("nothing changed")
    return changes


async def _edit_series(pane: CalendarPane, code: str) -> None:
    app = pane.crm
    event = await app.attempt(agenda.get_event, app.user, code)
    if event is None:
        return
    before = _series_values(event)

    def save(typed: dict[str, str]) -> Event:
        changes = _series_changes(typed, before)
        return events.edit_event(app.user, code, changes, now=app.now)

    saved = await app.push_screen_wait(EventDialog(save, tr("Edit {code}", code=code), before))
    if saved is not None:
        app.report(tr("Saved {code} {title}", code=saved.code, title=saved.title))
        pane.go_to()


async def _edit_occurrence(pane: CalendarPane, o: Occurrence) -> None:
    app = pane.crm
    before = {"title": o.title, "at": _moment(o.start, o.all_day),
              "until": _moment(o.end, o.all_day, end=True), "place": o.place,
              "note": o.note}  # fmt: skip

    def save(typed: dict[str, str]) -> Event:
        changes = {k: v for k, v in typed.items() if v != before[k]}
        if not changes:
            raise InvalidInput("nothing changed")
        return events.edit_event(app.user, o.code, changes, occurrence=o.occurrence.isoformat(),
                                 now=app.now)  # fmt: skip

    day = f"{o.occurrence:%Y-%m-%d}"
    heading = tr("Edit {code} on {day}", code=o.code, day=day)
    saved = await app.push_screen_wait(OccurrenceDialog(save, heading, before))
    if saved is not None:
        app.report(tr("Saved {code} on {day}", code=saved.code, day=day))
        pane.go_to()


SCOPES = {
    "Edit": N_("Edit {code} {title}: only on {day}, or the series?"),
    "Cancel": N_("Cancel {code} {title}: only on {day}, or the series?"),
}


async def _scope(pane: CalendarPane, o: Occurrence, verb: str) -> str | None:
    """The scope of a change: for a repeating event, asked ("occurrence" or "series", None
    for neither); a single event is changed whole ("series")."""
    if not o.repeating:
        return "series"
    question = tr(SCOPES[verb], code=o.code, title=o.title, day=f"{o.occurrence:%Y-%m-%d}")
    result = await pane.crm.push_screen_wait(ScopeDialog(question))
    return None if result is None else str(result)


async def edit(pane: CalendarPane, o: Occurrence) -> None:
    scope = await _scope(pane, o, "Edit")
    if scope == "occurrence":
        await _edit_occurrence(pane, o)
    elif scope == "series":
        await _edit_series(pane, o.code)


async def cancel(pane: CalendarPane, o: Occurrence) -> None:
    app = pane.crm
    scope = await _scope(pane, o, "Cancel")
    if scope is None:
        return
    one = scope == "occurrence" and o.occurrence.isoformat()
    day = tr(" on {day}", day=f"{o.occurrence:%Y-%m-%d}") if one else ""
    what = f"{o.code} {o.title}" + day
    whole = _(" (every occurrence)") if o.repeating and not one else ""
    question = tr("Cancel {what}?", what=what + whole)
    if not await app.push_screen_wait(ConfirmDialog(question, yes=N_("Cancel it"),
                                                    no=N_("Keep it"))):  # fmt: skip
        return
    done = await app.attempt(events.cancel_event, app.user, o.code, occurrence=one or None,
                             now=app.now)  # fmt: skip
    if done is not None:
        app.report(tr("Cancelled {what}", what=what))
        pane.go_to()


async def answer(pane: CalendarPane, o: Occurrence, accept: bool) -> None:
    app = pane.crm
    call = events.accept_event if accept else events.decline_event
    # A declined event leaves the agenda, where it could be accepted again: ask first.
    question = tr("Decline {code} {title}?", code=o.code, title=o.title)
    if not accept and not await app.push_screen_wait(ConfirmDialog(question, yes=N_("Decline"))):
        return
    if await app.attempt(call, app.user, o.code, now=app.now) is not None:
        said = N_("Accepted {code} {title}") if accept else N_("Declined {code} {title}")
        app.report(tr(said, code=o.code, title=o.title))
        pane.go_to()


async def switch_user(pane: CalendarPane) -> None:
    """Show a subordinate's agenda (managers, admins), as `crm agenda --user`; empty or
    "me": one's own. The store says whether it may be seen before the screen switches."""
    app = pane.crm
    choice = await app.push_screen_wait(UserDialog(N_("Show the agenda of (me: your own)")))
    if choice is None:
        return
    login = None if choice.user in ("me", app.user.login) else choice.user
    day = pane.day or app.today()
    seen = await app.attempt(agenda.agenda, app.user, user=login, period="day", as_of=day,
                             now=app.now)  # fmt: skip
    if seen is not None:
        pane.whose = login
        app.report(tr("The agenda of {login}", login=login or app.user.login))
        pane.go_to()
