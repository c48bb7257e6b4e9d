"""`crm product …`: the product catalogue (PRD-1)."""

from typing import Annotated, Any

import typer

from crm_cli.commands import _complete, _terms, export_cmd
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
)
from crm_cli.commands._import_run import (
    DryRunOpt,
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
from crm_cli.store.sales import products

app = typer.Typer(help="Products: the catalogue quotes and orders are priced from.")

COLUMNS = ("code", "name", "category", "subcategory", "unit", "price", "cost", "annual_fee")
Opt = typer.Option
TaxRate = Annotated[
    str | None,
    Opt("--tax-rate", help="VAT % (13, 9, 6, 0 …); empty: the team's tax.rate."),
]
Text = Annotated[str | None, Opt()]
Money = Annotated[str | None, Opt(help="An amount like 1234.50.")]


def _values(**values: Any) -> dict[str, Any]:
    return given(**values)


@app.command("add")
def add(
    ctx: typer.Context,
    code: Annotated[str, typer.Argument(help="Your product code (stored upper-case).")],
    name: Annotated[str, typer.Argument(help="Product name.")],
    price: Annotated[str, Opt("--price", help="List (guide) price.")],
    cost: Money = None,
    category: Text = None,
    subcategory: Text = None,
    unit: Annotated[str | None, Opt(help="台, 套, box, hour …")] = None,
    annual_fee: Annotated[str | None, Opt(help="Yearly service fee, if it carries one.")] = None,
    tax_rate: TaxRate = None,
    notes: Text = None,
    fmt: FormatOpt = None,
    fields: FieldsOpt = None,
) -> None:
    """Add a product (admins and managers).

    Example: crm product add ERP-STD 东山ERP标准版 --price 12800 --cost 3000 --category 软件
    --unit 套 --annual-fee 1800 --tax-rate 13
    """
    check_fields(fields, products.Product._fields)
    s = session(ctx)
    values = _values(
        price=price, cost=cost, category=category, subcategory=subcategory, unit=unit,
        annual_fee=annual_fee, tax_rate=tax_rate, notes=notes,
    )  # fmt: skip
    record = products.add_product(s.actor(), code, name, values)
    show_record(s, record.to_dict(), fmt, fields)


@app.command("list", cls=_terms.TermsCommand)
def list_(
    ctx: typer.Context,
    terms: _terms.TermsArg = None,
    category: Annotated[str | None, Opt(help="Only this category or sub-category.")] = None,
    search: Annotated[
        str | None, Opt("--search", "-s", help="Text in code, name or category.")
    ] = None,
    deleted: Annotated[bool, Opt(help="Deleted products instead.")] = False,
    limit: LimitOpt = None,
    offset: OffsetOpt = 0,
    fmt: FormatOpt = None,
    fields: FieldsOpt = None,
) -> None:
    """Products by code.

    Terms: code, name, category, subcategory, unit, notes, price, cost, fee
    (annual fee), created; tag +fee.

    Example: crm product list category:软件 price.under:5000 -f csv
    """
    s = session(ctx)
    found = products.iter_products(
        s.actor(), category=category, search=search, deleted=deleted, page=Page(limit, offset),
        terms=_terms.checked(s, terms, "product"),
    )  # fmt: skip
    stream_records(s, (r.to_dict() for r in found), fmt, fields, COLUMNS, empty=N_("No products."))


@app.command("show")
def show(
    ctx: typer.Context,
    ref: Annotated[
        str, typer.Argument(help="Product code or id.", autocompletion=_complete.products)
    ],
    fmt: FormatOpt = None,
    fields: FieldsOpt = None,
) -> None:
    """One product.

    Example: crm product show ERP-STD
    """
    s = session(ctx)
    show_record(s, products.get_product(s.actor(), ref).to_dict(), fmt, fields)


@app.command("edit")
def edit(
    ctx: typer.Context,
    ref: Annotated[
        str, typer.Argument(help="Product code or id.", autocompletion=_complete.products)
    ],
    name: Text = None,
    price: Money = None,
    cost: Annotated[str | None, Opt(help="Cost price; empty clears it.")] = None,
    category: Text = None,
    subcategory: Text = None,
    unit: Text = None,
    annual_fee: Annotated[str | None, Opt(help="Yearly service fee; empty clears it.")] = None,
    tax_rate: TaxRate = None,
    notes: Text = None,
    fmt: FormatOpt = None,
    fields: FieldsOpt = None,
) -> None:
    """Change a product; quotes and orders already written keep their prices and VAT rates.

    Example: crm product edit ERP-STD --price 11800 --tax-rate 9
    """
    check_fields(fields, products.Product._fields)
    s = session(ctx)
    values = _values(
        name=name, price=price, cost=cost, category=category, subcategory=subcategory,
        unit=unit, annual_fee=annual_fee, tax_rate=tax_rate, notes=notes,
    )  # fmt: skip
    show_record(s, products.edit_product(s.actor(), ref, values).to_dict(), fmt, fields)


@app.command("delete")
def delete(ctx: typer.Context, ref: str, yes: YesOpt = False) -> None:
    """Delete a product: new lines cannot use it; existing quotes and orders keep it.

    Example: crm product delete ERP-OLD --yes
    """
    actor = session(ctx).actor()
    if not confirm("Delete product {ref}?", ref=ref, yes=yes):
        raise typer.Exit(1)
    row = products.delete_product(actor, ref)
    note("Deleted product {code} {name}.", code=row.code, name=row.name)


@app.command("restore")
def restore(ctx: typer.Context, ref: str, fmt: FormatOpt = None, fields: FieldsOpt = None) -> None:
    """Bring a deleted product back.

    Example: crm product restore ERP-OLD
    """
    s = session(ctx)
    check_fields(fields, products.Product._fields)
    show_record(s, products.restore_product(s.actor(), ref).to_dict(), fmt, fields)


IMPORT_COLUMNS = ("row", "action", "code", "name", "category", "unit", "price")
UpdateOpt = Annotated[bool, Opt(help="Update products whose code exists (--on-duplicate update).")]


@app.command("import")
def import_(
    ctx: typer.Context,
    file: FileArg,
    update: UpdateOpt = False,
    dry_run: DryRunOpt = False,
    on_duplicate: DuplicateOpt = "fail",
    rejects: RejectsOpt = None,
    mapping: MapOpt = None,
    encoding: EncodingOpt = None,
    sheet: SheetOpt = None,
    ignore_unknown: IgnoreOpt = False,
    fmt: FormatOpt = None,
    fields: FieldsOpt = None,
) -> None:
    """Import products, all or nothing; headers in English or Chinese (`crm import
    products`, printing each product's values).

    Columns: code/编码, name/名称, category/类别, subcategory/子类别, unit/单位,
    price/单价, cost/成本价, annual_fee/年服务费, notes/备注. CSV may be UTF-8
    or GBK (as Excel saves it). Any bad row: nothing is imported, the first
    problems are listed (exit 1) and --rejects FILE lists every rejected row.
    Existing codes are refused (exit 3) unless --update. Each import is a batch
    that `crm import undo` takes back.

    Example: crm product import products.csv --update
    """
    from crm_cli.commands._imports import done_line, product_rows, run_noun_import, with_update

    check_fields(fields, ("row", "action", *products.Product._fields))
    s = session(ctx)
    options = with_update(locals().copy())
    summary = run_noun_import(s, "products", file, options, product_rows, fmt=fmt, fields=fields,
                              columns=IMPORT_COLUMNS)  # fmt: skip
    note(done_line(summary, "product"))


# `crm product export` is `crm export products`.
app.command("export", cls=_terms.TermsCommand)(export_cmd.products)
