"""`crm quote …`: quotes (报价单, QUO-1): lines, totals, audit, print and import."""

from pathlib import Path
from typing import Annotated, Any

import typer

from crm_cli.commands import _complete, _terms, export_cmd
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
    show_records,
    stream_records,
    today_or,
)
from crm_cli.commands._import_run import (
    DuplicateOpt,
    EncodingOpt,
    FileArg,
    IgnoreOpt,
    MapOpt,
    RejectsOpt,
    SheetOpt,
)
from crm_cli.i18n import N_
from crm_cli.store.core.listing import Page
from crm_cli.store.sales import quotes
from crm_cli.store.sales import settings as sales_settings

app = typer.Typer(help="Quotes: lines priced from products and price books, audit, print, import.")

COLUMNS = ("code", "ref", "customer", "customer_name", "subject", "valid_until", "total", "audited")
LINE_COLUMNS = ("position", "product", "product_name", "unit", "quantity", "unit_price",
                "discount", "tax_rate", "tax", "amount")  # fmt: skip
Opt = typer.Option
Lines = Annotated[
    list[str] | None,
    Opt("--line", "-l", help="PRODUCT:QTY[:PRICE[:DISCOUNT%]]; repeat for each line."),
]
ValidUntil = Annotated[str | None, Opt(help="Last day the offer holds (not before today).")]
Contact = Annotated[str | None, Opt(help="The customer's contact, by name or code.")]
Handler = Annotated[str | None, Opt(help="Login of the user handling it (default: you).")]
TaxRate = Annotated[
    str | None,
    Opt("--tax-rate", help="VAT % of every line, e.g. 13 (default: the product's, else tax.rate)."),
]


def _show(s: Any, quote: quotes.Quote, fmt: str | None, fields: str | None) -> None:
    """JSON: the quote with its lines; table/plain: the quote, then its lines; else the lines."""
    chosen = s.format(fmt)
    data = quote.to_dict()
    if chosen == "json" or fields:
        show_record(s, data, fmt, fields)
        return
    lines = data.pop("lines", [])
    if chosen in ("table", "plain"):
        data["orders"] = ", ".join(data.get("orders", ()))
        show_record(s, data, fmt, None)
        note("")
    show_records(s, lines, fmt, None, LINE_COLUMNS)


@app.command("add")
def add(
    ctx: typer.Context,
    customer: Annotated[
        str,
        typer.Argument(help="Customer code, id or exact name.", autocompletion=_complete.customers),
    ],
    line: Lines = None,
    subject: Annotated[str | None, Opt(help="What the quote is for.")] = None,
    contact: Contact = None,
    valid_until: ValidUntil = None,
    pricebook: Annotated[
        str | None, Opt(help="Price book (default: the customer group's).")
    ] = None,
    handler: Handler = None,
    notes: Annotated[str | None, Opt()] = None,
    tax_rate: TaxRate = None,
    as_of: AsOfOpt = None,
    fmt: FormatOpt = None,
    fields: FieldsOpt = None,
) -> None:
    """Add a quote. A line's price is its own, else the price book's, else the list price.

    Each line keeps its VAT rate (the product's, else the team's tax.rate, or --tax-rate);
    prices include VAT unless the team setting tax.prices_include is false.

    Example: crm quote add C000042 --subject 年度采购 --valid-until +30d
    --line ERP-STD:2 --line SVC-IMPL:10:800:5%
    """
    check_fields(fields, (*quotes.Quote._fields, *LINE_COLUMNS, "amount_excl_tax"))
    s = session(ctx)
    values = given(subject=subject, contact=contact, valid_until=valid_until, handler=handler,
                   notes=notes)  # fmt: skip
    record = quotes.add_quote(s.actor(), customer, line or [], values, pricebook=pricebook,
                              tax_rate=tax_rate, now=today_or(as_of))  # fmt: skip
    _show(s, record, fmt, fields)


@app.command("list", cls=_terms.TermsCommand)
def list_(
    ctx: typer.Context,
    terms: _terms.TermsArg = None,
    customer: Annotated[str | None, Opt(help="Only this customer's quotes.")] = None,
    audited: Annotated[
        bool | None, Opt("--audited/--unaudited", help="Only audited or not.")
    ] = None,
    deleted: Annotated[bool, Opt(help="Deleted quotes instead.")] = False,
    limit: LimitOpt = None,
    offset: OffsetOpt = 0,
    fmt: FormatOpt = None,
    fields: FieldsOpt = None,
) -> None:
    """Quotes you may see (their customer's visibility), newest first.

    Terms: code, ref, subject, notes, total, valid (valid until), created,
    handler (me), customer, city, level; tags +expired, +audited, +mine,
    +ordered.

    Example: crm quote list valid.before:+7d -expired -ordered handler:me
    """
    s = session(ctx)
    rows = quotes.iter_quotes(
        s.actor(), customer=customer, audited=audited, deleted=deleted, page=Page(limit, offset),
        terms=_terms.checked(s, terms, "quote"),
    )  # fmt: skip
    stream_records(s, (q.to_dict() for q in rows), fmt, fields, COLUMNS, empty=N_("No quotes."))


@app.command("show")
def show(
    ctx: typer.Context,
    ref: Annotated[str, typer.Argument(help="Quote code, id or imported reference.")],
    fmt: FormatOpt = None,
    fields: FieldsOpt = None,
) -> None:
    """One quote and its lines (csv/tsv/jsonl/markdown print the lines alone).

    Example: crm quote show Q000012
    """
    s = session(ctx)
    _show(s, quotes.get_quote(s.actor(), ref), fmt, fields)


@app.command("edit")
def edit(
    ctx: typer.Context,
    ref: Annotated[str, typer.Argument(help="Quote code, id or imported reference.")],
    line: Annotated[
        list[str] | None, Opt("--line", "-l", help="Replace ALL lines; repeat for each line.")
    ] = None,
    subject: Annotated[str | None, Opt()] = None,
    contact: Annotated[str | None, Opt(help="Contact name or code; empty for none.")] = None,
    valid_until: ValidUntil = None,
    handler: Handler = None,
    notes: Annotated[str | None, Opt()] = None,
    tax_rate: TaxRate = None,
    as_of: AsOfOpt = None,
    fmt: FormatOpt = None,
    fields: FieldsOpt = None,
) -> None:
    """Change a quote; --line replaces every line, --tax-rate puts every line (the new
    ones, else the existing ones) at that VAT rate. Audited quotes are locked (exit 3).

    Example: crm quote edit Q000012 --valid-until 2026-12-31 --line ERP-STD:3
    """
    check_fields(fields, (*quotes.Quote._fields, *LINE_COLUMNS, "amount_excl_tax"))
    s = session(ctx)
    values = given(subject=subject, contact=contact, valid_until=valid_until, handler=handler,
                   notes=notes)  # fmt: skip
    record = quotes.edit_quote(s.actor(), ref, values, line, tax_rate=tax_rate,
                               now=today_or(as_of))  # fmt: skip
    _show(s, record, fmt, fields)


@app.command("delete")
def delete(ctx: typer.Context, ref: str, yes: YesOpt = False) -> None:
    """Delete a quote (kept in the log); not while audited or the source of a live order.

    Example: crm quote delete Q000012 --yes
    """
    actor = session(ctx).actor()
    if not confirm("Delete quote {ref}?", ref=ref, yes=yes):
        raise typer.Exit(1)
    record = quotes.delete_quote(actor, ref)
    note("Deleted quote {code}.", code=record.code)


@app.command("audit")
def audit(ctx: typer.Context, ref: str, fmt: FormatOpt = None, fields: FieldsOpt = None) -> None:
    """Audit (审核) a quote: locked until un-audited. Managers of the owner and admins.

    Example: crm quote audit Q000012
    """
    check_fields(fields, quotes.Quote._fields)
    s = session(ctx)
    show_record(s, _header(quotes.audit_quote(s.actor(), ref)), fmt, fields)


@app.command("unaudit")
def unaudit(ctx: typer.Context, ref: str, fmt: FormatOpt = None, fields: FieldsOpt = None) -> None:
    """Take the audit back, so the quote can be changed again.

    Example: crm quote unaudit Q000012
    """
    check_fields(fields, quotes.Quote._fields)
    s = session(ctx)
    show_record(s, _header(quotes.unaudit_quote(s.actor(), ref)), fmt, fields)


def _header(quote: quotes.Quote) -> dict[str, Any]:
    data = quote.to_dict()
    data.pop("lines", None)
    return data


@app.command("print")
def print_(
    ctx: typer.Context,
    ref: Annotated[str, typer.Argument(help="Quote code, id or imported reference.")],
    fmt: Annotated[str, Opt("--format", "-f", help="text, markdown, html or xlsx.")] = "text",
    output: Annotated[Path | None, Opt("--output", "-o", help="Write to this file.")] = None,
) -> None:
    """Print a quote as a document for the customer: our company, the lines with their VAT,
    totals excluding VAT, the VAT and including it (also in Chinese capitals).

    xlsx is the 报价单 workbook Chinese customers expect: give --output FILE (or pipe it).

    Example: crm quote print Q000012 --format xlsx --output Q000012.xlsx
    """
    from crm_cli.commands._quote_output import check_format, write_quote

    chosen = check_format(fmt, output)
    actor = session(ctx).actor()
    data = quotes.quote_document(actor, ref)
    if write_quote(data, sales_settings.letterhead(actor), chosen, output):
        note("Wrote {output}.", output=output)


IMPORT_COLUMNS = ("code", "ref", "customer", "customer_name", "lines", "total")


@app.command("import")
def import_(
    ctx: typer.Context,
    file: FileArg,
    dry_run: Annotated[bool, Opt(help="Check the file and show the quotes it would make.")] = False,
    on_duplicate: DuplicateOpt = "fail",
    rejects: RejectsOpt = None,
    mapping: MapOpt = None,
    encoding: EncodingOpt = None,
    sheet: SheetOpt = None,
    ignore_unknown: IgnoreOpt = False,
    fmt: FormatOpt = None,
    fields: FieldsOpt = None,
) -> None:
    """Import quotes, one row per line item; rows sharing a quote reference form one quote
    (`crm import quotes`, printing each quote's lines and total).

    Columns, in English or Chinese: quote/报价单号 (the reference), customer/客户 (code or
    exact name), product/产品 (code), quantity/数量; optional: price/单价 (empty: price book
    or list price), discount/折扣 (10%, 9折), subject/主题, valid_until/有效期,
    contact/联系人, notes/备注. CSV in UTF-8 (BOM or not) or GBK/GB18030 as Excel saves it.

    All or nothing: on any bad value nothing is imported and the first problems are
    listed as "row N, column C: bad value 'V' (reason)" (exit 1); --rejects FILE lists
    every rejected row. Unknown customers and products are errors, never created. A
    reference a live quote has is a duplicate (exit 3) unless --on-duplicate says skip
    or update.

    Example: crm quote import quotes.xlsx --dry-run
    """
    from crm_cli.commands._imports import QuoteRows, done_line, run_noun_import

    check_fields(fields, ("action", *QuoteRows.fields()))
    s = session(ctx)
    details = QuoteRows()
    options = dict(locals())
    summary = run_noun_import(s, "quotes", file, options, details, fmt=fmt, fields=fields,
                              columns=IMPORT_COLUMNS)  # fmt: skip
    note(done_line(summary, "quote", f" ({details.lines} lines)"))


# `crm quote export` is `crm export quotes`.
app.command("export", cls=_terms.TermsCommand)(export_cmd.quotes)
