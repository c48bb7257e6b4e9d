"""`crm agenda`: what is on a calendar today, this week or this month (ACT-4)."""

import datetime as dt
from typing import Annotated, Any

import typer

from crm_cli.commands import _words
from crm_cli.commands._common import (
    AsOfOpt,
    FieldsOpt,
    FormatOpt,
    check_fields,
    fail,
    session,
    show_records,
)
from crm_cli.i18n import N_
from crm_cli.store.schedule import agenda as agenda_store
from crm_cli.store.schedule.records import Occurrence

# A one-command app: the root loads it lazily and Typer turns it into a plain command.
app = typer.Typer(add_completion=False)
Opt = typer.Option
COLUMNS = ("start", "end", "title", "place", "code", "role", "response", "remind_at",
           "customer")  # fmt: skip
# An event's title is titled as a subject is (主题): "title" is a contact's 职务.
TITLED = {"title": "subject"}


@app.command("agenda")
def agenda(
    ctx: typer.Context,
    week: Annotated[bool, Opt("--week", help="The week (Monday to Sunday).")] = False,
    month: Annotated[bool, Opt("--month", help="The calendar month.")] = False,
    user: Annotated[str | None, Opt("--user", help="A subordinate's agenda (managers).")] = None,
    as_of: AsOfOpt = None,
    fmt: FormatOpt = None,
    fields: FieldsOpt = None,
) -> None:
    """What is on a calendar today, this week or this month.

    Each occurrence of your events and of those you are invited to and did not decline,
    in the team's time zone.

    Example: crm agenda --week --as-of 2026-12-07 --user wang
    """
    from crm_cli.store.core.dates import parse_date

    if week and month:
        fail("give --week or --month, not both", 2)
    check_fields(fields, Occurrence._fields)
    s = session(ctx)
    day = parse_date(as_of, dt.date.today()) if as_of else None
    period = "week" if week else "month" if month else "day"
    found = agenda_store.agenda(s.actor(), user=user, period=period, as_of=day)
    rows: list[dict[str, Any]] = [o.to_dict() for o in found]
    with _words.values_of("occurrence"):  # owner or invited, not a user's role
        show_records(s, rows, fmt, fields, COLUMNS, empty=N_("Nothing planned."), titled=TITLED)
