"""`crm pay`: record receipts (收款单) against approved orders (PAY-1)."""

from typing import Annotated

import typer

from crm_cli.commands._common import (
    FieldsOpt,
    FormatOpt,
    check_fields,
    note,
    session,
    show_records,
    today_or,
    whole_option,
)
from crm_cli.store.core.errors import InvalidInput
from crm_cli.store.sales.order_records import Receipt

# A one-command app: the root loads it lazily and Typer turns it into a plain command.
app = typer.Typer(add_completion=False)
Opt = typer.Option
COLUMNS = ("code", "order", "customer", "installment", "amount", "paid_on", "method")


@app.command("pay")
def pay(
    ctx: typer.Context,
    refs: Annotated[list[str], typer.Argument(help="ORDER, or ORDER/N… with --batch.")],
    amount: Annotated[
        str | None, Opt("--amount", "-a", help="How much was received (1200.50, 1.2万).")
    ] = None,
    installment: Annotated[
        int | None,
        whole_option("--installment", "-i", low=1, help="Pay this installment number only."),
    ] = None,
    batch: Annotated[
        bool, Opt("--batch", help="Pay each ORDER/N installment in full, all or none.")
    ] = False,
    date: Annotated[str | None, Opt("--date", help="Date received (default today).")] = None,
    method: Annotated[str, Opt("--method", help="bank, cash, cheque, alipay …")] = "",
    note_: Annotated[str, Opt("--note", help="A remark on the receipt.")] = "",
    as_of: Annotated[str | None, Opt("--as-of", help="Act as if today were this date.")] = None,
    fmt: FormatOpt = None,
    fields: FieldsOpt = None,
) -> None:
    """Record money received on an approved order; prints the receipts.

    The amount goes to the oldest open installment, the rest to the following ones (one
    receipt per installment touched), unless --installment names one; an order without a
    plan gets one receipt. Refused (exit 1, nothing saved): zero, negative or malformed
    amounts, more than is owed, a paid installment, a date in the future, and orders that
    are not approved (drafts, submitted, rejected) or cancelled. --batch pays each named
    installment in full in one transaction.

    Example: crm pay SO000003 --amount 5000 --method bank
    """
    check_fields(fields, Receipt._fields)
    from crm_cli.store.sales import payments

    s = session(ctx)
    now = today_or(as_of)
    if batch:
        if amount is not None or installment is not None:
            raise InvalidInput("--batch pays installments in full: no --amount or --installment")
        receipts = payments.pay_installments(
            s.actor(), refs, date=date, method=method, note=note_, now=now
        )
    else:
        if len(refs) != 1:
            raise InvalidInput("give one order (or use --batch ORDER/N …)")
        if amount is None:
            raise InvalidInput("give the amount received: --amount X")
        receipts = payments.record_payment(
            s.actor(), refs[0], amount, installment=installment, date=date, method=method,
            note=note_, now=now,
        )  # fmt: skip
    total = sum(r.amount for r in receipts)
    note("Recorded {count} receipt(s), {total:.2f} in all.", count=len(receipts), total=total)
    show_records(s, [r.to_dict() for r in receipts], fmt, fields, COLUMNS)
