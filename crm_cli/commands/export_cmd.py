"""`crm export customers|contacts`: the records a list would show, as a file that
`crm import` reads back unchanged (CSV, XLSX, JSON Lines; contacts also vCard).

The same commands are `crm customer export` and `crm contact export`. Loaded with every
`crm customer …` command, so the store's export modules and openpyxl load only inside.
"""

from typing import Annotated, Any

import typer

from crm_cli.commands._common import note, session

app = typer.Typer(help="Export customers and contacts (CSV, XLSX, JSON Lines, vCard).")
Opt = typer.Option
FormatOpt = Annotated[
    str | None,
    Opt("--format", "-f", help="csv, xlsx, jsonl or vcf (contacts); default: from --output's "
        "suffix, else csv."),
]  # fmt: skip
OutputOpt = Annotated[
    str | None, Opt("--output", "-o", help="Write to this file (default: standard output).")
]
ExcelOpt = Annotated[bool, Opt("--excel", help="CSV in UTF-8 with a BOM, for Chinese Excel.")]
EncodingOpt = Annotated[
    str | None,
    Opt("--encoding", help="CSV in another encoding (gbk); refused if a value does not fit."),
]
FieldsOpt = Annotated[
    str | None,
    Opt("--fields", help="Columns to write, in order (also read-only ones like balance_owed)."),
]
SearchOpt = Annotated[str | None, Opt("--search", "-s", help="Text in name, phone, email …")]
WhereOpt = Annotated[list[str] | None, Opt("--where", "-w", help='"FIELD OP VALUE", as in list.')]
SavedOpt = Annotated[str | None, Opt("--saved", help="Start from this saved customer search.")]
Text = Annotated[str | None, Opt()]


@app.command("customers")
def customers(
    ctx: typer.Context,
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

    Example: crm export customers --where "city = 深圳" --output 深圳客户.xlsx
    """
    plan = _plan("customer", fmt, output, excel, encoding)
    from crm_cli.store.exports import columns, rows

    actor = session(ctx).actor()
    flt, sort = _filter(actor, search, status, owner, where, saved, sort)
    chosen = columns.customer_columns(_names(fields))
    _export(plan, chosen, rows.customer_rows(actor, chosen, flt, sort=sort))


@app.command("contacts")
def contacts(
    ctx: typer.Context,
    customer: Annotated[str | None, typer.Argument(help="Only this customer's.")] = None,
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

    The filters pick customers as in `crm customer list`. vcf writes vCard 3.0 (one file,
    many cards) for phones and address books.

    Example: crm export contacts --where "city = 深圳" -o 联系人.vcf
    """
    plan = _plan("contact", fmt, output, excel, encoding)
    from crm_cli.store.exports import columns, rows

    actor = session(ctx).actor()
    flt, _ = _filter(actor, search, status, owner, where, saved, None)
    # A card needs the contact's code and name, and its customer's name and code.
    chosen = columns.contact_columns(None if plan[0] == "vcf" else _names(fields))
    _export(plan, chosen, rows.contact_rows(actor, customer, flt))


def _plan(
    noun: str, requested: str | None, output: str | None, excel: bool, encoding: str | None
) -> tuple[str, str, str | None, str]:
    """(format, what the writer takes: the CSV's encoding or the noun, output, noun),
    checked before the database is opened."""
    from crm_cli.commands import _export_formats as ef
    from crm_cli.store.core.errors import InvalidInput

    fmt = ef.choose_format(requested, output)
    text = ef.choose_encoding(fmt, excel, encoding)
    if fmt == "vcf" and noun != "contact":
        raise InvalidInput("vCard holds people: export contacts as vcf, customers as csv, "
                           "xlsx or jsonl")  # fmt: skip
    ef.check_output(output, fmt)
    return fmt, text if fmt == "csv" else noun, output, noun


def _filter(
    actor: Any, search: Any, status: Any, owner: Any, where: Any, saved: Any, sort: Any
) -> Any:
    """The customer filter of the options, on top of a saved search; and the sort."""
    from crm_cli.store.customers import saved_searches
    from crm_cli.store.customers.query import CustomerFilter

    flt = CustomerFilter(search=search or "", status=status, owner=owner, where=tuple(where or ()))
    if saved:
        flt, sort = saved_searches.narrow(saved_searches.get_search(actor, saved), flt, sort)
    return flt, sort


def _names(fields: str | None) -> list[str] | None:
    """``--fields`` as field names (``balance-owed`` is ``balance_owed``); None if not given."""
    if fields is None:
        return None
    names = [n.strip().replace("-", "_") for n in fields.split(",") if n.strip()]
    if not names:
        from crm_cli.store.core.errors import InvalidInput

        raise InvalidInput("no field names given in --fields")
    return names


def _export(plan: tuple[str, str, str | None, str], chosen: Any, found: Any) -> None:
    from crm_cli.commands import _export_formats as ef

    fmt, option, output, noun = plan
    try:
        with ef.target(output) as out:
            count = _writer(fmt)(out, chosen, found, option)
    finally:
        found.close()  # a refused export stops reading: end the query now, not at exit
    if output and output != "-":
        note(f"Exported {count} {noun}{'' if count == 1 else 's'} to {output}.")


def _writer(fmt: str) -> Any:
    if fmt == "xlsx":
        from crm_cli.commands._export_xlsx import write_xlsx

        return write_xlsx
    if fmt == "vcf":
        from crm_cli.commands._export_vcard import write_vcards

        return write_vcards
    from crm_cli.commands import _export_formats as ef

    return ef.write_csv if fmt == "csv" else ef.write_jsonl
