"""`crm contact log|history|record|record-edit|record-delete`: contact records (联系记录,
ACT-1), registered on the `crm contact` app by contact.py."""

from typing import Annotated, Any

import typer

from crm_cli.commands import _complete, _terms
from crm_cli.commands._common import (
    FieldsOpt,
    FormatOpt,
    LimitOpt,
    OffsetOpt,
    YesOpt,
    check_fields,
    confirm,
    given,
    note,
    session,
    show_record,
    stream_records,
    today_or,
    whole_option,
)
from crm_cli.i18n import N_
from crm_cli.store.core.listing import Page

app = typer.Typer()

RECORD_COLUMNS = ("id", "started_at", "customer", "customer_name", "contact_name", "user",
                  "method", "result", "summary", "next_date")  # fmt: skip
Method = Annotated[
    str | None,
    typer.Option(
        "--method",
        help="phone, visit, email, im, meeting or other (电话, 拜访, 邮件, 微信, 会议 …).",
    ),
]
Purpose = Annotated[
    str | None, typer.Option("--purpose", help="promotion, quote, care, collection … (联系性质).")
]
Cause = Annotated[str | None, typer.Option("--cause", help="Why you contacted them (联系原因).")]
Place = Annotated[str | None, typer.Option("--place", help="Where it happened.")]
At = Annotated[str | None, typer.Option("--at", help="Start: YYYY-MM-DD [HH:MM], +2h … (now).")]
Until = Annotated[str | None, typer.Option("--until", help="End time (sets --minutes if absent).")]
Minutes = Annotated[
    int | None, whole_option("--minutes", low=0, high=100_000, help="Time spent in minutes.")
]
Project = Annotated[str | None, typer.Option("--project", help="Project it belongs to.")]
OrderRef = Annotated[str | None, typer.Option("--order", help="Order or contract reference.")]
Result = Annotated[
    str | None, typer.Option("--result", help="continue (default), deal or failed (成交, 失败 …).")
]
Reason = Annotated[str | None, typer.Option("--reason", help="Why it failed (needed by failed).")]
Next = Annotated[
    str | None, typer.Option("--next", help="Next contact date (YYYY-MM-DD, +3d, 明天, 下周一 …).")
]
NextStatus = Annotated[
    str | None, typer.Option("--next-status", help="remind (default with --next), done, cancelled.")
]
NextNote = Annotated[str | None, typer.Option("--next-note", help="What to do next time.")]


def _record_values(**values: Any) -> dict[str, Any]:
    keys = {"at": "started_at", "until": "ended_at", "order": "order_ref",
            "reason": "failure_reason", "next": "next_date"}  # fmt: skip
    return {keys.get(k, k): v for k, v in given(**values).items()}


@app.command("log")
def log(
    ctx: typer.Context,
    customer: Annotated[
        str,
        typer.Argument(help="Customer code, id or exact name.", autocompletion=_complete.customers),
    ],
    summary: Annotated[str, typer.Option("--summary", help="What happened (工作成果).")],
    contact: Annotated[str | None, typer.Option("--contact", help="Contact name or code.")] = None,
    method: Method = None, purpose: Purpose = None, cause: Cause = None, place: Place = None,
    at: At = None, until: Until = None, minutes: Minutes = None, project: Project = None,
    order: OrderRef = None, result: Result = None, reason: Reason = None, next: Next = None,
    next_status: NextStatus = None, next_note: NextNote = None,
    set_status: Annotated[
        str | None,
        typer.Option(
            "--set-status",
            help="Move the customer to this status.",
            autocompletion=_complete.statuses,
        ),
    ] = None,
    fmt: FormatOpt = None,
    fields: FieldsOpt = None,
) -> None:  # fmt: skip
    """Log a contact with a customer (联系记录); updates its derived fields.

    The customer's last contact, next contact and latest progress follow the
    newest record. A failed contact needs --reason. --next plans the next
    contact: `crm today` shows it while the next step status is remind.
    --set-status moves the customer on (potential to formal …), as
    `customer edit --status` would (refused on an audited customer).

    Example: crm contact log C000042 --contact 张伟 --summary 已报价 --next +7d
    """
    from crm_cli.store.activity import activities

    check_fields(fields, activities.Activity._fields)
    s = session(ctx)
    values = _record_values(
        summary=summary, method=method, purpose=purpose, cause=cause, place=place, at=at,
        until=until, minutes=minutes, project=project, order=order, result=result,
        reason=reason, next=next, next_status=next_status, next_note=next_note,
    )  # fmt: skip
    record = activities.log_contact(
        s.actor(), customer, values, contact=contact, set_status=set_status
    )
    show_record(s, record.to_dict(), fmt, fields)


@app.command("history", cls=_terms.TermsCommand)
def history(
    ctx: typer.Context,
    customer: Annotated[
        str | None,
        typer.Argument(
            help="Only this customer's (a first argument that reads as a term is a term).",
            autocompletion=_complete.customers,
        ),
    ] = None,
    terms: _terms.TermsArg = None,
    since: Annotated[str | None, typer.Option("--since", help="From this date on.")] = None,
    user: Annotated[
        str | None,
        typer.Option("--user", help="Only records logged by U.", autocompletion=_complete.users),
    ] = None,
    limit: LimitOpt = None,
    offset: OffsetOpt = 0,
    fmt: FormatOpt = None,
    fields: FieldsOpt = None,
) -> None:
    """Contact records you may see, newest first.

    Terms: method, result (Chinese names too), purpose, cause, place,
    summary, project, order, minutes, date, next, user (me), customer, city,
    level; tags +mine, +deal, +failed, +next.

    Example: crm contact history C000042 --since -30d method:visit -failed
    """
    from crm_cli.store.activity import activities
    from crm_cli.store.core.dates import parse_date

    s = session(ctx)
    actor = s.actor()
    start = parse_date(since, today_or(None).date()) if since else None
    page = Page(limit, offset)
    customer, terms = _terms.leading_term(customer, terms)
    rows = activities.iter_history(
        actor, customer, since=start, user=user, page=page,
        terms=_terms.checked(s, terms, "contact record"),
    )  # fmt: skip
    stream_records(s, (r.to_dict() for r in rows), fmt, fields, RECORD_COLUMNS,
                   empty=N_("No contact records."))  # fmt: skip


@app.command("record")
def record_show(
    ctx: typer.Context, ref: str, fmt: FormatOpt = None, fields: FieldsOpt = None
) -> None:
    """One contact record, by its number (see `contact history`).

    Example: crm contact record 12
    """
    from crm_cli.store.activity import activities

    s = session(ctx)
    show_record(s, activities.get_activity(s.actor(), ref).to_dict(), fmt, fields)


@app.command("record-edit")
def record_edit(
    ctx: typer.Context,
    ref: Annotated[str, typer.Argument(help="The record's number.")],
    summary: Annotated[str | None, typer.Option("--summary")] = None,
    contact: Annotated[str | None, typer.Option("--contact", help="'' clears it.")] = None,
    method: Method = None, purpose: Purpose = None, cause: Cause = None, place: Place = None,
    at: At = None, until: Until = None, minutes: Minutes = None, project: Project = None,
    order: OrderRef = None, result: Result = None, reason: Reason = None, next: Next = None,
    next_status: NextStatus = None, next_note: NextNote = None,
    fmt: FormatOpt = None,
    fields: FieldsOpt = None,
) -> None:  # fmt: skip
    """Change a contact record (yours, or as the customer's manager); derived fields follow.

    Example: crm contact record-edit 12 --next-status done
    """
    from crm_cli.store.activity import activities

    check_fields(fields, activities.Activity._fields)
    s = session(ctx)
    values = _record_values(
        summary=summary, contact=contact, method=method, purpose=purpose, cause=cause,
        place=place, at=at, until=until, minutes=minutes, project=project, order=order,
        result=result, reason=reason, next=next, next_status=next_status, next_note=next_note,
    )  # fmt: skip
    show_record(s, activities.edit_activity(s.actor(), ref, values).to_dict(), fmt, fields)


@app.command("record-delete")
def record_delete(ctx: typer.Context, ref: str, yes: YesOpt = False) -> None:
    """Delete a contact record (kept in the log); derived fields are recomputed.

    Example: crm contact record-delete 12 --yes
    """
    from crm_cli.store.activity import activities

    actor = session(ctx).actor()
    if not confirm("Delete contact record {ref}?", ref=ref, yes=yes):
        raise typer.Exit(1)
    row = activities.delete_activity(actor, ref)
    note("Deleted contact record {id} ({customer} {day}).", id=row.id, customer=row.customer,
         day=row.started_at.date().isoformat())  # fmt: skip
