"""The calendar (日程安排, ACT-4): a week at a glance for the acting user (or, for a manager,
a subordinate), the chosen day's occurrences below it, and the keys that change them.

The week is the store's agenda (`schedule.agenda`, Monday to Sunday, in the team's time
zone): series are expanded there, for that week only. Moving within the week reads
nothing; moving out of it reads the new week.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from typing import ClassVar, cast

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import Header, Label

from crm_cli import i18n
from crm_cli.i18n import N_, _, tr
from crm_cli.store.schedule import agenda
from crm_cli.store.schedule.records import Occurrence
from crm_cli.tui.actions import calendar as flows
from crm_cli.tui.ports import Crm
from crm_cli.tui.widgets.common import Footer, MessageLine, RecordTable
from crm_cli.tui.widgets.week import (
    DAY_COLUMNS,
    DAY_TITLES,
    WeekStrip,
    day_row,
    monday,
    on_day,
)

# The day's full name in the title ("Monday 2026-11-02"), as %A says it in English.
DAY_NAMES = (N_("Monday"), N_("Tuesday"), N_("Wednesday"), N_("Thursday"), N_("Friday"),
             N_("Saturday"), N_("Sunday"))  # fmt: skip


def _team_today(now: dt.datetime | None) -> dt.date:
    """Today in the team's time zone, as the store counts days (on the store thread)."""
    from crm_cli.store.schedule.settings import team_zone
    from crm_cli.store.schedule.times import local_now

    return local_now(now, team_zone()).date()


class CalendarScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("left,h", "day(-1)", "Day", key_display="←"),
        Binding("right,l", "day(1)", "Day", key_display="→"),
        Binding("left_square_bracket,pageup", "day(-7)", "Week", key_display="["),
        Binding("right_square_bracket,pagedown", "day(7)", "Week", key_display="]"),
        Binding("t", "today", "Today"),
        Binding("up", "move(-1)", "Event", key_display="↑↓"),
        Binding("down", "move(1)", "Next event", show=False),
        Binding("a", "act('add')", "Add"),
        Binding("e,enter", "act('edit')", "Edit"),
        # Capitals for what cannot be taken back: x and n are harmless on other screens.
        Binding("X,delete", "act('cancel')", "Cancel"),
        Binding("y", "act('accept')", "Accept"),
        Binding("N", "act('decline')", "Decline"),
        Binding("u", "act('switch_user')", "User"),
    ]
    DEFAULT_CSS = """
    CalendarScreen #day-events { height: 1fr; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.day: dt.date | None = None  # the chosen day; today on the first visit
        self.today: dt.date | None = None
        self.whose: str | None = None  # whose agenda; None: the acting user's
        self.week: list[Occurrence] = []  # the store's occurrences of the shown week
        self.week_of: dt.date | None = None  # the Monday of the week in ``week``
        self.loads = 0  # finished loads, for the tests to wait on
        self._stale = True

    @property
    def crm(self) -> Crm:
        return cast(Crm, self.app)

    def compose(self) -> ComposeResult:
        yield Header()
        yield Label("", id="week-title", classes="section-title")
        yield WeekStrip(id="week")
        yield Label("", id="day-title", classes="section-title")
        table = RecordTable(DAY_COLUMNS, id="day-events", titles=DAY_TITLES)
        # The screen's keys move the cursor: focused, the table would take the arrows,
        # Enter and the page keys that move between days and weeks.
        table.can_focus = False
        yield table
        yield MessageLine("")
        yield Footer()

    @property
    def table(self) -> RecordTable:
        return self.query_one("#day-events", RecordTable)

    def on_screen_suspend(self) -> None:
        # Left for another screen, not a dialog: events may change there (a ticket's visit,
        # another session), so the week is read again on the way back.
        self._stale = not self.app.screen.is_modal

    def on_screen_resume(self) -> None:
        if self._stale:
            self._stale = False
            self.go_to()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Another's agenda is for managers and admins: the key is hidden from the rest."""
        if action == "act" and parameters == ("switch_user",):
            user = self.crm.user
            return user.is_admin or user.role == "manager"
        return True

    def go_to(self, day: dt.date | None = None) -> None:
        if day is not None:
            self.day = day
        self.load()

    @work(group="calendar", exclusive=True)
    async def load(self) -> None:
        app = self.crm
        self.today = await app.store(_team_today, app.now)
        day = self.day or self.today
        found = await app.attempt(
            agenda.agenda, app.user, user=self.whose, period="week", as_of=day, now=app.now
        )
        if self.day is not None and monday(self.day) != monday(day):
            return  # the user moved to another week meanwhile: its own load shows it
        self.day, self.week_of, self.week = day, monday(day), found or []
        self.show(keep_cursor=True)
        self.loads += 1

    def show(self, *, keep_cursor: bool = False) -> None:
        assert self.day is not None and self.week_of is not None
        row = self.table.cursor_row
        last = self.week_of + dt.timedelta(days=6)
        whose = tr(" · {login}'s agenda", login=self.whose) if self.whose else ""
        self.query_one("#week-title", Label).update(
            tr("Week of {first} to {last}", first=f"{self.week_of:%Y-%m-%d}",
               last=f"{last:%Y-%m-%d}") + whose
        )  # fmt: skip
        self.query_one(WeekStrip).show(self.week, self.day, self.today)
        rows = [day_row(o) for o in on_day(self.week, self.day)]
        count = (
            i18n.ngettext("{count} event", "{count} events", len(rows)).format(count=len(rows))
            if rows
            else _("nothing planned")
        )
        day = f"{_(DAY_NAMES[self.day.weekday()])} {self.day:%Y-%m-%d}"
        self.query_one("#day-title", Label).update(f"{day}: {count}")
        self.table.show(rows)
        if keep_cursor and rows:
            self.table.move_cursor(row=min(row, len(rows) - 1))

    def chosen(self) -> Occurrence | None:
        row = self.table.current()
        return None if row is None else cast(Occurrence, row["occurrence"])

    def action_day(self, days: int) -> None:
        if self.day is None:
            return  # not loaded yet
        self.day += dt.timedelta(days=days)
        if monday(self.day) == self.week_of:
            self.show()
        else:
            self.load()

    def action_today(self) -> None:
        if self.today is not None:
            self.day = self.today
        self.action_day(0)

    def action_move(self, rows: int) -> None:
        if self.table.row_count:
            self.table.move_cursor(row=max(0, min(self.table.cursor_row + rows,
                                                  self.table.row_count - 1)))  # fmt: skip

    def action_act(self, name: str) -> None:
        if name == "add":
            flows.start(self, flows.add(self))
        elif name == "switch_user":
            flows.start(self, flows.switch_user(self))
        else:
            self._on_chosen(name)

    def _on_chosen(self, name: str) -> None:
        o = self.chosen()
        if o is None:
            self.crm.report(_("No event chosen: ↑↓ choose one of the day's events"), error=True)
            return
        steps: dict[str, Callable[[], Awaitable[None]]] = {
            "edit": lambda: flows.edit(self, o),
            "cancel": lambda: flows.cancel(self, o),
            "accept": lambda: flows.answer(self, o, accept=True),
            "decline": lambda: flows.answer(self, o, accept=False),
        }
        flows.start(self, steps[name]())
