"""`crm export customers|contacts|products|quotes|opportunities|orders|receipts`: the
records a list would show, as a file that `crm import` reads back unchanged (CSV, XLSX,
JSON Lines; contacts also vCard). What the commands share is in ``_export_run``.

The same commands are `crm customer export`, `crm contact export`, `crm product export`,
`crm quote export`, `crm opportunity export` and `crm order export`. Loaded with every
`crm customer …` command, so the store's export modules and openpyxl load only inside.
"""

from typing import Annotated

import typer

from crm_cli.commands import _export_run as run
from crm_cli.commands import _terms
from crm_cli.commands._common import session
from crm_cli.commands._export_run import (
    CustomerOpt,
    EncodingOpt,
    ExcelOpt,
    FieldsOpt,
    FormatOpt,
    OutputOpt,
    SavedOpt,
    SearchOpt,
    Text,
    WhereOpt,
)

app = typer.Typer(help="Export customers, contacts and sales records (CSV, XLSX, JSON Lines, "
                  "vCard).")  # fmt: skip
Opt = typer.Option


@app.command("customers", cls=_terms.TermsCommand)
def customers(
    ctx: typer.Context,
    terms: _terms.TermsArg = None,
    search: SearchOpt = None,
    status: Text = None,
    owner: Text = None,
    where: WhereOpt = None,
    saved: SavedOpt = None,
    sort: Annotated[str | None, Opt(help="As in customer list; default: code.")] = None,
    fmt: FormatOpt = None,
    output: OutputOpt = None,
    excel: ExcelOpt = False,
    encoding: EncodingOpt = None,
    fields: FieldsOpt = None,
) -> None:
    """Export the customers you may see (filters as in `crm customer list`), in code order.

    Headers are those `crm import customers` reads (客户编号, 客户名称, 电话 …; custom fields
    by label), so the file imports back unchanged. Balances and other derived fields only
    with --fields.

    Example: crm export customers city:深圳 +owed --output 深圳客户.xlsx
    """
    plan = run.plan("customer", fmt, output, excel, encoding)
    from crm_cli.store.exports import columns, rows

    actor = session(ctx).actor()
    flt, sort = run.customer_filter(actor, search, status, owner, where, saved, sort)
    flt = _terms.customers(session(ctx), flt, terms)
    chosen = columns.customer_columns(run.names(fields))
    read = rows.customer_csv_rows if plan[0] == "csv" else rows.customer_rows
    run.export(plan, chosen, read(actor, chosen, flt, sort=sort))


@app.command("contacts", cls=_terms.TermsCommand)
def contacts(
    ctx: typer.Context,
    customer: Annotated[
        str | None,
        typer.Argument(help="Only this customer's (one that reads as a term is a term)."),
    ] = None,
    terms: _terms.TermsArg = None,
    search: SearchOpt = None,
    status: Text = None,
    owner: Text = None,
    where: WhereOpt = None,
    saved: SavedOpt = None,
    fmt: FormatOpt = None,
    output: OutputOpt = None,
    excel: ExcelOpt = False,
    encoding: EncodingOpt = None,
    fields: FieldsOpt = None,
) -> None:
    """Export the contacts of the customers you may see, oldest first.

    The options pick customers as in `crm customer list`; the terms are those of `crm
    contact list`. vcf writes vCard 3.0 (one file, many cards) for phones and address books.

    Example: crm export contacts customer.city:深圳 email.not: -o 联系人.vcf
    """
    plan = run.plan("contact", fmt, output, excel, encoding)
    from crm_cli.store.exports import columns, rows

    s = session(ctx)
    actor = s.actor()
    flt, _ = run.customer_filter(actor, search, status, owner, where, saved, None)
    customer, terms = _terms.leading_term(customer, terms)
    found = _terms.checked(s, terms, "contact")
    # A card needs the contact's code and name, and its customer's name and code.
    chosen = columns.contact_columns(None if plan[0] == "vcf" else run.names(fields))
    run.export(plan, chosen, rows.contact_rows(actor, customer, flt, terms=found))


@app.command("opportunities", cls=_terms.TermsCommand)
def opportunities(
    ctx: typer.Context,
    terms: _terms.TermsArg = None,
    customer: CustomerOpt = None,
    status: Annotated[str | None, Opt(help="open, won or lost.")] = None,
    owner: Annotated[str | None, Opt(help="Only this owner's (login).")] = None,
    fmt: FormatOpt = None,
    output: OutputOpt = None,
    excel: ExcelOpt = False,
    encoding: EncodingOpt = None,
    fields: FieldsOpt = None,
) -> None:
    """Export the opportunities you may see (filters as in `crm opportunity list`), in code
    order, with the headers `crm import opportunities` reads (商机编号, 商机名称, 预计金额 …).

    Example: crm export opportunities --status open -o 商机.xlsx
    """
    plan = run.plan("opportunity", fmt, output, excel, encoding)
    from crm_cli.store.exports import opportunities as ex

    s = session(ctx)
    found = ex.opportunity_rows(s.actor(), customer=customer, status=status, owner=owner,
                                terms=_terms.opportunities(s, terms))  # fmt: skip
    run.export(plan, ex.opportunity_columns(run.names(fields)), found)


@app.command("orders", cls=_terms.TermsCommand)
def orders(
    ctx: typer.Context,
    terms: _terms.TermsArg = None,
    customer: CustomerOpt = None,
    status: Annotated[str | None, Opt(help="draft, submitted, approved …")] = None,
    kind: Annotated[str | None, Opt(help="sale or service_fee.")] = None,
    fmt: FormatOpt = None,
    output: OutputOpt = None,
    excel: ExcelOpt = False,
    encoding: EncodingOpt = None,
    fields: FieldsOpt = None,
) -> None:
    """Export the orders you may see (filters as in `crm order list`), one row per line,
    in code order; `crm import orders` groups the rows back by 订单编号. Terms as in `crm
    order list`.

    Example: crm export orders status:approved +owed --excel -o 订单.csv
    """
    plan = run.plan("order line", fmt, output, excel, encoding)  # "Exported 7 order lines"
    from crm_cli.store.exports import orders as ex

    s = session(ctx)
    found = ex.order_rows(s.actor(), customer=customer, status=status, kind=kind,
                          terms=_terms.checked(s, terms, "order"))  # fmt: skip
    run.export(plan, ex.order_columns(run.names(fields)), found)


@app.command("receipts", cls=_terms.TermsCommand)
def receipts(
    ctx: typer.Context,
    terms: _terms.TermsArg = None,
    customer: CustomerOpt = None,
    order: Annotated[str | None, Opt("--order", help="Only this order's.")] = None,
    fmt: FormatOpt = None,
    output: OutputOpt = None,
    excel: ExcelOpt = False,
    encoding: EncodingOpt = None,
    fields: FieldsOpt = None,
) -> None:
    """Export the receipts (收款单) of the orders you may see, in code order, with the
    headers `crm import receipts` reads (收款单号, 订单编号, 收款金额, 期数 …).

    Terms: code, method, note, amount, paid (= date), user (who recorded it),
    order, owner (the order's; me), customer, city, level; tag +mine.

    Example: crm export receipts paid.since:2026-11-01 owner:me -f jsonl
    """
    plan = run.plan("receipt", fmt, output, excel, encoding)
    from crm_cli.store.exports import receipts as ex

    s = session(ctx)
    found = ex.receipt_rows(s.actor(), customer=customer, order=order,
                            terms=_terms.checked(s, terms, "receipt"))  # fmt: skip
    run.export(plan, ex.receipt_columns(run.names(fields)), found)


@app.command("products", cls=_terms.TermsCommand)
def products(
    ctx: typer.Context,
    terms: _terms.TermsArg = None,
    category: Annotated[str | None, Opt(help="Only this category or sub-category.")] = None,
    search: SearchOpt = None,
    deleted: Annotated[bool, Opt(help="Deleted products instead.")] = False,
    fmt: FormatOpt = None,
    output: OutputOpt = None,
    excel: ExcelOpt = False,
    encoding: EncodingOpt = None,
    fields: FieldsOpt = None,
) -> None:
    """Export products (filters as in `crm product list`) in code order, with the headers
    `crm import products` reads (产品编码, 产品名称, 单价 …). Terms as in `crm product list`.

    Example: crm export products category:软件 price.under:5000 -o 产品.xlsx
    """
    plan = run.plan("product", fmt, output, excel, encoding)
    from crm_cli.store.exports import products as ex

    s = session(ctx)
    found = ex.product_rows(s.actor(), category=category, search=search, deleted=deleted,
                            terms=_terms.checked(s, terms, "product"))  # fmt: skip
    run.export(plan, ex.product_columns(run.names(fields)), found)


@app.command("quotes", cls=_terms.TermsCommand)
def quotes(
    ctx: typer.Context,
    terms: _terms.TermsArg = None,
    customer: CustomerOpt = None,
    audited: Annotated[bool | None, Opt("--audited/--unaudited", help="Audited or not.")] = None,
    deleted: Annotated[bool, Opt(help="Deleted quotes instead.")] = False,
    fmt: FormatOpt = None,
    output: OutputOpt = None,
    excel: ExcelOpt = False,
    encoding: EncodingOpt = None,
    fields: FieldsOpt = None,
) -> None:
    """Export the quotes you may see (filters as in `crm quote list`), one row per line, in
    code order; `crm import quotes` groups the rows back by 报价单编码. Terms as in `crm
    quote list`.

    Example: crm export quotes customer:C000042 -expired --excel -o 报价.csv
    """
    plan = run.plan("quote line", fmt, output, excel, encoding)  # "Exported 5 quote lines"
    from crm_cli.store.exports import quotes as ex

    s = session(ctx)
    found = ex.quote_rows(s.actor(), customer=customer, audited=audited, deleted=deleted,
                          terms=_terms.checked(s, terms, "quote"))  # fmt: skip
    run.export(plan, ex.quote_columns(run.names(fields)), found)
