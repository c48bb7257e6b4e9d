"""`crm order …`: sales orders, their approval and their payment plans (ORD-1, ORD-2)."""

from typing import Annotated

import typer

from crm_cli.commands import _complete, _order_flow, _terms, export_cmd, import_cmd
from crm_cli.commands._common import (
    AsOfOpt,
    FieldsOpt,
    FormatOpt,
    LimitOpt,
    OffsetOpt,
    check_fields,
    session,
    stream_records,
    today_or,
    whole_option,
)
from crm_cli.commands._order_view import FIELDS, RefArg, show_order
from crm_cli.i18n import N_
from crm_cli.store.core.listing import Page

app = typer.Typer(help="Sales orders: write, approve, plan installments, renew service fees.")
Opt = typer.Option
COLUMNS = ("code", "customer", "customer_name", "status", "total", "received", "balance",
           "next_due", "owner")  # fmt: skip
LineOpt = Annotated[
    list[str] | None,
    Opt("--line", help="PRODUCT:QTY[:PRICE[:DISCOUNT%]]; repeat for more lines."),
]
InstallmentsOpt = Annotated[
    int | None,
    whole_option(
        "--installments", low=1, high=600, help="Split into N equal monthly installments."
    ),
]
PlanOpt = Annotated[
    str | None, Opt("--plan", help="Installments as DATE:AMOUNT,… summing to the total.")
]
Text = Annotated[str | None, Opt()]
TaxRateOpt = Annotated[
    str | None,
    Opt("--tax-rate", help="VAT % of every line, e.g. 13 (default: the product's, else tax.rate)."),
]


@app.command("add")
def add(
    ctx: typer.Context,
    customer: Annotated[
        str,
        typer.Argument(help="Customer code, id or exact name.", autocompletion=_complete.customers),
    ],
    line: LineOpt = None,
    from_quote: Annotated[str | None, Opt("--from-quote", help="Copy this quote's lines.")] = None,
    again: Annotated[bool, Opt("--again", help="Allow a second order from one quote.")] = False,
    subject: Text = None,
    signed: Annotated[str | None, Opt("--signed", help="Signing date.")] = None,
    due: Annotated[str | None, Opt("--due", help="Receivable (due) date.")] = None,
    installments: InstallmentsOpt = None,
    plan: PlanOpt = None,
    notes: Text = None,
    tax_rate: TaxRateOpt = None,
    as_of: AsOfOpt = None,
    fmt: FormatOpt = None,
    fields: FieldsOpt = None,
) -> None:
    """Write a draft order, directly from lines or from a quote (its lines are copied).

    With --from-quote, any --line is added after the quote's lines. A quote that already
    became a live (not cancelled) order is refused (exit 3) unless --again. Lines keep the
    quote's VAT rates; --tax-rate puts every line at one rate.

    Without --installments or --plan the team's default plan applies (config key
    order.default_plan); with none set the order is paid as a whole. Lines with an annual
    service fee are serviced for a year from the signing date.

    Example: crm order add C000042 --from-quote Q000007 --due +30d --installments 3
    """
    check_fields(fields, FIELDS)
    from crm_cli.store.sales import orders

    view = orders.add_order(
        session(ctx).actor(), customer, lines=line or (), from_quote=from_quote, again=again,
        subject=subject, signed=signed, due=due, installments=installments, plan=plan,
        notes=notes or "", tax_rate=tax_rate, now=today_or(as_of),
    )  # fmt: skip
    show_order(ctx, view, fmt, fields)


@app.command("list", cls=_terms.TermsCommand)
def list_(
    ctx: typer.Context,
    terms: _terms.TermsArg = None,
    customer: Annotated[
        str | None,
        Opt("--customer", "-c", help="Only this customer's.", autocompletion=_complete.customers),
    ] = None,
    status: Annotated[
        str | None, Opt("--status", help="draft, submitted, approved, rejected, cancelled.")
    ] = None,
    kind: Annotated[str | None, Opt("--kind", help="sale or service_fee.")] = None,
    limit: LimitOpt = None,
    offset: OffsetOpt = 0,
    as_of: AsOfOpt = None,
    fmt: FormatOpt = None,
    fields: FieldsOpt = None,
) -> None:
    """Orders you may see, newest first.

    Terms: status, kind, code, subject, notes, customer, city, level,
    owner (me), total, received, balance, signed, due, created; tags +owed,
    +overdue, +mine, +draft, +submitted, +approved, +rejected, +cancelled.

    Example: crm order list status:已审批 balance.over:1万 +overdue owner:me
    """
    from crm_cli.store.sales import order_lists

    s = session(ctx)
    page, now = Page(limit, offset), today_or(as_of)
    rows = order_lists.iter_orders(
        s.actor(), customer=customer, status=status, kind=kind, page=page, now=now,
        terms=_terms.checked(s, terms, "order"),
    )  # fmt: skip
    stream_records(s, (r.to_dict() for r in rows), fmt, fields, COLUMNS, empty=N_("No orders."))


@app.command("show")
def show(
    ctx: typer.Context, ref: RefArg, as_of: AsOfOpt = None, fmt: FormatOpt = None,
    fields: FieldsOpt = None,
) -> None:  # fmt: skip
    """One order with its lines, payment plan (status as of today or --as-of) and receipts.

    Example: crm order show SO000003 --as-of 2026-12-31
    """
    from crm_cli.store.sales import orders

    show_order(ctx, orders.get_order(session(ctx).actor(), ref, now=today_or(as_of)), fmt, fields)


@app.command("edit")
def edit(
    ctx: typer.Context,
    ref: RefArg,
    line: LineOpt = None,
    subject: Text = None,
    signed: Annotated[str | None, Opt("--signed")] = None,
    due: Annotated[str | None, Opt("--due")] = None,
    installments: InstallmentsOpt = None,
    plan: PlanOpt = None,
    notes: Text = None,
    tax_rate: TaxRateOpt = None,
    as_of: AsOfOpt = None,
    fmt: FormatOpt = None,
    fields: FieldsOpt = None,
) -> None:
    """Change a draft or rejected order; --line replaces all its lines, --tax-rate puts
    every line (the new ones, else the existing ones) at that VAT rate.

    Submitted and approved orders are locked (exit 3). New lines re-split the plan into
    as many installments as before, unless --installments or --plan says otherwise.

    Example: crm order edit SO000003 --line PC:3 --line ERP:1 --due 2026-12-31
    """
    check_fields(fields, FIELDS)
    from crm_cli.store.sales import orders

    view = orders.edit_order(
        session(ctx).actor(), ref, lines=line or (), subject=subject, signed=signed, due=due,
        notes=notes, installments=installments, plan=plan, tax_rate=tax_rate,
        now=today_or(as_of),
    )  # fmt: skip
    show_order(ctx, view, fmt, fields)


# The approval flow lives in _order_flow; registered here to keep the order of --help.
for _step in ("submit", "approve", "reject", "cancel"):
    app.command(_step)(getattr(_order_flow, _step))


@app.command("plan")
def plan_(
    ctx: typer.Context,
    ref: RefArg,
    installments: InstallmentsOpt = None,
    plan: PlanOpt = None,
    start: Annotated[
        str | None, Opt("--start", help="First due date (default: the order's).")
    ] = None,
    as_of: AsOfOpt = None,
    fmt: FormatOpt = None,
    fields: FieldsOpt = None,
) -> None:
    """Re-plan what the unpaid installments cover; paid and partly paid ones stay.

    Example: crm order plan SO000003 --plan 2026-12-31:5000,2027-03-31:5000
    """
    check_fields(fields, FIELDS)
    from crm_cli.store.sales import plans

    view = plans.replan_order(
        session(ctx).actor(), ref, installments=installments, plan=plan, start=start,
        now=today_or(as_of),
    )  # fmt: skip
    show_order(ctx, view, fmt, fields)


@app.command("renew")
def renew(
    ctx: typer.Context,
    ref: RefArg,
    line: Annotated[
        int | None,
        whole_option("--line", low=1, help="Only this line (default: every fee line)."),
    ] = None,
    years: Annotated[int, whole_option("--years", low=1, high=100, help="Years to extend by.")] = 1,
    as_of: AsOfOpt = None,
    fmt: FormatOpt = None,
    fields: FieldsOpt = None,
) -> None:
    """Renew annual service fees: extend the service end and write the fee order.

    The fee order is approved at once when you may approve the owner's orders, else a
    draft to submit. Prints the new fee order.

    Example: crm order renew SO000003 --years 1
    """
    check_fields(fields, FIELDS)
    from crm_cli.store.sales import renewals

    view = renewals.renew_service(
        session(ctx).actor(), ref, line=line, years=years, now=today_or(as_of)
    )
    show_order(ctx, view, fmt, fields)


# `crm order import FILE` is `crm import orders FILE`, `crm order export` is
# `crm export orders`: one command, two names.
app.command("import")(import_cmd.orders)
app.command("export", cls=_terms.TermsCommand)(export_cmd.orders)
