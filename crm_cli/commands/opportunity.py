"""`crm opportunity …`: possible deals, their chances and how they ended."""

from typing import Annotated, Any

import typer

from crm_cli.commands import _complete, _terms, _words, export_cmd, import_cmd
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
    whole_option,
)
from crm_cli.i18n import N_
from crm_cli.store.core.listing import Page
from crm_cli.store.sales import opportunities
from crm_cli.store.sales.opportunities import Opportunity

app = typer.Typer(help="Opportunities: add, list, show, edit, win, lose, reopen, delete.")
Opt = typer.Option
Text = Annotated[str | None, Opt()]
RefArg = Annotated[str, typer.Argument(help="Opportunity code (OP000001) or id.")]
COLUMNS = ("code", "customer", "customer_name", "amount", "probability", "stage", "close_date",
           "status", "owner")  # fmt: skip


def _show(s: Any, record: dict[str, Any], fmt: str | None, fields: str | None) -> None:
    with _words.values_of("opportunity"):  # an opportunity's "lost" is 输单
        show_record(s, record, fmt, fields)


AmountOpt = Annotated[str, Opt("--amount", help="Expected amount, e.g. 120000.00.")]
ProbabilityOpt = Annotated[
    int, whole_option("--probability", "-p", low=0, high=100, help="Chance of winning, 0-100 (%).")
]
ForceOpt = Annotated[
    bool, Opt("--force", help="Accept a probability below opportunity.min_probability.")
]
CloseOpt = Annotated[str | None, Opt("--close", help="Expected close date (YYYY-MM-DD, +1m …).")]
DateOpt = Annotated[str | None, Opt("--date", help="Closing date (default: today).")]
CampaignOpt = Annotated[
    str | None, Opt(help="The marketing campaign it belongs to (code); '' takes it off.")
]


@app.command("add")
def add(
    ctx: typer.Context,
    customer: Annotated[
        str,
        typer.Argument(help="Customer code, id or exact name.", autocompletion=_complete.customers),
    ],
    amount: AmountOpt,
    probability: ProbabilityOpt,
    contact: Annotated[str | None, Opt(help="Contact name or code at the customer.")] = None,
    product: Annotated[str | None, Opt(help="Products of interest (free text).")] = None,
    description: Text = None,
    stage: Annotated[str | None, Opt(help="Sales stage, e.g. 需求确认, proposal.")] = None,
    close: CloseOpt = None,
    force: ForceOpt = False,
    campaign: CampaignOpt = None,
    fmt: FormatOpt = None,
    fields: FieldsOpt = None,
) -> None:
    """Record an open opportunity; a probability below the team minimum needs --force.

    Example: crm opportunity add C000042 --amount 250000 -p 60 --product ERP --close +2m
    """
    check_fields(fields, Opportunity._fields)
    s = session(ctx)
    values: dict[str, Any] = dict(
        amount=amount, probability=probability, contact=contact, product=product or "",
        description=description or "", stage=stage or "", close=close, force=force,
    )  # fmt: skip
    if campaign is None:
        record = opportunities.add_opportunity(s.actor(), customer, **values)
    else:
        from crm_cli.store.campaigns.deals import add_opportunity_in

        record = add_opportunity_in(s.actor(), campaign, customer, **values)
    _show(s, record.to_dict(), fmt, fields)


@app.command("list", cls=_terms.TermsCommand)
def list_(
    ctx: typer.Context,
    terms: _terms.TermsArg = None,
    customer: Annotated[str | None, Opt(help="Only this customer's.")] = None,
    status: Annotated[str | None, Opt(help="open, won or lost.")] = None,
    owner: Annotated[str | None, Opt(help="Only this owner's (login).")] = None,
    limit: LimitOpt = None,
    offset: OffsetOpt = 0,
    fmt: FormatOpt = None,
    fields: FieldsOpt = None,
) -> None:
    """Opportunities of the customers you may see, newest first.

    Example: crm opportunity list stage:报价 amount.over:50000 -won owner:me
    """
    check_fields(fields, Opportunity._fields)
    s = session(ctx)
    rows = opportunities.iter_opportunities(
        s.actor(), customer=customer, status=status, owner=owner, page=Page(limit, offset),
        terms=_terms.opportunities(s, terms),
    )  # fmt: skip
    with _words.values_of("opportunity"):
        found = (r.to_dict() for r in rows)
        stream_records(s, found, fmt, fields, COLUMNS, empty=N_("No opportunities."))


@app.command("show")
def show(ctx: typer.Context, ref: RefArg, fmt: FormatOpt = None, fields: FieldsOpt = None) -> None:
    """One opportunity with every field.

    Example: crm opportunity show OP000007 -f json
    """
    check_fields(fields, Opportunity._fields)
    s = session(ctx)
    _show(s, opportunities.get_opportunity(s.actor(), ref).to_dict(), fmt, fields)


@app.command("edit")
def edit(
    ctx: typer.Context,
    ref: RefArg,
    amount: Annotated[str | None, Opt("--amount")] = None,
    probability: Annotated[int | None, whole_option("--probability", "-p", low=0, high=100)] = None,
    contact: Annotated[str | None, Opt(help="Contact name or code; '' clears it.")] = None,
    product: Text = None,
    description: Text = None,
    stage: Text = None,
    close: CloseOpt = None,
    force: ForceOpt = False,
    campaign: CampaignOpt = None,
    fmt: FormatOpt = None,
    fields: FieldsOpt = None,
) -> None:
    """Change an open opportunity (won or lost ones are closed: reopen first).

    Example: crm opportunity edit OP000007 -p 80 --stage 商务谈判
    """
    check_fields(fields, Opportunity._fields)
    s = session(ctx)
    changes = given(
        amount=amount, probability=probability, contact=contact, product=product,
        description=description, stage=stage, close_date=close,
    )  # fmt: skip
    if campaign is None:
        record = opportunities.edit_opportunity(s.actor(), ref, changes, force=force)
    else:
        from crm_cli.store.campaigns.deals import edit_opportunity_in

        record = edit_opportunity_in(s.actor(), ref, changes, campaign, force=force)
    _show(s, record.to_dict(), fmt, fields)


@app.command("win")
def win(
    ctx: typer.Context,
    ref: RefArg,
    date: DateOpt = None,
    fmt: FormatOpt = None,
    fields: FieldsOpt = None,
) -> None:
    """Close an opportunity as won.

    Example: crm opportunity win OP000007 --date 2026-11-20
    """
    check_fields(fields, Opportunity._fields)
    s = session(ctx)
    record = opportunities.win_opportunity(s.actor(), ref, date=date)
    note("Won {code} ({customer_name}).", code=record.code, customer_name=record.customer_name)
    _show(s, record.to_dict(), fmt, fields)


@app.command("lose")
def lose(
    ctx: typer.Context,
    ref: RefArg,
    reason: Annotated[str, Opt("--reason", help="Why it was lost (price, competitor …).")],
    date: DateOpt = None,
    fmt: FormatOpt = None,
    fields: FieldsOpt = None,
) -> None:
    """Close an opportunity as lost, with the reason.

    Example: crm opportunity lose OP000007 --reason "竞争对手价格更低"
    """
    check_fields(fields, Opportunity._fields)
    s = session(ctx)
    record = opportunities.lose_opportunity(s.actor(), ref, reason=reason, date=date)
    note("Lost {code} ({customer_name}).", code=record.code, customer_name=record.customer_name)
    _show(s, record.to_dict(), fmt, fields)


@app.command("reopen")
def reopen(
    ctx: typer.Context, ref: RefArg, fmt: FormatOpt = None, fields: FieldsOpt = None
) -> None:
    """Open a won or lost opportunity again.

    Example: crm opportunity reopen OP000007
    """
    check_fields(fields, Opportunity._fields)
    s = session(ctx)
    _show(s, opportunities.reopen_opportunity(s.actor(), ref).to_dict(), fmt, fields)


@app.command("delete")
def delete(ctx: typer.Context, ref: RefArg, yes: YesOpt = False) -> None:
    """Delete an opportunity (kept in the customer's log).

    Example: crm opportunity delete OP000007 --yes
    """
    actor = session(ctx).actor()
    if not confirm("Delete opportunity {ref}?", ref=ref, yes=yes):
        raise typer.Exit(1)
    record = opportunities.delete_opportunity(actor, ref)
    note("Deleted opportunity {code}.", code=record.code)


# `crm opportunity import FILE` is `crm import opportunities FILE`, `crm opportunity export` is
# `crm export opportunities`: one command, two names.
app.command("import")(import_cmd.opportunities)
app.command("export", cls=_terms.TermsCommand)(export_cmd.opportunities)
