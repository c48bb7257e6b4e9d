"""`crm pricebook …`: price lists per customer group (PRD-1)."""

from typing import Annotated

import typer

from crm_cli.commands import _terms
from crm_cli.commands._common import (
    FieldsOpt,
    FormatOpt,
    YesOpt,
    check_fields,
    confirm,
    note,
    session,
    show_record,
    show_records,
)
from crm_cli.i18n import N_
from crm_cli.store.sales import pricebooks

app = typer.Typer(
    help="Price books: a price list per customer group; quote lines take prices from them."
)

COLUMNS = ("name", "group", "products", "created_at")
ENTRY_COLUMNS = ("product", "product_name", "unit", "list_price", "price")
Group = Annotated[
    str | None,
    typer.Option(help="The customer level (e.g. A or VIP) whose quotes use this book."),
]


@app.command("add")
def add(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="A unique name.")],
    group: Group = None,
    fmt: FormatOpt = None,
    fields: FieldsOpt = None,
) -> None:
    """Add an empty price book (admins and managers); one book per customer group.

    Example: crm pricebook add 代理商价 --group VIP
    """
    check_fields(fields, pricebooks.PriceBook._fields)
    s = session(ctx)
    record = pricebooks.add_pricebook(s.actor(), name, group or "")
    show_record(s, record.to_dict(), fmt, fields)


@app.command("set")
def set_(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="Price book name.")],
    product: Annotated[str, typer.Argument(help="Product code.")],
    price: Annotated[str, typer.Argument(help="The price in this book.")],
    fmt: FormatOpt = None,
    fields: FieldsOpt = None,
) -> None:
    """Set a product's price in a book.

    Example: crm pricebook set 代理商价 ERP-STD 9800
    """
    s = session(ctx)
    check_fields(fields, pricebooks.PriceEntry._fields)
    record = pricebooks.set_price(s.actor(), name, product, price)
    show_record(s, record.to_dict(), fmt, fields)


@app.command("unset")
def unset(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="Price book name.")],
    product: Annotated[str, typer.Argument(help="Product code.")],
) -> None:
    """Take a product out of a book: its lines fall back to the list price.

    Example: crm pricebook unset 代理商价 ERP-STD
    """
    entry = pricebooks.unset_price(session(ctx).actor(), name, product)
    note("Removed {product} from price book {book}.", product=entry.product, book=entry.book)


@app.command("list", cls=_terms.TermsCommand)
def list_(
    ctx: typer.Context,
    terms: _terms.TermsArg = None,
    fmt: FormatOpt = None,
    fields: FieldsOpt = None,
) -> None:
    """Price books with their customer group and how many products they price.

    Terms: name, group (= customer_group), created, products (how many); tag +empty.

    Example: crm pricebook list group:VIP products.over:10
    """
    s = session(ctx)
    found = pricebooks.list_pricebooks(s.actor(), terms=_terms.checked(s, terms, "price book"))
    rows = [b.to_dict() for b in found]
    show_records(s, rows, fmt, fields, COLUMNS, empty=N_("No price books."))


@app.command("show")
def show(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="Price book name.")],
    fmt: FormatOpt = None,
    fields: FieldsOpt = None,
) -> None:
    """A book's prices, one row per product (JSON: the book with its entries).

    Example: crm pricebook show 代理商价
    """
    s = session(ctx)
    book = pricebooks.get_pricebook(s.actor(), name)
    if s.format(fmt) == "json":
        show_record(s, book.to_dict(), fmt, fields)
        return
    if s.format(fmt) in ("table", "plain"):
        if book.group:
            note("Price book {name} for customer group {group}:", name=book.name, group=book.group)
        else:
            note("Price book {name}:", name=book.name)
    rows = [e.to_dict() for e in book.entries or ()]
    show_records(s, rows, fmt, fields, ENTRY_COLUMNS, empty=N_("No prices in this book yet."))


@app.command("edit")
def edit(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="Price book name.")],
    new_name: Annotated[str | None, typer.Option("--name", help="Rename the book.")] = None,
    group: Annotated[str | None, typer.Option(help="Customer group; empty for none.")] = None,
    fmt: FormatOpt = None,
    fields: FieldsOpt = None,
) -> None:
    """Rename a book or change its customer group.

    Example: crm pricebook edit 代理商价 --group A
    """
    s = session(ctx)
    check_fields(fields, pricebooks.PriceBook._fields)
    record = pricebooks.edit_pricebook(s.actor(), name, new_name=new_name, group=group)
    show_record(s, record.to_dict(), fmt, fields)


@app.command("delete")
def delete(ctx: typer.Context, name: str, yes: YesOpt = False) -> None:
    """Delete a price book; quotes already written keep their prices.

    Example: crm pricebook delete 旧价目表 --yes
    """
    actor = session(ctx).actor()
    if not confirm("Delete price book {name}?", name=name, yes=yes):
        raise typer.Exit(1)
    book = pricebooks.delete_pricebook(actor, name)
    note("Deleted price book {name}.", name=book.name)
