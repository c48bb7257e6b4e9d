"""The digest's calendar kind (issue 13, point 4): today's events on the user's calendar,
each with the time its reminder goes off (the seed's half an hour ahead).

Today's occurrences come from the agenda's window query (the owner's and the invitations'
(…, span_end, span_start) indexes of migration 0012), expanded for this one day only; an
invitation the user declined is not on their day.
"""

from __future__ import annotations

from crm_cli.store.core.errors import Phrase
from crm_cli.store.overview.digest_items import DigestItem, Found, Who, Window, item
from crm_cli.store.schedule.agenda import occurrences_on
from crm_cli.store.schedule.records import Occurrence


def _text(o: Occurrence) -> Phrase:
    """``09:00–10:00 title @ place (remind 08:30, invited by owner)``, or ``all day …``:
    a template for each shape, so that a translation words each whole."""
    params = {"title": o.title, "place": f" @ {o.place}" if o.place else "", "owner": o.owner}
    invited = o.role == "invited"
    if o.all_day:
        if invited:
            return Phrase("all day {title}{place}, invited by {owner}", **params)
        return Phrase("all day {title}{place}", **params)
    params.update(start=f"{o.start:%H:%M}", end=f"{o.end:%H:%M}", remind=f"{o.remind_at:%H:%M}")
    if invited:
        return Phrase(
            "{start}–{end} {title}{place} (remind {remind}, invited by {owner})", **params
        )
    return Phrase("{start}–{end} {title}{place} (remind {remind})", **params)


def todays_events(w: Window) -> Found:
    """The user's events today, by start; all counted, the first ``limit`` listed."""
    found = occurrences_on(w.user.id, w.today)
    items: list[DigestItem] = []
    for o in found if w.limit is None else found[: w.limit]:
        customer = Who(o.customer, o.customer_name or "") if o.customer else None
        items.append(item(w, w.today, _text(o), o.code, customer))
    return Found(items, len(found))
