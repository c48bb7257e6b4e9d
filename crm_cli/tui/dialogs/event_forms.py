"""The calendar's dialogs (ACT-4): an event (new, or a whole series), one occurrence of a
series, and which of the two a change is about.

The event forms save through the store themselves (`ticket_forms.StoreDialog`): an end
before its start, a rule that never matches or an unknown invitee shows beside its field,
with what was typed kept. A repeat is typed as the CLI takes it: a rule word with its
options (``weekly on mo,we until 2027-01-01``, ``monthly nth 2mo count 10``; the ``--``
before an option may be kept) or an RFC 5545 rule (``FREQ=WEEKLY;BYDAY=MO``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from crm_cli.i18n import N_, _
from crm_cli.store.core.dates import parse_date, parse_datetime
from crm_cli.store.core.errors import InvalidInput
from crm_cli.store.schedule.recurrence import Repeat, build
from crm_cli.store.schedule.settings import lead_minutes
from crm_cli.tui.dialogs.form import Field, Save
from crm_cli.tui.dialogs.ticket_forms import StoreDialog

# The friendly options of `crm schedule add --repeat`, by the words typed here.
OPTIONS = {"on": "on", "day": "day", "nth": "nth", "every": "every", "until": "until",
           "repeat-until": "until", "count": "times",
           # as people write them in Chinese: 每周 逢 周一,周三 至 2027-01-01
           "逢": "on", "日": "day", "第": "nth", "每隔": "every", "至": "until", "直到": "until",
           "共": "times", "次数": "times"}  # fmt: skip
NUMBERS = ("day", "every", "times")
YES, NO = ("yes", "y", "true", "1"), ("no", "n", "false", "0", "")
REPEAT_HELP = N_("weekly on mo,we until 2027-01-01 | FREQ=MONTHLY;BYMONTHDAY=15")


def yes(text: str) -> bool:
    """The all-day field: yes or no (empty is no)."""
    word = text.strip().lower()
    if word not in YES + NO:
        raise InvalidInput("all day: yes or no, not {text!r}", text=text.strip())
    return word in YES


def repeat_of(text: str) -> Repeat | None:
    """What the repeat field says, as the store's ``Repeat``; None when it is empty."""
    words = text.split()
    if not words:
        return None
    if "=" in text:
        return Repeat(text.strip())
    rule, rest = words[0], words[1:]
    if len(rest) % 2:
        raise InvalidInput(
            "invalid repeat {text!r}: e.g. {help}", text=text.strip(), help=_(REPEAT_HELP)
        )
    options: dict[str, object] = {}
    for name, value in zip(rest[::2], rest[1::2], strict=True):
        key = OPTIONS.get(name.lower().lstrip("-"))
        if key is None:
            raise InvalidInput(
                "invalid repeat option {name!r}: {options}",
                name=name,
                options=", ".join(k for k in OPTIONS if k.isascii()),
            )
        if key in NUMBERS and not value.lstrip("-").isdecimal():
            raise InvalidInput(
                "invalid repeat {name} {value!r}: a whole number", name=name, value=value
            )
        options[key] = int(value) if key in NUMBERS else value
    return Repeat(rule, **options)  # type: ignore[arg-type]


def _repeat(text: str) -> str:
    # The options are checked as the store will build them; a rule that never matches its
    # start is only known to the store, which has the start.
    spec = repeat_of(text)
    return build(spec, dt.date.today()) if spec else ""


def _moment(text: str) -> dt.datetime | dt.date:
    try:
        return parse_datetime(text, dt.datetime.now())
    except InvalidInput:
        return parse_date(text, dt.date.today())  # a day, for an all-day event


def _remind(text: str) -> int:
    return lead_minutes(text)


EVENT_FIELDS = (
    Field("title", "Title", N_("what it is"), required=True),
    Field("at", "Start", N_("2026-12-07 14:30, tomorrow 9:00; a day if all day"), True, _moment),
    Field("until", "End", N_("16:00, +90min; the last day if all day"), check=_moment),
    Field("all_day", "All day", "yes | no", check=yes),
    Field("place", "Place"),
    Field("customer", "Customer", N_("code or name")),
    Field("remind", "Remind ahead", N_("30m, 1h, 0 (empty: the team's default)"), check=_remind),
    Field("invite", "Invite", N_("logins: wang, zhao")),
    Field("repeat", "Repeat", REPEAT_HELP, check=_repeat),
    Field("note", "Note"),
)
EVENT_BLAME: Mapping[str, Sequence[str]] = {
    "title": ("title",),
    "at": ("--at", "event's day"),
    "until": ("the end",),
    "all_day": ("all day",),
    "place": ("place",),
    "customer": ("customer",),
    "remind": ("reminder",),
    "invite": ("user", "invit"),
    "repeat": ("repeat", "--on", "--nth", "--day", "--every", "--count", "occurrences"),
    "note": ("note",),
}


class EventDialog(StoreDialog):
    """A new event, or a whole event or series (``save`` gets the typed text)."""

    FIELDS = EVENT_FIELDS
    BLAME = EVENT_BLAME


class OccurrenceDialog(StoreDialog):
    """One occurrence of a series: its own title, times, place and note."""

    FIELDS = (
        Field("title", "Title", required=True),
        Field("at", "Start", "2026-12-07 16:00", True, _moment),
        Field("until", "End", "17:00, +90min", check=_moment),
        Field("place", "Place"),
        Field("note", "Note"),
    )
    BLAME: ClassVar[Mapping[str, Sequence[str]]] = {
        k: EVENT_BLAME[k] for k in ("title", "at", "until", "place", "note")
    }

    def __init__(self, save: Save, heading: str, values: Mapping[str, str]) -> None:
        super().__init__(save, heading, values, note=N_("Only this occurrence changes."))


class ScopeDialog(ModalScreen[str | None]):
    """This occurrence (``o``) or the whole series (``s``) of a repeating event; Escape: neither."""

    DEFAULT_CSS = """
    ScopeDialog { align: center middle; }
    ScopeDialog > Vertical {
        width: 64; max-width: 100%; height: auto; border: thick $accent;
        background: $surface; padding: 1;
    }
    ScopeDialog Horizontal { height: auto; align: right middle; padding-top: 1; }
    ScopeDialog Button { margin-left: 1; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("o", "choose('occurrence')", "This occurrence"),
        Binding("s", "choose('series')", "Whole series"),
        Binding("escape", "choose('')", "Neither"),
    ]

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(self.question, markup=False)
            with Horizontal():
                yield Button(_("This occurrence (o)"), variant="primary", id="occurrence")
                yield Button(_("Whole series (s)"), id="series")
                yield Button(_("Neither"), id="neither")

    def action_choose(self, scope: str) -> None:
        self.dismiss(scope or None)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.action_choose("" if event.button.id == "neither" else str(event.button.id))
