"""A week at a glance: seven day columns (Monday to Sunday) of the store's occurrences,
the chosen day and today marked, and the rows of one day for the calendar's table.

Only what the store's agenda returned is shown: series are expanded by the store, never
here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Static

from crm_cli.i18n import N_, _, tr
from crm_cli.store.schedule.records import Occurrence

DAY_COLUMNS = ("time", "title", "place", "customer", "code", "answer")
DAY_TITLES = {"title": N_("title")}  # an event's title, not a person's (column ``title``)
RESPONSES = (N_("pending"), N_("accepted"), N_("declined"))  # an invitee's answers
WEEKDAYS = (N_("Mon"), N_("Tue"), N_("Wed"), N_("Thu"), N_("Fri"), N_("Sat"), N_("Sun"))


def weekday(day: dt.date) -> str:
    """The day's short name (Mon, 周一) in the interface language, not the C locale's."""
    return _(WEEKDAYS[day.weekday()])


def monday(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def _local(moment: dt.datetime) -> dt.datetime:
    # The store gives aware times in the event's zone: the wall clock is what users read.
    return moment.replace(tzinfo=None)


def on_day(week: Sequence[Occurrence], day: dt.date) -> list[Occurrence]:
    """The occurrences that overlap ``day``: all-day ones first, then by start."""
    begin = dt.datetime.combine(day, dt.time())
    end = begin + dt.timedelta(days=1)
    found = [
        o for o in week
        if _local(o.start) < end and (_local(o.end) > begin or _local(o.start) >= begin)
    ]  # fmt: skip
    return sorted(found, key=lambda o: (not o.all_day, _local(o.start), o.code))


def when(o: Occurrence) -> str:
    """The time an occurrence takes, as the day table shows it."""
    if o.all_day:
        return _("all day")
    start, end = _local(o.start), _local(o.end)
    later = f"{end:%m-%d %H:%M}" if end.date() != start.date() else f"{end:%H:%M}"
    return f"{start:%H:%M}-{later}"


def day_row(o: Occurrence) -> dict[str, Any]:
    """One row of the day table; ``occurrence`` keeps the record for the keys."""
    answer = tr("invited: {answer}", answer=_(o.response or "")) if o.role == "invited" else ""
    customer = f"{o.customer} {o.customer_name}" if o.customer else ""
    repeat = _(" (repeats)") if o.repeating else ""
    return {
        "time": when(o), "title": o.title + repeat, "place": o.place, "customer": customer,
        "code": o.code, "answer": answer, "occurrence": o,
    }  # fmt: skip


def _column_text(day: dt.date, items: Sequence[Occurrence]) -> str:
    # "Mon 11-02"; in Chinese without the space ("周一11-02"), so it fits a column at 80
    # (nine cells: the columns keep no padding on their right, where the border is).
    lines = [tr("{weekday} {day}", weekday=weekday(day), day=f"{day:%m-%d}")]
    for o in items:
        lines.append((_("all day") + " " if o.all_day else f"{_local(o.start):%H:%M} ") + o.title)
    return "\n".join(lines) if items else lines[0] + "\n-"


class WeekStrip(Horizontal):
    """Seven columns, ``#day-0`` (Monday) to ``#day-6``; the chosen day has class ``chosen``."""

    DEFAULT_CSS = """
    WeekStrip { height: 9; }
    WeekStrip Static {
        width: 1fr; height: 100%; padding: 0 0 0 1; border-right: vkey $panel;
        text-wrap: nowrap; text-overflow: ellipsis;
    }
    WeekStrip Static.today { color: $accent; }
    WeekStrip Static.chosen { background: $accent 25%; text-style: bold; }
    """

    def compose(self) -> ComposeResult:
        for i in range(7):
            yield Static("", id=f"day-{i}", markup=False)  # titles are not markup

    def show(self, week: Sequence[Occurrence], chosen: dt.date, today: dt.date | None) -> None:
        first = monday(chosen)
        for i in range(7):
            day = first + dt.timedelta(days=i)
            column = self.query_one(f"#day-{i}", Static)
            column.update(_column_text(day, on_day(week, day)))
            column.set_class(day == chosen, "chosen")
            column.set_class(day == today, "today")
