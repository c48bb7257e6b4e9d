"""The service ticket dialogs (SRV-1): add, edit, assign, resolve, reopen, feedback.

These save through the store themselves (`form.FormDialog` with a ``save``): Save runs the
flow's store call while the dialog stays open, so a refusal (an unknown type, a score of 6, a
deactivated assignee) shows beside the field it is about, with what was typed kept, and
the dialog returns the saved ticket.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any, ClassVar

from textual.suggester import SuggestFromList
from textual.widgets import Input

from crm_cli import i18n
from crm_cli.i18n import N_, tr
from crm_cli.store.core.choices import chinese_name
from crm_cli.store.core.dates import parse_date, parse_datetime
from crm_cli.store.service.records import PRIORITIES
from crm_cli.tui.dialogs.form import Field, FormDialog, Save


def _day(text: str) -> dt.date:
    return parse_date(text, dt.date.today())


def _moment(text: str) -> dt.datetime:
    return parse_datetime(text, dt.datetime.now())


class StoreDialog(FormDialog[Any]):
    """A form whose Save is the store call ``save(values)`` (the typed text), with its
    heading given: the base `FormDialog` saves, blames and keeps what was typed."""

    def __init__(
        self, save: Save, heading: str, values: Mapping[str, str] | None = None, *, note: str = ""
    ) -> None:
        super().__init__(values, note=note, save=save)
        self.HEADING = heading

    def result(self, values: Mapping[str, str]) -> dict[str, str]:
        return dict(values)


TICKET_FIELDS = (
    Field("type", "Type", required=True),
    Field("priority", "Priority", " | ".join(PRIORITIES)),
    Field("description", "Description", N_("what the customer needs"), required=True),
    Field("contact", "Contact person", N_("code or name")),
    Field("due_at", "Due", N_("2026-12-01 14:00, +2d, tomorrow"), check=_moment),
)
TICKET_BLAME: Mapping[str, Sequence[str]] = {
    "type": ("ticket type",),
    "priority": ("priority",),
    "description": ("description",),
    "contact": ("contact",),
    "due_at": ("due time",),
    "next_service": ("next service",),
}


class TicketDialog(StoreDialog):
    """A new ticket, or (``edit=True``) a ticket's fields; the type suggests the team's list."""

    BLAME = TICKET_BLAME

    def __init__(
        self, save: Save, heading: str, types: Sequence[str],
        values: Mapping[str, str] | None = None, *, edit: bool = False,
    ) -> None:  # fmt: skip
        later = (Field("next_service", "Next service", "+90d", check=_day),) if edit else ()
        self.FIELDS = (*TICKET_FIELDS, *later)
        super().__init__(save, heading, values, note=tr("Types: {types}", types=", ".join(types)))
        self.types = list(types)

    def on_mount(self) -> None:
        box = self.query_one("#f-type", Input)
        zh = [chinese_name(kind, "ticket type") for kind in self.types] if i18n.chinese() else []
        box.suggester = SuggestFromList([*(z for z in zh if z), *self.types], case_sensitive=False)
        box.placeholder = list_hint(self.types, "ticket type")
        self.query_one("#f-priority", Input).placeholder = list_hint(PRIORITIES, "priority")


def list_hint(values: Sequence[str], kind: str, separator: str = " | ") -> str:
    """A list's values as a hint in the interface language (a team's own names as typed)."""
    if not i18n.chinese():
        return separator.join(values)
    return separator.join(chinese_name(value, kind) or value for value in values)


class AssignDialog(StoreDialog):
    FIELDS = (Field("user", "Assign to", N_("login, e.g. wang"), required=True),)
    BLAME: ClassVar[Mapping[str, Sequence[str]]] = {"user": ("user", "assigned to")}


class ResolveDialog(StoreDialog):
    FIELDS = (
        Field("resolution", "Resolution", N_("what was done"), required=True),
        Field("next_service", "Next service", N_("+90d, empty: none"), check=_day),
    )
    BLAME: ClassVar[Mapping[str, Sequence[str]]] = {
        "resolution": ("resolution",),
        "next_service": ("next service",),
    }


class ReopenDialog(StoreDialog):
    FIELDS = (Field("reason", "Reason", N_("why it is not done"), required=True),)
    BLAME: ClassVar[Mapping[str, Sequence[str]]] = {"reason": ("reason",)}


class FeedbackDialog(StoreDialog):
    FIELDS = (
        Field(
            "satisfaction", "Satisfaction", N_("1 (very unhappy) to 5 (very happy)"), required=True
        ),
        Field("note", "Customer's words"),
    )
    BLAME: ClassVar[Mapping[str, Sequence[str]]] = {
        "satisfaction": ("satisfaction",),
        "note": ("feedback note",),
    }
