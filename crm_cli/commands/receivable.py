"""`crm receivable …`: who owes what (PAY-2), and the dunning letter (催缴单)."""

import contextlib
import sys
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from crm_cli.commands import _complete, _terms
from crm_cli.commands._common import (
    AsOfOpt,
    FieldsOpt,
    FormatOpt,
    LimitOpt,
    OffsetOpt,
    check_fields,
    fail,
    note,
    session,
    stream_records,
    today_or,
)
from crm_cli.i18n import N_
from crm_cli.store.core.errors import InvalidInput
from crm_cli.store.core.listing import Page
from crm_cli.store.sales.order_records import CustomerBalance, DunningLetter, Receivable

if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import TextIO

    from crm_cli.commands._documents import Document

app = typer.Typer(
    help="Receivables: balances owed per order and customer, dunning letters, ledger export."
)
Opt = typer.Option
COLUMNS = ("order", "customer", "customer_name", "total", "received", "balance", "next_due",
           "overdue", "days_overdue", "owner")  # fmt: skip
BY_CUSTOMER = ("customer", "customer_name", "orders", "total", "received", "balance", "overdue",
               "days_overdue", "owner")  # fmt: skip


@app.command("list", cls=_terms.TermsCommand)
def list_(
    ctx: typer.Context,
    terms: _terms.TermsArg = None,
    customer: Annotated[
        str | None,
        Opt("--customer", "-c", help="Only this customer's.", autocompletion=_complete.customers),
    ] = None,
    overdue: Annotated[bool, Opt("--overdue", help="Only orders with money overdue.")] = False,
    by_customer: Annotated[
        bool, Opt("--by-customer", help="One line per customer, largest balance owed first.")
    ] = False,
    limit: LimitOpt = None,
    offset: OffsetOpt = 0,
    as_of: AsOfOpt = None,
    fmt: FormatOpt = None,
    fields: FieldsOpt = None,
) -> None:
    """Approved orders that still owe money, oldest receivable date first, with what is
    overdue as of today or --as-of.

    Overdue: installments due before the day and not fully paid (for an order without a
    plan, its balance once its due date has passed); days_overdue counts from the oldest.

    Terms (per order; with --by-customer, the orders each customer's line sums):
    order, subject, notes, customer, city, level, owner (me), total, received,
    balance (= owed), signed, due, created; tags +overdue, +mine.

    Example: crm receivable list +overdue owed.over:1万 owner:me --as-of 2026-12-31
    """
    from crm_cli.store.sales import balances, receivables

    s = session(ctx)
    now = today_or(as_of)
    chosen = _terms.checked(s, terms, "receivable")
    if by_customer:
        check_fields(fields, CustomerBalance._fields)
        sums = balances.iter_balances(
            s.actor(), customer=customer, overdue=overdue, page=Page(limit, offset), now=now,
            terms=chosen,
        )  # fmt: skip
        rows = (b.to_dict() for b in sums)
        stream_records(s, rows, fmt, fields, BY_CUSTOMER, empty=N_("Nothing is owed."))
        return
    check_fields(fields, Receivable._fields)
    found = receivables.iter_receivables(
        s.actor(), customer=customer, overdue=overdue, page=Page(limit, offset), now=now,
        terms=chosen,
    )  # fmt: skip
    stream_records(
        s, (r.to_dict() for r in found), fmt, fields, COLUMNS, empty=N_("Nothing is owed.")
    )


@app.command("letter")
def letter(
    ctx: typer.Context,
    customer: Annotated[str, typer.Argument(help="Customer code, id or exact name.")],
    fmt: Annotated[str, Opt("--format", "-f", help="text, markdown or html.")] = "text",
    output: Annotated[Path | None, Opt("--output", "-o", help="Write to this file.")] = None,
    as_of: AsOfOpt = None,
) -> None:
    """Print a dunning letter (催缴单): the customer's open amounts and the total owed.

    Example: crm receivable letter C000042 --format html --output letter.html
    """
    from crm_cli.commands._documents import DOCUMENT_FORMATS, render
    from crm_cli.store.sales import receivables
    from crm_cli.store.sales import settings as sales_settings

    chosen = fmt.strip().lower()
    if chosen not in DOCUMENT_FORMATS:
        raise InvalidInput(
            "unknown format {fmt!r}; choose one of: {names}",
            fmt=fmt, names=", ".join(DOCUMENT_FORMATS),
        )  # fmt: skip
    actor = session(ctx).actor()
    data = receivables.dunning_letter(actor, customer, now=today_or(as_of))
    text = render(_document(data, sales_settings.letterhead(actor)), chosen)
    if output is None:
        sys.stdout.write(text)
        return
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise InvalidInput(
            "cannot write {output!r}: {value}", output=str(output), value=str(exc.strerror or exc)
        ) from None
    note("Wrote {output}.", output=output)


@app.command("export")
def export(
    ctx: typer.Context,
    hledger: Annotated[bool, Opt("--hledger", help="Write an hledger journal.")] = False,
    beancount: Annotated[bool, Opt("--beancount", help="Write a beancount file.")] = False,
    output: Annotated[
        Path | None, Opt("--output", "-o", help="Write to this file (- for stdout).")
    ] = None,
    as_of: AsOfOpt = None,
) -> None:
    """Write the receivables as plain-text accounting: each approved order owed, each
    receipt paid, dated up to today or --as-of, on one account per customer
    (assets:receivable:C000042), so `hledger bal assets:receivable` shows what each owes.

    Example: crm receivable export --hledger --as-of 2026-12-31 -o receivables.journal
    """
    from crm_cli.commands._ledger import write_ledger
    from crm_cli.store.sales import ledger

    if hledger == beancount:
        fail("choose one of --hledger or --beancount", 2)
    kind = "hledger" if hledger else "beancount"
    day = today_or(as_of).date()
    entries = ledger.iter_ledger(session(ctx).actor(), as_of=day)
    if output is None or str(output) == "-":
        write_ledger(kind, entries, day, sys.stdout)
        return
    count = _write_file(output, lambda out: write_ledger(kind, entries, day, out))
    note("Wrote {count} transactions to {output}.", count=count, output=output)


def _write_file(path: Path, write: "Callable[[TextIO], int]") -> int:
    """Write through a temporary file beside ``path``: a failure halfway leaves no
    half-written ledger where a complete one is expected."""
    if not path.name:
        raise InvalidInput("cannot write {output!r}: give a file name", output=str(path))
    partial = path.with_name(f".{path.name}.partial")
    try:
        with partial.open("w", encoding="utf-8") as out:
            count = write(out)
        partial.replace(path)  # onto a directory: IsADirectoryError, an OSError
    except BaseException as exc:
        with contextlib.suppress(OSError):  # the cause is what the user must see
            partial.unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise InvalidInput(
                "cannot write {output!r}: {value}", output=str(path), value=str(exc.strerror or exc)
            ) from None
        raise
    return count


def _money(value: Decimal) -> str:
    return f"{value:,.2f}"


def _document(data: DunningLetter, sender: list[tuple[str, str]]) -> "Document":
    from crm_cli.commands._documents import Document, amount_in_chinese

    meta = [*sender, ("客户 Customer", f"{data.customer_name} ({data.customer})")]
    meta += [(label, value) for label, value in (
        ("地址 Address", data.address), ("电话 Phone", data.phone),
        ("联系人 Contact", data.contact),
    ) if value]  # fmt: skip
    meta += [("日期 Date", data.as_of.isoformat()), ("经办人 Handler", data.owner_name)]
    rows = [
        [x.order, x.subject, str(x.installment or ""), x.due.isoformat() if x.due else "",
         _money(x.amount), _money(x.received), _money(x.open),
         str(x.days_overdue) if x.days_overdue else ""]
        for x in data.items
    ]  # fmt: skip
    totals = [
        ("逾期 Overdue", _money(data.overdue)),
        ("合计欠款 Total owed", _money(data.total_owed)),
        ("大写 In words", amount_in_chinese(data.total_owed)),
    ]
    notes = (
        ["请于收到本通知后尽快安排付款。Please arrange payment of the amounts above at your "
         "earliest convenience. 如已付款，请忽略本通知。If you have already paid, please "
         "disregard this notice."]
        if data.items
        else ["贵司目前无欠款。Nothing is owed at this date. 谢谢合作！"]
    )  # fmt: skip
    return Document(
        title=f"催缴单 Payment Reminder {data.customer}",
        meta=meta,
        columns=[
            "订单 Order",
            "主题 Subject",
            "期次 No.",
            "到期 Due",
            "金额 Amount",
            "已收 Received",
            "欠款 Open",
            "逾期天数 Days late",
        ],
        rows=rows,
        right=[False, False, True, False, True, True, True, True],
        totals=totals,
        notes=notes,
    )
