"""`crm order submit|approve|reject|cancel`: the approval flow of an order (ORD-1), kept out
of `order.py`, which registers these commands under their names."""

from typing import Annotated, Any

import typer

from crm_cli.commands._common import AsOfOpt, FieldsOpt, FormatOpt, check_fields, session, today_or
from crm_cli.commands._order_view import FIELDS, RefArg, show_order

Opt = typer.Option


def _flow(ctx: typer.Context, step: str, ref: str, fmt: str | None, fields: str | None,
          as_of: str | None, **kwargs: Any) -> None:  # fmt: skip
    check_fields(fields, FIELDS)
    from crm_cli.store.sales import order_flow

    action = getattr(order_flow, f"{step}_order")
    show_order(ctx, action(session(ctx).actor(), ref, now=today_or(as_of), **kwargs), fmt, fields)


def submit(
    ctx: typer.Context, ref: RefArg, as_of: AsOfOpt = None, fmt: FormatOpt = None,
    fields: FieldsOpt = None,
) -> None:  # fmt: skip
    """Send a draft or rejected order for approval.

    Example: crm order submit SO000003
    """
    _flow(ctx, "submit", ref, fmt, fields, as_of)


def approve(
    ctx: typer.Context, ref: RefArg, as_of: AsOfOpt = None, fmt: FormatOpt = None,
    fields: FieldsOpt = None,
) -> None:  # fmt: skip
    """Approve a submitted order (the owner's managers and admins; never a sales user).

    An approved order is locked, takes payments and counts for the customer's totals.

    Example: crm order approve SO000003
    """
    _flow(ctx, "approve", ref, fmt, fields, as_of)


def reject(
    ctx: typer.Context,
    ref: RefArg,
    reason: Annotated[str, Opt("--reason", help="Why; the owner sees it.")],
    as_of: AsOfOpt = None,
    fmt: FormatOpt = None,
    fields: FieldsOpt = None,
) -> None:
    """Send a submitted order back; it can be edited and submitted again.

    Example: crm order reject SO000003 --reason "discount too high"
    """
    _flow(ctx, "reject", ref, fmt, fields, as_of, reason=reason)


def cancel(
    ctx: typer.Context,
    ref: RefArg,
    reason: Annotated[str, Opt("--reason", help="Why it is cancelled.")],
    as_of: AsOfOpt = None,
    fmt: FormatOpt = None,
    fields: FieldsOpt = None,
) -> None:
    """Cancel an order that has received no money (exit 3 once it has receipts).

    An approved order is cancelled only by an approver.

    Example: crm order cancel SO000003 --reason "customer withdrew"
    """
    _flow(ctx, "cancel", ref, fmt, fields, as_of, reason=reason)
