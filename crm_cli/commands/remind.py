"""`crm remind …`: manual reminders that `crm today` shows until they are done."""

from typing import Annotated

import typer

from crm_cli.commands import _complete, _terms
from crm_cli.commands._common import (
    AsOfOpt,
    FieldsOpt,
    FormatOpt,
    LimitOpt,
    OffsetOpt,
    check_fields,
    note,
    session,
    show_record,
    stream_records,
    today_or,
)
from crm_cli.i18n import N_
from crm_cli.store.core.listing import Page

app = typer.Typer(help="Manual reminders, shown by `crm today` until done.")
COLUMNS = ("id", "due_at", "text", "customer", "customer_name", "user", "done")
FIELDS = ("id", "due_at", "text", "user", "customer", "customer_name", "done", "done_at",
          "created_by", "created_at")  # fmt: skip


@app.command("add")
def add(
    ctx: typer.Context,
    text: Annotated[str, typer.Argument(help="What to remember.")],
    at: Annotated[str, typer.Option("--at", help="When: YYYY-MM-DD [HH:MM], tomorrow 9:00, +2h …")],
    customer: Annotated[
        str | None,
        typer.Option("--customer", help="About this customer.", autocompletion=_complete.customers),
    ] = None,
    for_user: Annotated[
        str | None, typer.Option("--for", help="For someone on your team (managers, admins).")
    ] = None,
    fmt: FormatOpt = None,
    fields: FieldsOpt = None,
) -> None:
    """Add a reminder for yourself, or for someone you manage.

    Example: crm remind add "寄样品给张伟" --at "tomorrow 9:00" --customer C000042
    """
    from crm_cli.store.activity import reminders
    from crm_cli.store.core.dates import parse_datetime

    check_fields(fields, FIELDS)
    s = session(ctx)
    actor = s.actor()
    now = today_or(None)
    row = reminders.add_reminder(
        actor, text, parse_datetime(at, now), customer=customer, for_user=for_user, now=now
    )
    show_record(s, row.to_dict(), fmt, fields)


@app.command("list", cls=_terms.TermsCommand)
def list_(
    ctx: typer.Context,
    terms: _terms.TermsArg = None,
    all_: Annotated[bool, typer.Option("--all", help="Include done reminders.")] = False,
    limit: LimitOpt = None,
    offset: OffsetOpt = 0,
    as_of: AsOfOpt = None,
    fmt: FormatOpt = None,
    fields: FieldsOpt = None,
) -> None:
    """Your open reminders (and those you set for others), soonest first.

    Terms: text, due, done, created, user (whose, me), creator, customer, city,
    level, owner, customer.FIELD (any customer term); tags +mine (yours), +done
    (with --all), +overdue and the customer's tags.

    Example: crm remind list due.before:+7d customer.city:深圳 -mine
    """
    from crm_cli.store.activity import reminders

    s = session(ctx)
    found = reminders.iter_reminders(
        s.actor(), include_done=all_, page=Page(limit, offset), now=today_or(as_of),
        terms=_terms.checked(s, terms, "reminder"),
    )  # fmt: skip
    stream_records(s, (r.to_dict() for r in found), fmt, fields, COLUMNS, empty=N_("No reminders."))


@app.command("done")
def done(ctx: typer.Context, ref: Annotated[str, typer.Argument(help="Its number.")]) -> None:
    """Mark a reminder done (yours, or one you set).

    Example: crm remind done 3
    """
    from crm_cli.store.activity import reminders

    row = reminders.complete_reminder(session(ctx).actor(), ref)
    note("Done: reminder {id} ({text}).", id=row.id, text=row.text)
