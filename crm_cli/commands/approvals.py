"""`crm approvals …`: the one approval inbox (APR-1): orders, quotes to audit, expenses."""

from typing import Annotated

import typer

from crm_cli.commands import _terms, _words
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
    show_records,
    stream_records,
    today_or,
)
from crm_cli.i18n import N_
from crm_cli.store.core.listing import Page
from crm_cli.store.overview import approvals

app = typer.Typer(
    help="Everything waiting for your approval, oldest first: list, approve, reject.",
    invoke_without_command=True,
    add_completion=False,  # the root's
)
COLUMNS = ("kind", "code", "customer", "customer_name", "owner", "amount", "subject", "since",
           "age_days")  # fmt: skip
DECISION_COLUMNS = ("kind", "code", "status")
CodesArg = Annotated[
    list[str], typer.Argument(help="Order, quote or expense codes (SO000003 Q000012 EX000001).")
]


def _list(
    ctx: typer.Context,
    terms: list[str] | None,
    limit: int | None,
    offset: int,
    as_of: str | None,
    fmt: str | None,
    fields: str | None,
) -> None:
    check_fields(fields, approvals.Approval._fields)
    s = session(ctx)
    rows = approvals.iter_approvals(
        s.actor(), now=today_or(as_of), page=Page(limit, offset),
        terms=_terms.checked(s, terms, "approval"),
    )  # fmt: skip
    with _words.values_of("approval"):
        stream_records(
            s, (r.to_dict() for r in rows), fmt, fields, COLUMNS,
            empty=N_("Nothing waits for your approval."),
        )  # fmt: skip


@app.callback()
def inbox(
    ctx: typer.Context,
    limit: LimitOpt = None,
    offset: OffsetOpt = 0,
    as_of: AsOfOpt = None,
    fmt: FormatOpt = None,
    fields: FieldsOpt = None,
) -> None:
    """Everything waiting for your approval, oldest first (same as `crm approvals list`).

    Orders submitted by your team (managers) or anyone (admins), quotes not yet audited
    of the customers you manage, expenses of the people below you (admins: of anyone but
    themselves). Columns: kind (order|quote|expense), code, customer, customer_name,
    owner, amount, subject (an expense's category), since (waiting since), age_days.

    Example: crm approvals -f json
    """
    if ctx.invoked_subcommand is None:
        _list(ctx, None, limit, offset, as_of, fmt, fields)


@app.command("list", cls=_terms.TermsCommand)
def list_(
    ctx: typer.Context,
    terms: _terms.TermsArg = None,
    limit: LimitOpt = None,
    offset: OffsetOpt = 0,
    as_of: AsOfOpt = None,
    fmt: FormatOpt = None,
    fields: FieldsOpt = None,
) -> None:
    """Everything waiting for your approval, oldest first.

    Terms: kind (order, quote, expense), code, subject, amount, since (= submitted), owner
    (who submitted it), the customer's customer, city, level and customer.FIELD; tag
    +mine and the customer's tags.

    Example: crm approvals list kind:expense since.before:-3d --as-of 2026-12-01
    """
    _list(ctx, terms, limit, offset, as_of, fmt, fields)


@app.command("approve")
def approve(
    ctx: typer.Context,
    codes: CodesArg,
    as_of: AsOfOpt = None,
    fmt: FormatOpt = None,
    fields: FieldsOpt = None,
) -> None:
    """Approve orders and expenses and audit quotes, by code: all of them or none.

    Each goes through its own rule (`crm order approve`, `crm quote audit`, `crm expense
    approve`); when one is refused, none is decided: an item not waiting is invalid
    (exit 1), one that is not yours to decide (your own expense too) is denied (exit 5).

    Example: crm approvals approve SO000003 Q000012 EX000001
    """
    check_fields(fields, approvals.Decision._fields)
    s = session(ctx)
    done = approvals.approve(s.actor(), codes, now=today_or(as_of))
    note("Approved {count} item(s).", count=len(done))
    with _words.values_of("approval"):
        show_records(s, [d.to_dict() for d in done], fmt, fields, DECISION_COLUMNS)


@app.command("reject")
def reject(
    ctx: typer.Context,
    code: Annotated[str, typer.Argument(help="Order or expense code.")],
    # Checked by the store, not the parser: a missing reason is one clear line (exit 1),
    # as an empty one is, not a usage screen.
    reason: Annotated[str | None, typer.Option("--reason", help="Why (required).")] = None,
    as_of: AsOfOpt = None,
    fmt: FormatOpt = None,
    fields: FieldsOpt = None,
) -> None:
    """Send an order or expense back to its owner with a reason (--reason, required).

    Quotes cannot be rejected (they are only audited): leave the quote unaudited, or ask
    its owner to change it.

    Example: crm approvals reject SO000003 --reason "discount too high"
    """
    check_fields(fields, approvals.Decision._fields)
    s = session(ctx)
    decision = approvals.reject(s.actor(), code, reason or "", now=today_or(as_of))
    show_record(s, decision.to_dict(), fmt, fields)
