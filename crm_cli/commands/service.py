"""`crm service …`: service tickets (SRV-1), from the customer's request to their feedback."""

from typing import Annotated

import typer

from crm_cli.commands import _complete, _terms
from crm_cli.commands._common import (
    AsOfOpt,
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
from crm_cli.store.service import tickets, views
from crm_cli.store.service.records import Ticket

app = typer.Typer(
    help="Service tickets: add, list, show, edit, assign, start, resolve, close, reopen, "
    "feedback, delete."
)
Opt = typer.Option
RefArg = Annotated[str, typer.Argument(help="Ticket code (SV000001) or id.")]
COLUMNS = ("code", "customer", "customer_name", "type", "priority", "status", "assignee",
           "due_at", "created_at")  # fmt: skip
TypeOpt = Annotated[str | None, Opt("--type", help="A ticket type (crm config get service.types).")]
ContactOpt = Annotated[str | None, Opt(help="Contact name or code at the customer.")]
ProductOpt = Annotated[str | None, Opt(help="Product code the service is about.")]
LineOpt = Annotated[
    str | None, Opt("--order-line", help="Order line it is about: ORDER/N, e.g. SO000003/1.")
]
PriorityOpt = Annotated[str | None, Opt(help="low, normal, high or urgent (低, 普通, 高, 紧急).")]
DueOpt = Annotated[str | None, Opt("--due", help="Due time: YYYY-MM-DD [HH:MM], +2d, +4h …")]
NextOpt = Annotated[
    str | None, Opt("--next-service", help="Next service date (YYYY-MM-DD, +3m …).")
]


def _one(ctx: typer.Context, record: Ticket, fmt: str | None, fields: str | None) -> None:
    show_record(session(ctx), record.to_dict(), fmt, fields)


@app.command("add")
def add(
    ctx: typer.Context,
    customer: Annotated[
        str,
        typer.Argument(help="Customer code, id or exact name.", autocompletion=_complete.customers),
    ],
    type_: Annotated[str, Opt("--type", help="repair, consultation, complaint … (a setting).")],
    description: Annotated[str, Opt("--description", help="What the customer asks for.")],
    contact: ContactOpt = None,
    product: ProductOpt = None,
    order_line: LineOpt = None,
    priority: PriorityOpt = None,
    due: DueOpt = None,
    next_service: NextOpt = None,
    assign: Annotated[str | None, Opt("--assign", help="Give it to this user at once.")] = None,
    fmt: FormatOpt = None,
    fields: FieldsOpt = None,
) -> None:
    """Open a service ticket for a customer.

    Example: crm service add C000042 --type repair --description "打印机卡纸" --due +2d
    """
    check_fields(fields, Ticket._fields)
    values = given(
        contact=contact, product=product, order_line=order_line, priority=priority, due_at=due,
        next_service=next_service,
    )  # fmt: skip
    record = tickets.add_ticket(
        session(ctx).actor(), customer, type=type_, description=description, values=values,
        assignee=assign,
    )  # fmt: skip
    _one(ctx, record, fmt, fields)


@app.command("list", cls=_terms.TermsCommand)
def list_(
    ctx: typer.Context,
    terms: _terms.TermsArg = None,
    customer: Annotated[str | None, Opt(help="Only this customer's.")] = None,
    status: Annotated[
        str | None, Opt(help="unprocessed, assigned, in_progress, resolved, closed or open.")
    ] = None,
    assignee: Annotated[str | None, Opt(help="Only this user's (login), me or none.")] = None,
    type_: TypeOpt = None,
    sort: Annotated[str | None, Opt(help="created_at, due_at or code; -key descends.")] = None,
    limit: LimitOpt = None,
    offset: OffsetOpt = 0,
    as_of: AsOfOpt = None,
    fmt: FormatOpt = None,
    fields: FieldsOpt = None,
) -> None:
    """Tickets you may see (and those assigned to you), newest first.

    Terms: code, type, description, resolution, feedback, status, priority,
    satisfaction, assignee (me), creator, opened, due, resolved, closed, next,
    customer, city, level, owner, customer.FIELD (any customer term); tags +mine
    (assigned to you), +unassigned, +open, +overdue and the customer's tags.

    Example: crm service list priority:urgent customer.city:深圳 +overdue --sort due_at
    """
    check_fields(fields, Ticket._fields)
    s = session(ctx)
    rows = views.iter_tickets(
        s.actor(), customer=customer, status=status, assignee=assignee, type=type_, sort=sort,
        page=Page(limit, offset), now=today_or(as_of),
        terms=_terms.checked(s, terms, "ticket"),
    )  # fmt: skip
    stream_records(s, (r.to_dict() for r in rows), fmt, fields, COLUMNS, empty=N_("No tickets."))


@app.command("show")
def show(ctx: typer.Context, ref: RefArg, fmt: FormatOpt = None, fields: FieldsOpt = None) -> None:
    """One ticket with every field.

    Example: crm service show SV000007 -f json
    """
    check_fields(fields, Ticket._fields)
    _one(ctx, views.get_ticket(session(ctx).actor(), ref), fmt, fields)


@app.command("edit")
def edit(
    ctx: typer.Context,
    ref: RefArg,
    type_: TypeOpt = None,
    description: Annotated[str | None, Opt("--description")] = None,
    contact: ContactOpt = None,
    product: ProductOpt = None,
    order_line: LineOpt = None,
    priority: PriorityOpt = None,
    due: DueOpt = None,
    next_service: NextOpt = None,
    fmt: FormatOpt = None,
    fields: FieldsOpt = None,
) -> None:
    """Change a ticket; '' clears an optional field (contact, product, due, next service).

    Example: crm service edit SV000007 --priority urgent --due "tomorrow 10:00"
    """
    check_fields(fields, Ticket._fields)
    changes = given(
        type=type_, description=description, contact=contact, product=product,
        order_line=order_line, priority=priority, due_at=due, next_service=next_service,
    )  # fmt: skip
    _one(ctx, tickets.edit_ticket(session(ctx).actor(), ref, changes), fmt, fields)


@app.command("assign")
def assign(
    ctx: typer.Context,
    ref: RefArg,
    to: Annotated[
        str, Opt("--to", help="The user who will do it (login).", autocompletion=_complete.users)
    ],
    fmt: FormatOpt = None,
    fields: FieldsOpt = None,
) -> None:
    """Give a ticket to someone (an active user).

    Example: crm service assign SV000007 --to wang
    """
    check_fields(fields, Ticket._fields)
    record = tickets.assign_ticket(session(ctx).actor(), ref, to)
    note("Assigned {code} to {assignee}.", code=record.code, assignee=record.assignee)
    _one(ctx, record, fmt, fields)


@app.command("start")
def start(ctx: typer.Context, ref: RefArg, fmt: FormatOpt = None, fields: FieldsOpt = None) -> None:
    """Begin work on an assigned ticket.

    Example: crm service start SV000007
    """
    check_fields(fields, Ticket._fields)
    _one(ctx, tickets.start_ticket(session(ctx).actor(), ref), fmt, fields)


@app.command("resolve")
def resolve(
    ctx: typer.Context,
    ref: RefArg,
    resolution: Annotated[str, Opt("--resolution", help="What was done.")],
    next_service: NextOpt = None,
    fmt: FormatOpt = None,
    fields: FieldsOpt = None,
) -> None:
    """Record how a ticket was resolved, and maybe when to serve the customer next.

    Example: crm service resolve SV000007 --resolution "更换定影器" --next-service +6m
    """
    check_fields(fields, Ticket._fields)
    actor = session(ctx).actor()
    record = tickets.resolve_ticket(actor, ref, resolution=resolution, next_service=next_service)
    _one(ctx, record, fmt, fields)


@app.command("close")
def close(ctx: typer.Context, ref: RefArg, fmt: FormatOpt = None, fields: FieldsOpt = None) -> None:
    """Close a resolved ticket.

    Example: crm service close SV000007
    """
    check_fields(fields, Ticket._fields)
    _one(ctx, tickets.close_ticket(session(ctx).actor(), ref), fmt, fields)


@app.command("reopen")
def reopen(
    ctx: typer.Context,
    ref: RefArg,
    reason: Annotated[str, Opt("--reason", help="Why it is not done.")],
    fmt: FormatOpt = None,
    fields: FieldsOpt = None,
) -> None:
    """Open a resolved or closed ticket again.

    Example: crm service reopen SV000007 --reason "客户反馈仍然卡纸"
    """
    check_fields(fields, Ticket._fields)
    _one(ctx, tickets.reopen_ticket(session(ctx).actor(), ref, reason=reason), fmt, fields)


@app.command("feedback")
def feedback(
    ctx: typer.Context,
    ref: RefArg,
    satisfaction: Annotated[
        int, whole_option("--satisfaction", low=1, high=5, help="1 (unhappy) to 5 (very happy).")
    ],
    note_: Annotated[str, Opt("--note", help="The customer's words.")] = "",
    fmt: FormatOpt = None,
    fields: FieldsOpt = None,
) -> None:
    """Record the customer's feedback on a resolved or closed ticket.

    Example: crm service feedback SV000007 --satisfaction 5 --note "响应很快"
    """
    check_fields(fields, Ticket._fields)
    actor = session(ctx).actor()
    record = tickets.give_feedback(actor, ref, satisfaction=satisfaction, note=note_)
    _one(ctx, record, fmt, fields)


@app.command("delete")
def delete(ctx: typer.Context, ref: RefArg, yes: YesOpt = False) -> None:
    """Delete a ticket (kept in the customer's log).

    Example: crm service delete SV000007 --yes
    """
    actor = session(ctx).actor()
    if not confirm("Delete service ticket {ref}?", ref=ref, yes=yes):
        raise typer.Exit(1)
    record = tickets.delete_ticket(actor, ref)
    note("Deleted service ticket {code}.", code=record.code)
