"""`crm expense …`: expenses (EXP-1), from the claim to its approval."""

from typing import Annotated

import typer

from crm_cli.commands import _terms
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
)
from crm_cli.i18n import N_
from crm_cli.store.core.listing import Page
from crm_cli.store.expenses import expenses, views
from crm_cli.store.expenses.records import Expense

app = typer.Typer(
    help="Expenses: add, list, show, edit, submit, approve, reject, delete. Approval by the "
    "owner's manager (at any level) or an admin; approved expenses are locked."
)
Opt = typer.Option
RefArg = Annotated[str, typer.Argument(help="Expense code (EX000001) or id.")]
COLUMNS = ("code", "spent_on", "owner", "category", "amount", "customer", "campaign", "status",
           "note")  # fmt: skip
DateOpt = Annotated[str | None, Opt("--date", help="The day it was spent (default today).")]
CategoryOpt = Annotated[
    str | None,
    Opt("--category", help="travel, entertainment, gifts … (crm config get expense.categories)."),
]
AmountOpt = Annotated[str | None, Opt("--amount", help="Exact money above 0, e.g. 356.80.")]
CustomerOpt = Annotated[str | None, Opt(help="The customer it was spent on ('' clears).")]
OpportunityOpt = Annotated[str | None, Opt(help="The opportunity it was spent on ('' clears).")]
CampaignOpt = Annotated[str | None, Opt(help="The campaign it was spent on ('' clears).")]
NoteOpt = Annotated[str | None, Opt("--note", help="What it was for.")]


def _one(ctx: typer.Context, record: Expense, fmt: str | None, fields: str | None) -> None:
    show_record(session(ctx), record.to_dict(), fmt, fields)


@app.command("add")
def add(
    ctx: typer.Context,
    amount: Annotated[str, Opt("--amount", help="Exact money above 0, e.g. 356.80.")],
    category: Annotated[str, Opt("--category", help="travel, entertainment, gifts … (a setting).")],
    date: DateOpt = None,
    customer: CustomerOpt = None,
    opportunity: OpportunityOpt = None,
    campaign: CampaignOpt = None,
    note_: NoteOpt = None,
    as_of: AsOfOpt = None,
    fmt: FormatOpt = None,
    fields: FieldsOpt = None,
) -> None:
    """Record an expense of yours as a draft; submit it for approval when ready.

    Example: crm expense add --amount 1280.50 --category entertainment --customer C000042
    """
    check_fields(fields, Expense._fields)
    values = given(customer=customer, opportunity=opportunity, campaign=campaign, note=note_)
    record = expenses.add_expense(
        session(ctx).actor(), amount=amount, category=category, spent_on=date, values=values,
        now=today_or(as_of),
    )  # fmt: skip
    _one(ctx, record, fmt, fields)


@app.command("list", cls=_terms.TermsCommand)
def list_(
    ctx: typer.Context,
    terms: _terms.TermsArg = None,
    owner: Annotated[str | None, Opt(help="Only this user's (login) or me.")] = None,
    status: Annotated[str | None, Opt(help="draft, submitted, approved or rejected.")] = None,
    since: Annotated[str | None, Opt("--from", help="Spent on or after this day.")] = None,
    until: Annotated[str | None, Opt("--to", help="Spent on or before this day.")] = None,
    customer: Annotated[str | None, Opt(help="Only those spent on this customer.")] = None,
    campaign: Annotated[str | None, Opt(help="Only those spent on this campaign.")] = None,
    category: Annotated[str | None, Opt(help="Only this category.")] = None,
    as_of: AsOfOpt = None,
    limit: LimitOpt = None,
    offset: OffsetOpt = 0,
    fmt: FormatOpt = None,
    fields: FieldsOpt = None,
) -> None:
    """Expenses you may see, latest day first.

    Yours, those of everyone below you (at any level), or everyone's for an admin.

    Terms: code, category, note, reason, amount, spent (= date), submitted,
    decided, created, status, owner (me), approver, customer, city, level,
    customer.FIELD; tags +mine, +draft, +submitted, +approved, +rejected and the
    customer's tags.

    Example: crm expense list --from 2026-11-01 category:travel amount.over:500 +submitted
    """
    check_fields(fields, Expense._fields)
    s = session(ctx)
    rows = views.iter_expenses(
        s.actor(), owner=owner, status=status, since=since, until=until, customer=customer,
        campaign=campaign, category=category, page=Page(limit, offset), now=today_or(as_of),
        terms=_terms.checked(s, terms, "expense"),
    )  # fmt: skip
    stream_records(s, (r.to_dict() for r in rows), fmt, fields, COLUMNS, empty=N_("No expenses."))


@app.command("show")
def show(ctx: typer.Context, ref: RefArg, fmt: FormatOpt = None, fields: FieldsOpt = None) -> None:
    """One expense with every field.

    Example: crm expense show EX000007 -f json
    """
    check_fields(fields, Expense._fields)
    _one(ctx, views.get_expense(session(ctx).actor(), ref), fmt, fields)


@app.command("edit")
def edit(
    ctx: typer.Context,
    ref: RefArg,
    amount: AmountOpt = None,
    category: CategoryOpt = None,
    date: DateOpt = None,
    customer: CustomerOpt = None,
    opportunity: OpportunityOpt = None,
    campaign: CampaignOpt = None,
    note_: NoteOpt = None,
    as_of: AsOfOpt = None,
    fmt: FormatOpt = None,
    fields: FieldsOpt = None,
) -> None:
    """Change your draft or rejected expense; '' clears a link or the note.

    Example: crm expense edit EX000007 --amount 1200 --note "含发票"
    """
    check_fields(fields, Expense._fields)
    changes = given(
        amount=amount, category=category, spent_on=date, customer=customer,
        opportunity=opportunity, campaign=campaign, note=note_,
    )  # fmt: skip
    record = expenses.edit_expense(session(ctx).actor(), ref, changes, now=today_or(as_of))
    _one(ctx, record, fmt, fields)


@app.command("submit")
def submit(
    ctx: typer.Context, ref: RefArg, fmt: FormatOpt = None, fields: FieldsOpt = None
) -> None:
    """Hand your expense in for approval.

    Example: crm expense submit EX000007
    """
    check_fields(fields, Expense._fields)
    _one(ctx, expenses.submit_expense(session(ctx).actor(), ref), fmt, fields)


@app.command("approve")
def approve(
    ctx: typer.Context, ref: RefArg, fmt: FormatOpt = None, fields: FieldsOpt = None
) -> None:
    """Approve a submitted expense of someone below you (admins: anyone's); never your own.

    Example: crm expense approve EX000007
    """
    check_fields(fields, Expense._fields)
    _one(ctx, expenses.approve_expense(session(ctx).actor(), ref), fmt, fields)


@app.command("reject")
def reject(
    ctx: typer.Context,
    ref: RefArg,
    reason: Annotated[str, Opt("--reason", help="Why: the owner reads it.")],
    fmt: FormatOpt = None,
    fields: FieldsOpt = None,
) -> None:
    """Send a submitted expense back to its owner.

    Example: crm expense reject EX000007 --reason "缺少发票"
    """
    check_fields(fields, Expense._fields)
    _one(ctx, expenses.reject_expense(session(ctx).actor(), ref, reason), fmt, fields)


@app.command("delete")
def delete(ctx: typer.Context, ref: RefArg, yes: YesOpt = False) -> None:
    """Delete an expense that is not approved (kept in the log).

    Example: crm expense delete EX000007 --yes
    """
    actor = session(ctx).actor()
    if not confirm("Delete expense {ref}?", ref=ref, yes=yes):
        raise typer.Exit(1)
    record = expenses.delete_expense(actor, ref)
    note("Deleted expense {code}.", code=record.code)
