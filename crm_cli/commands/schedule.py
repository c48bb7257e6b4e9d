"""`crm schedule …`: the team's calendar (ACT-4), with invitations and
repeating events; times are typed and shown in the team's zone (`calendar.timezone`)."""

from typing import Annotated

import typer

from crm_cli.commands import _complete, _terms
from crm_cli.commands._common import (
    FieldsOpt,
    FormatOpt,
    LimitOpt,
    OffsetOpt,
    check_fields,
    fail,
    given,
    note,
    session,
    show_record,
    show_records,
    whole_option,
)
from crm_cli.commands.agenda import TITLED
from crm_cli.i18n import N_
from crm_cli.store.core.listing import Page
from crm_cli.store.schedule import agenda as agenda_store
from crm_cli.store.schedule import events
from crm_cli.store.schedule.records import Event
from crm_cli.store.schedule.recurrence import Repeat

app = typer.Typer(help="The calendar: add, list, show, edit, cancel, accept, decline.")
Opt = typer.Option
RefArg = Annotated[str, typer.Argument(help="Event code (EV000001) or id.")]
COLUMNS = ("code", "title", "start", "end", "all_day", "repeat", "place", "owner", "customer",
           "status")  # fmt: skip
TIME_HELP = "YYYY-MM-DD [HH:MM], tomorrow 14:30, +2h … (team time zone)"
AtOpt = Annotated[str | None, Opt("--at", help=f"Start: {TIME_HELP}; a day with --all-day.")]
UntilOpt = Annotated[
    str | None, Opt("--until", help="End time (default: an hour after the start); with "
                    "--all-day, the last day.")
]  # fmt: skip
AllDayOpt = Annotated[bool | None, Opt("--all-day/--timed", help="Whole days, no times.")]
RepeatOpt = Annotated[
    str | None, Opt("--repeat", help="daily, weekly, monthly, yearly, or an RFC 5545 rule "
                    "like FREQ=WEEKLY;BYDAY=MO,WE;UNTIL=20270101 ('' or none: stop repeating).")
]  # fmt: skip
OnOpt = Annotated[str | None, Opt("--on", help="Weekdays it repeats on: mo,we,fr.")]
DayOpt = Annotated[
    int | None, whole_option("--day", low=-31, high=31, help="Monthly on this day (-1: last).")
]
NthOpt = Annotated[str | None, Opt("--nth", help="Monthly on the nth weekday: 2mo, -1fr.")]
EveryOpt = Annotated[
    int | None, whole_option("--every", low=1, high=999, help="Every N days/weeks/months.")
]
RepeatUntilOpt = Annotated[
    str | None, Opt("--repeat-until", help="Last day of the series (YYYY-MM-DD).")
]
CountOpt = Annotated[
    int | None, whole_option("--count", low=1, high=1000, help="Number of occurrences.")
]
RemindOpt = Annotated[
    str | None, Opt("--remind", help="Remind this long ahead: 30m, 1h, 1d, 0 (default: "
                    "crm config get calendar.remind).")
]  # fmt: skip
CustomerOpt = Annotated[
    str | None, Opt("--customer", help="About this customer.", autocompletion=_complete.customers)
]
ContactOpt = Annotated[str | None, Opt("--contact", help="With this contact of the customer.")]
OppOpt = Annotated[str | None, Opt("--opportunity", help="About this opportunity.")]
InviteOpt = Annotated[
    list[str] | None,
    Opt("--invite", help="Invite a user (repeatable).", autocompletion=_complete.users),
]
PlaceOpt = Annotated[str | None, Opt("--place", help="Where.")]
NoteOpt = Annotated[str | None, Opt("--note", help="Notes.")]
OccurrenceOpt = Annotated[
    str | None, Opt("--occurrence", help="Only the occurrence planned for this day.")
]


def _repeat(
    repeat: str | None, on: str | None, day: int | None, nth: str | None, every: int | None,
    until: str | None, count: int | None,
) -> Repeat | None:  # fmt: skip
    friendly = (on, day, nth, every, until, count)
    if repeat is None:
        if any(v is not None for v in friendly):
            fail("--on, --day, --nth, --every, --repeat-until, --count go with --repeat", 2)
        return None
    return Repeat(repeat, on, day, nth, every, until, count)


def _one(ctx: typer.Context, record: Event, fmt: str | None, fields: str | None) -> None:
    show_record(session(ctx), record.to_dict(), fmt, fields)


@app.command("add")
def add(
    ctx: typer.Context,
    title: Annotated[str, typer.Argument(help="What it is.")],
    at: AtOpt = None, until: UntilOpt = None, all_day: AllDayOpt = None,
    repeat: RepeatOpt = None, on: OnOpt = None, day: DayOpt = None, nth: NthOpt = None,
    every: EveryOpt = None, repeat_until: RepeatUntilOpt = None, count: CountOpt = None,
    remind: RemindOpt = None, customer: CustomerOpt = None, contact: ContactOpt = None,
    opportunity: OppOpt = None, invite: InviteOpt = None, place: PlaceOpt = None,
    note_: NoteOpt = None, fmt: FormatOpt = None, fields: FieldsOpt = None,
) -> None:  # fmt: skip
    """Plan an event, maybe repeating, maybe with colleagues.

    Example: crm schedule add "代理商会议" --at "2026-12-07 14:30" --until 16:00 --remind 30m
    --invite wang --repeat weekly --on mo --repeat-until 2027-03-01
    """
    check_fields(fields, Event._fields)
    values = given(
        at=at, until=until, all_day=all_day, remind=remind, place=place, note=note_,
        customer=customer, contact=contact, opportunity=opportunity,
        repeat=_repeat(repeat, on, day, nth, every, repeat_until, count),
    )  # fmt: skip
    record = events.add_event(session(ctx).actor(), title, values=values, invite=invite or [])
    _one(ctx, record, fmt, fields)


@app.command("list", cls=_terms.TermsCommand)
def list_(
    ctx: typer.Context,
    terms: _terms.TermsArg = None,
    user: Annotated[str | None, Opt("--user", help="A subordinate's (managers).")] = None,
    cancelled: Annotated[bool, Opt("--cancelled", help="Cancelled events too.")] = False,
    limit: LimitOpt = None,
    offset: OffsetOpt = 0,
    fmt: FormatOpt = None,
    fields: FieldsOpt = None,
) -> None:
    """Events you own or are invited to (one row per series), by first start.

    Terms: code, title, place, note, start (= at), end, created, owner, customer,
    city, level, customer.FIELD; tags +mine, +repeating, +cancelled, the customer's.

    Example: crm schedule list --user wang start.after:today customer.city:深圳
    """
    check_fields(fields, Event._fields)
    s = session(ctx)
    rows = agenda_store.list_events(
        s.actor(), user=user, page=Page(limit, offset), cancelled=cancelled,
        terms=_terms.checked(s, terms, "event"),
    )  # fmt: skip
    shown = [r.to_dict() for r in rows]
    show_records(s, shown, fmt, fields, COLUMNS, empty=N_("No events."), titled=TITLED)


@app.command("show")
def show(ctx: typer.Context, ref: RefArg, fmt: FormatOpt = None, fields: FieldsOpt = None) -> None:
    """One event with its invitees and changed occurrences.

    Example: crm schedule show EV000003
    """
    check_fields(fields, Event._fields)
    _one(ctx, agenda_store.get_event(session(ctx).actor(), ref), fmt, fields)


@app.command("edit")
def edit(
    ctx: typer.Context,
    ref: RefArg,
    occurrence: OccurrenceOpt = None,
    title: Annotated[str | None, Opt("--title", help="A new title.")] = None,
    at: AtOpt = None, until: UntilOpt = None, all_day: AllDayOpt = None,
    repeat: RepeatOpt = None, on: OnOpt = None, day: DayOpt = None, nth: NthOpt = None,
    every: EveryOpt = None, repeat_until: RepeatUntilOpt = None, count: CountOpt = None,
    remind: RemindOpt = None, customer: CustomerOpt = None, contact: ContactOpt = None,
    opportunity: OppOpt = None, invite: InviteOpt = None,
    uninvite: Annotated[list[str] | None, Opt("--uninvite", help="Withdraw an invitation.")] = None,
    place: PlaceOpt = None, note_: NoteOpt = None, fmt: FormatOpt = None,
    fields: FieldsOpt = None,
) -> None:  # fmt: skip
    """Change an event, or with --occurrence one occurrence of a series.

    One occurrence takes a title, place, note or times; changed occurrences stay changed
    when the series is edited later.

    Example: crm schedule edit EV000003 --occurrence 2026-12-07 --at "2026-12-07 16:00"
    """
    check_fields(fields, Event._fields)
    changes = given(
        title=title, at=at, until=until, all_day=all_day, remind=remind, place=place,
        note=note_, customer=customer, contact=contact, opportunity=opportunity,
        repeat=_repeat(repeat, on, day, nth, every, repeat_until, count),
        invite=invite, uninvite=uninvite,
    )  # fmt: skip
    actor = session(ctx).actor()
    _one(ctx, events.edit_event(actor, ref, changes, occurrence=occurrence), fmt, fields)


@app.command("cancel")
def cancel(
    ctx: typer.Context,
    ref: RefArg,
    occurrence: OccurrenceOpt = None,
    fmt: FormatOpt = None,
    fields: FieldsOpt = None,
) -> None:
    """Cancel an event (every occurrence), or with --occurrence one occurrence.

    Example: crm schedule cancel EV000003 --occurrence 2026-12-14
    """
    check_fields(fields, Event._fields)
    record = events.cancel_event(session(ctx).actor(), ref, occurrence=occurrence)
    note(f"Cancelled {record.code}" + (f" on {occurrence}." if occurrence else "."))
    _one(ctx, record, fmt, fields)


@app.command("accept")
def accept(
    ctx: typer.Context, ref: RefArg, fmt: FormatOpt = None, fields: FieldsOpt = None
) -> None:
    """Accept an invitation to an event.

    Example: crm schedule accept EV000003
    """
    check_fields(fields, Event._fields)
    _one(ctx, events.accept_event(session(ctx).actor(), ref), fmt, fields)


@app.command("decline")
def decline(
    ctx: typer.Context, ref: RefArg, fmt: FormatOpt = None, fields: FieldsOpt = None
) -> None:
    """Decline an invitation: the event leaves your agenda.

    Example: crm schedule decline EV000003
    """
    check_fields(fields, Event._fields)
    _one(ctx, events.decline_event(session(ctx).actor(), ref), fmt, fields)


@app.command("export")
def export(
    ctx: typer.Context,
    format_: Annotated[str, Opt("--format", "-f", help="ics (iCalendar).")] = "ics",
    user: Annotated[str | None, Opt("--user", help="A subordinate's calendar (managers).")] = None,
    output: Annotated[
        str | None, Opt("--output", "-o", help="Write to this file (default: standard output).")
    ] = None,
) -> None:
    """Write a calendar as an iCalendar (.ics) file.

    Series keep their rules, changed and cancelled occurrences and reminders, for Outlook,
    Thunderbird, Apple or Google Calendar.

    Example: crm schedule export --format ics --output 我的日程.ics
    """
    from crm_cli.commands._export_formats import check_output, target
    from crm_cli.store.schedule import ics

    if format_.strip().lower() != "ics":
        fail("invalid --format {format_!r}: the calendar exports as ics", 2, format_=format_)
    if output not in (None, "-"):
        check_output(output, "ics")
    data = ics.export_ics(session(ctx).actor(), user=user)
    with target(output) as sink:
        sink.write(data)
    if output not in (None, "-"):
        note("Exported the calendar to {output}.", output=output)


@app.command("import")
def import_(
    ctx: typer.Context,
    file: Annotated[str, typer.Argument(help="An .ics file ('-': standard input).")],
    fmt: FormatOpt = None,
    fields: FieldsOpt = None,
) -> None:
    """Add the events of an iCalendar (.ics) file to your calendar.

    Times are read in the team's zone; events imported before (the same UID) are skipped.

    Example: crm schedule import 日程.ics
    """
    import sys
    from pathlib import Path

    from crm_cli.store.schedule import ics

    check_fields(fields, ics.Imported._fields)
    s = session(ctx)
    try:
        data = sys.stdin.buffer.read() if file == "-" else Path(file).read_bytes()
    except OSError as exc:
        fail("cannot read {file!r}: {value}", file=file, value=exc.strerror or exc)
        return
    result = ics.import_ics(s.actor(), data)
    note(
        "Imported {count} events; {skipped} already there.",
        count=len(result.added),
        skipped=result.skipped,
    )
    show_record(s, result.to_dict(), fmt, fields)
